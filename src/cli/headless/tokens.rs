//! `casdesk token list|assign|unassign|enable|disable|clear-pin` (SecurID 700 hardware tokens;
//! `lookup` and `rename` are in `token_serial.rs`):
//! one user by e-mail address, looked up first, then called by id; one record per token listed
//! or per change, each change in the audit record.

// Kept where the device and phone commands have always found them.
pub(super) use super::one_user::{audit, check_email, row, user_id};
use super::{Output, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::{ApiError, SidTokenAnswer, check_token_name, check_token_serial};
use clap::{Args, Subcommand};
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// List a user's SecurID 700 hardware tokens (serial, state, status, PIN)
    List(TokenListArgs),
    /// Give a user an unassigned SecurID 700 token
    Assign(TokenAssignArgs),
    /// Take a SecurID 700 token from a user (it goes back to the unassigned tokens)
    Unassign(TokenUnassignArgs),
    /// Enable a user's SecurID 700 token again (the caller verified first: whoever holds it can
    /// sign in with it)
    Enable(TokenUnassignArgs),
    /// Disable a user's SecurID 700 token (lost, stolen): no tokencodes from it until enabled
    Disable(TokenArgs),
    /// Clear the PIN of a user's SecurID 700 token: they set a new one at the next sign-in (the
    /// caller verified first)
    ClearPin(TokenUnassignArgs),
    /// Whose SecurID 700 token is this? The token by its serial: holder, state, status, PIN
    Lookup(super::token_serial::TokenLookupArgs),
    /// Give a user's SecurID 700 token a new name (at most 255 characters)
    Rename(super::token_serial::TokenRenameArgs),
}

