//! Sending again, from a finished Bulk run, the users that ended FAILED or in doubt: through
//! the real update loop, with the confirmation and the request checked.

use crate::snapshot_both;
use crate::support::{Harness, Voided};
use casdesk::actions::{ActionOutcome, Done, UserAction};
use casdesk::api::{CodeMode, VoidResult};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Failure};
use crossterm::event::KeyCode;

const LIST: &str =
    "alice@example.com\nuser2@example.com\nghost@example.com\nbob@example.com\nnot-an-address\n";

fn emails(list: &[&str]) -> Vec<String> {
    list.iter().map(|e| e.to_string()).collect()
}

fn voids(json: serde_json::Value) -> Vec<VoidResult> {
    serde_json::from_value(json).expect("void results JSON")
}

/// A finished ENROLLMENT void: alice unknown (1002, FAILED), user2 an undocumented 1099 (in
/// doubt), bob voided, ghost's call a 500 (in doubt: the service may have acted); and a line
/// that is not an address.
fn finished(h: &mut Harness) {
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    h.paste(LIST);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    h.answer(Voided {
        emails: emails(&["alice@example.com", "user2@example.com", "bob@example.com"]),
        results: Ok(voids(serde_json::json!([
            {"status": 1002, "user_email": "alice@example.com", "errorMessage": "Invalid User"},
            {"status": 1099, "user_email": "user2@example.com"},
            {"status": 1013, "user_email": "bob@example.com"}
        ]))),
        last: false,
    });
    h.answer(Voided {
        emails: emails(&["ghost@example.com"]),
        results: Err(Failure::new("HTTP 500 Internal Server Error").uncertain()),
        last: true,
    });
}

#[test]
fn a_finished_run_says_how_many_can_be_sent_again_and_the_key() {
    let mut h = Harness::new(80, 24);
    finished(&mut h);
    let screen = h.screen();
    assert!(screen.contains("3 to send again (s)"), "{screen}");
    h.key(KeyCode::Char('?'));
    assert!(h.screen().contains("send again"), "the help lists it:\n{}", h.screen());
}

#[test]
fn the_confirmation_names_the_count_the_action_and_why_they_are_sent() {
    snapshot_both!("bulk_again_confirm", |h: &mut Harness| {
        finished(h);
        let before = h.api_requests();
        h.key(KeyCode::Char('s'));
        let screen = h.screen();
        assert_eq!(h.api_requests(), before, "nothing is sent before y");
        assert!(screen.contains("Send again 3 users to void"), "{screen}");
        assert!(screen.contains("1 FAILED and 2 in doubt"), "{screen}");
        assert!(screen.contains("Void the ENROLLMENT codes of exactly 3 users?"), "{screen}");
        assert!(screen.contains("Voiding again is safe"), "{screen}");
        assert!(screen.contains("Left out: 1 user answered \"nothing voided\""), "{screen}");
        assert!(!screen.contains("bob@example.com"), "bob is not sent again: {screen}");
    });
}

#[test]
fn no_goes_back_to_the_results_and_yes_sends_just_those_users() {
    let mut h = Harness::new(80, 24);
    finished(&mut h);
    let (first_run, _) = h.last_request().unwrap();
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Char('n'));
    let screen = h.screen();
    assert!(screen.contains("4 of 4 (done)") && screen.contains("3 to send again"), "{screen}");
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Char('y'));
    let (id, request) = h.last_request().unwrap();
    assert_ne!(id, first_run, "a new run");
    match request {
        ApiRequest::Void { mode, emails } => {
            assert_eq!(*mode, CodeMode::Enrollment);
            assert_eq!(emails, &["alice@example.com", "user2@example.com", "ghost@example.com"]);
        }
        other => panic!("expected a void, got {other:?}"),
    }
    let screen = h.screen();
    assert!(screen.contains("0 of 3 (voiding)"), "{screen}");
    h.answer(Voided {
        emails: emails(&["alice@example.com", "user2@example.com", "ghost@example.com"]),
        results: Ok(voids(serde_json::json!([
            {"status": 1014, "user_email": "alice@example.com"},
            {"status": 1014, "user_email": "user2@example.com"},
            {"status": 1014, "user_email": "ghost@example.com"}
        ]))),
        last: true,
    });
    let screen = h.screen();
    assert!(screen.contains("3 of 3 (done)") && screen.contains("✓ OK 3"), "{screen}");
    assert!(!screen.contains("to send again"), "nothing left to send: {screen}");
    let before = h.api_requests();
    h.key(KeyCode::Char('s'));
    assert_eq!(h.api_requests(), before, "s does nothing when nobody is left");
    assert!(h.screen().contains("3 of 3 (done)"));
}

