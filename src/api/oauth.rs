//! OAuth 2.0 "Admin API" clients: client credentials with a `private_key_jwt` assertion.
//!
//! The Super Admin hands over an issuer URL, a client id and a private JWK (RSA or EC). The
//! assertion is `{iss, sub = client id, aud = token endpoint, iat, exp, jti}` signed with RS256
//! or ES256 and the JWK's `kid`; the token endpoint is `<issuer>/token`.

use crate::api::AuthError;
use crate::api::base_url::{USERINFO_REFUSED, check_transport_is_safe, redact_userinfo};
use crate::api::error::{ErrorBody, StatusError, reason_phrase};
use crate::api::jwk::{JwkSigningKey, signing_key_from_jwk};
use crate::api::model::lenient::opt_string;
use crate::api::scope::{CORE_SCOPES, HELPDESK_SCOPES, Scope, required_scopes};
use crate::api::token::Token;
use crate::secret::Secret;
use jsonwebtoken::Header;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};
use url::Url;

/// How long an assertion is good for; it is used at once.
const ASSERTION_LIFETIME_SECS: i64 = 300;
/// When the token endpoint omits `expires_in` (public clients default it the same way).
const DEFAULT_EXPIRES_IN: i64 = 3600;

#[derive(Clone, Debug)]
pub struct OAuthClientConfig {
    /// e.g. `https://co.auth.securid.com/oauth`
    pub issuer_url: String,
    pub client_id: String,
    /// The private JWK text, as downloaded.
    pub private_jwk: Secret,
    pub scopes: Vec<String>,
    /// The "Administration API REST URL" shown with the OAuth client, e.g.
    /// `https://co.access.securid.com/AdminInterface/restapi`.
    pub admin_rest_api_url: String,
}

impl OAuthClientConfig {
    pub fn token_endpoint(&self) -> Result<Url, AuthError> {
        let issuer = self.issuer_url.trim().trim_end_matches('/');
        let unsafe_url = |reason: String| AuthError::UnsafeUrl {
            url: crate::text::sanitize_excerpt(&redact_userinfo(&self.issuer_url), 120),
            reason,
        };
        let url = Url::parse(&format!("{issuer}/token")).map_err(|e| unsafe_url(e.to_string()))?;
        check_transport_is_safe(&url).map_err(unsafe_url)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(unsafe_url(USERINFO_REFUSED.to_string()));
        }
        Ok(url)
    }
}

pub(crate) struct OAuthTokenClient {
    token_url: Url,
    client_id: String,
    scope: String,
    /// When the scopes were not chosen by the user: narrower lists, each asked for once the one
    /// before is refused (`invalid_scope`), and from then on: every scope but the optional
    /// ones, then the core scopes.
    fallbacks: Vec<String>,
    /// How many of `fallbacks` have been stepped down to.
    narrowed: AtomicUsize,
    signer: JwkSigningKey,
}

#[derive(Serialize)]
struct Assertion<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
    jti: String,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Secret,
    #[serde(default, deserialize_with = "opt_string")]
    expires_in: Option<String>,
}

impl OAuthTokenClient {
    pub fn new(cfg: &OAuthClientConfig) -> Result<Self, AuthError> {
        if cfg.client_id.trim().is_empty() {
            return Err(AuthError::TokenRequest("the OAuth client id is empty".into()));
        }
        let defaulted = cfg.scopes.is_empty();
        let scopes = if defaulted { HELPDESK_SCOPES.join(" ") } else { cfg.scopes.join(" ") };
        Ok(Self {
            token_url: cfg.token_endpoint()?,
            client_id: cfg.client_id.trim().to_string(),
            scope: scopes,
            fallbacks: if defaulted {
                vec![required_scopes().join(" "), CORE_SCOPES.join(" ")]
            } else {
                Vec::new()
            },
            narrowed: AtomicUsize::new(0),
            signer: signing_key_from_jwk(cfg.private_jwk.expose())?,
        })
    }

    /// The scopes this client asks for now.
    pub fn scope(&self) -> &str {
        match self.narrowed.load(Ordering::Relaxed) {
            0 => &self.scope,
            n => self.fallbacks.get(n - 1).unwrap_or(&self.scope),
        }
    }

