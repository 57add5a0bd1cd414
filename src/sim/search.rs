//! `POST v2/users/search?pageSize=&pageNumber=` (User Search v2): users whose address contains
//! `emailLike`, a page at a time, as `{totalPages, totalElements, elements}`.
//!
//! Inferred where the documents are silent:
//! - `emailLike` is a literal substring matched in any case (addresses are case-insensitive
//!   everywhere else in CAS); a missing, non-string or blank value is a 400.
//! - `pageSize` defaults to 25 and must be 1–25; `pageNumber` defaults to 0 and must be ≥ 0;
//!   anything else (including a non-number) is a 400 in the `{code, description}` shape.
//! - A page past the last is 200 with no elements and the real totals, as Spring Data pages do.
//! - Only users already in CAS are found; unsynchronised directory users need a lookup with
//!   `searchUnsynched`. Each element is the User Details object a lookup answers.

use crate::sim::body::{JsonBody, kind};
use crate::sim::errors::{bad_request, ok};
use crate::sim::lock;
use crate::sim::state::AppState;
use crate::sim::users::{UserDetails, details};
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// The documented largest page.
pub const MAX_PAGE_SIZE: usize = 25;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SearchPage {
    total_pages: usize,
    total_elements: usize,
    elements: Vec<UserDetails>,
}

pub async fn search(
    State(s): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    body: JsonBody,
) -> Response {
    let page_size = match number(&query, "pageSize", MAX_PAGE_SIZE) {
        Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
        Ok(_) => return bad_request(format!("pageSize must be between 1 and {MAX_PAGE_SIZE}.")),
        Err(problem) => return bad_request(problem),
    };
    let page_number = match number(&query, "pageNumber", 0) {
        Ok(n) => n,
        Err(problem) => return bad_request(problem),
    };
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let like = match body.get("emailLike") {
        Some(Value::String(e)) if !e.trim().is_empty() => e.clone(),
        Some(other) if !other.is_null() && !other.is_string() => {
            return bad_request(format!("emailLike must be a string, not {}", kind(other)));
        }
        _ => return bad_request("emailLike is required."),
    };
    let mut tenant = lock(&s.tenant);
    tenant.catch_up();
    let found = tenant.matching(&like);
    let total_elements = found.len();
    let elements = found
        .into_iter()
        .skip(page_number.saturating_mul(page_size))
        .take(page_size)
        .map(|u| details(&tenant, u))
        .collect();
    ok(SearchPage { total_pages: total_elements.div_ceil(page_size), total_elements, elements })
}

/// A non-negative whole-number query parameter, or what is wrong with it.
fn number(query: &HashMap<String, String>, name: &str, default: usize) -> Result<usize, String> {
    match query.get(name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse::<usize>()
            .map_err(|_| format!("{name} must be a whole number ≥ 0, not {text:?}.")),
    }
}
