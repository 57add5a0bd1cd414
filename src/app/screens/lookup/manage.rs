//! Lookup's authenticators, managed: `m` puts a cursor on the found user's list (devices, FIDO
//! keys, SecurID 700 tokens, in the order drawn), and each key acts on the one chosen: remove
//! it, replace a lost phone, or change a hardware token. Every change asks first, naming
//! exactly what it touches, and goes to the user's id through the same path as unlock.

use super::{LookupScreen, Mode, State};
use crate::actions::authenticators::replace_blocker;
use crate::actions::{AuthenticatorRef, TokenAction, TokenChange, UserAction};
use crate::api::{Authenticators, Device, FidoToken, SidToken, UserDetails, check_token_serial};
use crate::app::Cx;
use crate::app::keys::Action;
use crate::text::sanitize;
use tui_input::Input;

/// The cursor on the list, and the serial being typed to assign a token.
#[derive(Default)]
pub(super) struct Manage {
    pub selected: usize,
    pub assigning: Option<Input>,
    /// The SMS and voice numbers being edited.
    pub phones: Option<super::phones::PhoneForm>,
    /// Why the typed serial or numbers were not sent.
    pub problem: Option<String>,
    /// The cursor moved since the last answer (a removal's answer hides the details of the
    /// row that took its place until then).
    pub moved: bool,
}

/// One row of the list.
pub(super) enum Item<'a> {
    Device(&'a Device),
    Fido(&'a FidoToken),
    Token(&'a SidToken),
}

/// What the keys can do to the row chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Chosen {
    Nothing,
    /// A device: removable when the service gave its id; replaceable when, that removed, the
    /// service would make a code for the new phone.
    Device {
        removable: bool,
        replaceable: bool,
    },
    Fido {
        removable: bool,
    },
    /// A hardware token: whether it is enabled (`None`: neither said), and whether it may
    /// have a PIN to clear.
    Token {
        enabled: Option<bool>,
        pin: bool,
    },
}

impl Chosen {
    pub const ALL: [Chosen; 12] = [
        Self::Nothing,
        Self::Device { removable: true, replaceable: true },
        Self::Device { removable: true, replaceable: false },
        Self::Device { removable: false, replaceable: false },
        Self::Fido { removable: true },
        Self::Fido { removable: false },
        Self::Token { enabled: None, pin: false },
        Self::Token { enabled: None, pin: true },
        Self::Token { enabled: Some(true), pin: false },
        Self::Token { enabled: Some(true), pin: true },
        Self::Token { enabled: Some(false), pin: false },
        Self::Token { enabled: Some(false), pin: true },
    ];
}

pub(super) fn items(a: &Authenticators) -> Vec<Item<'_>> {
    let devices = a.devices.iter().map(Item::Device);
    let fido = a.fido_tokens.iter().map(Item::Fido);
    devices.chain(fido).chain(a.sid_tokens.iter().map(Item::Token)).collect()
}

impl Item<'_> {
    /// What the keys can do to this row, for this user with these authenticators.
    pub fn chosen(&self, user: &UserDetails, all: &Authenticators) -> Chosen {
        match self {
            Self::Device(d) => match AuthenticatorRef::of_device(d) {
                Some(old) => Chosen::Device {
                    removable: true,
                    replaceable: replace_blocker(user, all, &old.id).is_none(),
                },
                None => Chosen::Device { removable: false, replaceable: false },
            },
            Self::Fido(f) => Chosen::Fido { removable: AuthenticatorRef::of_fido(f).is_some() },
            // A serial that cannot be sent leaves nothing to do to the token.
            Self::Token(t) if token(t, TokenChange::Enable).is_none() => Chosen::Nothing,
            Self::Token(t) => Chosen::Token {
                enabled: token_enabled(t),
                // Offered unless the service says there is no PIN.
                pin: t.pin_set != Some(false),
            },
        }
    }

    /// What names this row across look-ups: the device's id, the token's serial.
    fn key(&self) -> Option<&str> {
        match self {
            Self::Device(d) => d.id.as_deref(),
            Self::Fido(f) => f.id.as_deref(),
            Self::Token(t) => t.token_serial_number.as_deref(),
        }
    }
}

/// "Enabled" or "Disabled", as the token's status says.
pub(super) fn token_enabled(t: &SidToken) -> Option<bool> {
    match t.token_status.as_deref().map(str::trim) {
        Some(s) if s.eq_ignore_ascii_case("enabled") => Some(true),
        Some(s) if s.eq_ignore_ascii_case("disabled") => Some(false),
        _ => None,
    }
}

impl LookupScreen {
    /// The authenticators on screen, when a user is found and they could be read.
    pub(super) fn found_authenticators(&self) -> Option<&Authenticators> {
        match &self.state {
            State::Found { authenticators: Ok(a), .. } => Some(a),
            _ => None,
        }
    }

    /// The user found, their authenticators, and the row with the cursor, while the list is
    /// open and could be read.
    fn at_cursor(&self) -> Option<(&UserDetails, &Authenticators, Item<'_>)> {
        let manage = self.mode.manager()?;
        let State::Found { details, authenticators: Ok(a) } = &self.state else { return None };
        Some((details, a, items(a).into_iter().nth(manage.selected)?))
    }

