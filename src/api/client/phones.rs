//! Update SMS / Voice phone numbers (`PATCH v1/users/{id}`): the numbers are checked and
//! written in E.123 form before anything is sent, and an answer that names another user is
//! refused.
//!
//! Sent again after an unclear first attempt (`Repeat::Safe`): the call sets the numbers to
//! given values (or clears them), so a second send leaves them as the first did. Another
//! administrator's change between the two sends would be overwritten, but it would have been
//! by the first send arriving a moment later too.

use super::transport::Call;
use super::user_admin::check_same_user;
use super::{Client, path_id};
use crate::api::error::ApiError;
use crate::api::model::{PhoneAnswer, PhoneChange};
use crate::api::retry::Repeat;
use reqwest::Method;

impl Client {
    /// `PATCH v1/users/{id}` with `smsNumber` and/or `voiceNumber` (an empty string clears
    /// one). Nothing is sent unless at least one number is named and each is a valid
    /// international number. The page shows no answer: whatever of `id`, `smsNumber` and
    /// `voiceNumber` it carries is read (an empty answer reads as none); the next lookup
    /// shows the numbers for sure.
    pub async fn set_phone_numbers(
        &self,
        user_id: &str,
        change: &PhoneChange,
    ) -> Result<PhoneAnswer, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let body = change.checked()?;
        let url = self.inner.base.with_segments("v1/users", &[id], &[]);
        let bytes = serde_json::to_vec(&body)
            .map_err(|e| ApiError::InvalidRequest(format!("could not encode the request: {e}")))?;
        let call = Call { method: Method::PATCH, url, body: Some(bytes), repeat: Repeat::Safe };
        let answer = match self.call_json_or_empty(&call).await? {
            // Lenient: every field is optional, so only a non-object is left unread.
            Some(value @ serde_json::Value::Object(_)) => {
                serde_json::from_value(value).unwrap_or_default()
            }
            _ => PhoneAnswer::default(),
        };
        check_same_user(id, answer.id.as_deref())?;
        Ok(answer)
    }
}
