//! `casdesk fido suspend|restore EMAIL KEY` (a FIDO security key or passkey, by its id or
//! name) and `casdesk ds100 lookup SERIAL` / `ds100 enable|disable|clear-pin|delete EMAIL
//! SERIAL` (a SecurID DS100, by its device serial or its OTP credential's). The user is looked
//! up by address, the key or DS100 found on their authenticators list, and the console's own
//! declaration sent (`actions/declared/on_fido.rs`, `on_ds100.rs`): the same question of
//! whether it applies, the same call, the same audit record and ticket-note words.

use super::tokens::{audit, check_email, row};
use super::{Output, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::actions::declared::{self, Offer, Target};
use casdesk::actions::{ActionOutcome, Declared, Done, Item, Row, UserAction, items};
use casdesk::api::{ApiError, check_ds100_serial};
use casdesk::bulk::Failure;
use clap::{Args, Subcommand};
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum FidoCommand {
    /// Suspend a user's FIDO security key or passkey (lost): it stays registered but cannot sign in
    Suspend(RowArgs),
    /// Restore a suspended FIDO security key or passkey
    Restore(RowArgs),
}

#[derive(Subcommand, Debug)]
pub enum Ds100Command {
    /// Look a SecurID DS100 up by its device serial number: who holds it, its OTP state
    Lookup(Ds100LookupArgs),
    /// Enable a user's DS100 OTP credential again
    Enable(RowArgs),
    /// Disable a user's DS100 OTP credential: no one-time codes from it until enabled
    Disable(RowArgs),
    /// Clear the PIN of a user's DS100 OTP credential: they set a new one at the next sign-in
    ClearPin(RowArgs),
    /// Delete a user's DS100 OTP credential (no undo)
    Delete(RowArgs),
}

#[derive(Args, Debug)]
pub struct RowArgs {
    /// The user's e-mail address
    email: String,
    /// Which one: a FIDO key's id or name; a DS100's device serial or OTP credential serial
    /// (as `casdesk device list` shows them)
    which: String,
    #[command(flatten)]
    caller: super::caller::CallerArgs,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct Ds100LookupArgs {
    /// The serial number on the back of the DS100
    serial: String,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// The columns of a change, whatever the outcome.
const CHANGE_COLUMNS: [&str; 7] =
    ["email", "status", "action", "which", "authenticator", "result", "error"];
/// The columns of `casdesk ds100 lookup`, whatever the outcome.
const LOOKUP_COLUMNS: [&str; 10] = [
    "device_serial",
    "status",
    "user_id",
    "name",
    "token_serial",
    "token_state",
    "token_status",
    "pin_set",
    "registered",
    "error",
];

impl FidoCommand {
    pub fn tenant(&mut self) -> &mut TenantArgs {
        match self {
            Self::Suspend(a) | Self::Restore(a) => &mut a.tenant,
        }
    }

    pub async fn run(&self, tenant: &Tenant) -> Result<ExitCode, String> {
        let (declared, args) = match self {
            Self::Suspend(a) => (&declared::SUSPEND_FIDO, a),
            Self::Restore(a) => (&declared::RESTORE_FIDO, a),
        };
        let which = args.which.trim().to_string();
        let finds = move |item: &Item| match item {
            Item::Fido(f) => {
                f.id.as_deref().map(str::trim) == Some(which.as_str())
                    || f.name.as_deref().is_some_and(|n| n.trim().eq_ignore_ascii_case(&which))
            }
            _ => false,
        };
        change(tenant, declared, args, &finds, "FIDO key").await
    }
}

impl Ds100Command {
    pub fn tenant(&mut self) -> &mut TenantArgs {
        match self {
            Self::Lookup(a) => &mut a.tenant,
            Self::Enable(a) | Self::Disable(a) | Self::ClearPin(a) | Self::Delete(a) => {
                &mut a.tenant
            }
        }
    }

    pub async fn run(&self, tenant: &Tenant) -> Result<ExitCode, String> {
        let (declared, args) = match self {
            Self::Lookup(a) => return lookup(tenant, a).await,
            Self::Enable(a) => (&declared::ENABLE_DS100_OTP, a),
            Self::Disable(a) => (&declared::DISABLE_DS100_OTP, a),
            Self::ClearPin(a) => (&declared::CLEAR_DS100_PIN, a),
            Self::Delete(a) => (&declared::DELETE_DS100, a),
        };
        let serial = check_ds100_serial(&args.which, "DS100 serial number")
            .map_err(|e| e.to_string())?
            .to_string();
        let finds = move |item: &Item| match item {
            Item::Ds100(d) => [&d.device_serial_number, &d.token_serial_number]
                .iter()
                .any(|s| s.as_deref().map(str::trim) == Some(serial.as_str())),
            _ => false,
        };
        change(tenant, declared, args, &finds, "DS100").await
    }
}

/// Finds the row on the user's list, sends the declaration if it applies there, records it.
async fn change(
    tenant: &Tenant,
    declared: &'static Declared,
    args: &RowArgs,
    finds: &(dyn Fn(&Item) -> bool + Sync),
    kind: &str,
) -> Result<ExitCode, String> {
    check_email(&args.email)?;
    let email = args.email.trim().to_string();
    let which = args.which.trim().to_string();
    if which.is_empty() || which.chars().any(char::is_control) {
        return Err(format!("give the {kind}, as `casdesk device list` shows it"));
    }
    if let Some(guard) = declared.guard {
        args.caller.verify_first(tenant, guard, std::slice::from_ref(&email)).await?;
    }
    let (action, result) = match find_and_send(tenant, declared, &email, finds, kind).await {
        Ok((action, done)) => (Some(action), Ok(done)),
        Err(failure) => (None, Err(failure)),
    };
    let outcome = ActionOutcome { email: email.clone(), result };
    let record_name = action
        .as_ref()
        .map_or_else(|| format!("{} {which}", declared.name), UserAction::record_name);
    match &outcome.result {
        // Found and sent, or found and nothing to do: recorded as the console records it.
        Ok(_) => tenant.record(&record_name, vec![outcome.audit()]),
        Err(f) => audit(tenant, &record_name, &email, &Err(f.message.clone())),
    }
    let (_, words) = outcome.verdict();
    let mut values: Vec<(&str, Value)> = vec![
        ("email", email.as_str().into()),
        ("action", declared.command.into()),
        ("which", which.as_str().into()),
        ("authenticator", action.as_ref().and_then(|a| a.args.names()).into()),
    ];
    let failed = outcome.needs_attention();
    if failed {
        values.extend([("status", "FAILED".into()), ("error", words.into())]);
    } else {
        values.extend([("status", "OK".into()), ("result", words.into())]);
    }
    args.output.write(&[row(&CHANGE_COLUMNS, &values)])?;
    Ok(exit(usize::from(failed)))
}

async fn find_and_send(
    tenant: &Tenant,
    declared: &'static Declared,
    email: &str,
    finds: &(dyn Fn(&Item) -> bool + Sync),
    kind: &str,
) -> Result<(UserAction, Done), Failure> {
    let client = &tenant.client;
    let user = client.lookup_user(email, false).await.map_err(Failure::from)?;
    let Some(id) = user.id.clone() else {
        return Err(Failure::new("the service gave no user id; nothing was sent"));
    };
    let all = client.user_authenticators(&id).await.map_err(Failure::from)?;
    let found: Vec<Item> = items(&all).into_iter().filter(|i| finds(i)).collect();
    let item = match found.as_slice() {
        [item] => *item,
        [] => {
            return Err(Failure::new(format!(
                "the user has no such {kind} (see `casdesk device list`); nothing was sent"
            )));
        }
        _ => {
            return Err(Failure::new(format!(
                "the user has more than one {kind} by that name: give its id; nothing was sent"
            )));
        }
    };
    let Target::Row(offered) = declared.target else {
        return Err(Failure::new("casdesk's mistake: not a row action"));
    };
    match offered(&Row { user: &user, all: &all, item }) {
        Some(Offer::Act { args, .. }) => {
            let action = UserAction { declared, args };
            let acted = action.perform(client, &id).await.map_err(Failure::from)?;
            Ok((action, Done::Acted(acted)))
        }
        Some(Offer::NotNow { why }) => Err(Failure::new(why)),
        // Not offered there: already as asked (suspended, no PIN) or not possible.
        _ => Err(Failure::new(not_offered_words(declared, kind))),
    }
}

/// Why a declaration is not offered on the row found.
fn not_offered_words(declared: &Declared, kind: &str) -> String {
    match declared.command {
        "suspend-fido" => "already suspended (or its status is not known); nothing was sent".into(),
        "restore-fido" => "not suspended (or its status is not known); nothing was sent".into(),
        "enable-ds100-otp" => "its OTP is not disabled; nothing was sent".into(),
        "disable-ds100-otp" => "its OTP is not enabled; nothing was sent".into(),
        "clear-ds100-pin" => {
            "it has no PIN to clear (or no OTP credential); nothing was sent".into()
        }
        _ => format!("not possible on this {kind}; nothing was sent"),
    }
}

async fn lookup(tenant: &Tenant, args: &Ds100LookupArgs) -> Result<ExitCode, String> {
    let serial = check_ds100_serial(&args.serial, "DS100 serial number")
        .map_err(|e| e.to_string())?
        .to_string();
    let found = tenant.client.lookup_ds100(&serial).await;
    let shown = found.as_ref().map(|_| ()).map_err(ApiError::to_string);
    // Recorded under its holder's id (the answer names no address), else the serial.
    let holder = found.as_ref().ok().and_then(|r| r.first()).and_then(|r| r.user_id.clone());
    audit(
        tenant,
        &format!("look up DS100 {serial}"),
        &holder.unwrap_or_else(|| serial.clone()),
        &shown,
    );
    let text = |v: &Option<String>| Value::from(v.clone());
    let records: Vec<Record> = match &found {
        Err(e) => vec![row(
            &LOOKUP_COLUMNS,
            &[
                ("device_serial", serial.as_str().into()),
                ("status", "FAILED".into()),
                ("error", e.to_string().into()),
            ],
        )],
        Ok(records) => records
            .iter()
            .map(|r| {
                row(
                    &LOOKUP_COLUMNS,
                    &[
                        ("device_serial", serial.as_str().into()),
                        ("status", "OK".into()),
                        ("user_id", text(&r.user_id)),
                        ("name", text(&r.name)),
                        ("token_serial", text(&r.token_serial_number)),
                        ("token_state", text(&r.token_state)),
                        ("token_status", text(&r.token_status)),
                        ("pin_set", r.pin_set.into()),
                        ("registered", text(&r.registered_date)),
                    ],
                )
            })
            .collect(),
    };
    args.output.write(&records)?;
    Ok(exit(usize::from(found.is_err())))
}
