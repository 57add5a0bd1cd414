//! A list of users one screen hands to another to act on: the Failures screen's locked users
//! of a group go to the Bulk screen's unlock, which asks its usual confirmation before
//! anything is sent. The App delivers it to the first screen that takes it and brings that
//! screen into view.

use super::App;
use crate::messages::Command;
use crate::ui::status::Status;

/// The action a list of one is handed over for to be looked up on screen 1 (a user chosen on
/// Failures).
pub const LOOK_UP: &str = "lookup";

/// Users for a declared action that runs over a list, and where they came from (shown as the
/// list's source, e.g. "from Failures: AUTHN_METHOD_LOCKED"); or one user to look up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandedList {
    /// The declared action's command name (`unlock`), or [`LOOK_UP`].
    pub action: &'static str,
    pub emails: Vec<String>,
    pub source: String,
}

impl App {
    /// Gives `list` to the screen that takes it and goes there; says so if none can now.
    pub(super) fn deliver(&mut self, list: HandedList, commands: &mut Vec<Command>) {
        let taker = self.screens.iter_mut().position(|s| s.take_list(&list));
        match taker {
            Some(index) => self.switch(index, commands),
            None => self.notify(
                Status::Warning,
                "The Bulk screen is running a list: wait for it to finish, then try again",
            ),
        }
    }
}
