//! The authenticators list with FIDO keys (in use and suspended), SecurID DS100s (OTP on and
//! off) and trusted browsers: each drawn with its state in words, offered only what applies to
//! it, and every change asked about first, naming exactly what it touches.

use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user};
use casdesk::actions::{Acted, Args};
use casdesk::api::Authenticators;
use casdesk::app::msg::{ApiOutcome, ApiRequest, Refreshed};
use crossterm::event::KeyCode;

fn listed() -> serde_json::Value {
    serde_json::json!({
        "devices": [
            {"id": "dev-1", "name": "Alice's Pixel 8", "deviceType": "ANDROID",
             "registeredDate": "2026-01-02T10:00:00.000Z", "status": "Active"},
            {"id": "ds-1", "name": "SecurID DS100", "deviceType": "SecurID DS100",
             "registeredDate": "2025-06-08T07:58:13.000Z", "deviceSerialNumber": "140100080",
             "tokenSerialNumber": "014010008035", "tokenState": "Activated",
             "tokenStatus": "Enabled", "pinSet": true},
            {"id": "ds-2", "name": "SecurID DS100", "deviceType": "SecurID DS100",
             "registeredDate": "2025-03-19T13:15:00.000Z", "deviceSerialNumber": "140100094",
             "tokenSerialNumber": "014010009412", "tokenState": "Activated",
             "tokenStatus": "Disabled", "pinSet": false},
            {"id": "br-1", "name": "Edge on Windows 11", "deviceType": "BROWSER",
             "browser": "Edge 131", "registeredDate": "2026-09-14T07:45:00.000Z",
             "updatedAt": "2026-11-19T08:02:00.000Z", "status": "Active"}
        ],
        "fidoTokens": [
            {"id": "fido-1", "name": "YubiKey 5C NFC", "status": "Enabled",
             "registeredDate": "2025-02-14T09:05:00.000Z"},
            {"id": "fido-2", "name": "YubiKey 5 Nano (spare)", "status": "Disabled",
             "registeredDate": "2024-09-03T08:30:00.000Z"}
        ]
    })
}

/// The list open, the cursor `down` rows from the top: 0 the phone, 1–2 the FIDO keys, 3–4
/// the DS100s, 5 the browser.
fn managing(h: &mut Harness, down: usize) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), listed()));
    // The caller verified: deleting a DS100 is guarded (verification.rs tests the policy).
    h.caller_verified("alice@example.com");
    h.type_text("m");
    for _ in 0..down {
        h.key(KeyCode::Down);
    }
}

fn sent(h: &Harness) -> (&'static str, Args) {
    match h.last_request() {
        Some((_, ApiRequest::Act { action, .. })) => (action.declared.command, action.args.clone()),
        other => panic!("expected an action, got {other:?}"),
    }
}

#[test]
fn the_list_draws_fido_keys_ds100s_and_browsers_with_their_state_in_words() {
    snapshot_both!("lookup_fido_ds100_browsers", |h: &mut Harness| {
        managing(h, 1);
        let screen = h.screen();
        assert!(screen.contains("› YubiKey 5C NFC · Enabled"), "{screen}");
        assert!(screen.contains("YubiKey 5 Nano (spare) · Disabled"), "{screen}");
        assert!(screen.contains("DS100 140100080 · OTP Enabled · PIN set"), "{screen}");
        assert!(screen.contains("DS100 140100094 · OTP Disabled · no PIN"), "{screen}");
        assert!(screen.contains("Edge 131 · Edge on Windows 11 · trusted"), "{screen}");
        assert!(screen.contains("Trusted browsers"), "{screen}");
        assert!(screen.contains("f suspend key") && screen.contains("x remove"), "{screen}");
    });
}

#[test]
fn a_fido_key_is_suspended_and_a_suspended_one_restored_after_a_question() {
    snapshot_both!("lookup_fido_suspend_confirm", |h: &mut Harness| {
        managing(h, 1);
        let before = h.api_requests();
        h.type_text("f");
        assert_eq!(h.api_requests(), before, "nothing is sent before yes");
        let screen = h.screen();
        assert!(
            screen.contains("Suspend FIDO key YubiKey 5C NFC of alice@example.com?"),
            "{screen}"
        );
    });
    let mut h = Harness::new(120, 40);
    managing(&mut h, 1);
    h.type_text("fy");
    let (command, args) = sent(&h);
    assert_eq!(command, "suspend-fido");
    assert!(matches!(args, Args::Authenticator(ref key) if key.id == "fido-1"), "{args:?}");
    // The suspended spare is offered restore on the same key, not suspend.
    let mut h = Harness::new(120, 40);
    managing(&mut h, 2);
    assert!(h.screen().contains("f restore key") && !h.screen().contains("f suspend key"));
    h.type_text("fy");
    assert_eq!(sent(&h).0, "restore-fido");
}

