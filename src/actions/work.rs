//! Per-user actions as a kind of bulk run: one user per unit, looked up and acted on by their
//! own calls, on the one bulk engine (pacing, 429 re-queue, journal, resume, cancellation).

use super::{ActionOutcome, Done, UserAction, act_on_asking_wait};
use crate::api::Client;
use crate::bulk::journal::Recorded;
use crate::bulk::{Failure, Pacer, RunOf, Sent, Settled, Work};
use crate::status::Status;

impl Work for UserAction {
    type Outcome = ActionOutcome;

    /// One user per unit: each has their own lookup and call.
    fn unit_size(&self, _batch_size: usize) -> usize {
        1
    }

    fn describe(&self) -> String {
        self.name().to_string()
    }

    /// The lookup, then the change.
    fn calls_per_unit(&self) -> u32 {
        2
    }

    async fn send(self, client: Client, users: Vec<String>, pacer: Pacer) -> Sent<ActionOutcome> {
        let mut outcomes = Vec::with_capacity(users.len());
        for email in &users {
            let (outcome, asked_wait) = act_on_asking_wait(&client, email, &self, &pacer).await;
            // Refused before anything was done (the lookup or the action answered 429): the
            // engine sends the user again at the run's pace; never a FAILED while it goes on.
            if let Err(f) = &outcome.result
                && f.rate_limited
                && !f.uncertain
            {
                return Sent { outcomes: Err(f.clone()), asked_wait };
            }
            outcomes.push(outcome);
        }
        Sent { outcomes: Ok(outcomes), asked_wait: None }
    }
}

impl From<UserAction> for RunOf {
    fn from(action: UserAction) -> Self {
        Self::Each { action }
    }
}

impl Settled for ActionOutcome {
    fn failed(email: &str, failure: Failure) -> Self {
        Self { email: email.to_string(), result: Err(failure) }
    }

    fn email(&self) -> &str {
        &self.email
    }

    fn needs_attention(&self) -> bool {
        ActionOutcome::needs_attention(self)
    }

    fn audited(outcomes: &[Self]) -> Vec<crate::audit::UserResult> {
        outcomes.iter().filter(|o| !o.never_sent()).map(ActionOutcome::audit).collect()
    }

    fn recorded(&self) -> Option<Recorded> {
        let (status, words) = self.verdict();
        Some(match &self.result {
            Err(failure) => Recorded::failed(&self.email, failure),
            Ok(_) => Recorded {
                done: Some(words),
                warning: status != Status::Ok,
                ..Recorded::unsettled(&self.email)
            },
        })
    }

    fn earlier(recorded: &Recorded) -> Self {
        let result = match &recorded.done {
            Some(words) => {
                let status = if recorded.warning { Status::Warning } else { Status::Ok };
                Ok(Done::Recorded(status, words.clone()))
            }
            None => Err(Failure {
                uncertain: recorded.uncertain,
                ..Failure::new(recorded.error.clone().unwrap_or_else(|| "failed".into()))
            }),
        };
        Self { email: recorded.email.clone(), result }
    }

    fn read_back(self) -> Self {
        let result = match self.result {
            Ok(Done::NothingToDo(why)) => Ok(Done::NothingToDo(format!(
                "{why} (read back from the service: its call was in flight when casdesk stopped)"
            ))),
            other => other,
        };
        Self { result, ..self }
    }
}
