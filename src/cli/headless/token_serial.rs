//! `casdesk token lookup SERIAL` (whose token is this: Retrieve Hardware Token Details) and
//! `casdesk token rename EMAIL SERIAL NAME` (Update Hardware Token Name): one record each, in
//! the style of `casdesk token list`, each in the audit record.

use super::one_user::{audit, check_email, row, user_id};
use super::{Output, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::{check_token_name, check_token_serial};
use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct TokenLookupArgs {
    /// The token's serial number (as printed on its back)
    serial: String,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct TokenRenameArgs {
    /// The e-mail address of the user who holds the token
    email: String,
    /// The token's serial number (as `casdesk token list` shows it)
    serial: String,
    /// The new name (at most 255 characters)
    name: String,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// The columns of `casdesk token lookup`, whatever the outcome. `email` and `user_id` are the
/// holder's (both null for a token nobody holds; `email` null where the service names only
/// the id).
const LOOKUP_COLUMNS: [&str; 15] = [
    "serial",
    "status",
    "email",
    "user_id",
    "name",
    "token_state",
    "token_status",
    "pin_set",
    "expiry_date",
    "assigned_at",
    "assigned_by",
    "status_changed_at",
    "status_changed_by",
    "status_reason",
    "error",
];

/// The columns of `casdesk token rename`, whatever the outcome.
const RENAME_COLUMNS: [&str; 7] =
    ["email", "status", "action", "serial", "name", "result", "error"];

pub(super) async fn lookup(tenant: &Tenant, args: &TokenLookupArgs) -> Result<ExitCode, String> {
    // A bad serial is a bad argument: refused before anything is sent.
    let serial = check_token_serial(&args.serial).map_err(|e| e.to_string())?.to_string();
    let found = tenant.client.token_details(&serial).await;
    // As the console records it: a read, for the holder.
    let recorded = casdesk::worker::token_lookup::recorded(&serial, &found);
    tenant.record(casdesk::call_record::TOKEN_LOOKUP, vec![recorded]);
    let mut values: Vec<(&str, Value)> = vec![("serial", serial.as_str().into())];
    match &found {
        Ok(t) => {
            let text = |v: &Option<String>| Value::from(v.clone());
            let token = &t.token;
            values.extend([
                ("status", "OK".into()),
                ("email", text(&t.user_email)),
                ("user_id", text(&t.user_id)),
                ("name", text(&token.token_name)),
                ("token_state", text(&token.token_state)),
                ("token_status", text(&token.token_status)),
                ("pin_set", token.pin_set.into()),
                ("expiry_date", text(&token.expiry_date)),
                ("assigned_at", text(&token.assigned_at)),
                ("assigned_by", text(&token.assigned_by)),
                ("status_changed_at", text(&token.token_status_changed_at)),
                ("status_changed_by", text(&token.token_status_changed_by)),
                ("status_reason", text(&token.token_status_reason)),
            ]);
        }
        Err(e) => values.extend([("status", "FAILED".into()), ("error", e.to_string().into())]),
    }
    let records: Vec<Record> = vec![row(&LOOKUP_COLUMNS, &values)];
    args.output.write(&records)?;
    Ok(exit(usize::from(found.is_err())))
}

pub(super) async fn rename(tenant: &Tenant, args: &TokenRenameArgs) -> Result<ExitCode, String> {
    check_email(&args.email)?;
    let serial = check_token_serial(&args.serial).map_err(|e| e.to_string())?.to_string();
    // Said in words before anything is sent: empty, too long, a control character.
    let name = check_token_name(Some(&args.name))
        .map_err(|e| format!("NAME: {e}"))?
        .ok_or("NAME: a new token name is required")?
        .to_string();
    let email = args.email.trim().to_string();
    let answer = match user_id(tenant, &email).await {
        Ok(id) => tenant.client.rename_token(&id, &serial, &name).await,
        Err(e) => Err(e),
    };
    let action = format!("rename SecurID token {serial}");
    audit(tenant, &action, &email, &answer.as_ref().map(|_| ()).map_err(|e| e.to_string()));
    let mut values: Vec<(&str, Value)> = vec![
        ("email", email.as_str().into()),
        ("action", "rename".into()),
        ("serial", serial.as_str().into()),
    ];
    match &answer {
        Ok(a) => values.extend([
            ("status", "OK".into()),
            // The name the service says it has now, else the one sent.
            ("name", a.token_name.clone().unwrap_or_else(|| name.clone()).into()),
            ("result", a.summary().into()),
        ]),
        Err(e) => values.extend([
            ("status", "FAILED".into()),
            ("name", name.as_str().into()),
            ("error", e.to_string().into()),
        ]),
    }
    args.output.write(&[row(&RENAME_COLUMNS, &values)])?;
    Ok(exit(usize::from(answer.is_err())))
}
