use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user};
use casdesk::api::{AuthLogEntry, AuthLogQuery, RetryNotice};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Failure, Msg};
use casdesk::ui::status::Status;
use casdesk::ui::theme::Theme;
use crossterm::event::KeyCode;
use serde_json::json;
use std::time::Duration;

/// Alice's morning (NOW is 10:00 UTC, 11:00 at the operator's +01:00): a good sign-in
/// yesterday, three wrong tokencodes from 09:14 local, the lock, a refusal, a policy denial.
fn morning() -> Vec<AuthLogEntry> {
    let e = |at: &str, code: &str, method: Option<&str>, text: &str| {
        json!({
            "eventId": format!("ev-{at}-{code}"), "eventLogDate": at, "userId": alice().id,
            "eventCode": code, "eventDescription": text, "method": method,
            "application": "Citrix Gateway", "sourceIPAddress": "198.51.100.77",
            "policyName": if code == "AUTHN_DENIED_BY_POLICY" { json!("Contractors - office only") } else { json!(null) },
        })
    };
    let newest_first = json!([
        e(
            "2026-11-22T09:40:00.000Z",
            "AUTHN_DENIED_BY_POLICY",
            None,
            "Access denied by policy Contractors - office only."
        ),
        e(
            "2026-11-22T08:31:00.000Z",
            "AUTHN_FAILED_METHOD_LOCKED",
            Some("TOKEN"),
            "Authentication failed. The TOKEN method is locked."
        ),
        e(
            "2026-11-22T08:17:05.000Z",
            "AUTHN_METHOD_LOCKED",
            Some("TOKEN"),
            "Authentication method TOKEN locked after 3 consecutive failed attempts."
        ),
        e(
            "2026-11-22T08:17:05.000Z",
            "AUTHN_FAILED_INVALID_TOKENCODE",
            Some("TOKEN"),
            "Authentication failed. Invalid tokencode."
        ),
        e(
            "2026-11-22T08:15:40.000Z",
            "AUTHN_FAILED_INVALID_TOKENCODE",
            Some("TOKEN"),
            "Authentication failed. Invalid tokencode."
        ),
        e(
            "2026-11-22T08:14:02.000Z",
            "AUTHN_FAILED_INVALID_TOKENCODE",
            Some("TOKEN"),
            "Authentication failed. Invalid tokencode."
        ),
        e(
            "2026-11-21T08:15:00.000Z",
            "AUTHN_SUCCESS",
            Some("APPROVE"),
            "User authenticated successfully using APPROVE."
        ),
    ]);
    serde_json::from_value(newest_first).unwrap()
}

/// Looks Alice up on screen 1, then opens screen 6 (which asks for her log at once).
fn open(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), json!({})));
    h.key(KeyCode::Char('6'));
}

fn last_query(h: &Harness) -> AuthLogQuery {
    match h.last_request() {
        Some((_, ApiRequest::AuthLogs { query, user_id, email })) => {
            assert_eq!(user_id, alice().id.as_deref().unwrap());
            assert_eq!(email, "alice@example.com");
            query.clone()
        }
        other => panic!("expected an authlogs request, got {other:?}"),
    }
}

#[test]
fn activity_without_a_user_says_where_to_find_one() {
    snapshot_both!("activity_no_user", |h: &mut Harness| {
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('6'));
        assert_eq!(h.api_requests(), 0, "nobody to ask about");
    });
}

#[test]
fn activity_reads_on_open_and_shows_the_summary_and_events_newest_first() {
    snapshot_both!("activity_loading", |h: &mut Harness| {
        open(h);
        assert_eq!(last_query(h), AuthLogQuery::default(), "the latest 100, no filter");
    });
    snapshot_both!("activity_loaded", |h: &mut Harness| {
        open(h);
        h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    });
}

#[test]
fn activity_moves_through_the_events_and_scrolls() {
    snapshot_both!("activity_scrolled", |h: &mut Harness| {
        open(h);
        h.answer(ApiOutcome::AuthLogs(Ok(morning())));
        for _ in 0..6 {
            h.key(KeyCode::Down);
        }
        let screen = h.screen();
        assert!(
            screen.contains("› 21 Nov 09:15"),
            "the last event is selected and in view:\n{screen}"
        );
    });
}

