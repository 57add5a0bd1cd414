//! The actions on the row chosen on a user's authenticators list: remove a device or FIDO
//! key, replace a lost phone, and unassign, enable, disable or clear the PIN of a SecurID 700
//! token. Each names its authenticator as the lookup listed it, so the question before it and
//! the record after it say exactly what it touches.

use super::{Args, Declared, Offer, Target};
use crate::actions::authenticators::{
    code_for_new_phone, removal_question, replace_blocker, replace_failed_words, replace_question,
};
use crate::actions::{Acted, AuthenticatorRef, Item, Row, TokenAction, TokenChange};
use crate::api::scope::Scope;
use crate::api::{SidToken, check_token_serial};
use crate::text::sanitize;
use crate::verify::Guarded;

/// In the order the list's footer offers them.
pub(super) static ALL: &[&Declared] = &[
    &REMOVE_AUTHENTICATOR,
    &UNASSIGN_TOKEN,
    &REPLACE_PHONE,
    &DISABLE_TOKEN,
    &ENABLE_TOKEN,
    &CLEAR_PIN,
];

pub static REMOVE_AUTHENTICATOR: Declared = Declared {
    name: "remove authenticator",
    key_name: "remove_authenticator",
    command: "remove-authenticator",
    key: 'x',
    scope: Scope::MobileDelete,
    guard: Some(Guarded::RemoveDevice),
    faces: &["remove"],
    in_footer: true,
    // A device or key the service gave no id for cannot be removed by the API.
    target: Target::Row(|row| match row.item {
        Item::Device(d) => Offer::first(Args::Authenticator(AuthenticatorRef::of_device(d)?)),
        Item::Fido(f) => Offer::first(Args::Authenticator(AuthenticatorRef::of_fido(f)?)),
        Item::Browser(b) => Offer::first(Args::Authenticator(AuthenticatorRef::of_browser(b)?)),
        Item::Token(_) | Item::Ds100(_) => None,
    }),
    asks_first: true,
    question: |args, who| match args {
        Args::Authenticator(old) => removal_question(old, who),
        _ => String::new(),
    },
    caveat: None,
    doing: |args| format!("Removing {}", args.names().unwrap_or_default()),
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| {
        Box::pin(async move {
            let Args::Authenticator(old) = args else { return Err(not_given()) };
            client
                .delete_device(id, &old.id)
                .await
                .map(|()| Acted::AuthenticatorRemoved(old.clone()))
        })
    },
    list: None,
};

/// A lost or new phone: the old device removed, then a device registration code for the new
/// one. Offered only when, the old one removed, the service would make that code.
pub static REPLACE_PHONE: Declared = Declared {
    name: "replace phone",
    key_name: "replace_phone",
    command: "replace-phone",
    key: 'r',
    // Its first call; the code after it needs `rsa.authenticator.mobile.manage`.
    scope: Scope::MobileDelete,
    guard: Some(Guarded::ReplacePhone),
    faces: &["replace phone"],
    in_footer: true,
    target: Target::Row(|row| {
        let Item::Device(d) = row.item else { return None };
        let old = AuthenticatorRef::of_device(d)?;
        if let Some(why) = replace_blocker(row.user, row.all, &old.id) {
            return Some(Offer::NotNow { why });
        }
        let email = row.user.email_address.as_deref().map(sanitize)?;
        Offer::first(Args::ReplacePhone { old, email })
    }),
    asks_first: true,
    question: |args, who| match args {
        Args::ReplacePhone { old, .. } => replace_question(old, who),
        _ => String::new(),
    },
    caveat: None,
    doing: |args| {
        format!(
            "Removing {}, then making a code for the new phone",
            args.names().unwrap_or_default()
        )
    },
    // Stopped at its first step: say what was and was not done.
    after_failure: Some(|args, failure| match args {
        Args::ReplacePhone { old, .. } => Some(replace_failed_words(old, failure)),
        _ => None,
    }),
    for_user: super::as_given,
    call: |client, id, args| {
        Box::pin(async move {
            let Args::ReplacePhone { old, email } = args else { return Err(not_given()) };
            client.delete_device(id, &old.id).await?;
            let code = code_for_new_phone(client, email).await.map(Box::new);
            Ok(Acted::PhoneReplaced { old: old.clone(), code })
        })
    },
    list: None,
};

