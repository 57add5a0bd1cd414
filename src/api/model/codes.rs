//! Secure-enrollment and password-reset verify codes: generate (`generateVerifyCode/enroll`,
//! `generateVerifyCode/resetPassword`) and void (`voidVerifyCode`).
//!
//! Field spellings follow the examples in the vendor pages (snake_case, `verification_Link`);
//! responses are also read in the camelCase the parameter tables use.

use super::lenient::{opt_object, opt_secret, opt_string};
use crate::api::ResultCode;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

/// Most users one generate or void call may carry; the service answers 400 above it.
pub const MAX_USERS_PER_CALL: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CodeMode {
    Enrollment,
    PasswordReset,
}

impl CodeMode {
    pub fn label(self) -> &'static str {
        match self {
            Self::Enrollment => "enrollment",
            Self::PasswordReset => "password reset",
        }
    }

    pub(crate) fn generate_path(self) -> &'static str {
        match self {
            Self::Enrollment => "v1/users/generateVerifyCode/enroll",
            Self::PasswordReset => "v1/users/generateVerifyCode/resetPassword",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValidityUnit {
    #[serde(rename = "MIN")]
    Minutes,
    #[serde(rename = "HOUR")]
    Hours,
}

impl ValidityUnit {
    pub const ALL: [ValidityUnit; 2] = [ValidityUnit::Minutes, ValidityUnit::Hours];

    pub fn wire(self) -> &'static str {
        match self {
            Self::Minutes => "MIN",
            Self::Hours => "HOUR",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Delivery {
    /// The code comes back in the response, for the helpdesk to read out.
    #[default]
    Display,
    /// The service e-mails the code; the response carries no code.
    Email,
}

/// How long a generated code stays valid: 10 minutes to 24 hours, as the service requires.
/// Only a valid validity can be built, so the check happens before anything is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeValidity {
    value: u32,
    unit: ValidityUnit,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("code validity must be from 10 minutes to 24 hours; {given} is outside that range")]
pub struct ValidityOutOfRange {
    pub given: String,
}

impl CodeValidity {
    pub const MIN_MINUTES: u32 = 10;
    pub const MAX_MINUTES: u32 = 24 * 60;

    pub fn new(value: u32, unit: ValidityUnit) -> Result<Self, ValidityOutOfRange> {
        let minutes = match unit {
            ValidityUnit::Minutes => Some(value),
            ValidityUnit::Hours => value.checked_mul(60),
        };
        match minutes {
            Some(m) if (Self::MIN_MINUTES..=Self::MAX_MINUTES).contains(&m) => {
                Ok(Self { value, unit })
            }
            _ => Err(ValidityOutOfRange { given: format!("{value} {}", unit.wire()) }),
        }
    }

    /// People's spelling: "30m", "2h", or "90" (minutes). A fraction is refused, never cut.
    pub fn parse_short(text: &str) -> Result<Self, String> {
        Self::parse_with_unit(text, ValidityUnit::Minutes)?
            .ok_or_else(|| "no validity given: use minutes (30m) or hours (2h)".to_string())
    }

    /// As [`CodeValidity::parse_short`], with `unit` for a bare number; `Ok(None)` when the
    /// text is empty. The console's Validity field and the commands read it alike.
    pub fn parse_with_unit(text: &str, unit: ValidityUnit) -> Result<Option<Self>, String> {
        match crate::duration_text::parse(text, &ValidityUnit::ALL, unit)? {
            None => Ok(None),
            Some(amount) => Self::new(amount.value, amount.unit).map(Some).map_err(|e| {
                format!("{}: {e}", crate::text::sanitize(text.trim()).to_ascii_lowercase())
            }),
        }
    }

    pub fn value(self) -> u32 {
        self.value
    }

    pub fn unit(self) -> ValidityUnit {
        self.unit
    }

    pub fn minutes(self) -> u32 {
        match self.unit {
            ValidityUnit::Minutes => self.value,
            ValidityUnit::Hours => self.value * 60,
        }
    }
}

impl fmt::Display for CodeValidity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, word) = match self.unit {
            ValidityUnit::Minutes => (self.value, "minute"),
            ValidityUnit::Hours => (self.value, "hour"),
        };
        write!(f, "{n} {word}{}", if n == 1 { "" } else { "s" })
    }
}

/// One user's entry in a generate call. Fields left `None` take the service's defaults
/// (10 MIN, DISPLAY).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateCodeRequest {
    pub email: String,
    pub validity: Option<CodeValidity>,
    pub delivery: Option<Delivery>,
    /// Only meaningful with [`Delivery::Email`]: send to this address instead of the account's.
    pub custom_email: Option<String>,
}

