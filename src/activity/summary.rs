//! One line for the top of the Activity screen: what happened since the user last signed in
//! ("3 failed tokencode attempts since 09:14, then locked; 1 more refused while locked"), or
//! that the last sign-in went well.

use super::explain::{Kind, explain, method_words};
use super::short_time;
use crate::api::AuthLogEntry;
use time::{OffsetDateTime, UtcOffset};

/// The line in place of the summary while only one event code is shown: a summary of a
/// filtered log ("no failures since") would hide the failures the filter left out.
pub fn filtered_note(code: &str, shown: usize) -> String {
    format!(
        "Only {code} events shown ({shown}); the summary of why sign-ins fail needs every code."
    )
}

/// `entries` newest first, as the service sends them. Events without a readable date are
/// left out of the sums (their order cannot be trusted).
pub fn summarize(entries: &[AuthLogEntry], now: OffsetDateTime, offset: UtcOffset) -> String {
    let dated: Vec<(OffsetDateTime, Kind, &AuthLogEntry)> =
        entries.iter().filter_map(|e| e.logged_at().map(|t| (t, explain(e).kind, e))).collect();
    if dated.is_empty() {
        return if entries.is_empty() {
            "No sign-in events in this range.".into()
        } else {
            let n = entries.len();
            format!("{n} event{}, none with a readable time.", plural(n))
        };
    }
    // Oldest first; among events at the same moment, the order the service recorded them.
    let mut chronological = dated.clone();
    chronological.reverse();
    chronological.sort_by_key(|(t, _, _)| *t);
    let when = |t: OffsetDateTime| short_time(t, now, offset);
    let last_ok = chronological.iter().rposition(|(_, k, _)| *k == Kind::SignedIn);
    let since = last_ok.map_or(0, |i| i + 1);
    let recent = &chronological[since..];
    let Some(first_failure) = recent.iter().position(|(_, k, _)| k.is_failure()) else {
        return match last_ok {
            Some(i) => {
                let (t, _, e) = chronological[i];
                let method = e.method.as_deref().map(method_words);
                let with = method.map(|m| format!(" with {m}")).unwrap_or_default();
                let earlier = chronological[..i].iter().filter(|(_, k, _)| k.is_failure()).count();
                let tail = if earlier > 0 {
                    format!(" ({earlier} failed before it)")
                } else {
                    String::new()
                };
                format!(
                    "Last sign-in {} at {}{with}, no failures since{tail}.",
                    "succeeded",
                    when(t)
                )
            }
            None => {
                let n = chronological.len();
                format!("{n} event{}, no sign-in attempts among them.", plural(n))
            }
        };
    };
    let streak = &recent[first_failure..];
    // Clauses in the order things happened: failures counted by kind (in the order each kind
    // first came) up to a lock, the lock (several in a row told together), and so on; a try
    // refused because a method is locked is counted on its own once a lock has been told.
    let start = when(streak[0].0);
    let mut clauses: Vec<String> = Vec::new();
    let mut group: Vec<(Kind, Option<String>, usize)> = Vec::new();
    let mut locks: Vec<String> = Vec::new();
    let mut locked_seen = false;
    let mut refused = 0;
    let flush = |group: &mut Vec<(Kind, Option<String>, usize)>,
                 locks: &mut Vec<String>,
                 clauses: &mut Vec<String>| {
        let counts: Vec<String> =
            group.iter().map(|(k, m, n)| count_words(*k, m.as_deref(), *n)).collect();
        let mut clause = counts.join(", ");
        if !locks.is_empty() {
            // "then locked" when the failures were of the one method that locked.
            let same = group.len() == 1
                && locks.len() == 1
                && group[0].1.as_deref().map(method_words).as_ref() == locks.first();
            let lock =
                if same { "locked".to_string() } else { format!("{} locked", and_list(locks)) };
            clause = if clause.is_empty() {
                format!("then {lock}")
            } else {
                format!("{clause}, then {lock}")
            };
        } else if !clause.is_empty() && !clauses.is_empty() {
            clause = format!("then {clause}");
        }
        if !clause.is_empty() {
            clauses.push(clause);
        }
        group.clear();
        locks.clear();
    };
    for (_, kind, e) in streak {
        match kind {
            Kind::Locked => {
                let method =
                    e.method.as_deref().map(method_words).unwrap_or_else(|| "a method".into());
                if !locks.contains(&method) {
                    locks.push(method);
                }
                locked_seen = true;
            }
            Kind::RefusedLocked if locked_seen => refused += 1,
            kind if kind.is_failure() => {
                if !locks.is_empty() {
                    flush(&mut group, &mut locks, &mut clauses);
                    if refused > 0 {
                        clauses.push(format!("{refused} more refused while locked"));
                        refused = 0;
                    }
                }
                let method = e.method.clone().map(|m| m.to_ascii_uppercase());
                match group.iter_mut().find(|(k, m, _)| k == kind && *m == method) {
                    Some(c) => c.2 += 1,
                    None => group.push((*kind, method, 1)),
                }
            }
            _ => {}
        }
    }
    flush(&mut group, &mut locks, &mut clauses);
    let mut parts: Vec<String> = Vec::new();
    let first = clauses.first().cloned().unwrap_or_default();
    parts.push(match first.strip_prefix("then ") {
        // Nothing failed before the first lock in this range.
        Some(lock) => format!("{} at {start}", capitalise(lock)),
        None => match first.split_once(", then ") {
            Some((counts, lock)) => format!("{counts} since {start}, then {lock}"),
            None => format!("{first} since {start}"),
        },
    });
    parts.extend(clauses.into_iter().skip(1));
    if refused > 0 {
        parts.push(format!("{refused} more refused while locked"));
    }
    if let Some((t, _, _)) = streak.iter().rev().find(|(_, k, _)| *k == Kind::Unlocked) {
        parts.push(format!("unlocked at {}", when(*t)));
    }
    let enabled = |e: &AuthLogEntry| {
        e.event_code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case("ADMIN_USER_ENABLED"))
    };
    if let Some((t, _, _)) = streak.iter().rev().find(|(_, _, e)| enabled(e)) {
        parts.push(format!("enabled at {}", when(*t)));
    }
    if let Some(i) = last_ok {
        parts.push(format!("last good sign-in {}", when(chronological[i].0)));
    }
    format!("{}.", parts.join("; "))
}

