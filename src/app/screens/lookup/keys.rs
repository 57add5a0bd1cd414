//! The Lookup screen's keys in each state it can be in.

use super::{LookupScreen, State};
use crate::app::keys::{Action, Binding, Key, KeyState};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// The address field has the cursor.
    Typing,
    /// Nothing found yet (or looking).
    Idle,
    Found,
    /// Not found, and the identity source not searched yet.
    NotFound,
    Failed,
}

impl LookupScreen {
    pub(super) fn keys(&self) -> Keys {
        if self.editing {
            return Keys::Typing;
        }
        match &self.state {
            State::Found { .. } => Keys::Found,
            State::Failed { failure, tried_unsynched: false, .. }
                if failure.status == Some(404) =>
            {
                Keys::NotFound
            }
            State::Failed { .. } => Keys::Failed,
            _ => Keys::Idle,
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        vec![Self::Typing, Self::Idle, Self::Found, Self::NotFound, Self::Failed]
    }

    fn editing(self) -> bool {
        self == Self::Typing
    }

    fn bindings(self) -> Vec<Binding> {
        if self == Self::Typing {
            return vec![
                Binding::new(&[Key::Enter], Action::Submit, "look up"),
                Binding::new(&[Key::Esc], Action::Back, "leave field"),
            ];
        }
        let mut out = vec![Binding::new(&[Key::Enter, Key::Char('e')], Action::Edit, "new lookup")];
        match self {
            Self::Found => out.push(Binding::new(&[Key::Char('r')], Action::Refresh, "refresh")),
            Self::NotFound => {
                out.push(Binding::new(&[Key::Char('u')], Action::Toggle, "search unsynchronised"))
            }
            Self::Failed => out.push(Binding::new(&[Key::Char('r')], Action::Refresh, "try again")),
            Self::Typing | Self::Idle => {}
        }
        out
    }
}
