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
//! unknown or expired is a 401, a valid one without the endpoint's scope a 403. A call let
//! through carries who made it ([`Caller`], a request extension) for the handlers that answer
//! by caller (Live Verification: OAuth clients only, one administrator per session).

use crate::sim::admin_record::{ACTOR, Actor};
use crate::sim::errors::{TOKEN_REFUSED, spring};
use crate::sim::jwt::{
    SKEW_SECS, audience_matches, bare_origins, now_secs, numeric, segment_json, signature_is_valid,
};
use crate::sim::lock;
use crate::sim::routes::required_scope;
use crate::sim::state::{ADMIN_PREFIX, AppState};
use crate::sim::trust::{Caller, LegacyKey, Principal};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use jsonwebtoken::Algorithm;
use serde_json::Value;

/// The documented maximum lifetime of a legacy JWT.
const MAX_LIFETIME_SECS: f64 = 3600.0;

pub async fn authenticate(State(s): State<AppState>, mut req: Request, next: Next) -> Response {
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
        let Some(key) = s.legacy_keys.iter().find(|k| verify_legacy(k, bearer, &origins)) else {
            return spring(StatusCode::FORBIDDEN, TOKEN_REFUSED, &path);
        };
        req.extensions_mut().insert(Caller::LegacyKey);
        // The administration log names a key's calls by its access ID (`admin_events.rs`).
        let actor = Actor { name: key.access_id.clone() };
        return ACTOR.scope(actor, next.run(req)).await;
    }
    let principal = lock(&s.oauth).principal(bearer);
    let (client_id, scopes) = match principal {
        Some(Principal { client_id, scopes, .. }) => (client_id, scopes),
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
    let actor = Actor { name: client_id.clone() };
    req.extensions_mut().insert(Caller::OAuthClient(client_id));
    ACTOR.scope(actor, next.run(req)).await
}

/// The token from `Authorization: Bearer <token>`; the scheme is case-insensitive.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
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
}