#[test]
fn enter_shows_every_field_of_the_selected_event() {
    snapshot_both!("activity_details", |h: &mut Harness| {
        open(h);
        let mut events = morning();
        events[2].device_name = Some("Galaxy S23".into());
        events[2].device_id = Some("dev-1".into());
        events[2].authentication_details = Some("Failed attempt 3 of 3".into());
        events[2].transaction_id = Some("tx-42".into());
        events[2].assurance_level = Some("HIGH".into());
        h.answer(ApiOutcome::AuthLogs(Ok(events)));
        h.key(KeyCode::Down);
        h.key(KeyCode::Down);
        h.key(KeyCode::Enter);
        let screen = h.screen();
        assert!(screen.contains("TOKEN on Galaxy S23"), "{screen}");
        assert!(screen.contains("Transaction") && screen.contains("tx-42"), "{screen}");
    });
    let mut h = Harness::new(80, 24);
    open(&mut h);
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Event id"));
    h.key(KeyCode::Enter);
    assert!(!h.screen().contains("Event id"), "Enter again closes it");
}

#[test]
fn activity_failures_retries_and_an_empty_range() {
    snapshot_both!("activity_forbidden", |h: &mut Harness| {
        open(h);
        h.answer(ApiOutcome::AuthLogs(Err(Failure {
            message: "HTTP 403 Forbidden: Insufficient scope".into(),
            status: Some(403),
            rate_limited: false,
            uncertain: false,
        })));
        assert!(h.screen().contains("rsa.audit.user"));
    });
    snapshot_both!("activity_retrying", |h: &mut Harness| {
        open(h);
        let (id, _) = h.last_request().unwrap();
        h.send(Msg::Retrying(
            id,
            RetryNotice {
                attempt: 1,
                wait: Duration::from_millis(1500),
                reason: "HTTP 429".into(),
                rate_limited: true,
                server_asked: false,
            },
        ));
    });
    snapshot_both!("activity_empty_hour", |h: &mut Harness| {
        open(h);
        h.answer(ApiOutcome::AuthLogs(Ok(morning())));
        h.key(KeyCode::Char('t'));
        h.answer(ApiOutcome::AuthLogs(Ok(Vec::new())));
    });
}

#[test]
fn the_filters_go_to_the_service_at_the_operators_offset() {
    let mut h = Harness::new(80, 24);
    open(&mut h);
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    h.key(KeyCode::Char('t'));
    let hour = last_query(&h);
    let start = hour.start_time_after.expect("a start");
    assert_eq!(start.offset(), time::macros::offset!(+1), "sent at the operator's offset");
    assert_eq!(start, crate::support::NOW - time::Duration::hours(1));
    h.answer(ApiOutcome::AuthLogs(Ok(morning()[..2].to_vec())));
    for _ in 0..3 {
        h.key(KeyCode::Char('t'));
    }
    assert_eq!(last_query(&h).start_time_after, None, "round to the latest 100 again");
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    // Codes seen so far, in order; then back to any code.
    let mut seen = Vec::new();
    for _ in 0..6 {
        h.key(KeyCode::Char('c'));
        seen.push(last_query(&h).event_code);
        h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    }
    assert_eq!(
        seen,
        [
            Some("AUTHN_DENIED_BY_POLICY".to_string()),
            Some("AUTHN_FAILED_INVALID_TOKENCODE".to_string()),
            Some("AUTHN_FAILED_METHOD_LOCKED".to_string()),
            Some("AUTHN_METHOD_LOCKED".to_string()),
            Some("AUTHN_SUCCESS".to_string()),
            None,
        ]
    );
    let requests = h.api_requests();
    h.key(KeyCode::Char('r'));
    assert_eq!(h.api_requests(), requests + 1, "r reads again");
}