fn count_words(kind: Kind, method: Option<&str>, n: usize) -> String {
    let s = plural(n);
    match kind {
        Kind::WrongTokencode => format!("{n} failed tokencode attempt{s}"),
        Kind::WrongCode => {
            let what = method.map(method_words).unwrap_or_else(|| "code".into());
            format!("{n} wrong {what}{s}")
        }
        Kind::RefusedLocked => format!("{n} attempt{s} refused while locked"),
        Kind::NoDevice => format!("{n} attempt{s} with no registered device"),
        Kind::Policy => format!("{n} sign-in{s} blocked by policy"),
        Kind::UserDisabled => format!("{n} attempt{s} while disabled"),
        Kind::ApproveDenied => format!("{n} Approve request{s} denied"),
        _ => format!("{n} failed sign-in{s}"),
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    const NOW: OffsetDateTime = datetime!(2025-03-04 11:00 UTC);

    fn e(at: &str, code: &str, method: &str) -> AuthLogEntry {
        AuthLogEntry {
            event_log_date: Some(at.into()),
            event_code: Some(code.into()),
            method: (!method.is_empty()).then(|| method.to_string()),
            ..AuthLogEntry::default()
        }
    }

    fn newest_first(mut v: Vec<AuthLogEntry>) -> Vec<AuthLogEntry> {
        v.reverse();
        v
    }

    #[test]
    fn failed_tokencodes_then_locked() {
        let log = newest_first(vec![
            e("2025-03-03T16:00:00Z", "AUTHN_SUCCESS", "APPROVE"),
            e("2025-03-04T08:14:00Z", "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN"),
            e("2025-03-04T08:15:00Z", "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN"),
            e("2025-03-04T08:16:00Z", "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN"),
            e("2025-03-04T08:16:00Z", "AUTHN_METHOD_LOCKED", "TOKEN"),
        ]);
        assert_eq!(
            summarize(&log, NOW, offset!(+01:00)),
            "3 failed tokencode attempts since 09:14, then locked; last good sign-in 3 Mar 17:00."
        );
        let mut more = log.clone();
        more.insert(0, e("2025-03-04T09:00:00Z", "AUTHN_FAILED_METHOD_LOCKED", "TOKEN"));
        more.insert(0, e("2025-03-04T09:30:00Z", "ADMIN_METHOD_UNLOCKED", "TOKEN"));
        assert_eq!(
            summarize(&more, NOW, offset!(UTC)),
            "3 failed tokencode attempts since 08:14, then locked; 1 more refused while locked; \
             unlocked at 09:30; last good sign-in 3 Mar 16:00."
        );
    }

    #[test]
    fn a_success_after_failures_and_other_kinds() {
        let log = newest_first(vec![
            e("2025-03-04T08:14:00Z", "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN"),
            e("2025-03-04T08:20:00Z", "AUTHN_SUCCESS", "TOKEN"),
        ]);
        assert_eq!(
            summarize(&log, NOW, offset!(UTC)),
            "Last sign-in succeeded at 08:20 with tokencode, no failures since (1 failed before it)."
        );
        let log = newest_first(vec![
            e("2025-03-04T08:14:00Z", "AUTHN_FAILED_NO_REGISTERED_DEVICE", "APPROVE"),
            e("2025-03-04T08:20:00Z", "AUTHN_DENIED_BY_POLICY", ""),
            e("2025-03-04T08:21:00Z", "AUTHN_DENIED_BY_POLICY", ""),
        ]);
        assert_eq!(
            summarize(&log, NOW, offset!(UTC)),
            "1 attempt with no registered device, 2 sign-ins blocked by policy since 08:14."
        );
        let sms = newest_first(vec![
            e("2025-03-04T08:14:00Z", "AUTHN_FAILED_INVALID_CODE", "SMS"),
            e("2025-03-04T08:15:00Z", "AUTHN_METHOD_LOCKED", "SMS"),
            e("2025-03-04T08:16:00Z", "AUTHN_METHOD_LOCKED", "VOICE"),
        ]);
        assert_eq!(
            summarize(&sms, NOW, offset!(UTC)),
            "1 wrong SMS code since 08:14, then SMS code and voice-call code locked."
        );
    }

    #[test]
    fn locks_are_told_where_they_happened() {
        let maria = newest_first(vec![
            e("2025-03-04T08:00:00Z", "AUTHN_FAILED_INVALID_CODE", "SMS"),
            e("2025-03-04T08:01:00Z", "AUTHN_FAILED_INVALID_CODE", "SMS"),
            e("2025-03-04T08:01:00Z", "AUTHN_METHOD_LOCKED", "SMS"),
            e("2025-03-04T08:10:00Z", "AUTHN_FAILED_INVALID_CODE", "VOICE"),
            e("2025-03-04T08:11:00Z", "AUTHN_METHOD_LOCKED", "VOICE"),
            e("2025-03-04T08:20:00Z", "AUTHN_DENIED_BY_POLICY", ""),
        ]);
        assert_eq!(
            summarize(&maria, NOW, offset!(UTC)),
            "2 wrong SMS codes since 08:00, then locked; 1 wrong voice-call code, then locked; \
             then 1 sign-in blocked by policy."
        );
        let fatima = newest_first(vec![
            e("2025-03-04T08:00:00Z", "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN"),
            e("2025-03-04T08:00:00Z", "AUTHN_METHOD_LOCKED", "TOKEN"),
            e("2025-03-04T08:30:00Z", "AUTHN_METHOD_LOCKED", "APPROVE"),
            e("2025-03-04T08:40:00Z", "AUTHN_METHOD_LOCKED", "SMS"),
            e("2025-03-04T08:50:00Z", "AUTHN_FAILED_METHOD_LOCKED", "SMS"),
        ]);
        assert_eq!(
            summarize(&fatima, NOW, offset!(UTC)),
            "1 failed tokencode attempt since 08:00, then tokencode, Approve push and SMS code \
             locked; 1 more refused while locked."
        );
        let only_lock = vec![e("2025-03-04T08:00:00Z", "AUTHN_METHOD_LOCKED", "VOICE")];
        assert_eq!(summarize(&only_lock, NOW, offset!(UTC)), "Voice-call code locked at 08:00.");
    }

    #[test]
    fn a_user_enabled_after_failed_attempts() {
        let log = newest_first(vec![
            e("2025-03-04T08:00:00Z", "AUTHN_FAILED_USER_DISABLED", "APPROVE"),
            e("2025-03-04T09:00:00Z", "ADMIN_USER_ENABLED", ""),
        ]);
        assert_eq!(
            summarize(&log, NOW, offset!(UTC)),
            "1 attempt while disabled since 08:00; enabled at 09:00."
        );
    }

    #[test]
    fn nothing_to_say() {
        assert_eq!(summarize(&[], NOW, offset!(UTC)), "No sign-in events in this range.");
        assert!(
            filtered_note("AUTHN_SUCCESS", 2).starts_with("Only AUTHN_SUCCESS events shown (2)")
        );
        let undated = vec![AuthLogEntry::default()];
        assert_eq!(summarize(&undated, NOW, offset!(UTC)), "1 event, none with a readable time.");
        let admin = vec![e("2025-03-04T08:14:00Z", "ADMIN_USER_SYNCHRONIZED", "")];
        assert_eq!(
            summarize(&admin, NOW, offset!(UTC)),
            "1 event, no sign-in attempts among them."
        );
    }
}
