//! The Lookup screen's keys in each state it can be in.

use super::authenticators::{self, hide_code};
use super::{LookupScreen, Mode, State};
use crate::actions::declared::DECLARED;
use crate::api::{UserDetails, UserStatus};
use crate::app::keys::{Action, Binding, DOWN, Key, KeyState, UP, copy_binding};

/// What is locked, as far as `u` is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Locks {
    None,
    /// Some of TOKEN, SMS and VOICE, which the Unlock API unlocks.
    Unlockable,
    /// Only Approve or Fingerprint, which it cannot: `u` says why.
    WithoutUnlock,
}

/// At most this many declared actions (a test holds `DECLARED` to it).
const MAX_DECLARED: usize = 16;

/// The declared actions (`actions/declared.rs`) offered on the user shown, each as which of
/// its faces the footer shows, in `DECLARED`'s order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Offers([Option<u8>; MAX_DECLARED]);

impl Offers {
    pub(super) const NONE: Offers = Offers([None; MAX_DECLARED]);

    fn for_user(details: &UserDetails) -> Self {
        let mut offers = Self::NONE;
        for (slot, declared) in offers.0.iter_mut().zip(DECLARED) {
            *slot = (declared.offered)(details).and_then(|face| u8::try_from(face).ok());
        }
        offers
    }

    /// What users of every status are offered, and nothing: every state the keys can be in.
    fn samples() -> Vec<Self> {
        let statuses = [Some(UserStatus::Enabled), Some(UserStatus::Disabled), None];
        let users =
            statuses.map(|user_status| UserDetails { user_status, ..UserDetails::default() });
        let mut samples: Vec<Self> = users.iter().map(Self::for_user).collect();
        samples.push(Self::NONE);
        samples
    }

    fn bindings(self, out: &mut Vec<Binding>) {
        for (face, declared) in self.0.iter().zip(DECLARED) {
            if let Some(words) = face.and_then(|f| declared.faces.get(usize::from(f))) {
                let key = [Key::Char(declared.key)];
                out.push(Binding::new(&key, Action::Declared(declared.command), *words));
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
    /// The address field has the cursor.
    Typing,
    /// Nothing found yet (or looking).
    Idle,
    /// A user on screen: what is locked, and the declared actions offered on them.
    Found {
        locks: Locks,
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
                locks: if !crate::actions::unlockable(details).is_empty() {
                    Locks::Unlockable
                } else if !super::locks::without_unlock(details).is_empty() {
                    Locks::WithoutUnlock
                } else {
                    Locks::None
                },
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
        ];
        all.extend(authenticators::Keys::all().into_iter().map(Self::Authenticators));
        for listed in [false, true] {
            all.extend([Self::NotFound { listed }, Self::Failed { listed }]);
            for locks in [Locks::None, Locks::Unlockable, Locks::WithoutUnlock] {
                for code in [false, true] {
                    for offers in Offers::samples() {
                        all.push(Self::Found { locks, listed, code, offers });
                    }
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
            Self::Found { locks, code, offers, .. } => {
                match locks {
                    Locks::Unlockable => {
                        out.push(Binding::new(&[Key::Char('u')], Action::Unlock, "unlock"))
                    }
                    Locks::WithoutUnlock => {
                        out.push(Binding::new(&[Key::Char('u')], Action::Unlock, "why no unlock"))
                    }
                    Locks::None => {}
                }
                // In the help only: the code's line in the user pane names both.
                if code {
                    out.push(copy_binding().quiet());
                    out.push(hide_code().quiet());
                }
                offers.bindings(&mut out);
                // In the help only, like refresh; the user pane names it.
                out.push(Binding::new(&[Key::Char('a')], Action::ShowActivity, "activity").quiet());
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
            | Self::Authenticators(_)
            | Self::Picking { .. } => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_action_fits_the_offers_lookup_keeps() {
        assert!(DECLARED.len() <= MAX_DECLARED, "raise MAX_DECLARED");
        let mut bound = std::collections::HashSet::new();
        for offers in Offers::samples() {
            let mut out = Vec::new();
            offers.bindings(&mut out);
            bound.extend(out.into_iter().map(|b| b.action));
        }
        assert_eq!(bound.len(), DECLARED.len(), "each is offered to someone: {bound:?}");
    }
}
