//! Renaming a SecurID 700 token the user holds (Update Hardware Token Name): a form over the
//! authenticators list, offered on a token's row, which takes the new name (at most 255
//! characters, said before anything is sent). Not guarded: a name issues and removes no
//! credential, as assigning one does not (unassigning does, and is).

use super::{Args, Declared, Form, Target};
use crate::actions::{Item, Row};
use crate::api::check_token_serial;
use crate::api::scope::Scope;
use crate::text::sanitize;

/// In the order the list's footer offers them.
pub(super) static ALL: &[&Declared] = &[&RENAME_TOKEN];

pub static RENAME_TOKEN: Declared = Declared {
    name: "rename SecurID token",
    key_name: "rename_securid_token",
    command: "rename-token",
    key: 'e',
    scope: Scope::SidTokenManage,
    guard: None,
    faces: &["rename token"],
    // The token's name line says it, and the footer needs the room at 80 columns.
    in_footer: false,
    target: Target::Form(Form::TokenName),
    asks_first: true,
    question: |args, who| match args {
        Args::Token(token) => format!(
            "Rename SecurID token {} of {who} to {}?",
            token.serial,
            quoted(token.name.as_deref().unwrap_or(""))
        ),
        _ => String::new(),
    },
    caveat: None,
    doing: super::on_rows::token_doing,
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| Box::pin(super::on_rows::token_call(client, id, args)),
    list: None,
};

/// The serial of the token on `row`, if it is one whose serial can be sent.
pub fn serial_on(row: &Row) -> Option<String> {
    let Item::Token(t) = row.item else { return None };
    let serial = t.token_serial_number.as_deref().map(sanitize)?;
    check_token_serial(&serial).ok()?;
    Some(serial)
}

/// Assign's question, naming the name it gives, if it gives one.
pub(super) fn assign_question(args: &Args, who: &str) -> String {
    let asked = super::on_rows::token_question(args, who);
    match args {
        Args::Token(token) => match token.name.as_deref().filter(|n| !n.trim().is_empty()) {
            Some(name) => format!("{} It will be named {}.", asked, quoted(name)),
            None => asked,
        },
        _ => asked,
    }
}

/// “name”, cleaned for the screen.
fn quoted(name: &str) -> String {
    format!("\u{201c}{}\u{201d}", sanitize(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::{TokenAction, TokenChange};

    fn token(change: TokenChange, name: Option<&str>) -> Args {
        Args::Token(TokenAction {
            change,
            serial: "000123456789".into(),
            name: name.map(str::to_string),
        })
    }

    #[test]
    fn the_questions_name_the_name_cleaned() {
        let asked =
            (RENAME_TOKEN.question)(&token(TokenChange::Rename, Some("Desk\u{1b}[2J 2")), "a@b");
        assert_eq!(asked, "Rename SecurID token 000123456789 of a@b to \u{201c}Desk 2\u{201d}?");
        let assign = assign_question(&token(TokenChange::Assign, Some(" Spare ")), "a@b");
        assert!(assign.ends_with("It will be named \u{201c}Spare\u{201d}."), "{assign}");
        let plain = assign_question(&token(TokenChange::Assign, None), "a@b");
        assert_eq!(plain, "Assign SecurID token 000123456789 to a@b?");
    }
}
