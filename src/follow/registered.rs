//! What "signed in from a registered device" can honestly mean from a log entry.
//!
//! An entry says how the user signed in (`method`) and sometimes with what (`deviceId`,
//! `deviceName`). The user's authenticators, as looked up before the challenge began, say what
//! they had registered then. A success counts when:
//!
//! 1. it names a device id: that id is one of the registered mobile devices or FIDO
//!    credentials (any case). An id not on the list does not count, whatever the method: a
//!    device registered after the lookup (with a code the caller just talked someone into)
//!    proves nothing about who is calling;
//! 2. it names a device only by name: exactly one registered device or FIDO credential has
//!    that name (any case); names are the user's to choose, so two alike prove nothing;
//! 3. it names no device: the method is one only a registered authenticator answers, and the
//!    user had one: Approve or device biometrics with a registered mobile device, a tokencode
//!    with a registered mobile device (the app's tokencode) or a SecurID hardware token, a
//!    FIDO method with a registered FIDO credential.
//!
//! Never counted: SMS and voice codes (sent to a phone number, which can be ported or
//! forwarded), an emergency tokencode (a code the helpdesk hands out), a password, or a method
//! the entry does not name or casdesk does not know.

use super::event::{Followed, clean};
use crate::activity::method_words;
use crate::api::Authenticators;

/// The user's authenticators when the challenge began.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Registered {
    /// Registered mobile devices and FIDO credentials: (id, name), lower case.
    devices: Vec<(Option<String>, Option<String>)>,
    mobile: bool,
    fido: bool,
    hardware_tokens: bool,
}

impl Registered {
    pub fn from_authenticators(a: &Authenticators) -> Self {
        let lower = |v: &Option<String>| {
            v.as_deref().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty())
        };
        let mobile: Vec<_> = a
            .devices
            .iter()
            // A remembered browser is not a device that answers a sign-in.
            .filter(|d| {
                !d.device_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("BROWSER"))
            })
            .map(|d| (lower(&d.id), lower(&d.name)))
            .collect();
        let fido: Vec<_> = a.fido_tokens.iter().map(|f| (lower(&f.id), lower(&f.name))).collect();
        Self {
            mobile: !mobile.is_empty(),
            fido: !fido.is_empty(),
            hardware_tokens: !a.sid_tokens.is_empty(),
            devices: mobile.into_iter().chain(fido).collect(),
        }
    }

    /// Whether the user had anything a challenge could be answered with.
    pub fn is_empty(&self) -> bool {
        !self.mobile && !self.fido && !self.hardware_tokens
    }

    /// `Ok(how)` when the sign-in `e` counts as from a registered device, else `Err(why not)`.
    pub fn judge(&self, e: &Followed) -> Result<String, String> {
        let how = e.how();
        if let Some(id) = clean(&e.entry.device_id, 200).map(|s| s.to_lowercase()) {
            return if self.devices.iter().any(|(known, _)| known.as_deref() == Some(id.as_str())) {
                Ok(how)
            } else {
                Err(format!("{how}: a device that was not registered when the challenge began"))
            };
        }
        if let Some(name) = clean(&e.entry.device_name, 200).map(|s| s.to_lowercase()) {
            let alike = self.devices.iter().filter(|(_, n)| n.as_deref() == Some(&name)).count();
            return match alike {
                1 => Ok(how),
                0 => {
                    Err(format!("{how}: a device that was not registered when the challenge began"))
                }
                _ => Err(format!("{how}: more than one registered device has that name")),
            };
        }
        let method = e.entry.method.as_deref().unwrap_or("").trim().to_ascii_uppercase();
        let (held, what) = match method.as_str() {
            "APPROVE" | "PUSH" | "FINGERPRINT" | "BIOMETRICS" | "EYES" => {
                (self.mobile, "no registered mobile device")
            }
            "TOKEN" | "TOKENCODE" | "SECURID_TOKEN" => (
                self.mobile || self.hardware_tokens,
                "no registered mobile device or SecurID token",
            ),
            "FIDO" | "FIDO2" => (self.fido, "no registered FIDO security key"),
            "SMS" | "VOICE" => {
                return Err(format!(
                    "{how}: a code sent to a phone number, not a registered device"
                ));
            }
            "EMERGENCY_TOKENCODE" | "EMERGENCY" => {
                return Err(format!("{how}: a code the helpdesk hands out"));
            }
            "" => return Err("the service did not say which method was used".into()),
            _ => {
                return Err(format!("{}: not a registered device", method_words(&method)));
            }
        };
        if held { Ok(how) } else { Err(format!("{how}, but the user had {what}")) }
    }
}

