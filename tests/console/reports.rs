//! The Reports screen's worker calls against the simulator: the times kept beside the audit
//! record, generate, a download held while waiting (not ready first), put where the operator
//! says without replacing a file unasked, and the audit record naming where it went.

use crate::support::simulator::legacy_client;
use casdesk::api::{ClientOptions, ReportKind};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Msg};
use casdesk::audit::AuditLog;
use casdesk::reports::exchange::{ReportFailure, ReportNews, ReportRequest};
use casdesk::sim::{self, SimConfig};
use casdesk::worker::{ClientSource, Records, Worker};
use std::time::Duration;
use tokio::sync::mpsc;

async fn news(rx: &mut mpsc::UnboundedReceiver<Msg>, id: u64) -> ReportNews {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv()).await.unwrap().unwrap();
        match msg {
            Msg::Api(got, ApiOutcome::Report(news)) if got == id => return news,
            Msg::Retrying(..) => {}
            other => panic!("expected report news for {id}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn generate_wait_hold_and_save_kept_and_recorded() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = std::env::temp_dir().join(format!("casdesk-worker-reports-{}", uuid::Uuid::new_v4()));
    let audit = AuditLog::new(dir.join("audit.jsonl"), "tenant").with_profile(Some("prod".into()));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let records = Records { journal_dir: None, audit: Some(audit), ..Default::default() };
    let client = legacy_client(&sim, ClientOptions::default());
    let mut worker = Worker::new(ClientSource::Ready(client), tx, records);
    let utc = time::UtcOffset::UTC;
    let mut ask = |id, r| worker.execute(Command::Api(id, ApiRequest::Report(r, utc)));

    ask(1, ReportRequest::Times);
    let ReportNews::Times { times, problem: None, .. } = news(&mut rx, 1).await else {
        panic!("times")
    };
    assert_eq!(times.of(ReportKind::Users).generated, None);

    ask(2, ReportRequest::Generate(ReportKind::Users));
    let ReportNews::Generated { result: Ok(()), times, .. } = news(&mut rx, 2).await else {
        panic!("generated")
    };
    assert!(times.of(ReportKind::Users).generated.is_some(), "kept");

    let hold = ReportRequest::Download { kind: ReportKind::Users, to: None, replace: false };
    ask(3, hold.clone());
    let ReportNews::Held { result: Err(ReportFailure::NotReady(words)), .. } =
        news(&mut rx, 3).await
    else {
        panic!("not ready yet")
    };
    assert!(words.starts_with("No users report is ready to download"), "{words}");
    sim.control().advance_clock(Duration::from_secs(6));
    ask(4, hold);
    let ReportNews::Held { result: Ok((rows, _)), .. } = news(&mut rx, 4).await else {
        panic!("held")
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("reports")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "a held report's folder is private");
    }

    let to = dir.join("users.csv");
    std::fs::write(&to, "mine").unwrap();
    ask(5, ReportRequest::Place { kind: ReportKind::Users, to: to.clone(), replace: false });
    let ReportNews::Saved { result: Err(ReportFailure::Exists(_)), .. } = news(&mut rx, 5).await
    else {
        panic!("not over a file unasked")
    };
    assert_eq!(std::fs::read_to_string(&to).unwrap(), "mine");
    ask(6, ReportRequest::Place { kind: ReportKind::Users, to: to.clone(), replace: true });
    let ReportNews::Saved { result: Ok(saved), times, .. } = news(&mut rx, 6).await else {
        panic!("saved")
    };
    assert_eq!(saved.rows, rows);
    let csv = std::fs::read_to_string(&to).unwrap();
    assert!(csv.starts_with("Email,"));
    assert_eq!(csv.lines().count() as u64 - 1, rows);
    assert_eq!(times.of(ReportKind::Users).written_to.as_deref(), Some(saved.path.as_path()));

    // The times are this profile's, beside the audit record.
    let kept = std::fs::read_to_string(dir.join("reports.json")).unwrap();
    assert!(kept.contains("\"profile prod\""), "{kept}");
    // A second download within 15 minutes: refused before the service by nobody here (the
    // screen warns), by the service with words.
    ask(
        7,
        ReportRequest::Download {
            kind: ReportKind::Users,
            to: Some(dir.join("again.csv")),
            replace: false,
        },
    );
    let ReportNews::Saved { result: Err(ReportFailure::Limit(words)), .. } = news(&mut rx, 7).await
    else {
        panic!("the limit")
    };
    assert!(words.contains("once every 15 minutes per tenant; try again at "), "{words}");

    let entries = casdesk::audit::read(&dir.join("audit.jsonl")).unwrap().entries;
    let report: Vec<(&str, &str, bool)> = entries
        .iter()
        .map(|e| (e.action.as_str(), e.users[0].user.as_str(), e.users[0].ok))
        .collect();
    assert_eq!(
        report,
        [
            ("generate report", "users report", true),
            ("download report", "users report", true),
            ("download report", "users report", true),
            ("download report", "users report", false),
        ],
        "not-ready and a file in the way are not recorded; the rest is"
    );
    let written = entries[2].users[0].outcome.as_deref().unwrap();
    assert!(
        written.starts_with("written to ") && written.ends_with(&format!("{rows} rows")),
        "{written}"
    );
    assert!(
        !std::fs::read_to_string(dir.join("audit.jsonl")).unwrap().contains("alice@example.com")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
