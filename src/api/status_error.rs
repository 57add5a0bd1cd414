//! An error status as the service (or a proxy in front of it) answered it, worded with the
//! server's own message: its own file, below both [`super::error::ApiError`] and the refusals
//! that wrap one (`verify_refusal.rs`).

use super::error_body::ErrorBody;
use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusError {
    pub status: u16,
    pub body: ErrorBody,
    /// `Retry-After`, when the server sent one.
    pub retry_after: Option<Duration>,
    /// How many times the request was sent before giving up.
    pub attempts: u32,
    /// A send before the last one may have reached the service (a repeatable call was retried
    /// after a gateway error or a lost answer).
    pub earlier_attempt_may_have_acted: bool,
}

impl StatusError {
    /// An answer with `code` and `body`, sent once: what the unit tests word.
    #[cfg(test)]
    pub(crate) fn answered(code: u16, body: &str) -> Self {
        Self {
            status: code,
            body: ErrorBody::parse(body.as_bytes()),
            retry_after: None,
            attempts: 1,
            earlier_attempt_may_have_acted: false,
        }
    }

    /// What the server said, if it said anything readable.
    pub fn server_message(&self) -> Option<&str> {
        self.body.message()
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = reason_phrase(self.status) {
            write!(f, " {reason}")?;
        }
        match &self.body {
            ErrorBody::NotJson { excerpt, html: true } => write!(
                f,
                ": the service (or a proxy in front of it) answered with a web page instead of JSON"
            )
            .and_then(|_| {
                if excerpt.is_empty() { Ok(()) } else { write!(f, " (\"{excerpt}\")") }
            })?,
            ErrorBody::Empty => {}
            body => {
                if let Some(message) = body.message() {
                    write!(f, ": {message}")?;
                }
            }
        }
        if let (429, Some(wait)) = (self.status, self.retry_after) {
            write!(f, " (the service asks to wait {} s)", wait.as_secs().max(1))?;
        }
        if self.earlier_attempt_may_have_acted {
            write!(f, " (an earlier attempt may have reached the service)")?;
        }
        if self.attempts > 1 {
            write!(f, " (gave up after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

pub(crate) fn reason_phrase(status: u16) -> Option<&'static str> {
    reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason())
}
