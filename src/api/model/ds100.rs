//! SecurID DS100 hardware authenticators' OTP credentials (`POST v1/ds100/lookup`, `PATCH
//! v1/ds100/enable/otp|disable/otp|clearPin/otp`, `DELETE v1/ds100/delete/otp`), FIDO
//! credentials suspended and restored (`PATCH v1/fido/{userId}/authenticators/{id}/enable|
//! disable`), and which of Authenticator Details' `devices` are a DS100 or a trusted browser.
//!
//! RSA's pages show the answers: the lookup and enable/disable an array of credential records
//! (`userId`, `tokenSerialNumber`, `tokenStatus`, `tokenStatusChangedBy`, `deviceSerialNumber`
//! …), clear PIN `{tokenSerialNumber, pinSet}`, FIDO `{statusChangedAt (epoch ms),
//! statusChangedBy, status: Enabled|Disabled}`. Read leniently: an object where an array is
//! shown is taken as one record, every field optional.

use super::lenient::{opt_bool, opt_string};
use super::{Device, FidoToken};
use crate::api::error::ApiError;
use serde::{Deserialize, Serialize};

/// How a DS100 is named in `deviceType` (the lookup page's example); "DS100" alone is read too.
pub const DS100_DEVICE_TYPE: &str = "SecurID DS100";

/// One DS100 OTP credential record, as the lookup and enable/disable answer it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ds100Credential {
    #[serde(default, deserialize_with = "opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub user_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub device_type: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub device_serial_number: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_serial_number: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_state: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_status: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_status_changed_by: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_status_changed_at: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub pin_set: Option<bool>,
    #[serde(default, deserialize_with = "opt_string")]
    pub registered_date: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub assigned_at: Option<String>,
}

impl Ds100Credential {
    /// "status Disabled (by admin)", "no PIN (…)", or that the answer said neither.
    pub fn summary(&self) -> String {
        let clean = |v: &Option<String>| v.as_deref().map(crate::text::sanitize);
        let mut parts = Vec::new();
        if let Some(status) = clean(&self.token_status) {
            match clean(&self.token_status_changed_by) {
                Some(by) => parts.push(format!("OTP {status} (by {by})")),
                None => parts.push(format!("OTP {status}")),
            }
        }
        if let Some(pin) = self.pin_set {
            parts.push(if pin { "PIN set" } else { "no PIN (set at the next sign-in)" }.into());
        }
        if parts.is_empty() {
            "done; the service did not say more".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The lookup's and enable/disable's answer: an array of records, or one.
pub(crate) fn credentials_of(value: serde_json::Value) -> Vec<Ds100Credential> {
    let items = match value {
        serde_json::Value::Array(items) => items,
        object @ serde_json::Value::Object(_) => vec![object],
        _ => Vec::new(),
    };
    items.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect()
}

/// The bodies the DS100 calls take (each sends only the fields its page shows).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Ds100Request<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_serial_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_serial_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<&'a str>,
}

/// A DS100 serial fit to send (the device's or its credential's): trimmed, 1 to 36
/// characters, no control characters.
pub fn check_ds100_serial<'a>(serial: &'a str, what: &str) -> Result<&'a str, ApiError> {
    let trimmed = serial.trim();
    if trimmed.is_empty() || trimmed.chars().any(char::is_control) {
        return Err(ApiError::InvalidRequest(format!("give the {what}, as printed or listed")));
    }
    if trimmed.chars().count() > super::MAX_TOKEN_SERIAL_CHARS {
        return Err(ApiError::InvalidRequest(format!("a {what} is at most 36 characters")));
    }
    Ok(trimmed)
}

/// What Enable / Disable FIDO Authenticator answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FidoStatusAnswer {
    #[serde(default, deserialize_with = "opt_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub status_changed_by: Option<String>,
    /// Epoch milliseconds in the example; kept as written.
    #[serde(default, deserialize_with = "opt_string")]
    pub status_changed_at: Option<String>,
}

