//! `casdesk activity EMAIL`: the user's sign-in activity (`GET v1/users/{id}/authlogs`, the
//! 100 most recent events), newest first, each event's plain words beside the service's
//! own; a table with a summary line for people, CSV or JSON for scripts.

use super::{exit, to_csv, to_json, write_private};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::activity::{explain, filtered_note, full_time, summarize};
use casdesk::api::{AuthLogEntry, AuthLogQuery};
use casdesk::text::sanitize_excerpt;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use time::{OffsetDateTime, UtcOffset};

#[derive(Args, Debug)]
pub struct ActivityArgs {
    /// The user's e-mail address
    email: String,
    /// Only events after this: a time ago (30m, 4h, 7d) or an ISO-8601 time with its offset
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
    /// Only events at or before this: a time ago or an ISO-8601 time
    #[arg(long, value_name = "WHEN")]
    until: Option<String>,
    /// Only events with this code (e.g. AUTHN_FAILED_INVALID_TOKENCODE)
    #[arg(long, value_name = "CODE")]
    event_code: Option<String>,
    /// Who acted on the user instead: the administration log's entries on them (last 24 h
    /// unless --since says otherwise)
    #[arg(long, conflicts_with = "event_code")]
    admin: bool,
    /// Result format: a table with a summary line, or CSV or JSON for scripts
    #[arg(long, short = 'f', value_enum, default_value_t = ActivityFormat::Table)]
    format: ActivityFormat,
    /// Write the results here instead of stdout (made 0600)
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ActivityFormat {
    Table,
    Csv,
    Json,
}

pub async fn activity(
    tenant: &Tenant,
    args: &ActivityArgs,
    local_offset: UtcOffset,
) -> Result<ExitCode, String> {
    if args.admin {
        let now = OffsetDateTime::now_utc().to_offset(local_offset);
        let when = |t: &Option<String>, flag| t.as_deref().map(|t| parse_when(t, now, flag));
        let admin = super::admin_activity::AdminArgs {
            email: &args.email,
            since: when(&args.since, "--since").transpose()?,
            until: when(&args.until, "--until").transpose()?,
            format: match args.format {
                ActivityFormat::Table => "table",
                ActivityFormat::Csv => "csv",
                ActivityFormat::Json => "json",
            },
            output: args.output.as_ref(),
        };
        return super::admin_activity::admin_activity(tenant, admin, local_offset).await;
    }
    let now = OffsetDateTime::now_utc().to_offset(local_offset);
    let query = AuthLogQuery {
        start_time_after: args
            .since
            .as_deref()
            .map(|t| parse_when(t, now, "--since"))
            .transpose()?,
        end_time_on_or_before: args
            .until
            .as_deref()
            .map(|t| parse_when(t, now, "--until"))
            .transpose()?,
        event_code: args.event_code.clone(),
    };
    let email = args.email.trim();
    let client = &tenant.client;
    let read = |id: String| async move {
        client.user_auth_logs(&id, &query).await.map_err(|e| e.to_string())
    };
    let Some(entries) =
        super::read_about::read_about(tenant, email, "sign-in activity", read).await
    else {
        return Ok(exit(1));
    };
    let summary = match args.event_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => filtered_note(&sanitize_excerpt(code, 60), entries.len()),
        None => summarize(&entries, now, local_offset),
    };
    let records: Vec<super::Record> = entries.iter().map(|e| record(e, local_offset)).collect();
    let text = match args.format {
        ActivityFormat::Table => table(&summary, &records),
        ActivityFormat::Csv | ActivityFormat::Json => {
            eprintln!("casdesk: {summary}");
            if args.format == ActivityFormat::Csv {
                to_csv(&records, &COLUMNS)
            } else {
                to_json(&records)
            }
        }
    };
    match &args.output {
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write the results: {e}"))?,
        Some(path) => write_private(path, text.as_bytes())?,
    }
    Ok(exit(0))
}

const COLUMNS: [&str; 11] = [
    "time",
    "status",
    "method",
    "event_code",
    "meaning",
    "service_said",
    "application",
    "source_ip",
    "device",
    "policy",
    "event_id",
];