/// "Enabled" or "Disabled", as the token's status says.
pub fn token_enabled(t: &SidToken) -> Option<bool> {
    match t.token_status.as_deref().map(str::trim) {
        Some(s) if s.eq_ignore_ascii_case("enabled") => Some(true),
        Some(s) if s.eq_ignore_ascii_case("disabled") => Some(false),
        _ => None,
    }
}

/// `change` to the token on the row, if it is a token whose serial can be sent and `applies`.
fn on_token(row: &Row, change: TokenChange, applies: fn(&SidToken) -> bool) -> Option<Offer> {
    let Item::Token(t) = row.item else { return None };
    let serial = t.token_serial_number.as_deref().map(sanitize)?;
    check_token_serial(&serial).ok()?;
    applies(t).then(|| Offer::first(Args::Token(TokenAction { change, serial, name: None })))?
}

/// The words and call every token change shares: its own question and doing words.
macro_rules! token_change {
    ($name:literal, $key_name:literal, $command:literal, $key:literal, $face:literal, $change:expr, $applies:expr, $guard:expr) => {
        Declared {
            name: $name,
            key_name: $key_name,
            command: $command,
            key: $key,
            scope: Scope::SidTokenManage,
            guard: $guard,
            faces: &[$face],
            in_footer: true,
            target: Target::Row(|row| on_token(row, $change, $applies)),
            asks_first: true,
            question: token_question,
            caveat: None,
            doing: token_doing,
            after_failure: None,
            for_user: super::as_given,
            call: |client, id, args| Box::pin(token_call(client, id, args)),
            list: None,
        }
    };
}

/// A token change's question: its own words, naming the serial.
pub(super) fn token_question(args: &Args, who: &str) -> String {
    match args {
        Args::Token(token) => token.change.question(&token.serial, who),
        _ => String::new(),
    }
}

/// A token change's line while it is sent.
pub(super) fn token_doing(args: &Args) -> String {
    match args {
        Args::Token(token) => token.change.doing(&token.serial),
        _ => String::new(),
    }
}

pub(super) async fn token_call(
    client: &crate::api::Client,
    id: &str,
    args: &Args,
) -> Result<Acted, crate::api::ApiError> {
    let Args::Token(token) = args else { return Err(not_given()) };
    let answer = token.perform(client, id).await?;
    Ok(Acted::TokenChanged { action: token.clone(), answer: Box::new(answer) })
}

pub static UNASSIGN_TOKEN: Declared = token_change!(
    "unassign SecurID token",
    "unassign_securid_token",
    "unassign-token",
    'x',
    "unassign",
    TokenChange::Unassign,
    |_| true,
    Some(Guarded::UnassignToken)
);

/// On the same key as [`ENABLE_TOKEN`]: a token is offered one or the other.
pub static DISABLE_TOKEN: Declared = token_change!(
    "disable SecurID token",
    "disable_securid_token",
    "disable-token",
    't',
    "disable token",
    TokenChange::Disable,
    |t| token_enabled(t) == Some(true),
    None
);

pub static ENABLE_TOKEN: Declared = token_change!(
    "enable SecurID token",
    "enable_securid_token",
    "enable-token",
    't',
    "enable token",
    TokenChange::Enable,
    |t| token_enabled(t) == Some(false),
    Some(Guarded::RestoreAuthenticator)
);

/// Offered unless the service says there is no PIN.
pub static CLEAR_PIN: Declared = token_change!(
    "clear PIN of SecurID token",
    "clear_pin_of_securid_token",
    "clear-pin",
    'p',
    "clear PIN",
    TokenChange::ClearPin,
    |t| t.pin_set != Some(false),
    Some(Guarded::RestoreAuthenticator)
);

/// A declaration called with arguments of another kind: a mistake in casdesk, said as such.
pub(super) fn not_given() -> crate::api::ApiError {
    crate::api::ApiError::InvalidRequest(
        "casdesk's mistake: the action was not given what it acts on".into(),
    )
}
