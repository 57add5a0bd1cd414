//! The tenant-wide User Event Log (`GET v1/usereventlog/exportlogs`): pages of every user's
//! events, newest first. Paging and envelope per api-reference §3.18: zero-based
//! `pageNumber`, `totalPages`, `totalElements`, `pageSize`, `currentPage`, the entries under
//! `userEventLogExportEntries`.
//!
//! Each entry has the per-user authlogs fields ([`AuthLogEntry`]) and the user's identity.
//! Which identity fields the service sends is not documented: the address is read from
//! `emailAddress`, `userEmail`, `email` or `userName` (the first that looks like an address,
//! else the first given), `userId` as in authlogs. Every field may be missing; an entry that
//! does not parse is skipped, not fatal.

use super::AuthLogEntry;
use super::lenient::opt_string;
use serde::Deserialize;
use serde_json::Value;

/// The largest page the service serves (INGO-JAVA caps `pageSize` at 100).
pub const MAX_EVENT_LOG_PAGE_SIZE: u32 = 100;

/// One event of the tenant-wide log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserEventEntry {
    #[serde(flatten)]
    pub event: AuthLogEntry,
    #[serde(default, deserialize_with = "opt_string")]
    pub email_address: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub user_email: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub user_name: Option<String>,
}

impl UserEventEntry {
    /// Who the event is about, as the operator knows them: an address if one is given, else
    /// a username, else the user id.
    pub fn who(&self) -> Option<&str> {
        let named = [&self.email_address, &self.user_email, &self.email, &self.user_name];
        let given = || named.iter().filter_map(|v| v.as_deref()).map(str::trim);
        given()
            .find(|v| v.contains('@'))
            .or_else(|| given().find(|v| !v.is_empty()))
            .or_else(|| self.event.user_id.as_deref().map(str::trim).filter(|v| !v.is_empty()))
    }
}

/// One page as the service answered it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserEventPage {
    pub total_pages: Option<u64>,
    pub total_elements: Option<u64>,
    pub page_size: Option<u64>,
    pub current_page: Option<u64>,
    pub entries: Vec<UserEventEntry>,
}

impl UserEventPage {
    /// Reads a page leniently; `None` if the answer holds no list of entries at all.
    pub fn from_value(value: Value) -> Option<Self> {
        let Value::Object(mut object) = value else { return None };
        let number = |v: Option<&Value>| match v? {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let items = ["userEventLogExportEntries", "elements"].iter().find_map(|f| match object
            .remove(*f)
        {
            Some(Value::Array(items)) => Some(items),
            _ => None,
        })?;
        Some(Self {
            total_pages: number(object.get("totalPages")),
            total_elements: number(object.get("totalElements")),
            page_size: number(object.get("pageSize")),
            current_page: number(object.get("currentPage")),
            entries: items.into_iter().filter_map(|i| serde_json::from_value(i).ok()).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_and_entries_read_leniently() {
        let page = UserEventPage::from_value(json!({
            "totalPages": "3", "totalElements": 250, "pageSize": 100, "currentPage": 0,
            "userEventLogExportEntries": [
                {"eventCode": "AUTHN_FAILED", "userId": "u1", "emailAddress": "a@x.com", "verboseFlag": "no"},
                {"eventCode": 7, "userName": "bob", "userId": "u2"},
                {"userId": "u3"},
                "odd"
            ]
        }))
        .unwrap();
        assert_eq!((page.total_pages, page.total_elements), (Some(3), Some(250)));
        assert_eq!(page.entries.len(), 3, "the odd element is skipped");
        assert_eq!(page.entries[0].who(), Some("a@x.com"));
        assert_eq!(page.entries[0].event.event_code.as_deref(), Some("AUTHN_FAILED"));
        assert_eq!(page.entries[1].who(), Some("bob"));
        assert_eq!(page.entries[1].event.event_code.as_deref(), Some("7"));
        assert_eq!(page.entries[2].who(), Some("u3"));
        assert!(UserEventPage::from_value(json!({"totalPages": 1})).is_none());
        assert!(UserEventPage::from_value(json!([])).is_none());
        let bare = UserEventPage::from_value(json!({"elements": []})).unwrap();
        assert_eq!(bare.total_pages, None);
    }
}
