//! The ticket note: what was done for one user, read back from the audit record and written as
//! plain text to paste into a ticketing system. It says only what the audit record says (so
//! never a code: the record holds none), sanitised, with ASCII punctuation so it pastes
//! anywhere; and any long run of digits in the service's words is masked besides, so even an
//! error text that echoed a code could not carry one into a ticket.
//!
//! Besides the list of what was done, it states the call's ticket, how the caller was
//! verified, and whether the fix was confirmed working and how long after the first lookup
//! (read from the record as `call_record` defines it).

use crate::audit::{Entry, UserResult};
use crate::call_record::{Kind, READS, Verification, kind, span_words};
use time::{OffsetDateTime, UtcOffset};

/// Which entries of the record a note covers.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    /// The user's address (compared without regard to case).
    pub user: &'a str,
    /// Only entries at or after this moment.
    pub since: OffsetDateTime,
    /// Only this tenant's entries, or any tenant's.
    pub tenant: Option<&'a str>,
    /// Only entries under this profile (`Some(None)`: under none), or any.
    pub profile: Option<Option<&'a str>>,
    /// Only what this operating-system account did, or anyone.
    pub os_user: Option<&'a str>,
}

/// A note ready to paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketNote {
    pub user: String,
    pub text: String,
    /// Lines listed: every change, and the first of each kind of read.
    pub listed: usize,
    /// How many of those changed something (or tried to).
    pub changes: usize,
}

/// One user's result in an entry, at the entry's time in the note's offset.
type Line<'e> = (OffsetDateTime, &'e Entry, &'e UserResult);

/// The note for `scope` from `entries` (oldest first, as the record keeps them), with times
/// in `offset` (the header says which).
pub fn note(entries: &[Entry], scope: &Scope, offset: UtcOffset) -> TicketNote {
    // Reads: a ticket reader cares that the user was looked up, not how often, so each is
    // listed the first time only. Everything else is listed every time.
    let mut lines: Vec<Line> = Vec::new();
    let mut all: Vec<Line> = Vec::new();
    let mut reads_seen: Vec<&str> = Vec::new();
    let mut changes = 0;
    for (at, entry) in entries.iter().filter_map(|e| in_scope(e, scope).map(|at| (at, e))) {
        for result in entry.users.iter().filter(|u| u.user.eq_ignore_ascii_case(scope.user)) {
            all.push((at.to_offset(offset), entry, result));
            let action = entry.action.as_str();
            if READS.contains(&action) {
                if reads_seen.contains(&action) {
                    continue;
                }
                reads_seen.push(action);
            } else {
                changes += 1;
            }
            lines.push((at.to_offset(offset), entry, result));
        }
    }
    let user = plain(scope.user);
    // Dated lines when the note spans days (reads not listed again count too).
    let one_day = all
        .first()
        .is_none_or(|(first, _, _)| all.iter().all(|(at, _, _)| at.date() == first.date()));
    let mut text = render(&user, &lines, offset, one_day);
    if changes > 0 {
        text.push_str(&summary(&all, one_day));
    }
    TicketNote { text, user, listed: lines.len(), changes }
}

/// The entry's time, if it is in scope.
fn in_scope(entry: &Entry, scope: &Scope) -> Option<OffsetDateTime> {
    let at =
        OffsetDateTime::parse(&entry.time, &time::format_description::well_known::Rfc3339).ok()?;
    let wanted = |want: Option<&str>, got: &str| want.is_none_or(|w| w == got);
    let profile_ok = scope.profile.is_none_or(|p| p == entry.profile.as_deref());
    (at >= scope.since
        && wanted(scope.tenant, &entry.tenant)
        && wanted(scope.os_user, &entry.os_user)
        && profile_ok)
        .then_some(at)
}

fn render(user: &str, lines: &[Line], offset: UtcOffset, one_day: bool) -> String {
    let zone = zone_name(offset);
    let Some((first, _, _)) = lines.first() else {
        return format!("Ticket note for {user}: nothing recorded.\n");
    };
    let distinct = |f: &dyn Fn(&Entry) -> String| {
        let mut seen: Vec<String> = Vec::new();
        for (_, entry, _) in lines {
            let value = f(entry);
            if !value.is_empty() && !seen.contains(&value) {
                seen.push(value);
            }
        }
        seen.join(", ")
    };
    // The customer name the key file gave, where the record has it, and the URL called.
    let tenant = distinct(&|e| match &e.customer {
        Some(customer) => plain(&format!("{customer} at {}", e.tenant)),
        None => plain(&e.tenant),
    });
    let profile = distinct(&|e| e.profile.as_deref().map(plain).unwrap_or_default());
    let operator = distinct(&|e| plain(&e.os_user));
    let tickets = distinct(&|e| e.ticket.as_deref().map(plain).unwrap_or_default());
    let mut out = format!("Ticket note for {user}\n");
    if !tickets.is_empty() {
        out.push_str(&format!("Ticket: {tickets}\n"));
    }
    out.push_str(&format!("Tenant: {tenant}"));
    if !profile.is_empty() {
        out.push_str(&format!(" (profile {profile})"));
    }
    out.push_str(&format!("; by {operator} with casdesk"));
    if one_day {
        out.push_str(&format!(" on {}", first.date()));
    }
    out.push_str(&format!("; times {zone}\n"));
    for (at, entry, result) in lines {
        let when = when(*at, one_day);
        out.push_str(&format!("{when}  {}: {}\n", action_words(&entry.action), outcome(result)));
    }
    out
}

