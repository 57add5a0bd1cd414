//! Changing one user: unlock methods (`PATCH v1/users/{id}/methods`), enable or disable
//! (`PUT v1/users/{id}/userStatus`). Synchronising answers the User Details object itself.

use super::lenient::{opt_bool, opt_string};
use super::user::{UserStatus, opt_status};
use serde::{Deserialize, Serialize};

/// A method the Unlock API takes. (Fingerprint and Approve locks are shown by User Details but
/// the documented request names only these three.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum UnlockMethod {
    Token,
    Sms,
    Voice,
}

impl UnlockMethod {
    pub const ALL: [UnlockMethod; 3] = [Self::Token, Self::Sms, Self::Voice];

    /// As the service and User Details name it: `TOKEN`, `SMS`, `VOICE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Token => "TOKEN",
            Self::Sms => "SMS",
            Self::Voice => "VOICE",
        }
    }

    /// As the console and the lookup show it to people: `Tokencode`, `SMS`, `Voice`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Token => "Tokencode",
            Self::Sms => "SMS",
            Self::Voice => "Voice",
        }
    }

    /// `token`, `SMS`, `voice` in any case.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UnlockRequest<'a> {
    pub unlock_methods: &'a [UnlockMethod],
}

/// What Unlock answers: "the status of all methods after the unlock operation". The documented
/// example could not be read, so this reads the lock flags User Details uses; any it leaves out
/// stay unknown (`None`) and the console looks the user up again to be sure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodStates {
    #[serde(default, deserialize_with = "opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_token_locked: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_sms_locked: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_voice_locked: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_fingerprint_locked: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub is_approve_locked: Option<bool>,
}

impl MethodStates {
    /// Each method the answer reported on (named as the lookup names it), with whether it is
    /// still locked.
    pub fn reported(&self) -> Vec<(&'static str, bool)> {
        [
            ("Tokencode", self.is_token_locked),
            ("SMS", self.is_sms_locked),
            ("Voice", self.is_voice_locked),
            ("Fingerprint", self.is_fingerprint_locked),
            ("Approve", self.is_approve_locked),
        ]
        .into_iter()
        .filter_map(|(name, locked)| locked.map(|l| (name, l)))
        .collect()
    }

    /// "now nothing is locked", "still locked: Approve", or that the answer did not say.
    pub fn summary(&self) -> String {
        let reported = self.reported();
        if reported.is_empty() {
            return "the service did not say which methods are locked now".into();
        }
        let locked: Vec<&str> = reported.iter().filter(|(_, l)| *l).map(|(n, _)| *n).collect();
        if locked.is_empty() {
            "now nothing is locked".into()
        } else {
            format!("still locked: {}", locked.join(", "))
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
/// Exactly one property: the service answers 400 "Wrong number of properties" to any more.
pub(crate) struct UserStatusRequest {
    pub user_status: &'static str,
}

/// What User Status answers: `{ "id": …, "userStatus": "Enabled" }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserStatusAnswer {
    #[serde(default, deserialize_with = "opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "opt_status")]
    pub user_status: Option<UserStatus>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlock_sends_the_documented_body() {
        let body = UnlockRequest { unlock_methods: &[UnlockMethod::Token, UnlockMethod::Sms] };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"unlockMethods":["TOKEN","SMS"]}"#);
        assert_eq!(UnlockMethod::parse(" sms "), Some(UnlockMethod::Sms));
        assert_eq!(UnlockMethod::parse("approve"), None);
    }

    #[test]
    fn user_status_sends_exactly_one_property() {
        let body = UserStatusRequest { user_status: "Disabled" };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"userStatus":"Disabled"}"#);
    }

    #[test]
    fn method_states_say_what_is_still_locked_and_what_is_unknown() {
        let states: MethodStates = serde_json::from_str(
            r#"{"isTokenLocked":false,"isSmsLocked":"false","isApproveLocked":true}"#,
        )
        .unwrap();
        assert_eq!(states.summary(), "still locked: Approve");
        let clear: MethodStates = serde_json::from_str(r#"{"isTokenLocked":false}"#).unwrap();
        assert_eq!(clear.summary(), "now nothing is locked");
        let silent: MethodStates = serde_json::from_str(r#"{"ok":1}"#).unwrap();
        assert!(silent.reported().is_empty());
        assert!(silent.summary().contains("did not say"));
    }

    #[test]
    fn user_status_answer_reads_any_case() {
        let a: UserStatusAnswer =
            serde_json::from_str(r#"{"id":"u1","userStatus":"DISABLED"}"#).unwrap();
        assert_eq!(a.user_status, Some(UserStatus::Disabled));
    }
}
