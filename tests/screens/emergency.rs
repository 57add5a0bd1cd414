use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user, user};
use casdesk::api::{EacExpiryUnit, EnableEmergencyTokencode, RetryNotice};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Failure, Msg};
use casdesk::ui::status::Status;
use casdesk::ui::theme::Theme;
use crossterm::event::KeyCode;
use std::time::Duration;

/// Alice with an active one-time emergency tokencode.
fn alice_with_code() -> casdesk::api::UserDetails {
    let mut details = alice();
    details.emergency_access_status = Some("Enabled".into());
    details.emergency_tokencode_id = Some("eac-1".into());
    details.emergency_tokencode_expiration = Some("2026-11-23T10:00:00.000Z".into());
    details.emergency_tokencode_one_time_use = Some(true);
    details.offline_emergency_access_status = Some("Enabled".into());
    details.offline_emergency_tokencode_expiration = Some("2026-11-29T10:00:00.000Z".into());
    details
}

/// Looks `details` up on screen 1, then opens screen 5.
fn open_with(h: &mut Harness, details: casdesk::api::UserDetails) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(details, serde_json::json!({})));
    // The caller verified: this test is about what follows (verification.rs tests the policy).
    h.caller_verified("alice@example.com");
    h.key(KeyCode::Char('5'));
}

fn enabled(locked: bool) -> ApiOutcome {
    ApiOutcome::EacEnabled(Ok(serde_json::from_value(serde_json::json!({
        "emergencyTokencodeId": "eac-2", "emergencyTokencode": "48151623",
        "expirationDate": "2026-11-22T14:00:00.000Z",
        "offlineExpirationDate": "2026-11-29T10:00:00.000Z", "oneTimeUse": true,
        "configurationsUsed": {"expiryValue": 4, "expiryUnit": "hours", "oneTimeUse": true},
        "configurationsLocked": locked
    }))
    .unwrap()))
}

fn failure(status: u16, message: &str) -> Failure {
    Failure {
        message: message.into(),
        status: Some(status),
        rate_limited: status == 429,
        uncertain: false,
    }
}

fn copies(h: &Harness) -> Vec<String> {
    h.commands
        .iter()
        .filter_map(|c| match c {
            Command::Copy(code) => Some(code.expose().to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn no_user_yet() {
    snapshot_both!("emergency_no_user", |h: &mut Harness| {
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('5'));
    });
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('5'));
    assert!(h.screen().contains("No user selected."));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('d'));
    assert_eq!(h.api_requests(), 0, "nothing to act on without a user");
}

#[test]
fn current_state_from_lookup() {
    snapshot_both!("emergency_none_active", |h: &mut Harness| open_with(h, alice()));
    snapshot_both!("emergency_active", |h: &mut Harness| open_with(h, alice_with_code()));
}

#[test]
fn enable_with_defaults_shows_the_code_then_refreshes_the_user() {
    snapshot_both!("emergency_enabled", |h: &mut Harness| {
        open_with(h, alice());
        h.key(KeyCode::Enter);
        match h.last_request() {
            Some((_, ApiRequest::EnableEac { user_id, email, options })) => {
                assert_eq!(user_id, "7f0c6a2e-4b1d-4e8a-9c3f-2a5b6c7d8e9f");
                assert_eq!(email, "alice@example.com", "the audit trail names the address");
                assert_eq!(*options, EnableEmergencyTokencode::default());
            }
            other => panic!("expected enable, got {other:?}"),
        }
        h.answer(enabled(false));
        // The screen asks for the user again, so every screen shows the service's state.
        match h.last_request() {
            Some((_, ApiRequest::Lookup { email, .. })) => assert_eq!(email, "alice@example.com"),
            other => panic!("expected a refresh, got {other:?}"),
        }
        let mut now = alice_with_code();
        now.emergency_tokencode_id = Some("eac-2".into());
        now.emergency_tokencode_expiration = Some("2026-11-22T14:00:00.000Z".into());
        h.answer(outcome_user(now, serde_json::json!({})));
    });
    let mut h = Harness::new(80, 24);
    open_with(&mut h, alice());
    h.key(KeyCode::Enter);
    h.answer(enabled(false));
    h.key(KeyCode::Char('c'));
    assert_eq!(copies(&h), ["48151623"]);
    assert!(h.screen().contains("(4h 00m left)"));
    // The lookup screen shows the refreshed state too.
    h.answer(outcome_user(alice_with_code(), serde_json::json!({})));
    h.key(KeyCode::Char('1'));
    assert!(h.screen().contains("⚠ active until 2026-11-23 11:00"), "{}", h.screen());
}

#[test]
fn enable_with_chosen_options_and_a_locked_configuration() {
    snapshot_both!("emergency_enabled_locked", |h: &mut Harness| {
        open_with(h, alice());
        h.key(KeyCode::Char(' ')); // one-time use: yes
        h.key(KeyCode::Down);
        h.type_text("4h"); // the unit typed moves the unit choice with it
        h.key(KeyCode::Enter);
        match h.last_request() {
            Some((_, ApiRequest::EnableEac { options, .. })) => assert_eq!(
                *options,
                EnableEmergencyTokencode::new(Some(true))
                    .with_expiry(4, EacExpiryUnit::Hours)
                    .unwrap()
            ),
            other => panic!("expected enable, got {other:?}"),
        }
        h.answer(enabled(true));
    });
}

#[test]
fn validity_out_of_range_sends_nothing() {
    snapshot_both!("emergency_invalid", |h: &mut Harness| {
        open_with(h, alice());
        h.key(KeyCode::Down);
        h.type_text("8");
        h.key(KeyCode::Down);
        h.key(KeyCode::Char('l')); // days
        h.key(KeyCode::Enter);
        assert_eq!(h.api_requests(), 2, "only the lookup (and who else acted, read after it)");
    });
}

#[test]
fn disabling_asks_first_and_uses_the_code_id() {
    snapshot_both!("emergency_confirm_disable", |h: &mut Harness| {
        open_with(h, alice_with_code());
        h.key(KeyCode::Char('d'));
    });
    let mut h = Harness::new(80, 24);
    open_with(&mut h, alice_with_code());
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('n'));
    assert_eq!(h.api_requests(), 2, "cancelled: only the lookup (and who else acted) was sent");
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    match h.last_request() {
        Some((_, ApiRequest::DisableEac { user_id, email, eac_id })) => {
            assert_eq!(user_id, "7f0c6a2e-4b1d-4e8a-9c3f-2a5b6c7d8e9f");
            assert_eq!(email, "alice@example.com", "the audit trail names the address");
            assert_eq!(eac_id, "eac-1");
        }
        other => panic!("expected disable, got {other:?}"),
    }
    snapshot_both!("emergency_disabled", |h: &mut Harness| {
        open_with(h, alice_with_code());
        h.key(KeyCode::Char('d'));
        h.key(KeyCode::Char('y'));
        h.answer(ApiOutcome::EacDisabled(Ok(())));
        h.answer(outcome_user(alice(), serde_json::json!({})));
    });
}

