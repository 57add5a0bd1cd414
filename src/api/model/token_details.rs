//! A SecurID 700 token by its serial (Retrieve Hardware Token Details, `POST v1/sidTokens/lookup
//! {"tokenSerialNumber"}`), and the body of Update Hardware Token Name. RSA documents the
//! lookup's request and what it tells (state, status, `userId`, expiry, `pinSet`), not its
//! body: it is read as an Authenticator Details `sidTokens` entry plus the holder's `userId`
//! and, where the service gives it, `userEmail` (the simulator does; see `sim/token_serial.rs`).

use super::lenient::opt_string;
use super::user::SidToken;
use serde::{Deserialize, Serialize};

/// A token as looked up by serial. No `user_id` means nobody holds it (the tenant's
/// unassigned tokens).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenDetails {
    #[serde(flatten)]
    pub token: SidToken,
    #[serde(default, deserialize_with = "opt_string")]
    pub user_id: Option<String>,
    /// The holder's address: not documented, so often absent.
    #[serde(default, deserialize_with = "opt_string")]
    pub user_email: Option<String>,
}

impl TokenDetails {
    /// Whether someone holds it: a holder named, or a state that says assigned.
    pub fn assigned(&self) -> bool {
        self.user_id.as_deref().is_some_and(|id| !id.trim().is_empty())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SerialRequest<'a> {
    pub token_serial_number: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RenameRequest<'a> {
    pub token_serial_number: &'a str,
    pub updated_name: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assigned_token_reads_with_its_holder_and_a_pool_token_without() {
        let t: TokenDetails = serde_json::from_str(
            r#"{"tokenSerialNumber":"000412345678","tokenState":"Assigned","tokenStatus":"Enabled",
                "pinSet":"true","expiryDate":"2029-03-31T00:00:00.000Z","userId":"u1",
                "userEmail":"john.doe@example.com","somethingNew":[1]}"#,
        )
        .unwrap();
        assert_eq!(t.token.token_serial_number.as_deref(), Some("000412345678"));
        assert_eq!(t.token.pin_set, Some(true));
        assert_eq!(t.user_email.as_deref(), Some("john.doe@example.com"));
        assert!(t.assigned());
        let pool: TokenDetails = serde_json::from_str(
            r#"{"tokenSerialNumber":"1","tokenState":"Unassigned","userId":null}"#,
        )
        .unwrap();
        assert!(!pool.assigned());
        assert_eq!(pool.token.token_state.as_deref(), Some("Unassigned"));
    }

    #[test]
    fn the_rename_body_is_the_serial_and_the_updated_name() {
        let body = RenameRequest { token_serial_number: "1", updated_name: "Desk" };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"tokenSerialNumber":"1","updatedName":"Desk"}"#
        );
    }
}
