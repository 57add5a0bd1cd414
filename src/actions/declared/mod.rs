//! Every action on a user, declared once: everything the console, the commands, the audit
//! record and the ticket note need to know about it, in one value. Lookup offers each on what
//! it acts on (the user found, the authenticator chosen on their list, or what a form took),
//! with its key and footer words; keymap files bind it by its name; the Bulk screen offers it
//! for a list, and `casdesk <command>` runs it over one, when it declares list words; the
//! journal keeps it by its command.
//!
//! Adding an action on a user: one `Declared` in `on_user.rs` (listed in its `ALL`), the client
//! method beside its siblings in `src/api/client/`, the simulator's handler, and its line in
//! `src/sim/routes.rs`. Nothing else names it.

mod args;
mod by_form;
mod on_ds100;
mod on_fido;
mod on_rows;
mod on_user;
mod token_name;

pub use args::Args;
pub use by_form::{ASSIGN_TOKEN, SET_PHONES};
pub use on_ds100::{CLEAR_DS100_PIN, DELETE_DS100, DISABLE_DS100_OTP, ENABLE_DS100_OTP};
pub use on_fido::{RESTORE_FIDO, SUSPEND_FIDO};
pub use on_rows::{
    CLEAR_PIN, DISABLE_TOKEN, ENABLE_TOKEN, REMOVE_AUTHENTICATOR, REPLACE_PHONE, UNASSIGN_TOKEN,
};
pub use on_user::{DISABLE, ENABLE, SYNC, UNLOCK};
pub use token_name::{RENAME_TOKEN, serial_on as token_serial_on};

use super::{Acted, Row};
use crate::api::scope::Scope;
use crate::api::{ApiError, Client, UserDetails};
use crate::bulk::Failure;
use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;

/// What sending one takes: the client, the user's id and what it was given; what the service
/// said it did.
pub type Call = for<'a> fn(
    &'a Client,
    &'a str,
    &'a Args,
) -> Pin<Box<dyn Future<Output = Result<Acted, ApiError>> + Send + 'a>>;

pub struct Declared {
    /// One spelling, for people: the audit record, the ticket note, the results ("synchronise
    /// user").
    pub name: &'static str,
    /// The same, as keymap files write it: `name` in lower case with `_` for spaces
    /// ("synchronise_user"; a test holds them to each other).
    pub key_name: &'static str,
    /// Its id: `casdesk <command>` when it runs over a list ("sync"), the journal's word.
    pub command: &'static str,
    /// Its key where it is offered, unless a keymap file binds another.
    pub key: char,
    /// The OAuth scope its call needs (the lookup before it needs `rsa.user.read`).
    pub scope: Scope,
    /// The caller must be verified first, if the policy guards this (`crate::verify`).
    pub guard: Option<crate::verify::Guarded>,
    /// Every way the footer may call it ("disable user", "enable user"); the help overlay
    /// uses the first.
    pub faces: &'static [&'static str],
    /// Shown in the footer when offered; else in the help overlay only (a line on screen
    /// names it, and the footer needs the room at 80 columns).
    pub in_footer: bool,
    /// What it acts on, and when it is offered there.
    pub target: Target,
    /// Whether the console asks before sending it (every change does).
    pub asks_first: bool,
    /// "Synchronise alice@example.com from the identity source?" for `who` (already clean).
    pub question: fn(&Args, &str) -> String,
    /// What the question warns of for this user, if anything ("Approve will stay locked").
    pub caveat: Option<fn(&UserDetails) -> Option<String>>,
    /// The line while it is sent: "Synchronising from the identity source".
    pub doing: fn(&Args) -> String,
    /// After it failed: what was and was not done, where the failure alone does not say (a
    /// replacement stopped at its first step).
    pub after_failure: Option<fn(&Args, &Failure) -> Option<String>>,
    /// For this user as looked up just before it is sent: what to send (an unlock narrowed to
    /// what is locked), or why nothing is.
    pub for_user: fn(&Args, &UserDetails) -> Result<Args, Unsent>,
    pub call: Call,
    /// Over a list (the Bulk screen and `casdesk <command>`), if it runs over one.
    pub list: Option<ListWords>,
}

/// What an action acts on, and what it is offered for there.
pub enum Target {
    /// The user a lookup found.
    User(fn(&UserDetails) -> Option<Offer>),
    /// The row chosen on the found user's authenticators list.
    Row(fn(&Row) -> Option<Offer>),
    /// What is typed into a form over the authenticators list, which its key opens; the form
    /// makes the `Args`.
    Form(Form),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The serial number of a token to assign.
    TokenSerial,
    /// The SMS and voice numbers.
    Phones,
    /// A new name for the SecurID 700 token on the row chosen (offered on such a row only).
    TokenName,
}

