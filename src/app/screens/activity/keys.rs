//! The Activity screen's keys in each state it can be in.

use super::ActivityScreen;
use crate::app::keys::{Action, Binding, DOWN, Key, KeyState, UP, ends_bindings};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// No user looked up: nothing to show.
    NoUser,
    /// A user: refresh and filters; moving through the events when there are some.
    Ready { rows: bool, expanded: bool },
}

impl ActivityScreen {
    pub(super) fn keys(&self) -> Keys {
        match self.user {
            None => Keys::NoUser,
            Some(_) => Keys::Ready { rows: self.rows() > 0, expanded: self.expanded },
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        let mut all = vec![Self::NoUser];
        for rows in [false, true] {
            all.extend([false, true].map(|expanded| Self::Ready { rows, expanded }));
        }
        all
    }

    fn editing(self) -> bool {
        false
    }

    fn bindings(self) -> Vec<Binding> {
        match self {
            Self::NoUser => Vec::new(),
            Self::Ready { rows, expanded } => {
                let mut out = vec![
                    Binding::new(&[Key::Char('t')], Action::CycleRange, "time range"),
                    Binding::new(&[Key::Char('c')], Action::CycleCode, "event code"),
                    Binding::new(&[Key::Char('r')], Action::Refresh, "refresh"),
                    Binding::new(&[Key::Char('f')], Action::Follow, "follow"),
                ];
                if rows && expanded {
                    out.push(Binding::new(
                        &[Key::Enter, Key::Esc],
                        Action::Submit,
                        "close details",
                    ));
                } else if rows {
                    out.push(Binding::new(&[Key::Enter], Action::Submit, "details"));
                }
                if rows {
                    out.push(Binding::new(UP, Action::Up, "previous event").quiet());
                    // In the help only: at 80 columns the footer keeps q quit.
                    out.push(Binding::new(DOWN, Action::Down, "next event").quiet());
                    out.push(Binding::new(&[Key::PageUp], Action::PageUp, "page up").quiet());
                    out.push(Binding::new(&[Key::PageDown], Action::PageDown, "page down").quiet());
                    out.extend(ends_bindings());
                }
                out
            }
        }
    }
}
