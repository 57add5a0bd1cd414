//! Lookup's changes to the user it found: unlock, enable/disable, sync. Each change asks first,
//! names the user and the methods, is sent to the user's id, and shows the service's state
//! after (the user looked up again).

use crate::snapshot_both;
use crate::support::{Harness, alice, user};
use casdesk::actions::{Acted, UserAction};
use casdesk::api::{MethodStates, UnlockMethod, UserStatusAnswer};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Failure, Refreshed};
use crossterm::event::KeyCode;

const ALICE_ID: &str = "7f0c6a2e-4b1d-4e8a-9c3f-2a5b6c7d8e9f";

fn found(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(ApiOutcome::User {
        details: Box::new(alice()),
        authenticators: Ok(Default::default()),
    });
}

fn alice_with(changes: serde_json::Value) -> casdesk::api::UserDetails {
    let mut json = serde_json::to_value(alice_json()).unwrap();
    for (k, v) in changes.as_object().unwrap() {
        json[k] = v.clone();
    }
    user(json)
}

fn alice_json() -> serde_json::Value {
    serde_json::json!({
        "id": ALICE_ID, "emailAddress": "alice@example.com",
        "firstName": "Alice", "lastName": "Example", "identitySource": "Corporate AD",
        "userStatus": "Enabled", "isTokenLocked": false, "isSmsLocked": true,
        "emergencyAccessStatus": "Disabled", "principalUsername": "alice",
        "lastSuccessfulAuthenticationDate": "2026-11-21T08:15:00.000Z",
        "lastSuccessfulAuthenticationMethod": "Approve",
        "lastSyncTime": "2026-11-22T06:00:00.000Z"
    })
}

fn refreshed(details: casdesk::api::UserDetails) -> Option<Result<Refreshed, Failure>> {
    Some(Ok(Refreshed { details: Box::new(details), authenticators: Ok(Default::default()) }))
}

#[test]
fn unlock_asks_first_naming_the_user_and_the_locked_methods() {
    snapshot_both!("lookup_unlock_confirm", |h: &mut Harness| {
        found(h);
        let before = h.api_requests();
        h.type_text("u");
        assert_eq!(h.api_requests(), before, "nothing is sent before yes");
        assert!(h.screen().contains("Unlock SMS for alice@example.com?"));
    });
}

#[test]
fn no_cancels_and_sends_nothing() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    let before = h.api_requests();
    h.type_text("un");
    assert_eq!(h.api_requests(), before);
    assert!(!h.screen().contains("Unlock SMS for"));
}

#[test]
fn yes_sends_the_unlock_to_the_users_id_and_shows_progress() {
    snapshot_both!("lookup_unlock_sending", |h: &mut Harness| {
        found(h);
        h.type_text("uy");
        match h.last_request() {
            Some((_, ApiRequest::Act { user_id, email, action })) => {
                assert_eq!(user_id, ALICE_ID);
                assert_eq!(email, "alice@example.com");
                assert_eq!(action, &UserAction::unlock(vec![UnlockMethod::Sms]));
            }
            other => panic!("expected an unlock, got {other:?}"),
        }
    });
}

#[test]
fn after_the_unlock_the_service_state_is_shown() {
    snapshot_both!("lookup_unlock_done", |h: &mut Harness| {
        found(h);
        h.type_text("uy");
        let states: MethodStates = serde_json::from_value(
            serde_json::json!({"id": ALICE_ID, "isTokenLocked": false, "isSmsLocked": false}),
        )
        .unwrap();
        h.answer(ApiOutcome::Acted {
            result: Ok(Acted::Unlocked { methods: vec![UnlockMethod::Sms], states }),
            refreshed: refreshed(alice_with(serde_json::json!({"isSmsLocked": false}))),
        });
        let screen = h.screen();
        assert!(screen.contains("✓ OK  Unlock methods: unlocked SMS;"), "{screen}");
        assert!(screen.contains("nothing is locked"));
        assert!(screen.contains("✓ none locked"), "the details are the refreshed ones");
        assert!(!screen.contains(" u unlock"), "nothing left to unlock");
    });
}

#[test]
fn disabling_asks_then_reports_a_refusal_in_the_services_words() {
    snapshot_both!("lookup_disable_refused", |h: &mut Harness| {
        found(h);
        h.type_text("d");
        assert!(h.screen().contains("Disable alice@example.com?"));
        h.type_text("y");
        assert!(matches!(
            h.last_request(),
            Some((_, ApiRequest::Act { action: UserAction { declared: d, .. }, .. })) if d.command == "disable"
        ));
        h.answer(ApiOutcome::Acted {
            result: Err(Failure::new("HTTP 409 Conflict: User is marked for deletion")),
            refreshed: refreshed(alice()),
        });
        assert!(h.screen().contains("✗ FAILED  Disable user: HTTP 409"));
    });
}

