//! `GET v1/usereventlog/exportlogs` (User Event Log): every user's events, tenant-wide, newest
//! first, a page at a time. The same events each user's authlogs show (`events.rs`): sign-ins
//! the tenant simulated or the demo file ships, and what administrators did.
//!
//! Documented: the path and its four parameters, 40 days kept, zero-based `pageNumber`, the
//! answer's `totalPages`, `totalElements`, `pageSize`, `currentPage` and
//! `userEventLogExportEntries` (api-reference §3.18, §8). Inferred where the documents are
//! silent:
//! - Entries carry every per-user authlogs field (§3.13) plus the user's identity as User
//!   Details spells it: `emailAddress` and `userName` (the principal username); both are null
//!   for a user no longer in the tenant. `userId` is the CAS user id, as in authlogs.
//! - Times are read as in authlogs: ISO-8601 with an offset (`+` sent as `%2B`; a bare `+`
//!   decodes to a space and is a 400). `startTimeAfter` is exclusive, `endTimeOnOrBefore`
//!   inclusive; a start not before the end is a 400. Absent or empty: the end is now and the
//!   start 40 days before it; a start further back than 40 days finds nothing older (events
//!   are not kept longer), it is not an error.
//! - `pageSize` defaults to 100 and is capped at 100 (a larger one is served as 100, and the
//!   answer says 100); below 1 or not a number is a 400. `pageNumber` defaults to 0; negative
//!   or not a number is a 400; past the last page is an empty page with the totals.
//! - Ties in time: the later recorded first, as in authlogs. The rate limiter (429) is the
//!   server's, before this handler.
//! - The OAuth scope is `rsa.audit.user`, the one authlogs needs: the pages read name none for
//!   this log (the older page lets a Help Desk Administrator key call it).

use crate::sim::auth_event::AuthEvent;
use crate::sim::authlogs::Entry;
use crate::sim::errors::{bad_request, ok};
use crate::sim::lock;
use crate::sim::log_query;
use crate::sim::state::AppState;
use crate::sim::tenant::Tenant;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Serialize;
use std::collections::HashMap;
use time::OffsetDateTime;

/// The largest page served.
const MAX_PAGE_SIZE: u64 = 100;
/// How long user events are kept.
const KEPT_DAYS: i64 = 40;

pub async fn export(
    State(s): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let asked = match Asked::read(&query) {
        Ok(asked) => asked,
        Err(problem) => return bad_request(problem),
    };
    let mut tenant = lock(&s.tenant);
    // Demo users who sign in by themselves after a fix do so by now (`after_fix.rs`).
    tenant.settle_sign_ins();
    let now = tenant.now();
    let kept_from = now - time::Duration::days(KEPT_DAYS);
    let end = asked.end.unwrap_or(now);
    let start = asked.start.unwrap_or(kept_from);
    if start >= end {
        return bad_request("startTimeAfter must be before endTimeOnOrBefore.");
    }
    let events: Vec<&AuthEvent> = tenant
        .all_events_newest_first()
        .into_iter()
        .filter(|e| e.at > start && e.at <= end && e.at > kept_from)
        .collect();
    let size = asked.page_size;
    let total = events.len() as u64;
    let entries = events
        .iter()
        .skip(usize::try_from(asked.page_number.saturating_mul(size)).unwrap_or(usize::MAX))
        .take(size as usize)
        .map(|e| ExportEntry::new(e, &tenant))
        .collect();
    ok(Page {
        total_pages: total.div_ceil(size),
        total_elements: total,
        page_size: size,
        current_page: asked.page_number,
        user_event_log_export_entries: entries,
    })
}

/// The query, checked.
struct Asked {
    start: Option<OffsetDateTime>,
    end: Option<OffsetDateTime>,
    page_size: u64,
    page_number: u64,
}

impl Asked {
    fn read(query: &HashMap<String, String>) -> Result<Self, String> {
        let given = |name: &str| log_query::given(query, name);
        let (start, end) = log_query::time_range(query)?;
        let number = |name: &str, default: u64, least: u64| match given(name) {
            None => Ok(default),
            Some(text) => {
                text.trim().parse::<u64>().ok().filter(|n| *n >= least).ok_or_else(|| {
                    format!("Invalid {name} '{text}': expected a whole number from {least}")
                })
            }
        };
        Ok(Self {
            start,
            end,
            page_size: number("pageSize", MAX_PAGE_SIZE, 1)?.min(MAX_PAGE_SIZE),
            page_number: number("pageNumber", 0, 0)?,
        })
    }
}

impl Tenant {
    /// Every user's events, newest first (ties: the later recorded first).
    pub(super) fn all_events_newest_first(&self) -> Vec<&AuthEvent> {
        let mut out: Vec<&AuthEvent> = self.events.iter().rev().collect();
        out.sort_by_key(|e| std::cmp::Reverse(e.at));
        out
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    total_pages: u64,
    total_elements: u64,
    page_size: u64,
    current_page: u64,
    user_event_log_export_entries: Vec<ExportEntry>,
}

/// An authlogs entry and whose it is.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportEntry {
    #[serde(flatten)]
    entry: Entry,
    email_address: Option<String>,
    user_name: Option<String>,
}

impl ExportEntry {
    fn new(e: &AuthEvent, tenant: &Tenant) -> Self {
        let user = tenant.by_id(&e.user_id);
        Self {
            entry: Entry::new(e, &tenant.company.company_id, &tenant.company.name),
            email_address: user.map(|u| u.email.clone()),
            user_name: user.map(|u| u.principal_username.clone()),
        }
    }
}
