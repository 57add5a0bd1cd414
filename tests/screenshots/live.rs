//! The console (screens and worker) against the embedded simulator over loopback HTTP, as in
//! `tests/console/faults.rs`, but on the real clock: the simulator hands out expiry times from the real
//! now, so the console must count down from it too for the countdowns to look like a session's.

use crate::support::Harness;
use casdesk::api::ClientOptions;
use casdesk::app::Clock;
use casdesk::app::msg::{Command, Msg};
use casdesk::sim::SimHandle;
use casdesk::worker::{ClientSource, Records, Worker};
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use std::time::{Duration, Instant};
use time::{OffsetDateTime, UtcOffset};
use tokio::sync::mpsc;

/// Only reached when something is broken.
const DEADLINE: Duration = Duration::from_secs(30);

pub struct Live {
    harness: Harness,
    worker: Worker,
    rx: mpsc::UnboundedReceiver<Msg>,
    // Kept so the simulator runs as long as the console.
    sim: SimHandle,
}

impl Live {
    /// A fresh simulator and console in a `width`×`height` terminal, on screen 1.
    pub async fn start(width: u16, height: u16) -> Self {
        let sim = crate::support::simulator::start_sim().await;
        // The demo's OAuth client, as `casdesk demo` uses (Live Verification needs one).
        let client = crate::support::simulator::helpdesk_client(&sim, ClientOptions::default());
        let (tx, rx) = mpsc::unbounded_channel();
        let worker = Worker::new(ClientSource::Ready(client), tx, Records::default());
        let mut harness = Harness::new(width, height);
        // Times shown in UTC, so the pictures do not depend on where they were made.
        harness.app.clock = Clock { now: OffsetDateTime::now_utc(), local_offset: UtcOffset::UTC };
        Self { harness, worker, rx, sim }
    }

    /// Steers the simulator (simulated sign-ins, for the Activity picture).
    pub fn control(&self) -> casdesk::sim::SimControl {
        self.sim.control()
    }

    pub fn key(&mut self, code: KeyCode) {
        self.tick_clock();
        self.harness.key(code);
        self.run_commands();
    }

    pub fn type_text(&mut self, text: &str) {
        self.tick_clock();
        self.harness.type_text(text);
        self.run_commands();
    }

    pub fn paste(&mut self, text: &str) {
        self.tick_clock();
        self.harness.paste(text);
        self.run_commands();
    }

    fn send(&mut self, msg: Msg) {
        self.tick_clock();
        self.harness.send(msg);
        self.run_commands();
    }

    /// Sets the console's clock to now, as the event loop does before each message.
    fn tick_clock(&mut self) {
        self.harness.app.set_time(OffsetDateTime::now_utc());
    }

    /// Gives the worker what the screens asked for since last time.
    fn run_commands(&mut self) {
        for command in std::mem::take(&mut self.harness.commands) {
            match command {
                Command::Copy(_)
                | Command::CopyNote(_)
                | Command::ClearClipboard
                | Command::Quit => {}
                other => self.worker.execute(other),
            }
        }
    }

    /// Feeds the worker's answers to the screens until `done` holds for the screen text; fails
    /// with the screen it last saw.
    pub async fn until(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.harness.screen();
            if done(&screen) {
                return;
            }
            assert!(start.elapsed() < DEADLINE, "never saw {what}; the screen:\n{screen}");
            let wait = tokio::time::timeout(Duration::from_millis(100), self.rx.recv()).await;
            match wait {
                Ok(Some(msg)) => self.send(msg),
                _ => self.send(Msg::Tick),
            }
        }
    }

    /// Looks `email` up on screen 1, which must be showing with its field empty, and waits
    /// for the user's details.
    pub async fn look_up(&mut self, email: &str) {
        self.type_text(email);
        self.key(KeyCode::Enter);
        let shown = format!("User: {email}");
        self.until("the user's details", |s| s.contains(&shown) && !s.contains("Looking up")).await;
    }

    /// The frame as it is drawn now, on the clock as it is now.
    pub fn screen(&mut self) -> String {
        self.harness.screen()
    }

    pub fn buffer(&mut self) -> Buffer {
        self.tick_clock();
        self.harness.buffer()
    }
}
