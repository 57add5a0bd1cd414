//! `casdesk phone EMAIL`: show a user's SMS and voice numbers, or set or clear them
//! (`--sms`, `--clear-sms`, `--voice`, `--clear-voice`). The user is looked up by address
//! first (the answer must be that user's), the numbers are checked before anything is sent,
//! and the numbers shown after a change are the next lookup's. The audit record says what
//! changed ("SMS changed, voice cleared"), never the numbers: they are personal data.

use super::{Output, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::{ApiError, PhoneChange, UserDetails, redact_phone_numbers};
use casdesk::audit::UserResult;
use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct PhoneArgs {
    /// The user's e-mail address
    email: String,
    /// The new SMS number, international with the country code, e.g. "+44 20 7946 0958"
    #[arg(long, value_name = "NUMBER", conflicts_with = "clear_sms")]
    sms: Option<String>,
    /// Remove the user's SMS number
    #[arg(long)]
    clear_sms: bool,
    /// The new voice number, international with the country code, e.g. "+1 555 555 5555"
    #[arg(long, value_name = "NUMBER", conflicts_with = "clear_voice")]
    voice: Option<String>,
    /// Remove the user's voice number
    #[arg(long)]
    clear_voice: bool,
    #[command(flatten)]
    caller: super::caller::CallerArgs,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// The columns, whatever the outcome.
const COLUMNS: [&str; 7] =
    ["email", "status", "action", "sms_number", "voice_number", "result", "error"];

impl PhoneArgs {
    /// What the flags ask for, checked; `None` when they ask only to show the numbers.
    fn change(&self) -> Result<Option<PhoneChange>, String> {
        let one = |number: &Option<String>, clear: bool, flag: &str| match number {
            // An empty value (an unset shell variable) must not clear a number by accident.
            Some(n) if n.trim().is_empty() => {
                Err(format!("--{flag} needs a number; use --clear-{flag} to remove it"))
            }
            Some(n) => Ok(Some(n.clone())),
            None if clear => Ok(Some(String::new())),
            None => Ok(None),
        };
        let change = PhoneChange {
            sms: one(&self.sms, self.clear_sms, "sms")?,
            voice: one(&self.voice, self.clear_voice, "voice")?,
        };
        if change == PhoneChange::default() {
            return Ok(None);
        }
        change.checked().map(Some).map_err(|e| e.to_string())
    }

    pub async fn run(&self, tenant: &Tenant) -> Result<ExitCode, String> {
        if let Some(problem) = casdesk::userlist::email_problem(&self.email) {
            return Err(format!("{}: not a valid e-mail address ({problem})", self.email));
        }
        // A bad number is a bad argument: refused before the user is even looked up.
        let change = self.change()?;
        let email = self.email.trim().to_string();
        if change.is_some() {
            let guard = casdesk::verify::Guarded::PhoneNumbers;
            self.caller.verify_first(tenant, guard, std::slice::from_ref(&email)).await?;
        }
        let (action, outcome) = match &change {
            None => ("show".to_string(), show(tenant, &email).await),
            Some(change) => (change.describe(), set(tenant, &email, change).await),
        };
        let audit_action = match &change {
            None => "show phone numbers".to_string(),
            Some(_) => format!("set phone numbers ({action})"),
        };
        let user = match &outcome {
            Ok(_) => UserResult::ok(&email),
            // The service may quote a number back in its error.
            Err(e) => UserResult::failed(&email, redact_phone_numbers(&e.to_string())),
        };
        tenant.record(&audit_action, vec![user]);
        let mut values: Vec<(&str, Value)> =
            vec![("email", email.as_str().into()), ("action", action.into())];
        match &outcome {
            Ok(shown) => {
                let text = |v: &Option<String>| v.as_deref().map(casdesk::text::sanitize).into();
                values.extend([
                    ("status", "OK".into()),
                    ("sms_number", text(&shown.sms)),
                    ("voice_number", text(&shown.voice)),
                    ("result", shown.result.as_str().into()),
                ]);
            }
            Err(e) => values.extend([("status", "FAILED".into()), ("error", e.to_string().into())]),
        }
        self.output.write(&[row(&values)])?;
        Ok(exit(usize::from(outcome.is_err())))
    }
}

/// The numbers to print, and what to say about them.
struct Shown {
    sms: Option<String>,
    voice: Option<String>,
    result: String,
}

impl Shown {
    fn of(details: &UserDetails, result: impl Into<String>) -> Self {
        let set = |v: &Option<String>| v.clone().filter(|n| !n.trim().is_empty());
        Self {
            sms: set(&details.sms_number),
            voice: set(&details.voice_number),
            result: result.into(),
        }
    }
}

async fn show(tenant: &Tenant, email: &str) -> Result<Shown, ApiError> {
    let details = tenant.client.lookup_user(email, false).await?;
    let result = if details.sms_number.is_none() && details.voice_number.is_none() {
        // The lookup leaves both out when SMS and Voice Tokencode are off for the company.
        "no numbers on file (or SMS and voice are not enabled for the company)"
    } else {
        "the numbers on file"
    };
    Ok(Shown::of(&details, result))
}

async fn set(tenant: &Tenant, email: &str, change: &PhoneChange) -> Result<Shown, ApiError> {
    let before = tenant.client.lookup_user(email, false).await?;
    let id = before
        .id
        .as_deref()
        .ok_or_else(|| ApiError::InvalidRequest("the service gave no user id".into()))?;
    let answer = tenant.client.set_phone_numbers(id, change).await?;
    // The answer is not documented: the next lookup says what is on file now.
    match tenant.client.lookup_user(email, false).await {
        Ok(after) => Ok(Shown::of(&after, "changed; the numbers now on file")),
        Err(e) => Ok(Shown {
            sms: answer.sms_number,
            voice: answer.voice_number,
            result: format!("changed, but the numbers could not be looked up again: {e}"),
        }),
    }
}

/// Every column null but those given.
fn row(values: &[(&str, Value)]) -> Record {
    super::tokens::row(&COLUMNS, values)
}
