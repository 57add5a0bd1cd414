//! What a bulk run on this screen does to each user of the list: void their enrollment or
//! password-reset codes (calls of 100), or unlock, disable or enable them, or any declared
//! action that runs over a list (`actions/declared/`): each user looked up and acted on by
//! their own calls. Every kind is journaled.

use crate::actions::UserAction;
use crate::actions::declared::{DECLARED, by_command};
use crate::api::CodeMode;
use crate::bulk::{Operation, RunOf};
use crate::messages::ApiRequest;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    Void(CodeMode),
    /// A declared action, by its command name (unlock, disable, enable, sync, …).
    Declared(&'static str),
}

/// In the order `→` steps through them: the fixed jobs, then every declared action that runs
/// over a list.
pub fn jobs() -> Vec<Job> {
    let fixed = [Job::Void(CodeMode::Enrollment), Job::Void(CodeMode::PasswordReset)];
    let declared = DECLARED.iter().filter(|d| d.list.is_some()).map(|d| Job::Declared(d.command));
    fixed.into_iter().chain(declared).collect()
}

impl Job {
    /// The job that carries on with an interrupted run, if this screen runs such a job (a
    /// generate run is the Codes screen's; a sync started by `casdesk sync` is not here).
    pub fn resuming(run: &RunOf) -> Option<Job> {
        match run {
            RunOf::Codes(Operation::Void { mode }) => Some(Self::Void(*mode)),
            RunOf::Codes(Operation::Generate { .. }) => None,
            RunOf::Each { action } if action.declared.list.is_some() => {
                Some(Self::Declared(action.declared.command))
            }
            RunOf::Each { .. } => None,
        }
    }

    /// The per-user action this job runs for each user, if it is one: its words are the
    /// action's own (`actions/words.rs`).
    pub fn action(self) -> Option<UserAction> {
        match self {
            Self::Void(_) => None,
            Self::Declared(command) => by_command(command).and_then(UserAction::over_list),
        }
    }

    /// As the mode line offers it: "void ENROLLMENT", "unlock".
    pub fn label(self) -> String {
        match self.action() {
            Some(action) => action.verb().to_string(),
            None => format!("void {}", mode_word(self.mode())),
        }
    }

    /// "to void", "to unlock": after the user count in the preview.
    pub fn purpose(self) -> String {
        format!("to {}", self.bare_verb())
    }

    /// The confirmation's question and what it warns of.
    pub fn question(self, count: usize) -> (String, &'static str) {
        match self.action() {
            Some(action) => action.list_question(count),
            None => {
                let users = if count == 1 { "user" } else { "users" };
                (
                    format!(
                        "Void the {} codes of exactly {count} {users}?",
                        mode_word(self.mode())
                    ),
                    "Voided codes stop working at once and cannot be restored.",
                )
            }
        }
    }

    /// Why sending a run's users again is safe.
    pub fn again_note(self) -> &'static str {
        match self.action() {
            Some(action) => action.again_note(),
            None => "Voiding again is safe: a code already voided stays void.",
        }
    }

    /// What the gauge says while it runs: "voiding", "disabling".
    pub fn running(self) -> String {
        self.action().map_or_else(|| "voiding".to_string(), |action| action.verb_ing())
    }

    /// "void them", "unlock them".
    pub fn verb(self) -> String {
        format!("{} them", self.bare_verb())
    }

    fn bare_verb(self) -> &'static str {
        self.action().map_or("void", |action| action.verb())
    }

    /// The codes a void job voids (enrollment for the others, which have none).
    fn mode(self) -> CodeMode {
        match self {
            Self::Void(mode) => mode,
            _ => CodeMode::Enrollment,
        }
    }

    /// The table's title: "ENROLLMENT void", "unlock".
    pub fn title(self) -> String {
        match self.action() {
            Some(action) => action.verb().to_string(),
            None => format!("{} void", mode_word(self.mode())),
        }
    }

    /// For an exported file's name: "void-enrollment", "unlock".
    pub fn file_word(self) -> String {
        match self.action() {
            Some(action) => action.verb().to_string(),
            None => {
                format!("void-{}", mode_word(self.mode()).to_ascii_lowercase().replace('_', "-"))
            }
        }
    }

    pub fn request(self, emails: Vec<String>) -> ApiRequest {
        match self.action() {
            Some(action) => ApiRequest::ActOnEach { action, emails },
            None => ApiRequest::Void { mode: self.mode(), emails },
        }
    }

    pub fn next(self) -> Job {
        let jobs = jobs();
        let at = jobs.iter().position(|j| *j == self).unwrap_or(0);
        jobs[(at + 1) % jobs.len()]
    }

    pub fn previous(self) -> Job {
        let jobs = jobs();
        let at = jobs.iter().position(|j| *j == self).unwrap_or(0);
        jobs[(at + jobs.len() - 1) % jobs.len()]
    }
}

pub fn mode_word(mode: CodeMode) -> &'static str {
    match mode {
        CodeMode::Enrollment => "ENROLLMENT",
        CodeMode::PasswordReset => "PASSWORD_RESET",
    }
}
