//! `casdesk device-code` and `casdesk eac enable|disable`: one call (or a few) for one user,
//! results as records (`lookup.rs` has `casdesk lookup`).

use super::{Output, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::{
    AuthenticatorApp, Client, DeviceCodeTarget, EacExpiryUnit, EnableEmergencyTokencode,
    UserDetails,
};
use casdesk::audit::UserResult;
use clap::{Args, Subcommand, ValueEnum};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct DeviceCodeArgs {
    /// The user's e-mail address
    #[arg(required_unless_present = "username", conflicts_with = "username")]
    email: Option<String>,
    /// Find the user by username instead
    #[arg(long)]
    username: Option<String>,
    #[arg(long, value_enum, default_value_t = AppArg::IosAndroid)]
    app: AppArg,
    #[command(flatten)]
    caller: super::caller::CallerArgs,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum AppArg {
    IosAndroid,
    Windows,
    Macos,
}

#[derive(Subcommand, Debug)]
pub enum EacCommand {
    /// Enable an emergency tokencode and print it
    Enable(EacEnableArgs),
    /// Disable the user's emergency tokencode
    Disable(EacDisableArgs),
}

#[derive(Args, Debug)]
pub struct EacEnableArgs {
    email: String,
    /// One-time use [default: the tenant's setting]
    #[arg(long)]
    one_time: Option<bool>,
    /// Validity, 1m to 7d (e.g. 30m, 4h, 2d) [default: the tenant's setting]
    #[arg(long, value_name = "DURATION")]
    expiry: Option<String>,
    #[command(flatten)]
    caller: super::caller::CallerArgs,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct EacDisableArgs {
    email: String,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

fn ok_or_failed(ok: bool) -> Value {
    Value::from(if ok { "OK" } else { "FAILED" })
}

/// `casdesk device-code`.
pub async fn device_code(tenant: &Tenant, args: &DeviceCodeArgs) -> Result<ExitCode, String> {
    let target = match (&args.email, &args.username) {
        (Some(email), _) => {
            if let Some(problem) = casdesk::userlist::email_problem(email) {
                return Err(format!("{email}: not a valid e-mail address ({problem})"));
            }
            DeviceCodeTarget::Email(email.clone())
        }
        (None, Some(name)) => DeviceCodeTarget::Username(name.clone()),
        (None, None) => return Err("give an e-mail address or --username".into()),
    };
    let app = match args.app {
        AppArg::IosAndroid => AuthenticatorApp::IosAndroid,
        AppArg::Windows => AuthenticatorApp::Windows,
        AppArg::Macos => AuthenticatorApp::MacOs,
    };
    let who = match &target {
        DeviceCodeTarget::Email(v) | DeviceCodeTarget::Username(v) => v.clone(),
    };
    let guard = casdesk::verify::Guarded::DeviceCode;
    args.caller.verify_first(tenant, guard, std::slice::from_ref(&who)).await?;
    // The address column is `email` as in every command; asked by username, the answer's
    // address (when it gives one) fills it.
    let (asked_email, asked_username) = match &target {
        DeviceCodeTarget::Email(v) => (Some(v.clone()), None),
        DeviceCodeTarget::Username(v) => (None, Some(v.clone())),
    };
    let result = tenant.client.device_registration_code(&target, app).await;
    tenant.record(
        "device registration code",
        vec![match &result {
            Ok(code) => {
                UserResult::ok(&who).with_outcome(casdesk::audit::device_code_outcome(code))
            }
            Err(e) => UserResult::failed(&who, e.to_string()),
        }],
    );
    let record = match &result {
        Ok(code) => vec![
            ("email", asked_email.or_else(|| code.email.clone()).into()),
            ("username", asked_username.or_else(|| code.username.clone()).into()),
            ("status", ok_or_failed(true)),
            ("code", code.code.expose().into()),
            ("expires", code.expiration_date.clone().into()),
            ("company_id", code.company_id.clone().into()),
            ("error", Value::Null),
        ],
        Err(e) => {
            let mut record =
                outcome_only(&DEVICE_CODE_COLUMNS, who, ok_or_failed(false), e.to_string());
            for (column, value) in &mut record {
                match *column {
                    "email" => *value = asked_email.clone().into(),
                    "username" => *value = asked_username.clone().into(),
                    _ => {}
                }
            }
            record
        }
    };
    debug_assert!(record.iter().map(|(c, _)| *c).eq(DEVICE_CODE_COLUMNS), "columns drifted");
    args.output.write(&[record])?;
    Ok(exit(usize::from(result.is_err())))
}

/// "30m", "4h", "2d" into the emergency tokencode's expiry.
fn parse_eac_expiry(text: &str) -> Result<(u32, EacExpiryUnit), String> {
    let text = text.trim().to_ascii_lowercase();
    let (number, unit) = if let Some(n) = text.strip_suffix('d') {
        (n, EacExpiryUnit::Days)
    } else if let Some(n) = text.strip_suffix('h') {
        (n, EacExpiryUnit::Hours)
    } else {
        (text.strip_suffix('m').unwrap_or(&text), EacExpiryUnit::Minutes)
    };
    let value = number
        .trim()
        .parse()
        .map_err(|_| format!("--expiry {text}: use minutes, hours or days (30m, 4h, 2d)"))?;
    Ok((value, unit))
}

/// The user's id (and current emergency tokencode id), by address.
async fn find_user(client: &Client, email: &str) -> Result<UserDetails, String> {
    let details = client.lookup_user(email, false).await.map_err(|e| format!("{email}: {e}"))?;
    if details.id.is_none() {
        return Err(format!("{email}: the service gave no user id"));
    }
    Ok(details)
}

impl EacCommand {
    pub async fn run(&self, tenant: &Tenant) -> Result<ExitCode, String> {
        match self {
            Self::Enable(args) => {
                let mut options = EnableEmergencyTokencode::new(args.one_time);
                if let Some(text) = &args.expiry {
                    let (value, unit) = parse_eac_expiry(text)?;
                    options = options.with_expiry(value, unit).map_err(|e| e.to_string())?;
                }
                let guard = casdesk::verify::Guarded::Emergency;
                args.caller.verify_first(tenant, guard, std::slice::from_ref(&args.email)).await?;
                let user = find_user(&tenant.client, &args.email).await?;
                let id = user.id.clone().unwrap_or_default();
                let result = tenant.client.enable_emergency_tokencode(&id, &options).await;
                tenant.record(
                    "enable emergency tokencode",
                    vec![match &result {
                        Ok(eac) => UserResult::ok(&args.email)
                            .with_outcome(casdesk::audit::eac_outcome(eac)),
                        Err(e) => UserResult::failed(&args.email, e.to_string()),
                    }],
                );
                let record = match &result {
                    Ok(eac) => vec![
                        ("email", args.email.as_str().into()),
                        ("status", ok_or_failed(true)),
                        (
                            "code",
                            eac.emergency_tokencode.as_ref().map(|c| c.expose().to_string()).into(),
                        ),
                        ("expires", eac.expiration_date.clone().into()),
                        ("offline_expires", eac.offline_expiration_date.clone().into()),
                        ("one_time_use", eac.one_time_use.into()),
                        ("eac_id", eac.emergency_tokencode_id.clone().into()),
                        ("error", Value::Null),
                    ],
                    Err(e) => outcome_only(
                        &EAC_ENABLE_COLUMNS,
                        args.email.clone(),
                        ok_or_failed(false),
                        e.to_string(),
                    ),
                };
                debug_assert!(record.iter().map(|(c, _)| *c).eq(EAC_ENABLE_COLUMNS));
                args.output.write(&[record])?;
                Ok(exit(usize::from(result.is_err())))
            }
            Self::Disable(args) => {
                let user = find_user(&tenant.client, &args.email).await?;
                let id = user.id.clone().unwrap_or_default();
                let record = match &user.emergency_tokencode_id {
                    None => vec![
                        ("email", args.email.as_str().into()),
                        ("status", "WARNING".into()),
                        ("error", "the user has no emergency tokencode; nothing to disable".into()),
                    ],
                    Some(eac_id) => {
                        let done = tenant.client.disable_emergency_tokencode(&id, eac_id).await;
                        tenant.record(
                            "disable emergency tokencode",
                            vec![match &done {
                                Ok(()) => UserResult::ok(&args.email)
                                    .with_outcome(casdesk::audit::EAC_DISABLED),
                                Err(e) => UserResult::failed(&args.email, e.to_string()),
                            }],
                        );
                        match done {
                            Ok(()) => vec![
                                ("email", args.email.as_str().into()),
                                ("status", ok_or_failed(true)),
                                ("error", Value::Null),
                            ],
                            Err(e) => vec![
                                ("email", args.email.as_str().into()),
                                ("status", ok_or_failed(false)),
                                ("error", e.to_string().into()),
                            ],
                        }
                    }
                };
                let failed = usize::from(record[1].1.text() == "FAILED");
                args.output.write(&[record])?;
                Ok(exit(failed))
            }
        }
    }
}

/// The columns of `casdesk device-code`, whatever the outcome.
const DEVICE_CODE_COLUMNS: [&str; 7] =
    ["email", "username", "status", "code", "expires", "company_id", "error"];
/// The columns of `casdesk eac enable`, whatever the outcome.
const EAC_ENABLE_COLUMNS: [&str; 8] =
    ["email", "status", "code", "expires", "offline_expires", "one_time_use", "eac_id", "error"];

/// A failure with every column a success has (empty but for the user, the status and the
/// error), so a script reading the CSV finds the same columns whatever happened.
fn outcome_only(columns: &[&'static str], user: String, status: Value, error: String) -> Record {
    columns
        .iter()
        .map(|&column| {
            let value = match column {
                "email" => user.as_str().into(),
                "status" => status.clone(),
                "error" => error.as_str().into(),
                _ => Value::Null,
            };
            (column, value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eac_expiry_reads_minutes_hours_and_days() {
        assert_eq!(parse_eac_expiry("30m").unwrap(), (30, EacExpiryUnit::Minutes));
        assert_eq!(parse_eac_expiry("4h").unwrap(), (4, EacExpiryUnit::Hours));
        assert_eq!(parse_eac_expiry("2D").unwrap(), (2, EacExpiryUnit::Days));
        assert!(parse_eac_expiry("later").is_err());
    }
}
