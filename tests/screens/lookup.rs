use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user, user};
use casdesk::api::RetryNotice;
use casdesk::app::msg::{ApiOutcome, ApiRequest, Failure, Msg};
use casdesk::ui::status::Status;
use casdesk::ui::theme::Theme;
use crossterm::event::KeyCode;
use std::time::Duration;

fn looked_up(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
}

fn found(h: &mut Harness) {
    looked_up(h);
    h.answer(outcome_user(
        alice(),
        serde_json::json!({
            "devices": [{"id": "d1", "name": "Alice's Pixel 8", "deviceType": "ANDROID", "registeredDate": "2026-01-02T09:00:00.000Z"}],
            "sidTokens": [{"tokenSerialNumber": "000123456789", "tokenStatus": "Enabled"}]
        }),
    ));
}

#[test]
fn empty() {
    snapshot_both!("lookup_empty", |_: &mut Harness| {});
}

#[test]
fn validation_error() {
    snapshot_both!("lookup_invalid", |h: &mut Harness| {
        h.type_text("alice @example.com");
        h.key(KeyCode::Enter);
        assert_eq!(h.api_requests(), 0, "text that is no address, nor part of one, is never sent");
    });
    // Short of a whole address, what was typed is searched for instead.
    let mut h = Harness::new(80, 24);
    h.type_text("alice@example");
    h.key(KeyCode::Enter);
    assert!(matches!(
        h.last_request(),
        Some((_, ApiRequest::Search { part, .. })) if part == "alice@example"
    ));
}

#[test]
fn loading() {
    snapshot_both!("lookup_loading", |h: &mut Harness| looked_up(h));
}

