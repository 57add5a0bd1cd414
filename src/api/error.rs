//! One error type for everything a call can end in, keeping the server's own words.
//!
//! The service answers errors in three shapes (`{code, description}`, the framework's
//! `{timestamp, status, error, message, path}`, and per-user statuses inside a 200, which are
//! results, not errors), the OAuth token endpoint in RFC 6749's `{error, error_description}`,
//! and proxies in front of it answer HTML. All of them become [`ApiError`]; none of them ever
//! carries a token, a key or a code.

use crate::userlist::{address_key, named_address};
use std::fmt;

pub use super::error_body::ErrorBody;
pub use super::status_error::StatusError;
pub(crate) use super::status_error::reason_phrase;
pub use super::verify_refusal::VerifyRefusal;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The service, or a proxy in front of it, answered with an error status.
    #[error("{0}")]
    Status(StatusError),
    /// No usable answer came back.
    #[error("{0}")]
    Transport(TransportError),
    /// A success status whose body is not what the endpoint documents.
    #[error("the service answered HTTP {status} but the body was not understood: {detail}")]
    UnexpectedBody { status: u16, detail: String },
    /// Credentials could not be loaded or a token could not be obtained.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// Refused before anything was sent: the request is invalid as built.
    #[error("{0}")]
    InvalidRequest(String),
    /// The answer is about someone other than the user asked for; nothing of it is used (a
    /// code in it is never shown). The service may have acted, for one of them.
    #[error("the service answered for {named}, not for {asked}; nothing of that answer is shown")]
    AnsweredForSomeoneElse { asked: String, named: String },
    /// Live Verification refused in one of the two ways a console words on its own.
    #[error("{0}")]
    Verification(VerifyRefusal),
}

