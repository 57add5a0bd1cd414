//! Carrying on with an interrupted run, for the console and the command line alike: what was
//! done (from the journal), what must still be sent, and the users whose call went out but
//! whose answer was lost. For a generate run those are recorded as unknown, never sent again;
//! for a void or a per-user action they are sent again, which settles them by what the
//! service says now (a per-user action reads the user's state first, so a user already
//! disabled by the lost call answers "already disabled" and nothing is sent twice).

use super::journal::{Journal, Recorded, RecordedRun};
use super::outcome::Failure;
use super::work::Settled;
use std::collections::HashSet;
use std::io;

pub struct Prepared<O> {
    /// Every user with an outcome already, in no particular order (codes are never kept).
    pub earlier: Vec<O>,
    /// The users to send now, in the run's order.
    pub to_send: Vec<String>,
    /// Of those, the users whose call was in flight when the run stopped (address keys).
    pub in_doubt: HashSet<String>,
}

/// An outcome of a resumed run, saying so when it settles a user who was `in_doubt`.
pub fn settled<O: Settled>(in_doubt: &HashSet<String>, outcome: O) -> O {
    if in_doubt.contains(&crate::userlist::address_key(outcome.email())) {
        outcome.read_back()
    } else {
        outcome
    }
}

/// Reopens `run`'s journal and works out what is left. For a generate run, users whose answer
/// was lost are written to the journal as unknown outcomes first.
pub fn prepare<O: Settled>(run: &RecordedRun, now: &str) -> io::Result<(Journal, Prepared<O>)> {
    let mut journal = Journal::resume(run, now)?;
    let mut earlier: Vec<O> = run.outcomes.values().map(O::earlier).collect();
    let mut in_doubt = HashSet::new();
    if run.header.operation.safe_to_repeat() {
        in_doubt = run.lost_answers().iter().map(|u| crate::userlist::address_key(u)).collect();
    } else {
        let lost: Vec<Recorded> = run
            .lost_answers()
            .into_iter()
            .map(|email| {
                let failure = Failure::new(
                    "casdesk stopped while this user's call was in flight; not sent again, \
                     because a second code would replace one the user may already have",
                )
                .uncertain();
                Recorded::failed(&email, &failure)
            })
            .collect();
        if !lost.is_empty() {
            journal.recorded(lost.clone())?;
            earlier.extend(lost.iter().map(O::earlier));
        }
    }
    Ok((journal, Prepared { earlier, to_send: run.to_send(), in_doubt }))
}
