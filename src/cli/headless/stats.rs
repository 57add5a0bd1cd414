//! `casdesk stats`: figures from the audit record for a team lead: calls, how the callers were
//! verified, how long from the first lookup to a confirmed fix, overrides by reason. What a
//! call is, and how each figure is counted, is `casdesk::stats`'s (and the README's). A table
//! for people by default; rows for scripts with `-f csv|json`.

use super::{Format, Output, Record, Value};
use casdesk::audit::AuditLog;
use casdesk::call_record::span_words;
use casdesk::stats::{Stats, compute};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use time::{OffsetDateTime, UtcOffset};

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// From when: a time ago (7d, 24h), a date (2026-12-01), a time today (09:00) or an RFC
    /// 3339 time; local time. Default: everything recorded
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
    /// Rows for scripts instead of the table
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Write here instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn show(args: &StatsArgs, offset: UtcOffset) -> Result<ExitCode, String> {
    let now = OffsetDateTime::now_utc().to_offset(offset);
    let since = args.since.as_deref().map(|s| super::note::parse_since(s, now)).transpose()?;
    let path = AuditLog::default_path().ok_or("no data directory for the audit record")?;
    let trail = casdesk::audit::read(&path)
        .map_err(|e| format!("cannot read the audit record {}: {e}", path.display()))?;
    if !trail.unreadable.is_empty() {
        eprintln!(
            "casdesk: {} line(s) of {} are not audit entries and were not counted",
            trail.unreadable.len(),
            path.display()
        );
    }
    let stats = compute(&trail.entries, since);
    match args.format {
        None => {
            let text = table(&stats, offset);
            match &args.output {
                None => print!("{text}"),
                Some(file) => super::write_private(file, text.as_bytes())?,
            }
        }
        Some(format) => {
            let output = Output { format, output: args.output.clone() };
            output.write_with_header(&rows(&stats), &COLUMNS)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The columns of the rows, also the CSV header when there is nothing to count.
const COLUMNS: [&str; 6] = ["figure", "kind", "calls", "percent", "median_seconds", "p90_seconds"];

/// `n` of the calls in whole percent (of none: nothing).
fn percent(n: usize, of: usize) -> Option<usize> {
    (of > 0).then(|| (n * 100 + of / 2) / of)
}

/// One row per figure: the counts of calls, each way of verifying, each kind of fix's times,
/// each override reason. `percent` is always of all calls.
fn rows(stats: &Stats) -> Vec<Record> {
    let row = |figure: &str, kind: &str, calls: usize, share: Option<usize>| -> Record {
        vec![
            ("figure", figure.into()),
            ("kind", kind.into()),
            ("calls", calls.into()),
            ("percent", share.map_or(Value::Null, Value::from)),
            ("median_seconds", Value::Null),
            ("p90_seconds", Value::Null),
        ]
    };
    let all = stats.calls;
    let mut out = vec![
        row("calls", "all", all, percent(all, all)),
        row("calls", "with a ticket", stats.with_ticket, percent(stats.with_ticket, all)),
        row("calls", "with a change", stats.with_change, percent(stats.with_change, all)),
        row("calls", "confirmed working", stats.confirmed, percent(stats.confirmed, all)),
    ];
    for share in &stats.verified {
        let percent = (all > 0).then_some(share.percent as usize);
        out.push(row("verified", share.how, share.calls, percent));
    }
    for fix in &stats.to_fix {
        let mut r = row("time to confirmed fix", &fix.kind, fix.calls, None);
        r[4].1 = Value::Number(fix.median.whole_seconds());
        r[5].1 = Value::Number(fix.p90.whole_seconds());
        out.push(r);
    }
    for (reason, calls) in &stats.overrides {
        out.push(row("override reason", reason, *calls, None));
    }
    out
}

/// The figures as a table for people, times in `offset`: a heading, then each section's lines
/// (label, count, and a share or times), the labels in one column.
fn table(stats: &Stats, offset: UtcOffset) -> String {
    let all = stats.calls;
    let shown = |at: Option<OffsetDateTime>| {
        at.map(|at| at.to_offset(offset)).map_or(String::new(), |at| {
            format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
        })
    };
    let share = |n: usize| percent(n, all).map_or(String::new(), |p| format!("{p:>4}%"));
    type Lines = Vec<(String, usize, String)>;
    let mut sections: Vec<(Option<&str>, Lines)> = Vec::new();
    let counts = [
        ("with a ticket", stats.with_ticket),
        ("with a change", stats.with_change),
        ("confirmed working", stats.confirmed),
    ];
    sections.push((None, counts.iter().map(|(l, n)| (l.to_string(), *n, share(*n))).collect()));
    let ways = stats.verified.iter().map(|s| {
        let label = match s.how {
            "live" => "by Live Verification",
            "sign-in" => "by a sign-in",
            "override" => "by an override",
            _ => "not verified",
        };
        let percent = if all > 0 { format!("{:>4}%", s.percent) } else { String::new() };
        (label.to_string(), s.calls, percent)
    });
    sections.push((Some("Caller verified"), ways.collect()));
    let fixes = stats.to_fix.iter().map(|fix| {
        let times = format!("  {}, {}", span_words(fix.median), span_words(fix.p90));
        (fix.kind.clone(), fix.calls, times)
    });
    let heading = "From the first lookup to a confirmed fix (median, 90th percentile)";
    sections.push((Some(heading), fixes.collect()));
    let reasons = stats
        .overrides
        .iter()
        .map(|(reason, n)| (casdesk::text::sanitize_excerpt(reason, 60), *n, String::new()));
    sections.push((Some("Overrides, by reason"), reasons.collect()));
    let width = sections
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|(l, _, _)| l.chars().count()))
        .max()
        .unwrap_or(0);
    let mut out = match all {
        0 => "No calls recorded.\n".to_string(),
        _ => format!("{all} call(s), {} to {} (local time)\n", shown(stats.from), shown(stats.to)),
    };
    for (heading, lines) in sections.iter().filter(|(h, lines)| h.is_none() || !lines.is_empty()) {
        if let Some(heading) = heading {
            out.push_str(&format!("{heading}\n"));
        }
        for (label, count, rest) in lines {
            out.push_str(&format!("  {label:<width$}  {count:>5}{rest}\n"));
        }
    }
    out.push_str(
        "A call: one user's actions by one operator, each within 30 minutes of the last, or \
         under one ticket.\n",
    );
    if stats.left_out > 0 {
        out.push_str(&format!(
            "{} action(s) on several users at once (lists, bulk runs) are no one's call and \
             were not counted.\n",
            stats.left_out
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_and_say_nothing_of_no_calls() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(0, 0), None);
        let empty = table(&compute(&[], None), UtcOffset::UTC);
        assert!(empty.starts_with("No calls recorded.\n"), "{empty}");
        assert_eq!(rows(&compute(&[], None))[0][3].1, Value::Null);
    }
}
