//! The two refusals of Live Verification that a console words on its own rather than as a bare
//! status: a 409 (another administrator is verifying this user: only one may at a time) and a
//! 403 (not for a legacy key, not licensed, the policy off, or the client lacks the scope).
//! Each keeps the service's answer, so its own words still show after casdesk's.

use super::status_error::StatusError;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyRefusal {
    /// 409: someone else's session for this user is live.
    InProgress {
        /// Who, when the service said (sanitised, short).
        by: Option<String>,
        status: StatusError,
    },
    /// 403: Live Verification is not available to this caller.
    NotEnabled {
        /// The call was signed with a legacy Administration API key, which the service never
        /// allows here (OAuth clients only).
        legacy_key: bool,
        status: StatusError,
    },
}

impl VerifyRefusal {
    /// The refusal `status` stands for, if it is one of the two.
    pub(crate) fn from_status(status: StatusError, legacy_key: bool) -> Result<Self, StatusError> {
        match status.status {
            409 => Ok(Self::InProgress { by: None, status }),
            403 => Ok(Self::NotEnabled { legacy_key, status }),
            _ => Err(status),
        }
    }

    pub fn status(&self) -> &StatusError {
        match self {
            Self::InProgress { status, .. } | Self::NotEnabled { status, .. } => status,
        }
    }

    /// Names who holds the session (from a status read), sanitised for the screen.
    pub(crate) fn held_by(mut self, who: Option<&str>) -> Self {
        if let Self::InProgress { by, .. } = &mut self {
            *by =
                who.map(|w| crate::text::sanitize_excerpt(w.trim(), 80)).filter(|w| !w.is_empty());
        }
        self
    }
}

impl fmt::Display for VerifyRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InProgress { by, status } => {
                let who = by.as_deref().unwrap_or("another administrator");
                write!(
                    f,
                    "{who} is verifying this user already; only one administrator can verify a \
                     user at a time ({status})"
                )
            }
            Self::NotEnabled { legacy_key: true, status } => write!(
                f,
                "Live Verification is not available with a legacy Administration API key: it \
                 needs an OAuth API client ({status})"
            ),
            Self::NotEnabled { legacy_key: false, status } => write!(
                f,
                "Live Verification is not enabled for this tenant or this API client: it needs \
                 the licence (E3 or the add-on), a Super Admin to turn on the Live Verification \
                 policy, and the client allowed rsa.user.verify ({status})"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16, body: &str) -> StatusError {
        StatusError::answered(code, body)
    }

    #[test]
    fn a_409_names_who_holds_the_session_when_known() {
        let body = r#"{"code":"409 CONFLICT","description":"In progress."}"#;
        let r = VerifyRefusal::from_status(status(409, body), false).unwrap();
        let text = r.clone().held_by(Some("anna@example.com\u{1b}[2J")).to_string();
        assert!(text.starts_with("anna@example.com is verifying this user already"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(text.ends_with("(HTTP 409 Conflict: In progress.)"), "{text}");
        let unnamed = r.held_by(None).to_string();
        assert!(unnamed.starts_with("another administrator is verifying"), "{unnamed}");
    }

    #[test]
    fn a_403_says_why_for_a_legacy_key_and_for_a_tenant() {
        let legacy = VerifyRefusal::from_status(status(403, ""), true).unwrap().to_string();
        assert!(legacy.contains("legacy Administration API key"), "{legacy}");
        let tenant = VerifyRefusal::from_status(status(403, ""), false).unwrap().to_string();
        assert!(tenant.starts_with("Live Verification is not enabled for this tenant"), "{tenant}");
        assert!(VerifyRefusal::from_status(status(404, ""), false).is_err());
    }
}
