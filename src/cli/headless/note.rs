//! `casdesk note`: the ticket note for users, from the audit record, as the console's N key
//! copies it. For a command-line run, give the run's list and when it started:
//! `casdesk note -i leavers.txt --since 15m`. With `--post`, what it printed is also given to
//! the settings file's `note_command` for the ticket (`--ticket` or `CASDESK_TICKET`); a
//! failure to post is said, and the exit status is 1, but the notes are printed all the same.

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
    /// Also give the notes to the settings file's note_command, for the ticket
    #[arg(long)]
    post: bool,
    /// The ticket to post to (or CASDESK_TICKET)
    #[arg(long, value_name = "ID", value_parser = casdesk::ticket::checked_arg)]
    ticket: Option<String>,
}

/// What `note` reads beside its own options: the profile in use, the settings file named, and
/// the ticket given before the command or in `CASDESK_TICKET`.
pub type Context<'a> = (Option<&'a str>, Option<&'a std::path::Path>, Option<&'a str>);

/// Prints each user's note; the notes say only what this operating-system account did.
pub async fn print(
    args: &NoteArgs,
    (profile_in_use, settings, ticket): Context<'_>,
    local_offset: UtcOffset,
) -> Result<ExitCode, String> {
    // What to post with, and to, is checked before anything is read.
    let post = match args.post {
        true => Some(poster(
            settings,
            args.profile.as_deref().or(profile_in_use),
            args.ticket.as_deref().or(ticket),
        )?),
        false => None,
    };
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
    if notes.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let text = format!("{}\n", notes.join("\n").trim_end());
    print!("{text}");
    let Some((command, ticket)) = post else { return Ok(ExitCode::SUCCESS) };
    let posting = command.post(&text, &ticket).await;
    match posting.result {
        Ok(said) => {
            let said = said.map(|s| format!(": {s}")).unwrap_or_default();
            eprintln!("casdesk: posted to {ticket} by {}{said}", posting.program);
            Ok(ExitCode::SUCCESS)
        }
        Err(why) => {
            tracing::warn!(program = %posting.program, "ticket note not posted: {why}");
            eprintln!("casdesk: NOT posted to {ticket}: {why}");
            Ok(ExitCode::from(super::SOME_FAILED))
        }
    }
}

/// The settings file's `note_command` (the profile's, else the top's) and the ticket to post
/// to, or what is missing.
fn poster(
    settings: Option<&std::path::Path>,
    profile: Option<&str>,
    ticket: Option<&str>,
) -> Result<(casdesk::ticket::post::NoteCommand, casdesk::ticket::Ticket), String> {
    use casdesk::config::Config;
    let ticket = casdesk::ticket::Ticket::parse(ticket.unwrap_or_default())?
        .ok_or("--post needs the ticket to post to: --ticket ID, or CASDESK_TICKET")?;
    let path = settings.map(std::path::Path::to_path_buf).or_else(Config::default_path);
    let config = match &path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let settings = config.resolve(profile)?.settings;
    let command = settings.note_command()?.ok_or_else(|| {
        let file = path.map_or("the settings file".into(), |p| p.display().to_string());
        format!("--post needs a note_command in {file}")
    })?;
    Ok((command, ticket))
}

fn shown(at: OffsetDateTime) -> String {
    format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
}

/// `--since`: a time today (09:00) or a date (its midnight) in local time, or what
/// `casdesk activity --since` takes (30m, 4h, 2d, RFC 3339).
pub(super) fn parse_since(text: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
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