#[test]
fn a_stale_answer_or_another_users_log_is_never_shown() {
    let mut h = Harness::new(80, 24);
    open(&mut h);
    let (first, _) = h.last_request().unwrap();
    h.key(KeyCode::Char('t'));
    // The answer to the first request comes after the second was made: it is not claimed.
    h.send(Msg::Api(first, ApiOutcome::AuthLogs(Ok(morning()))));
    assert!(!h.screen().contains("Wrong tokencode"), "{}", h.screen());
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    assert!(h.screen().contains("Wrong tokencode"));
    // Another user looked up: Alice's log goes.
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('e'));
    h.type_text("bob@example.com");
    h.key(KeyCode::Enter);
    let mut bob = alice();
    bob.id = Some("b0b".into());
    bob.email_address = Some("bob@example.com".into());
    h.answer(outcome_user(bob, json!({})));
    h.key(KeyCode::Char('6'));
    let screen = h.screen();
    assert!(!screen.contains("Wrong tokencode"), "{screen}");
    assert!(
        matches!(h.last_request(), Some((_, ApiRequest::AuthLogs { user_id, .. })) if user_id == "b0b")
    );
}

#[test]
fn a_on_lookup_opens_activity_for_the_user_found() {
    let mut h = Harness::new(80, 24);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), json!({})));
    h.key(KeyCode::Char('a'));
    assert_eq!(h.app.active, casdesk::app::screens::ACTIVITY);
    assert_eq!(last_query(&h), AuthLogQuery::default());
}

#[test]
fn status_words_carry_the_meaning_and_colour_only_adds_to_it() {
    let mut h = Harness::new(120, 40);
    open(&mut h);
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    let theme = Theme::default_dark();
    assert_eq!(h.style_of("✗ LOCKED").and_then(|s| s.fg), theme.status(Status::Failed).fg);
    assert_eq!(h.style_of("✓ OK").and_then(|s| s.fg), theme.status(Status::Ok).fg);
    let mut mono = Harness::with_theme(80, 24, Theme::monochrome());
    open(&mut mono);
    mono.answer(ApiOutcome::AuthLogs(Ok(morning())));
    let screen = mono.screen();
    assert!(screen.contains("✗ LOCKED") && screen.contains("✗ FAILED"), "{screen}");
}

#[test]
fn what_the_service_says_is_cleaned_before_it_is_drawn() {
    let mut h = Harness::new(120, 40);
    open(&mut h);
    let hostile: Vec<AuthLogEntry> = serde_json::from_value(json!([{
        "eventLogDate": "2026-11-22T09:00:00Z", "eventCode": "X\u{1b}[31mRED",
        "eventDescription": "Authentication failed\u{1b}]0;owned\u{7}\nnext line",
        "method": "TOKEN\u{9b}2J", "application": "App\u{202e}gnp.exe"
    }]))
    .unwrap();
    h.answer(ApiOutcome::AuthLogs(Ok(hostile)));
    let screen = h.screen();
    assert!(screen.contains("\"Authentication failed next line\""), "{screen}");
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{202e}'), "{screen}");
}

#[test]
fn a_long_event_code_fits_the_filter_line_at_80_columns() {
    let mut h = Harness::new(80, 24);
    open(&mut h);
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    h.key(KeyCode::Char('c'));
    h.key(KeyCode::Char('c'));
    h.answer(ApiOutcome::AuthLogs(Ok(morning()[3..6].to_vec())));
    let screen = h.screen();
    let filters = screen.lines().nth(2).unwrap();
    assert_eq!(
        filters, " Range latest 100 (t)   Event code AUTHN_FAILED_INVALID_TOKENCODE (c)",
        "the time read goes first, nothing is cut at the edge"
    );
    let mut wide = Harness::new(120, 40);
    open(&mut wide);
    wide.answer(ApiOutcome::AuthLogs(Ok(morning())));
    wide.key(KeyCode::Char('c'));
    wide.key(KeyCode::Char('c'));
    wide.answer(ApiOutcome::AuthLogs(Ok(morning()[3..6].to_vec())));
    assert!(wide.screen().contains("AUTHN_FAILED_INVALID_TOKENCODE (c)   read at 11:00"));
}

#[test]
fn passing_through_does_not_read_again_but_news_about_the_user_does() {
    let mut h = Harness::new(80, 24);
    open(&mut h);
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    // Only sign-in reads count: the screen passed through (Reports) may read its own.
    let reads = |h: &Harness| {
        h.commands
            .iter()
            .filter(|c| matches!(c, Command::Api(_, ApiRequest::AuthLogs { .. })))
            .count()
    };
    let read = reads(&h);
    h.key(KeyCode::Tab);
    h.key(KeyCode::BackTab);
    assert_eq!(reads(&h), read, "just read: not again on the way through");
    // Alice looked up again on screen 1 (as after an unlock there): her log has news.
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('r'));
    h.answer(outcome_user(alice(), json!({})));
    let looked_up = h.api_requests();
    h.key(KeyCode::Char('6'));
    assert_eq!(h.api_requests(), looked_up + 1, "read again after the user changed");
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    h.key(KeyCode::Char('1'));
    h.advance(61);
    h.key(KeyCode::Char('6'));
    assert_eq!(h.api_requests(), looked_up + 2, "a minute on, it is read again");
}

