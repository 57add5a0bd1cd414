//! Lookup's authenticators, managed: `m` puts a cursor on the found user's list (devices, FIDO
//! keys, SecurID 700 tokens, in the order drawn), and each key acts on the one chosen: remove
//! it, replace a lost phone, or change a hardware token. Every change asks first, naming
//! exactly what it touches, and goes to the user's id through the same path as unlock: this
//! component says which change; Lookup asks, sends it and shows the answer under the list.

mod draw;
mod keys;
mod phones;
mod rows;

pub(super) use keys::{Keys, hide_code};
pub(super) use rows::Chosen;

use crate::actions::authenticators::replace_blocker;
use crate::actions::{AuthenticatorRef, TokenAction, TokenChange, UserAction};
use crate::api::{Authenticators, UserDetails, check_token_serial};
use crate::app::keys::Action;
use crate::messages::Failure;
use crate::text::sanitize;
use phones::PhoneForm;
use rows::{Item, items, token, token_enabled};
use tui_input::Input;

/// The user whose list it is, as Lookup has them on screen.
#[derive(Clone, Copy)]
pub(super) struct Found<'a> {
    pub details: &'a UserDetails,
    /// Their authenticators, or why they could not be read again after a change (the list
    /// stays open then: a code shown under it stays shown).
    pub listed: Result<&'a Authenticators, &'a Failure>,
}

impl Found<'_> {
    /// The user's address as the service gave it, cleaned as the carried user's is.
    fn email(&self) -> Option<String> {
        self.details.email_address.as_deref().map(sanitize)
    }
}

/// The cursor on the list, and what is being typed over it.
#[derive(Default)]
pub(super) struct Manager {
    selected: usize,
    typing: Typing,
    /// Why the typed serial or numbers were not sent.
    problem: Option<String>,
}

/// A field typed in over the list: one at a time.
#[derive(Default)]
enum Typing {
    #[default]
    Nothing,
    /// The serial number of a token to assign.
    Serial(Input),
    /// The SMS and voice numbers.
    Phones(PhoneForm),
}

/// What a key on the list asks of Lookup.
pub(super) enum Outcome {
    Stay,
    /// The list closes.
    Close,
    /// A change, to ask about before it is sent.
    Ask(UserAction),
}

impl Manager {
    pub fn keys(&self, found: Option<Found>, code: bool) -> Keys {
        match self.typing {
            Typing::Phones(_) => Keys::EditingPhones,
            Typing::Serial(_) => Keys::Assigning,
            Typing::Nothing => Keys::List { chosen: self.chosen(found), code },
        }
    }

    /// The field with the cursor, if one is being typed in.
    pub fn field(&mut self) -> Option<&mut Input> {
        match &mut self.typing {
            Typing::Nothing => None,
            Typing::Serial(serial) => Some(serial),
            Typing::Phones(form) => Some(form.field()),
        }
    }

    pub fn on_action(&mut self, action: Action, found: Option<Found>) -> Outcome {
        if let Typing::Phones(form) = &mut self.typing {
            match action {
                Action::NextField | Action::PrevField => form.on_voice = !form.on_voice,
                Action::Submit => return self.submit_phones(found),
                Action::Back => self.stop_typing(),
                _ => {}
            }
            return Outcome::Stay;
        }
        match action {
            Action::Up => self.move_choice(found, false),
            Action::Down => self.move_choice(found, true),
            Action::AssignToken => {
                self.typing = Typing::Serial(Input::default());
                self.problem = None;
            }
            Action::EditPhones => {
                if let Some(found) = found {
                    self.typing = Typing::Phones(PhoneForm::of(found.details));
                    self.problem = None;
                }
            }
            Action::Submit => return self.submit_serial(),
            Action::Back if matches!(self.typing, Typing::Serial(_)) => self.stop_typing(),
            Action::Back => return Outcome::Close,
            Action::RemoveAuthenticator
            | Action::ReplacePhone
            | Action::ToggleToken
            | Action::ClearPin => {
                // A replacement's code stays on screen through this (Lookup holds it apart
                // from the last answer).
                if let Some(change) = self.change_for_key(found, action) {
                    return Outcome::Ask(change);
                }
            }
            _ => {}
        }
        Outcome::Stay
    }

    fn stop_typing(&mut self) {
        self.typing = Typing::Nothing;
        self.problem = None;
    }

