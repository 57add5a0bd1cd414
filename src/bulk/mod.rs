//! Bulk runs, shared by the console and the command line: a list of users split into calls of
//! at most 100, sent with a concurrency that adapts to the service, every user's outcome
//! journaled before it is shown, and runs cut short resumable without repeating what must not
//! be repeated.

pub mod adaptive;
pub mod attribution;
pub mod engine;
pub mod journal;
pub mod outcome;
#[cfg(test)]
mod pacing_model;
mod recorded;
pub mod resume;
mod slow_start;
pub mod work;

pub use attribution::per_user;
pub use engine::{Cancel, EngineConfig, Event, Report, run};
pub use journal::RunOf;
pub use outcome::{Answers, Failure, UserOutcome};
pub use work::{Pacer, Sent, Settled, Work};

use crate::api::{CodeMode, CodeValidity, Delivery, GenerateCodeRequest, ValidityUnit};
use serde::{Deserialize, Serialize};

/// What a run does to each user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Operation {
    Void { mode: CodeMode },
    Generate { mode: CodeMode, options: GenerateOptions },
}

/// The generate options every user of a run shares.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenerateOptions {
    /// Value and unit; checked when the run is built, so always 10 minutes to 24 hours.
    pub validity: Option<(u32, ValidityUnit)>,
    pub delivery: Option<Delivery>,
    pub custom_email: Option<String>,
}

impl GenerateOptions {
    pub fn of(request: &GenerateCodeRequest) -> Self {
        Self {
            validity: request.validity.map(|v| (v.value(), v.unit())),
            delivery: request.delivery,
            custom_email: request.custom_email.clone(),
        }
    }

    pub fn request_for(&self, email: &str) -> GenerateCodeRequest {
        GenerateCodeRequest {
            email: email.to_string(),
            validity: self.validity.and_then(|(v, u)| CodeValidity::new(v, u).ok()),
            delivery: self.delivery,
            custom_email: self.custom_email.clone(),
        }
    }
}

impl Operation {
    pub fn mode(&self) -> CodeMode {
        match self {
            Self::Void { mode } | Self::Generate { mode, .. } => *mode,
        }
    }

    /// Voiding twice does no harm (the second answers "nothing to void"); generating twice
    /// replaces the first code, which the user may already have been given.
    pub fn safe_to_repeat(&self) -> bool {
        matches!(self, Self::Void { .. })
    }

    /// "void ENROLLMENT", "generate PASSWORD_RESET".
    pub fn describe(&self) -> String {
        let mode = match self.mode() {
            CodeMode::Enrollment => "enrollment",
            CodeMode::PasswordReset => "password-reset",
        };
        match self {
            Self::Void { .. } => format!("void {mode} codes"),
            Self::Generate { .. } => format!("generate {mode} codes"),
        }
    }
}
