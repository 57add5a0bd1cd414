//! Changing one user: `PATCH v1/users/{id}/methods` (Unlock User Tokencodes),
//! `PUT v1/users/{id}/userStatus` (User Status) and `POST v1/users/{id}/sync` (Synchronize User).
//! Each change is visible in the next lookup.
//!
//! Inferred where the documents are silent:
//! - Unlock takes `unlockMethods`, a non-empty array of `TOKEN`, `SMS`, `VOICE` spelled as
//!   documented (Spring reads enum names exactly: `token` is a 400). Other properties are
//!   ignored. The documented answer ("the status of all methods after the unlock") could not be
//!   read; it is given here as the user's id and the five lock flags User Details uses.
//!   Fingerprint and Approve locks cannot be named, so they stay. Unlocking what is not locked
//!   is not an error.
//! - User Status: any body but exactly one property is the documented 400 "Wrong number of
//!   properties in the request body."; the value must be `Enabled` or `Disabled` (any case, as
//!   the service echoes its own spelling). Setting the status the user already has answers 200.
//!   The 409 the page lists is given to a user marked for deletion: they cannot be enabled or
//!   disabled until the mark is removed.
//! - Synchronize: the page asks for an empty body with `Content-Length: 0`. A request without
//!   the header is a 411, as front ends that demand it answer; one with a body is a 400. The
//!   sync takes the directory's pending changes (the demo file's `directoryChanges`), sets
//!   `lastSyncTime` to now and answers the User Details object.
//! - Mark User Deleted: exactly one property, `markDeleted`, `true` or `false` as a Boolean or
//!   as the page's example writes it, a string (`"true"`); anything else is a 400. Marking
//!   keeps who marked and when (User Details' `markDeletedBy`, `markDeletedAt`); a marked user
//!   cannot sign in, get codes or have their status set (409, above). Marking a user already
//!   marked, or unmarking one who is not, answers 200 and changes nothing, as User Status does;
//!   the 409 the page lists is never given (what causes it is not said). The answer is not
//!   documented: `{"id", "markDeleted"}` here. Seven days after the mark the user is deleted
//!   (`pending_deletion.rs`).
//! - Each change is recorded in the user's authentication log (`authlogs`): one event per
//!   method actually unlocked, one for a status that changed, one per sync, one for a deletion
//!   mark made or taken away.

use crate::sim::errors::{bad_request, code_description, ok, user_not_found};
use crate::sim::events::AdminEvent;
use crate::sim::lock;
use crate::sim::state::AppState;
use crate::sim::users::details;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MethodStates {
    id: String,
    is_token_locked: bool,
    is_sms_locked: bool,
    is_voice_locked: bool,
    is_fingerprint_locked: bool,
    is_approve_locked: bool,
}

