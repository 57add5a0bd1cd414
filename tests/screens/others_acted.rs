//! "Others acted (24 h)" under the user Lookup found: colleagues' entries from the
//! administration log in plain words, this key's own left out, a 403 said once in words, and
//! a confirmation that names the colleague whose recent action it would replace or undo.

use crate::snapshot_both;
use crate::support::{Harness, NOW, alice};
use casdesk::api::{AdminActivity, AdminLogEntry};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Failure};
use crossterm::event::KeyCode;

const ALICE_ID: &str = "7f0c6a2e-4b1d-4e8a-9c3f-2a5b6c7d8e9f";

fn entry(minutes_ago: i64, who: &str, role: &str, key: &str) -> AdminLogEntry {
    AdminLogEntry {
        event_log_date: Some(casdesk::api::format_query_time(
            NOW - time::Duration::minutes(minutes_ago),
        )),
        admin_user_name: Some(who.into()),
        admin_user_role: Some(role.into()),
        activity_key: Some(key.into()),
        target_object1_id: Some(ALICE_ID.into()),
        ..Default::default()
    }
}

/// anna's code 3 minutes ago, raj's enable 20 minutes ago, this key's sync, and a key
/// casdesk does not know.
fn colleagues() -> Vec<AdminLogEntry> {
    vec![
        entry(300, "marcus.reed", "Super Administrator", "RESET_RISK_SCORE"),
        entry(20, "marcus.reed", "Super Administrator", "ENABLE_USER"),
        entry(10, "my-key-id", "Help Desk Administrator", "SYNCHRONIZE_USER"),
        entry(3, "anna.berg", "Help Desk Administrator", "GENERATE_ENROLLMENT_CODE"),
    ]
}

/// The screen's words in one line, borders and wrapping gone, for phrases that wrap.
fn words(h: &mut Harness) -> String {
    let screen = h.screen().replace(['│', '┌', '┐', '└', '┘', '─'], " ");
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn found(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(ApiOutcome::User {
        details: Box::new(alice()),
        authenticators: Ok(Default::default()),
    });
}

/// Answers the read the console made after the lookup.
fn others_answer(h: &mut Harness, read: Result<AdminActivity, Failure>) {
    match h.last_request() {
        Some((_, ApiRequest::AdminActivity { user_id, after, until })) => {
            assert_eq!(user_id, ALICE_ID);
            assert_eq!(*until - *after, time::Duration::hours(24) + time::Duration::minutes(1));
        }
        other => panic!("expected the administration log read, got {other:?}"),
    }
    h.answer(ApiOutcome::AdminActivity(read));
}

fn read(entries: Vec<AdminLogEntry>) -> Result<AdminActivity, Failure> {
    Ok(AdminActivity { entries, pages_read: 1, cut_short: false, own_name: "my-key-id".into() })
}

#[test]
fn lookup_lists_who_else_acted_newest_first_without_this_keys_own() {
    snapshot_both!("lookup_others_acted", |h: &mut Harness| {
        found(h);
        others_answer(h, read(colleagues()));
        let screen = words(h);
        assert!(screen.contains("Others acted (24 h): 3 (+1 by this key)"), "{screen}");
        assert!(screen.contains("anna.berg (Help Desk) generated an enrollment code"), "{screen}");
        assert!(!screen.contains("my-key-id"), "{screen}");
    });
    let mut h = Harness::new(120, 40);
    found(&mut h);
    others_answer(&mut h, read(colleagues()));
    let screen = words(&mut h);
    let anna = screen.find("anna.berg (Help Desk) generated an enrollment code · 3 min ago");
    let raj = screen.find("marcus.reed (Super Admin) enabled the user · 20 min ago");
    assert!(anna.is_some() && raj.is_some() && anna < raj, "newest first: {screen}");
    assert!(
        screen.contains("marcus.reed (Super Admin) did RESET_RISK_SCORE · 5 h ago"),
        "{screen}"
    );
}

#[test]
fn nobody_else_is_said_and_the_lookup_never_waits_for_the_log() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    assert!(h.screen().contains("Alice Example"), "shown before the log is read");
    assert!(!h.screen().contains("Others acted"));
    others_answer(&mut h, read(vec![]));
    assert!(h.screen().contains("Others acted (24 h): nobody else"));
}

#[test]
fn a_403_is_said_once_in_words_and_not_asked_again() {
    snapshot_both!("lookup_others_forbidden", |h: &mut Harness| {
        found(h);
        let refused =
            Failure { status: Some(403), ..Failure::new("HTTP 403 Forbidden: Access is denied") };
        others_answer(h, Err(refused));
        assert!(words(h).contains(
            "This key may not read the administration log; who else acted is not shown."
        ));
    });
    let mut h = Harness::new(120, 40);
    found(&mut h);
    let refused = Failure { status: Some(403), ..Failure::new("HTTP 403 Forbidden") };
    others_answer(&mut h, Err(refused));
    // The next user: not asked, not said again; everything else works.
    h.key(KeyCode::Char('e'));
    h.type_text("bob@example.com");
    h.key(KeyCode::Enter);
    let mut bob = alice();
    bob.id = Some("b0b".into());
    bob.email_address = Some("bob@example.com".into());
    h.answer(ApiOutcome::User { details: Box::new(bob), authenticators: Ok(Default::default()) });
    assert!(matches!(h.last_request(), Some((_, ApiRequest::Lookup { .. }))), "not asked again");
    assert!(!h.screen().contains("administration log"), "said once");
}

