//! Live Verification (`v1/users/{id}/verify/start|status|code|cancel`): the helpdesk prompts a
//! caller's registered MFA method to prove who is on the phone.
//!
//! The start answer's fields come from INGO-JAVA (`adminUsername, sessionExpiration,
//! userEmail, userId, verifyUrl, status`); status, code and cancel are read as the same object.
//! Every field may be absent, and unknown fields are ignored.
//!
//! The status values are not documented. casdesk's choice (the simulator sends the first name
//! of each): `PENDING` (also `IN_PROGRESS`, `INITIATED`, `STARTED`, `SENT`): the user has not
//! answered yet; `VERIFIED` (also `APPROVED`, `SUCCESS`, `SUCCEEDED`); `DENIED` (also
//! `REJECTED`, `FAILED`); `EXPIRED` (also `TIMED_OUT`, `TIMEOUT`); `CANCELLED` (also
//! `CANCELED`). Any other value is kept as the service spelt it, and is not taken as settled.

use super::lenient::opt_string;
use serde::{Deserialize, Serialize};

/// Where a Live Verification session stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyStatus {
    /// Prompted; the user has not answered yet.
    Pending,
    /// The user approved, or the code they read out was right.
    Verified,
    /// The user refused, or read out too many wrong codes.
    Denied,
    /// Nobody answered before the session ran out.
    Expired,
    /// An administrator ended it.
    Cancelled,
    /// A value casdesk does not know, as the service spelt it.
    Other(String),
}

impl VerifyStatus {
    pub fn parse(text: &str) -> Self {
        let word = text.trim().to_ascii_uppercase().replace(['-', ' '], "_");
        match word.as_str() {
            "PENDING" | "IN_PROGRESS" | "INITIATED" | "STARTED" | "SENT" => Self::Pending,
            "VERIFIED" | "APPROVED" | "SUCCESS" | "SUCCEEDED" => Self::Verified,
            "DENIED" | "REJECTED" | "FAILED" => Self::Denied,
            "EXPIRED" | "TIMED_OUT" | "TIMEOUT" => Self::Expired,
            "CANCELLED" | "CANCELED" => Self::Cancelled,
            _ => Self::Other(text.trim().to_string()),
        }
    }

    /// The session is over and will not change by itself: stop polling.
    pub fn is_settled(&self) -> bool {
        matches!(self, Self::Verified | Self::Denied | Self::Expired | Self::Cancelled)
    }

    /// As a person reads it ("waiting for the user", "verified", …); an unknown value as the
    /// service spelt it (not sanitised: sanitise before drawing).
    pub fn label(&self) -> &str {
        match self {
            Self::Pending => "waiting for the user",
            Self::Verified => "verified",
            Self::Denied => "denied",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
            Self::Other(s) => s,
        }
    }
}

fn opt_verify_status<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<VerifyStatus>, D::Error> {
    Ok(opt_string(d)?.filter(|s| !s.trim().is_empty()).map(|s| VerifyStatus::parse(&s)))
}

fn opt_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(opt_string(d)?.and_then(|s| s.trim().parse().ok()))
}

/// One Live Verification session, as start, status, code and cancel answer it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifySession {
    /// Who started it (for an OAuth client, as the service names the client).
    #[serde(default, deserialize_with = "opt_string")]
    pub admin_username: Option<String>,
    /// When it runs out, in the service's time form (see [`super::parse_service_time`]).
    #[serde(default, deserialize_with = "opt_string")]
    pub session_expiration: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub user_email: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub user_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub verify_url: Option<String>,
    #[serde(default, deserialize_with = "opt_verify_status")]
    pub status: Option<VerifyStatus>,
    /// Wrong codes read out so far (the simulator's field; the service's is not documented).
    #[serde(default, deserialize_with = "opt_count")]
    pub wrong_code_attempts: Option<u32>,
}

impl VerifySession {
    /// When the session runs out, if the answer said so in a form casdesk reads.
    pub fn expires_at(&self) -> Option<time::OffsetDateTime> {
        self.session_expiration.as_deref().and_then(super::parse_service_time)
    }
}

/// `{"verifyCode": "…"}`. Deliberately not `Debug`: the code proves who the caller is.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerifyCodeRequest<'a> {
    pub verify_code: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_answer_reads_and_unknown_fields_are_ignored() {
        let s: VerifySession = serde_json::from_str(
            r#"{"adminUsername":"anna@example.com","sessionExpiration":"2026-12-07T10:03:00.000Z",
                "userEmail":"alice@example.com","userId":"u1","verifyUrl":"https://x/v/1",
                "status":"PENDING","somethingNew":{"a":1},"wrongCodeAttempts":"2"}"#,
        )
        .unwrap();
        assert_eq!(s.admin_username.as_deref(), Some("anna@example.com"));
        assert_eq!(s.status, Some(VerifyStatus::Pending));
        assert_eq!(s.wrong_code_attempts, Some(2));
        assert!(s.expires_at().is_some());
        let bare: VerifySession = serde_json::from_str(r#"{"status":null}"#).unwrap();
        assert_eq!(bare, VerifySession::default());
    }

    #[test]
    fn status_values_and_their_spellings() {
        assert_eq!(VerifyStatus::parse("approved"), VerifyStatus::Verified);
        assert_eq!(VerifyStatus::parse("VERIFIED"), VerifyStatus::Verified);
        assert_eq!(VerifyStatus::parse("in-progress"), VerifyStatus::Pending);
        assert_eq!(VerifyStatus::parse("Canceled"), VerifyStatus::Cancelled);
        assert_eq!(VerifyStatus::parse("TIMED_OUT"), VerifyStatus::Expired);
        let odd = VerifyStatus::parse(" LOCKED_OUT ");
        assert_eq!(odd, VerifyStatus::Other("LOCKED_OUT".into()));
        assert!(!odd.is_settled(), "an unknown value is not taken as the end");
        assert!(!VerifyStatus::Pending.is_settled());
        assert!(VerifyStatus::Denied.is_settled());
        assert_eq!(odd.label(), "LOCKED_OUT");
    }

    #[test]
    fn the_code_request_is_the_documented_body() {
        let body = VerifyCodeRequest { verify_code: "123456" };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"verifyCode":"123456"}"#);
    }
}
