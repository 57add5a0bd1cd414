//! `casdesk failures`: the tenant's failed sign-ins of the last hour (or `--since`), read from
//! the User Event Log page by page, grouped by cause, application or source address, with the
//! users behind each group. `--locked-users` prints only the addresses of locked users (of one
//! group with `--only`), one a line, for `casdesk unlock -i -`.

use super::{Record, exit, to_csv, to_json, write_private};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::{EventLogRange, UserEventLog};
use casdesk::audit::UserResult;
use casdesk::call_record::{ALL_USERS, USER_EVENT_LOG};
use casdesk::failures::{Group, Grouping, failures_of, group, lock_states, users_failing};
use casdesk::text::sanitize_excerpt;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use time::{OffsetDateTime, UtcOffset};

/// The furthest back the log goes (user events are kept 40 days).
const KEPT: time::Duration = time::Duration::days(40);

#[derive(Args, Debug)]
pub struct FailuresArgs {
    /// How far back: 15m, 1h, 4h, 24h (any time ago up to 40d)
    #[arg(long, value_name = "AGO", default_value = "1h")]
    since: String,
    /// Group the failures by cause (event code), application or source address
    #[arg(long, value_enum, default_value_t = GroupBy::Cause)]
    group: GroupBy,
    /// Only the group with this key (an event code, application or address, as printed)
    #[arg(long, value_name = "KEY")]
    only: Option<String>,
    /// Print only the addresses of the locked users (as the log shows them), one a line:
    /// `casdesk failures --only AUTHN_METHOD_LOCKED --locked-users | casdesk unlock -i -`
    #[arg(long)]
    locked_users: bool,
    /// Result format: groups and their users for people, or a row per group and user
    #[arg(long, short = 'f', value_enum, default_value_t = FailuresFormat::Table)]
    format: FailuresFormat,
    /// Write the results here instead of stdout (made 0600)
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GroupBy {
    Cause,
    Application,
    Source,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailuresFormat {
    Table,
    Csv,
    Tsv,
    Json,
}

pub async fn failures(
    tenant: &Tenant,
    args: &FailuresArgs,
    local_offset: UtcOffset,
) -> Result<ExitCode, String> {
    let now = OffsetDateTime::now_utc().to_offset(local_offset);
    let start = super::activity::parse_when(&args.since, now, "--since")?;
    if start >= now || now - start > KEPT {
        return Err(format!("--since {}: give a time ago up to 40d", args.since.trim()));
    }
    let by = match args.group {
        GroupBy::Cause => Grouping::Cause,
        GroupBy::Application => Grouping::Application,
        GroupBy::Source => Grouping::Source,
    };
    let shown = std::io::stderr().is_terminal();
    let read = tenant
        .client
        .user_event_log(&EventLogRange { start, end: now }, |p| {
            if shown {
                let total = p.total_pages.map_or("?".into(), |t| t.to_string());
                eprint!("\rcasdesk: read {} of {total} pages ({} events) ", p.pages_read, p.events);
            }
            true
        })
        .await;
    if shown {
        eprintln!();
    }
    // A read of everyone's sign-ins: who looked is worth recording, as for one user's.
    tenant.record(
        USER_EVENT_LOG,
        vec![match &read {
            Ok(_) => UserResult::ok(ALL_USERS),
            Err(e) => UserResult::failed(ALL_USERS, e.to_string()),
        }],
    );
    let log: UserEventLog = match read {
        Ok(log) => log,
        Err(e) => {
            eprintln!("casdesk: the user event log: {e}");
            return Ok(exit(1));
        }
    };
    let failures = failures_of(&log.entries);
    let mut groups = group(&failures, by, &lock_states(&log.entries));
    if let Some(only) = args.only.as_deref().map(str::trim) {
        groups.retain(|g| g.key.eq_ignore_ascii_case(only));
    }
    let summary = format!(
        "{} failures by {} users since {}, in {} groups by {}{}",
        failures.len(),
        users_failing(&failures),
        casdesk::activity::full_time(start, local_offset),
        groups.len(),
        by.word(),
        if log.complete { "" } else { " (not every page was read: narrow --since)" },
    );
    let text = if args.locked_users {
        eprintln!("casdesk: {summary}");
        locked_lines(&groups)
    } else {
        let records: Vec<Record> = groups.iter().flat_map(|g| records(g, by)).collect();
        match args.format {
            FailuresFormat::Table => table(&summary, &groups),
            other => {
                eprintln!("casdesk: {summary}");
                match other {
                    FailuresFormat::Csv => to_csv(&records, &COLUMNS),
                    FailuresFormat::Tsv => to_tsv(&records),
                    _ => to_json(&records),
                }
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

const COLUMNS: [&str; 7] =
    ["grouped_by", "group", "description", "group_failures", "user", "user_failures", "lock"];

/// A row per user of the group, the group's fields on each.
fn records(g: &Group, by: Grouping) -> Vec<Record> {
    g.users
        .iter()
        .map(|u| {
            vec![
                ("grouped_by", by.word().into()),
                ("group", g.key.clone().into()),
                ("description", g.description.clone().into()),
                ("group_failures", super::Value::Number(g.count as i64)),
                ("user", u.who.clone().into()),
                ("user_failures", super::Value::Number(u.failures as i64)),
                ("lock", u.lock.word().replace('-', "").into()),
            ]
        })
        .collect()
}

/// Tab-separated, a header first; tabs and line breaks in a value become spaces.
fn to_tsv(records: &[Record]) -> String {
    let mut out = COLUMNS.join("\t") + "\n";
    for r in records {
        let cells: Vec<String> =
            r.iter().map(|(_, v)| v.csv().replace(['\t', '\n', '\r'], " ")).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// Each locked user once, in the groups' order.
fn locked_lines(groups: &[Group]) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for who in groups.iter().flat_map(Group::locked_users) {
        if seen.insert(who.clone()) {
            out.push_str(&who);
            out.push('\n');
        }
    }
    out
}

/// The summary, then each group with its count, and its users under it.
fn table(summary: &str, groups: &[Group]) -> String {
    let mut out = format!("{summary}\n");
    for g in groups {
        out.push('\n');
        let words = if g.description.is_empty() {
            String::new()
        } else {
            format!("  {}", sanitize_excerpt(&g.description, 100))
        };
        out.push_str(&format!("{:>5}  {}{words}\n", g.count, g.key));
        for u in &g.users {
            let lock = match u.lock {
                casdesk::failures::Lock::NotSeen => String::new(),
                other => format!("  [{}]", other.word()),
            };
            out.push_str(&format!("{:>5}    {}{lock}\n", u.failures, u.who));
        }
    }
    out
}
