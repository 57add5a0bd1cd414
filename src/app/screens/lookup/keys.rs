//! The Lookup screen's keys in each state it can be in.

use super::{LookupScreen, State};
use crate::api::UserStatus;
use crate::app::keys::{Action, Binding, Key, KeyState};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// The address field has the cursor.
    Typing,
    /// Nothing found yet (or looking).
    Idle,
    /// A user on screen: whether some of TOKEN/SMS/VOICE is locked, and whether the user is
    /// enabled (`None`: a status neither enabled nor disabled, which is left alone).
    Found {
        locked: bool,
        enabled: Option<bool>,
    },
    /// Asking before a change to the user.
    Confirming,
    /// A change sent, not answered yet.
    Acting,
    /// Not found, and the identity source not searched yet.
    NotFound,
    Failed,
}

impl LookupScreen {
    pub(super) fn keys(&self) -> Keys {
        if self.editing {
            return Keys::Typing;
        }
        if self.confirming.is_some() {
            return Keys::Confirming;
        }
        if self.acting.is_some() {
            return Keys::Acting;
        }
        match &self.state {
            State::Found { details, .. } => Keys::Found {
                locked: !crate::actions::unlockable(details).is_empty(),
                enabled: match details.user_status {
                    Some(UserStatus::Enabled) => Some(true),
                    Some(UserStatus::Disabled) => Some(false),
                    _ => None,
                },
            },
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
        let mut all = vec![
            Self::Typing,
            Self::Idle,
            Self::Confirming,
            Self::Acting,
            Self::NotFound,
            Self::Failed,
        ];
        for locked in [false, true] {
            all.extend(
                [None, Some(true), Some(false)].map(|enabled| Self::Found { locked, enabled }),
            );
        }
        all
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
        match self {
            Self::Confirming => {
                return vec![
                    Binding::new(&[Key::Char('y')], Action::Confirm, "yes, do it"),
                    Binding::new(&[Key::Char('n'), Key::Esc], Action::Cancel, "cancel"),
                ];
            }
            Self::Acting => return Vec::new(),
            _ => {}
        }
        let mut out = vec![Binding::new(&[Key::Enter, Key::Char('e')], Action::Edit, "new lookup")];
        match self {
            Self::Found { locked, enabled } => {
                if locked {
                    out.push(Binding::new(&[Key::Char('u')], Action::Unlock, "unlock"));
                }
                match enabled {
                    Some(true) => out.push(Binding::new(
                        &[Key::Char('d')],
                        Action::ToggleUserStatus,
                        "disable user",
                    )),
                    Some(false) => out.push(Binding::new(
                        &[Key::Char('d')],
                        Action::ToggleUserStatus,
                        "enable user",
                    )),
                    None => {}
                }
                out.push(Binding::new(&[Key::Char('s')], Action::Sync, "sync"));
                // In the help only, like refresh; the user pane names it.
                out.push(Binding::new(&[Key::Char('a')], Action::ShowActivity, "activity").quiet());
                // In the help only: the footer needs the room at 80 columns for the changes.
                out.push(Binding::new(&[Key::Char('r')], Action::Refresh, "refresh").quiet());
            }
            Self::NotFound => {
                out.push(Binding::new(&[Key::Char('u')], Action::Toggle, "search unsynchronised"))
            }
            Self::Failed => out.push(Binding::new(&[Key::Char('r')], Action::Refresh, "try again")),
            Self::Typing | Self::Idle | Self::Confirming | Self::Acting => {}
        }
        out
    }
}
