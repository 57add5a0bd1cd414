//! A run of this screen: its request, its table, and who may be sent again once it is over.

use super::again::{Again, Verdicts};
use super::job::Job;
use crate::api::RetryNotice;
use crate::app::Cx;
use crate::app::screens::result_table::ResultTable;
use crate::messages::RequestId;

pub(super) struct Run {
    pub id: RequestId,
    pub job: Job,
    pub table: ResultTable,
    pub done: bool,
    pub cancelling: bool,
    pub retry: Option<RetryNotice>,
    /// Each user's first outcome, to know who may be sent again.
    pub verdicts: Verdicts,
    /// Once the run is over: the users that may be sent again.
    pub again: Option<Again>,
}

impl Run {
    pub fn start(id: RequestId, job: Job, emails: &[String], table: ResultTable) -> Self {
        Self {
            id,
            job,
            table,
            done: false,
            cancelling: false,
            retry: None,
            verdicts: Verdicts::new(emails),
            again: None,
        }
    }

    /// The answer is the last: the run is over.
    pub fn finish(&mut self) {
        self.done = true;
        self.again = Some(self.verdicts.again());
    }
}

/// A change the run made to the user every screen shows (the one looked up) is carried to
/// them, so Lookup does not go on showing a disabled user as enabled.
pub(super) fn follow_the_current_user(outcomes: &[crate::actions::ActionOutcome], cx: &mut Cx) {
    let Some(current) = cx.user else { return };
    let key = crate::userlist::address_key(&current.email);
    for outcome in outcomes {
        if let Ok(crate::actions::Done::Acted(acted)) = &outcome.result
            && crate::userlist::address_key(&outcome.email) == key
        {
            let mut user = current.clone();
            acted.apply_to(&mut user.details);
            cx.set_user(Some(user));
            return;
        }
    }
}
