//! SecurID 700 hardware tokens (`PATCH v1/users/{id}/sidTokens/assign|unassign|enable|disable`,
//! `PATCH v2/users/{id}/sidTokens/clearPin`) and Delete User Device
//! (`DELETE v1/users/{id}/devices/{deviceId}`). Every change is visible in the next
//! `GET v2/users/{id}/devices` and recorded in the user's authentication log.
//!
//! Inferred where the documents are silent:
//! - Tokens not assigned to anyone are the tenant's pool (the demo file's `unassignedTokens`).
//!   Assign takes one from the pool: a serial nobody has is a 404 "Token … not found", one
//!   assigned to anyone (this user included) a 409. The new token is `Assigned`, `Enabled`,
//!   without a PIN, assigned now by the API caller. The answer is documented only as "user
//!   status"; it is given here as `userId`, the token's fields and the user's `userStatus`.
//! - Unassign, enable, disable and clear PIN name a token the user holds: a serial nobody
//!   has is a 404, one in the pool or held by someone else a 409 "not assigned to this user".
//!   Unassign returns it to the pool. Enable and disable set `tokenStatus` with
//!   `tokenStatusChangedBy` (the API caller, as "Administration API") and
//!   `tokenStatusChangedAt`, and clear `tokenStatusReason`; setting the status the token already
//!   has answers 200 and is not an event. Clear PIN on a token without a PIN answers 200 too
//!   (like unlocking what is not locked).
//! - The body must be an object with `tokenSerialNumber`, a non-empty string of at most 36
//!   characters (400 otherwise); `tokenName` (assign only) is an optional string; other
//!   properties are ignored. Serials compare exactly, as the service's ids do.
//! - Delete device takes an id from `devices` or `fidoTokens` (both come from Authenticator
//!   Details) and answers 200 with `{}`; an unknown user or an id the user has not is the
//!   documented 404.

use crate::sim::body::JsonBody;
use crate::sim::errors::{bad_request, code_description, ok, user_not_found};
use crate::sim::events::AdminEvent;
use crate::sim::lock;
use crate::sim::model::{PoolToken, SidToken};
use crate::sim::state::AppState;
use crate::sim::tenant::{Tenant, format_api};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

/// The documented limit of `tokenSerialNumber`.
const MAX_SERIAL_CHARS: usize = 36;
/// Who `tokenStatusChangedBy` and `assignedBy` name for a change made through the API.
pub(super) const API_ADMIN: &str = "Administration API";

/// Where a serial is: in the pool, held by a user (their id), or nowhere.
enum Holder {
    Pool,
    User(String),
    Nobody,
}

impl Tenant {
    fn token_holder(&self, serial: &str) -> Holder {
        if self.unassigned_tokens.iter().any(|t| t.token_serial_number == serial) {
            return Holder::Pool;
        }
        self.users
            .iter()
            .find(|u| u.sid_tokens.iter().any(|t| t.token_serial_number == serial))
            .map_or(Holder::Nobody, |u| Holder::User(u.id.clone()))
    }
}

/// The serial (and name) from the body, or the 400.
#[expect(clippy::result_large_err, reason = "the error is the answer itself, on a cold path")]
fn read_body(body: JsonBody) -> Result<(String, Option<String>), Response> {
    let body = body.object()?;
    let serial = serial_of(&body)?;
    let name = match body.get("tokenName") {
        None | Some(Value::Null) => None,
        Some(Value::String(n)) => Some(n.clone()).filter(|n| !n.trim().is_empty()),
        Some(_) => return Err(bad_request("tokenName must be a string.")),
    };
    Ok((serial, name))
}

/// `tokenSerialNumber` from a body, or the 400 (shared with lookup and rename).
#[expect(clippy::result_large_err, reason = "the error is the answer itself, on a cold path")]
pub(super) fn serial_of(body: &serde_json::Map<String, Value>) -> Result<String, Response> {
    Ok(match body.get("tokenSerialNumber") {
        Some(Value::String(s)) if s.trim().is_empty() => {
            return Err(bad_request("tokenSerialNumber must not be empty."));
        }
        Some(Value::String(s)) if s.chars().count() > MAX_SERIAL_CHARS => {
            return Err(bad_request(format!(
                "tokenSerialNumber must be at most {MAX_SERIAL_CHARS} characters."
            )));
        }
        Some(Value::String(s)) => s.clone(),
        Some(v) if !v.is_null() => return Err(bad_request("tokenSerialNumber must be a string.")),
        _ => return Err(bad_request("tokenSerialNumber is required.")),
    })
}

pub(super) fn token_not_found(serial: &str) -> Response {
    code_description(StatusCode::NOT_FOUND, format!("Token {serial} not found"))
}

fn not_this_users(serial: &str) -> Response {
    code_description(StatusCode::CONFLICT, format!("Token {serial} is not assigned to this user."))
}

/// The user's token `serial`, or the 404/409 the handlers answer.
#[expect(clippy::result_large_err, reason = "the error is the answer itself, on a cold path")]
pub(super) fn users_token(tenant: &Tenant, id: &str, serial: &str) -> Result<(), Response> {
    if tenant.by_id(id).is_none() {
        return Err(user_not_found(id));
    }
    match tenant.token_holder(serial) {
        Holder::User(holder) if holder == id => Ok(()),
        Holder::Nobody => Err(token_not_found(serial)),
        Holder::Pool | Holder::User(_) => Err(not_this_users(serial)),
    }
}

pub(super) fn token_mut<'a>(tenant: &'a mut Tenant, id: &str, serial: &str) -> &'a mut SidToken {
    let user = tenant.by_id_mut(id).expect("checked by users_token");
    user.sid_tokens
        .iter_mut()
        .find(|t| t.token_serial_number == serial)
        .expect("checked by users_token")
}

