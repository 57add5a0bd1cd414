//! The SMS and voice numbers, on Lookup: shown with the user's details when on file, edited
//! from the authenticators list (`m`, then `n`), checked before anything is asked, only what
//! differs sent, and the service's state shown after.

use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user, user};
use casdesk::actions::{Acted, UserAction};
use casdesk::api::{PhoneAnswer, PhoneChange, UserDetails};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Refreshed};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn alice_with_phones(sms: Option<&str>, voice: Option<&str>) -> UserDetails {
    let mut json = serde_json::json!({
        "id": "7f0c6a2e-4b1d-4e8a-9c3f-2a5b6c7d8e9f", "emailAddress": "alice@example.com",
        "firstName": "Alice", "lastName": "Example", "userStatus": "Enabled",
    });
    if let Some(n) = sms {
        json["smsNumber"] = n.into();
    }
    if let Some(n) = voice {
        json["voiceNumber"] = n.into();
    }
    user(json)
}

fn editing(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    let us = alice_with_phones(Some("+1 555 0101 2679"), Some("+1 555 0101 2679"));
    h.answer(outcome_user(us, serde_json::json!({})));
    // The caller verified: this test is about what follows (verification.rs tests the policy).
    h.caller_verified("alice@example.com");
    h.type_text("mn");
}

/// Empties the field with the cursor (Ctrl-U, as in a shell).
fn empty_field(h: &mut Harness) {
    h.send(casdesk::app::msg::Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
}

#[test]
fn numbers_on_file_are_shown_with_the_user_and_none_is_said_plainly() {
    let mut h = Harness::new(120, 40);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    let uk = alice_with_phones(Some("+44 20 7946 0958"), None);
    h.answer(outcome_user(uk, serde_json::json!({})));
    assert!(h.screen().contains("Phones          SMS +44 20 7946 0958"), "{}", h.screen());
    h.type_text("m");
    let screen = h.screen();
    assert!(screen.contains("Phone numbers  SMS +44 20 7946 0958 · voice none"), "{screen}");
    let mut h = Harness::new(120, 40);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), serde_json::json!({})));
    assert!(!h.screen().contains("Phones"), "no row for a user without numbers");
}

#[test]
fn a_number_without_a_country_code_is_refused_before_anything_is_asked() {
    snapshot_both!("lookup_phones_no_country_code", |h: &mut Harness| {
        editing(h);
        empty_field(h);
        h.type_text("020 7946 0958");
        let before = h.api_requests();
        h.key(KeyCode::Enter);
        assert_eq!(h.api_requests(), before);
        assert!(h.screen().contains("The SMS number needs a country code"), "{}", h.screen());
    });
}

#[test]
fn only_what_differs_is_asked_about_and_sent() {
    snapshot_both!("lookup_phones_confirm", |h: &mut Harness| {
        editing(h);
        empty_field(h);
        h.type_text("+44 20 7946 0958");
        h.key(KeyCode::Down);
        empty_field(h);
        h.key(KeyCode::Enter);
        let screen = h.screen();
        assert!(
            screen.contains("Set the SMS number to +44 20 7946 0958 and clear the voice number"),
            "{screen}"
        );
    });
    let mut h = Harness::new(120, 40);
    editing(&mut h);
    h.key(KeyCode::Down);
    empty_field(&mut h);
    h.key(KeyCode::Enter);
    h.type_text("y");
    let Some((_, ApiRequest::Act { action, .. })) = h.last_request() else { panic!("sent") };
    let change = PhoneChange { sms: None, voice: Some(String::new()) };
    assert_eq!(
        action,
        &UserAction {
            declared: &casdesk::actions::declared::SET_PHONES,
            args: casdesk::actions::Args::Phones(change.clone())
        },
        "the SMS number is left alone"
    );
    let after = alice_with_phones(Some("+1 555 0101 2679"), None);
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::PhonesSet { change, answer: Box::new(PhoneAnswer::default()) }),
        refreshed: Some(Ok(Refreshed {
            details: Box::new(after),
            authenticators: Ok(Default::default()),
        })),
    });
    let screen = h.screen();
    assert!(screen.contains("✓ OK  Set phone numbers: voice cleared"), "{screen}");
    assert!(screen.contains("SMS +1 555 0101 2679 · voice none"), "{screen}");
}

#[test]
fn nothing_changed_sends_nothing_and_esc_leaves_the_form() {
    let mut h = Harness::new(120, 40);
    editing(&mut h);
    let before = h.api_requests();
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Nothing changed"), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert_eq!(h.api_requests(), before);
    assert!(!h.screen().contains("SMS number ─"), "the form is closed: {}", h.screen());
}
