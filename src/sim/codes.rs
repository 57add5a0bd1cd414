//! `POST v1/users/generateVerifyCode/enroll` and `.../resetPassword`: per-user verify codes.
//!
//! Inferred where the documents are silent:
//! - A single object (as INGO-JAVA posts to resetPassword) is accepted and answered with a single
//!   result object; an array gets an array. An empty array gets `[]`. An element that is not an
//!   object makes the whole request a 400, as the service's JSON binding would.
//! - The cap counts raw entries, before duplicates are removed. Duplicates are entries whose
//!   `email` strings match ignoring case; the first one is kept.
//! - A missing or non-string `email` is 1003. Unknown, unsynched, disabled and mark-deleted users
//!   are all 1002 "Invalid User". `code_validity` may be a string or a number; `custom_email` ""
//!   counts as not given. Texts for 1001/1003/1004 come from the property tables.
//! - The reset `verification_Link` is `<origin>/resetpassword/admin`, by analogy with the
//!   documented `<origin>/enroll/admin`.
//! - A new code replaces the user's live code of the same mode at once.

use crate::sim::body::{JsonBody, kind, malformed, missing};
use crate::sim::errors::{ok, too_many_users};
use crate::sim::lock;
use crate::sim::model::{Mode, SentEmail};
use crate::sim::state::{AppState, Shared};
use crate::sim::tenant::{Tenant, format_code_expiry};
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashSet;

pub const MAX_USERS: usize = 100;

pub async fn enroll(State(s): State<AppState>, body: JsonBody) -> Response {
    generate(&s, body, Mode::Enrollment)
}

pub async fn reset_password(State(s): State<AppState>, body: JsonBody) -> Response {
    generate(&s, body, Mode::PasswordReset)
}

fn generate(s: &Shared, body: JsonBody, mode: Mode) -> Response {
    let (entries, single) = match body.0 {
        Value::Array(items) => (items, false),
        Value::Object(map) => (vec![Value::Object(map)], true),
        Value::Null => return missing(),
        other => {
            return malformed(&format!(
                "expected an array of user details, found {}",
                kind(&other)
            ));
        }
    };
    if entries.len() > MAX_USERS {
        return too_many_users(entries.len());
    }
    let mut requests = Vec::with_capacity(entries.len());
    let mut seen = HashSet::new();
    for entry in entries {
        let Value::Object(map) = entry else {
            return malformed("each user detail must be a JSON object");
        };
        if let Some(Value::String(email)) = map.get("email")
            && !seen.insert(email.to_lowercase())
        {
            continue;
        }
        requests.push(map);
    }
    let link = match mode {
        Mode::Enrollment => format!("{}/enroll/admin", s.origin),
        Mode::PasswordReset => format!("{}/resetpassword/admin", s.origin),
    };
    let mut tenant = lock(&s.tenant);
    let mut results: Vec<_> =
        requests.iter().map(|r| generate_one(&mut tenant, r, mode, &link)).collect();
    drop(tenant);
    match (single, results.pop()) {
        (true, Some(one)) => ok(one),
        (_, last) => {
            results.extend(last);
            ok(results)
        }
    }
}

/// The echo of what was asked, with the documented defaults filled in.
#[derive(Serialize)]
struct Echo {
    email: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_email: Option<Value>,
    code_validity: Value,
    validity_time_duration_unit: Value,
    code_send_to: Value,
}

#[derive(Serialize)]
struct GenerateResult {
    status: u16,
    #[serde(rename = "errorMessage")]
    error_message: String,
    #[serde(rename = "userDetailsRequestForVerifyCodeGeneration")]
    request: Echo,
    #[serde(skip_serializing_if = "Option::is_none")]
    verify_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verify_code_validity_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verify_code_generation_mode: Option<&'static str>,
    #[serde(rename = "verification_Link", skip_serializing_if = "Option::is_none")]
    verification_link: Option<String>,
}

