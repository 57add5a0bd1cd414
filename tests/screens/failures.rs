//! The Failures screen (the last tab): the user event log read with progress, the failures
//! grouped by cause, application and source, a group's users with their lock state, and the
//! locked users of a group handed to Bulk's unlock, which asks before anything is sent.

use crate::snapshot_both;
use crate::support::{Harness, NOW};
use casdesk::api::{EventLogProgress, UserEventEntry, UserEventLog};
use casdesk::app::msg::{ApiOutcome, ApiRequest, EventLogNews, Failure};
use crossterm::event::KeyCode;
use serde_json::json;

const LOCKED: [&str; 4] = [
    "ava.johnson@example.com",
    "lucas.moreau@example.com",
    "raj.patel@example.com",
    "sara.lindgren@example.com",
];

/// The last hour (NOW is 10:00 UTC): four users locked by wrong tokencodes at the Citrix
/// Gateway from one address, two more with one wrong tokencode, one unlocked since by an
/// administrator, one wrong SMS code elsewhere, and a success that is not a failure.
fn wave() -> UserEventLog {
    let mut newest_first = Vec::new();
    let e = |minute: u32, who: &str, code: &str, app: &str, ip: &str, method: &str, text: &str| {
        json!({
            "eventId": format!("{who}-{minute}-{code}"),
            "eventLogDate": format!("2026-11-22T09:{minute:02}:00.000Z"),
            "eventType": if code.starts_with("ADMIN_") { "ADMINISTRATION" } else { "AUTHENTICATION" },
            "eventCode": code, "eventDescription": text, "method": method,
            "application": app, "sourceIPAddress": ip, "emailAddress": who, "userId": format!("id-{who}"),
        })
    };
    newest_first.push(e(
        58,
        "olivia.brown@example.com",
        "AUTHN_SUCCESS",
        "Workday",
        "203.0.113.24",
        "APPROVE",
        "User authenticated successfully using APPROVE.",
    ));
    newest_first.push(e(
        55,
        "emma.thomas@example.com",
        "ADMIN_METHOD_UNLOCKED",
        "Cloud Administration API",
        "192.0.2.10",
        "TOKEN",
        "Administrator unlocked the TOKEN authentication method.",
    ));
    newest_first.push(e(
        50,
        "tariq.rahman@example.com",
        "AUTHN_FAILED_INVALID_CODE",
        "Workday",
        "203.0.113.24",
        "SMS",
        "Authentication failed. Invalid SMS code.",
    ));
    for (i, who) in LOCKED.iter().chain(["emma.thomas@example.com"].iter()).enumerate() {
        let minute = 45 - i as u32 * 5;
        newest_first.push(e(
            minute,
            who,
            "AUTHN_METHOD_LOCKED",
            "Citrix Gateway",
            "198.51.100.77",
            "TOKEN",
            "Authentication method TOKEN locked after 3 consecutive failed attempts.",
        ));
        for _ in 0..3 {
            newest_first.push(e(
                minute,
                who,
                "AUTHN_FAILED_INVALID_TOKENCODE",
                "Citrix Gateway",
                "198.51.100.77",
                "TOKEN",
                "Authentication failed. Invalid tokencode.",
            ));
        }
    }
    newest_first.push(e(
        12,
        "zoe.dubois@example.com",
        "AUTHN_FAILED_INVALID_TOKENCODE",
        "Citrix Gateway",
        "203.0.113.50",
        "TOKEN",
        "Authentication failed. Invalid tokencode.",
    ));
    newest_first.push(e(
        11,
        "yusuf.demir@example.com",
        "AUTHN_FAILED_INVALID_TOKENCODE",
        "Citrix Gateway",
        "198.51.100.77",
        "TOKEN",
        "Authentication failed. Invalid tokencode.",
    ));
    let entries: Vec<UserEventEntry> = serde_json::from_value(json!(newest_first)).unwrap();
    UserEventLog { pages_read: 1, complete: true, entries }
}

/// Opens screen 7 (Esc leaves Lookup's field, which takes digits) and reads the last hour's
/// log.
fn open(h: &mut Harness) {
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('7'));
    h.key(KeyCode::Char('r'));
}

fn read(h: &mut Harness) {
    open(h);
    h.answer(ApiOutcome::EventLog(EventLogNews::Read(Ok(wave()))));
}

