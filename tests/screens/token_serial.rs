//! SecurID 700 tokens by serial on Lookup: a serial typed where an address is shows the token
//! (holder, state, status, PIN, expiry) and Enter looks its holder up with the token chosen on
//! their list; the rename form on a token's row; the assign form's name.

use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user};
use casdesk::actions::declared::{ASSIGN_TOKEN, RENAME_TOKEN};
use casdesk::actions::{Args, TokenChange, UserAction};
use casdesk::api::TokenDetails;
use casdesk::app::msg::{ApiOutcome, ApiRequest, Failure};
use crossterm::event::KeyCode;

const SERIAL: &str = "000123456789";

fn alices_token() -> TokenDetails {
    serde_json::from_value(serde_json::json!({
        "tokenSerialNumber": SERIAL, "tokenState": "Assigned", "tokenStatus": "Disabled",
        "pinSet": "false", "expiryDate": "2029-12-31T00:00:00.000Z",
        "assignedAt": "2025-01-09T14:20:00.000Z", "assignedBy": "helpdesk@example.com",
        "tokenStatusChangedAt": "2026-10-02T11:20:00.000Z",
        "tokenStatusChangedBy": "admin@example.com", "tokenStatusReason": "Reported lost",
        "userId": "7f0c6a2e-4b1d-4e8a-9c3f-2a5b6c7d8e9f", "userEmail": "alice@example.com"
    }))
    .unwrap()
}

fn authenticators() -> serde_json::Value {
    serde_json::json!({
        "devices": [{"id": "dev-new", "name": "Alice's Pixel 8", "deviceType": "ANDROID",
                     "registeredDate": "2026-01-02T10:00:00.000Z", "status": "Active"}],
        "fidoTokens": [{"id": "fido-1", "name": "YubiKey 5C", "status": "Active"}],
        "sidTokens": [{"tokenSerialNumber": SERIAL, "tokenState": "Assigned",
                       "tokenStatus": "Disabled", "pinSet": "false",
                       "expiryDate": "2029-12-31T00:00:00.000Z"}]
    })
}

fn typed_serial(h: &mut Harness, serial: &str) {
    h.type_text(serial);
    h.key(KeyCode::Enter);
    match h.last_request() {
        Some((_, ApiRequest::TokenLookup { serial: asked })) => assert_eq!(asked, serial),
        other => panic!("a serial is looked up as a token, not searched: {other:?}"),
    }
}

/// The token a change was asked for and sent with (after `y`).
fn sent_token(h: &Harness) -> casdesk::actions::TokenAction {
    match h.last_request() {
        Some((_, ApiRequest::Act { action: UserAction { args: Args::Token(t), .. }, .. })) => {
            t.clone()
        }
        other => panic!("expected a token change, got {other:?}"),
    }
}

#[test]
fn a_serial_typed_on_lookup_shows_the_token_and_enter_looks_up_its_holder() {
    snapshot_both!("lookup_token_by_serial", |h: &mut Harness| {
        typed_serial(h, SERIAL);
        h.answer(ApiOutcome::Token(Box::new(alices_token())));
        let screen = h.screen();
        assert!(screen.contains("alice@example.com (Enter to look them up)"), "{screen}");
        assert!(screen.contains("Reported lost") && screen.contains("Disabled"), "{screen}");
    });
    let mut h = Harness::new(120, 40);
    typed_serial(&mut h, SERIAL);
    h.answer(ApiOutcome::Token(Box::new(alices_token())));
    h.key(KeyCode::Enter);
    match h.last_request() {
        Some((_, ApiRequest::Lookup { email, .. })) => assert_eq!(email, "alice@example.com"),
        other => panic!("the holder is looked up: {other:?}"),
    }
    h.answer(outcome_user(alice(), authenticators()));
    let screen = h.screen();
    // Their list, open on the token asked about.
    assert!(screen.contains(&format!(" › {SERIAL} · Disabled")), "{screen}");
    assert!(screen.contains("t enable token"), "{screen}");
}

