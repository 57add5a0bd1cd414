//! The worker builds the API client after the console's first frame: requests made meanwhile
//! wait for it, and if it cannot be built every request still gets an answer. It also keeps the
//! console's audit trail, and tells the console when it cannot.

use crate::support::simulator::legacy_client;
use casdesk::api::{
    Client, ClientOptions, CodeMode, Credentials, EnableEmergencyTokencode, LegacyKeyFile,
};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Msg};
use casdesk::audit::AuditLog;
use casdesk::sim::{self, SimConfig};
use casdesk::worker::{ClientSource, Records, Worker};
use std::time::Duration;
use tokio::sync::mpsc;

async fn next(rx: &mut mpsc::UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an answer")
        .expect("open")
}

#[tokio::test]
async fn requests_made_before_the_client_is_built_wait_for_it() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let json = sim.demo_key_file_json();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let build = Box::new(move || {
        std::thread::sleep(Duration::from_millis(200));
        let key = LegacyKeyFile::parse(&json).map_err(|e| e.to_string())?;
        Client::with_options(Credentials::Legacy(key), ClientOptions::default())
            .map_err(|e| e.to_string())
    });
    let mut worker = Worker::new(ClientSource::Build(build), tx, Records::default());
    let lookup = ApiRequest::Lookup { email: "alice@example.com".into(), search_unsynched: false };
    worker.execute(Command::Api(1, lookup));
    match next(&mut rx).await {
        Msg::Api(1, ApiOutcome::User { details, .. }) => {
            assert_eq!(details.email_address.as_deref(), Some("alice@example.com"))
        }
        other => panic!("expected the user, got {other:?}"),
    }
}

