//! Generate and Download Report: `POST v1/report/{kind}/generate` and
//! `GET v1/report/{kind}/download`, for the kinds `users`, `hardware_tokens` and `mfa_clients`.
//!
//! RSA documents (…/cloud-administration-generate-and-download-report-apis/ta-p/684232): the
//! three kinds and paths; generate answers 201, 403, 404 or 429 with an "empty payload"; a
//! Help Desk or Super Admin key may call them; reports may be generated "only every 8 hours"
//! and downloaded "only once every 15 minutes per tenant", else 429. Inferred where it is
//! silent:
//! - Generate answers **201 with an empty body**. It takes the tenant as it is at that moment
//!   (a change made just before is in the report) and the report is ready
//!   [`GENERATION_TAKES`] (5 s) later by the tenant clock, so a console shows it waiting and
//!   a test moves the clock instead of sleeping.
//! - The limits hold **per tenant and per report kind**, whoever calls (another admin's
//!   generate counts against yours): a users report generated does not stop an MFA clients
//!   report. Only what was done counts: a refused or not-ready call starts no wait.
//! - A refused call is **429** in the application shape, its description saying which limit
//!   and until when, with **`Retry-After`** in whole seconds (the page documents none; the
//!   simulator sends it because it knows exactly when).
//! - Download of a kind never generated: **404** "No users report has been generated.";
//!   while it is being made: **404** "The users report is still being generated; try again
//!   shortly." (the page lists no other refusal, and a file that is not there yet is not
//!   found). A not-ready download does not count against the 15 minutes.
//! - A ready report answers **200 `text/csv; charset=UTF-8`** with `Content-Disposition:
//!   attachment; filename="users-report-<generated at>.csv"`; the columns are in
//!   `report_csv.rs`. Downloading it again (after 15 minutes) gives the same report, until the
//!   next generate replaces it.
//! - An unknown kind is 404 "Report type browsers not found." (the page lists 404).

use crate::sim::errors::code_description;
use crate::sim::lock;
use crate::sim::report_state::{
    DOWNLOAD_EVERY, GENERATE_EVERY, KINDS, download_refused_until, generate_refused_until,
};
use crate::sim::state::AppState;
use crate::sim::tenant::format_api;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

pub async fn generate(State(s): State<AppState>, Path(kind): Path<String>) -> Response {
    let mut tenant = lock(&s.tenant);
    if !KINDS.contains(&kind.as_str()) {
        return unknown_kind(&kind);
    }
    let now = tenant.now();
    if let Some(until) = generate_refused_until(&tenant.reports, &kind, now) {
        let hours = GENERATE_EVERY.whole_hours();
        let words = format!(
            "A {} report can be generated only once every {hours} hours; the next may be \
             generated at {}.",
            words(&kind),
            format_api(until)
        );
        return too_many(&words, until - now);
    }
    let csv = crate::sim::report_csv::report(&tenant, &kind).unwrap_or_default();
    tenant.reports.generated(&kind, now, csv);
    StatusCode::CREATED.into_response()
}

pub async fn download(State(s): State<AppState>, Path(kind): Path<String>) -> Response {
    let mut tenant = lock(&s.tenant);
    if !KINDS.contains(&kind.as_str()) {
        return unknown_kind(&kind);
    }
    let now = tenant.now();
    let Some(report) = tenant.reports.get(&kind).cloned() else {
        let words = format!("No {} report has been generated.", words(&kind));
        return code_description(StatusCode::NOT_FOUND, words);
    };
    if now < report.ready_at {
        let words =
            format!("The {} report is still being generated; try again shortly.", words(&kind));
        return code_description(StatusCode::NOT_FOUND, words);
    }
    if let Some(until) = download_refused_until(&tenant.reports, &kind, now) {
        let minutes = DOWNLOAD_EVERY.whole_minutes();
        let words = format!(
            "A {} report can be downloaded only once every {minutes} minutes; the next download \
             may be at {}.",
            words(&kind),
            format_api(until)
        );
        return too_many(&words, until - now);
    }
    tenant.reports.downloaded(&kind, now);
    let name = format!("{}-report-{}.csv", kind.replace('_', "-"), file_time(report.generated_at));
    let mut response = (StatusCode::OK, report.csv).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=UTF-8"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn unknown_kind(kind: &str) -> Response {
    let shown: String =
        kind.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
    code_description(StatusCode::NOT_FOUND, format!("Report type {shown} not found."))
}

/// The 429 of a report limit, `Retry-After` the whole seconds until it lifts (at least 1).
fn too_many(words: &str, wait: time::Duration) -> Response {
    let mut response = code_description(StatusCode::TOO_MANY_REQUESTS, words);
    let secs = wait.whole_seconds().max(0) + i64::from(wait.subsec_nanoseconds() > 0);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
    response
}

/// "users", "hardware tokens", "MFA clients".
fn words(kind: &str) -> &'static str {
    match kind {
        "users" => "users",
        "hardware_tokens" => "hardware tokens",
        _ => "MFA clients",
    }
}

/// `20261208T100000Z`: a moment as a file name may hold it.
fn file_time(t: OffsetDateTime) -> String {
    format_api(t).replace(['-', ':'], "").split('.').next().unwrap_or_default().to_string() + "Z"
}
