//! Live Verification of one user by id: start a session (the user's registered MFA method is
//! prompted), read its status until it settles, check a code the caller reads out, or cancel it.
//! OAuth clients only. A 409 (another administrator holds the session) and a 403 (not available
//! to this caller) come back as [`ApiError::Verification`], worded for a console.

use super::transport::Call;
use super::user_admin::check_same_user;
use super::{Client, path_id};
use crate::api::error::{ApiError, VerifyRefusal};
use crate::api::model::{VerifyCodeRequest, VerifySession};
use crate::api::retry::Repeat;
use crate::secret::Secret;
use reqwest::Method;

impl Client {
    /// `POST v1/users/{id}/verify/start` (no body): prompts the user. Sent again by the same
    /// client it restarts the session (a second prompt), so it is never resent blindly.
    pub async fn start_verification(&self, user_id: &str) -> Result<VerifySession, ApiError> {
        self.verify_call(user_id, "start", None, Repeat::OnlyIfNotReceived).await
    }

    /// `GET v1/users/{id}/verify/status`: where the session stands.
    pub async fn verification_status(&self, user_id: &str) -> Result<VerifySession, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let url = self.inner.base.with_segments("v1/users", &[id], &["verify", "status"]);
        let call = Call { method: Method::GET, url, body: None, repeat: Repeat::Safe };
        let session: VerifySession = self.call_json(&call).await.map_err(|e| self.refusal(e))?;
        check_same_user(id, session.user_id.as_deref())?;
        Ok(session)
    }

    /// `POST v1/users/{id}/verify/code {"verifyCode": …}`: checks the code the caller reads out.
    /// A wrong code counts against the session, so it is never resent blindly either.
    pub async fn check_verification_code(
        &self,
        user_id: &str,
        code: &Secret,
    ) -> Result<VerifySession, ApiError> {
        let code = code.expose().trim();
        if code.is_empty() {
            return Err(ApiError::InvalidRequest("the code the user reads out is required".into()));
        }
        let body = serde_json::to_vec(&VerifyCodeRequest { verify_code: code })
            .map_err(|_| ApiError::InvalidRequest("could not encode the code".into()))?;
        self.verify_call(user_id, "code", Some(body), Repeat::OnlyIfNotReceived).await
    }

    /// `POST v1/users/{id}/verify/cancel`: ends the session. Cancelling twice ends it once.
    pub async fn cancel_verification(&self, user_id: &str) -> Result<VerifySession, ApiError> {
        self.verify_call(user_id, "cancel", None, Repeat::Safe).await
    }

    /// A POST to `v1/users/{id}/verify/{action}`; no body is sent as `Content-Length: 0`.
    async fn verify_call(
        &self,
        user_id: &str,
        action: &str,
        body: Option<Vec<u8>>,
        repeat: Repeat,
    ) -> Result<VerifySession, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let url = self.inner.base.with_segments("v1/users", &[id], &["verify", action]);
        let call = Call { method: Method::POST, url, body: Some(body.unwrap_or_default()), repeat };
        match self.call_json::<VerifySession>(&call).await.map_err(|e| self.refusal(e)) {
            Ok(session) => {
                check_same_user(id, session.user_id.as_deref())?;
                Ok(session)
            }
            Err(ApiError::Verification(refusal @ VerifyRefusal::InProgress { .. })) => {
                // The status names who holds the session, so the console can say who to ask.
                let holder = self.verification_status(id).await.ok();
                let by = holder.as_ref().and_then(|s| s.admin_username.as_deref());
                Err(ApiError::Verification(refusal.held_by(by)))
            }
            Err(e) => Err(e),
        }
    }

    /// A 409 or a 403 as the refusal it stands for here; anything else as it was.
    fn refusal(&self, error: ApiError) -> ApiError {
        match error {
            ApiError::Status(status) => {
                match VerifyRefusal::from_status(status, self.inner.auth.is_legacy()) {
                    Ok(refusal) => ApiError::Verification(refusal),
                    Err(status) => ApiError::Status(status),
                }
            }
            other => other,
        }
    }
}
