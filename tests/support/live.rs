//! The console (screens and worker) against the simulator over loopback HTTP: keys in, the
//! worker's real answers fed back, the screen read as text.

use super::Harness;
use casdesk::api::ClientOptions;
use casdesk::app::msg::{Command, Msg};
use casdesk::sim::{SimControl, SimHandle};
use casdesk::worker::{ClientSource, Records, Worker};
use crossterm::event::KeyCode;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Only reached when something is broken.
pub const DEADLINE: Duration = Duration::from_secs(40);

/// The console (screens and worker) against a simulator, with a client quick to give up so
/// timeouts and retries take moments, not minutes.
pub struct Live {
    pub harness: Harness,
    worker: Worker,
    rx: mpsc::UnboundedReceiver<Msg>,
    sim: SimHandle,
    /// Every ticket note the console copied.
    pub notes: Vec<casdesk::ticket_note::TicketNote>,
}

impl Live {
    pub async fn start() -> Self {
        Self::start_with(Records::default()).await
    }

    /// The console writing its audit record to `path`, as a real one does.
    pub async fn start_recording(path: std::path::PathBuf) -> Self {
        let audit = casdesk::audit::AuditLog::new(path, "simulator on this machine");
        Self::start_with(Records { journal_dir: None, audit: Some(audit), ..Default::default() })
            .await
    }

    /// With the demo OAuth client instead of the legacy key (Live Verification needs one).
    pub async fn start_oauth() -> Self {
        Self::start_as(Records::default(), true).await
    }

    async fn start_with(records: Records) -> Self {
        Self::start_as(records, false).await
    }

    async fn start_as(records: Records, oauth: bool) -> Self {
        let sim = super::simulator::start_sim().await;
        let options = ClientOptions {
            timeout: Duration::from_millis(800),
            connect_timeout: Duration::from_secs(2),
            ..super::simulator::retries(3, 20, 100, 2)
        };
        let client = if oauth {
            super::simulator::helpdesk_client(&sim, options)
        } else {
            super::simulator::legacy_client(&sim, options)
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let worker = Worker::new(ClientSource::Ready(client), tx, records);
        Self { harness: Harness::new(120, 40), worker, rx, sim, notes: Vec::new() }
    }

    pub fn control(&self) -> SimControl {
        self.sim.control()
    }

    /// The simulator, for a client of the test's own beside the console's.
    pub fn sim(&self) -> &SimHandle {
        &self.sim
    }

    pub fn key(&mut self, code: KeyCode) {
        self.harness.key(code);
        self.run_commands();
    }

    pub fn type_text(&mut self, text: &str) {
        self.harness.type_text(text);
        self.run_commands();
    }

    pub fn paste(&mut self, text: &str) {
        self.harness.paste(text);
        self.run_commands();
    }

    /// Gives the worker what the screens asked for since last time.
    pub fn run_commands(&mut self) {
        for command in std::mem::take(&mut self.harness.commands) {
            match command {
                // As the event loop does, to a clipboard that records.
                Command::CopyNote(note) => {
                    let copied = casdesk::clipboard::CopyReport {
                        destinations: vec!["the test recorder"],
                        problems: vec![],
                    };
                    self.harness.app.ticket_note_copied(&note, &copied);
                    self.notes.push(note);
                }
                Command::Copy(_) | Command::ClearClipboard | Command::Quit => {}
                other => self.worker.execute(other),
            }
        }
    }

    /// Feeds the worker's answers to the screens until `done` holds for the screen; fails with
    /// the screen it last saw.
    pub async fn until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.harness.screen();
            if done(&screen) {
                return screen;
            }
            assert!(start.elapsed() < DEADLINE, "never saw {what}; the screen:\n{screen}");
            let wait = tokio::time::timeout(Duration::from_millis(100), self.rx.recv()).await;
            if let Ok(Some(msg)) = wait {
                self.harness.send(msg);
            } else {
                self.harness.send(Msg::Tick);
            }
            self.run_commands();
        }
    }

    /// Looks `email` up on screen 1 and waits for the lookup to end, well or not.
    pub async fn look_up(&mut self, email: &str) -> String {
        self.type_text(email);
        self.key(KeyCode::Enter);
        self.until("the lookup to end", |s| !s.contains("Looking up")).await;
        // Who else acted is read after a lookup: let that finish too, so a fault a test
        // injects next meets the call it is meant for.
        let start = Instant::now();
        while self.harness.app.others.reading() {
            assert!(start.elapsed() < DEADLINE, "the administration log read never ended");
            let wait = tokio::time::timeout(Duration::from_millis(100), self.rx.recv()).await;
            if let Ok(Some(msg)) = wait {
                self.harness.send(msg);
            }
            self.run_commands();
        }
        self.harness.screen()
    }

    /// Voids the enrollment codes of `emails` on screen 3 and waits for the run to end.
    pub async fn bulk_void(&mut self, emails: &[String]) -> String {
        self.start_bulk_void(emails);
        let total = emails.len();
        self.until("the bulk run to end", |s| s.contains(&format!("{total} of {total} (done)")))
            .await
    }

    /// Starts voiding the enrollment codes of `emails` on screen 3, without waiting.
    pub fn start_bulk_void(&mut self, emails: &[String]) {
        self.key(KeyCode::Esc);
        self.key(KeyCode::Char('3'));
        self.paste(&emails.join("\n"));
        self.key(KeyCode::Enter);
        self.key(KeyCode::Char('y'));
    }
}
