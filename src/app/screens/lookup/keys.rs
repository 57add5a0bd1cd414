//! The Lookup screen's keys in each state it can be in.

use super::authenticators::{self, hide_code};
use super::offers::Offers;
use super::{LookupScreen, Mode, State};
use crate::app::keys::{Action, Binding, DOWN, Key, KeyState, UP, copy_binding};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// The address field has the cursor.
    Typing,
    /// Nothing found yet (or looking).
    Idle,
    /// A user on screen, and the declared actions offered on them.
    Found {
        /// Picked from search matches, which `b` goes back to.
        listed: bool,
        /// A replacement's registration code is held on screen.
        code: bool,
        /// The declared actions offered on this user.
        offers: Offers,
    },
    /// The found user's authenticators list, whose keys are its own.
    Authenticators(authenticators::Keys),
    /// Asking before a change to the user.
    Confirming,
    /// A change sent, not answered yet.
    Acting,
    /// Not found, and the identity source not searched yet.
    NotFound {
        listed: bool,
    },
    Failed {
        listed: bool,
    },
    /// A search sent, not answered yet.
    Searching,
    /// Search matches on screen: whether there are any, and pages before and after this one.
    Picking {
        any: bool,
        earlier: bool,
        later: bool,
    },
    SearchFailed,
    /// A SecurID 700 token looked up by serial (or why not): whether its holder can be
    /// looked up.
    Token {
        holder: bool,
    },
}

impl LookupScreen {
    pub(super) fn keys(&self) -> Keys {
        match &self.mode {
            Mode::Typing => return Keys::Typing,
            Mode::Confirming { .. } => return Keys::Confirming,
            Mode::Acting { .. } => return Keys::Acting,
            Mode::Managing(manager) => {
                let code = self.held_code().is_some();
                return Keys::Authenticators(manager.keys(self.state.found(), code));
            }
            Mode::Idle => {}
        }
        let listed = self.matches.is_some();
        match &self.state {
            State::Found { details, .. } => Keys::Found {
                listed,
                offers: Offers::for_user(details),
                code: self.held_code().is_some(),
            },
            State::Failed { failure, tried_unsynched: false, .. }
                if failure.status == Some(404) =>
            {
                Keys::NotFound { listed }
            }
            State::Failed { .. } => Keys::Failed { listed },
            State::Searching { .. } => Keys::Searching,
            State::Picking => match &self.matches {
                Some(m) => Keys::Picking {
                    any: !m.page.elements.is_empty(),
                    earlier: m.page.page_number > 0,
                    later: m.page.has_next(),
                },
                None => Keys::Idle,
            },
            State::SearchFailed { .. } => Keys::SearchFailed,
            State::Token(t) if self.token_loading().is_none() => {
                Keys::Token { holder: t.holder_email().is_some() }
            }
            State::Token(_) => Keys::Idle,
            State::Empty | State::Invalid(_) | State::Loading { .. } => Keys::Idle,
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
            Self::Searching,
            Self::SearchFailed,
            Self::Token { holder: false },
            Self::Token { holder: true },
        ];
        all.extend(authenticators::Keys::all().into_iter().map(Self::Authenticators));
        for listed in [false, true] {
            all.extend([Self::NotFound { listed }, Self::Failed { listed }]);
            for code in [false, true] {
                for offers in Offers::user_samples() {
                    all.push(Self::Found { listed, code, offers });
                }
            }
        }
        for any in [false, true] {
            for earlier in [false, true] {
                for later in [false, true] {
                    all.push(Self::Picking { any, earlier, later });
                }
            }
        }
        all
    }

    fn editing(self) -> bool {
        match self {
            Self::Typing => true,
            Self::Authenticators(keys) => keys.editing(),
            _ => false,
        }
    }

