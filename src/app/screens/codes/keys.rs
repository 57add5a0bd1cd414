//! The Codes screen's keys in each state it can be in.

use super::CodesScreen;
use crate::app::form::{self, FormFocus};
use crate::app::keys::{Action, Binding, Key, KeyState, copy_binding, ends_bindings};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// Asking before codes are made for several users.
    Confirming,
    /// In the results table; `code`: the selected row has one to copy.
    Results { code: bool },
    /// On a field of the form (typing into it or not).
    Form(FormFocus),
}

impl CodesScreen {
    pub(super) fn keys(&self) -> Keys {
        if self.confirming.is_some() {
            return Keys::Confirming;
        }
        match self.form.cursor.state() {
            FormFocus::Table => {
                Keys::Results { code: self.selected_row().is_some_and(|r| r.code.is_some()) }
            }
            focus => Keys::Form(focus),
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        vec![
            Self::Confirming,
            Self::Results { code: false },
            Self::Results { code: true },
            Self::Form(FormFocus::Typing),
            Self::Form(FormFocus::Choice),
            Self::Form(FormFocus::Text),
        ]
    }

    fn editing(self) -> bool {
        self == Self::Form(FormFocus::Typing)
    }

    fn bindings(self) -> Vec<Binding> {
        match self {
            Self::Confirming => vec![
                Binding::new(&[Key::Char('y')], Action::Confirm, "generate"),
                Binding::new(&[Key::Char('n'), Key::Esc], Action::Cancel, "cancel"),
            ],
            Self::Results { code } => {
                let mut out = form::bindings("generate", FormFocus::Table);
                out.push(Binding::new(&[Key::PageUp], Action::PageUp, "page up").quiet());
                out.push(Binding::new(&[Key::PageDown], Action::PageDown, "page down").quiet());
                out.extend(ends_bindings());
                if code {
                    out.push(copy_binding());
                }
                out.push(Binding::new(&[Key::Char('e')], Action::Edit, "edit form"));
                out
            }
            Self::Form(focus) => form::bindings("generate", focus),
        }
    }
}
