//! The tenant-wide Administration Event Log (`GET v1/adminlog/exportlogs`): pages of
//! administrators' actions, each with the fields INGO-JAVA's `AdminLogEntry` reads plus the
//! `targetObject*` the reference names.
//!
//! Every field may be missing or null; numbers are read as text; an entry that does not parse
//! is skipped rather than failing the others. The page's counts may be missing too (then the
//! page is taken as the last).

use super::lenient::opt_string;
use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;

/// The most entries the client asks for in one page (INGO-JAVA's cap).
pub const MAX_ADMIN_LOG_PAGE_SIZE: u32 = 100;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminLogEntry {
    #[serde(default, deserialize_with = "opt_string")]
    pub event_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub event_log_date: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub event_type: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub application: Option<String>,
    #[serde(default, rename = "sourceIPAddress", deserialize_with = "opt_string")]
    pub source_ip_address: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub admin_user_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub admin_user_role: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub activity_key: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub activity_code: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub target_object1_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub target_object1_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub target_object1_type: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub target_object2_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub target_object2_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub target_object2_type: Option<String>,
}

impl AdminLogEntry {
    /// When it happened, if the date can be read (RFC 3339, the service's
    /// "2023-07-25 05:55:23 UTC", or epoch milliseconds).
    pub fn logged_at(&self) -> Option<OffsetDateTime> {
        super::codes::parse_log_time(self.event_log_date.as_deref()?)
    }

    /// Whether it acted on the user with this id (`targetObject1Id`, ignoring case).
    pub fn targets(&self, user_id: &str) -> bool {
        self.target_object1_id.as_deref().is_some_and(|t| t.trim().eq_ignore_ascii_case(user_id))
    }
}

/// One page as the service answered it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminLogPage {
    pub entries: Vec<AdminLogEntry>,
    pub total_pages: Option<u64>,
    pub total_elements: Option<u64>,
    pub current_page: Option<u64>,
}

impl AdminLogPage {
    /// The page inside an answer: `elements` (or a bare array); `None` if there is no list.
    pub(crate) fn from_value(value: Value) -> Option<Self> {
        let number = |v: &Value, name: &str| {
            v.get(name).and_then(|n| n.as_u64().or_else(|| n.as_str()?.trim().parse().ok()))
        };
        let (items, total_pages, total_elements, current_page) = match value {
            Value::Array(items) => (items, None, None, None),
            Value::Object(ref object) => {
                let items = object.get("elements")?.as_array()?.clone();
                (
                    items,
                    number(&value, "totalPages"),
                    number(&value, "totalElements"),
                    number(&value, "currentPage"),
                )
            }
            _ => return None,
        };
        let entries =
            items.into_iter().filter_map(|item| serde_json::from_value(item).ok()).collect();
        Some(Self { entries, total_pages, total_elements, current_page })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_and_entries_are_read_leniently() {
        let page = AdminLogPage::from_value(json!({
            "totalPages": "3", "totalElements": 7, "pageSize": 3, "currentPage": 0,
            "elements": [
                {"eventId": 12, "eventLogDate": "2026-12-07T10:00:00.000Z", "adminUserName": "anna",
                 "activityKey": "DISABLE_USER", "targetObject1Id": "U-1", "unknown": [1]},
                "not an entry",
                {"eventLogDate": 1765101600000u64, "targetObject1Id": null}
            ]
        }))
        .unwrap();
        assert_eq!(
            (page.total_pages, page.total_elements, page.current_page),
            (Some(3), Some(7), Some(0))
        );
        assert_eq!(page.entries.len(), 2, "the odd element skipped");
        let e = &page.entries[0];
        assert_eq!(e.event_id.as_deref(), Some("12"));
        assert!(e.targets("u-1") && !e.targets("U-2"));
        assert_eq!(e.logged_at().unwrap().hour(), 10);
        assert!(page.entries[1].logged_at().is_some(), "epoch millis");
        assert!(!page.entries[1].targets("U-1"));
        let bare = AdminLogPage::from_value(json!([{"eventId": "x"}])).unwrap();
        assert_eq!((bare.entries.len(), bare.total_pages), (1, None));
        assert!(AdminLogPage::from_value(json!({"code": "500"})).is_none());
    }
}
