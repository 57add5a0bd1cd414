//! What the commands that act on one user by address share: the address checked, the user's
//! id looked up, one record with every column, and the audit entry.

use super::{Record, Value};
use crate::cli::tenant::Tenant;
use casdesk::api::ApiError;
use casdesk::audit::UserResult;

/// Every column null but those given.
pub(super) fn row(columns: &[&'static str], values: &[(&str, Value)]) -> Record {
    columns
        .iter()
        .map(|&c| {
            let v = values.iter().find(|(k, _)| *k == c).map(|(_, v)| v.clone());
            (c, v.unwrap_or(Value::Null))
        })
        .collect()
}

pub(super) fn check_email(email: &str) -> Result<(), String> {
    match casdesk::userlist::email_problem(email) {
        Some(problem) => Err(format!("{email}: not a valid e-mail address ({problem})")),
        None => Ok(()),
    }
}

/// The user's id, by address.
pub(super) async fn user_id(tenant: &Tenant, email: &str) -> Result<String, ApiError> {
    let details = tenant.client.lookup_user(email, false).await?;
    details.id.ok_or_else(|| ApiError::InvalidRequest("the service gave no user id".into()))
}

pub(super) fn audit(tenant: &Tenant, action: &str, email: &str, result: &Result<(), String>) {
    let user = match result {
        Ok(()) => UserResult::ok(email),
        Err(e) => UserResult::failed(email, e.clone()),
    };
    tenant.record(action, vec![user]);
}
