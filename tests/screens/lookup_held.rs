//! Lookup keeps what the operator needs on screen and says what it cannot do: a replacement's
//! registration code stays through the next change until hidden or another user is looked up;
//! `y` answers questions and never copies (`c` copies); `u` on Approve or Fingerprint locks
//! says why there is no unlock; `r` says it looked the user up again; a disabled user is
//! offered no codes.

use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user, user};
use casdesk::actions::{Acted, AuthenticatorKind, AuthenticatorRef, UserAction};
use casdesk::api::{DeviceRegistrationCode, SidTokenAnswer};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command};
use crossterm::event::KeyCode;

/// The Pixel alone (so it can be replaced) and a token with a PIN.
fn listed() -> serde_json::Value {
    serde_json::json!({
        "devices": [{"id": "dev-new", "name": "Alice's Pixel 8", "deviceType": "ANDROID",
                     "registeredDate": "2026-01-02T10:00:00.000Z", "status": "Active"}],
        "sidTokens": [{"tokenSerialNumber": "000123456789", "tokenState": "Assigned",
                       "tokenStatus": "Enabled", "pinSet": "true"}]
    })
}

fn after_replacing() -> serde_json::Value {
    let mut a = listed();
    a["devices"] = serde_json::json!([]);
    a
}

fn refreshed(
    a: serde_json::Value,
) -> Option<Result<casdesk::app::msg::Refreshed, casdesk::app::msg::Failure>> {
    Some(Ok(casdesk::app::msg::Refreshed {
        details: Box::new(alice()),
        authenticators: Ok(serde_json::from_value(a).unwrap()),
    }))
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

fn acts(h: &Harness) -> usize {
    h.commands.iter().filter(|c| matches!(c, Command::Api(_, ApiRequest::Act { .. }))).count()
}

/// Alice found, her list open, her Pixel replaced and the new code on screen.
fn replaced(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), listed()));
    // The caller verified: this test is about what follows (verification.rs tests the policy).
    h.caller_verified("alice@example.com");
    h.type_text("mry");
    let code: DeviceRegistrationCode = serde_json::from_value(serde_json::json!({
        "companyID": "ExampleCorp", "deviceRegistrationCode": "110690571",
        "expirationDate": "2026-11-23T10:00:00.000+00:00"
    }))
    .unwrap();
    let old = AuthenticatorRef {
        id: "dev-new".into(),
        label: "Alice's Pixel 8 (ANDROID, registered 2026-01-02)".into(),
        kind: AuthenticatorKind::Device,
    };
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::PhoneReplaced { old, code: Ok(Box::new(code)) }),
        refreshed: refreshed(after_replacing()),
    });
}

/// Then the token's PIN cleared: asked with y, answered by the service.
fn pin_cleared(h: &mut Harness) {
    h.type_text("p");
    assert!(h.screen().contains("Clear the PIN"), "{}", h.screen());
    let before = copies(h).len();
    h.type_text("y");
    assert_eq!(copies(h).len(), before, "y answers the question: it copies nothing");
    let action = match h.last_request() {
        Some((
            _,
            ApiRequest::Act {
                action: UserAction { args: casdesk::actions::Args::Token(t), .. },
                ..
            },
        )) => t.clone(),
        other => panic!("expected the PIN clear, got {other:?}"),
    };
    let answer: SidTokenAnswer = serde_json::from_value(serde_json::json!({
        "tokenSerialNumber": "000123456789", "tokenState": "Assigned",
        "tokenStatus": "Enabled", "pinSet": false
    }))
    .unwrap();
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::TokenChanged { action, answer: Box::new(answer) }),
        refreshed: refreshed(after_replacing()),
    });
}

#[test]
fn a_replacements_code_outlives_the_next_change_until_hidden() {
    snapshot_both!("lookup_code_after_pin_clear", |h: &mut Harness| {
        replaced(h);
        pin_cleared(h);
        let screen = h.screen();
        assert!(screen.contains("Clear PIN of SecurID token 000123456789"), "answered\n{screen}");
        assert!(screen.contains("Registration code 110690571"), "and the code still\n{screen}");
    });
    snapshot_both!("lookup_code_in_user_pane", |h: &mut Harness| {
        replaced(h);
        pin_cleared(h);
        h.key(KeyCode::Esc);
        let screen = h.screen();
        assert!(screen.contains("New phone code  110690571  (c copy · h hide)"), "{screen}");
    });
    let mut h = Harness::new(120, 40);
    replaced(&mut h);
    pin_cleared(&mut h);
    h.type_text("c");
    assert_eq!(copies(&h), ["110690571"], "c copies the code held");
    h.key(KeyCode::Esc);
    h.type_text("c");
    assert_eq!(copies(&h), ["110690571", "110690571"], "from the user pane too");
    h.type_text("h");
    assert!(!h.screen().contains("110690571"), "h hides it\n{}", h.screen());
    h.type_text("c");
    assert_eq!(copies(&h).len(), 2, "nothing to copy once hidden");
}

#[test]
fn the_code_stays_for_a_refresh_and_goes_with_another_user() {
    let mut h = Harness::new(120, 40);
    replaced(&mut h);
    h.key(KeyCode::Esc);
    h.type_text("r");
    h.answer(outcome_user(alice(), after_replacing()));
    assert!(h.screen().contains("110690571"), "the same user again keeps it\n{}", h.screen());
    h.type_text("e");
    h.type_text("bob@example.com");
    h.key(KeyCode::Enter);
    let mut bob = alice();
    bob.id = Some("b0b".into());
    bob.email_address = Some("bob@example.com".into());
    h.answer(outcome_user(bob, serde_json::json!({})));
    assert!(!h.screen().contains("110690571"), "another user: gone\n{}", h.screen());
    h.type_text("e");
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), after_replacing()));
    assert!(!h.screen().contains("110690571"), "and not back with her\n{}", h.screen());
}