#[tokio::test]
async fn a_client_that_cannot_be_built_fails_every_request_visibly() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let build = Box::new(|| Err("demo.key: the key cannot sign with RS256".to_string()));
    let mut worker = Worker::new(ClientSource::Build(build), tx, Records::default());
    let emails = vec!["a@example.com".to_string(), "b@example.com".to_string()];
    worker.execute(Command::Api(7, ApiRequest::Void { mode: CodeMode::Enrollment, emails }));
    let mut saw_fatal = false;
    loop {
        match next(&mut rx).await {
            Msg::ClientFailed(problem) => {
                assert!(problem.contains("cannot sign"));
                saw_fatal = true;
            }
            Msg::Api(7, ApiOutcome::Batch { outcomes, last }) => {
                assert!(last);
                assert_eq!(outcomes.len(), 2, "every user gets an outcome");
                assert!(outcomes.iter().all(|o| o.result.as_ref().is_err_and(|f| {
                    f.message.contains("not sent") && f.message.contains("cannot sign")
                })));
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    // The console is told once, whichever arrives first.
    if !saw_fatal {
        assert!(matches!(next(&mut rx).await, Msg::ClientFailed(_)));
    }
}

fn demo_client(sim: &casdesk::sim::SimHandle) -> ClientSource {
    ClientSource::Ready(legacy_client(sim, ClientOptions::default()))
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("casdesk-worker-{name}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The answer to request `id`, skipping retry notices.
async fn answer(rx: &mut mpsc::UnboundedReceiver<Msg>, id: u64) -> ApiOutcome {
    loop {
        match next(rx).await {
            Msg::Api(got, outcome) if got == id => return outcome,
            Msg::Retrying(..) => {}
            other => panic!("expected the answer to {id}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn emergency_tokencode_entries_name_the_user_by_address_and_the_profile() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = temp_dir("audit");
    let path = dir.join("audit.jsonl");
    let audit = AuditLog::new(path.clone(), "tenant").with_profile(Some("production".into()));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let records = Records { journal_dir: None, audit: Some(audit), ..Default::default() };
    let mut worker = Worker::new(demo_client(&sim), tx, records);

    let lookup = ApiRequest::Lookup { email: "alice@example.com".into(), search_unsynched: false };
    worker.execute(Command::Api(1, lookup));
    let ApiOutcome::User { details, .. } = answer(&mut rx, 1).await else { panic!("the user") };
    let user_id = details.id.clone().expect("an id");
    let options = EnableEmergencyTokencode::new(None);
    let email = "alice@example.com".to_string();
    let enable = ApiRequest::EnableEac { user_id: user_id.clone(), email: email.clone(), options };
    worker.execute(Command::Api(2, enable));
    let ApiOutcome::EacEnabled(Ok(eac)) = answer(&mut rx, 2).await else { panic!("enabled") };
    let eac_id = eac.emergency_tokencode_id.clone().expect("an emergency tokencode id");
    let disable = ApiRequest::DisableEac { user_id: user_id.clone(), email, eac_id };
    worker.execute(Command::Api(3, disable));
    assert!(matches!(answer(&mut rx, 3).await, ApiOutcome::EacDisabled(Ok(()))));

    let entries = casdesk::audit::read(&path).unwrap().entries;
    let actions: Vec<(&str, &str)> =
        entries.iter().map(|e| (e.action.as_str(), e.users[0].user.as_str())).collect();
    assert_eq!(
        actions,
        [
            ("lookup", "alice@example.com"),
            ("enable emergency tokencode", "alice@example.com"),
            ("disable emergency tokencode", "alice@example.com"),
        ],
        "never the internal id {user_id}"
    );
    assert!(entries.iter().all(|e| e.profile.as_deref() == Some("production")));

    // The ticket note of it: this profile's entries only, and never the emergency tokencode.
    let staging = AuditLog::new(path.clone(), "tenant").with_profile(Some("staging".into()));
    staging
        .record("disable user", vec![casdesk::audit::UserResult::ok("alice@example.com")])
        .unwrap();
    let started = time::OffsetDateTime::now_utc() - time::Duration::minutes(5);
    let ask = |email: &str| Command::TicketNote {
        email: email.into(),
        since: started,
        offset: time::UtcOffset::UTC,
    };
    worker.execute(ask("Alice@Example.com"));
    let Msg::TicketNote(Ok(note)) = next(&mut rx).await else { panic!("a ticket note") };
    let code = eac.emergency_tokencode.as_ref().expect("the tokencode").expose().to_string();
    assert!(!note.text.contains(&code), "never the emergency tokencode");
    // The lines of what was done (`HH:MM  …`), then what the call came to.
    let timed = |l: &&str| l.as_bytes().get(2) == Some(&b':');
    let lines: Vec<&str> = note.text.lines().skip(2).filter(timed).map(|l| &l[7..]).collect();
    assert!(note.text.ends_with("Caller verified: no\nConfirmed working: not confirmed\n"));
    let expected = [
        "Lookup: done",
        "Enable emergency tokencode: emergency tokencode enabled",
        "Disable emergency tokencode: emergency tokencode disabled",
    ];
    assert_eq!(lines.len(), expected.len(), "{}", note.text);
    for (got, want) in lines.iter().zip(expected) {
        assert!(got.starts_with(want), "{got:?} should start {want:?}");
    }
    assert!(note.text.contains("(profile production)") && !note.text.contains("Disable user"));
    let _ = std::fs::remove_dir_all(&dir);

    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut unrecorded = Worker::new(demo_client(&sim), tx, Records::default());
    unrecorded.execute(ask("alice@example.com"));
    let Msg::TicketNote(Err(why)) = next(&mut rx).await else { panic!("no note") };
    assert!(why.contains("no audit record is kept"), "{why}");
}

#[tokio::test]
async fn an_audit_record_that_cannot_be_written_is_reported_to_the_console() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = temp_dir("audit-fails");
    // Where the trail should be is a folder: no file can be opened there (even as root).
    let path = dir.join("audit.jsonl");
    std::fs::create_dir_all(&path).unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let records = Records {
        journal_dir: None,
        audit: Some(AuditLog::new(path.clone(), "t")),
        ..Default::default()
    };
    let mut worker = Worker::new(demo_client(&sim), tx, records);
    let lookup = ApiRequest::Lookup { email: "alice@example.com".into(), search_unsynched: false };
    worker.execute(Command::Api(1, lookup));
    match next(&mut rx).await {
        Msg::AuditFailed(problem) => {
            assert!(problem.contains(path.to_str().unwrap()), "names the file: {problem}")
        }
        other => panic!("expected the console to be told, got {other:?}"),
    }
    assert!(matches!(answer(&mut rx, 1).await, ApiOutcome::User { .. }), "and still answered");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn reading_sign_in_activity_answers_the_events_and_is_audited_by_address() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = temp_dir("activity");
    let path = dir.join("audit.jsonl");
    let (tx, mut rx) = mpsc::unbounded_channel();
    let records = Records {
        journal_dir: None,
        audit: Some(AuditLog::new(path.clone(), "t")),
        ..Default::default()
    };
    let mut worker = Worker::new(demo_client(&sim), tx, records);
    let lookup =
        ApiRequest::Lookup { email: "viktor.petrov@example.com".into(), search_unsynched: false };
    worker.execute(Command::Api(1, lookup));
    let ApiOutcome::User { details, .. } = answer(&mut rx, 1).await else { panic!("the user") };
    let user_id = details.id.clone().expect("an id");
    let email = "viktor.petrov@example.com".to_string();
    let query = casdesk::api::AuthLogQuery::default();
    let read = ApiRequest::AuthLogs { user_id: user_id.clone(), email: email.clone(), query };
    worker.execute(Command::Api(2, read));
    let ApiOutcome::AuthLogs(Ok(events)) = answer(&mut rx, 2).await else { panic!("the log") };
    assert_eq!(events.len(), 6);
    let unknown = ApiRequest::AuthLogs {
        user_id: "00000000-0000-0000-0000-000000000000".into(),
        email: "ghost@example.com".into(),
        query: casdesk::api::AuthLogQuery::default(),
    };
    worker.execute(Command::Api(3, unknown));
    let ApiOutcome::AuthLogs(Err(failure)) = answer(&mut rx, 3).await else { panic!("a 404") };
    assert_eq!(failure.status, Some(404));
    let entries = casdesk::audit::read(&path).unwrap().entries;
    let actions: Vec<(&str, &str, bool)> = entries
        .iter()
        .map(|e| (e.action.as_str(), e.users[0].user.as_str(), e.users[0].ok))
        .collect();
    assert_eq!(
        actions,
        [
            ("lookup", "viktor.petrov@example.com", true),
            ("sign-in activity", "viktor.petrov@example.com", true),
            ("sign-in activity", "ghost@example.com", false),
        ],
        "by address, never the internal id {user_id}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_sync_from_the_console_is_recorded_with_what_it_changed_and_the_note_keeps_it() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = temp_dir("sync");
    let path = dir.join("audit.jsonl");
    let (tx, mut rx) = mpsc::unbounded_channel();
    let records = Records {
        journal_dir: None,
        audit: Some(AuditLog::new(path.clone(), "t")),
        ..Default::default()
    };
    let mut worker = Worker::new(demo_client(&sim), tx, records);
    let email = "george.miller@example.com".to_string();
    let lookup = ApiRequest::Lookup { email: email.clone(), search_unsynched: false };
    worker.execute(Command::Api(1, lookup));
    let ApiOutcome::User { details, .. } = answer(&mut rx, 1).await else { panic!("the user") };
    assert_eq!(details.last_name.as_deref(), Some("Miller"), "HR's change is still pending");
    let user_id = details.id.clone().expect("an id");
    let action = casdesk::actions::UserAction::of(&casdesk::actions::declared::SYNC);
    worker.execute(Command::Api(2, ApiRequest::Act { user_id, email: email.clone(), action }));
    let ApiOutcome::Acted { result: Ok(acted), .. } = answer(&mut rx, 2).await else {
        panic!("synchronised")
    };
    let change = "name George Miller → George Miller-Hayes";
    assert!(acted.summary().contains(change), "the answer says it: {}", acted.summary());

    let entries = casdesk::audit::read(&path).unwrap().entries;
    let sync = entries.iter().find(|e| e.action == "synchronise user").expect("recorded");
    let recorded = sync.users[0].outcome.as_deref().unwrap_or_default();
    assert!(recorded.contains(change), "the record says what changed: {recorded}");

    let since = time::OffsetDateTime::now_utc() - time::Duration::minutes(5);
    let offset = time::UtcOffset::UTC;
    worker.execute(Command::TicketNote { email: email.clone(), since, offset });
    let Msg::TicketNote(Ok(note)) = next(&mut rx).await else { panic!("a ticket note") };
    assert!(
        note.text.contains(
            "Synchronise user: synchronised from the identity source: name George Miller -> \
             George Miller-Hayes"
        ),
        "{}",
        note.text
    );
    let _ = std::fs::remove_dir_all(&dir);
}
