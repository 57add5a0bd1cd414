//! Lookup's authenticators, managed: `m` puts a cursor on the found user's list (devices, FIDO
//! keys, SecurID 700 tokens, in the order drawn), and each key acts on the one chosen: remove
//! it, replace a lost phone, or change a hardware token. Every change asks first, naming
//! exactly what it touches, and goes to the user's id through the same path as unlock: this
//! component says which change; Lookup asks, sends it and shows the answer under the list.

mod draw;
mod keys;
mod more_rows;
mod phones;
mod token_forms;

pub(super) use keys::{Keys, hide_code};

use super::offers::Offers;
use crate::actions::declared::{Form, Offer, Target, by_command};
use crate::actions::{Item, Row, UserAction, items};
use crate::api::{Authenticators, UserDetails};
use crate::app::keys::Action;
use crate::messages::Failure;
use phones::PhoneForm;
use token_forms::{AssignForm, RenameForm};
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
        self.details.email_address.as_deref().map(crate::text::sanitize)
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
    /// The serial number of a token to assign, and its name.
    Assign(AssignForm),
    /// A new name for the token chosen.
    Rename(RenameForm),
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
            Typing::Assign(_) => Keys::Assigning,
            Typing::Rename(_) => Keys::Renaming,
            Typing::Nothing => {
                Keys::List { offers: Offers::for_row(self.row(found).as_ref()), code }
            }
        }
    }

    /// The field with the cursor, if one is being typed in.
    pub fn field(&mut self) -> Option<&mut Input> {
        match &mut self.typing {
            Typing::Nothing => None,
            Typing::Assign(form) => Some(form.field()),
            Typing::Rename(form) => Some(&mut form.name),
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
        if let Typing::Assign(form) = &mut self.typing {
            match action {
                Action::NextField | Action::PrevField => form.on_name = !form.on_name,
                Action::Submit => return self.submit_token_form(),
                Action::Back => self.stop_typing(),
                _ => {}
            }
            return Outcome::Stay;
        }
        match action {
            Action::Up => self.move_choice(found, false),
            Action::Down => self.move_choice(found, true),
            Action::Submit => return self.submit_token_form(),
            Action::Back if matches!(self.typing, Typing::Rename(_)) => self.stop_typing(),
            Action::Back => return Outcome::Close,
            Action::Declared(command) => return self.declared(command, found),
            _ => {}
        }
        Outcome::Stay
    }

    /// A declared action's key: the change it asks for on the row chosen, or its form.
    fn declared(&mut self, command: &str, found: Option<Found>) -> Outcome {
        let Some(declared) = by_command(command) else { return Outcome::Stay };
        match declared.target {
            Target::Row(offered) => {
                // A replacement's code stays on screen through this (Lookup holds it apart
                // from the last answer).
                if let Some(Offer::Act { args, .. }) = self.row(found).as_ref().and_then(offered) {
                    return Outcome::Ask(UserAction { declared, args });
                }
            }
            Target::Form(Form::TokenSerial) => {
                self.typing = Typing::Assign(AssignForm::default());
                self.problem = None;
            }
            Target::Form(Form::TokenName) => {
                let row = self.row(found);
                let serial = row.as_ref().and_then(crate::actions::declared::token_serial_on);
                if let (Some(serial), Some(Item::Token(t))) = (serial, row.map(|r| r.item)) {
                    self.typing = Typing::Rename(RenameForm::of(serial, t.token_name.as_deref()));
                    self.problem = None;
                }
            }
            Target::Form(Form::Phones) => {
                if let Some(found) = found {
                    self.typing = Typing::Phones(PhoneForm::of(found.details));
                    self.problem = None;
                }
            }
            Target::User(_) => {}
        }
        Outcome::Stay
    }

    fn stop_typing(&mut self) {
        self.typing = Typing::Nothing;
        self.problem = None;
    }

    /// Enter in a token form: what it took, checked, is asked about; else the form says why.
    fn submit_token_form(&mut self) -> Outcome {
        let change = match &self.typing {
            Typing::Assign(form) => form.change(),
            Typing::Rename(form) => form.change(),
            Typing::Nothing | Typing::Phones(_) => return Outcome::Stay,
        };
        match change {
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

    /// The row with the cursor, with the user and their list, when they could be read.
    fn row<'a>(&self, found: Option<Found<'a>>) -> Option<Row<'a>> {
        let found = found?;
        let all = found.listed.ok()?;
        Some(Row { user: found.details, all, item: items(all).into_iter().nth(self.selected)? })
    }

    /// What names the row with the cursor, to find it again after a look-up.
    pub fn selected_key(&self, found: Option<Found>) -> Option<String> {
        self.row(found)?.item.key().map(str::to_string)
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
}
