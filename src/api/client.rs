//! The typed client: one method per endpoint, one shared connection pool, one retry loop.

use crate::api::auth::Token;
use crate::api::auth::{Authenticator, Credentials};
use crate::api::base_url::ApiBase;
use crate::api::error::{ApiError, ErrorBody, StatusError, TransportError, TransportKind};
use crate::api::model::{
    AuthenticatorApp, Authenticators, CodeMode, Delivery, DeviceCodeRequest, DeviceCodeTarget,
    DeviceRegistrationCode, EmergencyTokencode, EnableEmergencyTokencode, GenerateCodeRequest,
    GenerateCodeResult, LookupRequest, MAX_USERS_PER_CALL, UserDetails, VoidRequest, VoidResponse,
    VoidResult,
};
use crate::api::retry::{
    Attempt, Repeat, RetryPolicy, is_retryable, parse_http_date, parse_retry_after,
};
use bytes::Bytes;
use reqwest::{Method, header};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use url::Url;

#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Whole-request limit, answer included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    /// Seconds to add to this machine's clock when minting legacy tokens. Normally 0: the
    /// client also learns the service's clock from its answer when it rejects a token.
    pub clock_offset_secs: i64,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            clock_offset_secs: 0,
        }
    }
}

/// Cheap to clone: every clone shares the connection pool and the token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    observer: Option<RetryObserver>,
}

/// Told before each wait between sends, so a screen can say why nothing has come back yet.
pub type RetryObserver = Arc<dyn Fn(RetryNotice) + Send + Sync>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryNotice {
    /// The send that failed (1 for the first).
    pub attempt: u32,
    pub wait: Duration,
    /// Why it will be sent again, e.g. "HTTP 429 Too Many Requests: Too many requests."
    pub reason: String,
    pub rate_limited: bool,
}

struct Inner {
    http: reqwest::Client,
    base: ApiBase,
    auth: Authenticator,
    retry: RetryPolicy,
    /// The limit for one send, answer included.
    timeout: Duration,
}

/// One request as built, re-sendable as is.
struct Call {
    method: Method,
    url: Url,
    body: Option<Vec<u8>>,
    repeat: Repeat,
}

impl Client {
    pub fn new(credentials: Credentials) -> Result<Self, ApiError> {
        Self::with_options(credentials, ClientOptions::default())
    }

