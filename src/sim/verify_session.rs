//! A Live Verification session as the tenant holds it, and the fixed numbers and names its
//! rules use (the rules are in `verification.rs`, the HTTP side and the choices in `verify.rs`).
//! Plain values below the tenant, as `auth_event.rs` is.

use crate::sim::auth_event::code;
use time::OffsetDateTime;

/// How long a session waits for the user, by the tenant clock.
pub const SESSION_LIFETIME: time::Duration = time::Duration::minutes(3);
/// How long the demo users who answer by themselves take, by the tenant clock.
pub const SELF_ANSWER_AFTER: time::Duration = time::Duration::seconds(3);
/// Wrong codes read out before the session is denied.
pub const MAX_WRONG_CODES: u32 = 3;
/// Digits of the code the user's app shows.
pub const CODE_DIGITS: u32 = 6;
/// Demo users whose phone approves [`SELF_ANSWER_AFTER`] a start, and one whose phone denies.
pub const APPROVES_ALWAYS: &str = "approves.always@example.com";
pub const DENIES_ALWAYS: &str = "denies.always@example.com";

/// What the user's phone answers a prompt with (never answering is the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyAnswer {
    Approve,
    Deny,
}

impl VerifyAnswer {
    /// `approve` or `deny`, any case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "approve" => Some(Self::Approve),
            "deny" => Some(Self::Deny),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStatus {
    Pending,
    Verified,
    Denied,
    Expired,
    Cancelled,
}

impl SessionStatus {
    /// As the simulator sends it (its own choice: the values are not documented).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Verified => "VERIFIED",
            Self::Denied => "DENIED",
            Self::Expired => "EXPIRED",
            Self::Cancelled => "CANCELLED",
        }
    }
}

/// The user's one session (a new start replaces it).
#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    /// The OAuth client id of the administrator who started it.
    pub admin: String,
    pub started: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub status: SessionStatus,
    /// What the user's app shows, for the caller to read out.
    pub code: String,
    pub wrong_codes: u32,
}

/// A step of a session, as the user's authentication log records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyStep {
    Started,
    Approved,
    CodeAccepted,
    Denied,
    TooManyWrongCodes,
    Expired,
    Cancelled,
}

impl VerifyStep {
    /// The event code and description recorded for it.
    pub fn event(self) -> (&'static str, &'static str) {
        match self {
            Self::Started => {
                (code::VERIFY_STARTED, "Administrator started Live Verification of the user.")
            }
            Self::Approved => {
                (code::VERIFY_VERIFIED, "User approved Live Verification on their device.")
            }
            Self::CodeAccepted => (
                code::VERIFY_VERIFIED,
                "User verified by the Live Verification code they read out.",
            ),
            Self::Denied => (code::VERIFY_DENIED, "User denied Live Verification on their device."),
            Self::TooManyWrongCodes => (
                code::VERIFY_DENIED,
                "Live Verification denied after too many wrong codes were read out.",
            ),
            Self::Expired => (code::VERIFY_EXPIRED, "Live Verification expired without an answer."),
            Self::Cancelled => {
                (code::VERIFY_CANCELLED, "Administrator cancelled Live Verification.")
            }
        }
    }
}
