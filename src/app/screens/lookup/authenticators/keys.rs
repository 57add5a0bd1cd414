//! The authenticators list's keys: on the list (the declared actions offered on the row
//! chosen, then the rest), and in the serial and phone number fields.

use super::super::offers::Offers;
use crate::app::keys::{Action, Binding, DOWN, Key, KeyState, UP, copy_binding};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    /// A cursor on the list: what is offered on the row chosen, and whether a replacement's
    /// code is shown under it.
    List { offers: Offers, code: bool },
    /// Typing the serial number of a token to assign, and its name.
    Assigning,
    /// Typing a token's new name.
    Renaming,
    /// Editing the SMS and voice numbers.
    EditingPhones,
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        let mut all = vec![Self::Assigning, Self::Renaming, Self::EditingPhones];
        for offers in Offers::row_samples() {
            all.extend([false, true].map(|code| Self::List { offers, code }));
        }
        all
    }
    fn editing(self) -> bool {
        matches!(self, Self::Assigning | Self::Renaming | Self::EditingPhones)
    }

    fn bindings(self) -> Vec<Binding> {
        match self {
            Self::Assigning => vec![
                Binding::new(&[Key::Enter], Action::Submit, "assign"),
                Binding::new(&[Key::Tab, Key::Down], Action::NextField, "serial / name"),
                Binding::new(&[Key::BackTab, Key::Up], Action::PrevField, "serial / name").quiet(),
                Binding::new(&[Key::Esc], Action::Back, "cancel"),
            ],
            Self::Renaming => vec![
                Binding::new(&[Key::Enter], Action::Submit, "rename"),
                Binding::new(&[Key::Esc], Action::Back, "cancel"),
            ],
            // A form of two text fields, typed into: Tab, Shift-Tab and ↑↓ move between
            // them, as in every form.
            Self::EditingPhones => vec![
                Binding::new(&[Key::Enter], Action::Submit, "save"),
                Binding::new(&[Key::Tab, Key::Down], Action::NextField, "other number"),
                Binding::new(&[Key::BackTab, Key::Up], Action::PrevField, "other number").quiet(),
                Binding::new(&[Key::Esc], Action::Back, "cancel"),
            ],
            Self::List { offers, code } => list(offers, code),
        }
    }
}

/// The keys on the list: what applies to the row chosen, then the rest.
fn list(offers: Offers, code: bool) -> Vec<Binding> {
    // Said in the list's title instead: the footer needs the room at 80 columns.
    let mut out = vec![
        Binding::new(UP, Action::Up, "previous").quiet(),
        Binding::new(DOWN, Action::Down, "next").quiet(),
    ];
    offers.bindings(false, &mut out);
    if code {
        out.push(copy_binding());
        // In the help only: the code's line names it.
        out.push(hide_code().quiet());
    }
    // The forms: assign a token, the phone numbers.
    offers.bindings(true, &mut out);
    out.push(Binding::new(&[Key::Esc, Key::Char('m')], Action::Back, "back"));
    out
}

/// Hiding a replacement's registration code (it stays until then, or until another user):
/// on the list, and on the user pane Lookup shows the code in too.
pub fn hide_code() -> Binding {
    Binding::new(&[Key::Char('h')], Action::Clear, "hide code")
}