#[test]
fn y_never_copies_on_lookup_and_c_is_the_copy_key_everywhere() {
    let mut h = Harness::new(120, 40);
    replaced(&mut h);
    h.type_text("y");
    assert!(copies(&h).is_empty(), "y with a code on screen and no question: nothing");
    let help = {
        h.type_text("?");
        h.screen()
    };
    assert!(help.contains("c               copy code"), "{help}");
    assert!(!help.contains("y/c"), "{help}");
}

fn kenji(locks: &[&str]) -> casdesk::api::UserDetails {
    let mut json = serde_json::json!({
        "id": "k3nj1", "emailAddress": "kenji.watanabe@example.com", "firstName": "Kenji",
        "lastName": "Watanabe", "identitySource": "CAS Cloud Directory", "userStatus": "Enabled",
        "principalUsername": "kenji.watanabe@example.com", "emergencyAccessStatus": "Disabled",
        "smsNumber": "+44 7700 900461", "monthLastAuthenticated": "Oct 2026"
    });
    for lock in locks {
        json[*lock] = serde_json::json!(true);
    }
    user(json)
}

#[test]
fn u_on_approve_and_fingerprint_locks_says_why_there_is_no_unlock() {
    snapshot_both!("lookup_no_unlock", |h: &mut Harness| {
        h.type_text("kenji.watanabe@example.com");
        h.key(KeyCode::Enter);
        h.answer(outcome_user(
            kenji(&["isApproveLocked", "isFingerprintLocked"]),
            serde_json::json!({}),
        ));
        assert!(h.screen().contains("u why no unlock"), "{}", h.screen());
        h.type_text("u");
        assert_eq!(acts(h), 0, "nothing is sent: the API has no unlock for them");
        let screen = h.screen();
        assert!(screen.contains("⚠ WARNING  Approve, Fingerprint: no unlock"), "{screen}");
        assert!(screen.contains("emergency access code (5)."), "whole at 80×24\n{screen}");
    });
    // With TOKEN locked too, u unlocks that and the question says what stays locked.
    let mut h = Harness::new(120, 40);
    h.type_text("kenji.watanabe@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(kenji(&["isApproveLocked", "isTokenLocked"]), serde_json::json!({})));
    h.type_text("u");
    let screen = h.screen();
    assert!(screen.contains("Unlock Tokencode for kenji.watanabe@example.com?"), "{screen}");
    assert!(screen.contains("Approve will stay locked: RSA's Unlock API cannot"), "{screen}");
}

#[test]
fn r_says_it_looked_the_user_up_again_and_when() {
    snapshot_both!("lookup_refreshed", |h: &mut Harness| {
        h.type_text("alice@example.com");
        h.key(KeyCode::Enter);
        h.answer(outcome_user(alice(), listed()));
        assert!(!h.screen().contains("looked up again"));
        h.advance(75);
        h.type_text("r");
        h.answer(outcome_user(alice(), listed()));
        let screen = h.screen();
        // The harness clock is NOW (+01:00) plus 75 s.
        assert!(screen.contains("User · looked up again 11:01:15"), "{screen}");
        assert!(screen.contains("Looked up again at 11:01:15"), "{screen}");
    });
}

#[test]
fn a_disabled_user_is_offered_no_codes() {
    let mut h = Harness::new(80, 24);
    let mut grace = alice();
    grace.user_status = Some(casdesk::api::UserStatus::Disabled);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(grace, serde_json::json!({})));
    let screen = h.screen();
    assert!(screen.contains("Disabled: no codes (2, 4, 5) until enabled."), "{screen}");
    assert!(!screen.contains("Next: 2 codes"), "{screen}");
}

/// On every screen, in every state: copying is never bound to a key that also answers yes, and
/// `y` never copies (the rule the Lookup, Codes and Emergency screens share).
#[test]
fn in_no_state_of_any_screen_does_a_key_both_copy_and_confirm() {
    use casdesk::app::keys::{Action, Key};
    let h = Harness::new(120, 40);
    for screen in &h.app.screens {
        for context in screen.every_key_context() {
            let keys_of = |action: Action| -> Vec<Key> {
                context
                    .bindings
                    .iter()
                    .filter(|b| b.action == action)
                    .flat_map(|b| b.keys.clone())
                    .collect()
            };
            let copy = keys_of(Action::Copy);
            assert!(!copy.contains(&Key::Char('y')), "{}: y copies", screen.title());
            for key in keys_of(Action::Confirm) {
                assert!(
                    !copy.contains(&key),
                    "{}: {key:?} both copies and confirms",
                    screen.title()
                );
            }
        }
    }
}

#[test]
fn a_newer_code_made_on_screen_4_takes_the_replacements_code_off_lookup() {
    let mut h = Harness::new(80, 24);
    replaced(&mut h);
    assert!(h.screen().contains("110690571"));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Enter);
    h.answer(ApiOutcome::DeviceCode(Ok(serde_json::from_value(serde_json::json!({
        "companyID": "ExampleCorp", "deviceRegistrationCode": "222333444",
        "email": "alice@example.com", "expirationDate": "2026-11-23T09:30:00.000Z"
    }))
    .unwrap())));
    assert!(h.screen().contains("222 333 444") || h.screen().contains("▀"), "{}", h.screen());
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('1'));
    let screen = h.screen();
    assert!(!screen.contains("110690571"), "the replaced code is no longer offered:\n{screen}");
}