pub async fn assign(State(s): State<AppState>, Path(id): Path<String>, body: JsonBody) -> Response {
    let (serial, name) = match read_body(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut tenant = lock(&s.tenant);
    if tenant.by_id(&id).is_none() {
        return user_not_found(&id);
    }
    match tenant.token_holder(&serial) {
        Holder::Pool => {}
        Holder::Nobody => return token_not_found(&serial),
        Holder::User(holder) if holder == id => {
            return code_description(
                StatusCode::CONFLICT,
                format!("Token {serial} is already assigned to this user."),
            );
        }
        Holder::User(_) => {
            return code_description(
                StatusCode::CONFLICT,
                format!("Token {serial} is already assigned to another user."),
            );
        }
    }
    let now = format_api(tenant.now());
    let at = tenant.unassigned_tokens.iter().position(|t| t.token_serial_number == serial);
    let pooled = tenant.unassigned_tokens.remove(at.expect("the holder is the pool"));
    let token = SidToken {
        token_serial_number: pooled.token_serial_number,
        token_name: name,
        token_state: "Assigned".into(),
        token_status: "Enabled".into(),
        expiry_date: pooled.expiry_date,
        assigned_at: now,
        assigned_by: API_ADMIN.into(),
        pin_set: "false".into(),
        token_status_changed_at: None,
        token_status_changed_by: None,
        token_status_reason: None,
    };
    let user = tenant.by_id_mut(&id).expect("checked above");
    user.sid_tokens.push(token.clone());
    let status = if user.enabled { "Enabled" } else { "Disabled" };
    tenant.record_event(&id, AdminEvent::TokenAssigned(&serial));
    ok(json!({
        "userId": id,
        "userStatus": status,
        "tokenSerialNumber": token.token_serial_number,
        "tokenName": token.token_name,
        "tokenState": token.token_state,
        "tokenStatus": token.token_status,
        "assignedAt": token.assigned_at,
        "assignedBy": token.assigned_by,
        "pinSet": token.pin_set,
    }))
}

pub async fn unassign(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Response {
    let (serial, _) = match read_body(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut tenant = lock(&s.tenant);
    if let Err(r) = users_token(&tenant, &id, &serial) {
        return r;
    }
    let user = tenant.by_id_mut(&id).expect("checked by users_token");
    let at = user.sid_tokens.iter().position(|t| t.token_serial_number == serial);
    let token = user.sid_tokens.remove(at.expect("checked by users_token"));
    tenant.unassigned_tokens.push(PoolToken {
        token_serial_number: token.token_serial_number.clone(),
        expiry_date: token.expiry_date,
    });
    tenant.record_event(&id, AdminEvent::TokenUnassigned(&serial));
    ok(json!({ "tokenSerialNumber": token.token_serial_number, "tokenState": "Unassigned" }))
}

pub async fn enable(s: State<AppState>, id: Path<String>, body: JsonBody) -> Response {
    set_status(s, id, body, true).await
}

pub async fn disable(s: State<AppState>, id: Path<String>, body: JsonBody) -> Response {
    set_status(s, id, body, false).await
}

async fn set_status(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: JsonBody,
    enabled: bool,
) -> Response {
    let (serial, _) = match read_body(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut tenant = lock(&s.tenant);
    if let Err(r) = users_token(&tenant, &id, &serial) {
        return r;
    }
    let now = format_api(tenant.now());
    let wanted = if enabled { "Enabled" } else { "Disabled" };
    let token = token_mut(&mut tenant, &id, &serial);
    let changed = !token.token_status.eq_ignore_ascii_case(wanted);
    if changed {
        token.token_status = wanted.into();
        token.token_status_changed_at = Some(now);
        token.token_status_changed_by = Some(API_ADMIN.into());
        token.token_status_reason = None;
    }
    let token = token.clone();
    if changed {
        let event = if enabled { AdminEvent::TokenEnabled } else { AdminEvent::TokenDisabled };
        tenant.record_event(&id, event(&serial));
    }
    ok(json!({
        "userId": id,
        "tokenSerialNumber": token.token_serial_number,
        "tokenStatus": token.token_status,
        "tokenStatusChangedBy": token.token_status_changed_by,
        "tokenStatusChangedAt": token.token_status_changed_at,
    }))
}

pub async fn clear_pin(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Response {
    let (serial, _) = match read_body(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut tenant = lock(&s.tenant);
    if let Err(r) = users_token(&tenant, &id, &serial) {
        return r;
    }
    let token = token_mut(&mut tenant, &id, &serial);
    let had_pin = token.pin_set.eq_ignore_ascii_case("true");
    token.pin_set = "false".into();
    if had_pin {
        tenant.record_event(&id, AdminEvent::TokenPinCleared(&serial));
    }
    ok(json!({ "userId": id, "tokenSerialNumber": serial, "pinSet": "false" }))
}

pub async fn delete_device(
    State(s): State<AppState>,
    Path((id, device_id)): Path<(String, String)>,
) -> Response {
    let mut tenant = lock(&s.tenant);
    let Some(user) = tenant.by_id_mut(&id) else {
        return user_not_found(&id);
    };
    let name = if let Some(at) = user.devices.iter().position(|d| d.id == device_id) {
        user.devices.remove(at).name
    } else if let Some(at) = user.fido_tokens.iter().position(|f| f.id == device_id) {
        user.fido_tokens.remove(at).name
    } else {
        return code_description(StatusCode::NOT_FOUND, format!("Device {device_id} not found"));
    };
    tenant.record_event(&id, AdminEvent::DeviceDeleted(&name));
    ok(json!({}))
}
