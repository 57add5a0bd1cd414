//! `casdesk activity --admin EMAIL`: who acted on the user, from the tenant-wide
//! Administration Event Log (`GET v1/adminlog/exportlogs`, every page of the window, kept for
//! the user by `targetObject1Id`: the API has no per-user filter). Last 24 hours unless
//! `--since`/`--until` say otherwise; newest first; casdesk's own entries marked "this key".

use super::{exit, to_csv, to_json, write_private};
use crate::cli::tenant::Tenant;
use casdesk::activity::full_time;
use casdesk::others::{Acted, acted};
use casdesk::text::sanitize_excerpt;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use time::{OffsetDateTime, UtcOffset};

/// What `activity --admin` is given (the sign-in log's options, less `--event-code`).
pub(super) struct AdminArgs<'a> {
    pub email: &'a str,
    /// `--since` and `--until`, as read (`None`: the last 24 hours, up to now).
    pub since: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
    /// "table", "csv" or "json".
    pub format: &'a str,
    pub output: Option<&'a PathBuf>,
}

/// What a 403 means here, said instead of the service's bare "Forbidden".
pub const FORBIDDEN_WORDS: &str = "this key may not read the administration log (RSA lists it under Super Admin; an OAuth \
     client needs rsa.audit.admin); who else acted is not shown";

pub(super) async fn admin_activity(
    tenant: &Tenant,
    args: AdminArgs<'_>,
    local_offset: UtcOffset,
) -> Result<ExitCode, String> {
    let now = OffsetDateTime::now_utc().to_offset(local_offset);
    let after = args.since.unwrap_or(now - casdesk::others::WINDOW);
    let until = args.until.unwrap_or(now);
    if after >= until {
        return Err("--since must be before --until".into());
    }
    let email = args.email.trim();
    let client = &tenant.client;
    let read_log = |id: String| async move {
        client.admin_activity_on(&id, after, until).await.map_err(|e| {
            if e.status() == Some(403) { FORBIDDEN_WORDS.to_string() } else { e.to_string() }
        })
    };
    let action = "administration activity";
    let Some(read) = super::read_about::read_about(tenant, email, action, read_log).await else {
        return Ok(exit(1));
    };
    let list = acted(&read.entries, &read.own_name);
    let mut summary = summary(&list, &sanitize_excerpt(email, 80), args.since.is_none());
    if read.cut_short {
        summary.push_str(&format!(
            " The window held more than {} pages; only those were read.",
            casdesk::api::MAX_ADMIN_LOG_PAGES
        ));
    }
    let records: Vec<super::Record> = list.iter().map(|a| record(a, now, local_offset)).collect();
    let text = match args.format {
        "csv" | "json" => {
            eprintln!("casdesk: {summary}");
            if args.format == "csv" { to_csv(&records, &COLUMNS) } else { to_json(&records) }
        }
        _ => table(&summary, &list, now, local_offset),
    };
    match args.output {
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write the results: {e}"))?,
        Some(path) => write_private(path, text.as_bytes())?,
    }
    Ok(exit(0))
}

/// "3 administration events on X in the last 24 hours, 1 by this key (from the tenant-wide
/// log, kept for this user by targetObject1Id)."
fn summary(list: &[Acted], who: &str, last_day: bool) -> String {
    let window = if last_day { " in the last 24 hours" } else { "" };
    let own = list.iter().filter(|a| a.by_this_key).count();
    let events = match list.len() {
        0 => "No administration events".to_string(),
        1 => "1 administration event".to_string(),
        n => format!("{n} administration events"),
    };
    let own = if own > 0 { format!(", {own} by this key") } else { String::new() };
    format!(
        "{events} on {who}{window}{own} (read from the tenant-wide log, kept for this user by \
         targetObject1Id)."
    )
}

const COLUMNS: [&str; 11] = [
    "time",
    "ago",
    "admin",
    "role",
    "by_this_key",
    "meaning",
    "activity_key",
    "activity_code",
    "detail",
    "source_ip",
    "event_id",
];

fn record(a: &Acted, now: OffsetDateTime, offset: UtcOffset) -> super::Record {
    let e = &a.entry;
    let clean = |v: &Option<String>, max| {
        v.as_deref().map(|t| sanitize_excerpt(t, max)).unwrap_or_default()
    };
    let time = match a.at {
        Some(t) => full_time(t, offset),
        None => clean(&e.event_log_date, 40),
    };
    let ago = a.at.map(|t| casdesk::others::ago(now - t)).unwrap_or_default();
    let record: super::Record = vec![
        ("time", time.into()),
        ("ago", ago.into()),
        ("admin", clean(&e.admin_user_name, 80).into()),
        ("role", clean(&e.admin_user_role, 60).into()),
        ("by_this_key", a.by_this_key.into()),
        ("meaning", a.what.clone().into()),
        ("activity_key", clean(&e.activity_key, 80).into()),
        ("activity_code", clean(&e.activity_code, 40).into()),
        ("detail", clean(&e.target_object2_name, 60).into()),
        ("source_ip", clean(&e.source_ip_address, 45).into()),
        ("event_id", clean(&e.event_id, 80).into()),
    ];
    debug_assert!(record.iter().map(|(c, _)| *c).eq(COLUMNS), "columns drifted");
    record
}

/// The summary, then TIME, WHO and WHAT, aligned.
fn table(summary: &str, list: &[Acted], now: OffsetDateTime, offset: UtcOffset) -> String {
    let rows: Vec<[String; 3]> = list
        .iter()
        .map(|a| {
            let when = match a.at {
                Some(t) => format!("{} ({})", full_time(t, offset), casdesk::others::ago(now - t)),
                None => "time unknown".into(),
            };
            [when, a.who.clone(), a.what.clone()]
        })
        .collect();
    let width = |i: usize, head: &str| {
        rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0).max(head.len())
    };
    let (w0, w1) = (width(0, "TIME"), width(1, "WHO"));
    let mut out = format!("{summary}\n\n{:<w0$}  {:<w1$}  WHAT\n", "TIME", "WHO");
    for [when, who, what] in rows {
        out.push_str(&format!("{when:<w0$}  {who:<w1$}  {what}\n"));
    }
    out
}