impl FidoStatusAnswer {
    pub fn summary(&self) -> String {
        let clean = |v: &Option<String>| v.as_deref().map(crate::text::sanitize);
        match (clean(&self.status), clean(&self.status_changed_by)) {
            (Some(status), Some(by)) => format!("now {status} (by {by})"),
            (Some(status), None) => format!("now {status}"),
            _ => "done; the service did not say the new status".into(),
        }
    }
}

/// Whether a FIDO credential is in use (`Some(true)`: "Enabled", or "Active" as some lists
/// say), suspended (`Some(false)`: "Disabled", "Suspended"), or neither is known.
pub fn fido_enabled(f: &FidoToken) -> Option<bool> {
    let status = f.status.as_deref()?.trim().to_ascii_lowercase();
    match status.as_str() {
        "enabled" | "active" => Some(true),
        "disabled" | "suspended" => Some(false),
        _ => None,
    }
}

impl Device {
    /// A trusted browser (`deviceType` BROWSER), listed only with `includeBrowsers=true`.
    pub fn is_browser(&self) -> bool {
        self.device_type.as_deref().is_some_and(|t| t.trim().eq_ignore_ascii_case("BROWSER"))
    }

    /// A SecurID DS100 hardware authenticator ("SecurID DS100", or "DS100").
    pub fn is_ds100(&self) -> bool {
        self.device_type.as_deref().is_some_and(|t| t.to_ascii_uppercase().contains("DS100"))
    }

    /// A DS100's OTP status: `Some(true)` Enabled, `Some(false)` Disabled.
    pub fn otp_enabled(&self) -> Option<bool> {
        match self.token_status.as_deref().map(str::trim) {
            Some(s) if s.eq_ignore_ascii_case("enabled") => Some(true),
            Some(s) if s.eq_ignore_ascii_case("disabled") => Some(false),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pages_examples_array_or_object() {
        let lookup = serde_json::json!([{
            "id": "d4f8b2e7", "name": "dak-br03-ngx-01", "userId": "26c1e3d6",
            "deviceType": "SecurID DS100", "registeredDate": "2022-06-08T07:58:13.432Z",
            "tokenSerialNumber": "014010008035", "tokenState": "Activated", "expiryDate": null,
            "tokenStatus": "Disabled", "pinSet": "false"
        }]);
        let records = credentials_of(lookup);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].token_serial_number.as_deref(), Some("014010008035"));
        assert_eq!(records[0].pin_set, Some(false));
        let one = credentials_of(serde_json::json!({"tokenSerialNumber": "1", "pinSet": false}));
        assert_eq!(one[0].summary(), "no PIN (set at the next sign-in)");
        assert!(credentials_of(serde_json::json!("odd")).is_empty());
        let fido: FidoStatusAnswer = serde_json::from_value(serde_json::json!(
            {"statusChangedAt": 1654604832860_i64, "statusChangedBy": "admin", "status": "Enabled"}
        ))
        .unwrap();
        assert_eq!(fido.summary(), "now Enabled (by admin)");
        assert_eq!(fido.status_changed_at.as_deref(), Some("1654604832860"));
    }

    #[test]
    fn kinds_of_device_and_fido_states_are_told_apart() {
        let d = |t: &str| Device { device_type: Some(t.into()), ..Device::default() };
        assert!(d("BROWSER").is_browser() && !d("BROWSER").is_ds100());
        assert!(d("SecurID DS100").is_ds100() && d("DS100").is_ds100());
        assert!(!d("IOS").is_ds100() && !d("IOS").is_browser());
        let f = |s: &str| FidoToken { status: Some(s.into()), ..FidoToken::default() };
        assert_eq!(fido_enabled(&f("Active")), Some(true));
        assert_eq!(fido_enabled(&f("Disabled")), Some(false));
        assert_eq!(fido_enabled(&f("Pending")), None);
        assert!(check_ds100_serial(" 140100080 ", "device serial").is_ok());
        assert!(check_ds100_serial(&"1".repeat(37), "device serial").is_err());
        assert!(check_ds100_serial("1\n2", "device serial").is_err());
    }
}