    pub fn with_options(
        credentials: Credentials,
        options: ClientOptions,
    ) -> Result<Self, ApiError> {
        let base = ApiBase::parse(credentials.admin_rest_api_url())?;
        let auth = Authenticator::new(&credentials, options.clock_offset_secs)?;
        // rustls with the platform verifier: certificates are always checked. Redirects are
        // not followed: a 307 would re-post a token or an assertion to wherever it pointed.
        let mut http = reqwest::Client::builder()
            .user_agent(concat!("casdesk/", env!("CARGO_PKG_VERSION")))
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .https_only(base.root().scheme() == "https");
        if base.root().scheme() == "http" {
            // Plain http is only allowed to this machine; a proxy from the environment would
            // carry the token off it in clear.
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|e| ApiError::InvalidRequest(format!("could not set up HTTPS: {e}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base,
                auth,
                retry: options.retry,
                timeout: options.timeout,
            }),
            observer: None,
        })
    }

    /// A handle on the same pool and tokens whose calls report their retries to `observer`.
    pub fn observed(&self, observer: RetryObserver) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            observer: Some(observer),
        }
    }

    /// Where requests go, e.g. `https://co.access.securid.com/AdminInterface/restapi/`.
    pub fn base_url(&self) -> &Url {
        self.inner.base.root()
    }

    /// `POST v1/users/lookup`: one user's details, including the `id` other calls need.
    pub async fn lookup_user(
        &self,
        email: &str,
        search_unsynched: bool,
    ) -> Result<UserDetails, ApiError> {
        let email = non_empty(email, "an e-mail address")?;
        let body = LookupRequest {
            email,
            search_unsynched,
        };
        self.json(
            Method::POST,
            self.inner.base.endpoint("v1/users/lookup"),
            Some(&body),
            Repeat::Safe,
        )
        .await
    }

    /// `GET v2/users/{id}/devices`: registered devices, FIDO credentials and hardware tokens.
    pub async fn user_authenticators(&self, user_id: &str) -> Result<Authenticators, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let url = self
            .inner
            .base
            .with_segments("v2/users", &[id], &["devices"]);
        self.json::<(), _>(Method::GET, url, None, Repeat::Safe)
            .await
    }

    /// `POST v1/users/generateVerifyCode/enroll` for up to 100 users.
    pub async fn generate_enrollment_codes(
        &self,
        users: &[GenerateCodeRequest],
    ) -> Result<Vec<GenerateCodeResult>, ApiError> {
        self.generate_codes(CodeMode::Enrollment, users).await
    }

    /// `POST v1/users/generateVerifyCode/resetPassword` for up to 100 users.
    pub async fn generate_password_reset_codes(
        &self,
        users: &[GenerateCodeRequest],
    ) -> Result<Vec<GenerateCodeResult>, ApiError> {
        self.generate_codes(CodeMode::PasswordReset, users).await
    }

    /// Either generate endpoint. Never sent twice once it may have reached the service.
    pub async fn generate_codes(
        &self,
        mode: CodeMode,
        users: &[GenerateCodeRequest],
    ) -> Result<Vec<GenerateCodeResult>, ApiError> {
        check_batch_size(users.len())?;
        for user in users {
            non_empty(&user.email, "an e-mail address")?;
            if user.custom_email.is_some() && user.delivery != Some(Delivery::Email) {
                return Err(ApiError::InvalidRequest(format!(
                    "a custom e-mail address is only used with EMAIL delivery ({})",
                    crate::text::sanitize_excerpt(&user.email, 80)
                )));
            }
        }
        let body: Vec<_> = users.iter().map(GenerateCodeRequest::to_wire).collect();
        let url = self.inner.base.endpoint(mode.generate_path());
        let value: serde_json::Value = self
            .json(Method::POST, url, Some(&body), Repeat::OnlyIfNotReceived)
            .await?;
        // The service is documented to answer an array; one public client gets a single object.
        let items = match value {
            serde_json::Value::Array(items) => items,
            object @ serde_json::Value::Object(_) => vec![object],
            _ => return Err(unexpected(200, "expected a list of per-user results")),
        };
        // Each element on its own: one odd element must not cost the others their codes.
        Ok(items
            .into_iter()
            .map(GenerateCodeResult::from_value)
            .collect())
    }

    /// `POST v1/users/voidVerifyCode` for up to 100 addresses.
    pub async fn void_codes(
        &self,
        mode: CodeMode,
        emails: &[String],
    ) -> Result<Vec<VoidResult>, ApiError> {
        check_batch_size(emails.len())?;
        let body = VoidRequest {
            code_generation_mode: mode,
            user_emails: emails,
        };
        let url = self.inner.base.endpoint("v1/users/voidVerifyCode");
        let (response, resent_after_uncertain): (VoidResponse, bool) = self
            .json_sent(Method::POST, url, Some(&body), Repeat::Safe)
            .await?;
        let mut results = response.results;
        if resent_after_uncertain {
            // The first send may have voided the code, so "nothing to void" from the second
            // says little: say so beside the service's words.
            for r in results.iter_mut().filter(|r| r.status.is_nothing_to_do()) {
                let said = r.error_message.take().unwrap_or_default();
                r.error_message = Some(format!(
                    "{said} (sent again after an unclear first attempt, which may have voided it)"
                ).trim().to_string());
            }
        }
        Ok(results)
    }

    /// `POST v1/users/deviceRegistrationCode` by e-mail address or username.
    pub async fn device_registration_code(
        &self,
        target: &DeviceCodeTarget,
        app: AuthenticatorApp,
    ) -> Result<DeviceRegistrationCode, ApiError> {
        match target {
            DeviceCodeTarget::Email(e) => non_empty(e, "an e-mail address")?,
            DeviceCodeTarget::Username(u) => non_empty(u, "a username")?,
        };
        let body = DeviceCodeRequest::new(target, app);
        let url = self.inner.base.endpoint("v1/users/deviceRegistrationCode");
        self.json(Method::POST, url, Some(&body), Repeat::OnlyIfNotReceived)
            .await
    }

    /// `PUT v2/users/{id}/emergencyTokencode`: a new emergency tokencode (replacing any other).
    pub async fn enable_emergency_tokencode(
        &self,
        user_id: &str,
        options: &EnableEmergencyTokencode,
    ) -> Result<EmergencyTokencode, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let url = self
            .inner
            .base
            .with_segments("v2/users", &[id], &["emergencyTokencode"]);
        self.json(Method::PUT, url, Some(options), Repeat::OnlyIfNotReceived)
            .await
    }

    /// `DELETE v1/users/{id}/emergencyTokencode/{eacId}`: removes all the user's emergency
    /// tokencodes (an offline one keeps working on the Windows agent until it expires).
    pub async fn disable_emergency_tokencode(
        &self,
        user_id: &str,
        eac_id: &str,
    ) -> Result<(), ApiError> {
        let id = path_id(user_id, "a user id")?;
        let eac = path_id(eac_id, "an emergency tokencode id")?;
        let url = self
            .inner
            .base
            .with_segments("v1/users", &[id], &["emergencyTokencode", eac]);
        let call = Call {
            method: Method::DELETE,
            url,
            body: None,
            repeat: Repeat::Safe,
        };
        self.send(&call).await.map(|_| ())
    }

    async fn json<B: serde::Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
        repeat: Repeat,
    ) -> Result<T, ApiError> {
        self.json_sent(method, url, body, repeat)
            .await
            .map(|(value, _)| value)
    }

    /// [`Client::json`], also telling whether an earlier send may have acted first.
    async fn json_sent<B: serde::Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
        repeat: Repeat,
    ) -> Result<(T, bool), ApiError> {
        let body = body
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| ApiError::InvalidRequest(format!("could not encode the request: {e}")))?;
        let sent = self
            .send(&Call {
                method,
                url,
                body,
                repeat,
            })
            .await?;
        let value = serde_json::from_slice(&sent.bytes)
            .map_err(|e| unexpected_body(sent.status, &sent.bytes, &e))?;
        Ok((value, sent.resent_after_uncertain))
    }

    /// Sends `call`, renewing a rejected token once and retrying what the policy allows, all
    /// within one deadline (the request timeout plus the retry budget).
    async fn send(&self, call: &Call) -> Result<Sent, ApiError> {
        let inner = &*self.inner;
        let policy = &inner.retry;
        let deadline = Instant::now() + inner.timeout + policy.budget;
        let mut attempts = 0u32;
        let mut renewed_token = false;
        // Once one send may have reached the service, the call's outcome is uncertain for good.
        let mut reached_before = false;
        loop {
            attempts += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            let token = inner.auth.bearer(&inner.http).await?;
            let (attempt, mut error) = match self
                .send_once(call, &token, remaining.min(inner.timeout))
                .await
            {
                Once::Answered(status, bytes) => {
                    return Ok(Sent {
                        status,
                        bytes,
                        resent_after_uncertain: reached_before,
                    });
                }
                Once::TokenRejected { server_time, error } => {
                    if renewed_token {
                        (Attempt::Status(error.status), ApiError::Status(error))
                    } else {
                        // The service did nothing with a rejected token, so resending is safe.
                        // The usual cause is a clock more than a minute off: mint with theirs.
                        renewed_token = true;
                        if let Some(server_time) = server_time {
                            inner.auth.learn_server_time(server_time);
                        }
                        inner.auth.forget(&token).await;
                        attempts -= 1;
                        continue;
                    }
                }
                Once::Failed(attempt, error) => (attempt, error),
            };
            error.set_attempts(attempts, reached_before);
            reached_before |= error.may_have_taken_effect();
            if attempts >= policy.max_attempts || !is_retryable(attempt, call.repeat) {
                return Err(error);
            }
            let server_wait = match &error {
                ApiError::Status(s) => s.retry_after,
                _ => None,
            };
            let wait = server_wait.unwrap_or_else(|| policy.backoff(attempts, &mut rand::rng()));
            // Waiting past the deadline only to try once more would hang the screen: stop now
            // and say what the service asked for.
            if Instant::now() + wait >= deadline {
                return Err(error);
            }
            if let Some(observer) = &self.observer {
                observer(RetryNotice {
                    attempt: attempts,
                    wait,
                    reason: error.to_string(),
                    rate_limited: error.is_rate_limited(),
                });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One send and its answer.
    async fn send_once(&self, call: &Call, token: &Token, timeout: Duration) -> Once {
        let inner = &*self.inner;
        let mut request = inner
            .http
            .request(call.method.clone(), call.url.clone())
            .bearer_auth(token.bearer.expose())
            .header(header::ACCEPT, "application/json")
            .timeout(timeout);
        if let Some(body) = &call.body {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => return Once::transport(transport_kind(&e), &e),
        };
        let status = response.status().as_u16();
        let header_text = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let retry_after =
            header_text(header::RETRY_AFTER).and_then(|v| parse_retry_after(&v, SystemTime::now()));
        let server_time = header_text(header::DATE).and_then(|v| parse_http_date(&v));
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => {
                let kind = if e.is_timeout() {
                    TransportKind::Timeout
                } else {
                    TransportKind::Interrupted
                };
                return Once::transport(kind, &e);
            }
        };
        if (200..300).contains(&status) {
            return Once::Answered(status, bytes);
        }
        let body = ErrorBody::parse(&bytes);
        let rejected = inner.auth.is_token_rejection(status, &body);
        let error = StatusError {
            status,
            body,
            retry_after,
            attempts: 1,
            earlier_attempt_may_have_acted: false,
        };
        if rejected {
            Once::TokenRejected { server_time, error }
        } else {
            Once::Failed(Attempt::Status(status), ApiError::Status(error))
        }
    }
}

/// A successful answer.
struct Sent {
    status: u16,
    bytes: Bytes,
    /// An earlier send may have acted before this one answered (only ever for repeatable calls).
    resent_after_uncertain: bool,
}

enum Once {
    Answered(u16, Bytes),
    TokenRejected {
        server_time: Option<SystemTime>,
        error: StatusError,
    },
    Failed(Attempt, ApiError),
}

impl Once {
    fn transport(kind: TransportKind, e: &reqwest::Error) -> Self {
        let error = TransportError {
            kind,
            detail: error_chain(e),
            attempts: 1,
            earlier_attempt_may_have_acted: false,
        };
        Once::Failed(Attempt::Transport(kind), ApiError::Transport(error))
    }
}

fn check_batch_size(count: usize) -> Result<(), ApiError> {
    match count {
        0 => Err(ApiError::InvalidRequest("no users given".into())),
        n if n > MAX_USERS_PER_CALL => Err(ApiError::InvalidRequest(format!(
            "{n} users in one call; the service takes at most {MAX_USERS_PER_CALL} (split the list)"
        ))),
        _ => Ok(()),
    }
}

/// An id that goes into the path as one segment. The url crate drops `.` and `..` segments
/// silently, which would send the call to another endpoint, so they are refused here.
fn path_id<'a>(value: &'a str, what: &str) -> Result<&'a str, ApiError> {
    match non_empty(value, what)? {
        "." | ".." => Err(ApiError::InvalidRequest(format!(
            "{what} cannot be \"{}\"",
            value.trim()
        ))),
        id => Ok(id),
    }
}