fn record(e: &AuthLogEntry, offset: UtcOffset) -> super::Record {
    let explained = explain(e);
    let clean = |v: &Option<String>, max| {
        v.as_deref().map(|t| sanitize_excerpt(t, max)).unwrap_or_default()
    };
    let time = match e.logged_at() {
        Some(t) => full_time(t, offset),
        None => clean(&e.event_log_date, 40),
    };
    let record: super::Record = vec![
        ("time", time.into()),
        ("status", explained.outcome().word().into()),
        ("method", clean(&e.method, 30).into()),
        ("event_code", clean(&e.event_code, 60).into()),
        ("meaning", explained.plain.into()),
        ("service_said", clean(&e.event_description, 300).into()),
        ("application", clean(&e.application, 60).into()),
        ("source_ip", clean(&e.source_ip_address, 45).into()),
        ("device", clean(&e.device_name, 60).into()),
        ("policy", clean(&e.policy_name, 80).into()),
        ("event_id", clean(&e.event_id, 80).into()),
    ];
    debug_assert!(record.iter().map(|(c, _)| *c).eq(COLUMNS), "columns drifted");
    record
}

/// The summary, then the columns people read, aligned; the service's words last, unpadded.
fn table(summary: &str, records: &[super::Record]) -> String {
    const SHOWN: [&str; 5] = ["time", "status", "method", "meaning", "service_said"];
    let cell = |r: &super::Record, name: &str| {
        r.iter().find(|(c, _)| *c == name).map(|(_, v)| v.csv()).unwrap_or_default()
    };
    let widths: Vec<usize> = SHOWN
        .iter()
        .map(|c| records.iter().map(|r| cell(r, c).chars().count()).max().unwrap_or(0).max(c.len()))
        .collect();
    let row = |cells: Vec<String>| {
        let mut line = String::new();
        for (i, text) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                line.push_str(text);
            } else {
                line.push_str(&format!("{text:<w$}  ", w = widths[i]));
            }
        }
        line.trim_end().to_string() + "\n"
    };
    let mut out = format!("{summary}\n\n");
    out.push_str(&row(SHOWN.iter().map(|c| c.to_uppercase().replace('_', " ")).collect()));
    for r in records {
        out.push_str(&row(SHOWN.iter().map(|c| cell(r, c)).collect()));
    }
    out
}

/// `30m`, `4h`, `7d` ago, or an ISO-8601 time with an offset (`Z` or `±hh:mm`).
pub(super) fn parse_when(
    text: &str,
    now: OffsetDateTime,
    flag: &str,
) -> Result<OffsetDateTime, String> {
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
        return Ok(t);
    }
    let lower = text.to_ascii_lowercase();
    let (number, unit) = match lower.char_indices().last() {
        Some((at, 'm')) => (&lower[..at], time::Duration::minutes(1)),
        Some((at, 'h')) => (&lower[..at], time::Duration::hours(1)),
        Some((at, 'd')) => (&lower[..at], time::Duration::days(1)),
        _ => ("", time::Duration::ZERO),
    };
    match number.trim().parse::<u16>() {
        Ok(n) if unit > time::Duration::ZERO => Ok(now - unit * i32::from(n)),
        _ => Err(format!(
            "{flag} {text}: give a time ago (30m, 4h, 7d) or an ISO-8601 time such as \
             2025-03-04T09:14:00+01:00"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn when_is_a_time_ago_or_a_moment() {
        let now = datetime!(2025-03-04 12:00 +01:00);
        assert_eq!(parse_when("30m", now, "--since").unwrap(), datetime!(2025-03-04 11:30 +01:00));
        assert_eq!(parse_when("7D", now, "--since").unwrap(), datetime!(2025-02-25 12:00 +01:00));
        assert_eq!(
            parse_when("2025-03-04T09:14:00+01:00", now, "--since").unwrap(),
            datetime!(2025-03-04 08:14 UTC)
        );
        for bad in ["", "h", "soon", "2025-03-04", "-3h"] {
            let e = parse_when(bad, now, "--until").unwrap_err();
            assert!(e.starts_with("--until"), "{e}");
        }
    }
}
