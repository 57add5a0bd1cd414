//! The per-user authentication audit log (`GET v1/users/{id}/authlogs`): the 100 most recent
//! events, newest first, each with the fields INGO-JAVA's `UserLogEntry` reads.
//!
//! Only the entry fields are known; the envelope is not. The answer is read as a bare array,
//! or an object holding the list under `elements`, `userLogEntries`, `authLogs`, `entries`,
//! `logs` or `data` (the shapes sibling log APIs use). Every field may be missing or null, and
//! an entry that does not parse at all is skipped rather than failing the others.

use super::lenient::{opt_bool, opt_string};
use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;

/// The most events the service returns; there is no paging.
pub const MAX_AUTH_LOG_EVENTS: usize = 100;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthLogEntry {
    #[serde(default, deserialize_with = "opt_string")]
    pub event_id: Option<String>,
    /// When it happened, as the service spells it (ISO-8601; some logs send epoch millis).
    #[serde(default, deserialize_with = "opt_string")]
    pub event_log_date: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub event_type: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub event_level: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub event_category: Option<String>,
    #[serde(default, rename = "serverIPAddress", deserialize_with = "opt_string")]
    pub server_ip_address: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub tenant_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub customer_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub user_id: Option<String>,
    #[serde(default, rename = "sourceIPAddress", deserialize_with = "opt_string")]
    pub source_ip_address: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub event_code: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub event_description: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub application: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub method: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub device_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub device_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub policy_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub policy_name: Option<String>,
    /// Free text, or an object (kept as compact JSON).
    #[serde(default, deserialize_with = "opt_text")]
    pub authentication_details: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub assurance_level: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub verbose_flag: Option<bool>,
    #[serde(default, deserialize_with = "opt_string")]
    pub user_activity_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub transaction_id: Option<String>,
}

impl AuthLogEntry {
    /// When the event happened, if the date can be read (RFC 3339, the service's
    /// "2023-07-25 05:55:23 UTC", or epoch milliseconds).
    pub fn logged_at(&self) -> Option<OffsetDateTime> {
        super::codes::parse_log_time(self.event_log_date.as_deref()?)
    }
}

/// A string as is, anything else but null as compact JSON.
fn opt_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// The list inside an answer: the array itself, or the first of the known list fields of an
/// object (`None` if there is none: the answer is not a log).
pub(crate) fn entries_of(value: Value) -> Option<Vec<AuthLogEntry>> {
    const LIST_FIELDS: [&str; 6] =
        ["elements", "userLogEntries", "authLogs", "entries", "logs", "data"];
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut object) => {
            let field =
                LIST_FIELDS.iter().find(|f| object.get(**f).is_some_and(Value::is_array))?;
            match object.remove(*field) {
                Some(Value::Array(items)) => items,
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(items.into_iter().filter_map(|item| serde_json::from_value(item).ok()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_read_leniently_from_either_envelope() {
        let entry = json!({
            "eventId": 17, "eventLogDate": "2025-03-04T09:14:02.000Z", "userId": "u1",
            "eventCode": "AUTHN_METHOD_FAILED", "method": "TOKEN", "verboseFlag": "false",
            "serverIPAddress": "10.0.0.1", "authenticationDetails": {"attempt": 2}, "extra": 1
        });
        let bare = entries_of(json!([entry.clone(), "not an entry", null])).unwrap();
        assert_eq!(bare.len(), 1, "odd elements are skipped");
        let e = &bare[0];
        assert_eq!(e.event_id.as_deref(), Some("17"));
        assert_eq!(e.server_ip_address.as_deref(), Some("10.0.0.1"));
        assert_eq!(e.authentication_details.as_deref(), Some(r#"{"attempt":2}"#));
        assert_eq!(e.verbose_flag, Some(false));
        assert_eq!(e.logged_at().unwrap().hour(), 9);
        let wrapped = entries_of(json!({"totalElements": 1, "elements": [entry]})).unwrap();
        assert_eq!(wrapped, bare);
        assert!(entries_of(json!({"code": "x"})).is_none());
        assert!(entries_of(json!("x")).is_none());
        let empty: AuthLogEntry = serde_json::from_value(json!({})).unwrap();
        assert_eq!(empty, AuthLogEntry::default());
    }

    #[test]
    fn dates_in_epoch_millis_are_read_too() {
        let e: AuthLogEntry =
            serde_json::from_value(json!({"eventLogDate": 1700000000000i64})).unwrap();
        assert_eq!(e.logged_at().unwrap().unix_timestamp(), 1_700_000_000);
        let bad: AuthLogEntry = serde_json::from_value(json!({"eventLogDate": "soon"})).unwrap();
        assert!(bad.logged_at().is_none());
    }
}
