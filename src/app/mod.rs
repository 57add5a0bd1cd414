//! The console's state and how it changes. `App::update` is synchronous and cheap: it never
//! waits, never touches the network or the terminal; it returns `Command`s for the worker.
//! That is what lets every screen be tested by feeding keys and canned results.

mod bindings;
mod caller;
pub mod chrome;
mod clipboard_timer;
mod confirm;
mod current_user;
pub mod dialogs;
pub mod duration_field;
pub mod form;
mod hand_off;
pub mod keymap;
pub mod keys;
/// The messages in and the commands out, under the name the console has always used; the
/// contract itself is [`crate::messages`], shared with the worker.
pub use crate::messages as msg;
pub mod others;
mod overlay;
mod screen;
pub mod screens;
mod ticket;

pub use crate::clock::Clock;
pub use current_user::CurrentUser;
pub use hand_off::{HandedList, LOOK_UP};
pub use overlay::Overlay;
pub use screen::{Cx, Screen, View};

use crate::bulk::journal::RecordedRun;
use crate::messages::{Command, Msg, RequestId};
use crate::ui::status::Status;
use crate::ui::theme::Theme;
use keys::{Action, action_for};
use ratatui::Frame;
use std::time::Duration;
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub status: Status,
    pub text: String,
    pub shown_at: OffsetDateTime,
}

const TOAST_SECONDS: i64 = 6;

pub struct App {
    pub screens: Vec<Box<dyn Screen>>,
    pub active: usize,
    pub theme: Theme,
    /// "DEMO" or the tenant's name, shown in the header.
    pub demo: bool,
    pub tenant: String,
    /// The settings profile in use, shown in the header beside the tenant.
    pub profile: Option<String>,
    pub clock: Clock,
    pub user: Option<CurrentUser>,
    pub toast: Option<Toast>,
    pub overlay: Overlay,
    pub spinner: usize,
    /// Interrupted bulk runs on this tenant, newest first (the first is on offer).
    pub interrupted: Vec<RecordedRun>,
    /// Nothing can be sent, and why: shown until casdesk quits.
    pub fatal: Option<String>,
    /// Codes are masked (screen sharing) unless revealed; `None` when masking is off.
    pub masked: Option<bool>,
    /// What could not be used in the settings, found at start-up (see `report_problems`).
    pub problems: Vec<String>,
    /// How long a copied code may stay on the clipboard, if limited.
    clear_clipboard_after: Option<time::Duration>,
    /// When the clipboard is next to be emptied.
    clipboard_clear_at: Option<OffsetDateTime>,
    /// The user's key overrides, applied to every binding.
    keymap: keymap::KeyMap,
    next_id: RequestId,
    quitting: bool,
    /// When this console started: the ticket note covers what was done since.
    session_started: OffsetDateTime,
    /// Which actions need a verified caller, and for how long.
    policy: crate::verify::Policy,
    /// The callers verified this session.
    callers: crate::verify::Verifications,
    /// The verify dialog (`V`), while open.
    verify: Option<caller::Dialog>,
    /// Fixes waiting for the user's next sign-in to confirm them.
    confirming: confirm::Confirming,
    /// The ticket this call is for, and its field (`T`).
    ticket: ticket::CallTicket,
    /// Who else acted on the carried user (the administration log), for every screen.
    pub others: others::OthersActed,
}

impl App {
    pub fn new(theme: Theme, demo: bool, tenant: impl Into<String>, clock: Clock) -> Self {
        Self {
            screens: screens::all(demo),
            active: 0,
            theme,
            demo,
            tenant: tenant.into(),
            profile: None,
            clock,
            user: None,
            toast: None,
            overlay: Overlay::None,
            spinner: 0,
            interrupted: Vec::new(),
            fatal: None,
            masked: None,
            problems: Vec::new(),
            clear_clipboard_after: None,
            clipboard_clear_at: None,
            keymap: keymap::KeyMap::default(),
            next_id: 0,
            quitting: false,
            session_started: clock.now,
            policy: crate::verify::Policy::default(),
            callers: crate::verify::Verifications::default(),
            verify: None,
            confirming: Default::default(),
            ticket: ticket::CallTicket::default(),
            others: others::OthersActed::default(),
        }
    }

    /// Shows codes as dots until `v` reveals them.
    pub fn set_masking(&mut self, on: bool) {
        self.masked = on.then_some(true);
    }