#[test]
fn another_failure_is_said_briefly() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    others_answer(&mut h, Err(Failure::new("HTTP 503 Service Unavailable")));
    assert!(
        words(&mut h).contains("Who else acted could not be read: HTTP 503 Service Unavailable")
    );
}

#[test]
fn disabling_a_user_a_colleague_enabled_names_them_before_yes() {
    snapshot_both!("lookup_disable_undoes_colleague", |h: &mut Harness| {
        found(h);
        others_answer(h, read(colleagues()));
        h.key(KeyCode::Char('d'));
        let screen = words(h);
        assert!(
            screen
                .contains("marcus.reed (Super Admin) enabled the user 20 min ago: this undoes it."),
            "{screen}"
        );
    });
    // Syncing replaces nothing: no warning.
    let mut h = Harness::new(120, 40);
    found(&mut h);
    others_answer(&mut h, read(colleagues()));
    h.key(KeyCode::Char('s'));
    assert!(!h.screen().contains("this undoes it") && !h.screen().contains("this voids"));
}

#[test]
fn a_code_for_the_user_voids_the_one_a_colleague_generated_and_says_so() {
    snapshot_both!("codes_voids_colleagues_code", |h: &mut Harness| {
        found(h);
        others_answer(h, read(colleagues()));
        h.caller_verified("alice@example.com");
        h.key(KeyCode::Char('2'));
        h.key(KeyCode::Enter);
    });
    let mut h = Harness::new(120, 40);
    found(&mut h);
    others_answer(&mut h, read(colleagues()));
    h.caller_verified("alice@example.com");
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    assert!(
        !matches!(h.last_request(), Some((_, ApiRequest::Generate { .. }))),
        "one user, but a colleague's code would be voided: asked first"
    );
    let screen = words(&mut h);
    assert!(screen.contains("Generate"), "the question: {screen}");
    assert!(
        screen.contains(
            "anna.berg (Help Desk) generated an enrollment code 3 min ago: this voids theirs."
        ),
        "{screen}"
    );
    h.key(KeyCode::Char('y'));
    assert!(matches!(h.last_request(), Some((_, ApiRequest::Generate { .. }))), "sent on yes");
    // This key's code is now the newest: a second one voids only its own, and is not asked.
    let (_, request) = h.last_request().unwrap();
    let ApiRequest::Generate { users, .. } = request.clone() else { unreachable!() };
    h.answer(crate::support::Generated {
        emails: vec!["alice@example.com".into()],
        results: Ok(vec![]),
        last: true,
    });
    let before = h.api_requests();
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Enter);
    assert_eq!(users.len(), 1);
    assert_eq!(h.api_requests(), before + 1, "sent at once: {}", h.screen());
    assert!(!words(&mut h).contains("this voids theirs"));
}

#[test]
fn a_code_nobody_else_made_lately_is_generated_at_once() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    others_answer(
        &mut h,
        read(vec![entry(2000, "anna.berg", "Help Desk Administrator", "GENERATE_ENROLLMENT_CODE")]),
    );
    h.caller_verified("alice@example.com");
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    assert!(matches!(h.last_request(), Some((_, ApiRequest::Generate { .. }))), "no question");
}

#[test]
fn a_new_emergency_tokencode_names_the_colleague_whose_code_it_replaces() {
    let mut h = Harness::new(120, 40);
    let mut details = alice();
    details.emergency_access_status = Some("Enabled".into());
    details.emergency_tokencode_id = Some("eac-1".into());
    details.emergency_tokencode_expiration = Some("2026-11-23T10:00:00.000Z".into());
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(ApiOutcome::User {
        details: Box::new(details),
        authenticators: Ok(Default::default()),
    });
    let raj = entry(45, "marcus.reed", "Super Administrator", "ENABLE_EMERGENCY_TOKENCODE");
    others_answer(&mut h, read(vec![raj]));
    h.caller_verified("alice@example.com");
    h.key(KeyCode::Char('5'));
    h.key(KeyCode::Enter);
    let screen = words(&mut h);
    assert!(screen.contains("Enable a new one?"), "{screen}");
    assert!(
        screen.contains(
            "marcus.reed (Super Admin) enabled an emergency tokencode 45 min ago: this replaces it."
        ),
        "{screen}"
    );
}

#[test]
fn the_device_code_screen_says_before_enter_which_colleagues_code_a_new_one_replaces() {
    let mut h = Harness::new(80, 24);
    found(&mut h);
    let anna =
        entry(5, "anna.berg", "Help Desk Administrator", "GENERATE_DEVICE_REGISTRATION_CODE");
    others_answer(&mut h, read(vec![anna]));
    h.key(KeyCode::Char('4'));
    let screen = words(&mut h);
    assert!(
        screen.contains(
            "anna.berg (Help Desk) issued a device registration code 5 min ago: this replaces it."
        ),
        "{screen}"
    );
}
