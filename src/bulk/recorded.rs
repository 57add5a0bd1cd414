//! One user's outcome as a run's journal keeps it: the result code and the service's words, or
//! the error, or a per-user action's settled words. Never a code, a token or a key.

use super::outcome::{Failure, UserOutcome};
use crate::api::ResultCode;
use serde::{Deserialize, Serialize};

/// One user's outcome as the journal keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
    /// A per-user action's settled outcome in words ("now Disabled", "already disabled").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<String>,
    /// That outcome needs a look (half done, or nothing could be done).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub warning: bool,
}

impl Recorded {
    /// Nothing known yet: the start of any outcome.
    pub fn unsettled(email: &str) -> Self {
        Self {
            email: email.to_string(),
            status: None,
            message: None,
            error: None,
            uncertain: false,
            done: None,
            warning: false,
        }
    }

    pub fn failed(email: &str, failure: &Failure) -> Self {
        Self {
            error: Some(failure.message.clone()),
            uncertain: failure.uncertain,
            ..Self::unsettled(email)
        }
    }

    pub fn of(outcome: &UserOutcome) -> Self {
        match &outcome.result {
            Ok(code) => Self {
                status: Some(code.code()),
                message: outcome.message.clone(),
                ..Self::unsettled(&outcome.email)
            },
            Err(failure) => Self::failed(&outcome.email, failure),
        }
    }
}

impl Recorded {
    /// The outcome as the journal kept it (no code, which is never kept).
    pub fn to_outcome(&self) -> UserOutcome {
        let result = match self.status {
            Some(n) => Ok(ResultCode::from_code(n)),
            None => Err(Failure {
                uncertain: self.uncertain,
                ..Failure::new(self.error.clone().unwrap_or_else(|| "failed".into()))
            }),
        };
        UserOutcome {
            result,
            message: self.message.clone(),
            ..UserOutcome::failed(&self.email, Failure::new(""))
        }
    }
}
