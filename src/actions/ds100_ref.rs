//! A SecurID DS100 on a user's authenticators list, as its row actions name it: the device's
//! serial (enable and disable take it), its OTP credential's serial (clear PIN takes it;
//! delete takes both), and the words the question and the record use.

use crate::api::{Device, check_ds100_serial};
use crate::text::sanitize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ds100Ref {
    /// As checked by `check_ds100_serial`.
    pub device_serial: String,
    /// The OTP credential's serial, when the list gave one fit to send.
    pub token_serial: Option<String>,
    /// "140100080 (OTP credential 014010008035)": the declaration's name says DS100.
    pub label: String,
}

impl Ds100Ref {
    /// `None` when the list gave no device serial fit to send: nothing can be done to it.
    pub fn of(d: &Device) -> Option<Self> {
        let device = d.device_serial_number.as_deref().map(sanitize)?;
        let device = check_ds100_serial(&device, "device serial").ok()?.to_string();
        let token = d.token_serial_number.as_deref().map(sanitize);
        let token = token.and_then(|t| check_ds100_serial(&t, "serial").ok().map(str::to_string));
        let label = match &token {
            Some(token) => format!("{device} (OTP credential {token})"),
            None => device.clone(),
        };
        Some(Self { device_serial: device, token_serial: token, label })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ds100_is_named_by_both_serials_and_needs_the_devices() {
        let d = Device {
            device_serial_number: Some("140100080".into()),
            token_serial_number: Some("014010008035\x1b[2J".into()),
            ..Device::default()
        };
        let r = Ds100Ref::of(&d).unwrap();
        assert_eq!(r.label, "140100080 (OTP credential 014010008035)");
        assert_eq!(r.token_serial.as_deref(), Some("014010008035"));
        assert!(Ds100Ref::of(&Device { device_serial_number: None, ..d.clone() }).is_none());
        let long = Device { token_serial_number: Some("9".repeat(40)), ..d };
        assert_eq!(Ds100Ref::of(&long).unwrap().token_serial, None);
    }
}