impl GenerateCodeRequest {
    pub fn new(email: impl Into<String>) -> Self {
        Self { email: email.into(), validity: None, delivery: None, custom_email: None }
    }

    pub(crate) fn to_wire(&self) -> GenerateCodeWire<'_> {
        GenerateCodeWire {
            email: &self.email,
            custom_email: self.custom_email.as_deref(),
            code_validity: self.validity.map(|v| v.value.to_string()),
            validity_time_duration_unit: self.validity.map(|v| v.unit.wire()),
            code_send_to: self.delivery,
        }
    }
}

/// The body element as the vendor example spells it; `code_validity` is a string there.
#[derive(Serialize)]
pub(crate) struct GenerateCodeWire<'a> {
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_validity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validity_time_duration_unit: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_send_to: Option<Delivery>,
}

/// One user's outcome of a generate call. Read field by field and never failing on an object:
/// a code the service made and the client dropped is a code the user never gets, and asking
/// again would replace it.
#[derive(Clone, Debug, Deserialize)]
pub struct GenerateCodeResult {
    #[serde(
        default = "ResultCode::missing",
        deserialize_with = "crate::api::result_code::lenient_status"
    )]
    pub status: ResultCode,
    #[serde(
        default,
        rename = "errorMessage",
        alias = "error_message",
        deserialize_with = "opt_string"
    )]
    pub error_message: Option<String>,
    /// The request as the service understood it, defaults filled in.
    #[serde(
        default,
        rename = "userDetailsRequestForVerifyCodeGeneration",
        deserialize_with = "opt_object"
    )]
    pub request: Option<EchoedRequest>,
    #[serde(default, alias = "verifyCode", deserialize_with = "opt_secret")]
    pub verify_code: Option<Secret>,
    #[serde(default, alias = "verifyCodeValidityTime", deserialize_with = "opt_string")]
    pub verify_code_validity_time: Option<String>,
    #[serde(default, alias = "verifyCodeGenerationMode", deserialize_with = "opt_string")]
    pub verify_code_generation_mode: Option<String>,
    #[serde(
        default,
        rename = "verification_Link",
        alias = "verificationLink",
        alias = "verification_link",
        deserialize_with = "opt_string"
    )]
    pub verification_link: Option<String>,
}

impl GenerateCodeResult {
    /// Reads one element; something that is not even an object is kept as an unreadable result.
    pub fn from_value(value: serde_json::Value) -> Self {
        serde_json::from_value(value).unwrap_or_else(|_| Self {
            status: ResultCode::missing(),
            error_message: Some("the service sent a result that could not be read".into()),
            request: None,
            verify_code: None,
            verify_code_validity_time: None,
            verify_code_generation_mode: None,
            verification_link: None,
        })
    }

    pub fn email(&self) -> Option<&str> {
        self.request.as_ref().and_then(|r| r.email.as_deref())
    }

