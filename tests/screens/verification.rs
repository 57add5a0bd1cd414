//! The caller-verification policy at the console: a guarded action for a user whose caller is
//! not verified is never sent and says how to verify; `V` verifies by Live Verification (with
//! a countdown, Esc cancelling at the service) or records an override's reason; a
//! verification is for that user only and runs out; the header says where the caller stands,
//! and that the policy is off when a profile turns it off.

use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user};
use casdesk::api::VerifySession;
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command};
use crossterm::event::KeyCode;

fn found(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), serde_json::json!({})));
}

fn device_code_requests(h: &Harness) -> usize {
    h.commands
        .iter()
        .filter(|c| matches!(c, Command::Api(_, ApiRequest::DeviceCode { .. })))
        .count()
}

fn session(status: &str) -> ApiOutcome {
    let session: VerifySession = serde_json::from_value(serde_json::json!({
        "status": status, "sessionExpiration": "2026-11-22T10:03:00.000Z",
        "userEmail": "alice@example.com", "adminUsername": "casdesk-demo"
    }))
    .unwrap();
    ApiOutcome::Verification(Ok(session))
}

#[test]
fn a_device_code_for_an_unverified_caller_is_not_sent_and_says_how_to_verify() {
    snapshot_both!("verify_refused", |h: &mut Harness| {
        found(h);
        h.key(KeyCode::Char('4'));
        h.key(KeyCode::Enter);
        assert_eq!(device_code_requests(h), 0, "nothing reaches the worker");
        let screen = h.screen();
        assert!(screen.contains("needs a verified caller"), "{screen}");
        assert!(screen.contains("caller not verified") || screen.contains("not verified"));
    });
}

#[test]
fn an_override_with_its_reason_verifies_the_caller_for_that_user_only() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.key(KeyCode::Char('V'));
    snapshot_both!("verify_dialog", |h: &mut Harness| {
        found(h);
        h.key(KeyCode::Char('V'));
        let screen = h.screen();
        assert!(screen.contains("Is the caller alice@example.com?"), "{screen}");
        assert!(screen.contains("Live Verification"), "{screen}");
    });
    h.key(KeyCode::Char('o'));
    assert!(h.screen().contains("manager approved"), "{}", h.screen());
    h.key(KeyCode::Char('2'));
    let recorded = h.commands.iter().find_map(|c| match c {
        Command::CallerVerified { verified, .. } => Some(verified.clone()),
        _ => None,
    });
    let recorded = recorded.expect("the worker is told, to record it");
    assert_eq!(recorded.email, "alice@example.com");
    assert_eq!(recorded.how.kind(), "override");
    let screen = h.screen();
    assert!(screen.contains("✓ caller verified (override, 15 min)"), "{screen}");
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Enter);
    assert_eq!(device_code_requests(&h), 1, "sent once the caller is verified");
    // Another user typed in: not covered by Alice's verification.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('e'));
    for _ in 0.."alice@example.com".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("george.miller@example.com");
    h.key(KeyCode::Enter);
    assert_eq!(device_code_requests(&h), 1, "George's caller is not verified");
    assert!(h.screen().contains("verify george.miller@example.com first"), "{}", h.screen());
}

#[test]
fn a_typed_reason_is_recorded_as_typed_and_an_empty_one_is_refused() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("Vo4");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Say why"), "{}", h.screen());
    h.type_text("ticket 5120: HR confirmed by phone");
    h.key(KeyCode::Enter);
    let recorded = h.commands.iter().find_map(|c| match c {
        Command::CallerVerified { verified, .. } => Some(verified.how.words()),
        _ => None,
    });
    assert_eq!(recorded.as_deref(), Some("override: ticket 5120: HR confirmed by phone"));
}

#[test]
fn live_verification_counts_down_polls_and_verifies_on_approval() {
    snapshot_both!("verify_waiting", |h: &mut Harness| {
        found(h);
        h.type_text("Vl");
        assert!(matches!(h.last_request(), Some((_, ApiRequest::StartVerification { .. }))));
        h.answer(session("PENDING"));
        let screen = h.screen();
        assert!(screen.contains("Waiting for alice@example.com to approve"), "{screen}");
        assert!(screen.contains("3:00 left"), "{screen}");
    });
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("Vl");
    h.answer(session("PENDING"));
    h.advance(2);
    assert!(matches!(h.last_request(), Some((_, ApiRequest::VerificationStatus { .. }))));
    assert!(h.screen().contains("2:58 left"), "{}", h.screen());
    h.answer(session("VERIFIED"));
    let screen = h.screen();
    assert!(!screen.contains("Is the caller"), "the dialog closes: {screen}");
    assert!(screen.contains("✓ caller verified (live, 15 min)"), "{screen}");
    // A quarter of an hour later it has run out: asked again.
    h.advance(15 * 60);
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Enter);
    assert_eq!(device_code_requests(&h), 0);
    assert!(h.screen().contains("again (the last verification ran out)"), "{}", h.screen());
}