    fn bindings(self) -> Vec<Binding> {
        if self == Self::Typing {
            return vec![
                Binding::new(&[Key::Enter], Action::Submit, "look up or search"),
                Binding::new(&[Key::Esc], Action::Back, "leave field"),
            ];
        }
        match self {
            Self::Searching => {
                return vec![Binding::new(&[Key::Esc], Action::Cancel, "stop searching")];
            }
            Self::Picking { any, earlier, later } => {
                let mut out = Vec::new();
                if any {
                    out.push(Binding::new(&[Key::Enter], Action::Submit, "look up"));
                    // Said under the list instead: the footer needs the room for paging.
                    out.push(Binding::new(UP, Action::Up, "previous").quiet());
                    out.push(Binding::new(DOWN, Action::Down, "next").quiet());
                }
                if later {
                    out.push(Binding::new(&[Key::Char('n')], Action::PageDown, "next page"));
                    out.push(Binding::new(&[Key::PageDown], Action::PageDown, "next page").quiet());
                }
                if earlier {
                    out.push(Binding::new(&[Key::Char('p')], Action::PageUp, "previous page"));
                    out.push(Binding::new(&[Key::PageUp], Action::PageUp, "previous page").quiet());
                }
                out.push(Binding::new(&[Key::Char('e'), Key::Esc], Action::Edit, "change search"));
                return out;
            }
            Self::Confirming => {
                return vec![
                    Binding::new(&[Key::Char('y')], Action::Confirm, "yes, do it"),
                    Binding::new(&[Key::Char('n'), Key::Esc], Action::Cancel, "cancel"),
                ];
            }
            Self::Acting => return Vec::new(),
            Self::Token { holder: true } => {
                return vec![
                    Binding::new(&[Key::Enter], Action::Submit, "look up holder"),
                    Binding::new(&[Key::Char('e')], Action::Edit, "new lookup"),
                ];
            }
            Self::Authenticators(keys) => return keys.bindings(),
            _ => {}
        }
        let mut out = vec![Binding::new(&[Key::Enter, Key::Char('e')], Action::Edit, "new lookup")];
        // Early in the footer: the list under the matches promises it.
        if let Self::Found { listed: true, .. }
        | Self::NotFound { listed: true }
        | Self::Failed { listed: true } = self
        {
            out.push(Binding::new(&[Key::Char('b')], Action::BackToMatches, "back to matches"));
        }
        match self {
            Self::Found { code, offers, .. } => {
                offers.bindings(false, &mut out);
                // In the help only: the code's line in the user pane names both.
                if code {
                    out.push(copy_binding().quiet());
                    out.push(hide_code().quiet());
                }
                // In the help only, like refresh; the user pane names it.
                out.push(Binding::new(&[Key::Char('a')], Action::ShowActivity, "activity").quiet());
                // Their sign-ins as they happen, on Activity (in the help only, as above).
                out.push(
                    Binding::new(&[Key::Char('f')], Action::Follow, "follow sign-ins").quiet(),
                );
                // In the help only; the authenticators pane names it.
                out.push(
                    Binding::new(&[Key::Char('m')], Action::ManageAuthenticators, "authenticators")
                        .quiet(),
                );
                // In the help only: the footer needs the room at 80 columns for the changes.
                out.push(Binding::new(&[Key::Char('r')], Action::Refresh, "refresh").quiet());
            }
            Self::NotFound { .. } => {
                out.push(Binding::new(&[Key::Char('f')], Action::Search, "find similar"));
                out.push(Binding::new(&[Key::Char('u')], Action::Toggle, "search unsynchronised"));
            }
            Self::Failed { .. } | Self::SearchFailed => {
                out.push(Binding::new(&[Key::Char('r')], Action::Refresh, "try again"))
            }
            Self::Typing
            | Self::Idle
            | Self::Confirming
            | Self::Acting
            | Self::Searching
            | Self::Token { .. }
            | Self::Authenticators(_)
            | Self::Picking { .. } => {}
        }
        out
    }
}