    /// The profile's validity and delivery, as the Codes screen's starting choices.
    pub fn set_code_defaults(&mut self, defaults: &crate::config::CodeDefaults) {
        for screen in &mut self.screens {
            screen.apply_code_defaults(defaults);
        }
    }

    /// Shows a message in the toast line (the event loop reports copies this way).
    pub fn notify(&mut self, status: Status, text: impl Into<String>) {
        self.toast = Some(Toast { status, text: text.into(), shown_at: self.clock.now });
    }

    pub fn should_quit(&self) -> bool {
        self.quitting
    }

    /// Handles one message; returns what the worker should do.
    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        let mut commands = Vec::new();
        match msg {
            Msg::Key(key) => {
                // Esc followed quickly by a key (typed fast, or merged by a slow SSH link)
                // arrives as Alt+key: treat it as the two keys it was.
                let alt = crossterm::event::KeyModifiers::ALT;
                if key.modifiers.contains(alt)
                    && matches!(key.code, crossterm::event::KeyCode::Char(_))
                {
                    let esc = crossterm::event::KeyEvent::new(
                        crossterm::event::KeyCode::Esc,
                        crossterm::event::KeyModifiers::NONE,
                    );
                    self.on_key(esc, &mut commands);
                    self.on_key(
                        crossterm::event::KeyEvent::new(key.code, key.modifiers - alt),
                        &mut commands,
                    );
                } else {
                    self.on_key(key, &mut commands);
                }
            }
            Msg::Paste(text) => {
                if self.overlay == Overlay::None {
                    self.with_screen(&mut commands, |s, cx| s.on_paste(&text, cx));
                }
                self.paste_ticket(&text);
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                self.expire_toast();
                self.verify_tick(&mut commands);
                for index in 0..self.screens.len() {
                    self.with_screen_at(index, &mut commands, |s, cx| s.tick(cx));
                }
                if self.clipboard_clear_at.is_some_and(|at| self.clock.now >= at) {
                    self.clipboard_clear_at = None;
                    commands.push(Command::ClearClipboard);
                }
            }
            Msg::Resize => {}
            Msg::Interrupted(runs) => self.offer_resume(runs),
            Msg::TicketNote(note) => self.on_ticket_note(note, &mut commands),
            Msg::NotePosted(posting) => self.on_note_posted(posting),
            Msg::ClientFailed(problem) => self.fatal = Some(crate::text::sanitize(&problem)),
            Msg::AuditFailed(problem) => self.notify(
                Status::Warning,
                format!(
                    "The audit record could not be written ({})",
                    crate::text::sanitize(&problem)
                ),
            ),
            other => {
                // The verify dialog's answers first; then every screen: the one that made the
                // request claims it.
                let mut slot = Some(other);
                self.on_fix_answer(&mut slot, &mut commands);
                self.on_others_answer(&mut slot);
                self.on_verify_answer(&mut slot, &mut commands);
                for index in 0..self.screens.len() {
                    if slot.is_none() {
                        break;
                    }
                    self.with_screen_at(index, &mut commands, |s, cx| s.on_message(&mut slot, cx));
                    if slot.is_none() {
                        break;
                    }
                }
            }
        }
        // Nothing the policy guards leaves without a verified caller: refused here, answered
        // at once as the worker answers what it cannot send.
        for refused in self.gate(&mut commands) {
            commands.extend(self.update(refused));
        }
        self.note_fixes(&commands);
        self.others.note_sent(&commands, self.clock.now);
        self.schedule_clipboard_clearing(&commands);
        commands
    }

    /// Sets the clock (the event loop does this before each message).
    pub fn set_time(&mut self, now: OffsetDateTime) {
        self.clock.now = now;
        self.expire_toast();
    }

    fn expire_toast(&mut self) {
        if self
            .toast
            .as_ref()
            .is_some_and(|t| (self.clock.now - t.shown_at).whole_seconds() >= TOAST_SECONDS)
        {
            self.toast = None;
        }
    }

    /// How soon the screen must be redrawn even if nothing happens, if ever. `None` means
    /// idle: no timer at all, no CPU.
    pub fn next_tick(&self) -> Option<Duration> {
        if self.screens.iter().any(|s| s.busy()) || self.verifying() {
            Some(Duration::from_millis(100))
        } else if self.toast.is_some()
            || self.clipboard_clear_at.is_some()
            || self.screens[self.active].counting_down(&self.clock)
        {
            Some(Duration::from_secs(1))
        } else {
            None
        }
    }

    fn on_key(&mut self, key: crossterm::event::KeyEvent, commands: &mut Vec<Command>) {
        if self.overlay != Overlay::None {
            return self.on_dialog_key(&key, commands);
        }
        if self.closes_question(&key) {
            self.with_screen(commands, |s, cx| s.on_action(Action::Cancel, cx));
            let text = "Question closed unanswered: only y answers it (n or Esc closes it)";
            return self.notify(Status::Warning, text);
        }
        match action_for(&self.global_bindings(), &key) {
            Some(Action::NextScreen) => {
                return self.switch((self.active + 1) % self.screens.len(), commands);
            }
            Some(Action::PrevScreen) => {
                let previous = (self.active + self.screens.len() - 1) % self.screens.len();
                return self.switch(previous, commands);
            }
            Some(Action::GoTo(_)) => {
                if let crossterm::event::KeyCode::Char(c) = key.code {
                    let index = c.to_digit(10).unwrap_or(1) as usize;
                    let target = index.saturating_sub(1).min(self.screens.len() - 1);
                    return self.switch(target, commands);
                }
            }
            Some(Action::Help) => {
                self.overlay = Overlay::Help;
                return;
            }
            Some(Action::Reveal) => {
                self.masked = self.masked.map(|m| !m);
                return;
            }
            Some(Action::Quit) => return self.ask_to_quit(commands),
            Some(Action::TicketNote) => return self.ask_for_ticket_note(commands),
            Some(Action::VerifyCaller) => return self.open_verify(),
            Some(Action::Ticket) => return self.open_ticket(),
            _ => {}
        }
        match action_for(&self.screen_bindings(), &key) {
            // Following is shown on Activity: from Lookup, it opens there and starts.
            Some(Action::Follow) if self.active == screens::LOOKUP => {
                self.switch(screens::ACTIVITY, commands);
                self.with_screen(commands, |s, cx| s.on_action(Action::Follow, cx));
            }
            Some(action) => self.with_screen(commands, |s, cx| s.on_action(action, cx)),
            None if self.editing() => self.screens[self.active].on_text_key(&key),
            None => {}
        }
    }

    /// Quits, asking first while a bulk run is going.
    fn ask_to_quit(&mut self, commands: &mut Vec<Command>) {
        if self.screens.iter().any(|s| s.bulk_running()) {
            self.overlay = Overlay::ConfirmQuit;
        } else {
            self.quit(commands);
        }
    }

    fn quit(&mut self, commands: &mut Vec<Command>) {
        self.quitting = true;
        commands.push(Command::Quit);
    }

    /// Brings screen `index` into view and tells it so (Activity fetches on open).
    fn switch(&mut self, index: usize, commands: &mut Vec<Command>) {
        let changed = self.active != index;
        self.active = index;
        if changed {
            self.with_screen(commands, |s, cx| s.opened(cx));
        }
    }

    fn with_screen(
        &mut self,
        commands: &mut Vec<Command>,
        f: impl FnOnce(&mut dyn Screen, &mut Cx),
    ) {
        let active = self.active;
        self.with_screen_at(active, commands, f);
    }

    fn with_screen_at(
        &mut self,
        index: usize,
        commands: &mut Vec<Command>,
        f: impl FnOnce(&mut dyn Screen, &mut Cx),
    ) {
        let mut new_user = None;
        let mut go_to = None;
        let mut codes_issued = Vec::new();
        let mut handed = None;
        {
            let mut cx = Cx {
                commands,
                next_id: &mut self.next_id,
                user: self.user.as_ref(),
                new_user: &mut new_user,
                toast: &mut self.toast,
                go_to: &mut go_to,
                codes_issued: &mut codes_issued,
                handed: &mut handed,
                clock: self.clock,
                others: &self.others,
            };
            f(self.screens[index].as_mut(), &mut cx);
        }
        for who in &codes_issued {
            for (other, screen) in self.screens.iter_mut().enumerate() {
                if other != index {
                    screen.registration_code_issued(who);
                }
            }
        }
        if let Some(user) = new_user {
            let before = self.user.take().map(|u| u.email);
            self.user = user;
            for screen in &mut self.screens {
                screen.user_changed(self.user.as_ref());
                commands.extend(screen.stopped_requests().into_iter().map(Command::Cancel));
            }
            self.ticket_kept(before);
            self.ask_who_else_acted(commands);
        }
        if let Some(target) = go_to {
            self.switch(target, commands);
        }
        if let Some(list) = handed {
            self.deliver(list, commands);
        }
    }

    pub fn draw(&self, frame: &mut Frame) {
        chrome::draw(self, frame);
    }
}
