//! Which users of a finished run may be sent again: those whose outcome was FAILED or is in
//! doubt (an error after which the service may have acted, a result code nobody documents,
//! no outcome at all). Every job of this screen is safe to repeat: a code voided twice is
//! simply gone, and unlocking, disabling or enabling a user twice leaves them as once. (Codes
//! are generated on the Codes screen, never here: a generate in doubt is not repeated.)

use crate::actions::{ActionOutcome, Done};
use crate::bulk::UserOutcome;
use crate::status::Status;
use crate::userlist::address_key;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Settled,
    /// Answered "nothing to do" (1013): shown as a warning, left out, but counted.
    NothingVoided,
    Failed,
    InDoubt,
}

/// The first outcome of each user sent, as the result table keeps it.
pub(super) struct Verdicts {
    sent: Vec<String>,
    first: HashMap<String, Class>,
}

/// The users to send again, in the order of the run, and why each is there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Again {
    pub emails: Vec<String>,
    pub failed: usize,
    pub in_doubt: usize,
    /// Users answered "nothing voided", not sent again: the same answer would come back.
    pub nothing_voided: usize,
}

impl Verdicts {
    pub fn new(sent: &[String]) -> Self {
        Self { sent: sent.to_vec(), first: HashMap::new() }
    }

    fn record(&mut self, email: &str, class: Class) {
        self.first.entry(address_key(email)).or_insert(class);
    }

    pub fn voids(&mut self, outcomes: &[UserOutcome]) {
        for outcome in outcomes.iter().filter(|o| o.stray.is_none()) {
            let class = match &outcome.result {
                Err(failure) if failure.uncertain => Class::InDoubt,
                Err(_) => Class::Failed,
                Ok(code) if code.is_unrecognised() => Class::InDoubt,
                Ok(code) if code.is_nothing_to_do() => Class::NothingVoided,
                Ok(code) if Status::of_result(*code) == Status::Failed => Class::Failed,
                Ok(_) => Class::Settled,
            };
            self.record(&outcome.email, class);
        }
    }

    pub fn actions(&mut self, outcomes: &[ActionOutcome]) {
        for outcome in outcomes {
            let class = match &outcome.result {
                Err(failure) if failure.uncertain => Class::InDoubt,
                Err(_) => Class::Failed,
                Ok(Done::Acted(acted)) if acted.status() != Status::Ok => Class::InDoubt,
                // Sending it again would find the same locks: nothing to repeat.
                Ok(_) => Class::Settled,
            };
            self.record(&outcome.email, class);
        }
    }

    /// The users to send again; a user with no outcome at all is in doubt.
    pub fn again(&self) -> Again {
        let mut again = Again::default();
        for email in &self.sent {
            match self.first.get(&address_key(email)).copied().unwrap_or(Class::InDoubt) {
                Class::Settled => continue,
                Class::NothingVoided => {
                    again.nothing_voided += 1;
                    continue;
                }
                Class::Failed => again.failed += 1,
                Class::InDoubt => again.in_doubt += 1,
            }
            again.emails.push(email.clone());
        }
        again
    }
}

impl Again {
    /// "2 FAILED and 1 in doubt".
    pub fn why(&self) -> String {
        match (self.failed, self.in_doubt) {
            (f, 0) => format!("{f} FAILED"),
            (0, d) => format!("{d} in doubt"),
            (f, d) => format!("{f} FAILED and {d} in doubt"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ResultCode;
    use crate::bulk::Failure;
    use crate::bulk::outcome::{Stray, StrayKind};

    fn answered(email: &str, code: i64) -> UserOutcome {
        let mut o = UserOutcome::failed(email, Failure::new(""));
        o.result = Ok(ResultCode::from_code(code));
        o
    }

    #[test]
    fn failed_and_doubtful_users_in_run_order_the_first_outcome_counting() {
        let sent: Vec<String> =
            ["a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com", "g@x.com"]
                .map(String::from)
                .to_vec();
        let mut v = Verdicts::new(&sent);
        let mut stray = answered("a@x.com", 1002);
        stray.stray = Some(Stray { kind: StrayKind::Duplicate, withheld_code: false });
        v.voids(&[
            answered("A@x.com", 1014),
            stray,
            answered("b@x.com", 1002),
            answered("c@x.com", 1013),
            answered("d@x.com", 1099),
            UserOutcome::failed("e@x.com", Failure::new("HTTP 500").uncertain()),
            UserOutcome::failed("f@x.com", Failure::new("not sent: the run was cancelled")),
            answered("f@x.com", 1014),
        ]);
        let again = v.again();
        assert_eq!(again.emails, ["b@x.com", "d@x.com", "e@x.com", "f@x.com", "g@x.com"]);
        assert_eq!((again.failed, again.in_doubt, again.nothing_voided), (2, 3, 1));
        assert_eq!(again.why(), "2 FAILED and 3 in doubt");
    }

    #[test]
    fn actions_that_failed_or_may_have_happened() {
        let sent: Vec<String> = ["a@x.com", "b@x.com", "c@x.com"].map(String::from).to_vec();
        let mut v = Verdicts::new(&sent);
        let outcome = |email: &str, result| ActionOutcome { email: email.into(), result };
        v.actions(&[
            outcome("a@x.com", Ok(Done::NothingToDo("not locked".into()))),
            outcome("b@x.com", Err(Failure::new("HTTP 404"))),
            outcome("c@x.com", Err(Failure::new("connection reset").uncertain())),
        ]);
        let again = v.again();
        assert_eq!(again.emails, ["b@x.com", "c@x.com"]);
        assert_eq!(again.why(), "1 FAILED and 1 in doubt");
    }
}
