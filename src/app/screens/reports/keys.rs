//! The Reports screen's keys in each state it can be in.

use super::{Dialog, Doing, ReportsScreen};
use crate::app::keys::{Action, Binding, DOWN, Key, KeyState, UP};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// The table: `held` when the selected report is downloaded and waits to be saved,
    /// `waiting` when it is being waited for (Esc stops).
    Table { held: bool, waiting: bool },
    /// A yes-or-no question (generate; replace a file).
    Question,
    /// Typing where to save.
    Path,
}

impl ReportsScreen {
    pub(super) fn keys(&self) -> Keys {
        match &self.dialog {
            Dialog::ConfirmGenerate(_) | Dialog::Replace { .. } => Keys::Question,
            Dialog::Path { .. } => Keys::Path,
            Dialog::None => {
                let doing = self.doing(self.kind());
                Keys::Table {
                    held: matches!(doing, Doing::Held { .. }),
                    waiting: matches!(doing, Doing::Waiting { .. }),
                }
            }
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        let mut all = vec![Self::Question, Self::Path];
        for held in [false, true] {
            all.extend([false, true].map(|waiting| Self::Table { held, waiting }));
        }
        all
    }

    fn editing(self) -> bool {
        self == Self::Path
    }

    fn bindings(self) -> Vec<Binding> {
        match self {
            Self::Table { held, waiting } => {
                let mut out = vec![
                    Binding::new(UP, Action::Up, "previous").quiet(),
                    Binding::new(DOWN, Action::Down, "next").quiet(),
                    Binding::new(&[Key::Char('g')], Action::GenerateReport, "generate"),
                ];
                let save = if held { "save" } else { "download" };
                out.push(Binding::new(&[Key::Char('d')], Action::Export, save));
                out.push(Binding::new(&[Key::Enter], Action::Submit, save).quiet());
                if waiting {
                    out.push(Binding::new(&[Key::Esc], Action::Cancel, "stop waiting"));
                }
                out.push(Binding::new(&[Key::Char('r')], Action::Refresh, "reread times").quiet());
                out
            }
            Self::Question => vec![
                Binding::new(&[Key::Char('y')], Action::Confirm, "yes"),
                Binding::new(&[Key::Char('n'), Key::Esc], Action::Cancel, "no"),
            ],
            Self::Path => vec![
                Binding::new(&[Key::Enter], Action::Submit, "save"),
                Binding::new(&[Key::Esc], Action::Back, "cancel"),
            ],
        }
    }
}
