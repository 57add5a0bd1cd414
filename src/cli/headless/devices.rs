//! `casdesk device list|delete|replace`: a user's registered devices and FIDO keys (with the
//! ids the other two take), one removed, or a lost phone replaced (removed, then a device
//! registration code for the new one). The user is looked up by address first and called by
//! id; each change is in the audit record, never the code.

use super::tokens::{audit, check_email, row, user_id};
use super::{Output, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::actions::authenticators::replace_blocker;
use casdesk::actions::declared::{self, REPLACE_PHONE};
use casdesk::actions::{Acted, ActionOutcome, AuthenticatorKind, AuthenticatorRef, UserAction};
use casdesk::api::{ApiError, Authenticators};
use casdesk::audit::UserResult;
use casdesk::bulk::Failure;
use clap::{Args, Subcommand};
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum DeviceCommand {
    /// List a user's registered devices and FIDO keys, with the ids delete and replace take
    List(DeviceListArgs),
    /// Delete one of a user's registered devices or FIDO keys (a lost phone or key)
    Delete(DeviceArgs),
    /// Replace a lost phone: delete it, then print a device registration code for the new one
    Replace(DeviceArgs),
}

#[derive(Args, Debug)]
pub struct DeviceListArgs {
    /// The user's e-mail address
    email: String,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct DeviceArgs {
    /// The user's e-mail address
    email: String,
    /// The device's id, as `casdesk device list` shows it
    device_id: String,
    #[command(flatten)]
    caller: super::caller::CallerArgs,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// The columns of `casdesk device list`, whatever the outcome.
const LIST_COLUMNS: [&str; 10] = [
    "email",
    "status",
    "kind",
    "device_id",
    "name",
    "type",
    "registered",
    "state",
    "serial",
    "error",
];
/// The columns of `casdesk device delete`, whatever the outcome.
const DELETE_COLUMNS: [&str; 6] = ["email", "status", "action", "device_id", "result", "error"];
/// The columns of `casdesk device replace`, whatever the outcome.
const REPLACE_COLUMNS: [&str; 10] = [
    "email",
    "status",
    "device_id",
    "device",
    "removed",
    "code",
    "expires",
    "company_id",
    "result",
    "error",
];

impl DeviceCommand {
    pub fn tenant(&mut self) -> &mut TenantArgs {
        match self {
            Self::List(a) => &mut a.tenant,
            Self::Delete(a) | Self::Replace(a) => &mut a.tenant,
        }
    }

    pub async fn run(&self, tenant: &Tenant) -> Result<ExitCode, String> {
        match self {
            Self::List(args) => list(tenant, args).await,
            Self::Delete(args) => delete(tenant, args).await,
            Self::Replace(args) => replace(tenant, args).await,
        }
    }
}

fn device_id(args: &DeviceArgs) -> Result<String, String> {
    check_email(&args.email)?;
    let device = args.device_id.trim().to_string();
    if device.is_empty() || device.chars().any(char::is_control) {
        return Err("give the device's id, as `casdesk device list` shows it".into());
    }
    Ok(device)
}

async fn list(tenant: &Tenant, args: &DeviceListArgs) -> Result<ExitCode, String> {
    check_email(&args.email)?;
    let email = args.email.trim().to_string();
    let found = match user_id(tenant, &email).await {
        Ok(id) => tenant.client.user_authenticators(&id).await,
        Err(e) => Err(e),
    };
    let shown = found.as_ref().map(|_| ()).map_err(|e| e.to_string());
    audit(tenant, "list devices", &email, &shown);
    let text = |v: &Option<String>| Value::from(v.clone());
    let records: Vec<Record> = match &found {
        Err(e) => vec![row(
            &LIST_COLUMNS,
            &[
                ("email", email.as_str().into()),
                ("status", "FAILED".into()),
                ("error", e.to_string().into()),
            ],
        )],
        Ok(a) if a.devices.is_empty() && a.fido_tokens.is_empty() => {
            vec![row(&LIST_COLUMNS, &[("email", email.as_str().into()), ("status", "OK".into())])]
        }
        Ok(a) => {
            let devices = a.devices.iter().map(|d| {
                // A DS100's state is its OTP credential's; its serial is what `ds100` takes.
                let (kind, state) = match (d.is_ds100(), d.is_browser()) {
                    (true, _) => ("ds100", d.token_status.as_ref().map(|s| format!("OTP {s}"))),
                    (_, true) => ("browser", d.status.clone()),
                    _ => ("device", d.status.clone()),
                };
                let name = if d.is_browser() {
                    d.browser.clone().or(d.name.clone())
                } else {
                    d.name.clone()
                };
                row(
                    &LIST_COLUMNS,
                    &[
                        ("email", email.as_str().into()),
                        ("status", "OK".into()),
                        ("kind", kind.into()),
                        ("device_id", text(&d.id)),
                        ("name", text(&name)),
                        ("type", text(&d.device_type)),
                        ("registered", text(&d.registered_date)),
                        ("state", text(&state)),
                        ("serial", text(&d.device_serial_number)),
                    ],
                )
            });
            let keys = a.fido_tokens.iter().map(|f| {
                row(
                    &LIST_COLUMNS,
                    &[
                        ("email", email.as_str().into()),
                        ("status", "OK".into()),
                        ("kind", "fido".into()),
                        ("device_id", text(&f.id)),
                        ("name", text(&f.name)),
                        ("registered", text(&f.registered_date)),
                        ("state", text(&f.status)),
                    ],
                )
            });
            devices.chain(keys).collect()
        }
    };
    args.output.write(&records)?;
    Ok(exit(usize::from(found.is_err())))
}

async fn delete(tenant: &Tenant, args: &DeviceArgs) -> Result<ExitCode, String> {
    let device = device_id(args)?;
    let email = args.email.trim().to_string();
    let guard = casdesk::verify::Guarded::RemoveDevice;
    args.caller.verify_first(tenant, guard, std::slice::from_ref(&email)).await?;
    let done = match user_id(tenant, &email).await {
        Ok(id) => tenant.client.delete_device(&id, &device).await,
        Err(e) => Err(e),
    };
    let done = done.map_err(|e| e.to_string());
    audit(tenant, &format!("delete device {device}"), &email, &done);
    let mut values: Vec<(&str, Value)> = vec![
        ("email", email.as_str().into()),
        ("action", "delete".into()),
        ("device_id", device.as_str().into()),
    ];
    match &done {
        Ok(()) => values.extend([("status", "OK".into()), ("result", "deleted".into())]),
        Err(e) => values.extend([("status", "FAILED".into()), ("error", e.as_str().into())]),
    }
    args.output.write(&[row(&DELETE_COLUMNS, &values)])?;
    Ok(exit(usize::from(done.is_err())))
}

/// The user's device (not a FIDO key: a key is not a phone) with this id.
fn phone(a: &Authenticators, device: &str) -> Result<AuthenticatorRef, ApiError> {
    let found = a.devices.iter().find(|d| {
        !d.is_browser() && !d.is_ds100() && d.id.as_deref().map(str::trim) == Some(device)
    });
    match found.and_then(AuthenticatorRef::of_device) {
        Some(old) if old.kind == AuthenticatorKind::Device => Ok(old),
        _ => Err(ApiError::InvalidRequest(format!(
            "the user has no registered device {device} (see `casdesk device list`); nothing \
             was done"
        ))),
    }
}

async fn replace(tenant: &Tenant, args: &DeviceArgs) -> Result<ExitCode, String> {
    let device = device_id(args)?;
    let email = args.email.trim().to_string();
    let guard = casdesk::verify::Guarded::ReplacePhone;
    args.caller.verify_first(tenant, guard, std::slice::from_ref(&email)).await?;
    let client = &tenant.client;
    // Found among the user's own devices first, so the record names what was removed; and
    // nothing is removed when the service would then refuse the new phone's code.
    let found = match client.lookup_user(&email, false).await {
        Ok(user) => match user.id.clone() {
            None => Err(ApiError::InvalidRequest("the service gave no user id".into())),
            Some(id) => match client.user_authenticators(&id).await {
                Ok(a) => {
                    phone(&a, &device).and_then(|old| match replace_blocker(&user, &a, &old.id) {
                        Some(why) => {
                            Err(ApiError::InvalidRequest(format!("{why} Nothing was done.")))
                        }
                        None => Ok((id, old)),
                    })
                }
                Err(e) => Err(e),
            },
        },
        Err(e) => Err(e),
    };
    let mut values: Vec<(&str, Value)> =
        vec![("email", email.as_str().into()), ("device_id", device.as_str().into())];
    let acted = match found {
        Err(e) => {
            let failure = Failure::from(e);
            let recorded = UserResult::failed(&email, failure.message.clone());
            tenant.record(&format!("replace phone {device}"), vec![recorded]);
            Err((None, failure))
        }
        Ok((id, old)) => {
            let args = declared::Args::ReplacePhone { old: old.clone(), email: email.clone() };
            let action = UserAction { declared: &REPLACE_PHONE, args };
            let acted = action.perform(client, &id).await.map_err(Failure::from);
            // Recorded as the console records it, outcome words and all.
            let outcome = ActionOutcome {
                email: email.clone(),
                result: acted.clone().map(casdesk::actions::Done::Acted),
            };
            tenant.record(&action.record_name(), vec![outcome.audit()]);
            acted.map_err(|f| (Some(old), f))
        }
    };
    let ok = matches!(&acted, Ok(Acted::PhoneReplaced { code: Ok(_), .. }));
    match acted {
        Ok(Acted::PhoneReplaced { old, code }) => {
            values.extend([("device", old.label.as_str().into()), ("removed", "yes".into())]);
            match code {
                Ok(code) => values.extend([
                    ("status", "OK".into()),
                    ("code", code.code.expose().into()),
                    ("expires", code.expiration_date.clone().into()),
                    ("company_id", code.company_id.clone().into()),
                    ("result", "removed; code made for the new phone".into()),
                ]),
                Err(failure) => values.extend([
                    ("status", "FAILED".into()),
                    ("result", "removed, but no code was made for the new phone".into()),
                    ("error", failure.message.into()),
                ]),
            }
        }
        Ok(other) => {
            values.extend([("status", "FAILED".into()), ("error", other.summary().into())]);
        }
        Err((old, failure)) => {
            let (device, removed, result) = match &old {
                Some(old) => (
                    old.label.clone(),
                    match (failure.uncertain, failure.status) {
                        (true, _) => "unknown",
                        (false, Some(404)) => "not found",
                        _ => "no",
                    },
                    casdesk::actions::authenticators::replace_failed_words(old, &failure),
                ),
                None => (String::new(), "no", "nothing was done".into()),
            };
            values.extend([
                ("status", "FAILED".into()),
                ("device", device.into()),
                ("removed", removed.into()),
                ("result", result.into()),
                ("error", failure.message.into()),
            ]);
        }
    }
    args.output.write(&[row(&REPLACE_COLUMNS, &values)])?;
    Ok(exit(usize::from(!ok)))
}