#[test]
fn a_log_filtered_to_one_code_gets_no_verdict() {
    let mut h = Harness::new(80, 24);
    open(&mut h);
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    for _ in 0..5 {
        h.key(KeyCode::Char('c'));
        h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    }
    assert_eq!(last_query(&h).event_code.as_deref(), Some("AUTHN_SUCCESS"));
    let success: Vec<AuthLogEntry> = morning()
        .into_iter()
        .filter(|e| e.event_code.as_deref() == Some("AUTHN_SUCCESS"))
        .collect();
    h.answer(ApiOutcome::AuthLogs(Ok(success)));
    let screen = h.screen();
    assert!(screen.contains("Only AUTHN_SUCCESS events shown"), "{screen}");
    assert!(!screen.contains("no failures since"), "{screen}");
}

/// A sign-in that arrives while the screen follows the user.
fn new_sign_in() -> casdesk::follow::Followed {
    let entry: AuthLogEntry = serde_json::from_value(json!({
        "eventId": "ev-new", "eventLogDate": "2026-11-22T09:59:00.000Z", "userId": alice().id,
        "eventCode": "AUTHN_SUCCESS", "eventDescription": "User authenticated successfully.",
        "method": "APPROVE", "application": "Citrix Gateway"
    }))
    .unwrap();
    casdesk::follow::Followed::new(entry)
}

#[test]
fn f_follows_the_users_sign_ins_new_ones_on_top_until_stopped() {
    use casdesk::follow::{FollowNews, Stop};
    snapshot_both!("activity_following", |h: &mut Harness| {
        open(h);
        h.answer(ApiOutcome::AuthLogs(Ok(morning())));
        h.key(KeyCode::Char('f'));
        let Some((_, ApiRequest::Follow(follow))) = h.last_request() else {
            panic!("a follow request: {:?}", h.last_request())
        };
        assert_eq!(follow.email, "alice@example.com");
        assert!(follow.recorded, "following someone's sign-ins is recorded as reading them");
        h.answer(ApiOutcome::Follow(FollowNews::Events {
            events: vec![new_sign_in()],
            may_have_missed: false,
        }));
        let screen = h.screen();
        assert!(screen.contains("following since"), "{screen}");
        let first_event = screen.lines().find(|l| l.contains("10:59")).unwrap_or_default();
        assert!(!first_event.is_empty(), "the new sign-in, at the top: {screen}");
    });
    let mut h = Harness::new(120, 40);
    open(&mut h);
    h.answer(ApiOutcome::AuthLogs(Ok(morning())));
    h.key(KeyCode::Char('f'));
    h.answer(ApiOutcome::Follow(FollowNews::Stopped(Stop::TimeUp)));
    assert!(h.screen().contains("Stopped following: 15 minutes are up"), "{}", h.screen());
}

#[test]
fn following_stops_when_the_operator_leaves_the_user_and_f_on_lookup_starts_it_there() {
    use casdesk::app::msg::Command;
    let mut h = Harness::new(120, 40);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), json!({})));
    h.key(KeyCode::Char('f'));
    assert_eq!(h.app.active, 5, "Activity shows it");
    let follow = h.commands.iter().find_map(|c| match c {
        Command::Api(id, ApiRequest::Follow(_)) => Some(*id),
        _ => None,
    });
    let follow = follow.expect("following began");
    // Another user looked up: Alice's follow is cancelled.
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('e'));
    for _ in 0.."alice@example.com".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("grace.hopper@example.com");
    h.key(KeyCode::Enter);
    let grace = json!({"id": "u-grace", "emailAddress": "grace.hopper@example.com"});
    h.answer(outcome_user(crate::support::user(grace), json!({})));
    assert!(h.commands.iter().any(|c| matches!(c, Command::Cancel(id) if *id == follow)));
}
