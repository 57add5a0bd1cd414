//! What a bulk run on this screen does to each user of the list: void their enrollment or
//! password-reset codes (calls of 100, journaled), or unlock, disable or enable them (each
//! user looked up and acted on by their own calls).

use crate::actions::UserAction;
use crate::api::{CodeMode, UnlockMethod};
use crate::bulk::{Operation, RunOf};
use crate::messages::ApiRequest;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    Void(CodeMode),
    Unlock,
    Disable,
    Enable,
}

/// In the order `m` steps through them.
pub const JOBS: [Job; 5] = [
    Job::Void(CodeMode::Enrollment),
    Job::Void(CodeMode::PasswordReset),
    Job::Unlock,
    Job::Disable,
    Job::Enable,
];

impl Job {
    /// The job that carries on with an interrupted run, if this screen runs such a job (a
    /// generate run is the Codes screen's; a sync started by `casdesk sync` is not here).
    pub fn resuming(run: &RunOf) -> Option<Job> {
        match run {
            RunOf::Codes(Operation::Void { mode }) => Some(Self::Void(*mode)),
            RunOf::Codes(Operation::Generate { .. }) => None,
            RunOf::Each { action: UserAction::Unlock(_) } => Some(Self::Unlock),
            RunOf::Each { action: UserAction::Disable } => Some(Self::Disable),
            RunOf::Each { action: UserAction::Enable } => Some(Self::Enable),
            RunOf::Each { .. } => None,
        }
    }

    /// As the mode line offers it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Void(CodeMode::Enrollment) => "void ENROLLMENT",
            Self::Void(CodeMode::PasswordReset) => "void PASSWORD_RESET",
            Self::Unlock => "unlock",
            Self::Disable => "disable",
            Self::Enable => "enable",
        }
    }

    /// "to void", "to unlock": after the user count in the preview.
    pub fn purpose(self) -> &'static str {
        match self {
            Self::Void(_) => "to void",
            Self::Unlock => "to unlock",
            Self::Disable => "to disable",
            Self::Enable => "to enable",
        }
    }

    /// The confirmation's question and what it warns of.
    pub fn question(self, count: usize) -> (String, &'static str) {
        let users = if count == 1 { "user" } else { "users" };
        match self {
            Self::Void(mode) => (
                format!("Void the {} codes of exactly {count} {users}?", mode_word(mode)),
                "Voided codes stop working at once and cannot be restored.",
            ),
            Self::Unlock => (
                format!(
                    "Unlock the locked Tokencode, SMS and Voice methods of exactly {count} {users}?"
                ),
                "Each user is looked up first; one with nothing locked is left alone.",
            ),
            Self::Disable => (
                format!("Disable exactly {count} {users}?"),
                "They cannot sign in until they are enabled again.",
            ),
            Self::Enable => {
                (format!("Enable exactly {count} {users}?"), "They can sign in again at once.")
            }
        }
    }

    /// Why sending a run's users again is safe.
    pub fn again_note(self) -> &'static str {
        match self {
            Self::Void(_) => "Voiding again is safe: a code already voided stays void.",
            Self::Unlock => "Unlocking again is safe: a user with nothing locked is left alone.",
            Self::Disable => "Disabling again is safe: a user already disabled stays disabled.",
            Self::Enable => "Enabling again is safe: a user already enabled stays enabled.",
        }
    }

    /// "void them", "unlock them".
    pub fn verb(self) -> &'static str {
        match self {
            Self::Void(_) => "void them",
            Self::Unlock => "unlock them",
            Self::Disable => "disable them",
            Self::Enable => "enable them",
        }
    }

    /// The table's title: "ENROLLMENT void", "unlock".
    pub fn title(self) -> String {
        match self {
            Self::Void(mode) => format!("{} void", mode_word(mode)),
            Self::Unlock => "unlock".into(),
            Self::Disable => "disable".into(),
            Self::Enable => "enable".into(),
        }
    }

    /// For an exported file's name: "void-enrollment", "unlock".
    pub fn file_word(self) -> String {
        match self {
            Self::Void(mode) => {
                format!("void-{}", mode_word(mode).to_ascii_lowercase().replace('_', "-"))
            }
            other => other.title(),
        }
    }

    pub fn request(self, emails: Vec<String>) -> ApiRequest {
        let action = match self {
            Self::Void(mode) => return ApiRequest::Void { mode, emails },
            Self::Unlock => UserAction::Unlock(UnlockMethod::ALL.to_vec()),
            Self::Disable => UserAction::Disable,
            Self::Enable => UserAction::Enable,
        };
        ApiRequest::ActOnEach { action, emails }
    }

    pub fn next(self) -> Job {
        let at = JOBS.iter().position(|j| *j == self).unwrap_or(0);
        JOBS[(at + 1) % JOBS.len()]
    }

    pub fn previous(self) -> Job {
        let at = JOBS.iter().position(|j| *j == self).unwrap_or(0);
        JOBS[(at + JOBS.len() - 1) % JOBS.len()]
    }
}

pub fn mode_word(mode: CodeMode) -> &'static str {
    match mode {
        CodeMode::Enrollment => "ENROLLMENT",
        CodeMode::PasswordReset => "PASSWORD_RESET",
    }
}