#[cfg(test)]
mod tests {
    use super::super::event::sample::entry;
    use super::*;
    use crate::api::{Device, FidoToken, SidToken};

    fn with(method: &str, device_id: Option<&str>, device_name: Option<&str>) -> Followed {
        let mut e = entry("1", "2025-03-04T09:00:00Z", "AUTHN_SUCCESS", method);
        e.device_id = device_id.map(str::to_string);
        e.device_name = device_name.map(str::to_string);
        Followed::new(e)
    }

    fn phone(id: &str, name: &str) -> Device {
        Device { id: Some(id.into()), name: Some(name.into()), ..Device::default() }
    }

    fn registered(devices: Vec<Device>, fido: bool, token: bool) -> Registered {
        Registered::from_authenticators(&Authenticators {
            devices,
            fido_tokens: if fido {
                vec![FidoToken {
                    id: Some("k1".into()),
                    name: Some("YubiKey".into()),
                    ..Default::default()
                }]
            } else {
                Vec::new()
            },
            sid_tokens: if token { vec![SidToken::default()] } else { Vec::new() },
        })
    }

    #[test]
    fn a_named_device_counts_only_if_it_was_registered() {
        let r = registered(vec![phone("D-1", "iPhone 15")], false, false);
        assert_eq!(
            r.judge(&with("APPROVE", Some("d-1"), Some("iPhone 15"))),
            Ok("Approve push on \"iPhone 15\"".into())
        );
        let e = r.judge(&with("APPROVE", Some("D-2"), Some("iPhone 15"))).unwrap_err();
        assert!(e.contains("not registered when the challenge began"), "the id decides: {e}");
        assert!(r.judge(&with("APPROVE", None, Some("IPHONE 15"))).is_ok(), "by name alone");
        let twins = registered(vec![phone("a", "Phone"), phone("b", "phone")], false, false);
        assert!(
            twins
                .judge(&with("APPROVE", None, Some("Phone")))
                .unwrap_err()
                .contains("more than one")
        );
    }

    #[test]
    fn with_no_device_named_the_method_must_be_one_a_registered_authenticator_answers() {
        let phone_only = registered(vec![phone("d", "Pixel")], false, false);
        for method in ["APPROVE", "FINGERPRINT", "TOKEN"] {
            assert!(phone_only.judge(&with(method, None, None)).is_ok(), "{method}");
        }
        assert!(phone_only.judge(&with("FIDO", None, None)).unwrap_err().contains("FIDO"));
        let token_only = registered(Vec::new(), false, true);
        assert!(token_only.judge(&with("TOKEN", None, None)).is_ok());
        assert!(token_only.judge(&with("APPROVE", None, None)).is_err());
        let everything = registered(vec![phone("d", "Pixel")], true, true);
        assert!(everything.judge(&with("FIDO", None, None)).is_ok());
        for (method, why) in [
            ("SMS", "phone number"),
            ("VOICE", "phone number"),
            ("EMERGENCY_TOKENCODE", "helpdesk hands out"),
            ("PASSWORD", "not a registered device"),
            ("", "did not say"),
        ] {
            let e = everything.judge(&with(method, None, None)).unwrap_err();
            assert!(e.contains(why), "{method}: {e}");
        }
        assert!(Registered::default().is_empty() && !everything.is_empty());
    }

    #[test]
    fn a_remembered_browser_is_not_a_registered_device() {
        let browser = Device { device_type: Some("BROWSER".into()), ..phone("b", "Chrome") };
        let r = registered(vec![browser], false, false);
        assert!(r.is_empty());
        assert!(r.judge(&with("APPROVE", Some("b"), None)).is_err());
    }
}