#[test]
fn a_disabled_user_is_offered_enable_and_the_new_status_is_shown() {
    let mut h = Harness::new(120, 40);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    let disabled = alice_with(serde_json::json!({"userStatus": "Disabled"}));
    h.answer(ApiOutcome::User {
        details: Box::new(disabled),
        authenticators: Ok(Default::default()),
    });
    assert!(h.screen().contains("d enable user"));
    h.type_text("dy");
    assert!(matches!(
        h.last_request(),
        Some((_, ApiRequest::Act { action: UserAction { declared: d, .. }, .. })) if d.command == "enable"
    ));
    let answer: UserStatusAnswer =
        serde_json::from_value(serde_json::json!({"id": ALICE_ID, "userStatus": "Enabled"}))
            .unwrap();
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::StatusSet(answer)),
        refreshed: refreshed(alice()),
    });
    let screen = h.screen();
    assert!(screen.contains("Enable user: now Enabled"));
    assert!(screen.contains("✓ Enabled") && screen.contains("d disable user"));
}

#[test]
fn sync_goes_at_once_and_shows_the_refreshed_details() {
    snapshot_both!("lookup_synced", |h: &mut Harness| {
        found(h);
        h.type_text("s");
        assert!(matches!(
            h.last_request(),
            Some((_, ApiRequest::Act { action: UserAction { declared: d, .. }, .. })) if d.command == "sync"
        ));
        let renamed = alice_with(
            serde_json::json!({"lastName": "Example-Smith", "lastSyncTime": "2026-11-22T10:30:00.000Z"}),
        );
        h.answer(ApiOutcome::Acted {
            result: Ok(Acted::Synced { details: Box::new(renamed.clone()), changes: None }),
            refreshed: refreshed(renamed),
        });
        let screen = h.screen();
        assert!(screen.contains("Alice Example-Smith"), "{screen}");
        // What changed, against the user as shown before: HR's change has arrived.
        assert!(screen.contains("name Alice Example →"), "{screen}");
    });
}

#[test]
fn a_refreshed_answer_naming_another_user_is_not_shown_as_this_one() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("s");
    let someone_else = user(serde_json::json!({
        "id": "00000000-0000-0000-0000-000000000000", "emailAddress": "mallory@example.com",
        "firstName": "Mallory", "userStatus": "Enabled"
    }));
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::Synced { details: Box::new(alice()), changes: None }),
        refreshed: refreshed(someone_else),
    });
    let screen = h.screen();
    assert!(!screen.contains("Mallory") && !screen.contains("mallory@"), "{screen}");
    assert!(screen.contains("User: alice@example.com"));
}

#[test]
fn a_user_marked_for_deletion_is_not_offered_enable_or_disable() {
    let mut h = Harness::new(120, 40);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    let marked = alice_with(serde_json::json!({"userStatus": "Disabled", "markDeleted": true}));
    h.answer(ApiOutcome::User {
        details: Box::new(marked),
        authenticators: Ok(Default::default()),
    });
    let screen = h.screen();
    assert!(screen.contains("marked for deletion"), "{screen}");
    assert!(!screen.contains("enable user"), "{screen}");
    let before = h.api_requests();
    h.type_text("dy");
    assert_eq!(h.api_requests(), before, "d does nothing to them");
}

#[test]
fn marking_a_leaver_for_deletion_says_the_day_and_undelete_is_offered_after() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    let before = h.api_requests();
    h.type_text("X");
    assert_eq!(h.api_requests(), before, "nothing is sent before yes");
    let day = time::OffsetDateTime::now_utc().date() + time::Duration::days(7);
    let on = format!("on {day}");
    let screen = h.screen();
    assert!(screen.contains("Mark alice@example.com for deletion?"), "{screen}");
    assert!(screen.contains(&on), "the day it is deleted, {on}: {screen}");
    h.type_text("y");
    assert!(matches!(
        h.last_request(),
        Some((_, ApiRequest::Act { action: UserAction { declared: d, .. }, .. })) if d.command == "mark-deleted"
    ));
    snapshot_both!("lookup_marked_for_deletion", |h: &mut Harness| {
        found(h);
        h.type_text("Xy");
        h.answer(ApiOutcome::Acted {
            result: Ok(Acted::Said(
                "marked for deletion; deleted on 2026-12-14 unless undeleted".into(),
            )),
            refreshed: refreshed(alice_with(serde_json::json!({
                "markDeleted": true, "markDeletedAt": "2026-12-07T10:00:00.000Z"
            }))),
        });
        let screen = h.screen();
        assert!(screen.contains("✓ OK  Mark user for deletion: marked for"), "{screen}");
        assert!(screen.contains("⚠ marked; deleted on 2026-12-14"), "{screen}");
        assert!(screen.contains("X undelete"), "offered while the mark stands: {screen}");
        assert!(!screen.contains("d disable user"), "a marked user's status cannot be set");
    });
}

