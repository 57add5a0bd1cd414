//! Rows of every state the FIDO, DS100 and browser actions depend on, for the offers' samples
//! (every key state the list can be in).

use crate::api::{DS100_DEVICE_TYPE, Device, FidoToken};

/// FIDO keys in use and suspended.
pub(super) fn fido_states() -> Vec<FidoToken> {
    ["Enabled", "Disabled"]
        .map(|status| FidoToken {
            id: Some(format!("fido-{status}")),
            status: Some(status.into()),
            ..FidoToken::default()
        })
        .into()
}

/// DS100s with their OTP on and off, with and without a PIN, and a trusted browser.
pub(super) fn ds100_and_browsers() -> Vec<Device> {
    let mut out = Vec::new();
    for status in ["Enabled", "Disabled"] {
        for pin_set in [Some(true), Some(false)] {
            out.push(Device {
                id: Some(format!("ds100-{status}")),
                device_type: Some(DS100_DEVICE_TYPE.into()),
                device_serial_number: Some("140100080".into()),
                token_serial_number: Some("014010008035".into()),
                token_status: Some(status.into()),
                pin_set,
                ..Device::default()
            });
        }
    }
    out.push(Device {
        id: Some("browser-1".into()),
        device_type: Some("BROWSER".into()),
        browser: Some("Chrome 131".into()),
        ..Device::default()
    });
    out
}
