//! What the tenant records about each user for `GET v1/users/{id}/authlogs`: sign-ins it
//! simulates (`sign_in.rs`), and what
//! administrators did through the API (unlock, enable/disable, sync, codes, emergency
//! tokencodes). The demo file ships history relative to start, so it never goes stale.
//!
//! Inferred where the documents are silent (only the entry fields are documented, from
//! INGO-JAVA's `UserLogEntry`): the event codes and descriptions below are this simulator's
//! own (the codes are in `auth_event.rs`), worded as CAS words its messages; `eventType` is `AUTHENTICATION` or
//! `ADMINISTRATION`; `eventLevel` is `INFO` for successes and changes, `WARN` for a refused
//! sign-in and `ERROR` for a lock.

use crate::sim::auth_event::{AuthEvent, code, event_at};
use crate::sim::model::{LastAuth, Mode};
use crate::sim::tenant::{TOKENCODE_LOCKOUT, Tenant, format_api};
use crate::sim::verify_session::VerifyStep;
use time::OffsetDateTime;

/// What the API caller did to the user, recorded by the handlers.
#[derive(Clone, Copy, Debug)]
pub enum AdminEvent<'a> {
    Unlocked(&'a str),
    Enabled,
    Disabled,
    Synced,
    /// Marked for deletion (`true`) or the mark taken away (`false`).
    MarkedDeleted(bool),
    CodeGenerated(Mode),
    CodeVoided(Mode),
    EacEnabled,
    EacDisabled,
    DeviceCode,
    /// The device's or FIDO credential's name.
    DeviceDeleted(&'a str),
    /// The SecurID 700 token's serial number, in each of these.
    TokenAssigned(&'a str),
    TokenUnassigned(&'a str),
    TokenEnabled(&'a str),
    TokenDisabled(&'a str),
    TokenPinCleared(&'a str),
    TokenRenamed(&'a str),
    /// `SMS` or `VOICE`, in these two; the number itself is not recorded.
    PhoneChanged(&'a str),
    PhoneCleared(&'a str),
    /// A Live Verification session's step (the user's answers among them).
    Verification(VerifyStep),
    /// A FIDO key or DS100 changed (`ds100.rs`): its code and description, method TOKEN or
    /// FIDO, and which one for the admin log: its id (the FIDO key's id, the DS100's device
    /// serial) and its name (the key's name; the DS100's serial again).
    Authenticator {
        code: &'static str,
        description: &'a str,
        method: &'static str,
        target: &'a str,
        name: &'a str,
    },
}

impl Tenant {
    /// Records `event` for the user now, as the API caller's doing.
    pub fn record_event(&mut self, user_id: &str, event: AdminEvent) {
        self.record_event_at(self.now(), user_id, event);
    }

    /// Records `event` as of `at`: a step the tenant notices after it happened (a session that
    /// expired, found so at the next read).
    pub fn record_event_at(&mut self, at: OffsetDateTime, user_id: &str, event: AdminEvent) {
        let (code, description, method) = match event {
            AdminEvent::Unlocked(m) => (
                code::UNLOCKED,
                format!("Administrator unlocked the {m} authentication method."),
                Some(m.to_string()),
            ),
            AdminEvent::Enabled => (code::ENABLED, "Administrator enabled the user.".into(), None),
            AdminEvent::Disabled => {
                (code::DISABLED, "Administrator disabled the user.".into(), None)
            }
            AdminEvent::Synced => {
                (code::SYNCED, "User synchronized from the identity source.".into(), None)
            }
            AdminEvent::MarkedDeleted(true) => {
                (code::MARKED_DELETED, "Administrator marked the user for deletion.".into(), None)
            }
            AdminEvent::MarkedDeleted(false) => {
                (code::UNDELETED, "Administrator removed the user's deletion mark.".into(), None)
            }
            AdminEvent::CodeGenerated(mode) => (
                code::CODE_GENERATED,
                format!("Administrator generated a {} verification code.", mode.as_str()),
                None,
            ),
            AdminEvent::CodeVoided(mode) => (
                code::CODE_VOIDED,
                format!("Administrator voided the {} verification code.", mode.as_str()),
                None,
            ),
            AdminEvent::EacEnabled => (
                code::EAC_ENABLED,
                "Administrator enabled an emergency tokencode.".into(),
                Some("EMERGENCY_TOKENCODE".into()),
            ),
            AdminEvent::EacDisabled => (
                code::EAC_DISABLED,
                "Administrator disabled the emergency tokencode.".into(),
                Some("EMERGENCY_TOKENCODE".into()),
            ),
            AdminEvent::DeviceCode => {
                (code::DEVICE_CODE, "Administrator issued a device registration code.".into(), None)
            }
            AdminEvent::DeviceDeleted(name) => {
                (code::DEVICE_DELETED, format!("Administrator deleted the device {name}."), None)
            }
            AdminEvent::TokenAssigned(serial) => (
                code::TOKEN_ASSIGNED,
                format!("Administrator assigned the SecurID token {serial}."),
                Some("TOKEN".into()),
            ),
            AdminEvent::TokenUnassigned(serial) => (
                code::TOKEN_UNASSIGNED,
                format!("Administrator unassigned the SecurID token {serial}."),
                Some("TOKEN".into()),
            ),
            AdminEvent::TokenEnabled(serial) => (
                code::TOKEN_ENABLED,
                format!("Administrator enabled the SecurID token {serial}."),
                Some("TOKEN".into()),
            ),
            AdminEvent::TokenDisabled(serial) => (
                code::TOKEN_DISABLED,
                format!("Administrator disabled the SecurID token {serial}."),
                Some("TOKEN".into()),
            ),
            AdminEvent::TokenPinCleared(serial) => (
                code::TOKEN_PIN_CLEARED,
                format!("Administrator cleared the PIN of the SecurID token {serial}."),
                Some("TOKEN".into()),
            ),
            AdminEvent::TokenRenamed(serial) => (
                code::TOKEN_RENAMED,
                format!("Administrator renamed the SecurID token {serial}."),
                Some("TOKEN".into()),
            ),
            AdminEvent::PhoneChanged(method) => (
                code::PHONE_CHANGED,
                format!("Administrator changed the {} phone number.", phone_words(method)),
                Some(method.to_string()),
            ),
            AdminEvent::PhoneCleared(method) => (
                code::PHONE_CLEARED,
                format!("Administrator cleared the {} phone number.", phone_words(method)),
                Some(method.to_string()),
            ),
            AdminEvent::Authenticator { code, description, method, .. } => {
                (code, description.to_string(), Some(method.to_string()))
            }
            AdminEvent::Verification(step) => {
                let (code, description) = step.event();
                (code, description.to_string(), None)
            }
        };
        self.push_event(AuthEvent {
            method,
            admin: true,
            source_ip: Some("192.0.2.10".into()),
            application: Some("Cloud Administration API".into()),
            ..event_at(at, user_id, code, description, "INFO")
        });
        self.record_admin_event(at, user_id, &event);
        self.after_admin_event(at, user_id, event);
    }

    /// A past event from the demo file, `minutes_ago` before `now`.
    pub fn record_history(&mut self, now: OffsetDateTime, user_id: &str, h: &HistoryEntry) {
        let at = now - time::Duration::seconds((h.minutes_ago * 60.0) as i64);
        let description = h.description.clone().unwrap_or_else(|| describe(&h.code, h));
        let level = match h.code.as_str() {
            code::METHOD_LOCKED => "ERROR",
            c if c.starts_with("ADMIN_") || c == code::SIGN_IN_OK => "INFO",
            _ => "WARN",
        };
        self.push_event(AuthEvent {
            admin: h.code.starts_with("ADMIN_"),
            method: h.method.clone(),
            application: h.application.clone().or_else(|| Some("Workday".into())),
            policy: h.policy.clone(),
            device_name: h.device.clone(),
            source_ip: h.source_ip.clone().or_else(|| Some("203.0.113.24".into())),
            ..event_at(at, user_id, &h.code, description, level)
        });
    }

    pub(super) fn push_event(&mut self, event: AuthEvent) {
        if event.code == code::SIGN_IN_OK && !event.admin {
            self.note_sign_in(&event);
        }
        self.events.push(event);
        // Oldest first in storage; a tenant keeps 40 days, the simulator a few thousand.
        if self.events.len() > 5000 {
            self.events.remove(0);
        }
    }

    /// A successful sign-in is the user's last authentication in their details too (when it
    /// is newer than the one they have), so Lookup and Activity agree.
    fn note_sign_in(&mut self, event: &AuthEvent) {
        let date = format_api(event.at);
        let Some(user) = self.by_id_mut(&event.user_id) else { return };
        let newer = user.last_authentication.as_ref().is_none_or(|last| {
            time::OffsetDateTime::parse(&last.date, &time::format_description::well_known::Rfc3339)
                .is_ok_and(|at| at < event.at)
        });
        if newer {
            let method = event.method.clone().unwrap_or_else(|| "UNKNOWN".into());
            user.last_authentication = Some(LastAuth { method, date });
            let month = time::macros::format_description!("[month repr:short] [year]");
            if let Ok(month) = event.at.format(&month) {
                user.month_last_authenticated = Some(month);
            }
        }
    }

    /// The user's events, newest first (ties: the later recorded first).
    pub fn events_of(&self, user_id: &str) -> Vec<&AuthEvent> {
        let mut out: Vec<&AuthEvent> =
            self.events.iter().filter(|e| e.user_id == user_id).collect();
        out.reverse();
        out.sort_by_key(|e| std::cmp::Reverse(e.at));
        out
    }
}

/// `SMS` stays, `VOICE` reads as "voice".
fn phone_words(method: &str) -> &'static str {
    if method.eq_ignore_ascii_case("VOICE") { "voice" } else { "SMS" }
}

/// The description CAS would give a code from the demo file.
fn describe(code: &str, h: &HistoryEntry) -> String {
    let method = h.method.as_deref().unwrap_or("TOKEN");
    match code {
        code::SIGN_IN_OK => format!("User authenticated successfully using {method}."),
        code::WRONG_TOKENCODE => "Authentication failed. Invalid tokencode.".into(),
        code::WRONG_CODE => format!("Authentication failed. Invalid {method} code."),
        code::METHOD_LOCKED => format!(
            "Authentication method {method} locked after {TOKENCODE_LOCKOUT} consecutive failed attempts."
        ),
        code::REFUSED_LOCKED => format!("Authentication failed. The {method} method is locked."),
        code::NO_DEVICE => "Authentication failed. User does not have a registered device.".into(),
        code::POLICY_DENIED => {
            format!("Access denied by policy {}.", h.policy.as_deref().unwrap_or("(unnamed)"))
        }
        code::USER_DISABLED => "Authentication failed. User is disabled.".into(),
        code::APPROVE_DENIED => "Authentication failed. User denied the Approve request.".into(),
        code::UNLOCKED => format!("Administrator unlocked the {method} authentication method."),
        code::ENABLED => "Administrator enabled the user.".into(),
        code::DISABLED => "Administrator disabled the user.".into(),
        code::SYNCED => "User synchronized from the identity source.".into(),
        code::EAC_ENABLED => "Administrator enabled an emergency tokencode.".into(),
        code::EAC_DISABLED => "Administrator disabled the emergency tokencode.".into(),
        code::DEVICE_CODE => "Administrator issued a device registration code.".into(),
        code::PHONE_CHANGED => {
            format!("Administrator changed the {} phone number.", phone_words(method))
        }
        code::PHONE_CLEARED => {
            format!("Administrator cleared the {} phone number.", phone_words(method))
        }
        other => other.to_string(),
    }
}

/// A past event as the demo file gives it.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HistoryEntry {
    pub minutes_ago: f64,
    pub code: String,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub application: Option<String>,
    #[serde(default)]
    pub policy: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub source_ip: Option<String>,
    /// The service's words, when not the usual ones for the code.
    #[serde(default)]
    pub description: Option<String>,
}