    /// When the code stops working, if the service said so in a form we can read
    /// ("2023-07-25 05:55:23 UTC" in the examples, or RFC 3339).
    pub fn expires_at(&self) -> Option<OffsetDateTime> {
        self.verify_code_validity_time.as_deref().and_then(parse_service_time)
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct EchoedRequest {
    #[serde(default, deserialize_with = "opt_string")]
    pub email: Option<String>,
    #[serde(default, alias = "customEmail", deserialize_with = "opt_string")]
    pub custom_email: Option<String>,
    #[serde(default, alias = "codeValidity", deserialize_with = "opt_string")]
    pub code_validity: Option<String>,
    #[serde(default, alias = "validityTimeDurationUnit", deserialize_with = "opt_string")]
    pub validity_time_duration_unit: Option<String>,
    #[serde(default, alias = "codeSendTo", deserialize_with = "opt_string")]
    pub code_send_to: Option<String>,
}

/// A log entry's `eventLogDate`: either time form above, or epoch milliseconds (the logs'
/// exports have used each).
pub fn parse_log_time(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Some(t) = parse_service_time(text) {
        return Some(t);
    }
    let millis: i64 = text.parse().ok()?;
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).ok()
}

/// Reads the time formats the service uses: "2023-07-25 05:55:23 UTC" and RFC 3339.
pub fn parse_service_time(text: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(t);
    }
    let spaced = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let bare = text.strip_suffix("UTC").or_else(|| text.strip_suffix('Z'))?.trim();
    time::PrimitiveDateTime::parse(bare, spaced).ok().map(|t| t.assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_bounds_are_ten_minutes_to_a_day() {
        assert!(CodeValidity::new(10, ValidityUnit::Minutes).is_ok());
        assert!(CodeValidity::new(9, ValidityUnit::Minutes).is_err());
        assert!(CodeValidity::new(1440, ValidityUnit::Minutes).is_ok());
        assert!(CodeValidity::new(1441, ValidityUnit::Minutes).is_err());
        assert!(CodeValidity::new(24, ValidityUnit::Hours).is_ok());
        assert!(CodeValidity::new(25, ValidityUnit::Hours).is_err());
        assert!(CodeValidity::new(0, ValidityUnit::Hours).is_err());
        assert!(CodeValidity::new(u32::MAX, ValidityUnit::Hours).is_err());
        let err = CodeValidity::new(25, ValidityUnit::Hours).unwrap_err();
        assert!(err.to_string().contains("25 HOUR"), "{err}");
        assert_eq!(CodeValidity::new(2, ValidityUnit::Hours).unwrap().minutes(), 120);
    }

    #[test]
    fn request_is_serialised_as_the_vendor_example() {
        let mut r = GenerateCodeRequest::new("a@example.com");
        r.validity = Some(CodeValidity::new(20, ValidityUnit::Minutes).unwrap());
        r.delivery = Some(Delivery::Email);
        r.custom_email = Some("alt@example.com".into());
        let json = serde_json::to_value(r.to_wire()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"email":"a@example.com","custom_email":"alt@example.com",
                "code_validity":"20","validity_time_duration_unit":"MIN","code_send_to":"EMAIL"})
        );
        let bare =
            serde_json::to_value(GenerateCodeRequest::new("b@example.com").to_wire()).unwrap();
        assert_eq!(bare, serde_json::json!({"email":"b@example.com"}));
    }

    #[test]
    fn reads_the_vendor_generate_response() {
        let text = include_str!("../../../tests/fixtures/seeds/generate-enroll.response.json");
        let results: Vec<GenerateCodeResult> = serde_json::from_str(text).unwrap();
        assert_eq!(results.len(), 6);
        assert_eq!(results[0].status, ResultCode::GenerationNotAllowed);
        assert_eq!(results[1].status, ResultCode::EmailNotConfigured);
        let ok = &results[2];
        assert_eq!(ok.status, ResultCode::Generated);
        assert_eq!(ok.email(), Some("ADUser@example.com"));
        assert_eq!(ok.verify_code.as_ref().map(Secret::expose), Some("629211156"));
        assert!(ok.verification_link.as_deref().unwrap().ends_with("/enroll/admin"));
        let expiry = ok.expires_at().unwrap();
        assert_eq!((expiry.year(), expiry.hour(), expiry.second()), (2023, 5, 23));
    }

    #[test]
    fn generate_body_matches_the_vendor_example_byte_for_byte_in_meaning() {
        let example: serde_json::Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/seeds/generate-enroll.request.json"
        ))
        .unwrap();
        let ours: Vec<GenerateCodeRequest> = example
            .as_array()
            .unwrap()
            .iter()
            .map(|item| GenerateCodeRequest {
                email: item["email"].as_str().unwrap().into(),
                validity: None,
                delivery: item["code_send_to"]
                    .as_str()
                    .map(|d| if d == "EMAIL" { Delivery::Email } else { Delivery::Display }),
                custom_email: item["custom_email"].as_str().map(String::from),
            })
            .collect();
        let wire: Vec<_> = ours.iter().map(GenerateCodeRequest::to_wire).collect();
        assert_eq!(serde_json::to_value(wire).unwrap(), example);
    }

    #[test]
    fn odd_elements_keep_what_can_be_read() {
        // The echoed request as an array (as one vendor table types it), no status, a numeric code.
        let odd = serde_json::json!({"userDetailsRequestForVerifyCodeGeneration": [{"email": "a@x.com"}], "verify_code": 629211156});
        let r = GenerateCodeResult::from_value(odd);
        assert_eq!(r.status, ResultCode::missing());
        assert_eq!(r.email(), Some("a@x.com"));
        assert_eq!(r.verify_code.unwrap().expose(), "629211156");
        let junk = GenerateCodeResult::from_value(serde_json::json!(42));
        assert_eq!(junk.status, ResultCode::missing());
    }

    #[test]
    fn service_times_in_both_formats() {
        assert!(parse_service_time("2020-01-10T19:10:30.045Z").is_some());
        assert!(parse_service_time("2023-07-25 05:55:23 UTC").is_some());
        assert!(parse_service_time("next tuesday").is_none());
    }
}
