//! FIDO credentials suspended and restored (`PATCH v1/fido/{userId}/authenticators/
//! {authenticatorId}/enable|disable`) and SecurID DS100 OTP credentials (`POST v1/ds100/lookup`,
//! `PATCH v1/ds100/enable/otp|disable/otp|clearPin/otp`, `DELETE v1/ds100/delete/otp`). Every
//! change shows in the next `GET v2/users/{id}/devices` and in the user's authentication log.
//!
//! Written from RSA's pages; where they are silent, chosen here:
//! - A DS100 is one of the user's `devices` with `deviceType` "SecurID DS100" (as the lookup
//!   page's example spells it) and its `deviceSerialNumber`, carrying its OTP credential's
//!   fields as the lookup record does: `tokenSerialNumber`, `tokenState` ("Activated"),
//!   `tokenStatus` (Enabled / Disabled), `pinSet` (a boolean, as clear PIN answers it),
//!   `tokenStatusChangedAt` / `By`. So Authenticator Details v2 lists it ("includes … DS100
//!   OTP") without a new array. A DS100's FIDO side, if registered, is a `fidoTokens` entry.
//! - FIDO enable / disable: no body (one sent is ignored). The page lists 400 for an invalid
//!   `userId` or `authenticatorId` and no 404, so an unknown user or a key the user has not is a
//!   400. The status becomes "Enabled" or "Disabled"; the demo's "Active" counts as enabled.
//!   Setting the status a key has answers 200 and is not an event. The answer is the page's:
//!   `{statusChangedAt (epoch ms, tenant clock), statusChangedBy, status}`.
//! - DS100 lookup: `deviceSerialNumber` required, a string of 1–36 characters (400 otherwise);
//!   a serial no user holds is a 404. The answer is the page's array of one record.
//! - Enable / disable OTP: `deviceSerialNumber` and `userId` required (400); an unknown user,
//!   or a DS100 the user does not hold, is a 404 (the pages list no 409). The answer is the
//!   page's array: `userId`, `tokenSerialNumber`, `tokenStatus`, `tokenStatusChangedAt`,
//!   `tokenStatusChangedBy`, `deviceSerialNumber`. Setting the status it has is 200, no event.
//! - Clear PIN: `tokenSerialNumber` and `userId` required; unknown user or credential: 404;
//!   answers `{tokenSerialNumber, pinSet: false}`, also for a credential without a PIN.
//! - Delete: all three fields required, a body on a DELETE (without one: 400); the token serial
//!   must be the device's own credential (else 400: they do not belong together); unknown:
//!   404. The DS100 is removed from the user's devices (its OTP credential is all the tenant
//!   knows of it here). The answer is "Not Applicable": 200 with an empty body.
//! - Who changed it (`…ChangedBy`): the OAuth client's id, or "helpdesk API key".

use crate::sim::body::JsonBody;
use crate::sim::errors::{bad_request, code_description, epoch_millis, ok, user_not_found};
use crate::sim::events::AdminEvent;
use crate::sim::lock;
use crate::sim::model::Device;
use crate::sim::state::AppState;
use crate::sim::tenant::{Tenant, format_api};
use crate::sim::trust::Caller;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

const MAX_SERIAL_CHARS: usize = 36;

pub(super) mod code {
    pub const FIDO_ENABLED: &str = "ADMIN_FIDO_ENABLED";
    pub const FIDO_DISABLED: &str = "ADMIN_FIDO_DISABLED";
    pub const OTP_ENABLED: &str = "ADMIN_DS100_OTP_ENABLED";
    pub const OTP_DISABLED: &str = "ADMIN_DS100_OTP_DISABLED";
    pub const PIN_CLEARED: &str = "ADMIN_DS100_PIN_CLEARED";
    pub const DELETED: &str = "ADMIN_DS100_OTP_DELETED";
}

fn who(caller: Option<&Extension<Caller>>) -> String {
    match caller.map(|c| &c.0) {
        Some(Caller::OAuthClient(client)) => client.clone(),
        _ => "helpdesk API key".to_string(),
    }
}

fn is_ds100(d: &Device) -> bool {
    d.device_type.to_ascii_uppercase().contains("DS100")
}

pub async fn fido_enable(
    s: State<AppState>,
    ids: Path<(String, String)>,
    caller: Option<Extension<Caller>>,
) -> Response {
    set_fido(s, ids, caller, true)
}

pub async fn fido_disable(
    s: State<AppState>,
    ids: Path<(String, String)>,
    caller: Option<Extension<Caller>>,
) -> Response {
    set_fido(s, ids, caller, false)
}

