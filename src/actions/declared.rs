//! Per-user actions declared once each: everything the console, the commands, the audit
//! record and the ticket note need to know about an action, in one value. Lookup offers every
//! declared action on the user it found (its key, its footer words, whether it asks first);
//! keymap files bind it by its name; the Bulk screen offers it for a list, and `casdesk <name>`
//! runs it over one, when it declares list words; the journal keeps it by its name.
//!
//! Adding an action on a user: one `Declared` here (listed in `DECLARED`), the client method
//! beside its siblings in `src/api/client/`, the simulator's handler, and its line in
//! `src/sim/routes.rs`. Nothing else names it.

use super::Acted;
use crate::api::scope::Scope;
use crate::api::{ApiError, Client, UserDetails, UserStatus};
use std::future::Future;
use std::pin::Pin;

/// What sending one takes: the client and the user's id; what the service said it did.
pub type Call = for<'a> fn(
    &'a Client,
    &'a str,
) -> Pin<Box<dyn Future<Output = Result<Acted, ApiError>> + Send + 'a>>;

pub struct Declared {
    /// One spelling, for people: the audit record, the ticket note, the results ("synchronise
    /// user").
    pub name: &'static str,
    /// The same, as keymap files write it: `name` with `_` for spaces ("synchronise_user"; a
    /// test holds them to each other).
    pub key_name: &'static str,
    /// Its verb as a command: `casdesk <command>` ("sync").
    pub command: &'static str,
    /// Its key on Lookup, unless a keymap file binds another.
    pub key: char,
    /// The OAuth scope its call needs (the lookup before it needs `rsa.user.read`).
    pub scope: Scope,
    /// Every way the footer may call it ("disable user", "enable user"); the help overlay
    /// uses the first.
    pub faces: &'static [&'static str],
    /// Which of `faces` the footer shows for this user, or `None`: not offered for them.
    pub offered: fn(&UserDetails) -> Option<usize>,
    /// Whether the console asks before sending it (every change does).
    pub asks_first: bool,
    /// "Synchronise alice@example.com from the identity source?" for `who`.
    pub question: fn(&str) -> String,
    /// The line while it is sent: "Synchronising from the identity source".
    pub doing: &'static str,
    /// Why nothing needs sending for this user, if so (nothing is sent then).
    pub nothing_to_do: fn(&UserDetails) -> Option<String>,
    pub call: Call,
    /// Over a list (the Bulk screen and `casdesk <command>`), if it runs over one.
    pub list: Option<ListWords>,
}

/// What an action says over a list.
pub struct ListWords {
    /// "synchronise": the Bulk screen's choice and the table's title.
    pub verb: &'static str,
    /// "synchronising": the gauge while it runs.
    pub verb_ing: &'static str,
    /// What the question before a list warns of.
    pub warning: &'static str,
    /// Why sending a list's users again is safe.
    pub again_note: &'static str,
    /// The command's line in `casdesk --help`.
    pub command_help: &'static str,
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

/// Every declared action, in the order Lookup's footer and the Bulk screen offer them.
pub static DECLARED: &[&Declared] = &[&DISABLE, &ENABLE, &SYNC];

/// A declared action by its command name.
pub fn by_command(command: &str) -> Option<&'static Declared> {
    DECLARED.iter().copied().find(|d| d.command == command)
}

/// A declared action by the name keymap files use.
pub fn by_key_name(key_name: &str) -> Option<&'static Declared> {
    DECLARED.iter().copied().find(|d| d.key_name == key_name)
}

// ---- the actions ----

/// Whether a user's status may be set: not while marked for deletion (the service answers 409).
fn status_settable(user: &UserDetails) -> bool {
    user.mark_deleted != Some(true)
}

pub static DISABLE: Declared = Declared {
    name: "disable user",
    key_name: "disable_user",
    command: "disable",
    key: 'd',
    scope: Scope::UserManage,
    faces: &["disable user"],
    offered: |u| (status_settable(u) && u.user_status == Some(UserStatus::Enabled)).then_some(0),
    asks_first: true,
    question: |who| format!("Disable {who}? They cannot sign in until enabled again."),
    doing: "Disabling the user",
    nothing_to_do: |u| {
        (u.user_status == Some(UserStatus::Disabled)).then(|| "already disabled".into())
    },
    call: |client, id| {
        Box::pin(async move { client.set_user_status(id, false).await.map(Acted::StatusSet) })
    },
    list: Some(ListWords {
        verb: "disable",
        verb_ing: "disabling",
        warning: "They cannot sign in until they are enabled again.",
        again_note: "Disabling again is safe: a user already disabled stays disabled.",
        command_help: "Disable users: they cannot sign in until enabled again (leavers, a stolen laptop)",
    }),
};

/// On the same key as [`DISABLE`]: a user is offered one or the other, never both.
pub static ENABLE: Declared = Declared {
    name: "enable user",
    key_name: "enable_user",
    command: "enable",
    key: 'd',
    scope: Scope::UserManage,
    faces: &["enable user"],
    offered: |u| (status_settable(u) && u.user_status == Some(UserStatus::Disabled)).then_some(0),
    asks_first: true,
    question: |who| format!("Enable {who}? They can sign in again at once."),
    doing: "Enabling the user",
    nothing_to_do: |u| {
        (u.user_status == Some(UserStatus::Enabled)).then(|| "already enabled".into())
    },
    call: |client, id| {
        Box::pin(async move { client.set_user_status(id, true).await.map(Acted::StatusSet) })
    },
    list: Some(ListWords {
        verb: "enable",
        verb_ing: "enabling",
        warning: "They can sign in again at once.",
        again_note: "Enabling again is safe: a user already enabled stays enabled.",
        command_help: "Enable disabled users again",
    }),
};

pub static SYNC: Declared = Declared {
    name: "synchronise user",
    key_name: "synchronise_user",
    command: "sync",
    key: 's',
    scope: Scope::UserSync,
    faces: &["sync"],
    offered: |_| Some(0),
    // Nothing changes but what the identity source says: no question.
    asks_first: false,
    question: |who| format!("Synchronise {who} from the identity source?"),
    doing: "Synchronising from the identity source",
    // Always something to do: the point is to ask the source again.
    nothing_to_do: |_| None,
    call: |client, id| {
        Box::pin(async move {
            let details = client.sync_user(id).await?;
            Ok(Acted::Synced { details: Box::new(details), changes: None })
        })
    },
    list: Some(ListWords {
        verb: "synchronise",
        verb_ing: "synchronising",
        warning: "Each user is read again from their identity source; nothing else changes.",
        again_note: "Synchronising again is safe: it reads the identity source again.",
        command_help: "Synchronise users from their identity source (a name or address changed there)",
    }),
};

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
        for d in DECLARED {
            assert!(
                d.command.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}: a command name is lower case",
                d.command
            );
            assert_eq!(d.key_name, d.name.replace(' ', "_"), "one spelling, derived");
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
