//! `GET v1/users/{id}/authlogs` (Retrieve Authentication Audit Logs): the user's 100 most
//! recent events, newest first, no paging. Events recorded a moment ago (an unlock, a
//! simulated sign-in) are in the next answer.
//!
//! Inferred where the documents are silent:
//! - The answer is a bare JSON array of entries with every `UserLogEntry` field (the
//!   envelope is undocumented; sibling log APIs page, this one does not).
//! - `startTimeAfter` is exclusive and `endTimeOnOrBefore` inclusive, as their names say. Both
//!   are ISO-8601 with an offset (`Z` or `±hh:mm`, fraction optional); anything else is a
//!   400, which is what an unescaped `+` becomes (form decoding makes it a space). A start
//!   not before the end is a 400 too. Empty values (`?eventCode=&startTimeAfter=`, as the
//!   reference writes the path) mean no filter.
//! - `eventCode` matches exactly, ignoring case. Other parameters are ignored.
//! - An unknown or unsynched user id is a 404 like User Status's; a user with no events gets
//!   an empty array.

use crate::sim::auth_event::AuthEvent;
use crate::sim::errors::{bad_request, ok, user_not_found};
use crate::sim::lock;
use crate::sim::log_query;
use crate::sim::state::AppState;
use crate::sim::tenant::format_api;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use std::collections::HashMap;

/// The most events one answer holds.
const MAX_EVENTS: usize = 100;

pub async fn authlogs(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let given = |name: &str| log_query::given(&query, name);
    // A bad timestamp is named in the 400 (as the service words it, the `+` advice included).
    let (start, end) = match log_query::time_range(&query) {
        Ok(range) => range,
        Err(problem) => return bad_request(problem),
    };
    let code = given("eventCode");
    let mut tenant = lock(&s.tenant);
    // Demo users who sign in by themselves after a fix do so by now (`after_fix.rs`).
    tenant.catch_up();
    let Some(user) = tenant.by_id(&id) else {
        return user_not_found(&id);
    };
    let entries: Vec<Entry> = tenant
        .events_of(&user.id)
        .into_iter()
        .filter(|e| start.is_none_or(|t| e.at > t))
        .filter(|e| end.is_none_or(|t| e.at <= t))
        .filter(|e| code.is_none_or(|c| e.code.eq_ignore_ascii_case(c)))
        .take(MAX_EVENTS)
        .map(|e| Entry::new(e, &tenant.company.company_id, &tenant.company.name))
        .collect();
    ok(entries)
}

/// One entry, in INGO-JAVA `UserLogEntry`'s field names.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Entry {
    event_id: String,
    event_log_date: String,
    event_type: &'static str,
    event_level: &'static str,
    event_category: &'static str,
    #[serde(rename = "serverIPAddress")]
    server_ip_address: &'static str,
    tenant_id: String,
    customer_name: String,
    user_id: String,
    #[serde(rename = "sourceIPAddress")]
    source_ip_address: Option<String>,
    event_code: String,
    event_description: String,
    application: Option<String>,
    method: Option<String>,
    device_name: Option<String>,
    device_id: Option<String>,
    policy_id: Option<String>,
    policy_name: Option<String>,
    authentication_details: Option<String>,
    assurance_level: Option<&'static str>,
    verbose_flag: bool,
    user_activity_id: String,
    transaction_id: String,
}

impl Entry {
    pub(super) fn new(e: &AuthEvent, tenant_id: &str, customer: &str) -> Self {
        Self {
            event_id: e.id.clone(),
            event_log_date: format_api(e.at),
            event_type: if e.admin { "ADMINISTRATION" } else { "AUTHENTICATION" },
            event_level: e.level,
            event_category: if e.admin { "USER_MANAGEMENT" } else { "USER_AUTHENTICATION" },
            server_ip_address: "10.20.30.40",
            tenant_id: tenant_id.to_string(),
            customer_name: customer.to_string(),
            user_id: e.user_id.clone(),
            source_ip_address: e.source_ip.clone(),
            event_code: e.code.clone(),
            event_description: e.description.clone(),
            application: e.application.clone(),
            method: e.method.clone(),
            device_name: e.device_name.clone(),
            device_id: e.device_id.clone(),
            policy_id: e.policy.as_deref().map(stable_id),
            policy_name: e.policy.clone(),
            authentication_details: e.details.clone(),
            assurance_level: (!e.admin).then_some("HIGH"),
            verbose_flag: false,
            user_activity_id: stable_id(&e.id),
            transaction_id: e.id.clone(),
        }
    }
}

/// A UUID-shaped id that is the same for the same name (a policy keeps its id across calls).
fn stable_id(name: &str) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in name.bytes() {
        h = (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    uuid::Uuid::from_u128(h).to_string()
}
