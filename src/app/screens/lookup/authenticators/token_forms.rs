//! The SecurID 700 token forms over the authenticators list: assign (`a`: the serial of an
//! unassigned token, and a name for it if wanted) and rename (`e` on a token's row: the new
//! name, starting from the one it has). What is typed is checked before anything is asked:
//! a serial as the service takes it, a name of at most 255 characters; the problem is said in
//! words otherwise. What is sent is what the fields show, trimmed.

use crate::actions::declared::{ASSIGN_TOKEN, Args, RENAME_TOKEN};
use crate::actions::{TokenAction, TokenChange, UserAction};
use crate::api::{check_token_name, check_token_serial};
use crate::text::{capitalised, sanitize};
use tui_input::Input;

/// Assign: the serial, and an optional name.
#[derive(Default)]
pub struct AssignForm {
    pub serial: Input,
    pub name: Input,
    /// The cursor is in the name field (else the serial one).
    pub on_name: bool,
}

impl AssignForm {
    pub fn field(&mut self) -> &mut Input {
        if self.on_name { &mut self.name } else { &mut self.serial }
    }

    /// Enter in the form: the assignment to ask about, or why there is none to send.
    pub fn change(&self) -> Result<UserAction, String> {
        let serial = check_token_serial(self.serial.value()).map_err(said)?;
        let name = check_token_name(Some(self.name.value())).map_err(said)?;
        let token = TokenAction {
            change: TokenChange::Assign,
            serial: serial.to_string(),
            name: name.map(str::to_string),
        };
        Ok(UserAction { declared: &ASSIGN_TOKEN, args: Args::Token(token) })
    }
}

/// Rename: the token chosen, and its new name.
pub struct RenameForm {
    /// As the list shows it (checked as sendable when the form opened).
    pub serial: String,
    pub name: Input,
}

impl RenameForm {
    /// For the token `serial`, starting from the name it has (cleaned, as drawn on the list).
    pub fn of(serial: String, now: Option<&str>) -> Self {
        Self { serial, name: Input::new(now.map(sanitize).unwrap_or_default()) }
    }

    /// Enter in the form: the rename to ask about, or why there is none to send.
    pub fn change(&self) -> Result<UserAction, String> {
        let Some(name) = check_token_name(Some(self.name.value())).map_err(said)? else {
            return Err("Type the new name (at most 255 characters).".into());
        };
        let token = TokenAction {
            change: TokenChange::Rename,
            serial: self.serial.clone(),
            name: Some(name.to_string()),
        };
        Ok(UserAction { declared: &RENAME_TOKEN, args: Args::Token(token) })
    }
}

fn said(e: crate::api::ApiError) -> String {
    format!("{}.", capitalised(&e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(action: UserAction) -> TokenAction {
        match action.args {
            Args::Token(t) => t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn assign_sends_the_serial_and_the_name_trimmed_or_none() {
        let form = AssignForm {
            serial: Input::new(" 000555000101 ".into()),
            name: Input::new("  ".into()),
            on_name: false,
        };
        let t = token(form.change().unwrap());
        assert_eq!((t.serial.as_str(), t.name), ("000555000101", None));
        let form = AssignForm { name: Input::new(" Spare ".into()), ..form };
        assert_eq!(token(form.change().unwrap()).name.as_deref(), Some("Spare"));
    }

    #[test]
    fn a_name_too_long_is_said_in_words_before_anything_is_sent() {
        let form = RenameForm::of("000412345678".into(), None);
        assert!(form.change().unwrap_err().contains("Type the new name"));
        let form = RenameForm { name: Input::new("n".repeat(256)), ..form };
        let why = form.change().unwrap_err();
        assert_eq!(why, "A token name is at most 255 characters; this one has 256.");
        let form = RenameForm { name: Input::new("n".repeat(255)), ..form };
        assert_eq!(token(form.change().unwrap()).name.map(|n| n.len()), Some(255));
    }
}
