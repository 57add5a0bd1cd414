//! A list another screen hands over (the Failures screen's locked users of a group): the job
//! becomes the action it was handed for, and the screen goes straight to its usual question,
//! the exact count of users named, so nothing is sent without the operator's yes.

use super::job::{Job, jobs};
use super::{BulkScreen, Stage};
use crate::app::HandedList;
use crate::userlist::UserList;

impl BulkScreen {
    /// Takes `list` unless a run is under way or a question is being asked about one.
    pub(super) fn take_handed(&mut self, list: &HandedList) -> bool {
        let busy = match &self.stage {
            Stage::Running(run) => !run.done,
            Stage::ConfirmAgain(..) => true,
            Stage::Empty | Stage::Preview(_) | Stage::Confirm(_) => false,
        };
        let Some(job) = jobs().into_iter().find(|j| *j == Job::Declared(list.action)) else {
            return false;
        };
        if busy {
            return false;
        }
        *self = Self { job, ..Self::default() };
        self.load(UserList::parse(&list.emails.join("\n")), list.source.clone());
        if let Stage::Preview(users) = std::mem::replace(&mut self.stage, Stage::Empty) {
            self.stage =
                if users.emails.is_empty() { Stage::Preview(users) } else { Stage::Confirm(users) };
        }
        true
    }
}
