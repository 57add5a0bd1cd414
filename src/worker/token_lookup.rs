//! A SecurID 700 token looked up by serial for Lookup, recorded in the audit trail: who holds
//! it is who was looked at (their address when the service names it, else their id), and a
//! token nobody holds is recorded by its serial.

use super::Records;
use crate::api::Client;
use crate::audit::UserResult;
use crate::messages::{ApiOutcome, Failure, Msg};
use tokio::sync::mpsc::UnboundedSender;

pub(super) async fn run(
    client: &Client,
    serial: &str,
    records: &Records,
    tx: &UnboundedSender<Msg>,
) -> ApiOutcome {
    let found = client.token_details(serial).await;
    let action = format!("look up SecurID token {}", crate::text::sanitize(serial));
    let result = match &found {
        Ok(t) => {
            let holder = t.user_email.as_deref().or(t.user_id.as_deref());
            let who = holder.map_or_else(|| "(nobody: unassigned)".to_string(), str::to_string);
            UserResult::ok(&who)
        }
        Err(e) => UserResult::failed("(unknown)", e.to_string()),
    };
    records.audit(tx, &action, vec![result]);
    match found {
        Ok(token) => ApiOutcome::Token(Box::new(token)),
        Err(e) => ApiOutcome::Failed(Failure::from(e)),
    }
}
