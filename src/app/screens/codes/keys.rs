//! The Codes screen's keys in each state it can be in.

use super::{CodesScreen, Field};
use crate::app::keys::{
    Action, Binding, DOWN, FormFocus, Key, KeyState, UP, copy_binding, form_bindings,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// Asking before codes are made for several users.
    Confirming,
    /// In the results table; `code`: the selected row has one to copy.
    Results { code: bool },
    /// A text field has the cursor.
    Typing,
    /// On a choice (mode, unit, delivery).
    OnChoice,
    /// On a text field, not typing in it.
    OnText,
}

impl CodesScreen {
    pub(super) fn keys(&self) -> Keys {
        if self.confirming.is_some() {
            Keys::Confirming
        } else if self.focus == Field::Results {
            Keys::Results { code: self.selected_row().is_some_and(|r| r.code.is_some()) }
        } else if self.editing {
            Keys::Typing
        } else if matches!(self.focus, Field::Mode | Field::Unit | Field::Delivery) {
            Keys::OnChoice
        } else {
            Keys::OnText
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        vec![
            Self::Confirming,
            Self::Results { code: false },
            Self::Results { code: true },
            Self::Typing,
            Self::OnChoice,
            Self::OnText,
        ]
    }

    fn editing(self) -> bool {
        self == Self::Typing
    }

    fn bindings(self) -> Vec<Binding> {
        match self {
            Self::Confirming => vec![
                Binding::new(&[Key::Char('y')], Action::Confirm, "generate"),
                Binding::new(&[Key::Char('n'), Key::Esc], Action::Cancel, "cancel"),
            ],
            Self::Results { code } => {
                let mut out = vec![
                    Binding::new(UP, Action::Up, "previous"),
                    Binding::new(DOWN, Action::Down, "next"),
                ];
                if code {
                    out.push(copy_binding());
                }
                out.push(Binding::new(&[Key::Char('e')], Action::Edit, "edit form"));
                out
            }
            Self::Typing => form_bindings("generate", FormFocus::Typing),
            Self::OnChoice => form_bindings("generate", FormFocus::Choice),
            Self::OnText => form_bindings("generate", FormFocus::Text),
        }
    }
}
