//! `PATCH v1/users/{id}` (Update SMS / Voice phone numbers): sets or clears the numbers the
//! next lookup shows as `smsNumber` and `voiceNumber`, and records each change in the user's
//! authentication log (without the number).
//!
//! Inferred where the documents are silent (the page gives the path, the status codes, the two
//! properties, "country code required", "E.123 recommended", "extensions are not supported"
//! and "an empty string clears the number"; no answer, no error texts):
//! - The body must be an object naming `smsNumber`, `voiceNumber` or both (400 otherwise). Any
//!   other property is a 400 too: this call changes phone numbers only, and a client that
//!   thinks it changed a name should hear that it did not.
//! - Each value is a string; `null` or another type is a 400. `""` (or only spaces) clears the
//!   number, which the lookup then shows as `null`.
//! - A number is `+`, a country code (first digit not 0) and the rest, grouped by spaces or
//!   hyphens, 7 to 15 digits in all (E.164). No `+` is the documented "country code required"
//!   400; `ext`, `x`, `#`, `;` or `,` is the documented "extensions are not supported" 400;
//!   anything else that is not a digit is a 400. It is stored as sent, trimmed. The error
//!   texts never quote the number.
//! - The numbers are stored whether or not SMS / Voice Tokencode is enabled for the company;
//!   the lookup shows them only where it is, as documented.
//! - The answer is 200 with the User Details object after the change (as Synchronize User
//!   answers): the page shows none, and a PATCH on the user resource plausibly returns it.
//! - An unknown user id is the 404 of the other `/users/{id}` calls. Setting the number the
//!   user already has answers 200 and is not an event.

use crate::sim::body::JsonBody;
use crate::sim::errors::{bad_request, ok, user_not_found};
use crate::sim::events::AdminEvent;
use crate::sim::lock;
use crate::sim::state::AppState;
use crate::sim::users::details;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

const SMS: &str = "smsNumber";
const VOICE: &str = "voiceNumber";

/// What the body asks for one number: leave it, clear it, or set it.
#[derive(Debug, PartialEq, Eq)]
enum Wanted {
    Leave,
    Clear,
    Set(String),
}

pub async fn update(State(s): State<AppState>, Path(id): Path<String>, body: JsonBody) -> Response {
    let body = match body.object() {
        Ok(b) => b,
        Err(r) => return r,
    };
    if let Some(other) = body.keys().find(|k| *k != SMS && *k != VOICE) {
        let other = crate::text::sanitize_excerpt(other, 40);
        return bad_request(format!(
            "Only smsNumber and voiceNumber can be updated; {other} cannot."
        ));
    }
    if body.is_empty() {
        return bad_request("smsNumber or voiceNumber is required.");
    }
    let sms = match wanted(body.get(SMS), SMS) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let voice = match wanted(body.get(VOICE), VOICE) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let mut tenant = lock(&s.tenant);
    let Some(user) = tenant.by_id_mut(&id) else {
        return user_not_found(&id);
    };
    let mut events = Vec::new();
    for (wanted, stored, method) in
        [(sms, &mut user.sms_number, "SMS"), (voice, &mut user.voice_number, "VOICE")]
    {
        let new = match wanted {
            Wanted::Leave => continue,
            Wanted::Clear => None,
            Wanted::Set(number) => Some(number),
        };
        if *stored != new {
            events.push(if new.is_some() {
                AdminEvent::PhoneChanged(method)
            } else {
                AdminEvent::PhoneCleared(method)
            });
            *stored = new;
        }
    }
    let user = user.clone();
    for event in events {
        tenant.record_event(&user.id, event);
    }
    ok(details(&tenant, &user))
}

/// One property of the body, or the 400.
#[expect(clippy::result_large_err, reason = "the error is the answer itself, on a cold path")]
fn wanted(value: Option<&Value>, name: &str) -> Result<Wanted, Response> {
    let number = match value {
        None => return Ok(Wanted::Leave),
        Some(Value::String(s)) => s.trim(),
        Some(_) => return Err(bad_request(format!("{name} must be a string."))),
    };
    if number.is_empty() {
        return Ok(Wanted::Clear);
    }
    let lower = number.to_ascii_lowercase();
    if lower.contains("ext") || lower.contains(['x', '#', ';', ',']) {
        return Err(bad_request(format!("{name}: extensions are not supported.")));
    }
    let Some(rest) = number.strip_prefix('+') else {
        return Err(bad_request(format!(
            "{name} must include the country code, e.g. +44 20 7946 0958."
        )));
    };
    if !rest.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-') {
        return Err(bad_request(format!(
            "{name} may contain only digits, spaces and hyphens after the +."
        )));
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.starts_with('0') || !(7..=15).contains(&digits.len()) {
        return Err(bad_request(format!("{name} is not a valid international phone number.")));
    }
    Ok(Wanted::Set(number.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_rules() {
        // The status only, so the closure's error is small.
        let s = |v: &str| wanted(Some(&Value::String(v.into())), SMS).map_err(|r| r.status());
        assert_eq!(s("+1 555 555 5555"), Ok(Wanted::Set("+1 555 555 5555".into())));
        assert_eq!(s("  "), Ok(Wanted::Clear));
        assert_eq!(wanted(None, SMS).unwrap(), Wanted::Leave);
        for bad in ["555 555 5555", "+1 555 555 5555 ext 2", "+1 (555) 555", "+0 555 555 5555"] {
            assert_eq!(s(bad), Err(axum::http::StatusCode::BAD_REQUEST), "{bad}");
        }
        assert_eq!(wanted(Some(&Value::Null), SMS).unwrap_err().status(), 400);
    }
}
