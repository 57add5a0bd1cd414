//! Bearer tokens for the Admin API: a self-signed RS256 JWT from a legacy key file, or an OAuth
//! access token from the token endpoint. Either is cached, renewed before it expires, and
//! renewed once more if the service rejects it.

use crate::api::error::{AuthError, ErrorBody};
use crate::api::keyfile::LegacyKeyFile;
use crate::api::oauth::{OAuthClientConfig, OAuthTokenClient};
use crate::api::token::Token;
use crate::secret::Secret;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;

/// What identifies casdesk to the tenant.
#[derive(Clone, Debug)]
pub enum Credentials {
    Legacy(LegacyKeyFile),
    OAuth(OAuthClientConfig),
}

impl Credentials {
    /// The Admin API URL the requests go to (before normalisation).
    pub fn admin_rest_api_url(&self) -> &str {
        match self {
            Self::Legacy(key) => &key.admin_rest_api_url,
            Self::OAuth(cfg) => &cfg.admin_rest_api_url,
        }
    }
}

/// Legacy tokens live 55 minutes: under the service's one-hour ceiling with room for clock skew.
pub const LEGACY_TOKEN_LIFETIME_SECS: i64 = 55 * 60;
// The service refuses a token whose exp is more than an hour after its iat.
const _: () = assert!(LEGACY_TOKEN_LIFETIME_SECS <= 3600);
pub(crate) struct Authenticator {
    source: TokenSource,
    cache: Mutex<Option<Token>>,
    /// Seconds to add to this machine's clock: configured, then learned from the service when
    /// it rejects a token (a clock more than a minute off is the usual reason).
    clock_offset: AtomicI64,
}

enum TokenSource {
    Legacy(LegacySigner),
    OAuth(OAuthTokenClient),
}

impl Authenticator {
    pub fn new(credentials: &Credentials, clock_offset_secs: i64) -> Result<Self, AuthError> {
        let source = match credentials {
            Credentials::Legacy(key) => TokenSource::Legacy(LegacySigner::new(key)),
            Credentials::OAuth(cfg) => TokenSource::OAuth(OAuthTokenClient::new(cfg)?),
        };
        Ok(Self {
            source,
            cache: Mutex::new(None),
            clock_offset: AtomicI64::new(clock_offset_secs),
        })
    }

    /// Whether the tokens are signed with a legacy Administration API key (not an OAuth client).
    pub fn is_legacy(&self) -> bool {
        matches!(self.source, TokenSource::Legacy(_))
    }

    /// Seconds added to this machine's clock when minting tokens (learnt or configured).
    pub fn clock_offset_secs(&self) -> i64 {
        self.clock_offset.load(Ordering::SeqCst)
    }

    /// Takes the service's clock (from its `Date` header) as the one to mint tokens by.
    pub fn learn_server_time(&self, server_time: SystemTime) {
        let server =
            server_time.duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        let wanted = server - unix_now();
        let current = self.clock_offset.load(Ordering::SeqCst);
        // Within a few seconds the clocks agree well enough; don't churn on rounding.
        if server > 0 && (wanted - current).abs() > 5 {
            self.clock_offset.store(wanted, Ordering::SeqCst);
        }
    }

    /// A token valid for at least two more minutes: the cached one, or a new one. Concurrent
    /// callers wait for a single renewal rather than each minting their own.
    pub async fn bearer(&self, http: &reqwest::Client) -> Result<Token, AuthError> {
        let now = unix_now() + self.clock_offset.load(Ordering::SeqCst);
        self.bearer_at(http, now).await
    }

    pub(crate) async fn bearer_at(
        &self,
        http: &reqwest::Client,
        now: i64,
    ) -> Result<Token, AuthError> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = cache.as_ref().filter(|t| t.usable_at(now)) {
            return Ok(token.clone());
        }
        let token = match &self.source {
            TokenSource::Legacy(signer) => signer.mint(now)?,
            TokenSource::OAuth(client) => client.fetch(http, now).await?,
        };
        // `Debug` of a token shows its times; the bearer itself is a redacting `Secret`.
        tracing::debug!(?token, "new access token");
        *cache = Some(token.clone());
        Ok(token)
    }

    /// Forgets `rejected` so the next call gets a new token. A token another caller already
    /// replaced is left alone, so a burst of rejections causes one renewal, not many.
    pub async fn forget(&self, rejected: &Token) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|t| t.bearer == rejected.bearer) {
            tracing::info!("the service rejected the access token; getting a new one");
            *cache = None;
        }
    }

    /// Whether an error answer means "this token is no good" (as opposed to "you may not do
    /// that"): 401 for OAuth tokens, and for legacy JWTs the 403 whose message names the token.
    pub fn is_token_rejection(&self, status: u16, body: &ErrorBody) -> bool {
        match status {
            401 => true,
            403 => body.message().is_some_and(|m| m.to_ascii_lowercase().contains("access token")),
            _ => false,
        }
    }
}

/// Mints the legacy JWT exactly as the service documents it: header `{"typ":"JWT","alg":"RS256"}`,
/// claims `sub` = accessID, `iat`, `exp`, `aud` = adminRestApiUrl verbatim.
struct LegacySigner {
    key: EncodingKey,
    access_id: String,
    audience: String,
}