pub async fn unlock(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: crate::sim::body::JsonBody,
) -> Response {
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let methods = match body.get("unlockMethods") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => return bad_request("At least one unlock method is required."),
        Some(other) if !other.is_null() => {
            return bad_request("unlockMethods must be an array of TOKEN, SMS or VOICE.");
        }
        _ => return bad_request("unlockMethods is required."),
    };
    let mut names = Vec::new();
    for item in methods {
        match item.as_str() {
            Some(name @ ("TOKEN" | "SMS" | "VOICE")) => names.push(name),
            _ => return bad_request("unlockMethods may contain only TOKEN, SMS and VOICE."),
        }
    }
    let mut tenant = lock(&s.tenant);
    let Some(user) = tenant.by_id_mut(&id) else {
        return user_not_found(&id);
    };
    // Only a method that was locked is recorded as unlocked: unlocking what is not locked
    // changes nothing, so the log says nothing.
    let mut unlocked = Vec::new();
    for name in &names {
        let lock = match *name {
            "TOKEN" => &mut user.locks.token,
            "SMS" => &mut user.locks.sms,
            _ => &mut user.locks.voice,
        };
        if std::mem::replace(lock, false) && !unlocked.contains(name) {
            unlocked.push(*name);
        }
    }
    let (l, user_id) = (user.locks, user.id.clone());
    for name in unlocked {
        tenant.record_event(&user_id, AdminEvent::Unlocked(name));
    }
    ok(MethodStates {
        id: user_id,
        is_token_locked: l.token,
        is_sms_locked: l.sms,
        is_voice_locked: l.voice,
        is_fingerprint_locked: l.fingerprint,
        is_approve_locked: l.approve,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusAnswer {
    id: String,
    user_status: &'static str,
}

pub async fn set_status(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: crate::sim::body::JsonBody,
) -> Response {
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let wanted = match (body.len(), body.get("userStatus")) {
        (1, Some(Value::String(v))) if v.eq_ignore_ascii_case("enabled") => true,
        (1, Some(Value::String(v))) if v.eq_ignore_ascii_case("disabled") => false,
        (1, Some(_)) => return bad_request("userStatus must be Enabled or Disabled."),
        _ => return bad_request("Wrong number of properties in the request body."),
    };
    let mut tenant = lock(&s.tenant);
    let Some(user) = tenant.by_id_mut(&id) else {
        return user_not_found(&id);
    };
    if user.mark_deleted.is_some() {
        return code_description(
            StatusCode::CONFLICT,
            "User is marked for deletion; remove the mark before changing the status.",
        );
    }
    let changed = user.enabled != wanted;
    user.enabled = wanted;
    let user_id = user.id.clone();
    // Setting the status the user already has is not an event.
    if changed {
        let event = if wanted { AdminEvent::Enabled } else { AdminEvent::Disabled };
        tenant.record_event(&user_id, event);
    }
    ok(StatusAnswer { id: user_id, user_status: if wanted { "Enabled" } else { "Disabled" } })
}

/// `PUT v1/users/{id}/markDeleted`.
pub async fn mark_deleted(
    State(s): State<AppState>,
    Path(id): Path<String>,
    caller: Option<axum::Extension<crate::sim::trust::Caller>>,
    body: crate::sim::body::JsonBody,
) -> Response {
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let marked = match (body.len(), body.get("markDeleted")) {
        (1, Some(Value::Bool(b))) => *b,
        (1, Some(Value::String(v))) if v.eq_ignore_ascii_case("true") => true,
        (1, Some(Value::String(v))) if v.eq_ignore_ascii_case("false") => false,
        (1, Some(_)) => return bad_request("markDeleted must be true or false."),
        _ => return bad_request("Wrong number of properties in the request body."),
    };
    let mut tenant = lock(&s.tenant);
    let now = tenant.now();
    let Some(user) = tenant.by_id_mut(&id) else {
        return user_not_found(&id);
    };
    let by = match caller.as_deref() {
        Some(crate::sim::trust::Caller::OAuthClient(client)) => client.clone(),
        _ => "helpdesk API key".to_string(),
    };
    let changed = marked != user.mark_deleted.is_some();
    if changed {
        user.mark_deleted = marked.then(|| crate::sim::model::MarkDeleted {
            at: crate::sim::tenant::format_api(now),
            by,
        });
    }
    let answer = serde_json::json!({ "id": user.id, "markDeleted": marked });
    if changed {
        tenant.record_event(&id, AdminEvent::MarkedDeleted(marked));
    }
    ok(answer)
}

pub async fn sync(State(s): State<AppState>, Path(id): Path<String>, req: Request) -> Response {
    let length = req.headers().get(header::CONTENT_LENGTH).map(|v| v.as_bytes().to_vec());
    match length.as_deref() {
        None => {
            return code_description(
                StatusCode::LENGTH_REQUIRED,
                "Content-Length is required; send 0 with the empty body.",
            );
        }
        Some(b"0") => {}
        Some(_) => return bad_request("The request body must be empty."),
    }
    let mut tenant = lock(&s.tenant);
    let now = crate::sim::tenant::format_api(tenant.now());
    let Some(user) = tenant.by_id_mut(&id) else {
        return user_not_found(&id);
    };
    if let Some(changes) = user.directory_changes.take() {
        if let Some(first) = changes.first_name {
            user.first_name = first;
        }
        if let Some(last) = changes.last_name {
            user.last_name = last;
        }
    }
    user.last_sync = Some(now);
    let user = user.clone();
    tenant.record_event(&user.id, AdminEvent::Synced);
    ok(details(&tenant, &user))
}
