//! The dialogs over a screen (help, confirm quit, the interrupted-run offer, the problems found
//! at start-up): which keys each answers to, as bindings, so the same list decides what a key
//! does, fills the footer and is checked against the keymap.

use super::keys::{Action, Binding, Key, KeyState, action_for};
use super::{App, screens};
use crate::bulk::journal::RecordedRun;
use crate::messages::Command;
use crate::ui::status::Status;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    ConfirmQuit,
    /// An interrupted bulk run was found at start-up: offer to finish it.
    OfferResume,
    /// What could not be used in the settings (theme, keymap), until dismissed.
    Problems,
    /// Verifying the carried user's caller (`V`).
    Verify(super::caller::VerifyKeys),
    /// The ticket for this call (`T`).
    Ticket,
}

impl Overlay {
    /// The dialog as a keymap conflict names it.
    pub fn place(self) -> &'static str {
        match self {
            Self::None => "the screen",
            Self::Help => "the help overlay",
            Self::ConfirmQuit => "the quit dialog",
            Self::OfferResume => "the interrupted-run dialog",
            Self::Problems => "the settings-problems dialog",
            Self::Verify(_) => "the verify-caller dialog",
            Self::Ticket => "the ticket dialog",
        }
    }
}

impl KeyState for Overlay {
    fn all() -> Vec<Self> {
        let mut all = vec![Self::Help, Self::ConfirmQuit, Self::OfferResume, Self::Problems];
        all.extend(super::caller::VerifyKeys::all().into_iter().map(Self::Verify));
        all.push(Self::Ticket);
        all
    }

    fn editing(self) -> bool {
        match self {
            Self::Verify(keys) => keys.editing(),
            Self::Ticket => true,
            _ => false,
        }
    }

    /// The keys this dialog answers to; every other key is ignored while it is open. Capital
    /// letters work too but are left out of the footer.
    fn bindings(self) -> Vec<Binding> {
        let answer = |shown: &[Key], also: &[Key], action, label: &str| {
            [Binding::new(shown, action, label), Binding::new(also, action, label).quiet()]
        };
        match self {
            Self::None => Vec::new(),
            Self::Help => {
                answer(&[Key::Esc, Key::Char('?')], &[Key::Char('q')], Action::Cancel, "close")
                    .to_vec()
            }
            Self::ConfirmQuit => [
                answer(&[Key::Char('y')], &[Key::Char('Y')], Action::Confirm, "quit"),
                answer(
                    &[Key::Char('n'), Key::Esc],
                    &[Key::Char('N')],
                    Action::Cancel,
                    "keep working",
                ),
            ]
            .concat(),
            Self::OfferResume => [
                answer(&[Key::Char('r')], &[Key::Char('R')], Action::Confirm, "resume now"),
                answer(&[Key::Char('l'), Key::Esc], &[Key::Char('L')], Action::Cancel, "later"),
            ]
            .concat(),
            Self::Problems => vec![Binding::new(&[Key::Enter, Key::Esc], Action::Cancel, "close")],
            Self::Verify(keys) => keys.bindings(),
            Self::Ticket => vec![
                Binding::new(&[Key::Enter], Action::Submit, "set"),
                Binding::new(&[Key::Esc], Action::Cancel, "cancel"),
            ],
        }
    }
}

impl App {
    pub(super) fn on_dialog_key(
        &mut self,
        key: &crossterm::event::KeyEvent,
        commands: &mut Vec<Command>,
    ) {
        let action = action_for(&self.dialog_bindings(), key);
        if let (Overlay::Verify(_), action) = (self.overlay, action)
            && action != Some(Action::Quit)
        {
            return self.on_verify_key(action, key, commands);
        }
        if self.overlay == Overlay::Ticket && action != Some(Action::Quit) {
            return self.on_ticket_key(action, key, commands);
        }
        match (self.overlay, action) {
            // Ctrl-C in the quit question is a second Ctrl-C: it means it.
            (Overlay::ConfirmQuit, Some(Action::Confirm | Action::Quit)) => self.quit(commands),
            (_, Some(Action::Quit)) => {
                self.overlay = Overlay::None;
                self.ask_to_quit(commands);
            }
            (Overlay::OfferResume, Some(Action::Confirm)) => self.resume_offered(commands),
            // An offer that came while the problems were shown is made now.
            (Overlay::Problems, Some(Action::Cancel)) if !self.interrupted.is_empty() => {
                self.overlay = Overlay::OfferResume
            }
            (_, Some(Action::Cancel)) => self.overlay = Overlay::None,
            _ => {}
        }
    }

    /// What could not be used in the settings, found at start-up (theme and keymap problems,
    /// keymap conflicts): shown all together until dismissed, so none goes unread.
    pub fn report_problems(&mut self, problems: Vec<String>) {
        self.problems = problems;
        if !self.problems.is_empty() {
            self.overlay = Overlay::Problems;
        }
    }

    /// Interrupted runs found at start-up (newest first): the newest is offered for resuming
    /// (after the settings problems, if those are being shown).
    pub fn offer_resume(&mut self, runs: Vec<RecordedRun>) {
        self.interrupted = runs;
        if !self.interrupted.is_empty() && self.overlay != Overlay::Problems {
            self.overlay = Overlay::OfferResume;
        }
    }

    fn resume_offered(&mut self, commands: &mut Vec<Command>) {
        self.overlay = Overlay::None;
        if self.interrupted.is_empty() {
            return;
        }
        let run = self.interrupted.remove(0);
        let target = match run.header.operation {
            crate::bulk::RunOf::Codes(crate::bulk::Operation::Generate { .. }) => screens::CODES,
            _ => screens::BULK,
        };
        let mut taken = false;
        self.with_screen_at(target, commands, |s, cx| taken = s.resume(run, cx));
        if taken {
            self.switch(target, commands);
        } else {
            self.notify(
                Status::Warning,
                "A run is in progress there, or it is not one the console runs; use casdesk resume",
            );
        }
    }
}