impl ApiError {
    /// The HTTP status, where the service answered with one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status(e) => Some(e.status),
            Self::UnexpectedBody { status, .. } => Some(*status),
            Self::Verification(r) => Some(r.status().status),
            _ => None,
        }
    }

    /// Whether the service may have acted on the request although no clear answer came back.
    /// A generate call in this state must not be repeated blindly: it would replace the code.
    pub fn may_have_taken_effect(&self) -> bool {
        match self {
            Self::Transport(t) => {
                t.earlier_attempt_may_have_acted || t.kind.may_have_reached_server()
            }
            // A gateway error or a 500 says nothing about whether the service behind it acted.
            Self::Status(s) => {
                s.earlier_attempt_may_have_acted || matches!(s.status, 500 | 502 | 503 | 504)
            }
            Self::UnexpectedBody { .. } | Self::AnsweredForSomeoneElse { .. } => true,
            // Refused: nothing was started, cancelled or checked.
            Self::Auth(_) | Self::InvalidRequest(_) | Self::Verification(_) => false,
        }
    }

    /// Records how many sends were made, and whether one before the last may have acted.
    pub(crate) fn set_attempts(&mut self, attempts: u32, earlier_may_have_acted: bool) {
        match self {
            Self::Status(s) => {
                s.attempts = attempts;
                s.earlier_attempt_may_have_acted = earlier_may_have_acted;
            }
            Self::Transport(t) => {
                t.attempts = attempts;
                t.earlier_attempt_may_have_acted = earlier_may_have_acted;
            }
            _ => {}
        }
    }

    /// `Err` when the address an answer names (if it names one) is not the one asked for,
    /// compared as the service compares addresses.
    pub(crate) fn check_named(asked: &str, named: Option<&str>) -> Result<(), ApiError> {
        match named.and_then(named_address) {
            Some(named) if address_key(&named) != address_key(asked) => {
                Err(Self::AnsweredForSomeoneElse {
                    asked: crate::text::sanitize_excerpt(asked, 80),
                    named: crate::text::sanitize_excerpt(&named, 80),
                })
            }
            _ => Ok(()),
        }
    }

    /// The service throttled the call (after any retries the policy allowed).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::Status(s) if s.status == 429)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    pub kind: TransportKind,
    /// What went wrong, without the URL's query or any header.
    pub detail: String,
    pub attempts: u32,
    /// See [`StatusError::earlier_attempt_may_have_acted`].
    pub earlier_attempt_may_have_acted: bool,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportKind::Connect => "could not connect to the service",
            TransportKind::Timeout => "the service did not answer in time",
            TransportKind::Interrupted => "the connection broke before the answer was complete",
            TransportKind::Other => "the request failed",
        };
        write!(f, "{what}: {}", self.detail)?;
        if self.kind.may_have_reached_server() || self.earlier_attempt_may_have_acted {
            write!(f, " (the request may have reached the service)")?;
        }
        if self.attempts > 1 {
            write!(f, " (gave up after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// The connection was never made: the request surely did not reach the service.
    Connect,
    /// No answer in time; the service may still have acted.
    Timeout,
    /// The connection dropped mid-request or mid-answer.
    Interrupted,
    Other,
}

impl TransportKind {
    pub fn may_have_reached_server(self) -> bool {
        !matches!(self, Self::Connect)
    }
}

/// Why credentials could not be used. Messages name the field or file that is wrong and never
/// include key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("cannot read the key file {path}: {reason}")]
    KeyFileUnreadable { path: String, reason: String },
    #[error(
        "the key file {path} can be read by other users (permissions {mode:04o}), and it can \
         reset anyone's authentication in your company. Fix: chmod 600 {path} \
         (or, if you must, pass --allow-shared-key-file)"
    )]
    KeyFileExposed { path: String, mode: u32 },
    #[error("the key file is not valid: {problem}")]
    KeyFileInvalid { problem: String },
    #[error("the key file field `{field}` is not valid: {problem}")]
    KeyFileField { field: &'static str, problem: String },
    #[error("the OAuth private key (JWK) is not valid: {0}")]
    Jwk(String),
    #[error("could not sign a token with the key: {0}")]
    Signing(String),
    #[error("the OAuth token request failed: {0}")]
    TokenRequest(String),
    #[error("the address {url} is not allowed: {reason}")]
    UnsafeUrl { url: String, reason: String },
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn status(code: u16, body: &str) -> StatusError {
        StatusError::answered(code, body)
    }

    #[test]
    fn coded_shape_keeps_the_description() {
        let e = status(
            404,
            r#"{ "code": "404 NOT_FOUND", "description": "User john.doe@example.com not found" }"#,
        );
        assert_eq!(e.to_string(), "HTTP 404 Not Found: User john.doe@example.com not found");
        let e =
            status(400, include_str!("../../tests/fixtures/seeds/too-many-users.response.json"));
        assert!(
            e.to_string()
                .ends_with("Number of user details (178) in request exceeds maximum allowed (100)")
        );
    }

    #[test]
    fn framework_shape_keeps_the_message() {
        let e = status(
            403,
            r#"{"timestamp":1749938869908,"status":403,"error":"Forbidden","message":"Server failed to process provided access token","path":"/x"}"#,
        );
        assert_eq!(e.server_message(), Some("Server failed to process provided access token"));
        assert!(
            matches!(e.body, ErrorBody::Framework { ref path, .. } if path.as_deref() == Some("/x"))
        );
    }

    #[test]
    fn the_vendors_malformed_403_example_still_yields_its_message() {
        let e = status(
            403,
            include_str!("../../tests/fixtures/seeds/device-code-already-registered.response.json"),
        );
        assert_eq!(e.server_message(), Some("User already has a registered device."));
    }

    #[test]
    fn html_from_a_proxy_is_named_as_such() {
        let e = status(
            502,
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        );
        let text = e.to_string();
        assert!(text.contains("web page instead of JSON"), "{text}");
        assert!(text.contains("\"502 Bad Gateway\""), "{text}");
    }

    #[test]
    fn framework_bodies_without_message_and_unknown_json() {
        let e = status(403, r#"{"timestamp":1,"status":403,"error":"Forbidden","path":"/x"}"#);
        assert_eq!(e.to_string(), "HTTP 403 Forbidden: Forbidden");
        assert!(matches!(e.body, ErrorBody::Framework { .. }));
        let e = status(418, r#"{"weird":{"verify_code":"629211156"}}"#);
        assert!(!e.to_string().contains("629211156"), "{e}");
    }

    #[test]
    fn oauth_and_text_and_empty_bodies() {
        let e = status(401, r#"{"error":"invalid_client","error_description":"bad assertion"}"#);
        assert_eq!(e.server_message(), Some("bad assertion"));
        let e = status(503, "upstream connect error\r\n");
        assert_eq!(e.to_string(), "HTTP 503 Service Unavailable: upstream connect error");
        assert_eq!(status(500, "").to_string(), "HTTP 500 Internal Server Error");
    }

    #[test]
    fn escape_sequences_in_server_text_never_reach_the_message() {
        let e = status(400, "{\"code\":\"400\",\"description\":\"bad \\u001b[2Jthing\\u0007\"}");
        let text = e.to_string();
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
        assert!(text.ends_with("bad thing"), "{text}");
    }

    #[test]
    fn rate_limit_and_attempts_are_told() {
        let mut e =
            status(429, r#"{"code":"429 TOO_MANY_REQUESTS","description":"Too many requests."}"#);
        e.retry_after = Some(Duration::from_secs(7));
        e.attempts = 5;
        assert_eq!(
            e.to_string(),
            "HTTP 429 Too Many Requests: Too many requests. (the service asks to wait 7 s) (gave up after 5 attempts)"
        );
    }

    #[test]
    fn only_a_refused_connection_surely_did_not_reach_the_service() {
        let t = |kind| {
            ApiError::Transport(TransportError {
                kind,
                detail: String::new(),
                attempts: 1,
                earlier_attempt_may_have_acted: false,
            })
        };
        assert!(!t(TransportKind::Connect).may_have_taken_effect());
        assert!(t(TransportKind::Timeout).may_have_taken_effect());
        assert!(t(TransportKind::Interrupted).may_have_taken_effect());
        assert!(!ApiError::Status(status(429, "")).may_have_taken_effect());
        assert!(ApiError::Status(status(502, "")).may_have_taken_effect());
        let mut after_a_502 = ApiError::Status(status(429, ""));
        after_a_502.set_attempts(3, true);
        assert!(after_a_502.may_have_taken_effect(), "uncertainty from an earlier send sticks");
    }
}