#[test]
fn nothing_is_offered_while_a_run_is_going() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    h.paste(LIST);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    h.answer(Voided {
        emails: emails(&["alice@example.com"]),
        results: Ok(voids(
            serde_json::json!([{"status": 1002, "user_email": "alice@example.com"}]),
        )),
        last: false,
    });
    let before = h.api_requests();
    h.key(KeyCode::Char('s'));
    assert_eq!(h.api_requests(), before);
    assert!(!h.screen().contains("to send again"), "{}", h.screen());
}

#[test]
fn a_stopped_run_sends_the_users_never_sent() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    h.paste(LIST);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::Char('x'));
    h.answer(Voided {
        emails: emails(&[
            "alice@example.com",
            "user2@example.com",
            "ghost@example.com",
            "bob@example.com",
        ]),
        results: Err(Failure::new("not sent: the run was cancelled")),
        last: true,
    });
    h.key(KeyCode::Char('s'));
    assert!(h.screen().contains("ended with 4 FAILED."), "{}", h.screen());
    h.key(KeyCode::Char('y'));
    match h.last_request() {
        Some((_, ApiRequest::Void { emails, .. })) => assert_eq!(emails.len(), 4),
        other => panic!("expected a void, got {other:?}"),
    }
}

#[test]
fn an_unlock_run_sends_again_as_an_unlock() {
    let mut h = Harness::new(120, 40);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    for _ in 0..2 {
        h.key(KeyCode::Right);
    }
    h.paste("viktor.petrov@example.com\nnobody@example.com\n");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    let outcome = |email: &str, result| ActionOutcome { email: email.into(), result };
    h.answer(ApiOutcome::Each {
        outcomes: vec![
            outcome("viktor.petrov@example.com", Ok(Done::NothingToDo("nothing locked".into()))),
            outcome("nobody@example.com", Err(Failure::new("connection reset").uncertain())),
        ],
        last: true,
    });
    h.key(KeyCode::Char('s'));
    let screen = h.screen();
    assert!(
        screen.contains("Unlock the locked Tokencode, SMS and Voice methods of exactly 1 user?"),
        "{screen}"
    );
    assert!(screen.contains("Unlocking again is safe"), "{screen}");
    h.key(KeyCode::Char('y'));
    match h.last_request() {
        Some((
            _,
            ApiRequest::ActOnEach {
                action: UserAction { args: casdesk::actions::Args::Methods(_), .. },
                emails,
            },
        )) => {
            assert_eq!(emails, &["nobody@example.com"])
        }
        other => panic!("expected an unlock, got {other:?}"),
    }
}

#[test]
fn at_80x24_the_results_table_keeps_at_least_five_rows() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    let list: Vec<String> = (0..40).map(|i| format!("user{i:02}@example.com")).collect();
    h.paste(&list.join("\n"));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    h.answer(Voided {
        emails: list.clone(),
        results: Err(Failure::new("HTTP 500 Internal Server Error").uncertain()),
        last: true,
    });
    let screen = h.screen();
    let rows = screen.lines().filter(|l| l.starts_with('│') && l.contains("@example.com")).count();
    assert!(rows >= 5, "{rows} rows:\n{screen}");
}
