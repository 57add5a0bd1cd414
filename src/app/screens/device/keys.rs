//! The Device code screen's keys in each state it can be in.

use super::{DeviceScreen, Field};
use crate::app::keys::{Action, Binding, DOWN, Key, KeyState, UP, choice_bindings};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// The e-mail or username field has the cursor.
    Typing,
    /// Moving between fields: on a choice or not, with a code issued to copy or not.
    Form { on_choice: bool, issued: bool },
}

impl DeviceScreen {
    pub(super) fn keys(&self) -> Keys {
        if self.editing {
            Keys::Typing
        } else {
            Keys::Form { on_choice: self.focus != Field::Target, issued: self.issued().is_some() }
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
        let mut out = vec![Binding::new(&[Key::Enter], Action::Submit, "get code")];
        out.push(Binding::new(&[Key::Up], Action::Up, "previous field").quiet());
        out.push(Binding::new(&[Key::Down], Action::Down, "next field"));
        let Self::Form { on_choice, issued } = self else {
            out.push(Binding::new(&[Key::Esc], Action::Back, "leave field"));
            return out;
        };
        out.push(Binding::new(&UP[1..], Action::Up, "previous field").quiet());
        out.push(Binding::new(&DOWN[1..], Action::Down, "next field").quiet());
        if on_choice {
            out.extend(choice_bindings());
        } else {
            out.push(Binding::new(&[Key::Char('e'), Key::Char('i')], Action::Edit, "edit field"));
        }
        if issued {
            out.push(Binding::new(&[Key::Char('y'), Key::Char('c')], Action::Copy, "copy code"));
        }
        out
    }
}
