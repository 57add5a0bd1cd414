//! SecurID DS100 OTP credentials (lookup by the device's serial, enable, disable, clear PIN,
//! delete) and FIDO credentials suspended or restored (Enable / Disable FIDO Authenticator).
//! Serials are checked before anything is sent; an answer naming another user or serial is
//! refused, as the SecurID 700 calls' are.
//!
//! Enable, disable and clear PIN set a state and are sent again like reads; delete removes
//! the credential, so it is sent again only when the service surely did not act (a second
//! send would find nothing and report the deletion as a failure).

use super::transport::Call;
use super::user_admin::check_same_user;
use super::{Client, path_id};
use crate::api::error::ApiError;
use crate::api::model::{
    Ds100Credential, Ds100Request, FidoStatusAnswer, check_ds100_serial, credentials_of,
};
use crate::api::retry::Repeat;
use reqwest::Method;

impl Client {
    /// `PATCH v1/fido/{userId}/authenticators/{authenticatorId}/enable` (`enabled`) or
    /// `/disable`: restores or suspends a FIDO security key or passkey. No body.
    pub async fn set_fido_enabled(
        &self,
        user_id: &str,
        authenticator_id: &str,
        enabled: bool,
    ) -> Result<FidoStatusAnswer, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let key = path_id(authenticator_id, "a FIDO authenticator id")?;
        let last = if enabled { "enable" } else { "disable" };
        let url = self.inner.base.with_segments("v1/fido", &[id], &["authenticators", key, last]);
        let call = Call { method: Method::PATCH, url, body: None, repeat: Repeat::Safe };
        Ok(match self.call_json_or_empty(&call).await? {
            Some(value) => serde_json::from_value(value).unwrap_or_default(),
            None => FidoStatusAnswer::default(),
        })
    }

    /// `POST v1/ds100/lookup {"deviceSerialNumber"}`: the OTP credential(s) of a DS100.
    pub async fn lookup_ds100(
        &self,
        device_serial: &str,
    ) -> Result<Vec<Ds100Credential>, ApiError> {
        let device = check_ds100_serial(device_serial, "DS100's device serial number")?;
        let url = self.inner.base.with_segments("v1/ds100", &[], &["lookup"]);
        let body = Ds100Request {
            device_serial_number: Some(device),
            token_serial_number: None,
            user_id: None,
        };
        let value: serde_json::Value =
            self.json(Method::POST, url, Some(&body), Repeat::Safe).await?;
        Ok(credentials_of(value))
    }

    /// `PATCH v1/ds100/enable/otp` (`enabled`) or `/disable/otp`
    /// `{"deviceSerialNumber", "userId"}`: the DS100's OTP credential on or off.
    pub async fn set_ds100_otp(
        &self,
        user_id: &str,
        device_serial: &str,
        enabled: bool,
    ) -> Result<Ds100Credential, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let device = check_ds100_serial(device_serial, "DS100's device serial number")?;
        let last = if enabled { "enable" } else { "disable" };
        let url = self.inner.base.with_segments("v1/ds100", &[], &[last, "otp"]);
        let body = Ds100Request {
            device_serial_number: Some(device),
            user_id: Some(id),
            token_serial_number: None,
        };
        let value: serde_json::Value =
            self.json(Method::PATCH, url, Some(&body), Repeat::Safe).await?;
        let answer = credentials_of(value).into_iter().next().unwrap_or_default();
        check_same_user(id, answer.user_id.as_deref())?;
        check_same(device, answer.device_serial_number.as_deref(), "DS100")?;
        Ok(answer)
    }

    /// `PATCH v1/ds100/clearPin/otp {"tokenSerialNumber", "userId"}`: the holder sets a new
    /// PIN at the next sign-in.
    pub async fn clear_ds100_pin(
        &self,
        user_id: &str,
        token_serial: &str,
    ) -> Result<Ds100Credential, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let token = check_ds100_serial(token_serial, "OTP credential's serial number")?;
        let url = self.inner.base.with_segments("v1/ds100", &[], &["clearPin", "otp"]);
        let body = Ds100Request {
            token_serial_number: Some(token),
            user_id: Some(id),
            device_serial_number: None,
        };
        let value: serde_json::Value =
            self.json(Method::PATCH, url, Some(&body), Repeat::Safe).await?;
        let answer = credentials_of(value).into_iter().next().unwrap_or_default();
        check_same_user(id, answer.user_id.as_deref())?;
        check_same(token, answer.token_serial_number.as_deref(), "OTP credential")?;
        Ok(answer)
    }

    /// `DELETE v1/ds100/delete/otp {"tokenSerialNumber", "deviceSerialNumber", "userId"}`, a
    /// body on a DELETE. The answer is "Not Applicable": any or none is taken as done.
    pub async fn delete_ds100(
        &self,
        user_id: &str,
        token_serial: &str,
        device_serial: &str,
    ) -> Result<(), ApiError> {
        let id = path_id(user_id, "a user id")?;
        let token = check_ds100_serial(token_serial, "OTP credential's serial number")?;
        let device = check_ds100_serial(device_serial, "DS100's device serial number")?;
        let url = self.inner.base.with_segments("v1/ds100", &[], &["delete", "otp"]);
        let body = Ds100Request {
            token_serial_number: Some(token),
            device_serial_number: Some(device),
            user_id: Some(id),
        };
        let body = serde_json::to_vec(&body)
            .map_err(|e| ApiError::InvalidRequest(format!("could not encode the request: {e}")))?;
        let call = Call {
            method: Method::DELETE,
            url,
            body: Some(body),
            repeat: Repeat::OnlyIfNotReceived,
        };
        self.call_json_or_empty(&call).await.map(|_| ())
    }
}

/// An answer about another serial is not this one's: it must not be shown as done.
fn check_same(asked: &str, named: Option<&str>, what: &str) -> Result<(), ApiError> {
    match named.map(str::trim).filter(|n| !n.is_empty()) {
        Some(named) if !named.eq_ignore_ascii_case(asked) => {
            Err(ApiError::AnsweredForSomeoneElse {
                asked: format!("{what} {}", crate::text::sanitize_excerpt(asked, 80)),
                named: format!("{what} {}", crate::text::sanitize_excerpt(named, 80)),
            })
        }
        _ => Ok(()),
    }
}
