//! User Details (`POST v1/users/lookup`) and Authenticator Details v2
//! (`GET v2/users/{id}/devices`).
//!
//! Every field is optional: the sample in the reference shows nulls, phone numbers appear only
//! when SMS/Voice is enabled for the company, and unknown fields are ignored.

use super::lenient::{opt_bool, opt_string, vec_skip_bad};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub(crate) struct LookupRequest<'a> {
    pub email: &'a str,
    #[serde(rename = "searchUnsynched")]
    pub search_unsynched: bool,
}

/// `Enabled` / `Disabled`, with whatever else the service may send kept verbatim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserStatus {
    Enabled,
    Disabled,
    Other(String),
}

impl UserStatus {
    fn parse(text: &str) -> Self {
        match text.to_ascii_lowercase().as_str() {
            "enabled" => Self::Enabled,
            "disabled" => Self::Disabled,
            _ => Self::Other(text.to_string()),
        }
    }

    /// `Enabled`, `Disabled`, or the service's own word (not sanitised: for records, not the
    /// screen).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Enabled => "Enabled",
            Self::Disabled => "Disabled",
            Self::Other(s) => s,
        }
    }
}

pub(super) fn opt_status<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<UserStatus>, D::Error> {
    Ok(opt_string(d)?.map(|s| UserStatus::parse(&s)))
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDetails {
    /// The `userId` every `/users/{userId}/…` endpoint takes.
    #[serde(default, deserialize_with = "opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub email_address: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub creation_date: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub identity_source: Option<String>,
    #[serde(default, deserialize_with = "opt_status")]
    pub user_status: Option<UserStatus>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub high_risk_user: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub mark_deleted: Option<bool>,
    #[serde(default, deserialize_with = "opt_string")]
    pub mark_deleted_at: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub mark_deleted_by: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_token_locked: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_sms_locked: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_voice_locked: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_fingerprint_locked: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_approve_locked: Option<bool>,
    #[serde(default, deserialize_with = "opt_string")]
    pub last_sync_time: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub emergency_access_status: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub emergency_tokencode_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub emergency_tokencode_expiration: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub emergency_tokencode_last_use: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub emergency_tokencode_one_time_use: Option<bool>,
    #[serde(default, deserialize_with = "opt_string")]
    pub offline_emergency_tokencode_expiration: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub offline_emergency_access_status: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub month_last_authenticated: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub last_successful_authentication_method: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub last_successful_authentication_date: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub principal_username: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub alternate_username: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub primary_unique_identifier: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub secondary_unique_identifier: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub sms_number: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub voice_number: Option<String>,
}

impl UserDetails {
    /// "First Last", falling back to whichever part exists.
    pub fn display_name(&self) -> Option<String> {
        let parts: Vec<&str> = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// The methods the service reports as locked, in the order the lookup lists them.
    pub fn locked_methods(&self) -> Vec<&'static str> {
        [
            (self.is_token_locked, "Tokencode"),
            (self.is_sms_locked, "SMS"),
            (self.is_voice_locked, "Voice"),
            (self.is_fingerprint_locked, "Fingerprint"),
            (self.is_approve_locked, "Approve"),
        ]
        .into_iter()
        .filter(|(locked, _)| *locked == Some(true))
        .map(|(_, name)| name)
        .collect()
    }

    pub fn has_emergency_tokencode(&self) -> bool {
        self.emergency_access_status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("enabled"))
            || self.emergency_tokencode_id.is_some()
    }
}

/// Authenticator Details v2: devices, FIDO credentials and SecurID hardware tokens.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authenticators {
    #[serde(default, deserialize_with = "vec_skip_bad")]
    pub devices: Vec<Device>,
    #[serde(default, deserialize_with = "vec_skip_bad")]
    pub fido_tokens: Vec<FidoToken>,
    #[serde(default, deserialize_with = "vec_skip_bad")]
    pub sid_tokens: Vec<SidToken>,
}

impl Authenticators {
    pub fn is_empty(&self) -> bool {
        self.devices.is_empty() && self.fido_tokens.is_empty() && self.sid_tokens.is_empty()
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    #[serde(default, deserialize_with = "opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub device_type: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub registered_date: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub capabilities: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub browser: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub device_serial_number: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub updated_at: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub status: Option<String>,
    /// A SecurID DS100's OTP credential (see `ds100.rs`): its serial, state, status and PIN.
    #[serde(default, deserialize_with = "opt_string")]
    pub token_serial_number: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_state: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_status: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub pin_set: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FidoToken {
    #[serde(default, deserialize_with = "opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub registered_date: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SidToken {
    #[serde(default, deserialize_with = "opt_string")]
    pub token_serial_number: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_state: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_status: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub expiry_date: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub assigned_at: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub assigned_by: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub pin_set: Option<bool>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_status_changed_at: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_status_changed_by: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub token_status_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real, anonymised sample from the reference (§3.1), plus an unknown field.
    const SAMPLE: &str = r#"{
      "id": "54082ac6-4713-6368-2251-df813c41159f", "emailAddress": "john.doe@example.com",
      "firstName": "John", "lastName": "Doe", "creationDate": "2024-11-28T04:12:06.000Z",
      "identitySource": "CAS Prod", "userStatus": "Enabled", "highRiskUser": false,
      "markDeleted": false, "markDeletedAt": null, "markDeletedBy": null,
      "isTokenLocked": false, "isSmsLocked": true, "isVoiceLocked": false,
      "isFingerprintLocked": false, "isApproveLocked": "true",
      "lastSyncTime": "2025-02-17T21:44:09.000Z", "emergencyAccessStatus": "Disabled",
      "emergencyTokencodeId": null, "emergencyTokencodeExpiration": null,
      "emergencyTokencodeLastUse": null, "offlineEmergencyTokencodeExpiration": null,
      "offlineEmergencyAccessStatus": "Disabled", "monthLastAuthenticated": "Jun 2025",
      "principalUsername": "john.doe@example.com", "alternateUsername": "",
      "primaryUniqueIdentifier": "54082ac6-4713-6368-2251-df813c41159f",
      "somethingNew": {"nested": true}
    }"#;

    #[test]
    fn parses_the_documented_sample() {
        let u: UserDetails = serde_json::from_str(SAMPLE).unwrap();
        assert_eq!(u.id.as_deref(), Some("54082ac6-4713-6368-2251-df813c41159f"));
        assert_eq!(u.user_status, Some(UserStatus::Enabled));
        assert_eq!(u.display_name().as_deref(), Some("John Doe"));
        assert_eq!(u.locked_methods(), vec!["SMS", "Approve"]);
        assert!(!u.has_emergency_tokencode());
        assert_eq!(u.sms_number, None);
    }

    #[test]
    fn unknown_status_is_kept() {
        let u: UserDetails = serde_json::from_str(r#"{"userStatus":"Suspended"}"#).unwrap();
        assert_eq!(u.user_status, Some(UserStatus::Other("Suspended".into())));
    }

    #[test]
    fn authenticators_tolerate_nulls_and_odd_elements() {
        let a: Authenticators = serde_json::from_str(
            r#"{"devices":[{"id":"d1","name":"Pixel 8","deviceType":"ANDROID"}, 42],
                "fidoTokens":null,
                "sidTokens":[{"tokenSerialNumber":"000123456789","pinSet":"true"}]}"#,
        )
        .unwrap();
        assert_eq!(a.devices.len(), 1);
        assert!(a.fido_tokens.is_empty());
        assert_eq!(a.sid_tokens[0].pin_set, Some(true));
        assert!(!a.is_empty());
    }
}
