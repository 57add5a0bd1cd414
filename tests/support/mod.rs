//! Drives the console without a terminal or a server: keys in, canned answers in, frames out.

#![allow(dead_code)] // each test binary uses a different part of the harness

pub mod binary;
pub mod live;
pub mod simulator;

use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Msg, RequestId};
use casdesk::app::{App, Clock};
use casdesk::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use time::macros::{datetime, offset};

/// Every snapshot is taken at this moment, one hour east of UTC, so countdowns never drift.
pub const NOW: time::OffsetDateTime = datetime!(2026-11-22 10:00:00 UTC);

pub struct Harness {
    pub app: App,
    terminal: Terminal<TestBackend>,
    /// Every command the console issued, in order.
    pub commands: Vec<Command>,
}

impl Harness {
    pub fn new(width: u16, height: u16) -> Self {
        Self::with_theme(width, height, Theme::default_dark())
    }

    pub fn with_theme(width: u16, height: u16, theme: Theme) -> Self {
        let clock = Clock { now: NOW, local_offset: offset!(+1) };
        Self {
            app: App::new(theme, true, "Example Corp (demo tenant)", clock),
            terminal: Terminal::new(TestBackend::new(width, height)).expect("test terminal"),
            commands: Vec::new(),
        }
    }

    /// The caller on the line verified as `email` (seen in person: the test's stand-in for
    /// any way), as the verify dialog records it; a guarded action for them is then sent.
    pub fn caller_verified(&mut self, email: &str) {
        let how = casdesk::verify::How::Override(casdesk::verify::Reason::SeenInPerson);
        // The carried user's username too, as the dialog records it (a device code may be
        // asked for by it).
        let username = self.app.user.as_ref().filter(|u| u.email.eq_ignore_ascii_case(email));
        let username = username.and_then(|u| u.details.principal_username.clone());
        let verified = casdesk::verify::Verified::new(email, username.as_deref(), how, NOW);
        let command = self.app.record_verified(verified);
        self.commands.push(command);
        // Said in the toast; the tests that use this are about something else.
        self.app.toast = None;
    }

    pub fn send(&mut self, msg: Msg) {
        let commands = self.app.update(msg);
        self.commands.extend(commands);
    }

    pub fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.send(Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
    }

    /// Types `text` one key at a time, as a person would.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.send(Msg::Paste(text.to_string()));
    }

    /// The most recent API request the console made, with its id.
    pub fn last_request(&self) -> Option<(RequestId, &ApiRequest)> {
        self.commands.iter().rev().find_map(|c| match c {
            Command::Api(id, request) => Some((*id, request)),
            _ => None,
        })
    }

    /// The most recent file the console asked to read, with its request id.
    pub fn last_request_of_file(&self) -> Option<(RequestId, std::path::PathBuf)> {
        self.commands.iter().rev().find_map(|c| match c {
            Command::ReadFile(id, path) => Some((*id, path.clone())),
            _ => None,
        })
    }

    pub fn api_requests(&self) -> usize {
        self.commands.iter().filter(|c| matches!(c, Command::Api(..))).count()
    }

    /// Answers the most recent API request.
    pub fn answer(&mut self, outcome: impl Into<ApiOutcome>) {
        let (id, _) = self.last_request().expect("a request to answer");
        self.send(Msg::Api(id, outcome.into()));
    }

    pub fn advance(&mut self, seconds: i64) {
        let now = self.app.clock.now + time::Duration::seconds(seconds);
        self.app.set_time(now);
        self.send(Msg::Tick);
    }

    pub fn buffer(&mut self) -> Buffer {
        let app = &self.app;
        self.terminal.draw(|frame| app.draw(frame)).expect("draw");
        self.terminal.backend().buffer().clone()
    }

    /// The screen as text, one line per row, trailing spaces trimmed.
    pub fn screen(&mut self) -> String {
        let buffer = self.buffer();
        let area = buffer.area;
        let mut out = String::new();
        for y in 0..area.height {
            let mut line = String::new();
            for x in 0..area.width {
                line.push_str(buffer[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// The style of the first cell whose symbol starts `needle` on screen.
    pub fn style_of(&mut self, needle: &str) -> Option<ratatui::style::Style> {
        let buffer = self.buffer();
        let area = buffer.area;
        let first = needle.chars().next()?.to_string();
        for y in 0..area.height {
            let row: String =
                (0..area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect();
            if let Some(byte_index) = row.find(needle) {
                let column = row[..byte_index].chars().count() as u16;
                let cell = &buffer[(column, y)];
                debug_assert_eq!(cell.symbol(), first);
                return Some(cell.style());
            }
        }
        None
    }
}

/// A user-details answer from JSON, as the service would send it.
pub fn user(json: serde_json::Value) -> casdesk::api::UserDetails {
    serde_json::from_value(json).expect("user details JSON")
}

pub fn alice() -> casdesk::api::UserDetails {
    user(serde_json::json!({
        "id": "7f0c6a2e-4b1d-4e8a-9c3f-2a5b6c7d8e9f", "emailAddress": "alice@example.com",
        "firstName": "Alice", "lastName": "Example", "identitySource": "Corporate AD",
        "userStatus": "Enabled", "isTokenLocked": false, "isSmsLocked": true,
        "emergencyAccessStatus": "Disabled", "principalUsername": "alice",
        "lastSuccessfulAuthenticationDate": "2026-11-21T08:15:00.000Z",
        "lastSuccessfulAuthenticationMethod": "Approve",
        "lastSyncTime": "2026-11-22T06:00:00.000Z"
    }))
}

pub fn outcome_user(
    details: casdesk::api::UserDetails,
    authenticators: serde_json::Value,
) -> ApiOutcome {
    ApiOutcome::User {
        details: Box::new(details),
        authenticators: Ok(serde_json::from_value(authenticators).expect("authenticators JSON")),
    }
}

/// One void call's answer, as the worker reports it once the engine has matched it to users.
pub struct Voided {
    pub emails: Vec<String>,
    pub results: Result<Vec<casdesk::api::VoidResult>, casdesk::app::msg::Failure>,
    pub last: bool,
}

impl From<Voided> for ApiOutcome {
    fn from(v: Voided) -> Self {
        let answer = v.results.map(casdesk::bulk::Answers::Voided);
        ApiOutcome::Batch { outcomes: casdesk::bulk::per_user(&v.emails, answer), last: v.last }
    }
}

/// One generate call's answer, likewise.
pub struct Generated {
    pub emails: Vec<String>,
    pub results: Result<Vec<casdesk::api::GenerateCodeResult>, casdesk::app::msg::Failure>,
    pub last: bool,
}

impl From<Generated> for ApiOutcome {
    fn from(g: Generated) -> Self {
        let answer = g.results.map(casdesk::bulk::Answers::Generated);
        ApiOutcome::Batch { outcomes: casdesk::bulk::per_user(&g.emails, answer), last: g.last }
    }
}
