//! `casdesk audit`: the audit trail, one row per user an action touched, as CSV or JSON.

use super::{Output, Record, Value};
use casdesk::audit::AuditLog;
use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Only actions at or after this time (RFC 3339 or a date, e.g. 2026-11-01)
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
    #[command(flatten)]
    output: Output,
}

pub fn show(args: &AuditArgs) -> Result<ExitCode, String> {
    let path = AuditLog::default_path().ok_or("no data directory for the audit record")?;
    let trail = casdesk::audit::read(&path)
        .map_err(|e| format!("cannot read the audit record {}: {e}", path.display()))?;
    if !trail.unreadable.is_empty() {
        let lines: Vec<String> = trail.unreadable.iter().map(usize::to_string).collect();
        eprintln!(
            "casdesk: {} line(s) of {} are not audit entries and were skipped (line {}); the \
             entries after them are shown",
            lines.len(),
            path.display(),
            lines.join(", ")
        );
    }
    let entries = trail.entries;
    // RFC 3339 times in UTC sort as text, so a date compares with them as its midnight.
    let since = args.since.as_deref().unwrap_or("");
    let records: Vec<Record> = entries
        .iter()
        .filter(|e| e.time.as_str() >= since)
        .flat_map(|e| {
            e.users.iter().map(move |u| {
                // `email`, as in every command: the address acted on (or, where the action
                // named no address, what it named: a username, a search).
                let record: Record = vec![
                    ("time", e.time.as_str().into()),
                    ("os_user", e.os_user.as_str().into()),
                    ("profile", e.profile.clone().into()),
                    ("tenant", e.tenant.as_str().into()),
                    ("action", e.action.as_str().into()),
                    ("email", u.user.as_str().into()),
                    ("ok", u.ok.into()),
                    ("result_code", u.result_code.map_or(Value::Null, Value::Number)),
                    ("error", u.error.clone().into()),
                    ("outcome", u.outcome.clone().into()),
                    ("customer", e.customer.clone().into()),
                    ("credentials", e.credentials.clone().into()),
                    ("caller", u.caller.as_ref().map(caller_words).into()),
                    ("ticket", e.ticket.clone().into()),
                ];
                record
            })
        })
        .collect();
    if records.is_empty() {
        eprintln!("casdesk: no actions recorded yet in {}", path.display());
    }
    args.output.write_with_header(&records, &COLUMNS)?;
    Ok(ExitCode::SUCCESS)
}

/// The columns, also the CSV header when nothing is recorded yet.
const COLUMNS: [&str; 13] = [
    "time",
    "os_user",
    "profile",
    "tenant",
    "action",
    "email",
    "ok",
    "result_code",
    "error",
    "outcome",
    "customer",
    "credentials",
    "ticket",
];

/// How the caller was verified for this user's record: "override at 2026-12-07T10:02:00Z:
/// manager approved", "live at …".
fn caller_words(c: &casdesk::audit::CallerRecord) -> String {
    match &c.reason {
        Some(reason) => format!("{} at {}: {reason}", c.how, c.at),
        None => format!("{} at {}", c.how, c.at),
    }
}
