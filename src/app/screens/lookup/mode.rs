//! What Lookup is in the middle of, over the state it shows: typing an address, a change asked
//! about or sent, or the authenticators list. One at a time, so the keys' priority is the type:
//! the field, then a question, then a change in flight, then the list. A question or a change
//! asked from the list keeps the list under it (drawn beneath, and back once it is answered).

use super::LookupScreen;
use super::actions::Acting;
use super::authenticators::Manager;
use crate::actions::UserAction;

pub(super) enum Mode {
    /// Nothing: the keys of the state shown (a user, matches, a failure).
    Idle,
    /// The address field has the cursor.
    Typing,
    /// A change to the found user, waiting for "y"; `over`: the list it was asked from.
    Confirming { action: UserAction, over: Option<Manager> },
    /// A change sent, not answered yet; `over`: the list it was asked from.
    Acting { acting: Acting, over: Option<Manager> },
    /// A cursor on the found user's authenticators (`m`), until Esc or the next lookup.
    Managing(Manager),
}

impl Mode {
    /// The authenticators list, open on its own or under a question or a change.
    pub fn manager(&self) -> Option<&Manager> {
        match self {
            Self::Managing(manager)
            | Self::Confirming { over: Some(manager), .. }
            | Self::Acting { over: Some(manager), .. } => Some(manager),
            _ => None,
        }
    }

    pub fn manager_mut(&mut self) -> Option<&mut Manager> {
        match self {
            Self::Managing(manager)
            | Self::Confirming { over: Some(manager), .. }
            | Self::Acting { over: Some(manager), .. } => Some(manager),
            _ => None,
        }
    }

    /// The question waiting for "y", if one is.
    pub fn confirming(&self) -> Option<&UserAction> {
        match self {
            Self::Confirming { action, .. } => Some(action),
            _ => None,
        }
    }

    /// The change in flight, if one is.
    pub fn acting(&self) -> Option<&Acting> {
        match self {
            Self::Acting { acting, .. } => Some(acting),
            _ => None,
        }
    }

    /// Leaves this mode for nothing, giving back the list that was open in it.
    fn take_manager(&mut self) -> Option<Manager> {
        match std::mem::replace(self, Self::Idle) {
            Self::Managing(manager) => Some(manager),
            Self::Confirming { over, .. } | Self::Acting { over, .. } => over,
            Self::Idle | Self::Typing => None,
        }
    }

    /// The list again if there is one, else nothing.
    fn back_to(over: Option<Manager>) -> Self {
        over.map_or(Self::Idle, Self::Managing)
    }
}

impl LookupScreen {
    /// Asks about a change before it is sent, over the list if it was chosen there.
    pub(super) fn ask(&mut self, action: UserAction) {
        let over = self.mode.take_manager();
        self.mode = Mode::Confirming { action, over };
    }

    /// The question, answered or not: it goes, and the list it was asked over stays.
    pub(super) fn take_question(&mut self) -> Option<UserAction> {
        let Mode::Confirming { .. } = self.mode else { return None };
        match std::mem::replace(&mut self.mode, Mode::Idle) {
            Mode::Confirming { action, over } => {
                self.mode = Mode::back_to(over);
                Some(action)
            }
            _ => None,
        }
    }

    /// A change sent: in flight, over the list if it was asked from there.
    pub(super) fn sent(&mut self, acting: Acting) {
        let over = self.mode.take_manager();
        self.mode = Mode::Acting { acting, over };
    }

    /// The change in flight, answered: it goes, and the list it was sent from stays.
    pub(super) fn take_acting(&mut self) -> Option<Acting> {
        let Mode::Acting { .. } = self.mode else { return None };
        match std::mem::replace(&mut self.mode, Mode::Idle) {
            Mode::Acting { acting, over } => {
                self.mode = Mode::back_to(over);
                Some(acting)
            }
            _ => None,
        }
    }

    /// Another user (or the same, again) asked for: the field, a question or the list about
    /// the one shown go. A change in flight stays to be answered (no key asks for a look-up
    /// while one is, but its answer must never be lost).
    pub(super) fn leave_user(&mut self) {
        self.mode = match std::mem::replace(&mut self.mode, Mode::Idle) {
            Mode::Acting { acting, .. } => Mode::Acting { acting, over: None },
            _ => Mode::Idle,
        };
    }

    /// What names the authenticator with the list's cursor, to find it again after a look-up.
    pub(super) fn selected_key(&self) -> Option<String> {
        self.mode.manager()?.selected_key(self.state.found())
    }

    /// After a look-up: the list's cursor on the same authenticator if it is still there.
    pub(super) fn reselect(&mut self, key: Option<String>) {
        if let Some(manager) = self.mode.manager_mut() {
            manager.reselect(self.state.found(), key);
        }
    }

    /// The field loses the cursor (nothing else is pending while it has it).
    pub(super) fn stop_typing(&mut self) {
        if let Mode::Typing = self.mode {
            self.mode = Mode::Idle;
        }
    }

    pub(super) fn typing(&self) -> bool {
        matches!(self.mode, Mode::Typing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_gives_back_the_list_it_was_asked_over_and_only_that() {
        let mut screen = LookupScreen::default();
        assert!(screen.typing(), "the field has the cursor at first");
        screen.mode = Mode::Managing(Manager::default());
        screen.ask(UserAction::of(&crate::actions::declared::SYNC));
        assert!(matches!(screen.mode, Mode::Confirming { over: Some(_), .. }));
        assert!(screen.mode.manager().is_some(), "drawn under the question");
        assert_eq!(screen.take_question(), Some(UserAction::of(&crate::actions::declared::SYNC)));
        assert!(matches!(screen.mode, Mode::Managing(_)));

        screen.mode = Mode::Idle;
        screen.ask(UserAction::DISABLE);
        assert_eq!(screen.take_question(), Some(UserAction::DISABLE));
        assert!(matches!(screen.mode, Mode::Idle));
        assert_eq!(screen.take_question(), None);
    }
}
