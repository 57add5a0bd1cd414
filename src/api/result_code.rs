//! Per-user result codes carried inside a 200 body by the verify-code APIs.
//!
//! Meanings are the vendor's (seeds: Generate Enrollment Code, Void Enrollment Code,
//! Void Password Reset Code). A code the documents do not name is kept as `Unknown(n)` so a new
//! server release shows up as "unrecognised result 1017" rather than a parse failure.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResultCode {
    /// 1000: the code was generated (and shown or e-mailed).
    Generated,
    /// 1001: unexpected internal error; no code was generated.
    InternalError,
    /// 1002: the user was not found or is not valid (for example disabled).
    InvalidUser,
    /// 1003: the e-mail address (or custom e-mail address) is malformed.
    InvalidEmailFormat,
    /// 1004: the request failed validation (validity range, unit, delivery mode).
    ValidationError,
    /// 1005: e-mail delivery is not configured in Company Settings.
    EmailNotConfigured,
    /// 1006: code generation is not allowed for this user or company.
    GenerationNotAllowed,
    /// 1013: nothing voided: no live enrollment code (used, expired, already voided, never
    /// issued) "or other internal error", as the vendor page says.
    EnrollmentNothingToVoid,
    /// 1014: the enrollment code was voided.
    EnrollmentVoided,
    /// 1015: nothing voided: no live password-reset code, or an internal error.
    ResetNothingToVoid,
    /// 1016: the password-reset code was voided.
    ResetVoided,
    /// Any other number the server sends.
    Unknown(i64),
}

impl ResultCode {
    /// What an element without a readable `status` is recorded as.
    pub fn missing() -> Self {
        Self::Unknown(0)
    }

    pub fn from_code(code: i64) -> Self {
        match code {
            1000 => Self::Generated,
            1001 => Self::InternalError,
            1002 => Self::InvalidUser,
            1003 => Self::InvalidEmailFormat,
            1004 => Self::ValidationError,
            1005 => Self::EmailNotConfigured,
            1006 => Self::GenerationNotAllowed,
            1013 => Self::EnrollmentNothingToVoid,
            1014 => Self::EnrollmentVoided,
            1015 => Self::ResetNothingToVoid,
            1016 => Self::ResetVoided,
            other => Self::Unknown(other),
        }
    }

    pub fn code(self) -> i64 {
        match self {
            Self::Generated => 1000,
            Self::InternalError => 1001,
            Self::InvalidUser => 1002,
            Self::InvalidEmailFormat => 1003,
            Self::ValidationError => 1004,
            Self::EmailNotConfigured => 1005,
            Self::GenerationNotAllowed => 1006,
            Self::EnrollmentNothingToVoid => 1013,
            Self::EnrollmentVoided => 1014,
            Self::ResetNothingToVoid => 1015,
            Self::ResetVoided => 1016,
            Self::Unknown(n) => n,
        }
    }

    /// The documented meaning, in words a helpdesk person can act on.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Generated => "Code generated",
            Self::InternalError => "Internal error at the service; no code was generated",
            Self::InvalidUser => "User not found or not valid (for example disabled)",
            Self::InvalidEmailFormat => "Malformed e-mail address",
            Self::ValidationError => "Request rejected: validity or delivery settings invalid",
            Self::EmailNotConfigured => "E-mail delivery is not configured in Company Settings",
            Self::GenerationNotAllowed => "Code generation is not allowed for this user",
            Self::EnrollmentNothingToVoid => {
                "Nothing voided: no live enrollment code, or an internal error"
            }
            Self::EnrollmentVoided => "Enrollment code voided",
            Self::ResetNothingToVoid => {
                "Nothing voided: no live password-reset code, or an internal error"
            }
            Self::ResetVoided => "Password-reset code voided",
            Self::Unknown(0) => "No readable result status: outcome unknown, check before retrying",
            Self::Unknown(_) => "Unrecognised result code: outcome unknown, check before retrying",
        }
    }

    /// The request did what was asked for this user.
    pub fn is_success(self) -> bool {
        matches!(self, Self::Generated | Self::EnrollmentVoided | Self::ResetVoided)
    }

    /// A number the documents do not name (or none at all): the service may or may not have
    /// acted, so it is never read as success.
    pub fn is_unrecognised(self) -> bool {
        matches!(self, Self::Unknown(_))
    }

    /// Nothing was voided, most often because there was no live code; the service uses the same
    /// number for an internal error, so this is a warning, never a success.
    pub fn is_nothing_to_do(self) -> bool {
        matches!(self, Self::EnrollmentNothingToVoid | Self::ResetNothingToVoid)
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.meaning())
    }
}

impl Serialize for ResultCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.code())
    }
}

/// A status that is absent or unreadable becomes [`ResultCode::missing`] instead of failing the
/// element: the rest of it (the address, a code already made) must not be lost.
pub(crate) fn lenient_status<'de, D: Deserializer<'de>>(d: D) -> Result<ResultCode, D::Error> {
    Ok(ResultCode::deserialize(d).unwrap_or_else(|_| ResultCode::missing()))
}

/// Accepts the documented number and, leniently, a numeric string.
impl<'de> Deserialize<'de> for ResultCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let code = match &value {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        code.map(ResultCode::from_code).ok_or_else(|| {
            serde::de::Error::custom(format!("result status is not a number: {value}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_round_trips_and_has_its_own_meaning() {
        let documented = [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1013, 1014, 1015, 1016];
        let mut meanings = std::collections::HashSet::new();
        for n in documented {
            let code = ResultCode::from_code(n);
            assert_eq!(code.code(), n);
            assert!(!matches!(code, ResultCode::Unknown(_)), "{n} should be known");
            assert!(meanings.insert(code.meaning()), "{n} shares a meaning");
        }
    }

    #[test]
    fn unknown_codes_are_kept_not_rejected() {
        let code: ResultCode = serde_json::from_str("1017").unwrap();
        assert_eq!(code, ResultCode::Unknown(1017));
        assert_eq!(
            code.to_string(),
            "1017 Unrecognised result code: outcome unknown, check before retrying"
        );
        assert!(code.is_unrecognised() && !code.is_success());
        let from_text: ResultCode = serde_json::from_str("\"1014\"").unwrap();
        assert_eq!(from_text, ResultCode::EnrollmentVoided);
        assert!(serde_json::from_str::<ResultCode>("null").is_err());
    }

    #[test]
    fn success_is_only_generated_or_voided() {
        let successes: Vec<i64> =
            (1000..=1016).filter(|n| ResultCode::from_code(*n).is_success()).collect();
        assert_eq!(successes, vec![1000, 1014, 1016]);
    }
}
