//! Lookup's authenticators, managed (`m`): a cursor on the user's devices, FIDO keys and
//! SecurID tokens; each change asks first, naming exactly what it touches, and goes to the
//! user's id with the authenticator chosen (by its id, not its place in the list).

use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user};
use casdesk::actions::{Acted, AuthenticatorKind, AuthenticatorRef, TokenChange, UserAction};
use casdesk::api::{Authenticators, DeviceRegistrationCode, SidTokenAnswer};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Failure, Refreshed};
use crossterm::event::KeyCode;

const ALICE_ID: &str = "7f0c6a2e-4b1d-4e8a-9c3f-2a5b6c7d8e9f";

fn authenticators() -> serde_json::Value {
    serde_json::json!({
        "devices": [
            {"id": "dev-old", "name": "Alice's iPhone 11", "deviceType": "IOS",
             "registeredDate": "2023-03-01T09:00:00.000Z", "status": "Active"},
            {"id": "dev-new", "name": "Alice's Pixel 8", "deviceType": "ANDROID",
             "registeredDate": "2026-01-02T10:00:00.000Z", "status": "Active"}
        ],
        "fidoTokens": [{"id": "fido-1", "name": "YubiKey 5C", "status": "Active"}],
        "sidTokens": [{"tokenSerialNumber": "000123456789", "tokenState": "Assigned",
                       "tokenStatus": "Enabled", "pinSet": "true",
                       "expiryDate": "2029-12-31T00:00:00.000Z"}]
    })
}

fn managing(h: &mut Harness) {
    managing_with(h, authenticators());
}

fn managing_with(h: &mut Harness, listed: serde_json::Value) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), listed));
    // The caller verified: this test is about what follows (verification.rs tests the policy).
    h.caller_verified("alice@example.com");
    h.type_text("m");
}

fn no_devices() -> serde_json::Value {
    let mut a = authenticators();
    a["devices"] = serde_json::json!([]);
    a
}

/// Only the Pixel: a replacement's code can be made once it is gone.
fn only_the_pixel() -> serde_json::Value {
    let mut a = authenticators();
    a["devices"].as_array_mut().unwrap().remove(0);
    a
}

fn sent_action(h: &Harness) -> UserAction {
    match h.last_request() {
        Some((_, ApiRequest::Act { user_id, email, action })) => {
            assert_eq!((user_id.as_str(), email.as_str()), (ALICE_ID, "alice@example.com"));
            action.clone()
        }
        other => panic!("expected an action on alice, got {other:?}"),
    }
}

fn pixel() -> AuthenticatorRef {
    AuthenticatorRef {
        id: "dev-new".into(),
        label: "Alice's Pixel 8 (ANDROID, registered 2026-01-02)".into(),
        kind: AuthenticatorKind::Device,
    }
}

fn refreshed(authenticators: serde_json::Value) -> Option<Result<Refreshed, Failure>> {
    let authenticators: Authenticators = serde_json::from_value(authenticators).unwrap();
    Some(Ok(Refreshed { details: Box::new(alice()), authenticators: Ok(authenticators) }))
}

fn without_pixel() -> serde_json::Value {
    let mut a = authenticators();
    a["devices"].as_array_mut().unwrap().remove(1);
    a
}

#[test]
fn lookup_says_how_to_manage_and_m_lists_every_authenticator_with_the_chosen_ones_details() {
    let mut h = Harness::new(120, 40);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), authenticators()));
    assert!(h.screen().contains("m remove, replace phone, tokens"), "{}", h.screen());
    h.type_text("m");
    let screen = h.screen();
    assert!(screen.contains("dev-old"), "the chosen device's id is shown: {screen}");
    assert!(screen.contains("they also have Alice's Pixel 8"), "why no replacement: {screen}");
    let before = h.api_requests();
    h.type_text("r");
    assert!(!h.screen().contains("y / n") && h.api_requests() == before, "r does nothing");
    snapshot_both!("lookup_authenticators", |h: &mut Harness| {
        managing(h);
        let screen = h.screen();
        assert!(screen.contains("› Alice's iPhone 11 · IOS"), "{screen}");
        assert!(screen.contains("YubiKey 5C") && screen.contains("000123456789 · Enabled"));
        assert!(screen.contains("x remove") && !screen.contains("r replace phone"), "{screen}");
        assert!(screen.contains("they also have Alice's Pixel"), "even at 80x24: {screen}");
    });
}

