//! A SecurID 700 token looked up by serial for Lookup, and how the audit record keeps it (the
//! command `casdesk token lookup` records it the same way): a read (`token lookup`, listed
//! once in a ticket note) for the token's holder, their address when the service names it,
//! else their id; the outcome names the serial. A token nobody holds, or a serial not found,
//! is recorded for the token itself ("SecurID token 000…"), so no user's note shows it.

use super::Records;
use crate::api::{ApiError, Client, TokenDetails};
use crate::audit::UserResult;
use crate::call_record::TOKEN_LOOKUP;
use crate::messages::{ApiOutcome, Failure, Msg};
use crate::text::sanitize;
use tokio::sync::mpsc::UnboundedSender;

pub(super) async fn run(
    client: &Client,
    serial: &str,
    records: &Records,
    tx: &UnboundedSender<Msg>,
) -> ApiOutcome {
    let found = client.token_details(serial).await;
    records.audit(tx, TOKEN_LOOKUP, vec![recorded(serial, &found)]);
    match found {
        Ok(token) => ApiOutcome::Token(Box::new(token)),
        Err(e) => ApiOutcome::Failed(Failure::from(e)),
    }
}

/// What the audit record keeps of a lookup of `serial` that found this.
pub fn recorded(serial: &str, found: &Result<TokenDetails, ApiError>) -> UserResult {
    let token = format!("SecurID token {}", sanitize(serial.trim()));
    match found {
        Ok(t) => match t.user_email.as_deref().or(t.user_id.as_deref()).filter(|_| t.assigned()) {
            Some(holder) => {
                UserResult::ok(&sanitize(holder)).with_outcome(format!("holds {token}"))
            }
            None => UserResult::ok(&token).with_outcome("held by nobody (unassigned)"),
        },
        Err(e) => UserResult::failed(&token, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_is_recorded_for_the_holder_or_for_the_token() {
        let held: TokenDetails = serde_json::from_str(
            r#"{"tokenSerialNumber":"1","userId":"u1","userEmail":"a@example.com"}"#,
        )
        .unwrap();
        let r = recorded("1", &Ok(held));
        assert_eq!((r.user.as_str(), r.ok), ("a@example.com", true));
        assert_eq!(r.outcome.as_deref(), Some("holds SecurID token 1"));
        let pool: TokenDetails = serde_json::from_str(r#"{"tokenSerialNumber":"2"}"#).unwrap();
        assert_eq!(recorded("2", &Ok(pool)).user, "SecurID token 2");
        let failed = recorded("3", &Err(ApiError::InvalidRequest("no".into())));
        assert_eq!((failed.user.as_str(), failed.ok), ("SecurID token 3", false));
    }
}
