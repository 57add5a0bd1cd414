//! The rows of the list (devices, FIDO keys, SecurID 700 tokens, in the order drawn), and what
//! each key can do to the one chosen.

use crate::actions::authenticators::replace_blocker;
use crate::actions::{AuthenticatorRef, TokenAction, TokenChange, UserAction};
use crate::api::{Authenticators, Device, FidoToken, SidToken, UserDetails, check_token_serial};
use crate::text::sanitize;

/// One row of the list.
pub enum Item<'a> {
    Device(&'a Device),
    Fido(&'a FidoToken),
    Token(&'a SidToken),
}

/// What the keys can do to the row chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Chosen {
    Nothing,
    /// A device: removable when the service gave its id; replaceable when, that removed, the
    /// service would make a code for the new phone.
    Device {
        removable: bool,
        replaceable: bool,
    },
    Fido {
        removable: bool,
    },
    /// A hardware token: whether it is enabled (`None`: neither said), and whether it may
    /// have a PIN to clear.
    Token {
        enabled: Option<bool>,
        pin: bool,
    },
}

impl Chosen {
    pub const ALL: [Chosen; 12] = [
        Self::Nothing,
        Self::Device { removable: true, replaceable: true },
        Self::Device { removable: true, replaceable: false },
        Self::Device { removable: false, replaceable: false },
        Self::Fido { removable: true },
        Self::Fido { removable: false },
        Self::Token { enabled: None, pin: false },
        Self::Token { enabled: None, pin: true },
        Self::Token { enabled: Some(true), pin: false },
        Self::Token { enabled: Some(true), pin: true },
        Self::Token { enabled: Some(false), pin: false },
        Self::Token { enabled: Some(false), pin: true },
    ];
}

pub fn items(a: &Authenticators) -> Vec<Item<'_>> {
    let devices = a.devices.iter().map(Item::Device);
    let fido = a.fido_tokens.iter().map(Item::Fido);
    devices.chain(fido).chain(a.sid_tokens.iter().map(Item::Token)).collect()
}

impl Item<'_> {
    /// What the keys can do to this row, for this user with these authenticators.
    pub fn chosen(&self, user: &UserDetails, all: &Authenticators) -> Chosen {
        match self {
            Self::Device(d) => match AuthenticatorRef::of_device(d) {
                Some(old) => Chosen::Device {
                    removable: true,
                    replaceable: replace_blocker(user, all, &old.id).is_none(),
                },
                None => Chosen::Device { removable: false, replaceable: false },
            },
            Self::Fido(f) => Chosen::Fido { removable: AuthenticatorRef::of_fido(f).is_some() },
            // A serial that cannot be sent leaves nothing to do to the token.
            Self::Token(t) if token(t, TokenChange::Enable).is_none() => Chosen::Nothing,
            Self::Token(t) => Chosen::Token {
                enabled: token_enabled(t),
                // Offered unless the service says there is no PIN.
                pin: t.pin_set != Some(false),
            },
        }
    }

    /// What names this row across look-ups: the device's id, the token's serial.
    pub fn key(&self) -> Option<&str> {
        match self {
            Self::Device(d) => d.id.as_deref(),
            Self::Fido(f) => f.id.as_deref(),
            Self::Token(t) => t.token_serial_number.as_deref(),
        }
    }
}

/// "Enabled" or "Disabled", as the token's status says.
pub fn token_enabled(t: &SidToken) -> Option<bool> {
    match t.token_status.as_deref().map(str::trim) {
        Some(s) if s.eq_ignore_ascii_case("enabled") => Some(true),
        Some(s) if s.eq_ignore_ascii_case("disabled") => Some(false),
        _ => None,
    }
}

/// A change to a hardware token, if its serial can be sent.
pub fn token(t: &SidToken, change: TokenChange) -> Option<UserAction> {
    let serial = t.token_serial_number.as_deref().map(sanitize)?;
    check_token_serial(&serial).ok()?;
    Some(UserAction::Token(TokenAction { change, serial, name: None }))
}
