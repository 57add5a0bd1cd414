//! `casdesk lookup`, `casdesk device-code` and `casdesk eac enable|disable`: one call (or a
//! few) per user, results as records.

use super::{Input, Output, Record, Value, exit};
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

fn ok_or_failed(ok: bool) -> Value {
    Value::from(if ok { "OK" } else { "FAILED" })
}

/// `casdesk lookup`: four at a time, results in input order.
pub async fn lookup(tenant: &Tenant, args: &LookupArgs) -> Result<ExitCode, String> {
    let list = args.input.read()?;
    let records: Vec<Record> = futures_util::stream::iter(list.emails.iter())
        .map(|email| lookup_one(tenant, email, args.unsynched))
        .buffered(4)
        .collect()
        .await;
    let failed = records.iter().filter(|r| r[1].1.text() != "OK").count() + list.malformed.len();
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
    // A count, or null with the reason in `error` (the user was still found).
    let devices = match details.as_ref().ok().and_then(|d| d.id.clone()) {
        Some(id) => client
            .user_authenticators(&id)
            .await
            .map(|a| a.devices.len())
            .map_err(|e| format!("the devices could not be listed: {e}")),
        None => Err(String::new()),
    };
    match details {
        Ok(d) => user_record(email, &d, devices),
        Err(e) => {
            // Same columns as a found user, so CSV stays rectangular.
            let mut record = user_record(email, &UserDetails::default(), Err(String::new()));
            for (key, value) in &mut record {
                *value = match *key {
                    "email" => email.into(),
                    "status" => "FAILED".into(),
                    "error" => e.to_string().into(),
                    _ => Value::Null,
                };
            }
            record
        }
    }
}

fn user_record(email: &str, d: &UserDetails, devices: Result<usize, String>) -> Record {
    let text = |v: &Option<String>| Value::from(v.clone());
    let status = Value::from(d.user_status.as_ref().map(|s| s.as_str().to_string()));
    let emergency = if d.has_emergency_tokencode() {
        format!("active until {}", d.emergency_tokencode_expiration.as_deref().unwrap_or(""))
    } else {
        "none".into()
    };
    let (devices, error) = match devices {
        Ok(n) => (Value::from(n), Value::Null),
        Err(e) => (Value::Null, Value::from(e)),
    };
    vec![
        ("email", d.email_address.clone().unwrap_or_else(|| email.to_string()).into()),
        ("status", "OK".into()),
        ("error", error),
        ("id", text(&d.id)),
        ("name", d.display_name().into()),
        ("user_status", status),
        ("identity_source", text(&d.identity_source)),
        ("username", text(&d.principal_username)),
        ("locked_methods", d.locked_methods().join(" ").into()),
        ("high_risk", d.high_risk_user.into()),
        ("emergency_tokencode", emergency.into()),
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

    fn named(first: Option<&str>, last: Option<&str>) -> Value {
        let details: UserDetails = serde_json::from_value(serde_json::json!({
            "emailAddress": "a@example.com", "firstName": first, "lastName": last,
        }))
        .unwrap();
        let record = user_record("a@example.com", &details, Ok(0));
        record.into_iter().find(|(c, _)| *c == "name").unwrap().1
    }

    #[test]
    fn an_empty_first_name_gives_no_leading_space() {
        assert_eq!(named(Some(""), Some("Okafor")), Value::from("Okafor"));
        assert_eq!(named(None, Some("Okafor")), Value::from("Okafor"));
        assert_eq!(named(Some("Nadia"), Some(" ")), Value::from("Nadia"));
        assert_eq!(named(Some(""), None), Value::Null);
    }

    proptest::proptest! {
        /// Whatever the names, the name column never starts or ends with a space.
        #[test]
        fn a_name_is_never_padded(first in "[ a-z]{0,6}", last in "[ a-z]{0,6}") {
            match named(Some(&first), Some(&last)) {
                Value::Text(name) => {
                    proptest::prop_assert_eq!(name.trim(), name.as_str());
                    proptest::prop_assert!(!name.is_empty());
                }
                other => proptest::prop_assert_eq!(other, Value::Null),
            }
        }
    }
}
