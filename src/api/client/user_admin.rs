//! Changing one user by id: unlock methods, enable or disable, synchronise from the identity
//! source. All three are safe to send again (the second does what the first did), so they
//! retry like reads.

use super::transport::Call;
use super::{Client, path_id};
use crate::api::error::ApiError;
use crate::api::model::{
    MethodStates, UnlockMethod, UnlockRequest, UserDetails, UserStatusAnswer, UserStatusRequest,
};
use crate::api::retry::Repeat;
use reqwest::Method;

impl Client {
    /// `PATCH v1/users/{id}/methods`: unlocks `methods`; the answer gives every method's state.
    pub async fn unlock_methods(
        &self,
        user_id: &str,
        methods: &[UnlockMethod],
    ) -> Result<MethodStates, ApiError> {
        let id = path_id(user_id, "a user id")?;
        if methods.is_empty() {
            return Err(ApiError::InvalidRequest("name at least one method to unlock".into()));
        }
        let url = self.inner.base.with_segments("v1/users", &[id], &["methods"]);
        let body = UnlockRequest { unlock_methods: methods };
        let states: MethodStates = self.json(Method::PATCH, url, Some(&body), Repeat::Safe).await?;
        check_same_user(id, states.id.as_deref())?;
        Ok(states)
    }

    /// `PUT v1/users/{id}/userStatus` with exactly `{"userStatus": "Enabled"|"Disabled"}`.
    pub async fn set_user_status(
        &self,
        user_id: &str,
        enabled: bool,
    ) -> Result<UserStatusAnswer, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let url = self.inner.base.with_segments("v1/users", &[id], &["userStatus"]);
        let body = UserStatusRequest { user_status: if enabled { "Enabled" } else { "Disabled" } };
        let answer: UserStatusAnswer =
            self.json(Method::PUT, url, Some(&body), Repeat::Safe).await?;
        check_same_user(id, answer.id.as_deref())?;
        Ok(answer)
    }

    /// `POST v1/users/{id}/sync`, an empty body with `Content-Length: 0` as the page asks; the
    /// answer is the user's details as refreshed from the identity source.
    pub async fn sync_user(&self, user_id: &str) -> Result<UserDetails, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let url = self.inner.base.with_segments("v1/users", &[id], &["sync"]);
        let call = Call { method: Method::POST, url, body: Some(Vec::new()), repeat: Repeat::Safe };
        let details: UserDetails = self.call_json(&call).await?;
        check_same_user(id, details.id.as_deref())?;
        Ok(details)
    }

    /// `PUT v1/users/{id}/markDeleted`: marks the user for deletion (the service deletes them
    /// after 7 days) or, `false`, takes the mark away. The value is sent as the page's example
    /// spells it, the string `"true"` (its table says Boolean; the example is what is known to
    /// work). The answer is not documented: any JSON or none is taken as done. Safe to send
    /// again: a second mark leaves the first.
    pub async fn mark_deleted(&self, user_id: &str, marked: bool) -> Result<(), ApiError> {
        let id = path_id(user_id, "a user id")?;
        let url = self.inner.base.with_segments("v1/users", &[id], &["markDeleted"]);
        let body = serde_json::json!({ "markDeleted": if marked { "true" } else { "false" } });
        let call = Call {
            method: Method::PUT,
            url,
            body: Some(body.to_string().into()),
            repeat: Repeat::Safe,
        };
        self.call_json_or_empty(&call).await.map(|_| ())
    }
}

/// An answer that names another user id is not this user's: the console must not show another
/// person's state as theirs (the service may have acted on someone).
pub(super) fn check_same_user(asked: &str, named: Option<&str>) -> Result<(), ApiError> {
    match named.map(str::trim).filter(|n| !n.is_empty()) {
        Some(named) if !named.eq_ignore_ascii_case(asked) => {
            Err(ApiError::AnsweredForSomeoneElse {
                asked: crate::text::sanitize_excerpt(asked, 80),
                named: crate::text::sanitize_excerpt(named, 80),
            })
        }
        _ => Ok(()),
    }
}
