//! What happened to each user of a bulk call, whatever asked for it (console, command line,
//! journal, audit). Every user sent ends with one outcome: the service's result code, the
//! call's error, or "no answer" when the service's answer left the user out (`attribution.rs`
//! matches answers to users); an element that names nobody asked for is a stray, shown on its
//! own row, its code given to no one.

use crate::api::{ApiError, GenerateCodeResult, ResultCode, VoidResult};
use crate::secret::Secret;
use crate::status::Status;
use time::OffsetDateTime;

/// An error as a screen shows it. Built from [`ApiError`], whose text never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub status: Option<u16>,
    pub rate_limited: bool,
    /// The service may have acted although no clear answer came back.
    pub uncertain: bool,
}

impl From<&ApiError> for Failure {
    fn from(e: &ApiError) -> Self {
        Self {
            message: crate::text::sanitize(&e.to_string()),
            status: e.status(),
            rate_limited: e.is_rate_limited(),
            uncertain: e.may_have_taken_effect(),
        }
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Self::from(&e)
    }
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), status: None, rate_limited: false, uncertain: false }
    }

    /// The same failure, marked as one after which the service may have acted.
    pub fn uncertain(self) -> Self {
        Self { uncertain: true, ..self }
    }

    /// Never sent: the run was stopped (or could not go on) before this user's turn, so
    /// nothing was asked of the service for them.
    pub fn never_sent(&self) -> bool {
        reads_never_sent(&self.message)
    }

    /// How a user with this failure is shown, on screen and in a script's results: a failure
    /// after which the service may have acted is a warning to check, not a failure to retry.
    pub fn status_and_words(&self) -> (Status, String) {
        if self.uncertain {
            (Status::Warning, format!("unknown outcome, check before retrying: {}", self.message))
        } else {
            (Status::Failed, self.message.clone())
        }
    }
}

/// Whether a failure's words are those of a user never sent: every such failure the engine
/// and the commands make begins "not sent:".
pub fn reads_never_sent(words: &str) -> bool {
    words.starts_with("not sent:")
}

/// One call's answer, as the service gave it.
#[derive(Debug)]
pub enum Answers {
    Generated(Vec<GenerateCodeResult>),
    Voided(Vec<VoidResult>),
}

/// Why an element of an answer is nobody's outcome: it is shown on its own row, and a code it
/// carries is never given to anyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrayKind {
    /// It names an address the call did not carry.
    NotAsked,
    /// It names no address, so it cannot be matched to anyone.
    Unnamed,
    /// A further element for a user already answered in the same answer; the first counts.
    Duplicate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stray {
    pub kind: StrayKind,
    /// The element carried a code, which is withheld.
    pub withheld_code: bool,
}

impl Stray {
    /// What the row says, before the service's own result.
    pub fn words(self) -> String {
        let what = match self.kind {
            StrayKind::NotAsked => "the service answered for an address not asked for",
            StrayKind::Unnamed => "the service answered without naming a user",
            StrayKind::Duplicate => {
                "the service answered twice for this user; the first answer counts"
            }
        };
        if self.withheld_code { format!("{what} (code withheld)") } else { what.to_string() }
    }
}

/// One user's outcome, or an element of an answer that belongs to no user asked for.
#[derive(Clone, Debug)]
pub struct UserOutcome {
    pub email: String,
    pub result: Result<ResultCode, Failure>,
    /// The service's own words, when it gave any.
    pub message: Option<String>,
    /// Only for codes generated for DISPLAY, and only for the user the answer named.
    pub code: Option<Secret>,
    pub expires: Option<OffsetDateTime>,
    pub link: Option<String>,
    /// Set when this is not a user of the call but an element of the answer that could not be
    /// matched to one; `email` is then the address the element named, if any.
    pub stray: Option<Stray>,
}

impl UserOutcome {
    pub fn failed(email: &str, failure: Failure) -> Self {
        Self {
            email: email.to_string(),
            result: Err(failure),
            message: None,
            code: None,
            expires: None,
            link: None,
            stray: None,
        }
    }

    pub(super) fn done(email: &str, status: ResultCode, message: Option<String>) -> Self {
        Self { result: Ok(status), message, ..Self::failed(email, Failure::new("")) }
    }

    pub fn is_success(&self) -> bool {
        self.stray.is_none() && self.result.as_ref().is_ok_and(|c| c.is_success())
    }

    /// How this outcome reads (see [`verdict`]).
    pub fn verdict(&self) -> (Status, String) {
        verdict(self.result.as_ref().copied(), self.stray)
    }

    /// Whether a script should be told that something needs looking at (exit status 1): a
    /// failure, an outcome in doubt, a result code nobody knows, or an answer for nobody asked.
    pub fn needs_attention(&self) -> bool {
        self.stray.is_some()
            || match &self.result {
                Ok(code) => code.is_unrecognised() || Status::of_result(*code) == Status::Failed,
                Err(_) => true,
            }
    }
}

/// How a finished outcome reads, on screen and in a script's results: its status and its words
/// (the documented meaning, or the error), the service's own message left to the caller. An
/// element for nobody asked is a warning, whatever it says, so it is never read as success.
pub fn verdict(result: Result<ResultCode, &Failure>, stray: Option<Stray>) -> (Status, String) {
    match (result, stray) {
        (Ok(code), Some(stray)) => {
            (Status::Warning, format!("{}: {}", stray.words(), code.meaning()))
        }
        (Err(failure), Some(stray)) => {
            (Status::Warning, format!("{}: {}", stray.words(), failure.message))
        }
        (Ok(code), None) => (Status::of_result(code), code.meaning().to_string()),
        (Err(failure), None) => failure.status_and_words(),
    }
}