    pub async fn fetch(&self, http: &reqwest::Client, now: i64) -> Result<Token, AuthError> {
        loop {
            let (status, bytes) = self.request(http, now, self.scope()).await?;
            let refused_scope =
                status == 400 && String::from_utf8_lossy(&bytes).contains("invalid_scope");
            let narrowed = self.narrowed.load(Ordering::Relaxed);
            if !refused_scope || narrowed >= self.fallbacks.len() {
                return token_from_answer(status, &bytes, now);
            }
            if narrowed == 0 {
                tracing::warn!(
                    "the OAuth client is not allowed every scope casdesk asks for; asking again \
                     without {} (Live Verification will be refused)",
                    Scope::OPTIONAL.map(Scope::as_str).join(", ")
                );
            } else {
                tracing::warn!(
                    "the OAuth client is not allowed the scopes casdesk needs; asking for the \
                     core scopes only (unlock, enable/disable, sync, sign-in activity and token \
                     changes will be refused until the client is given the others)"
                );
            }
            self.narrowed.store(narrowed + 1, Ordering::Relaxed);
        }
    }

    /// One token request asking for `scope`: the answer's status and body.
    async fn request(
        &self,
        http: &reqwest::Client,
        now: i64,
        scope: &str,
    ) -> Result<(u16, bytes::Bytes), AuthError> {
        let assertion = self.assertion(now)?;
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("scope", scope),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", assertion.expose()),
        ];
        let response = http
            .post(self.token_url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                AuthError::TokenRequest(format!(
                    "could not reach {}: {}",
                    self.token_url,
                    e.without_url()
                ))
            })?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| {
            AuthError::TokenRequest(format!("the answer broke off: {}", e.without_url()))
        })?;
        Ok((status, bytes))
    }

    fn assertion(&self, now: i64) -> Result<Secret, AuthError> {
        let mut header = Header::new(self.signer.alg);
        header.kid = self.signer.kid.clone();
        let claims = Assertion {
            iss: &self.client_id,
            sub: &self.client_id,
            aud: self.token_url.as_str(),
            iat: now,
            exp: now + ASSERTION_LIFETIME_SECS,
            jti: uuid::Uuid::new_v4().to_string(),
        };
        jsonwebtoken::encode(&header, &claims, &self.signer.key)
            .map(Secret::new)
            .map_err(|e| AuthError::Signing(e.to_string()))
    }
}

