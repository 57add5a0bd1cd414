//! The ticket note: what was done for one user, read back from the audit record and written as
//! plain text to paste into a ticketing system. It says only what the audit record says (so
//! never a code: the record holds none), sanitised, with ASCII punctuation so it pastes
//! anywhere; and any long run of digits in the service's words is masked besides, so even an
//! error text that echoed a code could not carry one into a ticket.

use crate::audit::{Entry, UserResult};
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

/// Reads: a ticket reader cares that the user was looked up, not how often, so each is listed
/// the first time only. Everything else is a change and always listed.
const READS: [&str; 3] = ["lookup", "search", "sign-in activity"];

/// The note for `scope` from `entries` (oldest first, as the record keeps them), with times
/// in `offset` (the header says which).
pub fn note(entries: &[Entry], scope: &Scope, offset: UtcOffset) -> TicketNote {
    let mut lines: Vec<(OffsetDateTime, &Entry, &UserResult)> = Vec::new();
    let mut reads_seen: Vec<&str> = Vec::new();
    let mut changes = 0;
    for (at, entry) in entries.iter().filter_map(|e| in_scope(e, scope).map(|at| (at, e))) {
        for result in entry.users.iter().filter(|u| u.user.eq_ignore_ascii_case(scope.user)) {
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
    TicketNote { text: render(&user, &lines, offset), user, listed: lines.len(), changes }
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

fn render(
    user: &str,
    lines: &[(OffsetDateTime, &Entry, &UserResult)],
    offset: UtcOffset,
) -> String {
    let zone = zone_name(offset);
    let Some((first, _, _)) = lines.first() else {
        return format!("Ticket note for {user}: nothing recorded.\n");
    };
    let one_day = lines.iter().all(|(at, _, _)| at.date() == first.date());
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
    let mut out = format!("Ticket note for {user}\n");
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
        let when = if one_day { hh_mm(*at) } else { format!("{} {}", at.date(), hh_mm(*at)) };
        out.push_str(&format!("{when}  {}: {}\n", action_words(&entry.action), outcome(result)));
    }
    out
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
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    fn entry(time: &str, action: &str, users: Vec<UserResult>) -> Entry {
        Entry {
            time: time.into(),
            os_user: "anna".into(),
            profile: Some("production".into()),
            tenant: "https://acme.example/".into(),
            customer: None,
            credentials: None,
            action: action.into(),
            users,
        }
    }

    fn scope(user: &str) -> Scope<'_> {
        Scope {
            user,
            since: datetime!(2026-12-03 09:00 UTC),
            tenant: Some("https://acme.example/"),
            profile: Some(Some("production")),
            os_user: Some("anna"),
        }
    }

    fn day() -> Vec<Entry> {
        let alice = "alice@example.com";
        vec![
            entry("2026-12-03T08:59:59Z", "disable user", vec![UserResult::ok(alice)]),
            entry("2026-12-03T09:01:10.5Z", "lookup", vec![UserResult::ok("Alice@Example.com")]),
            entry(
                "2026-12-03T09:02:00Z",
                "unlock methods",
                vec![
                    UserResult::ok("bob@example.com").with_outcome("unlocked SMS"),
                    UserResult::ok(alice).with_outcome("unlocked Tokencode; now nothing is locked"),
                ],
            ),
            entry("2026-12-03T09:02:01Z", "lookup", vec![UserResult::ok(alice)]),
            entry(
                "2026-12-03T09:03:00Z",
                "disable user",
                vec![UserResult::failed(alice, "HTTP 403 Forbidden: \u{1b}[31mscope")],
            ),
            entry(
                "2026-12-03T09:04:00Z",
                "disable user",
                vec![UserResult::ok(alice).with_outcome("nothing to do: already disabled")],
            ),
            entry(
                "2026-12-03T09:05:00Z",
                "generate enrollment codes",
                vec![UserResult {
                    result_code: Some(1000),
                    ..UserResult::ok(alice).with_outcome("Code generated, shown on screen")
                }],
            ),
        ]
    }

    #[test]
    fn a_note_lists_changes_in_order_and_the_first_lookup_in_local_time() {
        let note = note(&day(), &scope("alice@example.com"), offset!(+1));
        assert_eq!(
            note.text,
            "Ticket note for alice@example.com\n\
             Tenant: https://acme.example/ (profile production); by anna with casdesk on \
             2026-12-03; times UTC+01:00\n\
             10:01  Lookup: done\n\
             10:02  Unlock methods: unlocked Tokencode; now nothing is locked\n\
             10:03  Disable user: FAILED: HTTP 403 Forbidden: scope\n\
             10:04  Disable user: nothing to do: already disabled\n\
             10:05  Generate enrollment code: Code generated, shown on screen\n"
        );
        assert_eq!((note.listed, note.changes), (5, 4));
    }

    #[test]
    fn other_tenants_profiles_operators_and_earlier_times_are_left_out() {
        let mut entries = day();
        for (i, e) in entries.iter_mut().enumerate() {
            match i % 3 {
                0 => e.tenant = "https://other.example/".into(),
                1 => e.profile = None,
                _ => e.os_user = "bert".into(),
            }
        }
        assert_eq!(note(&entries, &scope("alice@example.com"), UtcOffset::UTC).listed, 0);
        let anyone =
            Scope { tenant: None, profile: None, os_user: None, ..scope("alice@example.com") };
        let all = note(&entries, &anyone, UtcOffset::UTC);
        assert_eq!(all.listed, 5, "the 08:59 entry is before the start: {}", all.text);
        assert!(all.text.contains("Tenant: https://acme.example/, https://other.example/"));
        assert!(all.text.contains("by anna, bert with casdesk"), "{}", all.text);
    }

    #[test]
    fn the_header_names_the_customer_the_key_file_gave_with_the_url() {
        let mut entries = day();
        for e in &mut entries {
            e.customer = Some("Acme Corp".into());
            e.credentials = Some("key file /k/acme.key (profile production)".into());
        }
        let text = note(&entries, &scope("alice@example.com"), UtcOffset::UTC).text;
        let header = text.lines().nth(1).unwrap_or_default();
        assert_eq!(
            header,
            "Tenant: Acme Corp at https://acme.example/ (profile production); by anna with \
             casdesk on 2026-12-03; times UTC"
        );
    }

    #[test]
    fn nothing_done_is_said_and_counted_as_nothing() {
        let note = note(&day(), &scope("nobody@example.com"), UtcOffset::UTC);
        assert_eq!(note.listed, 0);
        assert_eq!(note.text, "Ticket note for nobody@example.com: nothing recorded.\n");
    }

    #[test]
    fn no_long_number_and_no_escape_reaches_a_note_whatever_the_record_holds() {
        let alice = "alice@example.com";
        let entries = vec![entry(
            "2026-12-03T09:30:00Z",
            "enable emergency tokencode",
            vec![
                UserResult::failed(alice, "code 62921115 rejected \u{7}")
                    .with_outcome("tokencode 12345678 \u{1b}]52;c;NjI5\u{7} → sent"),
            ],
        )];
        let text = note(&entries, &scope(alice), UtcOffset::UTC).text;
        assert!(!text.contains("62921115") && !text.contains("12345678"), "{text}");
        assert!(text.chars().all(|c| c == '\n' || !c.is_control()), "{text:?}");
        assert!(
            text.contains("FAILED: code [digits removed] rejected  (tokencode [digits removed]"),
            "{text}"
        );
        assert!(text.contains("-> sent"), "ASCII arrows: {text}");
    }

    #[test]
    fn a_note_over_several_days_dates_every_line() {
        let mut entries = day();
        entries[6].time = "2026-12-04T08:00:00Z".into();
        let text = note(&entries, &scope("alice@example.com"), UtcOffset::UTC).text;
        assert!(text.contains("; times UTC\n2026-12-03 09:01  Lookup: done\n"), "{text}");
        assert!(text.contains("2026-12-04 08:00  Generate enrollment code"), "{text}");
    }
}
