//! The actions whose arguments are typed into a form over the authenticators list: assign a
//! SecurID 700 token by its serial, set the SMS and voice numbers. The key opens the form;
//! the form checks what was typed and makes the `Args`.

use super::{Args, Declared, Form, Target};
use crate::actions::Acted;
use crate::api::PhoneChange;
use crate::api::scope::Scope;

/// In the order the list's footer offers them.
pub(super) static ALL: &[&Declared] = &[&ASSIGN_TOKEN, &SET_PHONES];

pub static ASSIGN_TOKEN: Declared = Declared {
    name: "assign SecurID token",
    key_name: "assign_securid_token",
    command: "assign-token",
    key: 'a',
    scope: Scope::SidTokenManage,
    guard: Some(crate::verify::Guarded::RestoreAuthenticator),
    faces: &["assign token"],
    in_footer: true,
    target: Target::Form(Form::TokenSerial),
    asks_first: true,
    question: super::token_name::assign_question,
    caveat: None,
    doing: super::on_rows::token_doing,
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| Box::pin(super::on_rows::token_call(client, id, args)),
    list: None,
};

pub static SET_PHONES: Declared = Declared {
    name: "set phone numbers",
    key_name: "set_phone_numbers",
    command: "set-phones",
    key: 'n',
    scope: Scope::UserFactorManage,
    guard: Some(crate::verify::Guarded::PhoneNumbers),
    faces: &["phone numbers"],
    // The phone numbers line names it, and the footer needs the room.
    in_footer: false,
    target: Target::Form(Form::Phones),
    asks_first: true,
    question: |args, who| match args {
        Args::Phones(change) => phone_question(change, who),
        _ => String::new(),
    },
    caveat: None,
    doing: |_| "Setting the phone numbers".into(),
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| {
        Box::pin(async move {
            let Args::Phones(change) = args else { return Err(super::on_rows::not_given()) };
            let answer = client.set_phone_numbers(id, change).await?;
            Ok(Acted::PhonesSet { change: change.clone(), answer: Box::new(answer) })
        })
    },
    list: None,
};

/// "Set the SMS number to +44 20 7946 0958 and clear the voice number for alice@example.com?"
fn phone_question(change: &PhoneChange, who: &str) -> String {
    let one = |what: &str, value: &Option<String>| match value.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(format!("clear the {what} number")),
        Some(n) => Some(format!("set the {what} number to {}", crate::text::sanitize(n))),
    };
    let parts: Vec<String> =
        [one("SMS", &change.sms), one("voice", &change.voice)].into_iter().flatten().collect();
    format!("{} for {who}?", crate::text::capitalised(&parts.join(" and ")))
}
