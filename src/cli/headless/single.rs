//! `casdesk lookup`, `casdesk device-code` and `casdesk eac enable|disable`: one call (or a
//! few) per user, results as records.

use super::{Input, Output, Record, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::{
    AuthenticatorApp, Client, DeviceCodeTarget, EacExpiryUnit, EnableEmergencyTokencode,
    UserDetails,
};
use casdesk::audit::UserResult;
use clap::{Args, Subcommand, ValueEnum};
use futures_util::StreamExt;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct LookupArgs {
    /// Also search the identity source for users not synchronised yet (slower)
    #[arg(long)]
    unsynched: bool,
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

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

fn ok_or_failed(ok: bool) -> String {
    if ok { "OK" } else { "FAILED" }.to_string()
}

/// `casdesk lookup`: four at a time, results in input order.
pub async fn lookup(tenant: &Tenant, args: &LookupArgs) -> Result<ExitCode, String> {
    let list = args.input.read()?;
    let records: Vec<Record> = futures_util::stream::iter(list.emails.iter())
        .map(|email| lookup_one(tenant, email, args.unsynched))
        .buffered(4)
        .collect()
        .await;
    let failed = records.iter().filter(|r| r[1].1 != "OK").count() + list.malformed.len();
    args.output.write(&records)?;
    Ok(exit(failed))
}

async fn lookup_one(tenant: &Tenant, email: &str, unsynched: bool) -> Record {
    let client = &tenant.client;
    let details = client.lookup_user(email, unsynched).await;
    tenant.record(
        "lookup",
        vec![match &details {
            Ok(_) => UserResult::ok(email),
            Err(e) => UserResult::failed(email, e.to_string()),
        }],
    );
    let devices = match details.as_ref().ok().and_then(|d| d.id.clone()) {
        Some(id) => client
            .user_authenticators(&id)
            .await
            .map(|a| a.devices.len().to_string())
            .unwrap_or_else(|e| format!("unknown: {e}")),
        None => String::new(),
    };
    match details {
        Ok(d) => user_record(email, &d, devices),
        Err(e) => {
            // Same columns as a found user, so CSV stays rectangular.
            let mut record = user_record(email, &UserDetails::default(), String::new());
            for (key, value) in &mut record {
                *value = match *key {
                    "email" => email.to_string(),
                    "status" => "FAILED".into(),
                    "error" => e.to_string(),
                    _ => String::new(),
                };
            }
            record
        }
    }
}

fn user_record(email: &str, d: &UserDetails, devices: String) -> Record {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let status = d.user_status.as_ref().map_or("", |s| s.as_str()).to_string();
    let emergency = if d.has_emergency_tokencode() {
        format!("active until {}", text(&d.emergency_tokencode_expiration))
    } else {
        "none".into()
    };
    vec![
        ("email", d.email_address.clone().unwrap_or_else(|| email.to_string())),
        ("status", "OK".into()),
        ("error", String::new()),
        ("id", text(&d.id)),
        ("name", d.display_name().unwrap_or_default()),
        ("user_status", status),
        ("identity_source", text(&d.identity_source)),
        ("username", text(&d.principal_username)),
        ("locked_methods", d.locked_methods().join(" ")),
        ("high_risk", d.high_risk_user.unwrap_or(false).to_string()),
        ("emergency_tokencode", emergency),
        ("last_sign_in", text(&d.last_successful_authentication_date)),
        ("devices", devices),
    ]
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
            ("user", who),
            ("status", ok_or_failed(true)),
            ("code", code.code.expose().to_string()),
            ("expires", code.expiration_date.clone().unwrap_or_default()),
            ("company_id", code.company_id.clone().unwrap_or_default()),
            ("error", String::new()),
        ],
        Err(e) => outcome_only(&DEVICE_CODE_COLUMNS, who, ok_or_failed(false), e.to_string()),
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
                        ("email", args.email.clone()),
                        ("status", ok_or_failed(true)),
                        (
                            "code",
                            eac.emergency_tokencode
                                .as_ref()
                                .map(|c| c.expose().to_string())
                                .unwrap_or_default(),
                        ),
                        ("expires", eac.expiration_date.clone().unwrap_or_default()),
                        (
                            "offline_expires",
                            eac.offline_expiration_date.clone().unwrap_or_default(),
                        ),
                        (
                            "one_time_use",
                            eac.one_time_use.map(|b| b.to_string()).unwrap_or_default(),
                        ),
                        ("eac_id", eac.emergency_tokencode_id.clone().unwrap_or_default()),
                        ("error", String::new()),
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
                        ("email", args.email.clone()),
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
                                ("email", args.email.clone()),
                                ("status", ok_or_failed(true)),
                                ("error", String::new()),
                            ],
                            Err(e) => vec![
                                ("email", args.email.clone()),
                                ("status", ok_or_failed(false)),
                                ("error", e.to_string()),
                            ],
                        }
                    }
                };
                let failed = usize::from(record[1].1 == "FAILED");
                args.output.write(&[record])?;
                Ok(exit(failed))
            }
        }
    }
}

/// The columns of `casdesk device-code`, whatever the outcome.
const DEVICE_CODE_COLUMNS: [&str; 6] = ["user", "status", "code", "expires", "company_id", "error"];
/// The columns of `casdesk eac enable`, whatever the outcome.
const EAC_ENABLE_COLUMNS: [&str; 8] =
    ["email", "status", "code", "expires", "offline_expires", "one_time_use", "eac_id", "error"];

/// A failure with every column a success has (empty but for the user, the status and the
/// error), so a script reading the CSV finds the same columns whatever happened.
fn outcome_only(columns: &[&'static str], user: String, status: String, error: String) -> Record {
    columns
        .iter()
        .map(|&column| {
            let value = match column {
                "user" | "email" => user.clone(),
                "status" => status.clone(),
                "error" => error.clone(),
                _ => String::new(),
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
