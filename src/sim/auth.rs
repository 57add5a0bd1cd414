//! Who may call the Admin API: a legacy RS256 JWT signed with an Administration API key, or an
//! OAuth access token this simulator issued.
//!
//! A bearer with dots is read as a legacy JWT and checked exactly as RSA documents: header
//! `{"typ":"JWT","alg":"RS256"}` only, `sub` a known access ID, a valid signature by that key,
//! `aud` the key's `adminRestApiUrl` verbatim (or the bare origin, which some public clients
//! such as pydplus send: scheme and host as the client reached us, so `https://…` under
//! `--tls`), `iat`/`exp` present, `exp` not past, `iat` not future (60 s skew each), and a lifetime
//! of at most an hour. Every failure is the same 403: the service never says why, and neither
//! do we (nor do we log anything about the token). Any other bearer is an OAuth token:
//! unknown or expired is a 401, a valid one without the endpoint's scope a 403.

use crate::sim::errors::{TOKEN_REFUSED, spring};
use crate::sim::oauth::Principal;
use crate::sim::routes::required_scope;
use crate::sim::state::{ADMIN_PREFIX, AppState};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

/// Clock skew allowed on each time check.
pub const SKEW_SECS: f64 = 60.0;
/// The documented maximum lifetime of a legacy JWT.
const MAX_LIFETIME_SECS: f64 = 3600.0;

/// A legacy Administration API key the tenant trusts.
pub struct LegacyKey {
    pub access_id: String,
    pub public_key: DecodingKey,
    /// The key file's `adminRestApiUrl`, the documented `aud`.
    pub admin_rest_api_url: String,
}

pub async fn authenticate(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !path.starts_with(ADMIN_PREFIX) {
        return next.run(req).await;
    }
    let Some(bearer) = bearer(req.headers()) else {
        return spring(StatusCode::FORBIDDEN, TOKEN_REFUSED, &path);
    };
    if bearer.contains('.') {
        let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok());
        let origins = bare_origins(&s.origin, host);
        if !s.legacy_keys.iter().any(|k| verify_legacy(k, bearer, &origins)) {
            return spring(StatusCode::FORBIDDEN, TOKEN_REFUSED, &path);
        }
        return next.run(req).await;
    }
    let scopes = match s.oauth_principal(bearer) {
        Some(Principal { scopes, .. }) => scopes,
        None => {
            return spring(StatusCode::UNAUTHORIZED, "Invalid or expired access token", &path);
        }
    };
    let needed = req
        .extensions()
        .get::<MatchedPath>()
        .and_then(|m| required_scope(req.method(), m.as_str()));
    if let Some(scope) = needed
        && !scopes.iter().any(|s| s == scope)
    {
        return spring(StatusCode::FORBIDDEN, "Insufficient scope", &path);
    }
    next.run(req).await
}

/// The token from `Authorization: Bearer <token>`; the scheme is case-insensitive.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The bare origins a client may name as `aud`: the simulator's own, and the one the `Host`
/// header gives, in the scheme clients reach it by (`https` under TLS or behind a TLS front
/// end: never `http` there, which a client of the HTTPS simulator cannot have meant).
pub fn bare_origins(origin: &str, host: Option<&str>) -> Vec<String> {
    let scheme = origin.split_once("://").map_or("http", |(scheme, _)| scheme);
    let mut origins = vec![origin.trim_end_matches('/').to_string()];
    if let Some(host) = host.map(str::trim).filter(|h| !h.is_empty()) {
        let by_host = format!("{scheme}://{host}");
        if !origins.contains(&by_host) {
            origins.push(by_host);
        }
    }
    origins
}

/// The documented legacy rules; `origins` are the bare origins also accepted as `aud`.
fn verify_legacy(key: &LegacyKey, token: &str, origins: &[String]) -> bool {
    let Some(header) = segment_json(token, 0) else {
        return false;
    };
    let exact = |name: &str, want: &str| header.get(name).and_then(Value::as_str) == Some(want);
    if !exact("alg", "RS256") || !exact("typ", "JWT") {
        return false;
    }
    let Some(claims) = segment_json(token, 1) else {
        return false;
    };
    if claims.get("sub").and_then(Value::as_str) != Some(key.access_id.as_str()) {
        return false;
    }
    if !signature_is_valid(token, &key.public_key, Algorithm::RS256) {
        return false;
    }
    let mut audiences = vec![key.admin_rest_api_url.as_str()];
    audiences.extend(origins.iter().map(String::as_str));
    audience_matches(claims.get("aud"), &audiences) && legacy_times_ok(&claims, now_secs())
}

