//! The verify dialog's keys in each of its stages.

use super::{Dialog, Stage};
use crate::app::keys::{Action, Binding, Key, KeyState};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyKeys {
    Choosing,
    Waiting,
    Reasons,
    Typing,
}

impl VerifyKeys {
    pub fn of(dialog: &Option<Dialog>) -> Self {
        match dialog.as_ref().map(|d| &d.stage) {
            Some(Stage::Waiting { .. } | Stage::SigningIn { .. }) => Self::Waiting,
            Some(Stage::Reasons) => Self::Reasons,
            Some(Stage::Typing(_)) => Self::Typing,
            Some(Stage::Choosing { .. }) | None => Self::Choosing,
        }
    }
}

impl KeyState for VerifyKeys {
    fn all() -> Vec<Self> {
        vec![Self::Choosing, Self::Waiting, Self::Reasons, Self::Typing]
    }

    fn editing(self) -> bool {
        self == Self::Typing
    }

    fn bindings(self) -> Vec<Binding> {
        match self {
            Self::Choosing => vec![
                Binding::new(&[Key::Char('l')], Action::LiveVerification, "Live Verification"),
                Binding::new(&[Key::Char('s')], Action::SignInChallenge, "sign-in challenge"),
                Binding::new(&[Key::Char('o')], Action::Override, "record why not"),
                Binding::new(&[Key::Esc], Action::Cancel, "close"),
            ],
            Self::Waiting => vec![Binding::new(&[Key::Esc], Action::Cancel, "cancel it")],
            Self::Reasons => {
                let short = ["call back", "manager", "in person", "other"];
                let mut out: Vec<Binding> = short
                    .iter()
                    .enumerate()
                    .map(|(n, words)| {
                        let key = Key::Char(char::from(b'1' + n as u8));
                        Binding::new(&[key], Action::GoTo(n), *words)
                    })
                    .collect();
                out.push(Binding::new(&[Key::Esc], Action::Back, "back"));
                out
            }
            Self::Typing => vec![
                Binding::new(&[Key::Enter], Action::Submit, "record"),
                Binding::new(&[Key::Esc], Action::Back, "back"),
            ],
        }
    }
}
