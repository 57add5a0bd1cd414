//! What each per-user action says, in one place: whether it asks first, the question, the
//! line while it is sent. (What it did is `Acted::summary`; its name, `UserAction::name`.) The
//! console's screens and the commands take these words from here, never spell their own.

use super::UserAction;
use crate::api::UnlockMethod;

impl UserAction {
    /// Whether the console asks before sending it: every change does; a sync only reads the
    /// identity source again.
    pub fn asks_first(&self) -> bool {
        self.declared.asks_first
    }

    /// The question a confirmation asks: "Unlock TOKEN and SMS for alice@example.com?"
    pub fn question(&self, who: &str) -> String {
        (self.declared.question)(&self.args, &crate::text::sanitize(who))
    }

    /// Its verb, as a list's job names it: "unlock", "disable" ("unlock them", "to unlock").
    pub fn verb(&self) -> &'static str {
        self.declared.list.as_ref().map_or(self.declared.command, |l| l.verb)
    }

    /// While a list runs: "unlocking", "disabling".
    pub fn verb_ing(&self) -> String {
        match &self.declared.list {
            Some(list) => list.verb_ing.into(),
            // Never run over a list: what the console says while one is sent.
            None => self.doing(),
        }
    }

    /// Before a run over a list of `count` users: the question and what it warns of.
    pub fn list_question(&self, count: usize) -> (String, &'static str) {
        let users = format!("exactly {count} {}", if count == 1 { "user" } else { "users" });
        match &self.declared.list {
            Some(list) => ((list.question)(&users), list.warning),
            None => (
                format!("{} {users}?", crate::text::capitalised(self.verb())),
                "Each user is looked up first.",
            ),
        }
    }

    /// Why sending a list's users again is safe (every per-user action is: each user is looked
    /// up first, and one already as asked is left alone).
    pub fn again_note(&self) -> &'static str {
        match &self.declared.list {
            Some(list) => list.again_note,
            None => "Sending again is safe: each user is looked up first.",
        }
    }

    /// The line while it is sent: "Disabling the user".
    pub fn doing(&self) -> String {
        (self.declared.doing)(&self.args)
    }
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
        let unlock = UserAction::unlock(UnlockMethod::ALL.to_vec());
        let sync = UserAction::of(&super::super::declared::SYNC);
        let said: Vec<String> = [unlock, UserAction::DISABLE, UserAction::ENABLE, sync]
            .iter()
            .map(UserAction::verb_ing)
            .collect();
        assert_eq!(said, ["unlocking", "disabling", "enabling", "synchronising"]);
    }
}