fn legacy_times_ok(claims: &Value, now: f64) -> bool {
    let (Some(iat), Some(exp)) = (numeric(claims.get("iat")), numeric(claims.get("exp"))) else {
        return false;
    };
    exp + SKEW_SECS >= now && iat - SKEW_SECS <= now && exp >= iat && exp - iat <= MAX_LIFETIME_SECS
}

/// Verifies only the signature (and that the header names `alg`); claims are checked by hand
/// because the service accepts forms of `iat`/`exp` that a strict JWT library would not.
pub fn signature_is_valid(token: &str, key: &DecodingKey, alg: Algorithm) -> bool {
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(token, key, &validation).is_ok()
}

/// The decoded JSON of a JWT segment (0: header, 1: claims), if it is an object.
pub fn segment_json(token: &str, index: usize) -> Option<Value> {
    let mut parts = token.split('.');
    if token.split('.').count() != 3 {
        return None;
    }
    let raw = parts.nth(index)?;
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim_end_matches('=')).ok()?;
    serde_json::from_slice::<Value>(&bytes).ok().filter(Value::is_object)
}

/// A NumericDate given as an integer, a float, or a numeric string.
pub fn numeric(v: Option<&Value>) -> Option<f64> {
    let n = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// `aud` as a string, or an array containing one of `accepted`.
pub fn audience_matches(aud: Option<&Value>, accepted: &[&str]) -> bool {
    match aud {
        Some(Value::String(a)) => accepted.contains(&a.as_str()),
        Some(Value::Array(items)) => {
            items.iter().filter_map(Value::as_str).any(|a| accepted.contains(&a))
        }
        _ => false,
    }
}

pub fn now_secs() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn time_rules() {
        let now = 1_700_000_000.0;
        let ok = |iat: f64, exp: f64| legacy_times_ok(&json!({"iat": iat, "exp": exp}), now);
        assert!(ok(now, now + 3600.0));
        assert!(ok(now - 3000.0, now + 500.0));
        assert!(!ok(now, now + 3601.0), "over an hour");
        assert!(!ok(now - 3600.0, now - 61.0), "expired beyond skew");
        assert!(ok(now - 3600.0, now - 59.0), "expired within skew");
        assert!(!ok(now + 61.0, now + 100.0), "issued in the future");
        assert!(!ok(now, now - 1.0), "expires before issue");
        let strings = json!({"iat": format!("{now}"), "exp": "1700003000"});
        assert!(legacy_times_ok(&strings, now));
        assert!(!legacy_times_ok(&json!({"iat": now}), now), "exp required");
        assert!(!legacy_times_ok(&json!({"iat": "soon", "exp": now}), now));
    }

    #[test]
    fn audiences() {
        let a = ["http://x/AdminInterface/restapi/"];
        assert!(audience_matches(Some(&json!("http://x/AdminInterface/restapi/")), &a));
        assert!(audience_matches(Some(&json!(["other", "http://x/AdminInterface/restapi/"])), &a));
        assert!(!audience_matches(Some(&json!("http://x/AdminInterface/restapi")), &a));
        assert!(!audience_matches(None, &a));
    }

    #[test]
    fn bare_origins_keep_the_scheme_clients_reach_the_simulator_by() {
        let tls = bare_origins("https://127.0.0.1:8443", Some("localhost:8443"));
        assert_eq!(tls, ["https://127.0.0.1:8443", "https://localhost:8443"]);
        let same = bare_origins("https://127.0.0.1:8443", Some("127.0.0.1:8443"));
        assert_eq!(same, ["https://127.0.0.1:8443"]);
        let plain = bare_origins("http://127.0.0.1:8778", Some("[::1]:8778"));
        assert_eq!(plain, ["http://127.0.0.1:8778", "http://[::1]:8778"]);
        assert_eq!(bare_origins("https://127.0.0.1:8443", Some(" ")), ["https://127.0.0.1:8443"]);
        assert_eq!(bare_origins("https://localhost:9/", None), ["https://localhost:9"]);
    }

    proptest::proptest! {
        /// Whatever the Host header says, an origin accepted over TLS is an https one, and the
        /// simulator's own comes first.
        #[test]
        fn no_host_header_makes_an_http_origin_acceptable_over_tls(host in "\\PC{0,40}") {
            let origins = bare_origins("https://127.0.0.1:8443", Some(&host));
            proptest::prop_assert_eq!(origins[0].as_str(), "https://127.0.0.1:8443");
            proptest::prop_assert!(origins.iter().all(|o| o.starts_with("https://")));
        }
    }

    #[test]
    fn garbage_is_not_a_jwt() {
        assert!(segment_json("a.b", 0).is_none());
        assert!(segment_json("!!!.e30.x", 0).is_none());
        assert!(segment_json("e30.e30.x", 1).is_some());
        assert!(segment_json("e30.e30.x.y", 0).is_none());
    }
}
