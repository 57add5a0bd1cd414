//! The Failures screen's keys in each state it can be in.

use super::FailuresScreen;
use crate::app::keys::{Action, Binding, DOWN, Key, KeyState, UP, ends_bindings};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// The groups (none yet, while the log is read); `locked`: the selected group has users
    /// the log shows locked.
    Groups { rows: bool, locked: bool },
    /// One group's users.
    Users { locked: bool },
}

impl FailuresScreen {
    pub(super) fn keys(&self) -> Keys {
        let locked = self.group_in_view().is_some_and(|g| !g.locked_users().is_empty());
        match self.opened {
            Some(_) => Keys::Users { locked },
            None => Keys::Groups { rows: !self.groups.is_empty(), locked },
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        let mut all = Vec::new();
        for locked in [false, true] {
            all.push(Self::Users { locked });
            all.extend([false, true].map(|rows| Self::Groups { rows, locked }));
        }
        all
    }

    fn editing(self) -> bool {
        false
    }

    fn bindings(self) -> Vec<Binding> {
        // What the view is for first, so 80 columns' footer keeps it: a group's users, the
        // unlock of its locked ones, then the range and grouping.
        let mut out = Vec::new();
        let (rows, locked) = match self {
            Self::Groups { rows, locked } => (rows, locked),
            Self::Users { locked } => (true, locked),
        };
        match self {
            Self::Groups { rows: true, .. } => {
                out.push(Binding::new(&[Key::Enter], Action::Submit, "users"));
            }
            Self::Groups { .. } => {}
            Self::Users { .. } => {
                out.push(Binding::new(&[Key::Enter], Action::Submit, "look up"));
            }
        }
        if locked {
            let unlock = crate::actions::declared::UNLOCK.key;
            out.push(Binding::new(
                &[Key::Char(unlock)],
                Action::Declared(crate::actions::declared::UNLOCK.command),
                "unlock locked",
            ));
        }
        if let Self::Users { .. } = self {
            // Cancel, not Back: Back meets Submit only where a field types (a keymap may
            // give both one key there).
            out.push(Binding::new(&[Key::Esc], Action::Cancel, "groups"));
        }
        out.push(Binding::new(&[Key::Char('t')], Action::CycleRange, "range"));
        out.push(Binding::new(&[Key::Char('b')], Action::ToggleMode, "group by"));
        out.push(Binding::new(&[Key::Char('r')], Action::Refresh, "reload"));
        if rows {
            out.push(Binding::new(UP, Action::Up, "previous").quiet());
            out.push(Binding::new(DOWN, Action::Down, "next").quiet());
            out.push(Binding::new(&[Key::PageUp], Action::PageUp, "page up").quiet());
            out.push(Binding::new(&[Key::PageDown], Action::PageDown, "page down").quiet());
            out.extend(ends_bindings());
        }
        out
    }
}