    pub(super) fn chosen(&self) -> Chosen {
        self.at_cursor().map_or(Chosen::Nothing, |(details, a, item)| item.chosen(details, a))
    }

    /// Why the chosen device cannot be replaced, if it is a device that cannot.
    pub(super) fn replace_blocked(&self) -> Option<String> {
        let Some((details, a, Item::Device(d))) = self.at_cursor() else { return None };
        replace_blocker(details, a, &AuthenticatorRef::of_device(d)?.id)
    }

    /// The list (a report, such as a replacement's code, stays until the next change is sent).
    pub(super) fn open_manage(&mut self) {
        if matches!(self.state, State::Found { authenticators: Ok(_), .. }) {
            self.mode = Mode::Managing(Manage::default());
        }
    }

    /// What names the row with the cursor, to find it again after a look-up.
    pub(super) fn selected_key(&self) -> Option<String> {
        self.at_cursor()?.2.key().map(str::to_string)
    }

    /// After a look-up: the cursor on the same authenticator if it is still there (by id, not
    /// place), else on the row that took its place.
    pub(super) fn reselect(&mut self, key: Option<String>) {
        let rows = self.found_authenticators().map(items).unwrap_or_default();
        let count = rows.len();
        let at = key.and_then(|k| rows.iter().position(|r| r.key() == Some(k.as_str())));
        if let Some(manage) = self.mode.manager_mut() {
            manage.selected = at.unwrap_or(manage.selected).min(count.saturating_sub(1));
        }
    }

    pub(super) fn move_choice(&mut self, down: bool) {
        let count = self.found_authenticators().map_or(0, |a| items(a).len());
        if let Some(manage) = self.mode.manager_mut()
            && count > 0
        {
            manage.moved = true;
            manage.selected = if down {
                (manage.selected + 1).min(count - 1)
            } else {
                manage.selected.saturating_sub(1)
            };
        }
    }

    /// The change a key asks for on the row chosen, if it applies to it.
    pub(super) fn change_for_key(&self, key: Action) -> Option<UserAction> {
        let (_, _, item) = self.at_cursor()?;
        match (key, item) {
            (Action::RemoveAuthenticator, Item::Device(d)) => {
                AuthenticatorRef::of_device(d).map(UserAction::RemoveAuthenticator)
            }
            (Action::RemoveAuthenticator, Item::Fido(f)) => {
                AuthenticatorRef::of_fido(f).map(UserAction::RemoveAuthenticator)
            }
            (Action::ReplacePhone, Item::Device(d)) => {
                let old = AuthenticatorRef::of_device(d)?;
                if self.replace_blocked().is_some() {
                    return None;
                }
                Some(UserAction::ReplacePhone { old, email: self.found_email()? })
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

    pub(super) fn start_assigning(&mut self) {
        if let Some(manage) = self.mode.manager_mut() {
            manage.assigning = Some(Input::default());
            manage.phones = None;
            manage.problem = None;
        }
    }

    /// Enter in the serial field: a serial fit to send is asked about; else the field says why.
    pub(super) fn submit_serial(&mut self) {
        let Some(manage) = self.mode.manager_mut() else { return };
        let Some(input) = &manage.assigning else { return };
        match check_token_serial(input.value()) {
            Ok(serial) => {
                let action = TokenAction {
                    change: TokenChange::Assign,
                    serial: serial.to_string(),
                    name: None,
                };
                manage.assigning = None;
                manage.problem = None;
                self.ask(UserAction::Token(action));
            }
            Err(e) => manage.problem = Some(e.to_string()),
        }
    }

    pub(super) fn on_manage_action(&mut self, action: Action, cx: &mut Cx) {
        if let Some(form) = self.phone_form() {
            match action {
                Action::NextField | Action::PrevField => form.on_voice = !form.on_voice,
                Action::Submit => self.submit_phones(),
                Action::Back => {
                    if let Some(manage) = self.mode.manager_mut() {
                        manage.phones = None;
                        manage.problem = None;
                    }
                }
                _ => {}
            }
            return;
        }
        match action {
            Action::Up => self.move_choice(false),
            Action::Down => self.move_choice(true),
            Action::AssignToken => self.start_assigning(),
            Action::EditPhones => self.start_phones(),
            Action::Submit => self.submit_serial(),
            Action::Back => {
                let typing = self.mode.manager().is_some_and(|m| m.assigning.is_some());
                match self.mode.manager_mut() {
                    Some(manage) if typing => {
                        manage.assigning = None;
                        manage.problem = None;
                    }
                    _ => self.mode = Mode::Idle,
                }
            }
            Action::Copy => {
                if let Some(code) = self.held_code() {
                    cx.copy(&code.code);
                }
            }
            Action::Clear => self.held = None,
            Action::RemoveAuthenticator
            | Action::ReplacePhone
            | Action::ToggleToken
            | Action::ClearPin => {
                // A replacement's code stays on screen through this (it is held apart from
                // the last answer).
                if let Some(change) = self.change_for_key(action) {
                    self.ask(change);
                }
            }
            _ => {}
        }
    }
}

fn token(t: &SidToken, change: TokenChange) -> Option<UserAction> {
    let serial = t.token_serial_number.as_deref().map(sanitize)?;
    check_token_serial(&serial).ok()?;
    Some(UserAction::Token(TokenAction { change, serial, name: None }))
}