#[test]
fn removing_asks_naming_the_device_and_sends_its_id_not_its_place() {
    snapshot_both!("lookup_remove_confirm", |h: &mut Harness| {
        managing(h);
        h.key(KeyCode::Down);
        let before = h.api_requests();
        h.type_text("x");
        assert_eq!(h.api_requests(), before, "nothing is sent before yes");
        let screen = h.screen();
        assert!(screen.contains("Remove Alice's Pixel 8 (ANDROID, registered"), "{screen}");
    });
    let mut h = Harness::new(120, 40);
    managing(&mut h);
    h.key(KeyCode::Down);
    h.type_text("xy");
    assert_eq!(
        sent_action(&h),
        UserAction {
            declared: &casdesk::actions::declared::REMOVE_AUTHENTICATOR,
            args: casdesk::actions::Args::Authenticator(pixel())
        }
    );
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::AuthenticatorRemoved(pixel())),
        refreshed: refreshed(without_pixel()),
    });
    let screen = h.screen();
    assert!(screen.contains("✓ OK  Remove authenticator: removed Alice's Pixel 8"), "{screen}");
    assert!(!screen.contains("· ANDROID"), "the list is the service's after: {screen}");
    // The cursor stays on the list, on the row that took the removed one's place.
    assert!(screen.contains("› YubiKey 5C"), "{screen}");
}

/// The report: remove the first row without moving, and the row that takes its place (here a
/// token) has its details drawn as soon as the list is read again, as after any other change.
#[test]
fn after_a_removal_the_row_under_the_cursor_has_its_details_drawn_at_once() {
    let iphone = AuthenticatorRef {
        id: "dev-old".into(),
        label: "Alice's iPhone 11 (IOS, registered 2023-03-01)".into(),
        kind: AuthenticatorKind::Device,
    };
    let mut listed = authenticators();
    listed["devices"].as_array_mut().unwrap().truncate(1);
    listed["fidoTokens"] = serde_json::json!([]);
    let mut h = Harness::new(120, 40);
    managing_with(&mut h, listed.clone());
    h.type_text("xy");
    assert_eq!(
        sent_action(&h),
        UserAction {
            declared: &casdesk::actions::declared::REMOVE_AUTHENTICATOR,
            args: casdesk::actions::Args::Authenticator(iphone.clone())
        }
    );
    listed["devices"] = serde_json::json!([]);
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::AuthenticatorRemoved(iphone)),
        refreshed: refreshed(listed),
    });
    let screen = h.screen();
    assert!(screen.contains("✓ OK  Remove authenticator: removed Alice's iPhone"), "{screen}");
    assert!(screen.contains("› 000123456789 · Enabled"), "{screen}");
    // The details name the row they are about, so they cannot read as the removed one's.
    assert!(screen.contains("SecurID token 000123456789"), "details, not after ↑↓: {screen}");
    assert!(screen.lines().any(|l| l.contains("State") && l.contains("Assigned")), "{screen}");
}

