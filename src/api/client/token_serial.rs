//! SecurID 700 tokens by serial: Retrieve Hardware Token Details (whose token is this?) and
//! Update Hardware Token Name (rename a token the user holds).
//!
//! Both may be sent again after an unclear first attempt: the lookup reads, and a rename sets
//! the name (a second send finds it set and sets it again).

use super::tokens::check_same_serial;
use super::user_admin::check_same_user;
use super::{Client, path_id};
use crate::api::error::ApiError;
use crate::api::model::{
    RenameRequest, SerialRequest, SidTokenAnswer, TokenDetails, check_token_name,
    check_token_serial,
};
use crate::api::retry::Repeat;
use reqwest::Method;

impl Client {
    /// `POST v1/sidTokens/lookup`: the token with this serial, whoever holds it (or nobody).
    /// An unknown serial is the service's 404.
    pub async fn token_details(&self, serial: &str) -> Result<TokenDetails, ApiError> {
        let serial = check_token_serial(serial)?;
        let url = self.inner.base.endpoint("v1/sidTokens/lookup");
        let body = SerialRequest { token_serial_number: serial };
        let found: TokenDetails = self.json(Method::POST, url, Some(&body), Repeat::Safe).await?;
        check_same_serial(serial, found.token.token_serial_number.as_deref())?;
        Ok(found)
    }

    /// `PATCH v1/users/{id}/sidTokens/updateName`: the new name of a token the user holds
    /// (at most 255 characters, checked before anything is sent).
    pub async fn rename_token(
        &self,
        user_id: &str,
        serial: &str,
        name: &str,
    ) -> Result<SidTokenAnswer, ApiError> {
        let id = path_id(user_id, "a user id")?;
        let serial = check_token_serial(serial)?;
        let name = check_token_name(Some(name))?
            .ok_or_else(|| ApiError::InvalidRequest("a new token name is required".into()))?;
        let url = self.inner.base.with_segments("v1/users", &[id], &["sidTokens", "updateName"]);
        let body = RenameRequest { token_serial_number: serial, updated_name: name };
        let answer: SidTokenAnswer =
            self.json(Method::PATCH, url, Some(&body), Repeat::Safe).await?;
        check_same_user(id, answer.user_id.as_deref())?;
        check_same_serial(serial, answer.token_serial_number.as_deref())?;
        Ok(answer)
    }
}