fn set_fido(
    State(s): State<AppState>,
    Path((id, key)): Path<(String, String)>,
    caller: Option<Extension<Caller>>,
    enabled: bool,
) -> Response {
    let mut tenant = lock(&s.tenant);
    let Some(user) = tenant.by_id_mut(&id) else {
        return bad_request(format!("Invalid userId {id}."));
    };
    let Some(token) = user.fido_tokens.iter_mut().find(|f| f.id == key) else {
        return bad_request(format!("Invalid authenticatorId {key}."));
    };
    let was_on = matches!(token.status.to_ascii_lowercase().as_str(), "enabled" | "active");
    let changed = was_on != enabled;
    token.status = if enabled { "Enabled" } else { "Disabled" }.into();
    let (name, status) = (token.name.clone(), token.status.clone());
    if changed {
        let (code, verb) = if enabled {
            (code::FIDO_ENABLED, "restored")
        } else {
            (code::FIDO_DISABLED, "suspended")
        };
        let description = format!("Administrator {verb} the FIDO authenticator {name}.");
        let event = AdminEvent::Authenticator {
            code,
            description: &description,
            method: "FIDO",
            target: &key,
            name: &name,
        };
        tenant.record_event(&id, event);
    }
    ok(json!({
        "statusChangedAt": epoch_millis_of(&tenant),
        "statusChangedBy": who(caller.as_ref()),
        "status": status,
    }))
}

fn epoch_millis_of(tenant: &Tenant) -> i64 {
    let at = tenant.now();
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or_else(|_| epoch_millis())
}

/// The named string fields of the body (each required, 1–36 characters), or the 400.
#[expect(clippy::result_large_err, reason = "the error is the answer itself, on a cold path")]
fn fields<const N: usize>(body: JsonBody, names: [&str; N]) -> Result<[String; N], Response> {
    let body: Map<String, Value> = body.object()?;
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = match body.get(name) {
            Some(Value::String(v)) if v.trim().is_empty() => {
                return Err(bad_request(format!("{name} must not be empty.")));
            }
            Some(Value::String(v)) if name != "userId" && v.chars().count() > MAX_SERIAL_CHARS => {
                return Err(bad_request(format!(
                    "{name} must be at most {MAX_SERIAL_CHARS} characters."
                )));
            }
            Some(Value::String(v)) => v.clone(),
            Some(v) if !v.is_null() => {
                return Err(bad_request(format!("{name} must be a string.")));
            }
            _ => return Err(bad_request(format!("{name} is required."))),
        };
    }
    Ok(out)
}

fn ds100_not_found(what: &str, serial: &str) -> Response {
    code_description(StatusCode::NOT_FOUND, format!("{what} {serial} not found"))
}

/// The lookup's record of a DS100 held by `user_id`.
fn record(d: &Device, user_id: &str) -> Value {
    json!({
        "id": d.id, "name": d.name, "userId": user_id, "deviceType": d.device_type,
        "registeredDate": d.registered_date, "deviceSerialNumber": d.device_serial_number,
        "tokenSerialNumber": d.token_serial_number, "updatedAt": d.updated_at,
        "tokenState": d.token_state, "expiryDate": null, "tokenStatus": d.token_status,
        "tokenStatusReason": null, "assignedAt": d.registered_date,
        "assignedBy": "self-registered", "pinSet": d.pin_set.unwrap_or(false),
        "tokenStatusChangedAt": d.token_status_changed_at,
        "tokenStatusChangedBy": d.token_status_changed_by,
    })
}

pub async fn lookup(State(s): State<AppState>, body: JsonBody) -> Response {
    let [serial] = match fields(body, ["deviceSerialNumber"]) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let tenant = lock(&s.tenant);
    let found = tenant.users.iter().find_map(|u| {
        u.devices
            .iter()
            .find(|d| is_ds100(d) && d.device_serial_number.as_deref() == Some(serial.as_str()))
            .map(|d| record(d, &u.id))
    });
    match found {
        Some(r) => ok(json!([r])),
        None => ds100_not_found("DS100", &serial),
    }
}

/// The user's DS100 matching `matches`, or the 404.
#[expect(clippy::result_large_err, reason = "the error is the answer itself, on a cold path")]
fn users_ds100<'a>(
    tenant: &'a mut Tenant,
    id: &str,
    what: &str,
    serial: &str,
    matches: impl Fn(&Device) -> bool,
) -> Result<&'a mut Device, Response> {
    let Some(user) = tenant.by_id_mut(id) else { return Err(user_not_found(id)) };
    user.devices
        .iter_mut()
        .find(|d| is_ds100(d) && matches(d))
        .ok_or_else(|| ds100_not_found(what, serial))
}

