//! What the bulk engine can run: any unit of work over a list of users. A unit is one call for
//! up to 100 users (generating or voiding codes) or one user's own calls (a per-user action:
//! looked up, then acted on). The engine gives every kind the same pacing, 429 re-queue,
//! journal, cancellation and one outcome per user; a kind says only how a unit is sent and how
//! its outcomes are kept.

use super::Operation;
use super::adaptive::Adaptive;
use super::attribution::per_user;
use super::outcome::{Answers, Failure, UserOutcome};
use super::recorded::Recorded;
use crate::api::{ApiError, Client};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A unit's answer: each user's outcome, or the whole unit's failure (a failure the engine may
/// re-queue: refused with 429 before anything was done), and the wait the service asked for.
pub struct Sent<O> {
    pub outcomes: Result<Vec<O>, Failure>,
    pub asked_wait: Option<Duration>,
}

/// The run's pace, for a unit whose later calls must keep to it too: each waits its turn.
#[derive(Clone)]
pub struct Pacer(Option<Arc<Mutex<Adaptive>>>);

impl Pacer {
    pub(super) fn of(adaptive: &Arc<Mutex<Adaptive>>) -> Self {
        Self(Some(Arc::clone(adaptive)))
    }

    /// No run to keep pace with (one user, from a command or the console): go at once.
    pub fn none() -> Self {
        Self(None)
    }

    /// Waits for this call's turn at the run's pace.
    pub async fn turn(&self) {
        let Some(adaptive) = &self.0 else { return };
        let at = {
            let mut adaptive = adaptive.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            adaptive.follow_on_slot(Instant::now())
        };
        tokio::time::sleep_until(at.into()).await;
    }
}

/// A kind of bulk run.
pub trait Work: Clone + Send + Sync + 'static {
    type Outcome: Settled;

    /// Users one unit carries, at most `batch_size` (the engine's setting).
    fn unit_size(&self, batch_size: usize) -> usize;

    /// "void enrollment codes", "disable user": for the log, the audit record and `runs`.
    fn describe(&self) -> String;

    /// Calls a unit makes when all goes well, each after the first waiting its turn.
    fn calls_per_unit(&self) -> u32 {
        1
    }

    /// Sends one unit for `users`; a call after the unit's first waits its turn at `pacer`.
    fn send(
        self,
        client: Client,
        users: Vec<String>,
        pacer: Pacer,
    ) -> impl Future<Output = Sent<Self::Outcome>> + Send;
}

/// One user's outcome, whatever the kind of run.
pub trait Settled: Send + 'static {
    fn failed(email: &str, failure: Failure) -> Self;

    /// Whose outcome it is.
    fn email(&self) -> &str;

    /// An element of an answer that is no user's outcome (shown on its own row).
    fn is_stray(&self) -> bool {
        false
    }

    /// Whether a script should be told (exit status 1).
    fn needs_attention(&self) -> bool;

    /// For the audit record: the users the service was asked about (those never sent are
    /// not actions).
    fn audited(outcomes: &[Self]) -> Vec<crate::audit::UserResult>
    where
        Self: Sized;

    /// As the journal keeps it; `None` for what is no user's outcome (a stray answer).
    fn recorded(&self) -> Option<Recorded>;

    /// An outcome a resumed run shows from the journal of the interrupted one.
    fn earlier(recorded: &Recorded) -> Self;

    /// This outcome of a user whose call was in flight when an earlier run stopped, settled
    /// by sending again: says so where the words would otherwise mislead.
    fn read_back(self) -> Self
    where
        Self: Sized,
    {
        self
    }
}

impl Work for Operation {
    type Outcome = UserOutcome;

    fn unit_size(&self, batch_size: usize) -> usize {
        batch_size
    }

    fn describe(&self) -> String {
        Operation::describe(self)
    }

    async fn send(self, client: Client, users: Vec<String>, _: Pacer) -> Sent<UserOutcome> {
        let answer = match &self {
            Operation::Void { mode } => client.void_codes(*mode, &users).await.map(Answers::Voided),
            Operation::Generate { mode, options } => {
                let requests: Vec<_> = users.iter().map(|e| options.request_for(e)).collect();
                client.generate_codes(*mode, &requests).await.map(Answers::Generated)
            }
        };
        let asked_wait = match &answer {
            Err(ApiError::Status(s)) => s.retry_after,
            _ => None,
        };
        let outcomes = match answer {
            Ok(answers) => Ok(per_user(&users, Ok(answers))),
            Err(e) => Err(Failure::from(e)),
        };
        Sent { outcomes, asked_wait }
    }
}

impl Settled for UserOutcome {
    fn failed(email: &str, failure: Failure) -> Self {
        UserOutcome::failed(email, failure)
    }

    fn email(&self) -> &str {
        &self.email
    }

    fn is_stray(&self) -> bool {
        self.stray.is_some()
    }

    fn needs_attention(&self) -> bool {
        UserOutcome::needs_attention(self)
    }

    fn audited(outcomes: &[Self]) -> Vec<crate::audit::UserResult> {
        crate::audit::sent(outcomes)
    }

    fn recorded(&self) -> Option<Recorded> {
        self.stray.is_none().then(|| Recorded::of(self))
    }

    fn earlier(recorded: &Recorded) -> Self {
        recorded.to_outcome()
    }
}
