//! The typed client: one method per endpoint, one shared connection pool, one retry loop.

use crate::api::auth::{Authenticator, Credentials};
use crate::api::base_url::ApiBase;
use crate::api::ca_bundle::CaBundle;
use crate::api::error::ApiError;
use crate::api::model::{
    AuthenticatorApp, Authenticators, CodeMode, Delivery, DeviceCodeRequest, DeviceCodeTarget,
    DeviceRegistrationCode, EmergencyTokencode, EnableEmergencyTokencode, GenerateCodeRequest,
    GenerateCodeResult, LookupRequest, MAX_USERS_PER_CALL, UserDetails, VoidRequest, VoidResponse,
    VoidResult,
};
use crate::api::retry::{Repeat, RetryPolicy};
use reqwest::Method;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

mod adminlog;
mod authlogs;
mod ds100;
mod phones;
mod reports;
mod search;
mod token_serial;
mod tokens;
mod transport;
mod user_admin;
mod usereventlog;
mod verify;

pub use adminlog::{AdminActivity, MAX_ADMIN_LOG_PAGES};
pub use authlogs::{AuthLogQuery, format_query_time};
pub use reports::Downloaded;
pub use usereventlog::{EventLogProgress, EventLogRange, MAX_EVENT_LOG_PAGES, UserEventLog};

use transport::{Call, unexpected};

#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Whole-request limit, answer included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    /// Seconds to add to this machine's clock when minting legacy tokens. Normally 0: the
    /// client also learns the service's clock from its answer when it rejects a token.
    pub clock_offset_secs: i64,
    /// Company certificate authorities trusted besides the platform's.
    pub ca_bundle: Option<CaBundle>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            clock_offset_secs: 0,
            ca_bundle: None,
        }
    }
}

/// Cheap to clone: every clone shares the connection pool and the token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    observer: Option<RetryObserver>,
    /// A 429 is returned at once rather than waited out and sent again: the caller paces
    /// (the bulk engine, which shares the limit with every other call of its run).
    caller_paces: bool,
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
    /// The wait is the service's own `Retry-After`, not the client's backoff.
    pub server_asked: bool,
}

struct Inner {
    http: reqwest::Client,
    base: ApiBase,
    auth: Authenticator,
    retry: RetryPolicy,
    /// The limit for one send, answer included.
    timeout: Duration,
    /// The name the service logs this client's calls under, as far as it can tell.
    caller: String,
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
        let caller = adminlog::caller_name(&credentials);
        // rustls with the platform verifier: certificates are always checked. Redirects are
        // not followed: a 307 would re-post a token or an assertion to wherever it pointed.
        let mut http = reqwest::Client::builder()
            .user_agent(concat!("casdesk/", env!("CARGO_PKG_VERSION")))
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .https_only(base.root().scheme() == "https");
        if let Some(bundle) = &options.ca_bundle {
            http = http.tls_certs_merge(bundle.certificates());
        }
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
                caller,
            }),
            observer: None,
            caller_paces: false,
        })
    }

    /// A handle on the same pool and tokens whose calls report their retries to `observer`.
    pub fn observed(&self, observer: RetryObserver) -> Self {
        Self { observer: Some(observer), ..self.clone() }
    }

    /// A handle whose calls answered 429 fail at once (`ApiError::is_rate_limited`), for a
    /// caller that sends them again at its own pace. Waiting each one out with its own backoff
    /// would let calls of one run sleep for seconds while the limit they share sits unused.
    pub fn paced_by_caller(&self) -> Self {
        Self { caller_paces: true, ..self.clone() }
    }

    /// The same handle waiting out a 429 with its own backoff again: for the later calls of
    /// a unit a caller paces by its first call (see `actions/work.rs`).
    pub fn waiting_out_429s(&self) -> Self {
        Self { caller_paces: false, ..self.clone() }
    }

    /// How far this machine's clock is behind the service's, in seconds, as learnt from a
    /// rejected token's answer (0 until then). Tokens are minted by the corrected clock.
    pub fn clock_correction_secs(&self) -> i64 {
        self.inner.auth.clock_offset_secs()
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
        let body = LookupRequest { email, search_unsynched };
        let user: UserDetails = self
            .json(
                Method::POST,
                self.inner.base.endpoint("v1/users/lookup"),
                Some(&body),
                Repeat::Safe,
            )
            .await?;
        // Every later action goes to this answer's user id: it must be the user asked for.
        ApiError::check_named(email, user.email_address.as_deref())?;
        Ok(user)
    }

    /// `GET v2/users/{id}/devices`: registered devices, FIDO credentials and hardware tokens.
    pub async fn user_authenticators(&self, user_id: &str) -> Result<Authenticators, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let mut url = self.inner.base.with_segments("v2/users", &[id], &["devices"]);
        // v2 lists trusted browsers only when asked (its default is false).
        url.query_pairs_mut().append_pair("includeBrowsers", "true");
        self.json::<(), _>(Method::GET, url, None, Repeat::Safe).await
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
        let value: serde_json::Value =
            self.json(Method::POST, url, Some(&body), Repeat::OnlyIfNotReceived).await?;
        // The service is documented to answer an array; one public client gets a single object.
        let items = match value {
            serde_json::Value::Array(items) => items,
            object @ serde_json::Value::Object(_) => vec![object],
            _ => return Err(unexpected(200, "expected a list of per-user results")),
        };
        // Each element on its own: one odd element must not cost the others their codes.
        Ok(items.into_iter().map(GenerateCodeResult::from_value).collect())
    }

    /// `POST v1/users/voidVerifyCode` for up to 100 addresses.
    pub async fn void_codes(
        &self,
        mode: CodeMode,
        emails: &[String],
    ) -> Result<Vec<VoidResult>, ApiError> {
        check_batch_size(emails.len())?;
        let body = VoidRequest { code_generation_mode: mode, user_emails: emails };
        let url = self.inner.base.endpoint("v1/users/voidVerifyCode");
        let (response, resent_after_uncertain): (VoidResponse, bool) =
            self.json_sent(Method::POST, url, Some(&body), Repeat::Safe).await?;
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
        let issued: DeviceRegistrationCode =
            self.json(Method::POST, url, Some(&body), Repeat::OnlyIfNotReceived).await?;
        // A code for someone else must never be read out to this user.
        match target {
            DeviceCodeTarget::Email(e) => ApiError::check_named(e, issued.email.as_deref())?,
            DeviceCodeTarget::Username(u) => ApiError::check_named(u, issued.username.as_deref())?,
        }
        Ok(issued)
    }

    /// `PUT v2/users/{id}/emergencyTokencode`: a new emergency tokencode (replacing any other).
    pub async fn enable_emergency_tokencode(
        &self,
        user_id: &str,
        options: &EnableEmergencyTokencode,
    ) -> Result<EmergencyTokencode, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let url = self.inner.base.with_segments("v2/users", &[id], &["emergencyTokencode"]);
        self.json(Method::PUT, url, Some(options), Repeat::OnlyIfNotReceived).await
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
        let url = self.inner.base.with_segments("v1/users", &[id], &["emergencyTokencode", eac]);
        let call = Call { method: Method::DELETE, url, body: None, repeat: Repeat::Safe };
        self.send(&call).await.map(|_| ())
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
        "." | ".." => {
            Err(ApiError::InvalidRequest(format!("{what} cannot be \"{}\"", value.trim())))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