#[test]
fn a_fido_key_is_removed_and_a_token_offers_only_token_changes() {
    let mut h = Harness::new(120, 40);
    managing(&mut h);
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    assert!(!h.screen().contains("r replace phone"), "a FIDO key is not a phone");
    h.type_text("xy");
    match sent_action(&h) {
        UserAction { args: casdesk::actions::Args::Authenticator(r), .. } => {
            assert_eq!((r.id.as_str(), r.kind), ("fido-1", AuthenticatorKind::Fido))
        }
        other => panic!("{other:?}"),
    }
    let mut h = Harness::new(120, 40);
    managing(&mut h);
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    let screen = h.screen();
    assert!(screen.contains("x unassign") && screen.contains("t disable token"), "{screen}");
    assert!(screen.contains("p clear PIN"), "{screen}");
    h.type_text("t");
    assert!(h.screen().contains("Disable SecurID token 000123456789 of alice@example.com?"));
    h.type_text("y");
    match sent_action(&h) {
        UserAction { args: casdesk::actions::Args::Token(t), .. } => {
            assert_eq!((t.change, t.serial.as_str()), (TokenChange::Disable, "000123456789"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_serial_is_checked_before_assigning_and_then_asked_about() {
    snapshot_both!("lookup_assign_too_long", |h: &mut Harness| {
        managing(h);
        h.type_text("a");
        h.type_text(&"9".repeat(37));
        let before = h.api_requests();
        h.key(KeyCode::Enter);
        assert_eq!(h.api_requests(), before, "a serial too long is not sent");
        assert!(h.screen().contains("at most 36 characters; this one has 37"));
    });
    let mut h = Harness::new(120, 40);
    managing(&mut h);
    h.type_text("a");
    h.paste("  000555000101 \n");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Assign SecurID token 000555000101 to alice@example.com?"));
    h.type_text("y");
    match sent_action(&h) {
        UserAction { args: casdesk::actions::Args::Token(t), .. } => {
            assert_eq!((t.change, t.serial.as_str()), (TokenChange::Assign, "000555000101"))
        }
        other => panic!("{other:?}"),
    }
    let answer: SidTokenAnswer = serde_json::from_value(serde_json::json!({
        "userId": ALICE_ID, "tokenSerialNumber": "000555000101", "tokenState": "Assigned",
        "tokenStatus": "Enabled", "pinSet": false
    }))
    .unwrap();
    let action = match sent_action(&h) {
        UserAction { args: casdesk::actions::Args::Token(t), .. } => t,
        other => panic!("{other:?}"),
    };
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::TokenChanged { action, answer: Box::new(answer) }),
        refreshed: refreshed(authenticators()),
    });
    let screen = h.screen();
    assert!(
        screen.contains("Assign SecurID token 000555000101: state Assigned, status Enabled"),
        "{screen}"
    );
}

#[test]
fn replacing_a_phone_says_each_step_and_shows_the_new_code_to_copy() {
    snapshot_both!("lookup_phone_replaced", |h: &mut Harness| {
        managing_with(h, only_the_pixel());
        h.type_text("r");
        let screen = h.screen();
        assert!(screen.contains("1) remove Alice's Pixel 8"), "{screen}");
        h.type_text("y");
        assert_eq!(
            sent_action(h),
            UserAction {
                declared: &casdesk::actions::declared::REPLACE_PHONE,
                args: casdesk::actions::Args::ReplacePhone {
                    old: pixel(),
                    email: "alice@example.com".into()
                }
            }
        );
        let code: DeviceRegistrationCode = serde_json::from_value(serde_json::json!({
            "companyID": "ExampleCorp", "deviceRegistrationCode": "110690571",
            "expirationDate": "2026-11-23T10:00:00.000+00:00"
        }))
        .unwrap();
        h.answer(ApiOutcome::Acted {
            result: Ok(Acted::PhoneReplaced { old: pixel(), code: Ok(Box::new(code)) }),
            refreshed: refreshed(no_devices()),
        });
        let screen = h.screen();
        assert!(screen.contains("removed Alice's Pixel 8"), "{screen}");
        assert!(screen.contains("Registration code 110690571"), "{screen}");
    });
    let mut h = Harness::new(120, 40);
    managing_with(&mut h, only_the_pixel());
    h.type_text("ry");
    let code: DeviceRegistrationCode =
        serde_json::from_value(serde_json::json!({"deviceRegistrationCode": "110690571"})).unwrap();
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::PhoneReplaced { old: pixel(), code: Ok(Box::new(code)) }),
        refreshed: refreshed(no_devices()),
    });
    h.type_text("c");
    let copied: Vec<String> = h
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::Copy(code) => Some(code.expose().to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(copied, ["110690571"]);
}

#[test]
fn a_replacement_stopped_half_way_says_what_was_and_was_not_done() {
    snapshot_both!("lookup_phone_replace_half_done", |h: &mut Harness| {
        managing_with(h, only_the_pixel());
        h.type_text("ry");
        h.answer(ApiOutcome::Acted {
            result: Ok(Acted::PhoneReplaced {
                old: pixel(),
                code: Err(Failure::new("HTTP 403 Forbidden: not authorized")),
            }),
            refreshed: refreshed(no_devices()),
        });
        let screen = h.screen();
        assert!(screen.contains("⚠ WARNING  Replace phone: removed Alice's Pixel 8"), "{screen}");
        assert!(screen.contains("but no code was made for the new"), "{screen}");
    });
    let mut h = Harness::new(120, 40);
    managing_with(&mut h, only_the_pixel());
    h.type_text("ry");
    h.answer(ApiOutcome::Acted {
        result: Err(Failure::new("HTTP 403 Forbidden: not authorized")),
        refreshed: refreshed(only_the_pixel()),
    });
    let screen = h.screen();
    assert!(screen.contains("✗ FAILED  Replace phone: HTTP 403"), "{screen}");
    assert!(screen.contains("is still registered and no code was made"), "{screen}");
}

#[test]
fn esc_goes_back_to_the_user_and_a_device_without_an_id_cannot_be_removed() {
    let mut h = Harness::new(120, 40);
    managing(&mut h);
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Identity source"), "the user's details again");
    let mut h = Harness::new(120, 40);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(
        alice(),
        serde_json::json!({"devices": [{"name": "Mystery phone", "deviceType": "IOS"}]}),
    ));
    h.type_text("m");
    let screen = h.screen();
    assert!(screen.contains("cannot be removed from here"), "{screen}");
    let before = h.api_requests();
    h.type_text("xry");
    assert_eq!(h.api_requests(), before);
}

#[test]
fn a_pending_question_is_not_carried_to_the_next_user() {
    let mut h = Harness::new(120, 40);
    managing(&mut h);
    h.type_text("x");
    assert!(h.screen().contains("Remove Alice's iPhone 11"));
    // A paste while asked is not a new lookup: the answer belongs to the user shown.
    h.paste("bob@example.com\n");
    assert!(!h.screen().contains("bob@example.com"), "{}", h.screen());
    let before = h.api_requests();
    h.type_text("n");
    assert_eq!(h.api_requests(), before, "no was said: nothing sent");
}