pub async fn enable_otp(s: State<AppState>, c: Option<Extension<Caller>>, b: JsonBody) -> Response {
    set_otp(s, c, b, true)
}

pub async fn disable_otp(
    s: State<AppState>,
    c: Option<Extension<Caller>>,
    b: JsonBody,
) -> Response {
    set_otp(s, c, b, false)
}

fn set_otp(
    State(s): State<AppState>,
    caller: Option<Extension<Caller>>,
    body: JsonBody,
    enabled: bool,
) -> Response {
    let [serial, id] = match fields(body, ["deviceSerialNumber", "userId"]) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut tenant = lock(&s.tenant);
    let now = format_api(tenant.now());
    let by = who(caller.as_ref());
    let device = match users_ds100(&mut tenant, &id, "DS100", &serial, |d| {
        d.device_serial_number.as_deref() == Some(serial.as_str())
    }) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let wanted = if enabled { "Enabled" } else { "Disabled" };
    let changed = !device.token_status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(wanted));
    if changed {
        device.token_status = Some(wanted.into());
        device.token_status_changed_at = Some(now.clone());
        device.token_status_changed_by = Some(by);
        device.updated_at = now;
    }
    let d = device.clone();
    if changed {
        let (code, verb) =
            if enabled { (code::OTP_ENABLED, "enabled") } else { (code::OTP_DISABLED, "disabled") };
        let description = format!("Administrator {verb} the OTP credential of the DS100 {serial}.");
        tenant.record_event(
            &id,
            AdminEvent::Authenticator {
                code,
                description: &description,
                method: "TOKEN",
                target: &serial,
                name: &serial,
            },
        );
    }
    ok(json!([{
        "userId": id,
        "tokenSerialNumber": d.token_serial_number,
        "tokenStatus": d.token_status,
        "tokenStatusChangedAt": d.token_status_changed_at,
        "tokenStatusChangedBy": d.token_status_changed_by,
        "deviceSerialNumber": d.device_serial_number,
    }]))
}

pub async fn clear_pin(State(s): State<AppState>, body: JsonBody) -> Response {
    let [token, id] = match fields(body, ["tokenSerialNumber", "userId"]) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut tenant = lock(&s.tenant);
    let device = match users_ds100(&mut tenant, &id, "OTP credential", &token, |d| {
        d.token_serial_number.as_deref() == Some(token.as_str())
    }) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let had_pin = device.pin_set == Some(true);
    device.pin_set = Some(false);
    let serial = device.device_serial_number.clone().unwrap_or_default();
    if had_pin {
        let description =
            format!("Administrator cleared the PIN of the DS100 OTP credential {token}.");
        let event = AdminEvent::Authenticator {
            code: code::PIN_CLEARED,
            description: &description,
            method: "TOKEN",
            target: &serial,
            name: &serial,
        };
        tenant.record_event(&id, event);
    }
    ok(json!({ "tokenSerialNumber": token, "pinSet": false }))
}

pub async fn delete(State(s): State<AppState>, body: JsonBody) -> Response {
    let [token, serial, id] =
        match fields(body, ["tokenSerialNumber", "deviceSerialNumber", "userId"]) {
            Ok(f) => f,
            Err(r) => return r,
        };
    let mut tenant = lock(&s.tenant);
    let device = match users_ds100(&mut tenant, &id, "DS100", &serial, |d| {
        d.device_serial_number.as_deref() == Some(serial.as_str())
    }) {
        Ok(d) => d,
        Err(r) => return r,
    };
    if device.token_serial_number.as_deref() != Some(token.as_str()) {
        return bad_request(format!("OTP credential {token} is not on the DS100 {serial}."));
    }
    let user = tenant.by_id_mut(&id).expect("found above");
    user.devices
        .retain(|d| !(is_ds100(d) && d.device_serial_number.as_deref() == Some(serial.as_str())));
    let description =
        format!("Administrator deleted the OTP credential {token} of the DS100 {serial}.");
    tenant.record_event(
        &id,
        AdminEvent::Authenticator {
            code: code::DELETED,
            description: &description,
            method: "TOKEN",
            target: &serial,
            name: &serial,
        },
    );
    StatusCode::OK.into_response()
}
