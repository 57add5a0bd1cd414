use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user};
use casdesk::api::{AuthenticatorApp, DeviceCodeTarget, RetryNotice};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Failure, Msg};
use casdesk::ui::status::Status;
use casdesk::ui::theme::Theme;
use crossterm::event::KeyCode;
use std::time::Duration;

/// Looks Alice up on screen 1, then opens screen 4.
fn with_alice(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), serde_json::json!({})));
    // The caller verified: this test is about what follows (verification.rs tests the policy).
    h.caller_verified("alice@example.com");
    h.key(KeyCode::Char('4'));
}

fn issued() -> ApiOutcome {
    ApiOutcome::DeviceCode(Ok(serde_json::from_value(serde_json::json!({
        "companyID": "ExampleCorp", "deviceRegistrationCode": "110690571",
        "email": "alice@example.com", "expirationDate": "2026-11-23T09:30:00.000Z"
    }))
    .unwrap()))
}

fn refused(message: &str) -> ApiOutcome {
    ApiOutcome::DeviceCode(Err(Failure {
        message: format!("HTTP 403 Forbidden: {message}"),
        status: Some(403),
        rate_limited: false,
        uncertain: false,
    }))
}

#[test]
fn empty() {
    snapshot_both!("device_empty", |h: &mut Harness| {
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('4'));
        assert!(h.screen().contains("[E-mail]"), "screen 4 is the device screen");
    });
}

#[test]
fn the_looked_up_user_is_filled_in_by_email_or_username() {
    snapshot_both!("device_with_user", |h: &mut Harness| with_alice(h));
    let mut h = Harness::new(80, 24);
    with_alice(&mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Up); // "Find by"
    h.key(KeyCode::Char(' ')); // Username
    h.key(KeyCode::Down);
    h.key(KeyCode::Down); // App
    h.key(KeyCode::Right); // Windows
    h.key(KeyCode::Enter);
    match h.last_request() {
        Some((_, ApiRequest::DeviceCode { target, app })) => {
            assert_eq!(target, &DeviceCodeTarget::Username("alice".into()));
            assert_eq!(*app, AuthenticatorApp::Windows);
        }
        other => panic!("expected a device code request, got {other:?}"),
    }
}

#[test]
fn validation_errors_send_nothing() {
    snapshot_both!("device_invalid", |h: &mut Harness| {
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('4'));
        h.type_text("alice@");
        h.key(KeyCode::Enter);
        assert_eq!(h.api_requests(), 0);
    });
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Enter);
    assert_eq!(h.api_requests(), 0);
    assert!(h.screen().contains("Type the user's e-mail address."));
}

#[test]
fn loading_and_rate_limited() {
    snapshot_both!("device_loading", |h: &mut Harness| {
        with_alice(h);
        h.key(KeyCode::Enter);
    });
    snapshot_both!("device_429_waiting", |h: &mut Harness| {
        with_alice(h);
        h.key(KeyCode::Enter);
        let (id, _) = h.last_request().unwrap();
        h.send(Msg::Retrying(
            id,
            RetryNotice {
                attempt: 2,
                wait: Duration::from_secs(4),
                reason: "HTTP 429".into(),
                rate_limited: true,
                server_asked: false,
            },
        ));
    });
}