#[test]
fn a_deletion_due_within_the_day_says_the_time_left_and_the_hour() {
    let mut h = Harness::new(80, 24);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    // Marked 6 days 22 hours before the harness's now: due in two hours.
    let marked = alice_with(serde_json::json!({
        "markDeleted": true, "markDeletedAt": "2026-11-15T12:00:00.000Z"
    }));
    h.answer(ApiOutcome::User {
        details: Box::new(marked),
        authenticators: Ok(Default::default()),
    });
    let screen = h.screen();
    assert!(screen.contains("deleted in 2 h 0 min"), "{screen}");
    h.advance(2 * 3600);
    assert!(h.screen().contains("deleted any moment now"), "{}", h.screen());
}

#[test]
fn after_a_fix_the_users_next_sign_in_confirms_it_and_is_recorded() {
    use casdesk::follow::{Confirmed, FollowNews};
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("uy");
    let states = MethodStates { is_sms_locked: Some(false), ..MethodStates::default() };
    h.answer(ApiOutcome::Acted {
        result: Ok(Acted::Unlocked { methods: vec![UnlockMethod::Sms], states }),
        refreshed: refreshed(alice_with(serde_json::json!({"isSmsLocked": false}))),
    });
    // The unlock worked: the console follows Alice's sign-ins from now.
    let Some((_, ApiRequest::Follow(follow))) = h.last_request() else {
        panic!("a follow for the confirmation: {:?}", h.last_request())
    };
    assert_eq!((follow.user_id.as_str(), follow.email.as_str()), (ALICE_ID, "alice@example.com"));
    assert!(follow.confirm_after.is_some() && follow.stop_when_answered);
    let at = crate::support::NOW + time::Duration::minutes(2);
    h.answer(ApiOutcome::Follow(FollowNews::Confirmed(Confirmed { at, how: "SMS".into() })));
    let recorded = h.commands.iter().any(|c| {
        matches!(c, Command::ConfirmedWorking { email, how, .. }
            if email == "alice@example.com" && how == "SMS")
    });
    assert!(recorded, "the worker is told to record it");
    // 10:02 UTC is 11:02 on the test's clock (UTC+1).
    assert!(h.screen().contains("alice@example.com confirmed working at 11:02 (signed in by SMS)"));
}

#[test]
fn a_failed_fix_is_not_followed() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("uy");
    h.answer(ApiOutcome::Acted { result: Err(Failure::new("HTTP 500")), refreshed: None });
    assert!(!matches!(h.last_request(), Some((_, ApiRequest::Follow(_)))));
}

#[test]
fn letters_typed_after_a_question_close_it_unanswered_and_never_say_yes() {
    let mut h = Harness::new(80, 24);
    found(&mut h);
    // Meaning to type a new address ("lindsy") with the field not focused: `d` asks to
    // disable, `s` closes the question, and the `y` after it answers nothing.
    h.type_text("lindsy");
    let changes =
        h.commands.iter().filter(|c| matches!(c, Command::Api(_, ApiRequest::Act { .. }))).count();
    assert_eq!(changes, 0, "no change sent: {}", h.screen());
    assert!(!h.screen().contains("y / n"), "no question left open: {}", h.screen());
    // `q` while asked closes the question; it does not quit.
    h.type_text("d");
    assert!(h.screen().contains("Disable alice@example.com?"), "{}", h.screen());
    h.type_text("q");
    assert!(!h.app.should_quit());
    assert!(h.screen().contains("Question closed unanswered"), "{}", h.screen());
    // `?` keeps it open, and `y` still answers it.
    h.type_text("d");
    h.key(KeyCode::Char('?'));
    h.key(KeyCode::Esc);
    h.type_text("y");
    assert!(matches!(
        h.last_request(),
        Some((_, ApiRequest::Act { action: UserAction { declared: d, .. }, .. })) if d.command == "disable"
    ));
}
