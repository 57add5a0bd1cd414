//! The ticket note's tests: what it lists, what it states, and that it never holds a code.

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
        ticket: None,
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
         10:05  Generate enrollment code: Code generated, shown on screen\n\
         Caller verified: no\n\
         Confirmed working: not confirmed\n"
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
    let anyone = Scope { tenant: None, profile: None, os_user: None, ..scope("alice@example.com") };
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

/// A call: looked up, verified, fixed, the fix confirmed by the user's sign-in; all under a
/// ticket given after the lookup.
fn call() -> Vec<Entry> {
    let alice = "alice@example.com";
    let stamp = crate::audit::CallerRecord {
        how: "live".into(),
        at: "2026-12-03T09:02:00Z".into(),
        reason: None,
    };
    let verified = |r: UserResult| UserResult { caller: Some(stamp.clone()), ..r };
    let ticketed = |mut e: Entry| {
        e.ticket = Some("INC0012345".into());
        e
    };
    vec![
        entry("2026-12-03T09:01:00Z", "lookup", vec![UserResult::ok(alice)]),
        ticketed(entry(
            "2026-12-03T09:02:00Z",
            crate::call_record::VERIFIED_CALLER,
            vec![verified(UserResult::ok(alice).with_outcome("Live Verification"))],
        )),
        ticketed(entry(
            "2026-12-03T09:03:00Z",
            "unlock methods",
            vec![verified(UserResult::ok(alice).with_outcome("unlocked Approve"))],
        )),
        ticketed(entry(
            "2026-12-03T09:08:30Z",
            crate::call_record::CONFIRMED_WORKING,
            vec![crate::call_record::confirmed_working(
                alice,
                datetime!(2026-12-03 10:08 +01:00),
                "Approve",
            )],
        )),
    ]
}

#[test]
fn a_note_states_the_ticket_the_verification_and_the_confirmation() {
    let note = note(&call(), &scope("alice@example.com"), offset!(+1));
    assert_eq!(
        note.text,
        "Ticket note for alice@example.com\n\
         Ticket: INC0012345\n\
         Tenant: https://acme.example/ (profile production); by anna with casdesk on \
         2026-12-03; times UTC+01:00\n\
         10:01  Lookup: done\n\
         10:02  Verified caller: Live Verification\n\
         10:03  Unlock methods: unlocked Approve\n\
         10:08  Confirmed working: signed in at 10:08 by Approve\n\
         Caller verified: Live Verification at 10:02\n\
         Confirmed working: yes, at 10:08, 7 min after the first lookup at 10:01\n"
    );
    assert!(!note.text.contains("[digits removed]"), "a ticket id is never masked");
}

#[test]
fn a_change_after_the_confirmation_is_not_confirmed_and_an_override_says_why() {
    let mut entries = call();
    let mut again = entries[2].clone();
    again.time = "2026-12-03T09:20:00Z".into();
    again.action = "disable user".into();
    entries.push(again);
    entries[1].users[0] =
        UserResult::ok("alice@example.com").with_outcome("override: manager approved");
    for e in &mut entries {
        e.users[0].caller = None;
    }
    let text = note(&entries, &scope("alice@example.com"), UtcOffset::UTC).text;
    assert!(
        text.ends_with(
            "Caller verified: override (manager approved) at 09:02\n\
         Confirmed working: not since the last change at 09:20\n"
        ),
        "{text}"
    );
}

#[test]
fn only_reads_state_nothing_about_verifying_or_confirming() {
    let entries = &call()[..1];
    let text = note(entries, &scope("alice@example.com"), UtcOffset::UTC).text;
    assert!(!text.contains("Caller verified") && !text.contains("Confirmed working"), "{text}");
    assert!(!text.contains("Ticket:"), "no ticket was given: {text}");
}

#[test]
fn a_token_looked_up_by_serial_is_a_read_and_its_rename_a_change() {
    let john = "john.doe@example.com";
    let held = || UserResult::ok(john).with_outcome("holds SecurID token 000412345678");
    let entries = vec![
        entry("2026-12-03T09:01:00Z", crate::call_record::TOKEN_LOOKUP, vec![held()]),
        entry("2026-12-03T09:01:30Z", crate::call_record::TOKEN_LOOKUP, vec![held()]),
        entry(
            "2026-12-03T09:02:00Z",
            "rename SecurID token 000412345678",
            vec![UserResult::ok(john).with_outcome("named \u{201c}Desk token\u{201d}")],
        ),
    ];
    let note = note(&entries, &scope(john), offset!(UTC));
    assert_eq!((note.listed, note.changes), (2, 1), "{}", note.text);
    assert!(note.text.contains("Token lookup"), "{}", note.text);
    assert!(note.text.contains("Rename SecurID token"), "{}", note.text);
}
