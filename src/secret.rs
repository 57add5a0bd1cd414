//! A string that must never reach a log, an error message or a panic: generated codes, tokens,
//! key material.
//!
//! `Debug` and `Display` print a fixed marker; the value is only reachable through
//! [`Secret::expose`], so every place that shows a code is an explicit, greppable decision.
//! The bytes are wiped when the value is dropped.

use serde::{Deserialize, Deserializer};
use std::fmt;
use zeroize::Zeroizing;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The secret itself. Call this only where the value is meant to leave the process
    /// (an HTTP header, the user's screen or clipboard).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A secret as the service sent it (a code, a token), stripped of escape sequences and
    /// control characters: neither has any, so what is left is what a screen, a clipboard or
    /// a header should carry, and a hostile answer cannot smuggle anything through one.
    pub fn from_service(text: &str) -> Self {
        Secret::new(crate::text::sanitize(text))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Codes arrive as strings in most documents and as numbers in some (the device registration
/// page types `deviceRegistrationCode` as Number), so both are accepted; either way as
/// [`Secret::from_service`].
impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Secret;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret::from_service(v))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Secret, E> {
                let v = zeroize::Zeroizing::new(v);
                Ok(Secret::from_service(&v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Secret, E> {
                Ok(Secret::new(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Secret, E> {
                Ok(Secret::new(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("629211156");
        assert!(!format!("{s:?}").contains("629211156"));
        assert!(!format!("{s}").contains("629211156"));
        assert!(!format!("{:?}", Some(&s)).contains("629211156"));
        assert_eq!(s.expose(), "629211156");
    }

    #[test]
    fn reads_codes_sent_as_strings_or_numbers() {
        let a: Secret = serde_json::from_str("\"110690571\"").unwrap();
        let b: Secret = serde_json::from_str("110690571").unwrap();
        assert_eq!(a, b);
        assert!(serde_json::from_str::<Secret>("[1]").is_err());
    }

    #[test]
    fn a_code_wrapped_in_escape_sequences_is_read_bare() {
        let wrapped = "\"\\u001b]0;HOSTILE\\u0007\\u001b[31m110690571\\u001b[0m\\u0008\"";
        let code: Secret = serde_json::from_str(wrapped).unwrap();
        assert_eq!(code.expose(), "110690571");
    }
}
