//! The Device code screen's keys in each state it can be in.

use super::DeviceScreen;
use crate::app::form::{FormFocus, bindings};
use crate::app::keys::{Binding, KeyState, copy_binding};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// The e-mail or username field has the cursor.
    Typing,
    /// Moving between fields: on a choice or not, with a code issued to copy or not.
    Form { on_choice: bool, issued: bool },
}

impl DeviceScreen {
    pub(super) fn keys(&self) -> Keys {
        match self.cursor.state() {
            FormFocus::Typing => Keys::Typing,
            focus => Keys::Form {
                on_choice: focus == FormFocus::Choice,
                issued: self.issued().is_some(),
            },
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        let mut all = vec![Self::Typing];
        for on_choice in [false, true] {
            all.extend([false, true].map(|issued| Self::Form { on_choice, issued }));
        }
        all
    }

    fn editing(self) -> bool {
        self == Self::Typing
    }

    fn bindings(self) -> Vec<Binding> {
        match self {
            Self::Typing => bindings("get code", FormFocus::Typing),
            Self::Form { on_choice, issued } => {
                let focus = if on_choice { FormFocus::Choice } else { FormFocus::Text };
                let mut out = bindings("get code", focus);
                if issued {
                    out.push(copy_binding());
                }
                out
            }
        }
    }
}