#[test]
fn a_denial_says_not_to_go_on_and_esc_cancels_at_the_service() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("Vl");
    h.answer(session("DENIED"));
    let screen = h.screen();
    assert!(screen.contains("denied the prompt. Do not go on"), "{screen}");
    assert!(screen.contains("caller not verified"), "{screen}");
    h.key(KeyCode::Char('l'));
    h.answer(session("PENDING"));
    h.key(KeyCode::Esc);
    assert!(matches!(h.last_request(), Some((_, ApiRequest::CancelVerification { .. }))));
    assert!(h.screen().contains("Live Verification cancelled"), "{}", h.screen());
}

#[test]
fn with_the_policy_off_the_header_says_so_and_nothing_is_asked() {
    snapshot_both!("verify_policy_off", |h: &mut Harness| {
        h.app.set_policy(casdesk::verify::Policy { on: false, ..Default::default() });
        found(h);
        h.key(KeyCode::Char('4'));
        h.key(KeyCode::Enter);
        assert_eq!(device_code_requests(h), 1);
        assert!(h.screen().contains("checks OFF"), "{}", h.screen());
    });
}

#[test]
fn the_sign_in_challenge_reads_the_devices_then_shows_failures_live_and_verifies() {
    use casdesk::follow::{ChallengeEnd, ChallengeNews, FollowNews};
    let with_a_phone = serde_json::json!({"devices": [{"id": "d1", "name": "Pixel 8"}]});
    snapshot_both!("verify_sign_in", |h: &mut Harness| {
        found(h);
        h.type_text("Vs");
        assert!(matches!(h.last_request(), Some((_, ApiRequest::Lookup { .. }))));
        h.answer(outcome_user(alice(), with_a_phone.clone()));
        assert!(matches!(h.last_request(), Some((_, ApiRequest::Follow(_)))));
        let failed = ChallengeNews::Failed { at: None, plain: "wrong tokencode".into() };
        h.answer(ApiOutcome::Follow(FollowNews::Challenge(failed)));
        let screen = h.screen();
        assert!(screen.contains("Ask alice@example.com to sign in now."), "{screen}");
        assert!(screen.contains("2:00 left"), "{screen}");
        assert!(screen.contains("✗ FAILED  wrong tokencode"), "live, in plain words: {screen}");
    });
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("Vs");
    h.answer(outcome_user(alice(), with_a_phone));
    let verified = casdesk::follow::Verified {
        at: crate::support::NOW,
        how: "Approve push on \"Pixel 8\"".into(),
        method: "APPROVE".into(),
    };
    h.answer(ApiOutcome::Follow(FollowNews::ChallengeEnded(ChallengeEnd::Verified(verified))));
    assert!(h.screen().contains("✓ caller verified (sign-in, 15 min)"), "{}", h.screen());
    // With no registered device, a sign-in cannot verify anyone: said, and nothing followed.
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("Vs");
    h.answer(outcome_user(alice(), serde_json::json!({})));
    assert!(h.screen().contains("no registered device"), "{}", h.screen());
    assert!(!matches!(h.last_request(), Some((_, ApiRequest::Follow(_)))));
}

#[test]
fn where_the_caller_stands_is_never_out_of_view_even_beside_a_long_address_at_80_columns() {
    let long = "maximilian.alexander.von-hohenberg@subsidiary.example.com";
    let user = crate::support::user(serde_json::json!({"id": "u-max", "emailAddress": long}));
    for on in [true, false] {
        let mut h = Harness::new(80, 24);
        h.app.set_policy(casdesk::verify::Policy { on, ..Default::default() });
        h.type_text(long);
        h.key(KeyCode::Enter);
        h.answer(outcome_user(user.clone(), serde_json::json!({})));
        let header: String = h.screen().lines().take(2).collect::<Vec<_>>().join("\n");
        let said = if on { "not verified" } else { "checks OFF" };
        assert!(header.contains(said), "{said} in the header: {header}");
    }
}
