//! `POST v1/users/lookup` (User Details) and `GET v2/users/{id}/devices` (Authenticator Details v2).
//!
//! Inferred where the documents are silent:
//! - A missing or non-string `email` is a 400 in the `{code, description}` shape; so is a
//!   `searchUnsynched` that is not a boolean (`"true"`/`"false"` strings are accepted, as
//!   Jackson coerces them).
//! - Unsynched users are found only with `searchUnsynched: true`, which syncs them (their
//!   `lastSyncTime` becomes now) and takes 300 ms longer, the documented "significantly slower".
//! - Emergency tokencode fields show the user's current code while it is unexpired on the tenant
//!   clock; the offline status follows the offline expiry.
//! - `includeBrowsers` (default false in v2) shows devices of type `BROWSER`; values other than
//!   true/false are a 400. An unknown or unsynched user id is a 404 like User Status's.

use crate::sim::body::{JsonBody, kind};
use crate::sim::errors::{bad_request, ok, user_not_found};
use crate::sim::lock;
use crate::sim::model::{Device, FidoToken, SidToken, User};
use crate::sim::state::AppState;
use crate::sim::tenant::{Tenant, format_api};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

/// How much longer a lookup that has to sync the user first takes.
const SYNC_DELAY: Duration = Duration::from_millis(300);

pub async fn lookup(State(s): State<AppState>, body: JsonBody) -> Response {
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let email = match body.get("email") {
        Some(Value::String(e)) if !e.trim().is_empty() => e.clone(),
        Some(other) if !other.is_null() => {
            return bad_request(format!("email must be a string, not {}", kind(other)));
        }
        _ => return bad_request("email is required"),
    };
    let search_unsynched = match body.get("searchUnsynched") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(t)) if t.eq_ignore_ascii_case("true") => true,
        Some(Value::String(t)) if t.eq_ignore_ascii_case("false") => false,
        Some(_) => return bad_request("searchUnsynched must be true or false"),
    };
    let found = {
        let mut tenant = lock(&s.tenant);
        // A sign-in due by now is the user's last authentication (`after_fix.rs`); a deletion
        // due by now has happened (`pending_deletion.rs`).
        tenant.catch_up();
        match tenant.by_email(&email) {
            Some(user) => Some((details(&tenant, user), false)),
            None if search_unsynched => {
                let synced = tenant.sync_by_email(&email).cloned();
                synced.map(|user| (details(&tenant, &user), true))
            }
            None => None,
        }
    };
    match found {
        Some((user, slow)) => {
            if slow {
                s.sleep_unless_stopped(SYNC_DELAY).await;
            }
            ok(user)
        }
        None => user_not_found(&email),
    }
}

/// The User Details object: the fields of RSA's sample, then those INGO-JAVA also reads.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserDetails {
    id: String,
    email_address: String,
    first_name: String,
    last_name: String,
    creation_date: String,
    identity_source: String,
    user_status: &'static str,
    high_risk_user: bool,
    mark_deleted: bool,
    mark_deleted_at: Option<String>,
    mark_deleted_by: Option<String>,
    is_token_locked: bool,
    is_sms_locked: bool,
    is_voice_locked: bool,
    is_fingerprint_locked: bool,
    is_approve_locked: bool,
    last_sync_time: Option<String>,
    emergency_access_status: &'static str,
    emergency_tokencode_id: Option<String>,
    emergency_tokencode_expiration: Option<String>,
    emergency_tokencode_last_use: Option<String>,
    offline_emergency_tokencode_expiration: Option<String>,
    offline_emergency_access_status: &'static str,
    month_last_authenticated: Option<String>,
    principal_username: String,
    alternate_username: String,
    primary_unique_identifier: String,
    // Only present when the company has SMS / Voice Tokencode enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    sms_number: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    voice_number: Option<Option<String>>,
    emergency_tokencode_one_time_use: Option<bool>,
    secondary_unique_identifier: Option<String>,
    last_successful_authentication_method: Option<String>,
    last_successful_authentication_date: Option<String>,
    identity_source_specific_groups: Vec<String>,
    global_groups: Vec<String>,
}

pub(crate) fn details(tenant: &Tenant, u: &User) -> UserDetails {
    let now = tenant.now();
    let eac = tenant.eac(&u.id);
    let online = eac.filter(|e| e.expires_at > now);
    let offline = eac.filter(|e| e.offline_expires_at > now);
    let status = |on: bool| if on { "Enabled" } else { "Disabled" };
    let company = &tenant.company;
    UserDetails {
        id: u.id.clone(),
        email_address: u.email.clone(),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        creation_date: u.creation_date.clone(),
        identity_source: u.identity_source.clone(),
        user_status: status(u.enabled),
        high_risk_user: u.high_risk,
        mark_deleted: u.mark_deleted.is_some(),
        mark_deleted_at: u.mark_deleted.as_ref().map(|m| m.at.clone()),
        mark_deleted_by: u.mark_deleted.as_ref().map(|m| m.by.clone()),
        is_token_locked: u.locks.token,
        is_sms_locked: u.locks.sms,
        is_voice_locked: u.locks.voice,
        is_fingerprint_locked: u.locks.fingerprint,
        is_approve_locked: u.locks.approve,
        last_sync_time: u.last_sync.clone(),
        emergency_access_status: status(online.is_some()),
        emergency_tokencode_id: online.map(|e| e.id.clone()),
        emergency_tokencode_expiration: online.map(|e| format_api(e.expires_at)),
        emergency_tokencode_last_use: None,
        offline_emergency_tokencode_expiration: offline.map(|e| format_api(e.offline_expires_at)),
        offline_emergency_access_status: status(offline.is_some()),
        month_last_authenticated: u.month_last_authenticated.clone(),
        principal_username: u.principal_username.clone(),
        alternate_username: u.alternate_username.clone(),
        primary_unique_identifier: u.id.clone(),
        sms_number: company.sms_enabled.then(|| u.sms_number.clone()),
        voice_number: company.voice_enabled.then(|| u.voice_number.clone()),
        emergency_tokencode_one_time_use: online.map(|e| e.one_time_use),
        secondary_unique_identifier: u.secondary_unique_identifier.clone(),
        last_successful_authentication_method: u
            .last_authentication
            .as_ref()
            .map(|a| a.method.clone()),
        last_successful_authentication_date: u.last_authentication.as_ref().map(|a| a.date.clone()),
        identity_source_specific_groups: u.source_groups.clone(),
        global_groups: u.global_groups.clone(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Authenticators {
    devices: Vec<DeviceOut>,
    fido_tokens: Vec<FidoToken>,
    sid_tokens: Vec<SidToken>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeviceOut {
    #[serde(flatten)]
    device: Device,
    user_id: String,
}

pub async fn devices(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let include_browsers = match query.get("includeBrowsers").map(|v| v.to_ascii_lowercase()) {
        None => false,
        Some(v) if v == "true" => true,
        Some(v) if v == "false" => false,
        Some(_) => return bad_request("includeBrowsers must be true or false"),
    };
    let tenant = lock(&s.tenant);
    let Some(user) = tenant.by_id(&id) else {
        return user_not_found(&id);
    };
    let devices = user
        .devices
        .iter()
        .filter(|d| include_browsers || !d.device_type.eq_ignore_ascii_case("BROWSER"))
        .map(|d| DeviceOut { device: d.clone(), user_id: user.id.clone() })
        .collect();
    ok(Authenticators {
        devices,
        fido_tokens: user.fido_tokens.clone(),
        sid_tokens: user.sid_tokens.clone(),
    })
}