impl Form {
    /// Whether the form is offered with this row chosen (or none).
    pub fn offered_on(self, row: Option<&Row>) -> bool {
        match self {
            Self::TokenSerial | Self::Phones => true,
            Self::TokenName => row.and_then(token_name::serial_on).is_some(),
        }
    }
}

/// An action offered: under which of its faces, and what it is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    Act {
        face: usize,
        args: Args,
    },
    /// Nothing can be sent, but the key explains why (an unlock of methods RSA's API cannot
    /// unlock): the screen says so instead.
    Explain {
        face: usize,
    },
    /// Not offered now, for this reason, which the screen shows (a replacement the service
    /// would refuse to finish).
    NotNow {
        why: String,
    },
}

impl Offer {
    /// The face the footer shows, unless it is not offered now.
    pub fn face(&self) -> Option<usize> {
        match self {
            Self::Act { face, .. } | Self::Explain { face } => Some(*face),
            Self::NotNow { .. } => None,
        }
    }

    /// Offered under its first face, given `args`.
    pub fn first(args: Args) -> Option<Offer> {
        Some(Offer::Act { face: 0, args })
    }
}

/// Why nothing is sent for a user as looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unsent {
    /// All is as asked already: "already disabled".
    AsAsked(String),
    /// It cannot be as asked, and a list's results must not read it as OK: locked only in
    /// methods RSA's Unlock API cannot name.
    Cannot(String),
}

/// What an action says over a list.
pub struct ListWords {
    /// "synchronise": the Bulk screen's choice and the table's title.
    pub verb: &'static str,
    /// "synchronising": the gauge while it runs.
    pub verb_ing: &'static str,
    /// "Synchronise exactly 3 users?" for `3 users`.
    pub question: fn(&str) -> String,
    /// What the question before a list warns of.
    pub warning: &'static str,
    /// Why sending a list's users again is safe.
    pub again_note: &'static str,
    /// What each user of a list is given (an unlock: every method, narrowed per user).
    pub args: fn() -> Args,
    /// The command's line in `casdesk --help`; `None` when its command is its own (unlock
    /// takes `--methods`).
    pub command_help: Option<&'static str>,
}

impl std::fmt::Debug for Declared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.command)
    }
}

impl PartialEq for Declared {
    fn eq(&self, other: &Self) -> bool {
        self.command == other.command
    }
}

impl Eq for Declared {}

/// Every declared action, in the order the footers and the Bulk screen offer them: on the
/// user, on a row, by a form.
pub static DECLARED: LazyLock<Vec<&'static Declared>> = LazyLock::new(|| {
    on_user::ALL
        .iter()
        .chain(on_rows::ALL)
        .chain(on_fido::ALL)
        .chain(on_ds100::ALL)
        .chain(by_form::ALL)
        .chain(token_name::ALL)
        .copied()
        .collect()
});

/// A declared action by its command name.
pub fn by_command(command: &str) -> Option<&'static Declared> {
    DECLARED.iter().copied().find(|d| d.command == command)
}

/// A declared action by the name keymap files use.
pub fn by_key_name(key_name: &str) -> Option<&'static Declared> {
    DECLARED.iter().copied().find(|d| d.key_name == key_name)
}

/// Sends nothing different for any user: what it was given.
fn as_given(args: &Args, _: &UserDetails) -> Result<Args, Unsent> {
    Ok(args.clone())
}

/// The journal keeps a declared action by its command name.
pub(super) mod by_name {
    use super::{Declared, by_command};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &&'static Declared, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(d.command)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static Declared, D::Error> {
        let name = String::deserialize(d)?;
        by_command(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("no action called {name}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_action_has_one_spelling_of_each_name_and_key() {
        let mut commands: Vec<&str> = DECLARED.iter().map(|d| d.command).collect();
        commands.sort_unstable();
        commands.dedup();
        assert_eq!(commands.len(), DECLARED.len(), "no command name twice");
        for d in DECLARED.iter() {
            assert!(
                // Digits for a product's name ("delete-ds100").
                d.command.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}: a command name is lower case",
                d.command
            );
            assert_eq!(d.key_name, d.name.replace(' ', "_").to_lowercase(), "one spelling");
            let action = crate::app::keys::Action::from_name(d.key_name);
            assert_eq!(action, Some(crate::app::keys::Action::Declared(d.command)), "bindable");
            assert!(
                crate::api::scope::Scope::ALL.contains(&d.scope),
                "{d:?}: its scope is one casdesk asks for"
            );
            assert!(!d.faces.is_empty(), "{d:?}: the footer has words for it");
        }
    }
}