#[test]
fn a_token_nobody_holds_and_an_unknown_serial_say_so() {
    let mut h = Harness::new(120, 40);
    typed_serial(&mut h, "000555000101");
    let pool: TokenDetails = serde_json::from_value(serde_json::json!({
        "tokenSerialNumber": "000555000101", "tokenState": "Unassigned", "pinSet": "false",
        "expiryDate": "2030-06-30T00:00:00.000Z"
    }))
    .unwrap();
    h.answer(ApiOutcome::Token(Box::new(pool)));
    let screen = h.screen();
    assert!(screen.contains("nobody: it is among the unassigned tokens"), "{screen}");
    let before = h.api_requests();
    h.key(KeyCode::Enter);
    assert_eq!(h.api_requests(), before, "no holder to look up: Enter is a new lookup");
    // The field starts empty for it, as after a user found.
    typed_serial(&mut h, "000999999999");
    let mut failure = Failure::new("HTTP 404 Not Found: Token 000999999999 not found");
    failure.status = Some(404);
    h.answer(ApiOutcome::Failed(failure));
    let screen = h.screen();
    assert!(screen.contains("✗ FAILED  Could not look up SecurID token 000999999999"), "{screen}");
    assert!(screen.contains("No SecurID 700 token has this serial here."), "{screen}");

    // Only the service's id for the holder: said, not looked up.
    let mut by_id = alices_token();
    by_id.user_email = None;
    let mut h = Harness::new(120, 40);
    typed_serial(&mut h, SERIAL);
    h.answer(ApiOutcome::Token(Box::new(by_id)));
    let screen = h.screen();
    assert!(
        screen.contains("The service gave no address, and RSA's API cannot look a"),
        "{screen}"
    );
    let before = h.api_requests();
    h.key(KeyCode::Enter);
    assert_eq!(h.api_requests(), before, "nobody to look up by id");

    // A serial read out in groups is one serial.
    let mut h = Harness::new(80, 24);
    h.type_text("0001 2345 6789");
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.last_request(), Some((_, ApiRequest::TokenLookup { serial })) if serial == SERIAL),
        "{:?}",
        h.last_request()
    );

    // Letters are still searched for.
    let mut h = Harness::new(80, 24);
    h.type_text("garcia");
    h.key(KeyCode::Enter);
    assert!(matches!(h.last_request(), Some((_, ApiRequest::Search { .. }))));
}

fn managing_token(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), authenticators()));
    // Assigning makes a token usable: guarded (verification.rs tests the policy).
    h.caller_verified("alice@example.com");
    h.type_text("m");
    // The Pixel, the YubiKey, then the token.
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
}

#[test]
fn a_token_is_renamed_from_its_row_with_the_name_checked_first() {
    snapshot_both!("lookup_rename_form", |h: &mut Harness| {
        managing_token(h);
        assert!(h.screen().contains("Name          — (e to rename)"), "{}", h.screen());
        h.type_text("e");
        h.type_text("Spare desk token");
        assert!(h.screen().contains(&format!("New name of SecurID token {SERIAL}")));
    });
    let mut h = Harness::new(80, 24);
    managing_token(&mut h);
    h.type_text("e");
    h.paste(&"n".repeat(256));
    let before = h.api_requests();
    h.key(KeyCode::Enter);
    assert_eq!(h.api_requests(), before, "a name too long is not sent");
    assert!(h.screen().contains("at most 255 characters; this one has 256"), "{}", h.screen());

    let mut h = Harness::new(120, 40);
    managing_token(&mut h);
    h.type_text("e");
    h.type_text("  Spare desk token ");
    h.key(KeyCode::Enter);
    let asked = format!(
        "Rename SecurID token {SERIAL} of alice@example.com to \u{201c}Spare desk token\u{201d}?"
    );
    assert!(h.screen().contains(&asked), "{}", h.screen());
    h.type_text("y");
    let t = sent_token(&h);
    assert_eq!((t.change, t.serial.as_str()), (TokenChange::Rename, SERIAL));
    assert_eq!(t.name.as_deref(), Some("Spare desk token"), "trimmed");
    assert!(
        matches!(h.last_request(), Some((_, ApiRequest::Act { action, .. })) if action.declared == &RENAME_TOKEN)
    );
}

#[test]
fn assign_takes_a_name_beside_the_serial_and_asks_with_it() {
    snapshot_both!("lookup_assign_with_name", |h: &mut Harness| {
        managing_token(h);
        h.type_text("a");
        h.type_text("000555000101");
        h.key(KeyCode::Tab);
        h.type_text("Desk token");
        assert!(h.screen().contains("Name for the token"), "{}", h.screen());
    });
    let mut h = Harness::new(120, 40);
    managing_token(&mut h);
    h.type_text("a");
    h.type_text("000555000101");
    h.key(KeyCode::Tab);
    h.type_text("Desk token");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("It will be named \u{201c}Desk token\u{201d}."), "{screen}");
    h.type_text("y");
    let t = sent_token(&h);
    assert_eq!((t.change, t.serial.as_str()), (TokenChange::Assign, "000555000101"));
    assert_eq!(t.name.as_deref(), Some("Desk token"));
    assert!(
        matches!(h.last_request(), Some((_, ApiRequest::Act { action, .. })) if action.declared == &ASSIGN_TOKEN)
    );
}
