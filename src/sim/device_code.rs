//! `POST v1/users/deviceRegistrationCode`: a one-time code to register the authenticator app.
//!
//! Inferred where the documents are silent:
//! - Property checks come first: a name other than `email`/`username`/`appId` is "Invalid
//!   property specified: <name>" (the alphabetically first, if several); then exactly one of
//!   `email`/`username` must be a non-empty string, else "Incorrect number of properties".
//! - An `appId` other than the documented iOS/Android one is a 400 "Invalid appId specified.";
//!   leaving it out (Windows/macOS apps, "N/A") is fine.
//! - A username matches the principal or alternate username, ignoring case. The 403 for an
//!   unknown user names the user as the request did.
//! - Only mobile/desktop authenticators (`devices`) count as "a registered device"; FIDO and
//!   SecurID 700 tokens do not, nor do trusted browsers (`deviceType` BROWSER, hidden from
//!   Authenticator Details v2 by default): they authenticate nothing themselves. Disabled and mark-deleted users get "User is disabled.".
//! - The code is valid for the company's configured time (24 h in the demo) and replaces any
//!   earlier one; the answer includes `username` only when the request used one.

use crate::sim::body::JsonBody;
use crate::sim::errors::{bad_request, ok, spring};
use crate::sim::lock;
use crate::sim::state::AppState;
use crate::sim::tenant::format_api;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

/// "RSA Authenticator app for iOS and Android".
pub const MOBILE_APP_ID: &str = "1f00c62b-a5c0-49d3-9ffb-92314d717187";

#[derive(Serialize)]
struct DeviceCode {
    #[serde(rename = "companyID")]
    company_id: String,
    #[serde(rename = "deviceRegistrationCode")]
    code: String,
    email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<String>,
    #[serde(rename = "expirationDate")]
    expiration_date: String,
}

enum Target {
    Email(String),
    Username(String),
}

pub async fn issue(State(s): State<AppState>, uri: OriginalUri, body: JsonBody) -> Response {
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    if let Some(name) = body.keys().find(|k| !matches!(k.as_str(), "email" | "username" | "appId"))
    {
        return bad_request(format!("Invalid property specified: {name}"));
    }
    let text = |name: &str| {
        body.get(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let target = match (text("email"), text("username")) {
        (Some(e), None) => Target::Email(e),
        (None, Some(u)) => Target::Username(u),
        _ => return bad_request("Incorrect number of properties in the request body."),
    };
    match body.get("appId") {
        None | Some(Value::Null) => {}
        Some(Value::String(id)) if id == MOBILE_APP_ID => {}
        Some(_) => return bad_request("Invalid appId specified."),
    }
    let path = uri.path();
    let forbidden = |message: &str| spring(StatusCode::FORBIDDEN, message, path);
    let mut tenant = lock(&s.tenant);
    if !tenant.company.mfa_licensed {
        return forbidden(
            "Your company is not licensed to use SecurID multifactor authentication methods.",
        );
    }
    let (user, asked) = match &target {
        Target::Email(e) => (tenant.by_email(e), e),
        Target::Username(u) => (tenant.by_username(u), u),
    };
    let Some(user) = user else {
        return forbidden(&format!("User {asked} not found."));
    };
    if !user.enabled || user.mark_deleted.is_some() {
        return forbidden("User is disabled.");
    }
    if user.devices.iter().any(|d| !d.device_type.eq_ignore_ascii_case("BROWSER")) {
        return forbidden("User already has a registered device.");
    }
    let (user_id, email) = (user.id.clone(), user.email.clone());
    let live = tenant.issue_device_code(&user_id);
    tenant.record_event(&user_id, crate::sim::events::AdminEvent::DeviceCode);
    let company_id = tenant.company.company_id.clone();
    drop(tenant);
    ok(DeviceCode {
        company_id,
        code: live.code,
        email,
        username: match target {
            Target::Username(u) => Some(u),
            Target::Email(_) => None,
        },
        expiration_date: format_api(live.expires_at),
    })
}