/// What the call came to: how the caller was verified, and whether the fix was confirmed
/// working (after the last change, or it is not) and how long after the first lookup.
fn summary(all: &[Line], one_day: bool) -> String {
    let mut verified: Vec<Verification> = Vec::new();
    for (_, entry, result) in all {
        if let Some(v) = Verification::of(entry, result).filter(|v| !verified.contains(v)) {
            verified.push(v);
        }
    }
    let offset = all.first().map_or(UtcOffset::UTC, |(at, _, _)| at.offset());
    let mut out = String::from("Caller verified: ");
    if verified.is_empty() {
        out.push_str("no\n");
    } else {
        let each: Vec<String> = verified
            .iter()
            .map(|v| format!("{} at {}", plain(&v.words()), when(v.at.to_offset(offset), one_day)))
            .collect();
        out.push_str(&format!("{}\n", each.join("; ")));
    }
    let at_kind = |k: Kind| all.iter().filter(move |(_, e, _)| kind(&e.action) == k);
    let last_change = at_kind(Kind::Change).map(|(at, _, _)| *at).next_back();
    let confirmed = at_kind(Kind::Confirmation)
        .filter(|(at, _, r)| r.ok && last_change.is_none_or(|c| *at >= c))
        .map(|(at, _, _)| *at)
        .next();
    // The first lookup before the confirmation (a lookup follows every change too).
    let first_lookup = all
        .iter()
        .take_while(|(at, _, _)| confirmed.is_none_or(|c| *at <= c))
        .find(|(_, e, _)| e.action == "lookup")
        .or(all.first());
    match (confirmed, last_change, first_lookup) {
        (Some(at), _, Some((looked_up, _, _))) => out.push_str(&format!(
            "Confirmed working: yes, at {}, {} after the first lookup at {}\n",
            when(at, one_day),
            span_words(at - *looked_up),
            when(*looked_up, one_day)
        )),
        (None, Some(change), _) if at_kind(Kind::Confirmation).next().is_some() => out.push_str(
            &format!("Confirmed working: not since the last change at {}\n", when(change, one_day)),
        ),
        (None, Some(_), _) => out.push_str("Confirmed working: not confirmed\n"),
        _ => {}
    }
    out
}

/// "10:07", or with the date when the note spans days.
fn when(at: OffsetDateTime, one_day: bool) -> String {
    if one_day { hh_mm(at) } else { format!("{} {}", at.date(), hh_mm(at)) }
}

/// "UTC" or "UTC+01:00".
fn zone_name(offset: UtcOffset) -> String {
    if offset.is_utc() {
        return "UTC".into();
    }
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
}

fn hh_mm(at: OffsetDateTime) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// The audit record's name for an action, as a sentence starts: "Unlock methods". The record
/// names bulk calls in the plural ("generate enrollment codes"); one user had one.
fn action_words(action: &str) -> String {
    let action = plain(action);
    let singular = action.strip_suffix(" codes").map(|a| format!("{a} code"));
    let mut words = singular.unwrap_or(action);
    if let Some(first) = words.get(..1) {
        words = first.to_ascii_uppercase() + &words[1..];
    }
    words
}

/// "now Disabled", "FAILED: HTTP 403 …", or "done" when the record says no more.
fn outcome(result: &UserResult) -> String {
    let words = result.outcome.as_deref().map(|o| masked(&plain(o)));
    let error = result.error.as_deref().map(|e| masked(&plain(e)));
    match (result.ok, words, error) {
        (true, Some(words), _) => words,
        (true, None, _) => "done".into(),
        (false, Some(words), Some(error)) => format!("FAILED: {error} ({words})"),
        (false, Some(words), None) => format!("FAILED: {words}"),
        (false, None, Some(error)) => format!("FAILED: {error}"),
        (false, None, None) => "FAILED".into(),
    }
}

/// Sanitised, with typographic punctuation in ASCII.
fn plain(text: &str) -> String {
    let mut out = String::new();
    for c in crate::text::sanitize(text).chars() {
        match c {
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '…' => out.push_str("..."),
            '–' | '—' | '−' => out.push('-'),
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            '•' | '·' => out.push('*'),
            '×' => out.push('x'),
            '\u{a0}' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}

/// Codes are six digits or more (tokencodes, enrollment and emergency codes); nothing a note
/// says needs as many in a row, so such runs are masked.
fn masked(text: &str) -> String {
    const LONGEST_KEPT: usize = 5;
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() > LONGEST_KEPT {
            out.push_str("[digits removed]");
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

#[cfg(test)]
#[path = "ticket_note_tests.rs"]
mod tests;
