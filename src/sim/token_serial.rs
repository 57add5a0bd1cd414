//! SecurID 700 tokens by serial: Retrieve Hardware Token Details (`POST v1/sidTokens/lookup
//! {"tokenSerialNumber"}`) and Update Hardware Token Name (`PATCH
//! v1/users/{id}/sidTokens/updateName {"tokenSerialNumber", "updatedName"}`). A rename is
//! visible in the next `GET v2/users/{id}/devices` (the token's `tokenName`) and in the next
//! lookup by serial, and recorded in the user's authentication log.
//!
//! Inferred where the documents are silent (RSA's pages give the requests, not the answers):
//! - Lookup answers the token as Authenticator Details v2 lists it in `sidTokens`
//!   (`tokenSerialNumber`, `tokenName`, `tokenState`, `tokenStatus`, `expiryDate`, `assignedAt`,
//!   `assignedBy`, `pinSet` as the string "true"/"false", `tokenStatusChangedAt/By`,
//!   `tokenStatusReason`), plus the holder's `userId` (the page names it) and `userEmail`.
//!   `userEmail` is this simulator's choice: no documented API looks a user up by id (User
//!   Details takes an address, User Search part of one), so without it a console could not go
//!   from the token to its holder. It is spelled as Live Verification's start answer spells
//!   the user's address. Clients must work without it.
//! - A token in the pool (nobody holds it) answers `tokenState` "Unassigned", its
//!   `expiryDate` and `pinSet` "false", and no `userId`, `userEmail` or status. A serial the
//!   tenant does not know is a 404 "Token … not found"; a body without a good serial a 400.
//! - Rename takes `updatedName`, a non-empty string of at most 255 characters (400 otherwise,
//!   as for the serial); the name is stored as sent. It renames only a token the user holds: an
//!   unknown user or serial is a 404, a token in the pool or held by someone else a 409 "not
//!   assigned to this user", as for the other token calls. It answers `userId`,
//!   `tokenSerialNumber` and the new `tokenName`. Renaming to the name it has is a 200 and not
//!   an event.

use crate::sim::body::JsonBody;
use crate::sim::errors::{bad_request, ok};
use crate::sim::events::AdminEvent;
use crate::sim::lock;
use crate::sim::state::AppState;
use crate::sim::tokens::{serial_of, token_mut, token_not_found, users_token};
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Value, json};

/// The documented limit of `updatedName`.
const MAX_NAME_CHARS: usize = 255;

pub async fn lookup(State(s): State<AppState>, body: JsonBody) -> Response {
    let body = match body.object() {
        Ok(body) => body,
        Err(r) => return r,
    };
    let serial = match serial_of(&body) {
        Ok(serial) => serial,
        Err(r) => return r,
    };
    let tenant = lock(&s.tenant);
    if let Some(pooled) = tenant.unassigned_tokens.iter().find(|t| t.token_serial_number == serial)
    {
        return ok(json!({
            "tokenSerialNumber": pooled.token_serial_number,
            "tokenState": "Unassigned",
            "expiryDate": pooled.expiry_date,
            "pinSet": "false",
        }));
    }
    let held = tenant.users.iter().find_map(|u| {
        u.sid_tokens.iter().find(|t| t.token_serial_number == serial).map(|t| (u, t))
    });
    let Some((user, token)) = held else { return token_not_found(&serial) };
    ok(json!({
        "tokenSerialNumber": token.token_serial_number,
        "tokenName": token.token_name,
        "tokenState": token.token_state,
        "tokenStatus": token.token_status,
        "expiryDate": token.expiry_date,
        "assignedAt": token.assigned_at,
        "assignedBy": token.assigned_by,
        "pinSet": token.pin_set,
        "tokenStatusChangedAt": token.token_status_changed_at,
        "tokenStatusChangedBy": token.token_status_changed_by,
        "tokenStatusReason": token.token_status_reason,
        "userId": user.id,
        "userEmail": user.email,
    }))
}

pub async fn update_name(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Response {
    let body = match body.object() {
        Ok(body) => body,
        Err(r) => return r,
    };
    let serial = match serial_of(&body) {
        Ok(serial) => serial,
        Err(r) => return r,
    };
    let name = match body.get("updatedName") {
        Some(Value::String(n)) if n.trim().is_empty() => {
            return bad_request("updatedName must not be empty.");
        }
        Some(Value::String(n)) if n.chars().count() > MAX_NAME_CHARS => {
            return bad_request(format!(
                "updatedName must be at most {MAX_NAME_CHARS} characters."
            ));
        }
        Some(Value::String(n)) => n.clone(),
        Some(v) if !v.is_null() => return bad_request("updatedName must be a string."),
        _ => return bad_request("updatedName is required."),
    };
    let mut tenant = lock(&s.tenant);
    if let Err(r) = users_token(&tenant, &id, &serial) {
        return r;
    }
    let token = token_mut(&mut tenant, &id, &serial);
    let changed = token.token_name.as_deref() != Some(name.as_str());
    token.token_name = Some(name.clone());
    if changed {
        tenant.record_event(&id, AdminEvent::TokenRenamed(&serial));
    }
    ok(json!({ "userId": id, "tokenSerialNumber": serial, "tokenName": name }))
}
