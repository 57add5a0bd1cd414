//! The Activity screen's keys in each state it can be in.

use super::ActivityScreen;
use crate::app::keys::{Action, Binding, DOWN, Key, KeyState, UP};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// No user looked up: nothing to show.
    NoUser,
    /// A user: refresh and filters; moving through the events when there are some.
    Ready { rows: bool },
}

impl ActivityScreen {
    pub(super) fn keys(&self) -> Keys {
        match self.user {
            None => Keys::NoUser,
            Some(_) => Keys::Ready { rows: self.rows() > 0 },
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        vec![Self::NoUser, Self::Ready { rows: false }, Self::Ready { rows: true }]
    }

    fn editing(self) -> bool {
        false
    }

    fn bindings(self) -> Vec<Binding> {
        match self {
            Self::NoUser => Vec::new(),
            Self::Ready { rows } => {
                let mut out = vec![
                    Binding::new(&[Key::Char('t')], Action::CycleRange, "time range"),
                    Binding::new(&[Key::Char('c')], Action::CycleCode, "event code"),
                    Binding::new(&[Key::Char('r')], Action::Refresh, "refresh"),
                ];
                if rows {
                    out.push(Binding::new(&[Key::Enter], Action::Submit, "details"));
                    out.push(Binding::new(UP, Action::Up, "previous event").quiet());
                    // In the help only: at 80 columns the footer keeps q quit.
                    out.push(Binding::new(DOWN, Action::Down, "next event").quiet());
                    out.push(Binding::new(&[Key::PageUp], Action::PageUp, "page up").quiet());
                    out.push(Binding::new(&[Key::PageDown], Action::PageDown, "page down").quiet());
                }
                out
            }
        }
    }
}
