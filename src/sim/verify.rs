//! Live Verification: `POST v1/users/{id}/verify/start`, `GET …/verify/status`,
//! `POST …/verify/code {"verifyCode"}` and `POST …/verify/cancel`. The rules are in
//! `verification.rs`, the session's values in `verify_session.rs`.
//!
//! RSA documents the four operations, the start answer's fields (`adminUsername,
//! sessionExpiration, userEmail, userId, verifyUrl, status`, from INGO-JAVA), and that start
//! answers 400/403/404/409 (409: another administrator is verifying this user). Inferred where
//! the documents are silent:
//! - Status values: `PENDING` (waiting for the user), `VERIFIED` (approved on the device, or
//!   the right code read out), `DENIED` (refused on the device, or 3 wrong codes), `EXPIRED`,
//!   `CANCELLED`. Every operation answers the session object; it adds `wrongCodeAttempts`.
//!   `adminUsername` is the OAuth client id of whoever started it. `verifyUrl` names the session
//!   (`<origin>/liveverify/<session id>`) and is not served.
//! - Who: OAuth clients only. A legacy key gets 403 "Live Verification is available only to
//!   OAuth API clients." (the scope `rsa.user.verify` is checked first, as for every endpoint).
//!   A tenant not licensed or with the policy off (the company flag `liveVerification`, on in
//!   the demo; `SimControl::set_live_verification`) gets 403 "Live Verification is not enabled
//!   for this tenant.". Then an unknown user is the usual 404.
//! - Start: a disabled user is 400 "User is disabled."; a user without a registered device
//!   (browsers do not count, as for device registration codes) is 400 "User does not have a
//!   registered device to verify with.". The session waits 3 minutes by the tenant clock, so
//!   `advance_clock` expires it. While it waits, another client's start is 409; the same
//!   client's start restarts it (new code, new expiry, a second prompt). Once it is over,
//!   anyone may start anew.
//! - Status: any client may read any user's latest session (so a console refused with 409 can
//!   say who holds it). No session yet is 404 "No Live Verification session for this user.".
//! - The user's phone answers approve or deny (`SimControl::verify_answer`, or
//!   `POST /sim/control/verify` on loopback, see `control_http.rs`), or never. The demo users
//!   approves.always@ and denies.always@example.com answer by themselves 3 s of tenant time
//!   after a start (seen at the next read), so tests move the clock rather than sleep.
//! - Code: the user's app shows a 6-digit code with the prompt, for the caller to read out
//!   instead of tapping. Right: `VERIFIED`. Wrong: 200, still `PENDING`, `wrongCodeAttempts`
//!   one more; the third wrong code makes it `DENIED`. `verifyCode` must be a non-empty
//!   string (or a number); the session must be waiting (else 400, naming its status) and be
//!   the caller's (else 409).
//! - Cancel: the caller's waiting session becomes `CANCELLED`; one already over is answered as
//!   it ended (sending it twice is harmless); another client's waiting session is 409.
//! - Each step is recorded in the user's authentication log (`ADMIN_LIVE_VERIFICATION_*`):
//!   started, verified, denied, expired, cancelled; the code is never recorded.

use crate::sim::body::JsonBody;
use crate::sim::errors::{bad_request, code_description, ok, user_not_found};
use crate::sim::lock;
use crate::sim::model::User;
use crate::sim::state::AppState;
use crate::sim::tenant::{Tenant, format_api};
use crate::sim::trust::Caller;
use crate::sim::verification::Refusal;
use crate::sim::verify_session::Session;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

/// The session as every operation answers it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionAnswer {
    admin_username: String,
    session_expiration: String,
    user_email: String,
    user_id: String,
    verify_url: String,
    status: &'static str,
    wrong_code_attempts: u32,
}

fn answer(origin: &str, user: &User, s: &Session) -> Response {
    ok(SessionAnswer {
        admin_username: s.admin.clone(),
        session_expiration: format_api(s.expires_at),
        user_email: user.email.clone(),
        user_id: user.id.clone(),
        verify_url: format!("{origin}/liveverify/{}", s.id),
        status: s.status.as_str(),
        wrong_code_attempts: s.wrong_codes,
    })
}