#[derive(Args, Debug)]
pub struct TokenListArgs {
    /// The user's e-mail address
    email: String,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct TokenArgs {
    /// The user's e-mail address
    email: String,
    /// The token's serial number (as `casdesk token list` shows it)
    serial: String,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// Unassigning takes what the user signs in with; enabling a token and clearing its PIN make
/// it usable by whoever holds it: the caller is verified first.
#[derive(Args, Debug)]
pub struct TokenUnassignArgs {
    #[command(flatten)]
    token: TokenArgs,
    #[command(flatten)]
    caller: super::caller::CallerArgs,
}

#[derive(Args, Debug)]
pub struct TokenAssignArgs {
    /// The user's e-mail address
    email: String,
    /// The serial number of an unassigned token
    serial: String,
    /// A name for the token (at most 255 characters)
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    caller: super::caller::CallerArgs,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// What assigning, enabling and clearing a PIN are guarded as.
const RESTORES: casdesk::verify::Guarded = casdesk::verify::Guarded::RestoreAuthenticator;

/// The columns of `casdesk token list`, whatever the outcome.
const LIST_COLUMNS: [&str; 12] = [
    "email",
    "status",
    "serial",
    "name",
    "token_state",
    "token_status",
    "pin_set",
    "expiry_date",
    "assigned_at",
    "status_changed_at",
    "status_changed_by",
    "error",
];
/// The columns of a token change, whatever the outcome.
const CHANGE_COLUMNS: [&str; 9] = [
    "email",
    "status",
    "action",
    "serial",
    "token_state",
    "token_status",
    "pin_set",
    "result",
    "error",
];
impl TokenCommand {
    /// The tenant options given after the command's name.
    pub fn tenant(&mut self) -> &mut TenantArgs {
        match self {
            Self::List(a) => &mut a.tenant,
            Self::Assign(a) => &mut a.tenant,
            Self::Unassign(a) => &mut a.token.tenant,
            Self::Enable(a) | Self::ClearPin(a) => &mut a.token.tenant,
            Self::Disable(a) => &mut a.tenant,
            Self::Lookup(a) => &mut a.tenant,
            Self::Rename(a) => &mut a.tenant,
        }
    }

    pub async fn run(&self, tenant: &Tenant) -> Result<ExitCode, String> {
        match self {
            Self::List(args) => list(tenant, args).await,
            Self::Assign(a) => {
                check_token_name(a.name.as_deref()).map_err(|e| format!("--name: {e}"))?;
                let email = a.email.trim().to_string();
                a.caller.verify_first(tenant, RESTORES, std::slice::from_ref(&email)).await?;
                change(tenant, Change::Assign(a.name.as_deref()), &a.email, &a.serial, &a.output)
                    .await
            }
            Self::Unassign(a) => {
                let guard = casdesk::verify::Guarded::UnassignToken;
                let email = a.token.email.trim().to_string();
                a.caller.verify_first(tenant, guard, std::slice::from_ref(&email)).await?;
                let t = &a.token;
                change(tenant, Change::Unassign, &t.email, &t.serial, &t.output).await
            }
            Self::Enable(a) => {
                let email = a.token.email.trim().to_string();
                a.caller.verify_first(tenant, RESTORES, std::slice::from_ref(&email)).await?;
                let t = &a.token;
                change(tenant, Change::Enable, &t.email, &t.serial, &t.output).await
            }
            Self::Disable(a) => {
                change(tenant, Change::Disable, &a.email, &a.serial, &a.output).await
            }
            Self::ClearPin(a) => {
                let email = a.token.email.trim().to_string();
                a.caller.verify_first(tenant, RESTORES, std::slice::from_ref(&email)).await?;
                let t = &a.token;
                change(tenant, Change::ClearPin, &t.email, &t.serial, &t.output).await
            }
            Self::Lookup(a) => super::token_serial::lookup(tenant, a).await,
            Self::Rename(a) => super::token_serial::rename(tenant, a).await,
        }
    }
}

async fn list(tenant: &Tenant, args: &TokenListArgs) -> Result<ExitCode, String> {
    check_email(&args.email)?;
    let email = args.email.trim().to_string();
    let found = match user_id(tenant, &email).await {
        Ok(id) => tenant.client.user_authenticators(&id).await,
        Err(e) => Err(e),
    };
    audit(
        tenant,
        "list SecurID tokens",
        &email,
        &found.as_ref().map(|_| ()).map_err(|e| e.to_string()),
    );
    let records: Vec<Record> = match &found {
        Err(e) => vec![row(
            &LIST_COLUMNS,
            &[
                ("email", email.as_str().into()),
                ("status", "FAILED".into()),
                ("error", e.to_string().into()),
            ],
        )],
        // One row even without tokens, so a script sees the user was looked at.
        Ok(a) if a.sid_tokens.is_empty() => {
            vec![row(&LIST_COLUMNS, &[("email", email.as_str().into()), ("status", "OK".into())])]
        }
        Ok(a) => a
            .sid_tokens
            .iter()
            .map(|t| {
                let text = |v: &Option<String>| Value::from(v.clone());
                row(
                    &LIST_COLUMNS,
                    &[
                        ("email", email.as_str().into()),
                        ("status", "OK".into()),
                        ("serial", text(&t.token_serial_number)),
                        ("name", text(&t.token_name)),
                        ("token_state", text(&t.token_state)),
                        ("token_status", text(&t.token_status)),
                        ("pin_set", t.pin_set.into()),
                        ("expiry_date", text(&t.expiry_date)),
                        ("assigned_at", text(&t.assigned_at)),
                        ("status_changed_at", text(&t.token_status_changed_at)),
                        ("status_changed_by", text(&t.token_status_changed_by)),
                    ],
                )
            })
            .collect(),
    };
    args.output.write(&records)?;
    Ok(exit(usize::from(found.is_err())))
}

#[derive(Clone, Copy, Debug)]
enum Change<'a> {
    Assign(Option<&'a str>),
    Unassign,
    Enable,
    Disable,
    ClearPin,
}

impl Change<'_> {
    fn name(self) -> &'static str {
        match self {
            Self::Assign(_) => "assign",
            Self::Unassign => "unassign",
            Self::Enable => "enable",
            Self::Disable => "disable",
            Self::ClearPin => "clear-pin",
        }
    }
}

async fn change(
    tenant: &Tenant,
    what: Change<'_>,
    email: &str,
    serial: &str,
    output: &Output,
) -> Result<ExitCode, String> {
    check_email(email)?;
    // A bad serial is a bad argument: refused before the user is even looked up.
    let serial = check_token_serial(serial).map_err(|e| e.to_string())?.to_string();
    let email = email.trim().to_string();
    let client = &tenant.client;
    let answer: Result<SidTokenAnswer, ApiError> = match user_id(tenant, &email).await {
        Err(e) => Err(e),
        Ok(id) => match what {
            Change::Assign(name) => client.assign_token(&id, &serial, name).await,
            Change::Unassign => client.unassign_token(&id, &serial).await,
            Change::Enable => client.enable_token(&id, &serial).await,
            Change::Disable => client.disable_token(&id, &serial).await,
            Change::ClearPin => client.clear_token_pin(&id, &serial).await,
        },
    };
    let action = format!("{} SecurID token {serial}", what.name());
    audit(tenant, &action, &email, &answer.as_ref().map(|_| ()).map_err(|e| e.to_string()));
    let mut values: Vec<(&str, Value)> = vec![
        ("email", email.as_str().into()),
        ("action", what.name().into()),
        ("serial", serial.as_str().into()),
    ];
    match &answer {
        Ok(a) => {
            let text = |v: &Option<String>| Value::from(v.clone());
            values.extend([
                ("status", "OK".into()),
                ("token_state", text(&a.token_state)),
                ("token_status", text(&a.token_status)),
                ("pin_set", a.pin_set.into()),
                ("result", a.summary().into()),
            ]);
        }
        Err(e) => values.extend([("status", "FAILED".into()), ("error", e.to_string().into())]),
    }
    output.write(&[row(&CHANGE_COLUMNS, &values)])?;
    Ok(exit(usize::from(answer.is_err())))
}
