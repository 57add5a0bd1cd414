//! `casdesk audit`: the audit trail, one row per user an action touched, as CSV or JSON.

use super::{Output, Record};
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
                vec![
                    ("time", e.time.clone()),
                    ("os_user", e.os_user.clone()),
                    ("profile", e.profile.clone().unwrap_or_default()),
                    ("tenant", e.tenant.clone()),
                    ("action", e.action.clone()),
                    ("user", u.user.clone()),
                    ("ok", u.ok.to_string()),
                    ("result_code", u.result_code.map(|c| c.to_string()).unwrap_or_default()),
                    ("error", u.error.clone().unwrap_or_default()),
                    ("outcome", u.outcome.clone().unwrap_or_default()),
                    ("customer", e.customer.clone().unwrap_or_default()),
                    ("credentials", e.credentials.clone().unwrap_or_default()),
                ]
            })
        })
        .collect();
    if records.is_empty() {
        eprintln!("casdesk: no actions recorded yet in {}", path.display());
    }
    args.output.write(&records)?;
    Ok(ExitCode::SUCCESS)
}