/// The token endpoint's answer, whatever it holds: a token, or an error in the service's words.
fn token_from_answer(status: u16, bytes: &[u8], now: i64) -> Result<Token, AuthError> {
    if !(200..300).contains(&status) {
        let error = StatusError {
            status,
            body: ErrorBody::parse(bytes),
            retry_after: None,
            attempts: 1,
            earlier_attempt_may_have_acted: false,
        };
        let scope_refused = String::from_utf8_lossy(bytes).contains("invalid_scope");
        let hint = match status {
            // A client made before casdesk asked for user management and sync lacks those.
            400 if scope_refused => {
                " (the client is not allowed every scope asked for: have the missing ones \
                 enabled for it, or list the scopes it has with `scopes = [...]` in the \
                 profile's oauth table)"
            }
            401 | 400 => " (check the client id, its key and its scopes)",
            403 => " (check the issuer URL and that the scopes are enabled for this client)",
            _ => "",
        };
        return Err(AuthError::TokenRequest(format!("{error}{hint}")));
    }
    let parsed: TokenResponse = serde_json::from_slice(bytes).map_err(|_| {
        AuthError::TokenRequest(format!(
            "HTTP {status} {} but the answer has no usable access_token",
            reason_phrase(status).unwrap_or("")
        ))
    })?;
    let expires_in = parsed
        .expires_in
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_EXPIRES_IN);
    Ok(Token {
        bearer: parsed.access_token,
        issued_at: now,
        expires_at: now.saturating_add(expires_in),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the token endpoint answers: no panic, and an error never quotes a token.
        #[test]
        fn any_token_answer_is_read_without_panic(
            status in prop_oneof![Just(200u16), Just(400u16), Just(503u16), 100u16..600],
            token in "[A-Za-z0-9_.-]{16,40}",
            expires in prop_oneof![
                Just(serde_json::json!(i64::MAX)),
                Just(serde_json::json!("9223372036854775807")),
                Just(serde_json::json!(-5)),
                any::<i64>().prop_map(|n| serde_json::json!(n)),
                ".*".prop_map(|t| serde_json::json!(t)),
            ],
            junk in prop::collection::vec(any::<u8>(), 0..200),
        ) {
            let body = serde_json::json!({"access_token": token, "expires_in": expires}).to_string();
            let now = 1_800_000_000;
            match token_from_answer(status, body.as_bytes(), now) {
                Ok(t) => prop_assert!(t.expires_at > now, "a token always expires after now"),
                Err(e) => prop_assert!(!e.to_string().contains(token.as_str()), "{}", e),
            }
            let _ = token_from_answer(status, &junk, now);
        }

        /// Whatever a private JWK file holds: no panic, and an error never quotes the key.
        #[test]
        fn any_private_jwk_is_read_without_panic(
            kty in prop_oneof![
                Just("RSA".to_string()),
                Just("EC".to_string()),
                Just("oct".to_string()),
                ".{0,4}"
            ],
            crv in prop_oneof![Just("P-256".to_string()), Just("P-384".to_string()), ".{0,6}"],
            parts in prop::collection::vec("[A-Za-z0-9_=-]{0,80}", 9),
            raw in ".*",
        ) {
            let names = ["n", "e", "d", "p", "q", "dp", "dq", "qi", "x"];
            let mut jwk = serde_json::json!({"kty": kty, "crv": crv, "y": parts[0]});
            for (name, value) in names.iter().zip(&parts) {
                jwk[*name] = serde_json::json!(value);
            }
            if let Err(e) = crate::api::jwk::signing_key_from_jwk(&jwk.to_string()) {
                let d = &parts[2];
                prop_assert!(d.len() < 12 || !e.to_string().contains(d.as_str()), "{}", e);
            }
            let _ = crate::api::jwk::signing_key_from_jwk(&raw);
        }
    }

    fn config(issuer: &str) -> OAuthClientConfig {
        OAuthClientConfig {
            issuer_url: issuer.into(),
            client_id: "casdesk-demo-ec".into(),
            private_jwk: Secret::new(include_str!("../../assets/demo/oauth-client-ec.jwk")),
            scopes: vec![],
            admin_rest_api_url: "https://co.access.securid.com/AdminInterface/restapi".into(),
        }
    }

    #[test]
    fn token_endpoint_is_issuer_plus_token_and_must_be_safe() {
        let url = config("https://co.auth.securid.com/oauth/").token_endpoint().unwrap();
        assert_eq!(url.as_str(), "https://co.auth.securid.com/oauth/token");
        assert!(config("http://co.auth.securid.com/oauth").token_endpoint().is_err());
        assert!(config("http://127.0.0.1:9/oauth").token_endpoint().is_ok());
        for with_password in
            ["https://helpdesk:s3cret@co.auth.securid.com/oauth", "http://helpdesk:s3cret@x/oauth"]
        {
            let said = config(with_password).token_endpoint().unwrap_err().to_string();
            assert!(!said.contains("s3cret") && said.contains("[redacted]@"), "{said}");
        }
    }

    #[test]
    fn assertion_carries_kid_and_the_documented_claims() {
        use base64::Engine;
        let client = OAuthTokenClient::new(&config("https://co.auth.securid.com/oauth")).unwrap();
        assert_eq!(client.scope(), HELPDESK_SCOPES.join(" "));
        let jwt = client.assertion(1_700_000_000).unwrap();
        let parts: Vec<serde_json::Value> = jwt
            .expose()
            .split('.')
            .take(2)
            .map(|p| {
                serde_json::from_slice(
                    &base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(p).unwrap(),
                )
                .unwrap()
            })
            .collect();
        assert_eq!(parts[0]["alg"], "ES256");
        assert_eq!(parts[0]["kid"], "casdesk-demo-ec");
        assert_eq!(parts[1]["iss"], "casdesk-demo-ec");
        assert_eq!(parts[1]["sub"], "casdesk-demo-ec");
        assert_eq!(parts[1]["aud"], "https://co.auth.securid.com/oauth/token");
        assert_eq!(parts[1]["exp"], 1_700_000_300);
        assert!(parts[1]["jti"].as_str().is_some_and(|j| j.len() == 36));
    }

    #[test]
    fn a_refused_list_steps_down_first_without_the_optional_scopes_then_to_the_core() {
        let client = OAuthTokenClient::new(&config("https://co.auth.securid.com/oauth")).unwrap();
        assert!(client.scope().contains("rsa.user.verify"));
        client.narrowed.store(1, Ordering::Relaxed);
        assert!(!client.scope().contains("rsa.user.verify"));
        assert!(client.scope().contains("rsa.user.manage"), "the rest is kept");
        client.narrowed.store(2, Ordering::Relaxed);
        assert_eq!(client.scope(), CORE_SCOPES.join(" "));
    }

    #[test]
    fn a_refused_scope_says_how_to_fix_it() {
        let body = br#"{"error":"invalid_scope","error_description":"A requested scope is not enabled for this client."}"#;
        let Err(e) = token_from_answer(400, body, 1_700_000_000) else { panic!("refused") };
        let text = e.to_string();
        assert!(text.contains("not enabled for this client"), "{text}");
        assert!(text.contains("`scopes = [...]`"), "{text}");
    }
}
