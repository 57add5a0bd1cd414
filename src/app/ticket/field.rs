//! `T`: the ticket for this call, in a one-line field. Enter gives it (an empty field clears
//! it), Esc leaves it as it was. It is kept until changed or cleared: looking up another user
//! does not clear it, but says that it still applies.

use crate::app::keys::Action;
use crate::app::{App, Overlay};
use crate::messages::Command;
use crate::ticket::Ticket;
use crate::ui::status::Status;
use tui_input::Input;

/// The ticket, the field while it is open, and whether notes are posted to tickets.
#[derive(Debug, Default)]
pub struct CallTicket {
    pub(super) current: Option<Ticket>,
    pub(super) field: Option<Input>,
    /// Why the text typed cannot be a ticket id, until it is changed.
    pub(super) problem: Option<String>,
    /// A `note_command` is set: the note is posted to the ticket as it is made.
    pub(super) posts_notes: bool,
}

impl App {
    /// The ticket this call is for, if one was given.
    pub fn ticket(&self) -> Option<&Ticket> {
        self.ticket.current.as_ref()
    }

    /// Gives the call `ticket` (none: clears it); the command tells the worker, which names it
    /// in every audit entry from now on.
    pub fn set_ticket(&mut self, ticket: Option<Ticket>) -> Command {
        self.ticket.current = ticket.clone();
        Command::Ticket(ticket)
    }

    /// Whether a `note_command` posts each ticket note (the toasts say where it went).
    pub fn set_note_posting(&mut self, on: bool) {
        self.ticket.posts_notes = on;
    }

    /// `T`: the field, holding the ticket there is.
    pub(in crate::app) fn open_ticket(&mut self) {
        let text = self.ticket.current.as_ref().map(Ticket::to_string).unwrap_or_default();
        self.ticket.field = Some(Input::new(text));
        self.ticket.problem = None;
        self.overlay = Overlay::Ticket;
    }

    /// A key in the field.
    pub(in crate::app) fn on_ticket_key(
        &mut self,
        action: Option<Action>,
        key: &crossterm::event::KeyEvent,
        commands: &mut Vec<Command>,
    ) {
        let Some(field) = self.ticket.field.as_mut() else {
            self.overlay = Overlay::None;
            return;
        };
        match action {
            Some(Action::Submit) => match Ticket::parse(field.value()) {
                Ok(ticket) => {
                    self.close_ticket();
                    let said = match &ticket {
                        Some(t) => format!("Ticket {t} for this call (T changes or clears it)"),
                        None => "No ticket now: what is done is recorded without one".into(),
                    };
                    let changed = ticket != self.ticket.current;
                    commands.push(self.set_ticket(ticket));
                    if changed {
                        self.notify(Status::Ok, said);
                    }
                }
                Err(problem) => self.ticket.problem = Some(problem),
            },
            Some(Action::Cancel) => self.close_ticket(),
            _ => {
                use tui_input::backend::crossterm::EventHandler;
                field.handle_event(&crossterm::event::Event::Key(*key));
                self.ticket.problem = None;
            }
        }
    }

    /// Pasted while the field is open (else nothing): on one line (a ticket id copied from a
    /// web page often ends in a newline).
    pub(in crate::app) fn paste_ticket(&mut self, text: &str) {
        if let Some(field) = self.ticket.field.take() {
            let pasted = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let (before, after): (String, String) = {
                let mut chars = field.value().chars();
                let before = chars.by_ref().take(field.cursor()).collect();
                (before, chars.collect())
            };
            let cursor = before.chars().count() + pasted.chars().count();
            let value = format!("{before}{pasted}{after}");
            self.ticket.field = Some(Input::new(value).with_cursor(cursor));
            self.ticket.problem = None;
        }
    }

    fn close_ticket(&mut self) {
        self.ticket.field = None;
        self.ticket.problem = None;
        self.overlay = Overlay::None;
    }

    /// The carried user changed from `before`: a ticket given for the call before still
    /// applies, and the toast says so, so it is not carried into another call unnoticed.
    pub(in crate::app) fn ticket_kept(&mut self, before: Option<String>) {
        let now = self.user.as_ref().map(|u| u.email.to_lowercase());
        if let (Some(ticket), Some(before), Some(now)) = (&self.ticket.current, before, now)
            && before.to_lowercase() != now
        {
            let said = format!("Ticket {ticket} still applies: T changes it, or clears it");
            self.notify(Status::Warning, said);
        }
    }
}
