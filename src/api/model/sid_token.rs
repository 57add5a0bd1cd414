//! SecurID 700 hardware tokens (`PATCH v1/users/{id}/sidTokens/assign|unassign|enable|disable`,
//! `PATCH v2/users/{id}/sidTokens/clearPin`) and Delete User Device. Every token call sends
//! `{"tokenSerialNumber": "…"}` (assign may add `tokenName`); the answers differ per call and
//! are read leniently into one shape, each field `None` when the answer leaves it out.

use super::lenient::{opt_bool, opt_string};
use crate::api::error::ApiError;
use serde::{Deserialize, Serialize};

/// The longest serial number the service takes (the documented body limit).
pub const MAX_TOKEN_SERIAL_CHARS: usize = 36;

/// The longest token name sent: Update Hardware Token Name documents 255 for `updatedName`;
/// assign's `tokenName` is the same name (its page gives no limit), so it is held to the same.
pub const MAX_TOKEN_NAME_CHARS: usize = 255;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SidTokenRequest<'a> {
    pub token_serial_number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_name: Option<&'a str>,
}

/// What a token call answers: unassign names the serial and its state, enable and disable the
/// user, serial, status and who changed it, clear PIN the user, serial and `pinSet`. Assign is
/// documented only as "user status"; whatever of these it carries is read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SidTokenAnswer {
    #[serde(default, deserialize_with = "opt_string")]
    pub user_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_serial_number: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_name: Option<String>,
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
    pub user_status: Option<String>,
}

impl SidTokenAnswer {
    /// "state Unassigned", "status Disabled (by admin@example.com)", "no PIN (…)", or
    /// that the answer said none of these.
    pub fn summary(&self) -> String {
        // The service's words, cleaned: they are drawn, recorded and put in ticket notes.
        let clean = |v: &Option<String>| v.as_deref().map(crate::text::sanitize);
        let (state, status, by) = (
            clean(&self.token_state),
            clean(&self.token_status),
            clean(&self.token_status_changed_by),
        );
        let mut parts = Vec::new();
        if let Some(state) = &state {
            parts.push(format!("state {state}"));
        }
        if let Some(status) = &status {
            match &by {
                Some(by) => parts.push(format!("status {status} (by {by})")),
                None => parts.push(format!("status {status}")),
            }
        }
        if let Some(pin) = self.pin_set {
            parts.push(if pin { "PIN set" } else { "no PIN (set at the next sign-in)" }.into());
        }
        // A rename answers only the name; an assign with a name says it last.
        if let Some(name) = clean(&self.token_name) {
            parts.push(format!("named \u{201c}{name}\u{201d}"));
        }
        if parts.is_empty() {
            "done; the service did not say more".into()
        } else {
            parts.join(", ")
        }
    }
}

/// A serial number fit to send: trimmed, non-empty, at most 36 characters, no control
/// characters. The error says which rule it broke.
pub fn check_token_serial(serial: &str) -> Result<&str, ApiError> {
    let trimmed = serial.trim();
    if trimmed.is_empty() {
        return Err(ApiError::InvalidRequest("a token serial number is required".into()));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ApiError::InvalidRequest(
            "a token serial number cannot contain control characters".into(),
        ));
    }
    let count = trimmed.chars().count();
    if count > MAX_TOKEN_SERIAL_CHARS {
        return Err(ApiError::InvalidRequest(format!(
            "a token serial number is at most {MAX_TOKEN_SERIAL_CHARS} characters; this one has {count}"
        )));
    }
    Ok(trimmed)
}

/// A token name fit to send (trimmed; empty means none).
pub fn check_token_name(name: Option<&str>) -> Result<Option<&str>, ApiError> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
    if name.chars().any(char::is_control) {
        return Err(ApiError::InvalidRequest(
            "a token name cannot contain control characters".into(),
        ));
    }
    let count = name.chars().count();
    if count > MAX_TOKEN_NAME_CHARS {
        return Err(ApiError::InvalidRequest(format!(
            "a token name is at most {MAX_TOKEN_NAME_CHARS} characters; this one has {count}"
        )));
    }
    Ok(Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_the_serial_and_an_optional_name() {
        let body = SidTokenRequest { token_serial_number: "000123456789", token_name: None };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"tokenSerialNumber":"000123456789"}"#
        );
        let body = SidTokenRequest { token_serial_number: "1", token_name: Some("Desk") };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"tokenSerialNumber":"1","tokenName":"Desk"}"#
        );
    }

    #[test]
    fn serials_are_checked_and_the_error_says_why() {
        assert_eq!(check_token_serial(" 000123456789 ").unwrap(), "000123456789");
        assert_eq!(check_token_serial(&"9".repeat(36)).unwrap().len(), 36);
        let long = check_token_serial(&"9".repeat(37)).unwrap_err().to_string();
        assert!(long.contains("36") && long.contains("37"), "{long}");
        assert!(check_token_serial("  ").unwrap_err().to_string().contains("required"));
        let control = check_token_serial("0001\n2345").unwrap_err().to_string();
        assert!(control.contains("control"), "{control}");
        // 36 characters, not bytes.
        assert!(check_token_serial(&"é".repeat(36)).is_ok());
        assert_eq!(check_token_name(Some("  ")).unwrap(), None);
        assert!(check_token_name(Some("a\tb")).is_err());
        assert!(check_token_name(Some(&"n".repeat(255))).is_ok());
        let long = check_token_name(Some(&"n".repeat(256))).unwrap_err().to_string();
        assert!(long.contains("255") && long.contains("256"), "{long}");
    }

    #[test]
    fn answers_of_every_shape_read_and_summarise() {
        let a: SidTokenAnswer = serde_json::from_str(
            r#"{"userId":"u1","tokenSerialNumber":"1","tokenStatus":"Disabled","tokenStatusChangedBy":"admin"}"#,
        )
        .unwrap();
        assert_eq!(a.summary(), "status Disabled (by admin)");
        let a: SidTokenAnswer =
            serde_json::from_str(r#"{"userId":"u1","pinSet":"false"}"#).unwrap();
        assert_eq!(a.pin_set, Some(false));
        assert_eq!(a.summary(), "no PIN (set at the next sign-in)");
        let a: SidTokenAnswer = serde_json::from_str(r#"{"tokenState":"Unassigned"}"#).unwrap();
        assert_eq!(a.summary(), "state Unassigned");
        let a: SidTokenAnswer =
            serde_json::from_str(r#"{"tokenName":"Desk\u001b[2J one"}"#).unwrap();
        assert_eq!(a.summary(), "named \u{201c}Desk one\u{201d}", "cleaned");
        let a: SidTokenAnswer = serde_json::from_str(r#"{"x":[1]}"#).unwrap();
        assert!(a.summary().contains("did not say"));
    }
}
