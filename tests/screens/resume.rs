use crate::snapshot_both;
use crate::support::Harness;
use casdesk::api::{CodeMode, Delivery};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Msg};
use casdesk::bulk::journal::{Journal, RecordedRun, RunHeader};
use casdesk::bulk::{Failure, GenerateOptions, Operation, UserOutcome};
use crossterm::event::KeyCode;

/// A journal of a run killed after its first call (of two) was answered and while its second
/// was in flight: written and read back the way casdesk does.
pub(crate) fn interrupted(op: Operation) -> RecordedRun {
    let dir = std::env::temp_dir().join(format!("casdesk-resume-{}", uuid::Uuid::new_v4()));
    let users: Vec<String> = (0..6).map(|i| format!("user{i}@example.com")).collect();
    let header = RunHeader {
        run_id: "run-7".into(),
        started: "2026-11-22T09:40:00Z".into(),
        tenant: "simulator on this machine".into(),
        operation: op.into(),
        users: users.clone(),
    };
    let mut journal = Journal::create(&dir, &header).unwrap();
    journal.sending(&users[..2]).unwrap();
    let mut done = UserOutcome::failed(&users[0], Failure::new(""));
    done.result = Ok(casdesk::api::ResultCode::EnrollmentVoided);
    journal.results(&[done, UserOutcome::failed(&users[1], Failure::new("HTTP 500"))]).unwrap();
    journal.sending(&users[2..4]).unwrap();
    let run = RecordedRun::read(journal.path()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    run
}

pub(crate) const VOID: Operation = Operation::Void { mode: CodeMode::Enrollment };

#[test]
fn an_interrupted_void_run_is_offered_at_start() {
    snapshot_both!("resume_offer_void", |h: &mut Harness| h
        .app
        .offer_resume(vec![interrupted(VOID)]));
    let generate = Operation::Generate {
        mode: CodeMode::Enrollment,
        options: GenerateOptions { delivery: Some(Delivery::Display), ..Default::default() },
    };
    snapshot_both!("resume_offer_generate", |h: &mut Harness| h
        .app
        .offer_resume(vec![interrupted(generate.clone())]));
}

#[test]
fn resuming_shows_the_finished_part_and_sends_the_rest() {
    let mut h = Harness::new(120, 40);
    // As the console delivers it: read off the start-up path, then offered.
    h.send(Msg::Interrupted(vec![interrupted(VOID)]));
    assert!(h.screen().contains("Interrupted run"));
    h.key(KeyCode::Char('r'));
    assert_eq!(h.app.active, 2, "a void run resumes on the Bulk screen");
    assert!(
        matches!(h.last_request(), Some((_, ApiRequest::Resume { run })) if run.header.run_id == "run-7")
    );
    // The worker answers with the journal's outcomes first, then the rest as sent.
    let run = interrupted(VOID);
    let earlier: Vec<UserOutcome> = run.outcomes.values().map(|r| r.to_outcome()).collect();
    h.answer(ApiOutcome::Batch { outcomes: earlier, last: false });
    let screen = h.screen();
    assert!(screen.contains("2 of 6 (voiding)"), "{screen}");
    assert!(screen.contains("user1@example.com") && screen.contains("HTTP 500"), "{screen}");
    let rest: Vec<UserOutcome> = run
        .to_send()
        .iter()
        .map(|u| {
            let mut o = UserOutcome::failed(u, Failure::new(""));
            o.result = Ok(casdesk::api::ResultCode::EnrollmentNothingToVoid);
            o
        })
        .collect();
    assert_eq!(rest.len(), 4, "void is safe to repeat: the lost answers are sent again");
    h.answer(ApiOutcome::Batch { outcomes: rest, last: true });
    assert!(h.screen().contains("6 of 6 (done)"), "{}", h.screen());
}

#[test]
fn later_keeps_the_run_for_casdesk_resume() {
    let mut h = Harness::new(80, 24);
    h.app.offer_resume(vec![interrupted(VOID)]);
    h.key(KeyCode::Esc);
    assert_eq!(h.api_requests(), 0);
    assert!(!h.screen().contains("Interrupted run"));
}

#[test]
fn the_offer_waits_until_the_settings_problems_are_dismissed() {
    let mut h = Harness::new(80, 24);
    h.app.report_problems(vec!["keymap: no action called \"qiut\"".into()]);
    h.send(Msg::Interrupted(vec![interrupted(VOID)]));
    assert_eq!(h.app.overlay, casdesk::app::Overlay::Problems, "the problems stay in view");
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Interrupted run"), "then the run is offered:\n{}", h.screen());
}
