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
    /// A SecurID DS100 hardware authenticator (one of `devices`) and its OTP credential.
    Ds100(&'a Device),
    /// A trusted browser (one of `devices`, listed with `includeBrowsers=true`).
    Browser(&'a Device),
}

/// The rows in the order drawn: devices, FIDO keys, SecurID 700 tokens, DS100s, browsers.
pub fn items(a: &Authenticators) -> Vec<Item<'_>> {
    let of_kind = |ds100: bool, browser: bool| {
        a.devices.iter().filter(move |d| d.is_ds100() == ds100 && d.is_browser() == browser)
    };
    let devices = of_kind(false, false).map(Item::Device);
    let fido = a.fido_tokens.iter().map(Item::Fido);
    let tokens = a.sid_tokens.iter().map(Item::Token);
    let ds100 = of_kind(true, false).map(Item::Ds100);
    let browsers = of_kind(false, true).map(Item::Browser);
    devices.chain(fido).chain(tokens).chain(ds100).chain(browsers).collect()
}

impl Item<'_> {
    /// What names this row across look-ups: the device's id, the token's serial.
    pub fn key(&self) -> Option<&str> {
        match self {
            Self::Device(d) => d.id.as_deref(),
            Self::Fido(f) => f.id.as_deref(),
            Self::Token(t) => t.token_serial_number.as_deref(),
            Self::Ds100(d) => d.device_serial_number.as_deref().or(d.id.as_deref()),
            Self::Browser(d) => d.id.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn device(kind: u8, n: usize) -> Device {
        let device_type = ["IOS", "BROWSER", "SecurID DS100", "DS100", "browser", "ANDROID"];
        Device {
            id: Some(format!("d{n}")),
            device_type: Some(device_type[usize::from(kind) % device_type.len()].into()),
            ..Device::default()
        }
    }

    proptest! {
        /// Every device is one row, of exactly one kind, whatever the mix the service lists.
        #[test]
        fn every_device_is_one_row_of_one_kind(kinds in proptest::collection::vec(0u8..6, 0..12)) {
            let all = Authenticators {
                devices: kinds.iter().enumerate().map(|(n, k)| device(*k, n)).collect(),
                ..Authenticators::default()
            };
            let rows = items(&all);
            prop_assert_eq!(rows.len(), all.devices.len());
            for row in &rows {
                let ok = match row {
                    Item::Device(d) => !d.is_ds100() && !d.is_browser(),
                    Item::Ds100(d) => d.is_ds100(),
                    Item::Browser(d) => d.is_browser(),
                    _ => false,
                };
                prop_assert!(ok);
            }
            let mut keys: Vec<_> = rows.iter().filter_map(Item::key).collect();
            keys.sort_unstable();
            keys.dedup();
            prop_assert_eq!(keys.len(), all.devices.len(), "each once");
        }
    }
}
