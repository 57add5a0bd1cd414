//! The call's ticket at the console: `T` gives it (`field.rs`, drawn by `draw.rs`), the header
//! shows it, the worker names it in every audit entry. And the ticket-note key: asks the worker
//! for the note of what was done for the carried user since this console started, has it
//! copied, and says how that went, and how posting it to the ticket went.

mod draw;
mod field;

pub use draw::draw_ticket;
pub use field::CallTicket;

use super::App;
use crate::clipboard::CopyReport;
use crate::messages::Command;
use crate::ticket::post::Posting;
use crate::ticket_note::TicketNote;
use crate::ui::status::Status;

impl App {
    /// The key was pressed: the worker reads the audit record (screens do no I/O).
    pub(super) fn ask_for_ticket_note(&mut self, commands: &mut Vec<Command>) {
        match &self.user {
            Some(user) => commands.push(Command::TicketNote {
                email: user.email.clone(),
                since: self.session_started,
                offset: self.clock.local_offset,
            }),
            None => self.notify(
                Status::Warning,
                "Look a user up first: the ticket note says what was done for them",
            ),
        }
    }

    /// The note made from the record: copied, unless there is nothing in it.
    pub(super) fn on_ticket_note(
        &mut self,
        note: Result<TicketNote, String>,
        commands: &mut Vec<Command>,
    ) {
        match note {
            Ok(note) if note.listed == 0 => {
                let started = self.session_started.to_offset(self.clock.local_offset);
                self.notify(
                    Status::Warning,
                    format!(
                        "Nothing done for {} since this session began at {:02}:{:02}: no \
                         ticket note",
                        note.user,
                        started.hour(),
                        started.minute()
                    ),
                );
            }
            Ok(note) => commands.push(Command::CopyNote(note)),
            Err(problem) => self.notify(
                Status::Failed,
                format!("No ticket note: {}", crate::text::sanitize(&problem)),
            ),
        }
    }

    /// Says where the note went (the event loop calls this once it has copied it). OSC 52 is
    /// never confirmed, so when the terminal was the only way, the command is named too.
    pub fn ticket_note_copied(&mut self, note: &TicketNote, report: &CopyReport) {
        let user = &note.user;
        let count = match (note.changes, note.listed) {
            (0, _) => "nothing changed".to_string(),
            (_, 1) => "1 action".to_string(),
            (_, n) => format!("{n} actions"),
        };
        let (status, text) = match report.destinations.as_slice() {
            [] => (
                Status::Failed,
                format!(
                    "Could not copy the ticket note ({}); casdesk note {user} prints it",
                    report.problems.join("; ")
                ),
            ),
            // OSC 52 alone: casdesk cannot know it arrived, so no OK.
            [crate::clipboard::TERMINAL] => (
                Status::Warning,
                format!(
                    "Ticket note ({count}) sent by OSC 52, unconfirmed; or: casdesk note {user}"
                ),
            ),
            _ => (Status::Ok, format!("Ticket note for {user} copied ({count})")),
        };
        // The worker posts it where there is a program to and a ticket to post it to.
        let posting = match (self.ticket.posts_notes, &self.ticket.current) {
            (false, _) => String::new(),
            (true, Some(ticket)) => format!("; posting it to {ticket}…"),
            (true, None) => "; not posted: no ticket for this call (T gives one)".into(),
        };
        self.notify(status, format!("{text}{posting}"));
    }

    /// The worker gave the note to `note_command`: says how that went (never fatal: the note
    /// was made and copied all the same).
    pub(super) fn on_note_posted(&mut self, posting: Posting) {
        let ticket = &posting.ticket;
        match posting.result {
            Ok(Some(said)) => {
                self.notify(Status::Ok, format!("Ticket note posted to {ticket}: {said}"))
            }
            Ok(None) => self.notify(
                Status::Ok,
                format!("Ticket note posted to {ticket} by {}", posting.program),
            ),
            Err(why) => self.notify(
                Status::Failed,
                format!("Ticket note NOT posted to {ticket} (it was copied): {why}"),
            ),
        }
    }
}
