//! Who else acted on a user: the Administration Event Log's entries on them (read by the
//! client, tenant-wide, kept for the user by `targetObject1Id`), in plain words, and the rule
//! that warns before a change would replace or undo a colleague's recent one.
//!
//! casdesk's own entries are not "others": it knows its own name in the log as its profile's
//! legacy key access ID or OAuth client id (`Client::caller_name`). A real tenant may log the
//! administrator who made the key instead; casdesk cannot tell, so such entries read as
//! another's, and casdesk's own are called "this key", never a guessed person.

mod intent;
mod rule;
mod words;

pub use intent::{for_code, for_user_action};
pub use rule::{Conflict, Warning, conflict, warning};
pub use words::{actor, ago, plain, role_short};

use crate::api::AdminLogEntry;
use time::OffsetDateTime;

/// The window the console and `casdesk activity --admin` read by default.
pub const WINDOW: time::Duration = time::Duration::hours(24);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeKind {
    Enrollment,
    PasswordReset,
}

/// What an administrator did to a user, as far as casdesk understands it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Act {
    GeneratedCode(CodeKind),
    VoidedCode(CodeKind),
    EnabledUser,
    DisabledUser,
    Unlocked,
    Synced,
    EnabledEac,
    DisabledEac,
    DeviceCode,
    DeletedDevice,
    /// A SecurID 700 token's change, with its serial.
    Token(TokenAct, String),
    PhoneChanged,
    PhoneCleared,
    MarkedDeleted,
    Undeleted,
    /// A FIDO key suspended (`false`) or restored (`true`), by its id.
    Fido(bool, String),
    /// A SecurID DS100's OTP credential changed, by the device's serial.
    Ds100(Ds100Act, String),
    /// Anything else (an activity casdesk does not know, said as given).
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenAct {
    Assigned,
    Unassigned,
    Enabled,
    Disabled,
    PinCleared,
    Renamed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ds100Act {
    OtpEnabled,
    OtpDisabled,
    PinCleared,
    Deleted,
}

impl Act {
    /// The act an entry's `activityKey` names (and its token serial).
    pub fn of(entry: &AdminLogEntry) -> Act {
        let key = entry.activity_key.as_deref().unwrap_or_default().trim().to_ascii_uppercase();
        let serial = || {
            entry
                .target_object2_name
                .as_deref()
                .or(entry.target_object2_id.as_deref())
                .map(|s| crate::text::sanitize_excerpt(s.trim(), 40))
                .unwrap_or_default()
        };
        // A FIDO key is known by its id (its name may be shared or changed).
        let id = || {
            entry
                .target_object2_id
                .as_deref()
                .or(entry.target_object2_name.as_deref())
                .map(|s| crate::text::sanitize_excerpt(s.trim(), 60))
                .unwrap_or_default()
        };
        match key.as_str() {
            "GENERATE_ENROLLMENT_CODE" => Act::GeneratedCode(CodeKind::Enrollment),
            "GENERATE_PASSWORD_RESET_CODE" => Act::GeneratedCode(CodeKind::PasswordReset),
            "VOID_ENROLLMENT_CODE" => Act::VoidedCode(CodeKind::Enrollment),
            "VOID_PASSWORD_RESET_CODE" => Act::VoidedCode(CodeKind::PasswordReset),
            "ENABLE_USER" => Act::EnabledUser,
            "DISABLE_USER" => Act::DisabledUser,
            "UNLOCK_USER_METHOD" => Act::Unlocked,
            "SYNCHRONIZE_USER" => Act::Synced,
            "ENABLE_EMERGENCY_TOKENCODE" => Act::EnabledEac,
            "DISABLE_EMERGENCY_TOKENCODE" => Act::DisabledEac,
            "GENERATE_DEVICE_REGISTRATION_CODE" => Act::DeviceCode,
            "DELETE_USER_DEVICE" => Act::DeletedDevice,
            "ASSIGN_SID_TOKEN" => Act::Token(TokenAct::Assigned, serial()),
            "UNASSIGN_SID_TOKEN" => Act::Token(TokenAct::Unassigned, serial()),
            "ENABLE_SID_TOKEN" => Act::Token(TokenAct::Enabled, serial()),
            "DISABLE_SID_TOKEN" => Act::Token(TokenAct::Disabled, serial()),
            "CLEAR_SID_TOKEN_PIN" => Act::Token(TokenAct::PinCleared, serial()),
            "UPDATE_USER_PHONE_NUMBER" => Act::PhoneChanged,
            "CLEAR_USER_PHONE_NUMBER" => Act::PhoneCleared,
            "UPDATE_SID_TOKEN_NAME" => Act::Token(TokenAct::Renamed, serial()),
            "MARK_USER_DELETED" => Act::MarkedDeleted,
            "UNMARK_USER_DELETED" => Act::Undeleted,
            "DISABLE_FIDO_AUTHENTICATOR" => Act::Fido(false, id()),
            "ENABLE_FIDO_AUTHENTICATOR" => Act::Fido(true, id()),
            "ENABLE_DS100_OTP" => Act::Ds100(Ds100Act::OtpEnabled, serial()),
            "DISABLE_DS100_OTP" => Act::Ds100(Ds100Act::OtpDisabled, serial()),
            "CLEAR_DS100_OTP_PIN" => Act::Ds100(Ds100Act::PinCleared, serial()),
            "DELETE_DS100_OTP" => Act::Ds100(Ds100Act::Deleted, serial()),
            _ => Act::Other,
        }
    }
}

/// One entry on the user, as the console and the command show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acted {
    pub at: Option<OffsetDateTime>,
    /// "anna.berg (Help Desk)", or "this key" for casdesk's own.
    pub who: String,
    /// casdesk's own call (its name in the log is the profile's key or client id).
    pub by_this_key: bool,
    /// "generated an enrollment code".
    pub what: String,
    pub act: Act,
    pub entry: AdminLogEntry,
}

impl Acted {
    pub fn new(entry: AdminLogEntry, own_name: &str) -> Self {
        let by_this_key = !own_name.trim().is_empty()
            && entry
                .admin_user_name
                .as_deref()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(own_name.trim()));
        let who = if by_this_key { "this key".to_string() } else { actor(&entry) };
        Self {
            at: entry.logged_at(),
            who,
            by_this_key,
            what: plain(&entry),
            act: Act::of(&entry),
            entry,
        }
    }

    /// A change this console has just sent, before the log is read again.
    pub fn sent_now(act: Act, now: OffsetDateTime) -> Self {
        Self {
            at: Some(now),
            who: "this key".into(),
            by_this_key: true,
            what: "sent a change".into(),
            act,
            entry: AdminLogEntry::default(),
        }
    }

    /// "anna.berg (Help Desk) generated an enrollment code · 3 min ago".
    pub fn line(&self, now: OffsetDateTime) -> String {
        let when = self.at.map(|t| ago(now - t)).unwrap_or_else(|| "time unknown".into());
        format!("{} {} · {when}", self.who, self.what)
    }
}

/// The entries on a user, newest first, as [`Acted`].
pub fn acted(entries: &[AdminLogEntry], own_name: &str) -> Vec<Acted> {
    let mut out: Vec<Acted> = entries.iter().cloned().map(|e| Acted::new(e, own_name)).collect();
    // Stable: entries of the same moment keep the service's order, reversed with the rest.
    out.reverse();
    out.sort_by_key(|a| std::cmp::Reverse(a.at));
    out
}
