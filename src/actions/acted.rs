//! What the service said an action did, in words for the screen, the results and the record,
//! and how it changes the user as shown.

use super::authenticators;
use super::{AuthenticatorRef, TokenAction, method_list, sync_changes};
use crate::api::{
    DeviceRegistrationCode, MethodStates, PhoneAnswer, PhoneChange, SidTokenAnswer, UnlockMethod,
    UserDetails, UserStatus, UserStatusAnswer,
};
use crate::bulk::Failure;
use crate::status::Status;

/// What the service said it did.
#[derive(Clone, Debug)]
pub enum Acted {
    Unlocked {
        methods: Vec<UnlockMethod>,
        states: MethodStates,
    },
    StatusSet(UserStatusAnswer),
    /// The user as the identity source gave them, and what that changed (`None` when the user
    /// as it was before is not known here).
    Synced {
        details: Box<UserDetails>,
        changes: Option<Vec<String>>,
    },
    AuthenticatorRemoved(AuthenticatorRef),
    /// The old device is gone; the code for the new one, or why there is none.
    PhoneReplaced {
        old: AuthenticatorRef,
        code: Result<Box<DeviceRegistrationCode>, Failure>,
    },
    TokenChanged {
        action: TokenAction,
        answer: Box<SidTokenAnswer>,
    },
    PhonesSet {
        change: PhoneChange,
        answer: Box<PhoneAnswer>,
    },
    /// Done, for an action whose answer says nothing more: its declaration's words for what
    /// it did ("marked for deletion"). The user is looked up again after it, so what changed
    /// shows from the service's own answer, never from a guess here.
    Said(String),
}

impl Acted {
    /// What was done, in a line: "unlocked TOKEN; now nothing is locked".
    pub fn summary(&self) -> String {
        match self {
            Self::Unlocked { methods, states } => {
                format!("unlocked {}; {}", method_list(methods), states.summary())
            }
            Self::StatusSet(answer) => match &answer.user_status {
                Some(UserStatus::Enabled) => "now Enabled".into(),
                Some(UserStatus::Disabled) => "now Disabled".into(),
                Some(UserStatus::Other(s)) => format!("now {}", crate::text::sanitize(s)),
                None => "done; the service did not say the new status".into(),
            },
            Self::Synced { changes: None, .. } => "synchronised from the identity source".into(),
            Self::Synced { changes: Some(changes), .. } if changes.is_empty() => {
                "synchronised from the identity source; nothing had changed".into()
            }
            Self::Synced { changes: Some(changes), .. } => {
                format!("synchronised from the identity source: {}", changes.join("; "))
            }
            Self::AuthenticatorRemoved(old) => format!("removed {}", old.label),
            Self::PhoneReplaced { old, code: Ok(_) } => {
                format!("removed {}; device registration code made for the new phone", old.label)
            }
            Self::PhoneReplaced { old, code: Err(failure) } => {
                authenticators::no_code_words(old, failure)
            }
            Self::TokenChanged { answer, .. } => answer.summary(),
            // The numbers themselves are on screen in the user's details.
            Self::PhonesSet { change, .. } => change.describe(),
            Self::Said(words) => words.clone(),
        }
    }

    /// Ok, or a warning when a flow did only part of what it set out to do.
    pub fn status(&self) -> Status {
        match self {
            Self::PhoneReplaced { code: Err(_), .. } => Status::Warning,
            _ => Status::Ok,
        }
    }

    /// The code a replacement made, to show and copy.
    pub fn code(&self) -> Option<&DeviceRegistrationCode> {
        match self {
            Self::PhoneReplaced { code: Ok(code), .. } => Some(code),
            _ => None,
        }
    }

    /// The user's details, when the answer is the whole User Details object (sync).
    pub fn details(&self) -> Option<&UserDetails> {
        match self {
            Self::Synced { details, .. } => Some(details),
            _ => None,
        }
    }

    /// `details` as this answer says the user now is: the new status, the lock flags the
    /// answer reported, or the synchronised details. So a screen showing the user can follow a
    /// change made elsewhere (a bulk run) without asking the service again.
    pub fn apply_to(&self, details: &mut UserDetails) {
        match self {
            Self::StatusSet(answer) => {
                if answer.user_status.is_some() {
                    details.user_status = answer.user_status.clone();
                }
            }
            Self::Unlocked { states, .. } => {
                let flags = [
                    (&mut details.is_token_locked, states.is_token_locked),
                    (&mut details.is_sms_locked, states.is_sms_locked),
                    (&mut details.is_voice_locked, states.is_voice_locked),
                    (&mut details.is_fingerprint_locked, states.is_fingerprint_locked),
                    (&mut details.is_approve_locked, states.is_approve_locked),
                ];
                for (shown, reported) in flags {
                    if reported.is_some() {
                        *shown = reported;
                    }
                }
            }
            Self::Synced { details: synced, .. } => *details = (**synced).clone(),
            Self::PhonesSet { change, .. } => {
                let set = |now: &Option<String>| {
                    now.as_deref().map(|n| n.trim().to_string()).filter(|n| !n.is_empty())
                };
                if change.sms.is_some() {
                    details.sms_number = set(&change.sms);
                }
                if change.voice.is_some() {
                    details.voice_number = set(&change.voice);
                }
            }
            // Authenticators are not part of the user's details.
            Self::AuthenticatorRemoved(_)
            | Self::PhoneReplaced { .. }
            | Self::TokenChanged { .. }
            | Self::Said(_) => {}
        }
    }

    /// The same answer, with what a sync changed against the user as they were `before` it.
    pub fn compared_with(self, before: &UserDetails) -> Self {
        match self {
            Self::Synced { details, .. } => {
                let changes = Some(sync_changes::changes(before, &details));
                Self::Synced { details, changes }
            }
            other => other,
        }
    }
}
