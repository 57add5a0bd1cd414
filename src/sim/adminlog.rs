//! `GET v1/adminlog/exportlogs` (Administration Event Log): the tenant's administrators'
//! actions, a page at a time.
//!
//! Inferred where the documents are silent:
//! - The caller is named by its legacy key's access ID or its OAuth client's id, role "Help
//!   Desk Administrator" (`admin_events.rs`); the demo file's colleagues by their own names.
//! - Who may read it: an OAuth client needs `rsa.audit.admin` (the router); a legacy key may
//!   unless the tenant says otherwise (`SimControl::set_admin_log_for_keys(false)`, standing
//!   for a tenant that keeps the log for Super Admins): then the Spring 403 "Access is denied".
//! - `startTimeAfter` is exclusive and `endTimeOnOrBefore` inclusive; both ISO-8601 with an
//!   offset, anything else (an unescaped `+` becomes a space) is a 400, and so is a start not
//!   before the end. Missing: the 90 days kept, up to now.
//! - `pageNumber` is zero-based (default 0); `pageSize` 1 to 100 (default 100); anything else
//!   is a 400. A page past the last is 200 with no elements.
//! - Entries are oldest first, with INGO-JAVA `AdminLogEntry`'s names plus `targetObject1*` (the
//!   user acted on) and `targetObject2*` (what on them, when there is such a thing).

use crate::sim::admin_record::AdminRecord;
use crate::sim::errors::{bad_request, ok, spring};
use crate::sim::lock;
use crate::sim::log_query;
use crate::sim::state::AppState;
use crate::sim::tenant::format_api;
use crate::sim::trust::Caller;
use axum::Extension;
use axum::extract::{OriginalUri, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use std::collections::HashMap;

/// The most entries one page holds, and the default.
const MAX_PAGE_SIZE: usize = 100;

pub async fn exportlogs(
    State(s): State<AppState>,
    caller: Option<Extension<Caller>>,
    OriginalUri(uri): OriginalUri,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let given = |name: &str| log_query::given(&query, name);
    let number =
        |name: &str, default: usize, range: std::ops::RangeInclusive<usize>| match given(name) {
            None => Ok(default),
            Some(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| format!("Invalid {name} '{text}'.")),
        };
    let (start, end) = match log_query::time_range(&query) {
        Ok(range) => range,
        Err(problem) => return bad_request(problem),
    };
    let page_size = match number("pageSize", MAX_PAGE_SIZE, 1..=MAX_PAGE_SIZE) {
        Ok(n) => n,
        Err(problem) => return bad_request(problem),
    };
    let page = match number("pageNumber", 0, 0..=1_000_000) {
        Ok(n) => n,
        Err(problem) => return bad_request(problem),
    };
    let tenant = lock(&s.tenant);
    if matches!(caller.as_deref(), Some(Caller::LegacyKey)) && !tenant.company.admin_log_for_keys {
        return spring(StatusCode::FORBIDDEN, "Access is denied", uri.path());
    }
    let matching: Vec<&AdminRecord> = tenant
        .admin_log()
        .into_iter()
        .filter(|r| start.is_none_or(|t| r.at > t))
        .filter(|r| end.is_none_or(|t| r.at <= t))
        .collect();
    let total = matching.len();
    let elements: Vec<Entry> = matching
        .into_iter()
        .skip(page.saturating_mul(page_size))
        .take(page_size)
        .map(|r| Entry::new(r, &tenant.company.company_id, &tenant.company.name))
        .collect();
    ok(Page {
        total_pages: total.div_ceil(page_size),
        total_elements: total,
        page_size,
        current_page: page,
        elements,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    total_pages: usize,
    total_elements: usize,
    page_size: usize,
    current_page: usize,
    elements: Vec<Entry>,
}

/// One entry, in INGO-JAVA `AdminLogEntry`'s field names.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    event_id: String,
    event_log_date: String,
    event_type: &'static str,
    #[serde(rename = "serverURL")]
    server_url: &'static str,
    #[serde(rename = "serverIPAddress")]
    server_ip_address: &'static str,
    application: &'static str,
    customer_id: String,
    customer_name: String,
    #[serde(rename = "sourceIPAddress")]
    source_ip_address: String,
    admin_user_name: String,
    admin_user_role: String,
    activity_key: String,
    activity_code: String,
    target_object1_id: String,
    target_object1_name: String,
    target_object1_type: &'static str,
    target_object2_id: Option<String>,
    target_object2_name: Option<String>,
    target_object2_type: Option<String>,
}

impl Entry {
    fn new(r: &AdminRecord, customer_id: &str, customer: &str) -> Self {
        let (kind, value) = r.detail.clone().unzip();
        Self {
            event_id: r.id.clone(),
            event_log_date: format_api(r.at),
            event_type: "ADMIN_ACTIVITY",
            server_url: "https://example.access.securid.com",
            server_ip_address: "10.20.30.40",
            application: "Cloud Administration",
            customer_id: customer_id.to_string(),
            customer_name: customer.to_string(),
            source_ip_address: r.source_ip.clone(),
            admin_user_name: r.admin_name.clone(),
            admin_user_role: r.admin_role.clone(),
            activity_key: r.activity_key.clone(),
            activity_code: r.activity_code.clone(),
            target_object1_id: r.target_id.clone(),
            target_object1_name: r.target_name.clone(),
            target_object1_type: "USER",
            target_object2_id: r.detail_id.clone().or_else(|| value.clone()),
            target_object2_name: value,
            target_object2_type: kind,
        }
    }
}
