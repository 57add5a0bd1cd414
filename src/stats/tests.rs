//! The call rule and the figures, on small records written out by hand.

use super::*;
use crate::audit::{CallerRecord, UserResult};
use crate::call_record::{CONFIRMED_WORKING, VERIFIED_CALLER};

/// An entry at 2026-12-03 `hh:mm` UTC by `os_user` for `users`.
fn entry(hh_mm: &str, os_user: &str, action: &str, users: &[&str]) -> Entry {
    Entry {
        time: format!("2026-12-03T{hh_mm}:00Z"),
        os_user: os_user.into(),
        profile: None,
        tenant: "t".into(),
        customer: None,
        credentials: None,
        ticket: None,
        action: action.into(),
        users: users.iter().map(|u| UserResult::ok(u)).collect(),
    }
}

fn ticketed(ticket: &str, mut e: Entry) -> Entry {
    e.ticket = Some(ticket.into());
    e
}

fn verified(how: &str, reason: Option<&str>, mut e: Entry) -> Entry {
    e.action = VERIFIED_CALLER.into();
    let at = e.time.clone();
    e.users[0].caller =
        Some(CallerRecord { how: how.into(), at, reason: reason.map(String::from) });
    e
}

/// Each call as its user and the times of its entries.
fn grouped(entries: &[Entry]) -> Vec<(String, Vec<String>)> {
    calls(entries, None)
        .0
        .iter()
        .map(|c| {
            (c.user.clone(), c.events.iter().map(|e| e.entry.time[11..16].to_string()).collect())
        })
        .collect()
}

#[test]
fn a_call_is_one_users_entries_by_one_operator_each_within_30_minutes() {
    let entries = [
        entry("09:00", "anna", "lookup", &["alice@x.com"]),
        entry("09:05", "anna", "lookup", &["bob@x.com"]),
        entry("09:10", "bert", "lookup", &["alice@x.com"]),
        entry("09:30", "anna", "unlock methods", &["ALICE@x.com"]),
        entry("10:01", "anna", "lookup", &["alice@x.com"]),
    ];
    let shown = |user: &str, times: &[&str]| {
        (user.to_string(), times.iter().map(|t| t.to_string()).collect::<Vec<_>>())
    };
    assert_eq!(
        grouped(&entries),
        [
            shown("alice@x.com", &["09:00", "09:30"]),
            shown("bob@x.com", &["09:05"]),
            shown("alice@x.com", &["09:10"]),
            shown("alice@x.com", &["10:01"]),
        ],
        "31 minutes after 09:30 is another call; bert's lookup is his own"
    );
}

#[test]
fn a_ticket_is_one_call_however_long_and_takes_in_the_lookup_before_it() {
    let entries = [
        entry("09:00", "anna", "lookup", &["alice@x.com"]),
        ticketed("INC-1", entry("09:05", "anna", "unlock methods", &["alice@x.com"])),
        ticketed("INC-1", entry("14:00", "bert", "disable user", &["alice@x.com"])),
        ticketed("INC-2", entry("14:05", "bert", "enable user", &["alice@x.com"])),
        entry("14:06", "bert", "lookup", &["alice@x.com"]),
    ];
    let (calls, _) = calls(&entries, None);
    let tickets: Vec<(Option<&str>, usize)> =
        calls.iter().map(|c| (c.ticket.as_deref(), c.events.len())).collect();
    assert_eq!(tickets, [(Some("INC-1"), 3), (Some("INC-2"), 2)]);
}

#[test]
fn lists_and_searches_are_no_ones_call_and_since_leaves_out_the_earlier() {
    let entries = [
        entry("08:00", "anna", "lookup", &["carol@x.com"]),
        entry("09:00", "anna", "disable user", &["a@x.com", "b@x.com"]),
        entry("09:01", "anna", "search", &["a@x.com"]),
        entry("09:02", "anna", "lookup", &["a@x.com"]),
    ];
    let since = time::macros::datetime!(2026-12-03 08:30 UTC);
    let stats = compute(&entries, Some(since));
    assert_eq!((stats.calls, stats.left_out), (1, 1));
    assert_eq!(stats.from, Some(time::macros::datetime!(2026-12-03 09:02 UTC)));
}

