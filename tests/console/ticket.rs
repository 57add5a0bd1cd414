//! The call's ticket at the worker: named in every audit entry from the moment the console
//! gives it, none once cleared; and the ticket note given to `note_command` (a script the test
//! writes) with the ticket as its argument, its failure and its timeout told to the console.

use crate::support::simulator::legacy_client;
use casdesk::api::ClientOptions;
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Msg};
use casdesk::audit::AuditLog;
use casdesk::sim::{self, SimConfig, SimHandle};
use casdesk::ticket::Ticket;
use casdesk::ticket::post::{NoteCommand, NoteCommandSetting};
use casdesk::worker::{ClientSource, Records, Worker};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc::{self, UnboundedReceiver};

async fn next(rx: &mut UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an answer")
        .expect("open")
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("casdesk-ticket-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An executable script in `dir`.
fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_string_lossy().into_owned()
}

fn ticket(id: &str) -> Option<Ticket> {
    Ticket::parse(id).unwrap()
}

/// A worker on the simulator recording to `dir/audit.jsonl`, posting notes with `command`.
fn worker(
    sim: &SimHandle,
    dir: &Path,
    command: Option<NoteCommand>,
) -> (Worker, UnboundedReceiver<Msg>) {
    let audit = AuditLog::new(dir.join("audit.jsonl"), "tenant");
    let records = Records {
        journal_dir: None,
        audit: Some(audit),
        note_command: command,
        ..Default::default()
    };
    let (tx, rx) = mpsc::unbounded_channel();
    let client = ClientSource::Ready(legacy_client(sim, ClientOptions::default()));
    (Worker::new(client, tx, records), rx)
}

/// Looks `email` up; returns what else came meanwhile.
async fn look_up(
    worker: &mut Worker,
    rx: &mut UnboundedReceiver<Msg>,
    id: u64,
    email: &str,
) -> Vec<Msg> {
    let lookup = ApiRequest::Lookup { email: email.into(), search_unsynched: false };
    worker.execute(Command::Api(id, lookup));
    let mut other = Vec::new();
    loop {
        match next(rx).await {
            Msg::Api(got, ApiOutcome::User { .. }) if got == id => return other,
            Msg::Api(..) | Msg::Retrying(..) => {}
            msg => other.push(msg),
        }
    }
}

fn ask_note(email: &str) -> Command {
    Command::TicketNote {
        email: email.into(),
        since: time::OffsetDateTime::now_utc() - time::Duration::minutes(5),
        offset: time::UtcOffset::UTC,
    }
}

#[tokio::test]
async fn every_entry_names_the_ticket_given_and_none_once_it_is_cleared() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = scratch();
    let (mut worker, mut rx) = worker(&sim, &dir, None);
    look_up(&mut worker, &mut rx, 1, "alice@example.com").await;
    worker.execute(Command::Ticket(ticket("INC0012345")));
    look_up(&mut worker, &mut rx, 2, "alice@example.com").await;
    look_up(&mut worker, &mut rx, 3, "george.miller@example.com").await;
    worker.execute(Command::Ticket(None));
    look_up(&mut worker, &mut rx, 4, "alice@example.com").await;
    let entries = casdesk::audit::read(&dir.join("audit.jsonl")).unwrap().entries;
    let tickets: Vec<Option<&str>> = entries.iter().map(|e| e.ticket.as_deref()).collect();
    assert_eq!(tickets, [None, Some("INC0012345"), Some("INC0012345"), None]);
    let text = std::fs::read_to_string(dir.join("audit.jsonl")).unwrap();
    assert_eq!(text.matches("\"ticket\":\"INC0012345\"").count(), 2, "{text}");
    assert_eq!(text.matches("\"ticket\"").count(), 2, "skipped when there is none: {text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_note_is_given_to_note_command_with_the_ticket_and_its_answer_told() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = scratch();
    let got = dir.join("posted");
    let post = script(
        &dir,
        "post-note",
        &format!(
            "cat > '{0}'; echo \"ticket=$1\" >> '{0}'; echo 'comment 981 added'",
            got.display()
        ),
    );
    let command = NoteCommand::from_setting(&NoteCommandSetting::Line(post)).unwrap();
    let (mut worker, mut rx) = worker(&sim, &dir, Some(command));
    worker.execute(Command::Ticket(ticket("SD-42")));
    look_up(&mut worker, &mut rx, 1, "alice@example.com").await;
    worker.execute(ask_note("alice@example.com"));
    let Msg::TicketNote(Ok(note)) = next(&mut rx).await else { panic!("the note first") };
    assert!(note.text.contains("Ticket: SD-42\n"), "{}", note.text);
    let Msg::NotePosted(posting) = next(&mut rx).await else { panic!("then how posting went") };
    assert_eq!(posting.result, Ok(Some("comment 981 added".into())));
    assert_eq!(posting.ticket.as_str(), "SD-42");
    let posted = std::fs::read_to_string(&got).unwrap();
    assert_eq!(posted, format!("{}ticket=SD-42\n", note.text), "the note on stdin, as made");

    // Without a ticket nothing is posted: nowhere to post it.
    std::fs::remove_file(&got).unwrap();
    worker.execute(Command::Ticket(None));
    worker.execute(ask_note("alice@example.com"));
    assert!(matches!(next(&mut rx).await, Msg::TicketNote(Ok(_))));
    let more = tokio::time::timeout(Duration::from_millis(500), rx.recv()).await;
    assert!(more.is_err(), "nothing more: {more:?}");
    assert!(!got.exists(), "the program was not run");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_failing_or_hanging_note_command_is_told_and_nothing_else_stops() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = scratch();
    let fail =
        script(&dir, "fail", "cat >/dev/null; echo 'curl: (22) 401 Unauthorized' >&2; exit 22");
    let command = NoteCommand::from_setting(&NoteCommandSetting::Line(fail.clone())).unwrap();
    let (mut worker, mut rx) = worker(&sim, &dir, Some(command));
    worker.execute(Command::Ticket(ticket("INC-1")));
    look_up(&mut worker, &mut rx, 1, "alice@example.com").await;
    worker.execute(ask_note("alice@example.com"));
    assert!(matches!(next(&mut rx).await, Msg::TicketNote(Ok(_))));
    let Msg::NotePosted(posting) = next(&mut rx).await else { panic!("told") };
    assert_eq!(
        posting.result,
        Err(format!("{fail} exited with status 22: curl: (22) 401 Unauthorized"))
    );

    let hang = script(&dir, "hang", "exec sleep 30");
    let command = NoteCommand::from_setting(&NoteCommandSetting::Line(hang.clone()))
        .unwrap()
        .with_timeout(Duration::from_secs(1));
    let (mut worker, mut rx) = self::worker(&sim, &dir, Some(command));
    worker.execute(Command::Ticket(ticket("INC-1")));
    worker.execute(ask_note("alice@example.com"));
    assert!(matches!(next(&mut rx).await, Msg::TicketNote(Ok(_))));
    // Meanwhile the worker still answers.
    let meanwhile = look_up(&mut worker, &mut rx, 2, "george.miller@example.com").await;
    let told = match meanwhile.into_iter().next() {
        Some(msg) => msg,
        None => next(&mut rx).await,
    };
    let Msg::NotePosted(posting) = told else { panic!("told") };
    assert_eq!(posting.result, Err(format!("{hang} did not finish within 1 s and was stopped")));
    let _ = std::fs::remove_dir_all(&dir);
}
