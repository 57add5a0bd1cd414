//! The simulator's own HTTP control, for someone trying a console against `casdesk sim` by
//! hand (tests use `SimControl`), both on loopback only:
//!
//! - `POST /sim/control/verify {"email": …, "answer": "approve" | "deny"}` makes the user's
//!   phone answer their waiting Live Verification prompt. Answers: 200 `{"email", "status"}`
//!   with the status the session is left in; 400 for a body without both fields; 404 for an
//!   unknown user; 409 when no session of theirs is waiting (none started, or over: the status
//!   is named).
//! - `POST /sim/control/sign-in {"email": …, "result": "success" | "failure", "method": …}`
//!   makes the user sign in now, through the same rules as every simulated sign-in
//!   (`sign_in.rs`: a disabled user or a locked method fails whatever was asked, Approve needs a
//!   registered device, three wrong tokencodes lock TOKEN). `method` is optional: one of
//!   `TOKEN`, `APPROVE`, `SMS`, `VOICE`, `FINGERPRINT`, `FIDO`, `EMERGENCY_TOKENCODE`,
//!   `PASSWORD` (any case); without it a success uses the user's usual method (the last they
//!   signed in with, else Approve with a phone, else TOKEN) and a failure is a wrong tokencode.
//!   Answers: 200 `{"email", "method", "recorded": [event codes]}` (the log may record two
//!   events, a wrong tokencode and the lock); 400 for a body without an address, another
//!   result or an unknown method; 404 for an unknown user.
//!
//! Both are outside the Admin API prefix, so they take no token and meet no fault or throttle;
//! the router mounts them only when the simulator listens on a loopback address (`server.rs`),
//! so they are never reachable from another machine.

use crate::sim::body::JsonBody;
use crate::sim::errors::{bad_request, code_description, ok, user_not_found};
use crate::sim::lock;
use crate::sim::sign_in::{SignIn, usual_method};
use crate::sim::state::AppState;
use crate::sim::verification::Refusal;
use crate::sim::verify_session::VerifyAnswer;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

pub async fn verify_answer(State(s): State<AppState>, body: JsonBody) -> Response {
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let text = |name: &str| body.get(name).and_then(Value::as_str).map(str::trim);
    let (Some(email), Some(answer)) = (text("email"), text("answer").and_then(VerifyAnswer::parse))
    else {
        return bad_request(r#"Send {"email": "<user>", "answer": "approve" or "deny"}."#);
    };
    let mut tenant = lock(&s.tenant);
    let Some(id) = tenant.by_email(email).map(|u| u.id.clone()) else {
        return user_not_found(email);
    };
    match tenant.answer_verification(&id, answer) {
        Ok(status) => ok(json!({ "email": email, "status": status.as_str() })),
        Err(Refusal::Settled(status)) => code_description(
            StatusCode::CONFLICT,
            format!("The user's Live Verification session is over (status {}).", status.as_str()),
        ),
        Err(_) => code_description(
            StatusCode::CONFLICT,
            "No Live Verification prompt is waiting on the user's phone.",
        ),
    }
}

/// The methods a simulated sign-in may name.
const METHODS: [&str; 8] =
    ["TOKEN", "APPROVE", "SMS", "VOICE", "FINGERPRINT", "FIDO", "EMERGENCY_TOKENCODE", "PASSWORD"];

pub async fn sign_in(State(s): State<AppState>, body: JsonBody) -> Response {
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let text = |name: &str| body.get(name).and_then(Value::as_str).map(str::trim);
    let usage = r#"Send {"email": "<user>", "result": "success" or "failure", "method": optional, one of TOKEN, APPROVE, SMS, VOICE, FINGERPRINT, FIDO, EMERGENCY_TOKENCODE, PASSWORD}."#;
    let success = match text("result").map(str::to_ascii_lowercase).as_deref() {
        Some("success") => true,
        Some("failure") => false,
        _ => return bad_request(usage),
    };
    let method = match body.get("method") {
        None | Some(Value::Null) => None,
        Some(Value::String(m)) => match METHODS.iter().find(|k| k.eq_ignore_ascii_case(m.trim())) {
            Some(known) => Some(known.to_string()),
            None => return bad_request(usage),
        },
        Some(_) => return bad_request(usage),
    };
    let Some(email) = text("email").filter(|e| !e.is_empty()) else {
        return bad_request(usage);
    };
    let mut tenant = lock(&s.tenant);
    // Sign-ins due before this one go first (`after_fix.rs`).
    tenant.catch_up();
    let Some(user) = tenant.by_email(email) else {
        return user_not_found(email);
    };
    let id = user.id.clone();
    let (method, attempt) = match (success, method) {
        (true, m) => {
            let m = m.unwrap_or_else(|| usual_method(user));
            (m.clone(), SignIn::Succeed(m))
        }
        (false, m) => {
            let m = m.unwrap_or_else(|| "TOKEN".into());
            (m.clone(), SignIn::Fails(m))
        }
    };
    let recorded = tenant.sign_in(&id, &attempt).unwrap_or_default();
    ok(json!({ "email": email, "method": method, "recorded": recorded }))
}
