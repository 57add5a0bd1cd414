//! What each per-user action says, in one place: whether it asks first, the question, the
//! line while it is sent. (What it did is `Acted::summary`; its name, `UserAction::name`.) The
//! console's screens and the commands take these words from here, never spell their own.

use super::{UserAction, authenticators};
use crate::api::{PhoneChange, UnlockMethod};

impl UserAction {
    /// Whether the console asks before sending it: every change does; a sync only reads the
    /// identity source again.
    pub fn asks_first(&self) -> bool {
        match self {
            Self::Declared(d) => d.asks_first,
            _ => true,
        }
    }

    /// The question a confirmation asks: "Unlock TOKEN and SMS for alice@example.com?"
    pub fn question(&self, who: &str) -> String {
        let who = crate::text::sanitize(who);
        match self {
            Self::Unlock(methods) => format!("Unlock {} for {who}?", method_list(methods)),
            Self::Declared(d) => (d.question)(&who),
            Self::RemoveAuthenticator(old) => authenticators::removal_question(old, &who),
            Self::ReplacePhone { old, .. } => authenticators::replace_question(old, &who),
            Self::Token(token) => token.change.question(&token.serial, &who),
            Self::SetPhones(change) => phone_question(change, &who),
        }
    }

    /// Its verb, as a list's job names it: "unlock", "disable" ("unlock them", "to unlock").
    pub fn verb(&self) -> &'static str {
        match self {
            Self::Unlock(_) => "unlock",
            Self::Declared(d) => d.list.as_ref().map_or(d.command, |l| l.verb),
            Self::RemoveAuthenticator(_) => "remove the authenticator of",
            Self::ReplacePhone { .. } => "replace the phone of",
            Self::Token(_) => "change the token of",
            Self::SetPhones(_) => "set the phone numbers of",
        }
    }

    /// While a list runs: "unlocking", "disabling".
    pub fn verb_ing(&self) -> String {
        match self {
            Self::Unlock(_) => "unlocking".into(),
            Self::Declared(d) => d.list.as_ref().map_or(d.doing, |list| list.verb_ing).into(),
            // Never run over a list: what the console says while one is sent.
            other => other.doing(),
        }
    }

    /// Before a run over a list of `count` users: the question and what it warns of.
    pub fn list_question(&self, count: usize) -> (String, &'static str) {
        let users = if count == 1 { "user" } else { "users" };
        match self {
            Self::Unlock(methods) => (
                format!(
                    "Unlock the locked {} methods of exactly {count} {users}?",
                    method_list(methods)
                ),
                "Each user is looked up first; one with nothing locked is left alone.",
            ),
            Self::Declared(d) if d.list.is_some() => (
                format!("{} exactly {count} {users}?", crate::text::capitalised(self.verb())),
                d.list.as_ref().map_or("", |l| l.warning),
            ),
            other => (
                format!("{} exactly {count} {users}?", crate::text::capitalised(other.verb())),
                "Each user is looked up first.",
            ),
        }
    }

    /// Why sending a list's users again is safe (every per-user action is: each user is looked
    /// up first, and one already as asked is left alone).
    pub fn again_note(&self) -> &'static str {
        match self {
            Self::Unlock(_) => "Unlocking again is safe: a user with nothing locked is left alone.",
            Self::Declared(d) if d.list.is_some() => d.list.as_ref().map_or("", |l| l.again_note),
            _ => "Sending again is safe: each user is looked up first.",
        }
    }

    /// The line while it is sent: "Disabling the user".
    pub fn doing(&self) -> String {
        match self {
            Self::Unlock(methods) => format!("Unlocking {}", method_list(methods)),
            Self::Declared(d) => d.doing.into(),
            Self::RemoveAuthenticator(old) => format!("Removing {}", old.label),
            Self::ReplacePhone { old, .. } => {
                format!("Removing {}, then making a code for the new phone", old.label)
            }
            Self::Token(token) => token.change.doing(&token.serial),
            Self::SetPhones(_) => "Setting the phone numbers".into(),
        }
    }
}

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

/// "TOKEN", "TOKEN and SMS", "TOKEN, SMS and VOICE".
pub fn method_list(methods: &[UnlockMethod]) -> String {
    let names: Vec<&str> = methods.iter().map(|m| m.label()).collect();
    match names.split_last() {
        None => "no method".into(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_in_progress_says_what_it_does() {
        let unlock = UserAction::Unlock(UnlockMethod::ALL.to_vec());
        let sync = UserAction::Declared(&super::super::declared::SYNC);
        let said: Vec<String> = [unlock, UserAction::DISABLE, UserAction::ENABLE, sync]
            .iter()
            .map(UserAction::verb_ing)
            .collect();
        assert_eq!(said, ["unlocking", "disabling", "enabling", "synchronising"]);
    }
}