/// The 403s, in the order the service would check them: who is calling, then the tenant.
#[expect(clippy::result_large_err, reason = "the error is the answer itself")]
fn admin_of<'a>(caller: &'a Caller, tenant: &Tenant) -> Result<&'a str, Response> {
    let Caller::OAuthClient(client_id) = caller else {
        return Err(code_description(
            StatusCode::FORBIDDEN,
            "Live Verification is available only to OAuth API clients.",
        ));
    };
    if !tenant.company.live_verification {
        return Err(code_description(
            StatusCode::FORBIDDEN,
            "Live Verification is not enabled for this tenant.",
        ));
    }
    Ok(client_id)
}

fn refused(refusal: Refusal) -> Response {
    match refusal {
        Refusal::NoSession => {
            code_description(StatusCode::NOT_FOUND, "No Live Verification session for this user.")
        }
        Refusal::HeldBy(_) => code_description(
            StatusCode::CONFLICT,
            "Another administrator is verifying this user; only one can at a time.",
        ),
        Refusal::Settled(status) => bad_request(format!(
            "The Live Verification session is over (status {}).",
            status.as_str()
        )),
    }
}

pub async fn start(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    let mut tenant = lock(&s.tenant);
    let admin = match admin_of(&caller, &tenant) {
        Ok(admin) => admin,
        Err(r) => return r,
    };
    let Some(user) = tenant.by_id(&id).cloned() else {
        return user_not_found(&id);
    };
    if !user.enabled || user.mark_deleted.is_some() {
        return bad_request("User is disabled.");
    }
    if !user.devices.iter().any(|d| !d.device_type.eq_ignore_ascii_case("BROWSER")) {
        return bad_request("User does not have a registered device to verify with.");
    }
    match tenant.start_verification(&user.id, admin) {
        Ok(session) => answer(&s.origin, &user, session),
        Err(refusal) => refused(refusal),
    }
}

pub async fn status(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    let mut tenant = lock(&s.tenant);
    if let Err(r) = admin_of(&caller, &tenant) {
        return r;
    }
    let Some(user) = tenant.by_id(&id).cloned() else {
        return user_not_found(&id);
    };
    match tenant.verification(&user.id) {
        Some(session) => answer(&s.origin, &user, session),
        None => refused(Refusal::NoSession),
    }
}

pub async fn code(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Response {
    let mut tenant = lock(&s.tenant);
    // Who may call comes before what they sent.
    let admin = match admin_of(&caller, &tenant) {
        Ok(admin) => admin,
        Err(r) => return r,
    };
    let code = match read_code(body) {
        Ok(code) => code,
        Err(r) => return r,
    };
    let Some(user) = tenant.by_id(&id).cloned() else {
        return user_not_found(&id);
    };
    match tenant.check_verification_code(&user.id, admin, &code) {
        Ok(session) => answer(&s.origin, &user, session),
        Err(refusal) => refused(refusal),
    }
}

/// `verifyCode`: a non-empty string, or a number (some clients send codes as numbers).
#[expect(clippy::result_large_err, reason = "the error is the answer itself")]
fn read_code(body: JsonBody) -> Result<String, Response> {
    let body = body.object()?;
    match body.get("verifyCode") {
        Some(Value::String(c)) if !c.trim().is_empty() => Ok(c.trim().to_string()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(Value::String(_)) => Err(bad_request("verifyCode must not be empty.")),
        Some(v) if !v.is_null() => Err(bad_request("verifyCode must be a string.")),
        _ => Err(bad_request("verifyCode is required.")),
    }
}

pub async fn cancel(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    let mut tenant = lock(&s.tenant);
    let admin = match admin_of(&caller, &tenant) {
        Ok(admin) => admin,
        Err(r) => return r,
    };
    let Some(user) = tenant.by_id(&id).cloned() else {
        return user_not_found(&id);
    };
    match tenant.cancel_verification(&user.id, admin) {
        Ok(session) => answer(&s.origin, &user, session),
        Err(refusal) => refused(refusal),
    }
}