#[test]
fn a_ds100_is_offered_what_applies_and_deleting_it_says_there_is_no_undo() {
    let mut h = Harness::new(120, 40);
    managing(&mut h, 3);
    let screen = h.screen();
    assert!(screen.contains("t disable OTP") && screen.contains("p clear PIN"), "{screen}");
    assert!(screen.contains("x delete OTP") && !screen.contains("x remove"), "{screen}");
    assert!(screen.contains("OTP serial    014010008035"), "its details: {screen}");
    h.type_text("ty");
    assert_eq!(sent(&h).0, "disable-ds100-otp");
    let mut h = Harness::new(120, 40);
    managing(&mut h, 4);
    let screen = h.screen();
    assert!(screen.contains("t enable OTP") && !screen.contains("p clear PIN"), "no PIN: {screen}");
    snapshot_both!("lookup_ds100_delete_confirm", |h: &mut Harness| {
        managing(h, 3);
        h.type_text("x");
        let screen = h.screen();
        assert!(
            screen.contains("Delete the OTP credential of DS100 140100080 (OTP credential"),
            "{screen}"
        );
        assert!(screen.contains("there is no undo"), "{screen}");
    });
    let mut h = Harness::new(120, 40);
    managing(&mut h, 3);
    h.type_text("xy");
    let (command, args) = sent(&h);
    assert_eq!(command, "delete-ds100");
    let Args::Ds100(ds100) = args else { panic!("{args:?}") };
    assert_eq!(
        (ds100.device_serial.as_str(), ds100.token_serial.as_deref()),
        ("140100080", Some("014010008035"))
    );
}

#[test]
fn a_trusted_browser_is_removed_as_a_device_is_and_the_answer_shown_under_the_list() {
    snapshot_both!("lookup_browser_remove_confirm", |h: &mut Harness| {
        managing(h, 5);
        assert!(!h.screen().contains("r replace phone"), "a browser is not a phone");
        h.type_text("x");
        let screen = h.screen();
        assert!(screen.contains("Forget the trusted browser Edge 131"), "{screen}");
    });
    let mut h = Harness::new(120, 40);
    managing(&mut h, 5);
    h.type_text("xy");
    let (command, args) = sent(&h);
    assert_eq!(command, "remove-authenticator");
    assert!(matches!(args, Args::Authenticator(ref b) if b.id == "br-1"), "{args:?}");
    let mut after = listed();
    after["devices"].as_array_mut().unwrap().pop();
    let authenticators: Authenticators = serde_json::from_value(after).unwrap();
    let Args::Authenticator(old) = args else { unreachable!() };
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::AuthenticatorRemoved(old)),
        refreshed: Some(Ok(Refreshed {
            details: Box::new(alice()),
            authenticators: Ok(authenticators),
        })),
    });
    let screen = h.screen();
    assert!(screen.contains("removed browser Edge 131"), "{screen}");
    assert!(!screen.contains("Edge 131 · Edge on Windows 11"), "gone from the list: {screen}");
}

#[test]
fn deleting_a_ds100_or_switching_its_otp_back_on_needs_a_verified_caller_but_switching_it_off_not()
{
    let unverified = |h: &mut Harness, down: usize| {
        h.type_text("alice@example.com");
        h.key(KeyCode::Enter);
        h.answer(outcome_user(alice(), listed()));
        h.type_text("m");
        for _ in 0..down {
            h.key(KeyCode::Down);
        }
    };
    let mut h = Harness::new(120, 40);
    unverified(&mut h, 3);
    let before = h.api_requests();
    h.type_text("x");
    // Said before y, not only after.
    assert!(
        h.screen().contains("The caller is not verified: y sends nothing. V verifies them"),
        "{}",
        h.screen()
    );
    h.type_text("y");
    assert_eq!(h.api_requests(), before, "nothing reaches the worker");
    assert!(h.screen().contains("needs a verified caller"), "{}", h.screen());
    // Guarded as a SecurID 700's enable and disable are not; nor is suspending a FIDO key.
    let mut h = Harness::new(120, 40);
    unverified(&mut h, 3);
    h.type_text("t");
    assert!(!h.screen().contains("The caller is not verified"), "not guarded: {}", h.screen());
    h.type_text("y");
    assert_eq!(sent(&h).0, "disable-ds100-otp");
    let mut h = Harness::new(120, 40);
    unverified(&mut h, 1);
    h.type_text("fy");
    assert_eq!(sent(&h).0, "suspend-fido");
    // Switching an OTP back on makes the DS100 usable by whoever holds it: guarded.
    let mut h = Harness::new(120, 40);
    unverified(&mut h, 4);
    let before = h.api_requests();
    h.type_text("t");
    assert!(h.screen().contains("Enable the OTP credential"), "{}", h.screen());
    assert!(h.screen().contains("The caller is not verified"), "{}", h.screen());
    h.type_text("y");
    assert_eq!(h.api_requests(), before, "nothing reaches the worker: {}", h.screen());
}