fn non_empty<'a>(value: &'a str, what: &str) -> Result<&'a str, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        Err(ApiError::InvalidRequest(format!("{what} is required")))
    } else {
        Ok(trimmed)
    }
}

fn transport_kind(e: &reqwest::Error) -> TransportKind {
    if e.is_connect() {
        TransportKind::Connect
    } else if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_request() || e.is_body() || e.is_decode() {
        TransportKind::Interrupted
    } else {
        TransportKind::Other
    }
}

/// The error and its causes, which is where "connection refused" lives; never a header.
fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = source {
        let text = err.to_string();
        if !parts.iter().any(|p: &String| p.contains(&text)) {
            parts.push(text);
        }
        source = err.source();
    }
    crate::text::sanitize_excerpt(&parts.join(": "), 300)
}

fn unexpected(status: u16, detail: &str) -> ApiError {
    ApiError::UnexpectedBody {
        status,
        detail: detail.to_string(),
    }
}

fn unexpected_body(status: u16, bytes: &[u8], e: &serde_json::Error) -> ApiError {
    let detail = match ErrorBody::parse(bytes) {
        ErrorBody::Empty => "the answer was empty".to_string(),
        ErrorBody::NotJson {
            html: true,
            excerpt,
        } => format!("a web page (\"{excerpt}\") instead of JSON"),
        _ => describe_json_error(e),
    };
    unexpected(status, &detail)
}

