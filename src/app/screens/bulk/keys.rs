//! The Bulk screen's keys in each state it can be in.

use super::{BulkScreen, Stage};
use crate::app::keys::{Action, Binding, DOWN, Key, KeyState, UP, ends_bindings};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// Typing the path of a file to open.
    ChoosingFile,
    /// Typing a search of the results.
    Searching,
    /// No list yet.
    Empty,
    /// A list shown; `ready`: it holds addresses to void; `more`: more rejected lines than
    /// the preview shows at once.
    Preview { ready: bool, more: bool },
    /// Asking before voiding (a list, or the users of a run sent again).
    Confirming,
    /// The results table while calls are in flight.
    Running,
    /// The results table after `x`, while the calls in flight finish.
    Stopping,
    /// The results table when the run is over; `again`: some users may be sent again.
    Finished { again: bool },
}

impl BulkScreen {
    pub(super) fn keys(&self) -> Keys {
        if self.choosing_file {
            return Keys::ChoosingFile;
        }
        if self.searching {
            return Keys::Searching;
        }
        match &self.stage {
            Stage::Empty => Keys::Empty,
            Stage::Preview(list) => Keys::Preview {
                ready: !list.emails.is_empty(),
                more: list.malformed.len() > self.skipped_shown.get(),
            },
            Stage::Confirm(_) | Stage::ConfirmAgain(..) => Keys::Confirming,
            Stage::Running(run) if run.done => {
                Keys::Finished { again: run.again.as_ref().is_some_and(|a| !a.emails.is_empty()) }
            }
            Stage::Running(run) if run.cancelling => Keys::Stopping,
            Stage::Running(_) => Keys::Running,
        }
    }
}

impl KeyState for Keys {
    fn all() -> Vec<Self> {
        vec![
            Self::ChoosingFile,
            Self::Searching,
            Self::Empty,
            Self::Preview { ready: false, more: false },
            Self::Preview { ready: true, more: false },
            Self::Preview { ready: false, more: true },
            Self::Preview { ready: true, more: true },
            Self::Confirming,
            Self::Running,
            Self::Stopping,
            Self::Finished { again: false },
            Self::Finished { again: true },
        ]
    }

    fn editing(self) -> bool {
        matches!(self, Self::ChoosingFile | Self::Searching)
    }

    fn bindings(self) -> Vec<Binding> {
        let mut out = Vec::new();
        match self {
            Self::ChoosingFile => {
                out.push(Binding::new(&[Key::Enter], Action::Submit, "open"));
                out.push(Binding::new(&[Key::Esc], Action::Back, "cancel"));
            }
            Self::Searching => {
                out.push(Binding::new(&[Key::Enter], Action::Submit, "keep search"));
                out.push(Binding::new(&[Key::Esc], Action::Back, "clear search"));
            }
            Self::Confirming => {
                out.push(Binding::new(&[Key::Char('y')], Action::Confirm, "go ahead"));
                out.push(Binding::new(&[Key::Char('n'), Key::Esc], Action::Cancel, "go back"));
            }
            Self::Running | Self::Stopping | Self::Finished { .. } => {
                out.push(Binding::new(UP, Action::Up, "previous"));
                out.push(Binding::new(DOWN, Action::Down, "next"));
                out.push(Binding::new(&[Key::PageUp], Action::PageUp, "page up").quiet());
                out.push(Binding::new(&[Key::PageDown], Action::PageDown, "page down").quiet());
                out.extend(ends_bindings());
                out.push(Binding::new(&[Key::Char('f')], Action::Filter, "filter"));
                out.push(Binding::new(&[Key::Char('/')], Action::Search, "search"));
                if let Self::Finished { again } = self {
                    if again {
                        // Out of the footer: the counts line says it, with its key.
                        let again =
                            Binding::new(&[Key::Char('s')], Action::SendAgain, "send again");
                        out.push(again.quiet());
                    }
                    out.push(Binding::new(&[Key::Char('w')], Action::Export, "export CSV"));
                    out.push(Binding::new(&[Key::Char('c')], Action::Clear, "new list"));
                } else if self == Self::Running {
                    out.push(Binding::new(&[Key::Char('x')], Action::Cancel, "stop"));
                }
            }
            Self::Empty | Self::Preview { .. } => {
                if let Self::Preview { ready: true, .. } = self {
                    out.push(Binding::new(&[Key::Enter], Action::Submit, "review"));
                }
                if let Self::Preview { more: true, .. } = self {
                    // Keys no address contains, like the action's below.
                    out.push(
                        Binding::new(&[Key::Down], Action::Down, "more skipped lines").quiet(),
                    );
                    out.push(Binding::new(&[Key::Up], Action::Up, "earlier skipped lines").quiet());
                    out.push(Binding::new(&[Key::PageDown], Action::PageDown, "page down").quiet());
                    out.push(Binding::new(&[Key::PageUp], Action::PageUp, "page up").quiet());
                }
                // Keys no address contains: a list typed here by mistake cannot change what
                // is done to it.
                out.push(Binding::new(&[Key::Right, Key::Char(' ')], Action::ToggleMode, "action"));
                out.push(Binding::new(&[Key::Left], Action::ToggleBack, "previous action").quiet());
                out.push(Binding::new(&[Key::Char('o')], Action::LoadFile, "open file"));
                if self != Self::Empty {
                    out.push(Binding::new(&[Key::Char('c')], Action::Clear, "clear"));
                }
            }
        }
        out
    }
}
