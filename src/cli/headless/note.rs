//! `casdesk note`: the ticket note for users, from the audit record, as the console's N key
//! copies it. For a command-line run, give the run's list and when it started:
//! `casdesk note -i leavers.txt --since 15m`.

use super::Input;
use casdesk::audit::AuditLog;
use casdesk::ticket_note::{Scope, note};
use clap::Args;
use std::process::ExitCode;
use time::{OffsetDateTime, UtcOffset};

#[derive(Args, Debug)]
pub struct NoteArgs {
    #[command(flatten)]
    input: Input,
    /// From when: a time ago (30m, 4h, 2d), a time today (09:00), a date (2026-12-03) or an
    /// RFC 3339 time; local time. Default: the start of today
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
    /// Only what was done under this settings profile (default: the one in use, if named)
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
}

/// Prints each user's note; the notes say only what this operating-system account did.
pub fn print(
    args: &NoteArgs,
    profile_in_use: Option<&str>,
    local_offset: UtcOffset,
) -> Result<ExitCode, String> {
    let now = OffsetDateTime::now_utc().to_offset(local_offset);
    let since = match args.since.as_deref() {
        Some(text) => parse_since(text, now)?,
        None => now.replace_time(time::Time::MIDNIGHT),
    };
    let list = args.input.read()?;
    let path = AuditLog::default_path().ok_or("no data directory for the audit record")?;
    let trail = casdesk::audit::read(&path)
        .map_err(|e| format!("cannot read the audit record {}: {e}", path.display()))?;
    let operator = casdesk::audit::os_account();
    let profile = args.profile.as_deref().or(profile_in_use);
    let mut notes = Vec::new();
    for email in &list.emails {
        let scope = Scope {
            user: email,
            since,
            tenant: None,
            profile: profile.map(Some),
            os_user: Some(&operator),
        };
        let made = note(&trail.entries, &scope, local_offset);
        if made.listed == 0 {
            eprintln!(
                "casdesk: nothing recorded for {} by {operator} since {}",
                made.user,
                shown(since)
            );
        } else {
            notes.push(made.text);
        }
    }
    if !notes.is_empty() {
        println!("{}", notes.join("\n").trim_end());
    }
    Ok(ExitCode::SUCCESS)
}

fn shown(at: OffsetDateTime) -> String {
    format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
}

/// `--since`: a time today (09:00) or a date (its midnight) in local time, or what
/// `casdesk activity --since` takes (30m, 4h, 2d, RFC 3339).
fn parse_since(text: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    let text = text.trim();
    let clock = time::macros::format_description!("[hour]:[minute]");
    if let Ok(at) = time::Time::parse(text, &clock) {
        return Ok(now.replace_time(at));
    }
    let day = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(date) = time::Date::parse(text, &day) {
        return Ok(now.replace_date(date).replace_time(time::Time::MIDNIGHT));
    }
    super::activity::parse_when(text, now, "--since")
        .map_err(|e| format!("{e}, a time today (09:00) or a date (2026-12-03)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn since_is_a_time_today_a_date_a_time_ago_or_a_moment() {
        let now = datetime!(2026-12-03 14:30 +01:00);
        assert_eq!(parse_since("09:00", now).unwrap(), datetime!(2026-12-03 09:00 +01:00));
        assert_eq!(parse_since("2026-12-01", now).unwrap(), datetime!(2026-12-01 00:00 +01:00));
        assert_eq!(parse_since("2h", now).unwrap(), datetime!(2026-12-03 12:30 +01:00));
        assert_eq!(
            parse_since("2026-12-03T08:00:00Z", now).unwrap(),
            datetime!(2026-12-03 09:00 +01:00)
        );
        let e = parse_since("lunch", now).unwrap_err();
        assert!(e.starts_with("--since lunch") && e.contains("09:00"), "{e}");
    }
}
