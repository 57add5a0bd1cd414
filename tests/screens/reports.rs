//! The Reports screen (7): the three reports idle, the question that states the 8-hour limit,
//! waiting for a report (asked at a steady pace), saved with its path and rows, a file never
//! replaced unasked, and the limit said before anything is sent.

use crate::snapshot_both;
use crate::support::{Harness, NOW};
use casdesk::api::ReportKind;
use casdesk::app::msg::{ApiOutcome, ApiRequest};
use casdesk::reports::exchange::{ReportFailure, ReportNews, ReportRequest};
use casdesk::reports::fetch::Saved;
use casdesk::reports::record::{KindTimes, Times};
use crossterm::event::KeyCode;
use std::path::PathBuf;
use time::Duration;

fn times(users: KindTimes) -> Times {
    Times([(ReportKind::Users, users)].into_iter().collect())
}

/// Screen 8, the times read back (`kept`).
fn open(h: &mut Harness, kept: Times) {
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('8'));
    match h.last_request() {
        Some((_, ApiRequest::Report(ReportRequest::Times, _))) => {}
        other => panic!("the times are read on opening: {other:?}"),
    }
    let download_dir = PathBuf::from("/home/op/Downloads");
    h.answer(ApiOutcome::Report(ReportNews::Times { times: kept, problem: None, download_dir }));
}

fn report_request(h: &Harness) -> Option<ReportRequest> {
    match h.last_request() {
        Some((_, ApiRequest::Report(r, _))) => Some(r.clone()),
        _ => None,
    }
}

/// g, y: generate asked and accepted at NOW.
fn generated(h: &mut Harness) {
    h.key(KeyCode::Char('g'));
    h.key(KeyCode::Char('y'));
    assert_eq!(report_request(h), Some(ReportRequest::Generate(ReportKind::Users)));
    let kept = times(KindTimes { generated: Some(NOW), ..Default::default() });
    h.answer(ApiOutcome::Report(ReportNews::Generated {
        kind: ReportKind::Users,
        result: Ok(()),
        times: kept,
    }));
}

#[test]
fn idle() {
    snapshot_both!("reports_idle", |h: &mut Harness| {
        open(h, Times::default());
        let screen = h.screen();
        assert!(screen.contains("Reports") && screen.contains("Hardware tokens"), "{screen}");
        assert!(screen.contains("once every 8 hours"), "{screen}");
    });
}

#[test]
fn generate_asks_first_stating_the_limit() {
    snapshot_both!("reports_confirm", |h: &mut Harness| {
        open(h, Times::default());
        let before = h.api_requests();
        h.key(KeyCode::Char('g'));
        assert_eq!(h.api_requests(), before, "nothing sent before the answer");
        assert!(h.screen().contains("Generate the users report now?"));
    });
    let mut h = Harness::new(80, 24);
    open(&mut h, Times::default());
    let before = h.api_requests();
    h.key(KeyCode::Char('g'));
    h.key(KeyCode::Char('n'));
    assert_eq!(h.api_requests(), before, "no: nothing sent");
}

#[test]
fn waiting_asks_at_a_steady_pace() {
    snapshot_both!("reports_waiting", |h: &mut Harness| {
        open(h, Times::default());
        generated(h);
        h.advance(2);
        let screen = h.screen();
        assert!(screen.contains("waited 0:02; next ask in 1 s"), "{screen}");
    });
    let mut h = Harness::new(80, 24);
    open(&mut h, Times::default());
    generated(&mut h);
    let sent = h.api_requests();
    h.advance(2);
    assert_eq!(h.api_requests(), sent, "not asked before the first try is due (3 s)");
    h.advance(1);
    let held = ReportRequest::Download { kind: ReportKind::Users, to: None, replace: false };
    assert_eq!(report_request(&h), Some(held.clone()));
    let not_ready = ReportFailure::NotReady("still being made".into());
    h.answer(ApiOutcome::Report(ReportNews::Held {
        kind: ReportKind::Users,
        result: Err(not_ready),
        times: Times::default(),
    }));
    let sent = h.api_requests();
    h.advance(4);
    assert_eq!(h.api_requests(), sent, "the next try 5 s after the first");
    h.advance(1);
    assert_eq!(h.api_requests(), sent + 1);
    assert_eq!(report_request(&h), Some(held));
}

#[test]
fn downloaded_then_saved_with_its_path_and_rows() {
    snapshot_both!("reports_downloaded", |h: &mut Harness| {
        open(h, Times::default());
        generated(h);
        h.advance(3);
        let kept = times(KindTimes {
            generated: Some(NOW),
            downloaded: Some(NOW + Duration::seconds(3)),
            rows: Some(14),
            ..Default::default()
        });
        h.answer(ApiOutcome::Report(ReportNews::Held {
            kind: ReportKind::Users,
            result: Ok((14, 900)),
            times: kept,
        }));
        assert!(
            h.screen().contains("/home/op/Downloads/users-report-2026-11-22-1100.csv"),
            "the default path"
        );
        h.key(KeyCode::Enter);
        let to = PathBuf::from("/home/op/Downloads/users-report-2026-11-22-1100.csv");
        assert_eq!(
            report_request(h),
            Some(ReportRequest::Place { kind: ReportKind::Users, to: to.clone(), replace: false })
        );
        let kept = times(KindTimes {
            generated: Some(NOW),
            downloaded: Some(NOW + Duration::seconds(3)),
            written_to: Some(to.clone()),
            rows: Some(14),
        });
        let saved = Saved { path: to, rows: 14, bytes: 900 };
        h.answer(ApiOutcome::Report(ReportNews::Saved {
            kind: ReportKind::Users,
            result: Ok(saved),
            times: kept,
        }));
        let screen = h.screen();
        assert!(screen.contains("Saved 14 rows to"), "{screen}");
    });
}

#[test]
fn a_file_there_is_replaced_only_when_asked() {
    let mut h = Harness::new(120, 40);
    open(&mut h, Times::default());
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Enter);
    let Some(ReportRequest::Download { to: Some(to), replace: false, .. }) = report_request(&h)
    else {
        panic!("a download to the default path: {:?}", report_request(&h))
    };
    h.answer(ApiOutcome::Report(ReportNews::Saved {
        kind: ReportKind::Users,
        result: Err(ReportFailure::Exists(to.clone())),
        times: Times::default(),
    }));
    assert!(h.screen().contains("exists. Replace it with the report?"), "{}", h.screen());
    h.key(KeyCode::Char('y'));
    assert_eq!(
        report_request(&h),
        Some(ReportRequest::Download { kind: ReportKind::Users, to: Some(to), replace: true })
    );
}

#[test]
fn the_limit_is_said_before_anything_is_sent() {
    snapshot_both!("reports_limit_reached", |h: &mut Harness| {
        let kept = times(KindTimes {
            generated: Some(NOW - Duration::hours(2)),
            downloaded: Some(NOW - Duration::minutes(5)),
            ..Default::default()
        });
        open(h, kept);
        let before = h.api_requests();
        h.key(KeyCode::Char('g'));
        h.key(KeyCode::Char('d'));
        assert_eq!(h.api_requests(), before, "neither sent");
        let screen = h.screen();
        assert!(screen.contains("would refuse"), "{screen}");
    });
}