#[test]
fn enabling_over_an_active_code_asks_first() {
    snapshot_both!("emergency_confirm_replace", |h: &mut Harness| {
        open_with(h, alice_with_code());
        h.key(KeyCode::Enter);
        assert_eq!(h.api_requests(), 2, "not before y (the lookup, and who else acted)");
    });
    let mut h = Harness::new(80, 24);
    open_with(&mut h, alice_with_code());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    assert!(matches!(h.last_request(), Some((_, ApiRequest::EnableEac { .. }))));
}

#[test]
fn loading_and_rate_limited() {
    snapshot_both!("emergency_429_waiting", |h: &mut Harness| {
        open_with(h, alice());
        h.key(KeyCode::Enter);
        let (id, _) = h.last_request().unwrap();
        h.send(Msg::Retrying(
            id,
            RetryNotice {
                attempt: 1,
                wait: Duration::from_millis(2500),
                reason: "HTTP 429".into(),
                rate_limited: true,
                server_asked: false,
            },
        ));
    });
}

#[test]
fn failures_read_in_plain_words() {
    snapshot_both!("emergency_user_disabled", |h: &mut Harness| {
        let mut details = alice();
        details.user_status = user(serde_json::json!({"userStatus": "Disabled"})).user_status;
        open_with(h, details);
        h.key(KeyCode::Enter);
        h.answer(ApiOutcome::EacEnabled(Err(failure(
            400,
            "HTTP 400 Bad Request: User is disabled.",
        ))));
    });
    let mut h = Harness::new(80, 24);
    open_with(&mut h, alice_with_code());
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    h.answer(ApiOutcome::EacDisabled(Err(failure(
        404,
        "HTTP 404 Not Found: Emergency tokencode eac-1 not found",
    ))));
    let screen = h.screen();
    assert!(screen.contains("no longer the user's current one"), "{screen}");
    assert_eq!(h.style_of("✗ FAILED").unwrap().fg, Theme::default_dark().status(Status::Failed).fg);
    // The refresh that follows can fail too, and says so.
    h.answer(ApiOutcome::Failed(failure(503, "HTTP 503 Service Unavailable")));
    assert!(h.screen().contains("Could not refresh the state above"), "{}", h.screen());
}

#[test]
fn r_says_that_it_looked_the_user_up_again() {
    let mut h = Harness::new(80, 24);
    open_with(&mut h, alice());
    h.key(KeyCode::Char('r'));
    assert!(matches!(h.last_request(), Some((_, ApiRequest::Lookup { .. }))));
    h.answer(outcome_user(alice(), serde_json::json!({})));
    assert!(h.screen().contains("✓ OK  Looked up again at 11:00:00"), "{}", h.screen());
}

#[test]
fn a_pasted_validity_goes_into_the_field_and_a_refusal_goes_when_the_form_changes() {
    let mut h = Harness::new(80, 24);
    open_with(&mut h, alice());
    h.key(KeyCode::Tab); // valid for
    h.key(KeyCode::Char('8'));
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("✗ FAILED"), "{}", h.screen());
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.paste("3d\n");
    let screen = h.screen();
    assert!(screen.contains("Valid for  3d"), "{screen}");
    assert!(!screen.contains("✗ FAILED"), "the refusal of 8d is gone:\n{screen}");
    assert!(screen.contains("Enter enables a code valid 3 days"), "{screen}");
}

#[test]
fn a_code_enabled_while_another_user_is_looked_up_is_still_shown_under_its_user() {
    let mut h = Harness::new(80, 24);
    open_with(&mut h, alice());
    h.key(KeyCode::Enter);
    let (enable, _) = h.last_request().expect("an enable");
    // Someone else is looked up before the answer comes.
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('e'));
    for _ in 0.."alice@example.com".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("bob@example.com");
    h.key(KeyCode::Enter);
    let mut bob = alice();
    bob.id = Some("bob-id".into());
    bob.email_address = Some("bob@example.com".into());
    h.answer(outcome_user(bob, serde_json::json!({})));
    h.send(casdesk::app::msg::Msg::Api(enable, enabled(false)));
    h.key(KeyCode::Char('5'));
    let screen = h.screen();
    assert!(screen.contains("Emergency tokencode enabled for alice@example.com"), "{screen}");
    assert!(screen.contains("Result for: alice@example.com"), "{screen}");
    assert!(screen.contains("48151623") || screen.contains("▀"), "the code is shown:\n{screen}");
}
