//! The simulator's own HTTP control, for someone trying a console against `casdesk sim` by
//! hand (tests use `SimControl`): `POST /sim/control/verify {"email": …, "answer": "approve" |
//! "deny"}` makes the user's phone answer their waiting Live Verification prompt.
//!
//! It is outside the Admin API prefix, so it takes no token and meets no fault or throttle; the
//! router mounts it only when the simulator listens on a loopback address (`server.rs`), so it
//! is never reachable from another machine. Answers: 200 `{"email", "status"}` with the status
//! the session is left in; 400 for a body without both fields; 404 for an unknown user; 409
//! when no session of theirs is waiting (none started, or over: the status is named).

use crate::sim::body::JsonBody;
use crate::sim::errors::{bad_request, code_description, ok, user_not_found};
use crate::sim::lock;
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
