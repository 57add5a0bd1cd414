//! The call's ticket at the worker: named in every audit entry it writes from the moment the
//! console says so (`Command::Ticket`), and where a ticket note is posted. And the ticket note
//! itself: made from the audit record, off the async threads, then (with a ticket and a
//! `note_command`) given to that program, whose outcome the console shows.

use super::Records;
use crate::messages::Msg;
use crate::ticket::Ticket;
use crate::ticket_note::{Scope, TicketNote};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::UnboundedSender;

/// The ticket the console's call is for, if it gave one.
#[derive(Default)]
pub struct CallTicket(Mutex<Option<Ticket>>);

impl CallTicket {
    pub fn get(&self) -> Option<Ticket> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set(&self, ticket: Option<Ticket>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = ticket;
    }
}

impl Records {
    /// The ticket note for `email` from what this trail recorded since `since`: this tenant,
    /// profile and operator only, so what the worker wrote down is exactly what the note says.
    pub(super) fn ticket_note(
        &self,
        email: &str,
        since: time::OffsetDateTime,
        offset: time::UtcOffset,
    ) -> Result<TicketNote, String> {
        let log = self.audit.as_ref().ok_or("no audit record is kept (no data directory)")?;
        let trail = crate::audit::read(log.path())
            .map_err(|e| format!("cannot read the audit record {}: {e}", log.path().display()))?;
        let scope = Scope {
            user: email,
            since,
            tenant: Some(log.tenant()),
            profile: Some(log.profile()),
            os_user: Some(log.os_user()),
        };
        Ok(crate::ticket_note::note(&trail.entries, &scope, offset))
    }
}

/// Makes the note and tells the console; then posts it, if there is anything in it, a
/// ticket to post it to and a program to post it with.
pub(super) fn make_note(
    records: Arc<Records>,
    (email, since, offset): (String, time::OffsetDateTime, time::UtcOffset),
    tx: UnboundedSender<Msg>,
) {
    // The record is read whole, and after months it is large: off the async threads.
    let made = tokio::task::spawn_blocking(move || {
        let note = records.ticket_note(&email, since, offset);
        let post = match (&note, &records.note_command, records.ticket.get()) {
            (Ok(note), Some(command), Some(ticket)) if note.listed > 0 => {
                Some((command.clone(), note.text.clone(), ticket))
            }
            _ => None,
        };
        let _ = tx.send(Msg::TicketNote(note));
        post.map(|post| (post, tx))
    });
    tokio::spawn(async move {
        if let Ok(Some(((command, text, ticket), tx))) = made.await {
            let posting = command.post(&text, &ticket).await;
            if let Err(why) = &posting.result {
                tracing::warn!(program = %posting.program, "ticket note not posted: {why}");
            }
            let _ = tx.send(Msg::NotePosted(posting));
        }
    });
}
