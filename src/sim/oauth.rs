//! `POST /oauth/token`: OAuth 2.0 client credentials with a `private_key_jwt` client assertion
//! (RFC 6749 §4.4, RFC 7523), as RSA's "Admin API" OAuth clients use it.
//!
//! Inferred where the documents are silent:
//! - Errors follow RFC 6749 §5.2: 400 `invalid_request`/`unsupported_grant_type`/`invalid_scope`,
//!   401 `invalid_client` for an unknown client or an assertion that does not verify.
//! - The assertion must be signed with the client's registered key and algorithm (RS256 for an
//!   RSA JWK, ES256 for EC) under its `kid`, carry `iss` = `sub` = client id, `aud` = the token
//!   endpoint URL, `iat`/`exp` (at most 5 minutes apart, 60 s skew) and a `jti` not seen before.
//! - `scope` is required and every requested scope must be registered for the client; the answer
//!   echoes the granted scopes. Tokens are opaque, last 3600 s, and are checked on the real clock.

use crate::sim::body::MAX_BODY_BYTES;
use crate::sim::jwt::{
    SKEW_SECS, audience_matches, bare_origins, now_secs, numeric, segment_json, signature_is_valid,
};
use crate::sim::lock;
use crate::sim::state::{AppState, TOKEN_PATH};
use crate::sim::trust::{OAuthClient, Principal};
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Algorithm;
use rand::Rng;
use serde_json::{Value, json};
use std::collections::HashMap;

const TOKEN_LIFETIME_SECS: u64 = 3600;
const MAX_ASSERTION_LIFETIME_SECS: f64 = 300.0 + SKEW_SECS;
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

pub async fn token(State(s): State<AppState>, req: Request) -> Response {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string);
    let form_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|ct| ct.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
    let Ok(bytes) = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES).await else {
        return oauth_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            "The request body is too large.",
        );
    };
    if !form_type {
        return invalid_request("The request must be application/x-www-form-urlencoded.");
    }
    let mut form: HashMap<String, String> = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(&bytes) {
        if form.insert(k.to_string(), v.into_owned()).is_some() {
            return invalid_request(&format!("Parameter {k} is repeated."));
        }
    }
    let param = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let Some(grant_type) = param("grant_type") else {
        return invalid_request("Missing grant_type.");
    };
    if grant_type != "client_credentials" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only client_credentials is supported.",
        );
    }
    let Some(client_id) = param("client_id") else {
        return invalid_request("Missing client_id.");
    };
    let Some(client) = s.oauth_clients.iter().find(|c| c.client_id == client_id) else {
        return invalid_client("Unknown client.");
    };
    if param("client_assertion_type") != Some(JWT_BEARER) {
        return invalid_request(
            "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
        );
    }
    let Some(assertion) = param("client_assertion") else {
        return invalid_request("Missing client_assertion.");
    };
    // The token endpoint as the client reached it, in the simulator's scheme (https under TLS).
    let audiences: Vec<String> = bare_origins(&s.origin, host.as_deref())
        .into_iter()
        .map(|origin| format!("{origin}{TOKEN_PATH}"))
        .collect();
    let audiences: Vec<&str> = audiences.iter().map(String::as_str).collect();
    let jti = match verify_assertion(client, assertion, &audiences) {
        Ok(jti) => jti,
        Err(why) => return invalid_client(why),
    };
    let Some(scope) = param("scope") else {
        return invalid_request("Missing scope.");
    };
    let requested: Vec<&str> = scope.split(' ').filter(|s| !s.is_empty()).collect();
    if requested.is_empty() || requested.iter().any(|r| !client.scopes.iter().any(|s| s == r)) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "A requested scope is not enabled for this client.",
        );
    }
    let now = now_secs();
    let mut state = lock(&s.oauth);
    state.used_jti.retain(|_, exp| *exp + SKEW_SECS >= now);
    if state.used_jti.contains_key(&jti.0) {
        return invalid_client("The client assertion was already used.");
    }
    state.used_jti.insert(jti.0, jti.1);
    state.tokens.retain(|_, p| p.expires_at > now);
    let access_token = random_token();
    let principal = Principal {
        client_id: client.client_id.clone(),
        scopes: requested.iter().map(|s| s.to_string()).collect(),
        expires_at: now + TOKEN_LIFETIME_SECS as f64,
    };
    state.tokens.insert(access_token.clone(), principal);
    drop(state);
    let body = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME_SECS,
        "scope": requested.join(" "),
    });
    no_store(StatusCode::OK, body)
}

/// Checks the assertion; returns its `jti` and expiry. Reasons name the rule, never the token.
fn verify_assertion(
    client: &OAuthClient,
    jwt: &str,
    audiences: &[&str],
) -> Result<(String, f64), &'static str> {
    let header = segment_json(jwt, 0).ok_or("The client assertion is not a JWT.")?;
    let want_alg = if client.alg == Algorithm::ES256 { "ES256" } else { "RS256" };
    if header.get("alg").and_then(Value::as_str) != Some(want_alg) {
        return Err("The client assertion uses the wrong algorithm for this client's key.");
    }
    if header.get("kid").and_then(Value::as_str) != Some(client.kid.as_str()) {
        return Err("The client assertion's kid does not match this client's key.");
    }
    if !signature_is_valid(jwt, &client.key, client.alg) {
        return Err("The client assertion's signature does not verify.");
    }
    let claims = segment_json(jwt, 1).ok_or("The client assertion has no claims.")?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    if text("iss") != Some(client.client_id.as_str())
        || text("sub") != Some(client.client_id.as_str())
    {
        return Err("The client assertion's iss and sub must be the client id.");
    }
    if !audience_matches(claims.get("aud"), audiences) {
        return Err("The client assertion's aud must be the token endpoint URL.");
    }
    let (Some(iat), Some(exp)) = (numeric(claims.get("iat")), numeric(claims.get("exp"))) else {
        return Err("The client assertion needs iat and exp.");
    };
    let now = now_secs();
    if exp + SKEW_SECS < now
        || iat - SKEW_SECS > now
        || exp < iat
        || exp - iat > MAX_ASSERTION_LIFETIME_SECS
    {
        return Err("The client assertion is expired, not yet valid, or too long-lived.");
    }
    let jti = text("jti").filter(|j| !j.is_empty()).ok_or("The client assertion needs a jti.")?;
    Ok((jti.to_string(), exp))
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn invalid_request(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

fn invalid_client(description: &str) -> Response {
    oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    no_store(status, json!({ "error": error, "error_description": description }))
}

/// RFC 6749 §5.1: token answers must not be cached.
fn no_store(status: StatusCode, body: Value) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")], Json(body))
        .into_response()
}