#[test]
fn rate_limited_while_loading() {
    snapshot_both!("lookup_429_waiting", |h: &mut Harness| {
        looked_up(h);
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
}

#[test]
fn success() {
    snapshot_both!("lookup_found", |h: &mut Harness| found(h));
}

#[test]
fn success_with_emergency_code_and_locks_but_authenticators_failing() {
    snapshot_both!("lookup_found_mixed", |h: &mut Harness| {
        looked_up(h);
        h.answer(ApiOutcome::User {
            details: Box::new(user(serde_json::json!({
                "id": "u2", "emailAddress": "alice@example.com", "firstName": "Alice", "lastName": "Example",
                "userStatus": "Disabled", "isTokenLocked": true, "isApproveLocked": true, "highRiskUser": true,
                "emergencyAccessStatus": "Enabled", "emergencyTokencodeId": "e1",
                "emergencyTokencodeExpiration": "2026-11-23T09:00:00.000Z", "emergencyTokencodeOneTimeUse": true,
                "monthLastAuthenticated": "Oct 2026"
            }))),
            authenticators: Err(Failure::new("HTTP 503 Service Unavailable (gave up after 5 attempts)")),
        });
    });
}

#[test]
fn not_found_offers_the_unsynchronised_search() {
    snapshot_both!("lookup_not_found", |h: &mut Harness| {
        looked_up(h);
        h.answer(ApiOutcome::Failed(Failure {
            message: "HTTP 404 Not Found: User alice@example.com not found".into(),
            status: Some(404),
            rate_limited: false,
            uncertain: false,
        }));
    });
    let mut h = Harness::new(80, 24);
    looked_up(&mut h);
    h.answer(ApiOutcome::Failed(Failure { status: Some(404), ..Failure::new("not found") }));
    h.key(KeyCode::Char('u'));
    assert!(matches!(
        h.last_request(),
        Some((_, ApiRequest::Lookup { search_unsynched: true, .. }))
    ));
}

#[test]
fn server_error() {
    snapshot_both!("lookup_server_error", |h: &mut Harness| {
        looked_up(h);
        h.answer(ApiOutcome::Failed(Failure::new(
            "HTTP 502 Bad Gateway: the service (or a proxy in front of it) answered with a web page instead of JSON (\"502 Bad Gateway\")",
        )));
    });
}

#[test]
fn the_user_found_is_carried_to_every_screen() {
    let mut h = Harness::new(80, 24);
    found(&mut h);
    let user = h.app.user.as_ref().expect("the user is carried");
    assert_eq!(user.email, "alice@example.com");
    assert_eq!(user.id(), Some("7f0c6a2e-4b1d-4e8a-9c3f-2a5b6c7d8e9f"));
}

#[test]
fn a_late_answer_to_an_abandoned_lookup_is_dropped() {
    let mut h = Harness::new(80, 24);
    looked_up(&mut h);
    let (first, _) = h.last_request().unwrap();
    h.key(KeyCode::Char('e'));
    for _ in 0.."alice@example.com".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("bob@example.com");
    h.key(KeyCode::Enter);
    h.send(Msg::Api(first, outcome_user(alice(), serde_json::json!({}))));
    assert!(h.app.user.is_none(), "the stale answer for alice must not win");
    assert!(h.screen().contains("Looking up bob@example.com"));
}

#[test]
fn status_cells_are_coloured_by_the_theme() {
    let theme = Theme::default_dark();
    let mut h = Harness::new(120, 40);
    found(&mut h);
    assert_eq!(h.style_of("✓ Enabled").unwrap().fg, theme.status(Status::Ok).fg);
    assert_eq!(h.style_of("⚠ locked").unwrap().fg, theme.status(Status::Warning).fg);
    let mut h = Harness::new(120, 40);
    looked_up(&mut h);
    h.answer(ApiOutcome::Failed(Failure::new("boom")));
    assert_eq!(h.style_of("✗ FAILED").unwrap().fg, theme.status(Status::Failed).fg);
}

#[test]
fn escape_sequences_from_the_service_are_never_drawn() {
    let mut h = Harness::new(120, 40);
    looked_up(&mut h);
    h.answer(outcome_user(
        user(serde_json::json!({
            "id": "u9", "emailAddress": "alice@example.com",
            "firstName": "\u{1b}[2J\u{1b}]0;pwned\u{7}Eve", "lastName": "\u{9b}31mMallory\u{202e}",
            "identitySource": "AD\u{1b}[1;1H\u{1b}[K", "userStatus": "Enabled"
        })),
        serde_json::json!({"devices": [{"name": "\u{1b}]52;c;ZXZpbA==\u{7}Phone", "deviceType": "IOS"}]}),
    ));
    let screen = h.screen();
    assert!(screen.contains("Eve Mallory") && screen.contains("Phone"), "{screen}");
    assert!(
        !screen.chars().any(|c| c.is_control() && c != '\n'),
        "no control character reaches the screen"
    );
    assert!(
        !screen.contains("pwned") && !screen.contains("ZXZpbA=="),
        "sequences are removed whole"
    );
}

#[test]
fn a_long_address_sits_under_its_label_not_against_the_border() {
    let email = "bjorn.lindqvist@partner.example.net";
    let mut h = Harness::new(80, 24);
    h.type_text(email);
    h.key(KeyCode::Enter);
    h.answer(outcome_user(
        user(serde_json::json!({
            "id": "u1", "emailAddress": email, "principalUsername": email,
            "firstName": "Björn", "lastName": "Lindqvist", "userStatus": "Enabled",
        })),
        serde_json::json!({}),
    ));
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|l| l.contains("│ E-mail ")).expect("the E-mail row");
    assert!(lines[at + 1].starts_with(&format!("│   {email}")), "{screen}");
    let against_border = lines[at..].iter().any(|l| l.starts_with(&format!("│{email}")));
    assert!(!against_border, "never wrapped against the border:\n{screen}");
}

#[test]
fn a_failed_lookup_leaves_no_user_selected_anywhere() {
    let mut h = Harness::new(100, 30);
    found(&mut h);
    assert!(h.screen().contains("User: alice@example.com"));
    // A new lookup, for someone the service does not know.
    h.key(KeyCode::Enter);
    for _ in 0.."alice@example.com".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("ghost@example.com");
    h.key(KeyCode::Enter);
    h.answer(ApiOutcome::Failed(Failure { status: Some(404), ..Failure::new("not found") }));
    let screen = h.screen();
    assert!(screen.contains("No user selected"), "the header no longer names alice:\n{screen}");
    assert!(h.app.user.is_none());
    // Nothing carried for alice is left for the next action to land on.
    for tab in ['2', '4', '5'] {
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char(tab));
        let screen = h.screen();
        assert!(!screen.contains("alice@example.com"), "screen {tab} still has alice:\n{screen}");
    }
}

#[test]
fn a_new_lookup_after_a_found_user_starts_empty_and_after_a_failure_keeps_the_address() {
    let mut h = Harness::new(80, 24);
    found(&mut h);
    h.key(KeyCode::Char('e'));
    h.type_text("bob@example.com");
    assert!(h.screen().contains("│bob@example.com "), "typed into an empty field:\n{}", h.screen());
    h.key(KeyCode::Enter);
    h.answer(ApiOutcome::Failed(Failure { status: Some(404), ..Failure::new("not found") }));
    h.key(KeyCode::Enter);
    h.type_text("x");
    assert!(h.screen().contains("│bob@example.comx"), "kept to correct:\n{}", h.screen());
}