    /// Enter in the serial field: a serial fit to send is asked about; else the field says why.
    fn submit_serial(&mut self) -> Outcome {
        let Typing::Serial(input) = &self.typing else { return Outcome::Stay };
        match check_token_serial(input.value()) {
            Ok(serial) => {
                let action = TokenAction {
                    change: TokenChange::Assign,
                    serial: serial.to_string(),
                    name: None,
                };
                self.stop_typing();
                Outcome::Ask(UserAction::Token(action))
            }
            Err(e) => {
                self.problem = Some(e.to_string());
                Outcome::Stay
            }
        }
    }

    /// Enter in the phone form: what differs, checked, is asked about; else the form says why.
    fn submit_phones(&mut self, found: Option<Found>) -> Outcome {
        let (Some(found), Typing::Phones(form)) = (found, &self.typing) else {
            return Outcome::Stay;
        };
        match form.change(found.details) {
            Ok(change) => {
                self.stop_typing();
                Outcome::Ask(change)
            }
            Err(problem) => {
                self.problem = Some(problem);
                Outcome::Stay
            }
        }
    }

    /// The user found, their authenticators, and the row with the cursor, when they could be
    /// read.
    fn at_cursor<'a>(
        &self,
        found: Option<Found<'a>>,
    ) -> Option<(&'a UserDetails, &'a Authenticators, Item<'a>)> {
        let found = found?;
        let listed = found.listed.ok()?;
        Some((found.details, listed, items(listed).into_iter().nth(self.selected)?))
    }

    fn chosen(&self, found: Option<Found>) -> Chosen {
        self.at_cursor(found).map_or(Chosen::Nothing, |(details, a, item)| item.chosen(details, a))
    }

    /// Why the chosen device cannot be replaced, if it is a device that cannot.
    fn replace_blocked(&self, found: Option<Found>) -> Option<String> {
        let Some((details, a, Item::Device(d))) = self.at_cursor(found) else { return None };
        replace_blocker(details, a, &AuthenticatorRef::of_device(d)?.id)
    }

    /// What names the row with the cursor, to find it again after a look-up.
    pub fn selected_key(&self, found: Option<Found>) -> Option<String> {
        self.at_cursor(found)?.2.key().map(str::to_string)
    }

    /// After a look-up: the cursor on the same authenticator if it is still there (by id, not
    /// place), else on the row that took its place.
    pub fn reselect(&mut self, found: Option<Found>, key: Option<String>) {
        let rows = found.and_then(|f| f.listed.ok()).map(items).unwrap_or_default();
        let count = rows.len();
        let at = key.and_then(|k| rows.iter().position(|r| r.key() == Some(k.as_str())));
        self.selected = at.unwrap_or(self.selected).min(count.saturating_sub(1));
    }

    fn move_choice(&mut self, found: Option<Found>, down: bool) {
        let count = found.and_then(|f| f.listed.ok()).map_or(0, |a| items(a).len());
        if count > 0 {
            self.selected = if down {
                (self.selected + 1).min(count - 1)
            } else {
                self.selected.saturating_sub(1)
            };
        }
    }

    /// The change a key asks for on the row chosen, if it applies to it.
    fn change_for_key(&self, found: Option<Found>, key: Action) -> Option<UserAction> {
        let (_, _, item) = self.at_cursor(found)?;
        match (key, item) {
            (Action::RemoveAuthenticator, Item::Device(d)) => {
                AuthenticatorRef::of_device(d).map(UserAction::RemoveAuthenticator)
            }
            (Action::RemoveAuthenticator, Item::Fido(f)) => {
                AuthenticatorRef::of_fido(f).map(UserAction::RemoveAuthenticator)
            }
            (Action::ReplacePhone, Item::Device(d)) => {
                let old = AuthenticatorRef::of_device(d)?;
                if self.replace_blocked(found).is_some() {
                    return None;
                }
                Some(UserAction::ReplacePhone { old, email: found?.email()? })
            }
            (Action::RemoveAuthenticator, Item::Token(t)) => token(t, TokenChange::Unassign),
            (Action::ClearPin, Item::Token(t)) => token(t, TokenChange::ClearPin),
            (Action::ToggleToken, Item::Token(t)) => match token_enabled(t) {
                Some(true) => token(t, TokenChange::Disable),
                Some(false) => token(t, TokenChange::Enable),
                None => None,
            },
            _ => None,
        }
    }
}