#[derive(Serialize)]
struct LegacyClaims<'a> {
    sub: &'a str,
    iat: i64,
    exp: i64,
    aud: &'a str,
}

impl LegacySigner {
    fn new(key_file: &LegacyKeyFile) -> Self {
        Self {
            key: key_file.signing_key().clone(),
            access_id: key_file.access_id.clone(),
            audience: key_file.admin_rest_api_url.clone(),
        }
    }

    fn mint(&self, now: i64) -> Result<Token, AuthError> {
        let expires_at = now + LEGACY_TOKEN_LIFETIME_SECS;
        let claims =
            LegacyClaims { sub: &self.access_id, iat: now, exp: expires_at, aud: &self.audience };
        let jwt = jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &self.key)
            .map_err(|e| AuthError::Signing(e.to_string()))?;
        Ok(Token { bearer: Secret::new(jwt), issued_at: now, expires_at })
    }
}

pub(crate) fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::token::RENEW_BEFORE_EXPIRY_SECS;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    const URL: &str = "https://co.access.securid.com/AdminInterface/restapi/";

    fn legacy() -> Authenticator {
        let key = LegacyKeyFile::new(
            "Example Corp",
            "139f6495-e447-4a26-a765-5c01b6b152d5",
            "",
            include_str!("../../assets/demo/legacy-admin-key.pem"),
            URL,
        )
        .unwrap();
        Authenticator::new(&Credentials::Legacy(key), 0).unwrap()
    }

    fn segment(token: &Token, index: usize) -> serde_json::Value {
        let part = token.bearer.expose().split('.').nth(index).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    #[tokio::test]
    async fn legacy_jwt_has_exactly_the_documented_header_and_claims() {
        let auth = legacy();
        let http = reqwest::Client::new();
        let token = auth.bearer_at(&http, 1_700_000_000).await.unwrap();
        assert_eq!(
            token.bearer.expose().split('.').next().unwrap(),
            URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT","alg":"RS256"}"#)
        );
        assert_eq!(segment(&token, 0), serde_json::json!({"typ":"JWT","alg":"RS256"}));
        assert_eq!(
            segment(&token, 1),
            serde_json::json!({"sub":"139f6495-e447-4a26-a765-5c01b6b152d5","iat":1_700_000_000,
                "exp":1_700_000_000 + LEGACY_TOKEN_LIFETIME_SECS,"aud":URL})
        );
    }

    #[tokio::test]
    async fn token_is_cached_then_renewed_before_it_expires() {
        let auth = legacy();
        let http = reqwest::Client::new();
        let t0 = 1_700_000_000;
        let first = auth.bearer_at(&http, t0).await.unwrap();
        let again = auth.bearer_at(&http, t0 + 600).await.unwrap();
        assert!(first.bearer == again.bearer, "a fresh token must be reused");
        let renew_at = first.expires_at - RENEW_BEFORE_EXPIRY_SECS;
        let still = auth.bearer_at(&http, renew_at - 1).await.unwrap();
        assert!(still.bearer == first.bearer);
        let renewed = auth.bearer_at(&http, renew_at).await.unwrap();
        assert!(renewed.bearer != first.bearer, "a token two minutes from expiry must be replaced");
        assert_eq!(segment(&renewed, 1)["iat"], renew_at);
    }

    #[tokio::test]
    async fn forgetting_only_drops_the_rejected_token() {
        let auth = legacy();
        let http = reqwest::Client::new();
        let old = auth.bearer_at(&http, 1_700_000_000).await.unwrap();
        auth.forget(&old).await;
        let new = auth.bearer_at(&http, 1_700_000_001).await.unwrap();
        assert!(new.bearer != old.bearer);
        auth.forget(&old).await; // stale rejection: the newer token stays
        assert!(auth.bearer_at(&http, 1_700_000_002).await.unwrap().bearer == new.bearer);
    }

    #[tokio::test]
    async fn a_clock_learned_from_the_service_is_used_for_the_next_token() {
        let auth = legacy();
        let http = reqwest::Client::new();
        let server = SystemTime::now() + std::time::Duration::from_secs(600);
        auth.learn_server_time(server);
        let token = auth.bearer(&http).await.unwrap();
        let iat = segment(&token, 1)["iat"].as_i64().unwrap();
        assert!(
            (iat - (unix_now() + 600)).abs() <= 2,
            "iat {iat} should follow the service's clock"
        );
    }

    #[test]
    fn short_lived_tokens_are_still_reused() {
        let token = Token { bearer: Secret::new("t"), issued_at: 1000, expires_at: 1060 };
        assert!(token.usable_at(1000));
        assert!(token.usable_at(1029));
        assert!(!token.usable_at(1030));
    }

    #[test]
    fn which_answers_count_as_token_rejections() {
        let auth = legacy();
        let parse = |s: &str| ErrorBody::parse(s.as_bytes());
        let token_403 = parse(
            r#"{"status":403,"error":"Forbidden","message":"Server failed to process provided access token"}"#,
        );
        assert!(auth.is_token_rejection(403, &token_403));
        assert!(auth.is_token_rejection(401, &ErrorBody::Empty));
        let device_403 =
            parse(r#"{"status":403,"message":"User already has a registered device."}"#);
        assert!(!auth.is_token_rejection(403, &device_403));
        assert!(!auth.is_token_rejection(404, &token_403));
    }
}
