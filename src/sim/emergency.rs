//! Emergency tokencode (Emergency Access Code): `PUT v2/users/{id}/emergencyTokencode` and
//! `DELETE v1/users/{id}/emergencyTokencode/{eacId}`.
//!
//! Inferred where the documents are silent:
//! - An empty body means "all defaults". `oneTimeUse` may be a boolean or "true"/"false";
//!   `expiryValue` a whole number or a numeric string; `expiryUnit` is read ignoring case and
//!   echoed in lower case. Unknown properties are ignored (Spring's default).
//! - A disabled or mark-deleted user gets 400 "User is disabled." (v1/v2 list 400, not 403).
//! - The offline expiry is the company's offline validity (7 days in the demo) from now, but never
//!   earlier than the online expiry. Enabling replaces every earlier code of the user.
//! - Disabling answers 200 with `{}`. An unknown user, or an `eacId` that is not the user's
//!   current code, is a 404 in the `{code, description}` shape; an expired code can still be
//!   disabled.

use crate::sim::body::JsonBody;
use crate::sim::errors::{bad_request, code_description, ok, user_not_found};
use crate::sim::lock;
use crate::sim::model::{EacConfig, EacUnit};
use crate::sim::state::AppState;
use crate::sim::tenant::format_api;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use serde_json::{Map, Value, json};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Configurations {
    expiry_value: i64,
    expiry_unit: &'static str,
    one_time_use: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Enabled {
    emergency_tokencode_id: String,
    emergency_tokencode: String,
    expiration_date: String,
    offline_expiration_date: String,
    one_time_use: bool,
    configurations_used: Configurations,
    configurations_locked: bool,
}

pub async fn enable(State(s): State<AppState>, Path(id): Path<String>, body: JsonBody) -> Response {
    let body = match body.0 {
        Value::Null => Map::new(),
        other => match JsonBody(other).object() {
            Ok(b) => b,
            Err(r) => return r,
        },
    };
    let mut tenant = lock(&s.tenant);
    let Some(user) = tenant.by_id(&id) else {
        return user_not_found(&id);
    };
    let enabled = user.enabled && user.mark_deleted.is_none();
    let defaults = tenant.company.eac_defaults;
    let requested = match requested_config(&body, defaults) {
        Ok(c) => c,
        Err(why) => return bad_request(why),
    };
    if !enabled {
        return bad_request("User is disabled.");
    }
    let locked = tenant.company.eac_config_locked;
    let used = if locked { defaults } else { requested };
    let expires = tenant.now() + used.expiry_unit.duration(used.expiry_value);
    let eac = tenant.issue_eac(&id, expires, used.one_time_use);
    tenant.record_event(&id, crate::sim::events::AdminEvent::EacEnabled);
    drop(tenant);
    ok(Enabled {
        emergency_tokencode_id: eac.id,
        emergency_tokencode: eac.code,
        expiration_date: format_api(eac.expires_at),
        offline_expiration_date: format_api(eac.offline_expires_at),
        one_time_use: used.one_time_use,
        configurations_used: Configurations {
            expiry_value: used.expiry_value,
            expiry_unit: used.expiry_unit.as_str(),
            one_time_use: used.one_time_use,
        },
        configurations_locked: locked,
    })
}

/// The request's settings over the defaults: unit and value together, 1 minute to 7 days.
fn requested_config(
    body: &Map<String, Value>,
    defaults: EacConfig,
) -> Result<EacConfig, &'static str> {
    let given = |name: &str| body.get(name).filter(|v| !v.is_null());
    let one_time_use = match given("oneTimeUse") {
        None => defaults.one_time_use,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(t)) if t.eq_ignore_ascii_case("true") => true,
        Some(Value::String(t)) if t.eq_ignore_ascii_case("false") => false,
        Some(_) => return Err("oneTimeUse must be true or false."),
    };
    let (expiry_value, expiry_unit) = match (given("expiryValue"), given("expiryUnit")) {
        (None, None) => (defaults.expiry_value, defaults.expiry_unit),
        (Some(value), Some(unit)) => {
            let unit = unit
                .as_str()
                .and_then(EacUnit::parse)
                .ok_or("expiryUnit must be days, hours or minutes.")?;
            let value = match value {
                Value::Number(n) => n.as_i64(),
                Value::String(t) => t.trim().parse::<i64>().ok(),
                _ => None,
            }
            .filter(|v| *v > 0)
            .ok_or("expiryValue must be a positive whole number.")?;
            (value, unit)
        }
        _ => return Err("expiryUnit and expiryValue must be provided together."),
    };
    let minutes = match expiry_unit {
        EacUnit::Days => expiry_value.checked_mul(24 * 60),
        EacUnit::Hours => expiry_value.checked_mul(60),
        EacUnit::Minutes => Some(expiry_value),
    };
    if !minutes.is_some_and(|m| (1..=7 * 24 * 60).contains(&m)) {
        return Err("The emergency tokencode validity must be between 1 minute and 7 days.");
    }
    Ok(EacConfig { expiry_value, expiry_unit, one_time_use })
}

pub async fn disable(
    State(s): State<AppState>,
    Path((id, eac_id)): Path<(String, String)>,
) -> Response {
    let mut tenant = lock(&s.tenant);
    if tenant.by_id(&id).is_none() {
        return user_not_found(&id);
    }
    if tenant.eac(&id).is_none_or(|e| e.id != eac_id) {
        return code_description(
            StatusCode::NOT_FOUND,
            format!("Emergency tokencode {eac_id} not found"),
        );
    }
    tenant.remove_eacs(&id);
    tenant.record_event(&id, crate::sim::events::AdminEvent::EacDisabled);
    drop(tenant);
    ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULTS: EacConfig =
        EacConfig { expiry_value: 1, expiry_unit: EacUnit::Days, one_time_use: false };

    fn config(v: Value) -> Result<EacConfig, &'static str> {
        let Value::Object(map) = v else { unreachable!() };
        requested_config(&map, DEFAULTS)
    }

    #[test]
    fn rules() {
        let c = config(json!({})).unwrap();
        assert_eq!((c.expiry_value, c.expiry_unit, c.one_time_use), (1, EacUnit::Days, false));
        let c =
            config(json!({"oneTimeUse": true, "expiryUnit": "hours", "expiryValue": 4})).unwrap();
        assert_eq!((c.expiry_value, c.expiry_unit, c.one_time_use), (4, EacUnit::Hours, true));
        assert!(config(json!({"expiryUnit": "MINUTES", "expiryValue": "1"})).is_ok());
        assert!(config(json!({"expiryUnit": "days", "expiryValue": 7})).is_ok());
        assert!(config(json!({"expiryUnit": "days", "expiryValue": 8})).is_err());
        assert!(config(json!({"expiryUnit": "hours", "expiryValue": 169})).is_err());
        assert!(config(json!({"expiryUnit": "minutes", "expiryValue": 0})).is_err());
        assert!(config(json!({"expiryUnit": "weeks", "expiryValue": 1})).is_err());
        assert!(config(json!({"expiryValue": 1})).is_err());
        assert!(config(json!({"expiryUnit": "days"})).is_err());
        assert!(config(json!({"oneTimeUse": "maybe"})).is_err());
        assert!(config(json!({"expiryUnit": "days", "expiryValue": i64::MAX})).is_err());
    }
}