#[test]
fn a_code_with_its_expiry_and_company_id_and_copy() {
    snapshot_both!("device_issued", |h: &mut Harness| {
        with_alice(h);
        h.key(KeyCode::Enter);
        h.answer(issued());
    });
    let mut h = Harness::new(80, 24);
    with_alice(&mut h);
    h.key(KeyCode::Enter);
    h.answer(issued());
    let screen = h.screen();
    assert!(screen.contains("10:30:00 (23h 30m left)"), "{screen}");
    h.key(KeyCode::Char('c'));
    let copied: Vec<String> = h
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::Copy(code) => Some(code.expose().to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(copied, ["110690571"]);
    assert_eq!(h.style_of("✓ OK").unwrap().fg, Theme::default_dark().status(Status::Ok).fg);
    h.advance(60);
    assert!(h.screen().contains("(23h 29m left)"), "the countdown moves");
}

#[test]
fn refusals_are_explained_in_plain_words() {
    snapshot_both!("device_already_registered", |h: &mut Harness| {
        with_alice(h);
        h.key(KeyCode::Enter);
        h.answer(refused("User already has a registered device."));
    });
    for (message, plain) in [
        ("User is disabled.", "The user is disabled."),
        ("User nobody@example.com not found.", "No such user in this tenant."),
        ("Access denied", "may lack the Help Desk Administrator role"),
    ] {
        let mut h = Harness::new(120, 40);
        with_alice(&mut h);
        h.key(KeyCode::Enter);
        h.answer(refused(message));
        let screen = h.screen();
        assert!(screen.contains(plain), "{message}: {screen}");
        assert!(screen.contains(&format!("Service said: HTTP 403 Forbidden: {message}")));
        assert_eq!(
            h.style_of("✗ FAILED").unwrap().fg,
            Theme::default_dark().status(Status::Failed).fg
        );
    }
}

#[test]
fn server_error() {
    snapshot_both!("device_server_error", |h: &mut Harness| {
        with_alice(h);
        h.key(KeyCode::Enter);
        h.answer(ApiOutcome::DeviceCode(Err(Failure {
            message: "HTTP 502 Bad Gateway: the service (or a proxy in front of it) answered with \
                      a web page instead of JSON (gave up after 5 attempts)"
                .into(),
            status: Some(502),
            rate_limited: false,
            uncertain: true,
        })));
    });
}

#[test]
fn a_code_or_refusal_for_one_user_is_not_shown_under_the_next() {
    use crate::support::{outcome_user, user};
    let mut h = Harness::new(100, 30);
    let look_up = |h: &mut Harness, email: &str| {
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('1'));
        h.key(KeyCode::Enter);
        for _ in 0..40 {
            h.key(KeyCode::Backspace);
        }
        h.type_text(email);
        h.key(KeyCode::Enter);
        h.answer(outcome_user(
            user(serde_json::json!({"id": email, "emailAddress": email, "userStatus": "Enabled"})),
            serde_json::json!({}),
        ));
    };
    look_up(&mut h, "grace.hopper@example.com");
    h.caller_verified("grace.hopper@example.com");
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Enter);
    h.answer(casdesk::app::msg::ApiOutcome::DeviceCode(Err(casdesk::app::msg::Failure {
        status: Some(403),
        ..casdesk::app::msg::Failure::new("User already has a registered device.")
    })));
    assert!(h.screen().contains("No registration code for grace.hopper@example.com"));
    look_up(&mut h, "alan.turing@example.com");
    h.key(KeyCode::Char('4'));
    let screen = h.screen();
    assert!(screen.contains("│alan.turing@example.com"), "the new user is carried in:\n{screen}");
    assert!(!screen.contains("grace.hopper"), "nothing of the last user is left:\n{screen}");
}

#[test]
fn looking_the_same_user_up_again_keeps_their_code() {
    use crate::support::{outcome_user, user};
    let ada = || user(serde_json::json!({"id": "u1", "emailAddress": "ada@example.com"}));
    let mut h = Harness::new(100, 30);
    h.type_text("ada@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(ada(), serde_json::json!({})));
    h.caller_verified("ada@example.com");
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Enter);
    h.answer(casdesk::app::msg::ApiOutcome::DeviceCode(Ok(serde_json::from_value(
        serde_json::json!({"deviceRegistrationCode": "123456789012", "companyID": "example"}),
    )
    .unwrap())));
    assert!(h.screen().contains("Registration code for ada@example.com"), "{}", h.screen());
    // Refreshed from screen 1: the same user, so the code just handed out stays in view.
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('r'));
    h.answer(outcome_user(ada(), serde_json::json!({})));
    h.key(KeyCode::Char('4'));
    assert!(h.screen().contains("Registration code for ada@example.com"), "{}", h.screen());
}

#[test]
fn the_header_names_whom_a_code_is_for_when_it_is_not_the_looked_up_user() {
    snapshot_both!("device_for_another_user", |h: &mut Harness| {
        with_alice(h);
        // The carried address is replaced by another user's, typed here.
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('e'));
        for _ in 0.."alice@example.com".len() {
            h.key(KeyCode::Backspace);
        }
        h.type_text("george.miller@example.com");
        // George's caller verified too: this test is about the header.
        h.caller_verified("george.miller@example.com");
        h.key(KeyCode::Enter);
        h.answer(issued());
        let screen = h.screen();
        let header = screen.lines().nth(1).unwrap_or_default();
        assert!(header.contains("Result for: george.miller@example.com"), "{screen}");
    });
    // For the looked-up user, the header is the usual one.
    let mut h = Harness::new(80, 24);
    with_alice(&mut h);
    h.key(KeyCode::Enter);
    h.answer(issued());
    assert!(h.screen().lines().nth(1).unwrap_or_default().contains("User: alice@example.com"));
}
