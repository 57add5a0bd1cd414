//! SecurID 700 hardware tokens of one user (assign, unassign, enable, disable, clear PIN) and
//! Delete User Device. The serial is checked before anything is sent; an answer that names
//! another user or another serial is refused, so the console never shows someone else's token
//! as this user's.
//!
//! Which calls may be sent again after an unclear first attempt (a lost answer, a gateway
//! error):
//! - Enable, disable and clear PIN set a state: a second send finds it set and does the same
//!   again, so they retry like reads (`Repeat::Safe`).
//! - Delete device, assign and unassign move something: once the first send has done it, the
//!   second finds the device gone (404), the token already assigned (409) or no longer the
//!   user's (409). Sending again cannot do harm but would report a change that was made as a
//!   failure, and between the two sends another administrator may have assigned the token to
//!   someone else. They are sent again only when the service surely did not act
//!   (`Repeat::OnlyIfNotReceived`); otherwise the error says it may have been done, and the
//!   next `GET v2/users/{id}/devices` shows whether it was.

use super::transport::Call;
use super::user_admin::check_same_user;
use super::{Client, path_id};
use crate::api::error::ApiError;
use crate::api::model::{SidTokenAnswer, SidTokenRequest, check_token_name, check_token_serial};
use crate::api::retry::Repeat;
use reqwest::Method;

/// The token operations, by the last segment of their path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenCall {
    Assign,
    Unassign,
    Enable,
    Disable,
    ClearPin,
}

impl TokenCall {
    fn path(self) -> (&'static str, &'static str) {
        match self {
            Self::Assign => ("v1/users", "assign"),
            Self::Unassign => ("v1/users", "unassign"),
            Self::Enable => ("v1/users", "enable"),
            Self::Disable => ("v1/users", "disable"),
            // The only one under v2.
            Self::ClearPin => ("v2/users", "clearPin"),
        }
    }

    fn repeat(self) -> Repeat {
        match self {
            Self::Assign | Self::Unassign => Repeat::OnlyIfNotReceived,
            Self::Enable | Self::Disable | Self::ClearPin => Repeat::Safe,
        }
    }
}

impl Client {
    /// `DELETE v1/users/{id}/devices/{deviceId}`: removes one registered device (the id from
    /// `GET v2/users/{id}/devices`). No body either way.
    pub async fn delete_device(&self, user_id: &str, device_id: &str) -> Result<(), ApiError> {
        let id = path_id(user_id, "a user id")?;
        let device = path_id(device_id, "a device id")?;
        let url = self.inner.base.with_segments("v1/users", &[id], &["devices", device]);
        let call =
            Call { method: Method::DELETE, url, body: None, repeat: Repeat::OnlyIfNotReceived };
        self.send(&call).await.map(|_| ())
    }

    /// `PATCH v1/users/{id}/sidTokens/assign`: gives the user an unassigned SecurID 700 token,
    /// optionally naming it.
    pub async fn assign_token(
        &self,
        user_id: &str,
        serial: &str,
        name: Option<&str>,
    ) -> Result<SidTokenAnswer, ApiError> {
        self.token_call(TokenCall::Assign, user_id, serial, name).await
    }

    /// `PATCH v1/users/{id}/sidTokens/unassign`: takes the token from the user.
    pub async fn unassign_token(
        &self,
        user_id: &str,
        serial: &str,
    ) -> Result<SidTokenAnswer, ApiError> {
        self.token_call(TokenCall::Unassign, user_id, serial, None).await
    }

    /// `PATCH v1/users/{id}/sidTokens/enable`.
    pub async fn enable_token(
        &self,
        user_id: &str,
        serial: &str,
    ) -> Result<SidTokenAnswer, ApiError> {
        self.token_call(TokenCall::Enable, user_id, serial, None).await
    }

    /// `PATCH v1/users/{id}/sidTokens/disable`: the token gives no tokencodes until enabled.
    pub async fn disable_token(
        &self,
        user_id: &str,
        serial: &str,
    ) -> Result<SidTokenAnswer, ApiError> {
        self.token_call(TokenCall::Disable, user_id, serial, None).await
    }

    /// `PATCH v2/users/{id}/sidTokens/clearPin`: the user sets a new PIN at the next sign-in.
    pub async fn clear_token_pin(
        &self,
        user_id: &str,
        serial: &str,
    ) -> Result<SidTokenAnswer, ApiError> {
        self.token_call(TokenCall::ClearPin, user_id, serial, None).await
    }

    async fn token_call(
        &self,
        which: TokenCall,
        user_id: &str,
        serial: &str,
        name: Option<&str>,
    ) -> Result<SidTokenAnswer, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let serial = check_token_serial(serial)?;
        let name = check_token_name(name)?;
        let (version, last) = which.path();
        let url = self.inner.base.with_segments(version, &[id], &["sidTokens", last]);
        let body = SidTokenRequest { token_serial_number: serial, token_name: name };
        let answer: SidTokenAnswer =
            self.json(Method::PATCH, url, Some(&body), which.repeat()).await?;
        check_same_user(id, answer.user_id.as_deref())?;
        check_same_serial(serial, answer.token_serial_number.as_deref())?;
        Ok(answer)
    }
}

/// An answer about another token is not this one's: it must not be shown as done.
pub(super) fn check_same_serial(asked: &str, named: Option<&str>) -> Result<(), ApiError> {
    match named.map(str::trim).filter(|n| !n.is_empty()) {
        Some(named) if !named.eq_ignore_ascii_case(asked) => {
            Err(ApiError::AnsweredForSomeoneElse {
                asked: format!("token {}", crate::text::sanitize_excerpt(asked, 80)),
                named: format!("token {}", crate::text::sanitize_excerpt(named, 80)),
            })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_state_setting_calls_are_sent_again_after_an_unclear_attempt() {
        assert_eq!(TokenCall::Assign.repeat(), Repeat::OnlyIfNotReceived);
        assert_eq!(TokenCall::Unassign.repeat(), Repeat::OnlyIfNotReceived);
        assert_eq!(TokenCall::Disable.repeat(), Repeat::Safe);
        assert_eq!(TokenCall::ClearPin.path(), ("v2/users", "clearPin"));
    }

    #[test]
    fn another_serial_in_the_answer_is_refused() {
        assert!(check_same_serial("000123", Some("000123")).is_ok());
        assert!(check_same_serial("000123", None).is_ok());
        let e = check_same_serial("000123", Some("000999")).unwrap_err().to_string();
        assert!(e.contains("000999"), "{e}");
    }
}