#[test]
fn reading_the_tenants_failures_is_no_ones_call() {
    use crate::call_record::{ALL_USERS, USER_EVENT_LOG};
    let entries = [
        entry("09:00", "anna", USER_EVENT_LOG, &[ALL_USERS]),
        entry("09:02", "anna", "lookup", &["a@x.com"]),
    ];
    let stats = compute(&entries, None);
    assert_eq!((stats.calls, stats.left_out), (1, 0));
}

/// A call of `user` by its own operator: looked up at `start`, verified `how`, `fix` made,
/// and confirmed `took` minutes after the lookup (if at all).
fn one_call(
    user: &str,
    start: u32,
    how: Option<(&str, Option<&str>)>,
    fix: &str,
    took: Option<u32>,
) -> Vec<Entry> {
    let at = |m: u32| format!("{:02}:{:02}", 9 + (start + m) / 60, (start + m) % 60);
    let mut out = vec![entry(&at(0), user, "lookup", &[user])];
    if let Some((how, reason)) = how {
        out.push(verified(how, reason, entry(&at(1), user, "x", &[user])));
    }
    out.push(entry(&at(2), user, fix, &[user]));
    out.push(entry(&at(2), user, "lookup", &[user]));
    if let Some(took) = took {
        out.push(entry(&at(took), user, CONFIRMED_WORKING, &[user]));
    }
    out
}

#[test]
fn the_figures_count_verification_overrides_and_times_to_a_confirmed_fix() {
    let mut entries = Vec::new();
    entries.extend(one_call("a@x.com", 0, Some(("live", None)), "unlock methods", Some(4)));
    entries.extend(one_call("b@x.com", 0, Some(("live", None)), "unlock methods", Some(10)));
    entries.extend(one_call(
        "c@x.com",
        0,
        Some(("override", Some("manager approved"))),
        "unlock methods",
        Some(6),
    ));
    entries.extend(one_call(
        "d@x.com",
        0,
        Some(("override", Some("manager approved"))),
        "device registration code",
        Some(12),
    ));
    entries.extend(one_call("e@x.com", 0, Some(("sign-in", None)), "disable user", None));
    entries.extend(one_call("f@x.com", 0, None, "enable user", None));
    entries.extend(one_call(
        "g@x.com",
        0,
        Some(("override", Some("seen in person"))),
        "unlock methods",
        Some(25),
    ));
    entries.sort_by(|a, b| a.time.cmp(&b.time));
    let stats = compute(&entries, None);
    assert_eq!((stats.calls, stats.with_change, stats.confirmed), (7, 7, 5));
    let ways: Vec<(&str, usize, u32)> =
        stats.verified.iter().map(|s| (s.how, s.calls, s.percent)).collect();
    assert_eq!(ways, [("live", 2, 29), ("sign-in", 1, 14), ("override", 3, 43), ("none", 1, 14)]);
    let minutes = |d: Duration| d.whole_minutes();
    let fixes: Vec<(&str, usize, i64, i64)> = stats
        .to_fix
        .iter()
        .map(|f| (f.kind.as_str(), f.calls, minutes(f.median), minutes(f.p90)))
        .collect();
    assert_eq!(
        fixes,
        [("unlock methods", 4, 6, 25), ("device registration code", 1, 12, 12)],
        "nearest rank: the median of 4, 6, 10, 25 is 6, the 90th percentile 25"
    );
    assert_eq!(
        stats.overrides,
        [("manager approved".to_string(), 2), ("seen in person".to_string(), 1)]
    );
}

#[test]
fn a_change_after_the_confirmation_leaves_the_call_unconfirmed() {
    let mut entries = one_call("a@x.com", 0, None, "unlock methods", Some(4));
    entries.push(entry("09:20", "a@x.com", "disable user", &["a@x.com"]));
    let stats = compute(&entries, None);
    assert_eq!((stats.with_change, stats.confirmed), (1, 0));
    assert!(stats.to_fix.is_empty());
}

#[test]
fn no_calls_is_all_zero() {
    let stats = compute(&[], None);
    assert_eq!(stats.calls, 0);
    assert!(stats.verified.iter().all(|s| s.calls == 0 && s.percent == 0));
    assert_eq!((stats.from, stats.to), (None, None));
}