/// Where and how the JSON is wrong, without quoting it: a half-read answer may hold a code.
fn describe_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "the answer ended early (truncated JSON)",
        Category::Syntax => "the answer is not valid JSON",
        Category::Data => "the JSON has an unexpected shape",
        Category::Io => "the answer could not be read",
    };
    format!("{what} at line {}, column {}", e.line(), e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_are_described_without_quoting_content() {
        let e = serde_json::from_str::<Vec<u32>>(r#"["629211156"]"#).unwrap_err();
        let text = describe_json_error(&e);
        assert!(!text.contains("629211156"), "{text}");
        assert!(text.contains("unexpected shape"), "{text}");
        let e = serde_json::from_str::<serde_json::Value>(r#"[{"verify_code":"62"#).unwrap_err();
        assert!(describe_json_error(&e).contains("truncated"));
    }

    #[test]
    fn dot_ids_are_refused_because_the_url_would_drop_them() {
        assert!(path_id("..", "a user id").is_err());
        assert!(path_id(" . ", "a user id").is_err());
        assert_eq!(path_id("a..b", "a user id").unwrap(), "a..b");
    }

    #[test]
    fn batch_limits() {
        assert!(check_batch_size(0).is_err());
        assert!(check_batch_size(1).is_ok());
        assert!(check_batch_size(100).is_ok());
        let err = check_batch_size(101).unwrap_err().to_string();
        assert!(err.contains("101") && err.contains("100"), "{err}");
    }
}
