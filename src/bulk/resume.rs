//! Carrying on with an interrupted run, for the console and the command line alike: what was
//! done (from the journal), what must still be sent, and, for generate runs, the users whose
//! call went out but whose answer was lost: recorded as unknown, never sent again.

use super::journal::{Journal, Recorded, RecordedRun};
use super::outcome::{Failure, UserOutcome};
use crate::api::ResultCode;
use std::io;

pub struct Prepared {
    /// Every user with an outcome already, in no particular order (codes are never kept).
    pub earlier: Vec<UserOutcome>,
    /// The users to send now, in the run's order.
    pub to_send: Vec<String>,
}

/// Reopens `run`'s journal and works out what is left. For a generate run, users whose answer
/// was lost are written to the journal as unknown outcomes first.
pub fn prepare(run: &RecordedRun, now: &str) -> io::Result<(Journal, Prepared)> {
    let mut journal = Journal::resume(run, now)?;
    let mut earlier: Vec<UserOutcome> = run.outcomes.values().map(Recorded::to_outcome).collect();
    if !run.header.operation.safe_to_repeat() {
        let lost: Vec<Recorded> = run
            .lost_answers()
            .into_iter()
            .map(|email| Recorded {
                email,
                status: None,
                message: None,
                error: Some(
                    "casdesk stopped while this user's call was in flight; not sent again, \
                     because a second code would replace one the user may already have"
                        .into(),
                ),
                uncertain: true,
            })
            .collect();
        if !lost.is_empty() {
            journal.recorded(lost.clone())?;
            earlier.extend(lost.iter().map(Recorded::to_outcome));
        }
    }
    Ok((journal, Prepared { earlier, to_send: run.to_send() }))
}

impl Recorded {
    /// The outcome as the journal kept it (no code, which is never kept).
    pub fn to_outcome(&self) -> UserOutcome {
        let result = match self.status {
            Some(n) => Ok(ResultCode::from_code(n)),
            None => Err(Failure {
                uncertain: self.uncertain,
                ..Failure::new(self.error.clone().unwrap_or_else(|| "failed".into()))
            }),
        };
        UserOutcome {
            result,
            message: self.message.clone(),
            ..UserOutcome::failed(&self.email, Failure::new(""))
        }
    }
}
