//! `POST v1/users/voidVerifyCode`: void enrollment or password reset codes for a list of users.
//!
//! Inferred where the documents are silent:
//! - Both spellings are read: `code_generation_mode`/`user_emails` (the examples) and
//!   `codeGenerationMode`/`userEmails` (the parameter tables); the snake_case one wins if both
//!   are present.
//! - A missing or unknown mode, missing `user_emails`, or a non-string entry is a 400 in the
//!   `{code, description}` shape; an empty list answers `{"results":[]}`.
//! - Entries are deduplicated ignoring case (first kept), as generation does. Malformed,
//!   unknown, unsynched, disabled and mark-deleted users are all 1002 "Invalid User".
//! - `user_email` echoes the address as sent (the vendor example shows `user3@example.com` for
//!   a request that said `user3@example,com`; we take that as a typo in the document).

use crate::sim::body::{JsonBody, malformed};
use crate::sim::codes::{MAX_USERS, is_valid_email};
use crate::sim::errors::{bad_request, ok, too_many_users};
use crate::sim::lock;
use crate::sim::model::Mode;
use crate::sim::state::AppState;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;

#[derive(Serialize)]
struct VoidResult {
    status: u16,
    user_email: String,
    #[serde(rename = "errorMessage", skip_serializing_if = "Option::is_none")]
    error_message: Option<&'static str>,
}

#[derive(Serialize)]
struct VoidResults {
    results: Vec<VoidResult>,
}

pub async fn void_codes(State(s): State<AppState>, body: JsonBody) -> Response {
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let either = |a: &str, b: &str| body.get(a).filter(|v| !v.is_null()).or_else(|| body.get(b));
    let mode = match either("code_generation_mode", "codeGenerationMode") {
        Some(Value::String(m)) => Mode::parse(m),
        _ => None,
    };
    let Some(mode) = mode else {
        return bad_request("code_generation_mode must be ENROLLMENT or PASSWORD_RESET");
    };
    let Some(Value::Array(list)) = either("user_emails", "userEmails") else {
        return bad_request("user_emails must be a list of e-mail addresses");
    };
    if list.len() > MAX_USERS {
        return too_many_users(list.len());
    }
    let mut emails = Vec::with_capacity(list.len());
    let mut seen = HashSet::new();
    for item in list {
        let Value::String(email) = item else {
            return malformed("user_emails must contain only strings");
        };
        if seen.insert(email.to_lowercase()) {
            emails.push(email.clone());
        }
    }
    let (voided, nothing, nothing_text) = match mode {
        Mode::Enrollment => (
            1014,
            1013,
            "No enrollment code found to void. Enrollment code may have expired or has been used already.",
        ),
        Mode::PasswordReset => (
            1016,
            1015,
            "No password reset code found to void. Password reset code may have expired or has been used already.",
        ),
    };
    let mut tenant = lock(&s.tenant);
    let results = emails
        .into_iter()
        .map(|email| {
            let user_id = is_valid_email(&email)
                .then(|| tenant.by_email(&email))
                .flatten()
                .filter(|u| u.enabled && u.mark_deleted.is_none())
                .map(|u| u.id.clone());
            let (status, error_message) = match user_id {
                None => (1002, Some("Invalid User")),
                Some(id) if tenant.void_code(&id, mode) => {
                    tenant.record_event(&id, crate::sim::events::AdminEvent::CodeVoided(mode));
                    (voided, None)
                }
                Some(_) => (nothing, Some(nothing_text)),
            };
            VoidResult { status, user_email: email, error_message }
        })
        .collect();
    drop(tenant);
    ok(VoidResults { results })
}
