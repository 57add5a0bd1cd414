//! One row of a user's authenticators list, as a declared action sees it: the row, and the
//! user and list it belongs to (a replacement asks whether the user has another device).

use crate::api::{Authenticators, Device, FidoToken, SidToken, UserDetails};

/// The row chosen, with the user and the whole list it is on.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    pub user: &'a UserDetails,
    pub all: &'a Authenticators,
    pub item: Item<'a>,
}

/// One row of the list.
#[derive(Clone, Copy)]
pub enum Item<'a> {
    Device(&'a Device),
    Fido(&'a FidoToken),
    Token(&'a SidToken),
}

/// The rows in the order drawn: devices, FIDO keys, SecurID 700 tokens.
pub fn items(a: &Authenticators) -> Vec<Item<'_>> {
    let devices = a.devices.iter().map(Item::Device);
    let fido = a.fido_tokens.iter().map(Item::Fido);
    devices.chain(fido).chain(a.sid_tokens.iter().map(Item::Token)).collect()
}

impl Item<'_> {
    /// What names this row across look-ups: the device's id, the token's serial.
    pub fn key(&self) -> Option<&str> {
        match self {
            Self::Device(d) => d.id.as_deref(),
            Self::Fido(f) => f.id.as_deref(),
            Self::Token(t) => t.token_serial_number.as_deref(),
        }
    }
}
