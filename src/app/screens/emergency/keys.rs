//! The Emergency screen's keys in each state it can be in.

use super::{EmergencyScreen, Pending};
use crate::app::form::{FormFocus, bindings};
use crate::app::keys::{Action, Binding, Key, KeyState, copy_binding};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// Asking before disabling, or before replacing the active code (`replacing`).
    Confirming { replacing: bool },
    /// No user looked up: nothing to do here.
    NoUser,
    /// The validity field has the cursor.
    Typing,
    /// Moving between fields: on a choice or not, with a code just issued (to copy) or not,
    /// with an active code (to disable) or not.
    Form { on_choice: bool, issued: bool, active: bool },
}

impl EmergencyScreen {
    pub(super) fn keys(&self) -> Keys {
        match (&self.confirming, &self.user) {
            (Some(pending), _) => {
                Keys::Confirming { replacing: matches!(pending, Pending::Enable(_)) }
            }
            (None, None) => Keys::NoUser,
            (None, Some(_)) if self.cursor.editing() => Keys::Typing,
            (None, Some(_)) => Keys::Form {
                on_choice: self.cursor.state() == FormFocus::Choice,
                issued: self.issued().is_some(),
                active: self.has_active_code(),
            },
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        let mut all = vec![
            Self::Confirming { replacing: false },
            Self::Confirming { replacing: true },
            Self::NoUser,
            Self::Typing,
        ];
        for on_choice in [false, true] {
            for issued in [false, true] {
                all.extend([false, true].map(|active| Self::Form { on_choice, issued, active }));
            }
        }
        all
    }

    fn editing(self) -> bool {
        self == Self::Typing
    }

    fn bindings(self) -> Vec<Binding> {
        match self {
            Self::Confirming { replacing } => {
                let what = if replacing { "replace the code" } else { "disable" };
                vec![
                    Binding::new(&[Key::Char('y')], Action::Confirm, what),
                    Binding::new(&[Key::Char('n'), Key::Esc], Action::Cancel, "cancel"),
                ]
            }
            Self::NoUser => Vec::new(),
            Self::Typing => bindings("enable", FormFocus::Typing),
            Self::Form { on_choice, issued, active } => {
                let focus = if on_choice { FormFocus::Choice } else { FormFocus::Text };
                let mut out = bindings("enable", focus);
                if issued {
                    out.push(copy_binding());
                }
                if active {
                    out.push(Binding::new(&[Key::Char('d')], Action::Disable, "disable"));
                }
                out.push(Binding::new(&[Key::Char('r')], Action::Refresh, "refresh"));
                out
            }
        }
    }
}
