//! Who the simulator trusts and what it has issued: the legacy Administration API keys and
//! the registered OAuth clients, and the OAuth access tokens given out (with the assertion ids
//! already used). The shared state (`state.rs`) holds them; the authentication layer
//! (`auth.rs`) reads them and the token endpoint (`oauth.rs`) issues into them, so they sit
//! below all three.

// Both demo clients are registered for every scope a helpdesk needs.
use crate::api::HELPDESK_SCOPES;
use crate::sim::jwt::now_secs;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;
use std::collections::HashMap;

/// A legacy Administration API key the tenant trusts.
pub struct LegacyKey {
    pub access_id: String,
    pub public_key: DecodingKey,
    /// The key file's `adminRestApiUrl`, the documented `aud`.
    pub admin_rest_api_url: String,
}

/// A registered OAuth Admin API client.
pub struct OAuthClient {
    pub client_id: String,
    pub kid: String,
    pub alg: Algorithm,
    pub key: DecodingKey,
    pub scopes: Vec<String>,
}

impl OAuthClient {
    /// Registers a client from its JWK (the private one is fine: only public parts are read).
    pub fn from_jwk(client_id: &str, jwk: &str) -> Result<Self, String> {
        let v: Value = serde_json::from_str(jwk).map_err(|e| format!("JWK of {client_id}: {e}"))?;
        let field = |name: &str| v.get(name).and_then(Value::as_str).unwrap_or_default();
        let (alg, key) = match field("kty") {
            "RSA" => (Algorithm::RS256, DecodingKey::from_rsa_components(field("n"), field("e"))),
            "EC" if field("crv") == "P-256" => {
                (Algorithm::ES256, DecodingKey::from_ec_components(field("x"), field("y")))
            }
            other => return Err(format!("JWK of {client_id}: unsupported key type {other}")),
        };
        Ok(Self {
            client_id: client_id.to_string(),
            kid: field("kid").to_string(),
            alg,
            key: key.map_err(|e| format!("JWK of {client_id}: {e}"))?,
            scopes: HELPDESK_SCOPES.iter().map(|s| s.to_string()).collect(),
        })
    }
}

/// What an issued access token stands for.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The OAuth client the token was issued to.
    pub client_id: String,
    pub scopes: Vec<String>,
    /// Set by the token endpoint as it issues the token.
    pub(super) expires_at: f64,
}

/// Who made an Admin API call, as the authentication layer found (a request extension, for
/// the handlers that answer by caller: Live Verification).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// A legacy Administration API key.
    LegacyKey,
    /// An OAuth client, by its client id.
    OAuthClient(String),
}

/// Issued tokens and the assertion ids already used (until they expire).
#[derive(Default)]
pub struct OAuthState {
    pub(crate) tokens: HashMap<String, Principal>,
    pub(super) used_jti: HashMap<String, f64>,
}

impl OAuthState {
    /// The principal behind an OAuth access token, if it is one of ours and still valid.
    pub fn principal(&self, token: &str) -> Option<Principal> {
        self.tokens.get(token).filter(|p| p.expires_at > now_secs()).cloned()
    }
}