fn generate_one(
    tenant: &mut Tenant,
    r: &Map<String, Value>,
    mode: Mode,
    link: &str,
) -> GenerateResult {
    let given = |name: &str| r.get(name).filter(|v| !v.is_null());
    let echo = Echo {
        email: r.get("email").cloned().unwrap_or(Value::Null),
        custom_email: given("custom_email").map(as_text),
        code_validity: given("code_validity").map_or_else(|| "10".into(), as_text),
        validity_time_duration_unit: given("validity_time_duration_unit")
            .map_or_else(|| "MIN".into(), as_text),
        code_send_to: given("code_send_to").map_or_else(|| "DISPLAY".into(), as_text),
    };
    let fail = |status: u16, message: &str, request: Echo| GenerateResult {
        status,
        error_message: message.to_string(),
        request,
        verify_code: None,
        verify_code_validity_time: None,
        verify_code_generation_mode: None,
        verification_link: None,
    };
    let Some(email) = r.get("email").and_then(Value::as_str).filter(|e| is_valid_email(e)) else {
        return fail(1003, "Invalid format of email address.", echo);
    };
    let Some(user) = tenant.by_email(email).filter(|u| u.enabled && u.mark_deleted.is_none())
    else {
        return fail(1002, "Invalid User", echo);
    };
    let minutes =
        match validity_minutes(given("code_validity"), given("validity_time_duration_unit")) {
            Ok(m) => m,
            Err(why) => return fail(1004, &format!("Request validation error: {why}"), echo),
        };
    let by_email = match given("code_send_to") {
        None => false,
        Some(Value::String(s)) if s == "DISPLAY" => false,
        Some(Value::String(s)) if s == "EMAIL" => true,
        Some(_) => {
            return fail(
                1004,
                "Request validation error: code_send_to must be DISPLAY or EMAIL.",
                echo,
            );
        }
    };
    let custom = match given("custom_email") {
        None => None,
        Some(Value::String(c)) if c.is_empty() => None,
        Some(Value::String(c)) if is_valid_email(c) => Some(c.clone()),
        Some(_) => return fail(1003, "Invalid format of email address.", echo),
    };
    if by_email && !tenant.email_delivery_configured(user) {
        return fail(1005, "Unable to send Email, please check \"Company Settings\".", echo);
    }
    if !tenant.code_generation_allowed(user) {
        return fail(
            1006,
            "Code generation is not allowed, please check the configuration settings.",
            echo,
        );
    }
    if user.internal_error {
        return fail(1001, "Some unexpected internal error. Cannot generate the code.", echo);
    }
    let (user_id, user_email) = (user.id.clone(), user.email.clone());
    let expires = tenant.now() + time::Duration::minutes(minutes);
    let code = tenant.issue_code(&user_id, mode, expires);
    tenant.record_event(&user_id, crate::sim::events::AdminEvent::CodeGenerated(mode));
    let mut result = fail(1000, "Code Successfully generated. ", echo);
    if by_email {
        tenant.send_email(SentEmail {
            to: custom.unwrap_or_else(|| user_email.clone()),
            user_email,
            mode: mode.as_str().to_string(),
        });
    } else {
        result.verify_code = Some(code);
        result.verify_code_validity_time = Some(format_code_expiry(expires));
        result.verify_code_generation_mode = Some(mode.as_str());
        result.verification_link = Some(link.to_string());
    }
    result
}

/// Strings as they are, numbers as their text (the service's DTO fields are strings).
fn as_text(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}

/// Validity in minutes: both fields or neither, MIN or HOUR, a positive whole number,
/// 10 minutes to 24 hours.
fn validity_minutes(value: Option<&Value>, unit: Option<&Value>) -> Result<i64, &'static str> {
    let (value, unit) = match (value, unit) {
        (None, None) => return Ok(10),
        (Some(v), Some(u)) => (v, u),
        _ => {
            return Err("code_validity and validity_time_duration_unit must be provided together.");
        }
    };
    let per_unit = match unit.as_str() {
        Some("MIN") => 1,
        Some("HOUR") => 60,
        _ => return Err("validity_time_duration_unit must be MIN or HOUR."),
    };
    let n = match value {
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse::<i64>().ok()
        }
        Value::Number(n) => n.as_i64(),
        _ => None,
    };
    let minutes = n
        .filter(|n| *n > 0)
        .and_then(|n| n.checked_mul(per_unit))
        .ok_or("code_validity must be a positive whole number.")?;
    if (10..=24 * 60).contains(&minutes) {
        Ok(minutes)
    } else {
        Err("code validity must be between 10 minutes and 24 hours.")
    }
}

/// A plain `local@domain.tld` address; enough to tell `user3@example,com` from a real one.
pub fn is_valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    s.len() <= 254 && local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emails() {
        assert!(is_valid_email("user3@example.com"));
        assert!(is_valid_email("AMViaPref0@example.com"));
        assert!(is_valid_email("first.o'neil+x@sub.example.co.uk"));
        for bad in [
            "user3@example,com",
            "not-an-address",
            "a@b",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "a@exa_mple.com",
            "a..b@example.com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn validity_rules() {
        let v = |value: Value, unit: Value| validity_minutes(Some(&value), Some(&unit));
        assert_eq!(validity_minutes(None, None), Ok(10));
        assert_eq!(v(json!("20"), json!("MIN")), Ok(20));
        assert_eq!(v(json!(2), json!("HOUR")), Ok(120));
        assert_eq!(v(json!("24"), json!("HOUR")), Ok(1440));
        assert!(v(json!("9"), json!("MIN")).is_err());
        assert!(v(json!("25"), json!("HOUR")).is_err());
        assert!(v(json!("0"), json!("MIN")).is_err());
        assert!(v(json!("-10"), json!("MIN")).is_err());
        assert!(v(json!("1.5"), json!("HOUR")).is_err());
        assert!(v(json!(30.5), json!("MIN")).is_err());
        assert!(v(json!("30"), json!("min")).is_err());
        assert!(v(json!("30"), json!("DAY")).is_err());
        assert!(validity_minutes(Some(&json!("30")), None).is_err());
        assert!(validity_minutes(None, Some(&json!("MIN"))).is_err());
        assert!(v(json!(i64::MAX), json!("HOUR")).is_err());
    }
}