#[test]
fn r_asks_for_the_last_hour_and_the_screen_shows_how_far_the_read_got() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('7'));
    assert_eq!(h.api_requests(), 0, "passing through does not read the tenant's log");
    snapshot_both!("failures_unread", |h: &mut Harness| {
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('7'));
    });
    h.key(KeyCode::Char('r'));
    let Some((_, ApiRequest::UserEventLog { range })) = h.last_request() else {
        panic!("the log is asked for on opening")
    };
    assert_eq!(range.end, NOW);
    assert_eq!(range.end - range.start, time::Duration::hours(1));
    snapshot_both!("failures_reading", |h: &mut Harness| {
        open(h);
        let progress = EventLogProgress { pages_read: 2, total_pages: Some(3), events: 200 };
        h.answer(ApiOutcome::EventLog(EventLogNews::Progress(progress)));
    });
}

#[test]
fn the_range_cycles_and_each_is_read() {
    let mut h = Harness::new(80, 24);
    read(&mut h);
    let before = h.api_requests();
    h.key(KeyCode::Char('t'));
    assert_eq!(h.api_requests(), before + 1);
    let Some((_, ApiRequest::UserEventLog { range })) = h.last_request() else { panic!() };
    assert_eq!(range.end - range.start, time::Duration::hours(4));
    h.key(KeyCode::Char('7'));
    assert_eq!(h.api_requests(), before + 1, "opening again does not read again while reading");
}

#[test]
fn failures_grouped_by_cause_application_and_source() {
    snapshot_both!("failures_by_cause", |h: &mut Harness| read(h));
    snapshot_both!("failures_by_source", |h: &mut Harness| {
        read(h);
        h.key(KeyCode::Char('b'));
        h.key(KeyCode::Char('b'));
    });
    let mut h = Harness::new(120, 40);
    read(&mut h);
    h.key(KeyCode::Char('b'));
    let screen = h.screen();
    assert!(screen.contains("by application"), "{screen}");
    assert!(screen.contains("Citrix Gateway") && screen.contains("7 users"), "{screen}");
}

#[test]
fn a_group_lists_its_users_with_their_locks() {
    snapshot_both!("failures_group_users", |h: &mut Harness| {
        read(h);
        h.key(KeyCode::Down);
        h.key(KeyCode::Enter);
    });
}

#[test]
fn the_log_failing_is_said_in_words() {
    snapshot_both!("failures_read_failed", |h: &mut Harness| {
        open(h);
        let failure = Failure::new("HTTP 403 Forbidden: Access is denied\u{1b}[31m");
        h.answer(ApiOutcome::EventLog(EventLogNews::Read(Err(failure))));
    });
}

#[test]
fn the_locked_users_of_a_group_go_to_bulk_unlock_which_asks_first() {
    snapshot_both!("failures_unlock_on_bulk", |h: &mut Harness| {
        read(h);
        h.key(KeyCode::Down);
        h.key(KeyCode::Enter);
        h.key(KeyCode::Char('u'));
    });
    let mut h = Harness::new(80, 24);
    read(&mut h);
    h.key(KeyCode::Down);
    let before = h.api_requests();
    h.key(KeyCode::Char('u'));
    assert_eq!(h.api_requests(), before, "nothing is sent before the yes");
    h.key(KeyCode::Char('y'));
    let Some((_, ApiRequest::ActOnEach { action, emails })) = h.last_request() else {
        panic!("the unlock run starts on yes")
    };
    assert_eq!(action.declared.command, "unlock");
    assert_eq!(emails, &LOCKED, "exactly the group's locked users, not emma (unlocked since)");
    // Back on Failures, the log is read again, so the unlocks show.
    let asked = h.api_requests();
    h.key(KeyCode::Char('7'));
    assert!(matches!(h.last_request(), Some((_, ApiRequest::UserEventLog { .. }))));
    assert_eq!(h.api_requests(), asked + 1);
}

#[test]
fn no_one_locked_no_hand_off() {
    let mut h = Harness::new(80, 24);
    read(&mut h);
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('b'));
    // By source: 203.0.113.24 (one wrong SMS code) is not the first group; go to the last.
    h.key(KeyCode::End);
    h.key(KeyCode::Char('u'));
    let screen = h.screen();
    assert!(screen.contains("Failed sign-ins"), "still on Failures: {screen}");
}

#[test]
fn enter_on_a_groups_user_looks_them_up_on_screen_one() {
    let mut h = Harness::new(80, 24);
    read(&mut h);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Enter look up"), "{}", h.screen());
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.active, 0, "Lookup is in view");
    let Some((_, ApiRequest::Lookup { email, .. })) = h.last_request() else {
        panic!("the user is looked up: {:?}", h.last_request())
    };
    // The group's second user, as chosen (emma, unlocked since, between ava and lucas).
    assert_eq!(email, "emma.thomas@example.com");
    assert!(h.screen().contains("emma.thomas@example.com"), "{}", h.screen());
}
