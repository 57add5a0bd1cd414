//! What counts as a verified caller, for which user and until when. A verification is for one
//! user (by address, or the username a device code may be asked by), made one way at one
//! time, and lasts as long as the policy says; after that the next guarded action asks again.

use super::policy::{Guarded, Policy};
use std::collections::HashMap;
use time::OffsetDateTime;

/// How the caller was verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum How {
    /// RSA's Live Verification: the user's registered device approved.
    LiveVerification,
    /// The user signed in from a registered device after the operator asked them to.
    SignIn,
    /// Neither could be done; the operator recorded why.
    Override(Reason),
}

/// Why the operator went on without verifying the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Called back on the number on file.
    Callback,
    /// The user's manager approved.
    ManagerApproval,
    /// Seen in person, with ID.
    SeenInPerson,
    /// The operator's own words.
    Other(String),
}

/// The longest an operator's own reason is kept: a line, not an essay.
const REASON_MOST: usize = 200;

impl Reason {
    /// The operator's words, cleaned, or `None` when they say nothing.
    pub fn other(words: &str) -> Option<Reason> {
        let words = crate::text::sanitize_excerpt(words.trim(), REASON_MOST);
        (!words.trim().is_empty()).then(|| Reason::Other(words.trim().to_string()))
    }

    /// As the record and the note say it.
    pub fn words(&self) -> &str {
        match self {
            Self::Callback => "called back on the number on file",
            Self::ManagerApproval => "manager approved",
            Self::SeenInPerson => "seen in person",
            Self::Other(words) => words,
        }
    }
}

impl How {
    /// "Live Verification", "sign-in", "override: manager approved".
    pub fn words(&self) -> String {
        match self {
            Self::LiveVerification => "Live Verification".into(),
            Self::SignIn => "sign-in from a registered device".into(),
            Self::Override(reason) => format!("override: {}", reason.words()),
        }
    }

    /// One word for the record and the statistics: `live`, `sign-in`, `override`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::LiveVerification => "live",
            Self::SignIn => "sign-in",
            Self::Override(_) => "override",
        }
    }
}

/// One user's caller, verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The user's address, lower case.
    pub email: String,
    /// Their username, when known: a device code may be asked for by it.
    pub username: Option<String>,
    pub how: How,
    pub at: OffsetDateTime,
}

impl Verified {
    pub fn new(email: &str, username: Option<&str>, how: How, at: OffsetDateTime) -> Self {
        Self {
            email: email.trim().to_lowercase(),
            username: username.map(|u| u.trim().to_lowercase()).filter(|u| !u.is_empty()),
            how,
            at,
        }
    }

    /// Still counts at `now` under `policy`.
    pub fn fresh(&self, policy: &Policy, now: OffsetDateTime) -> bool {
        let age = now - self.at;
        age >= time::Duration::ZERO && age < policy.lasts
    }

    /// How long it still counts at `now`, whole minutes rounded up ("12 min left").
    pub fn minutes_left(&self, policy: &Policy, now: OffsetDateTime) -> i64 {
        let left = (self.at + policy.lasts - now).whole_seconds().max(0);
        (left + 59) / 60
    }
}

/// Why an action is not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub action: Guarded,
    /// Who still needs verifying.
    pub users: Vec<String>,
    /// When an earlier verification ran out, if one did.
    pub expired: bool,
}

impl Refusal {
    /// "An emergency tokencode needs a verified caller: verify alice@example.com first. Nothing
    /// was sent." (the console adds its key).
    pub fn words(&self) -> String {
        let who = match self.users.as_slice() {
            [one] => crate::text::sanitize(one),
            many => format!("{} users", many.len()),
        };
        let again = if self.expired { " again (the last verification ran out)" } else { "" };
        format!(
            "{} needs a verified caller: verify {who}{again} first, or record why not. Nothing \
             was sent.",
            self.action.words()
        )
    }
}

/// The verifications of this session, one per user (the latest).
#[derive(Clone, Debug, Default)]
pub struct Verifications {
    by_user: HashMap<String, Verified>,
}

impl Verifications {
    pub fn record(&mut self, verified: Verified) {
        self.by_user.insert(verified.email.clone(), verified);
    }

    /// The latest verification of the user with this address or username, fresh or not.
    pub fn latest(&self, who: &str) -> Option<&Verified> {
        let who = who.trim().to_lowercase();
        self.by_user
            .get(&who)
            .or_else(|| self.by_user.values().find(|v| v.username.as_deref() == Some(who.as_str())))
    }

    /// Whether `action` may be sent for every one of `users` now: `Ok` with each user's
    /// verification (none where the policy does not guard it), or who still needs one.
    pub fn check(
        &self,
        policy: &Policy,
        action: Guarded,
        users: &[&str],
        now: OffsetDateTime,
    ) -> Result<Vec<Option<Verified>>, Refusal> {
        if !policy.guards(action) {
            return Ok(users.iter().map(|_| None).collect());
        }
        let mut missing = Vec::new();
        let mut expired = false;
        let mut found = Vec::with_capacity(users.len());
        for who in users {
            match self.latest(who) {
                Some(v) if v.fresh(policy, now) => found.push(Some(v.clone())),
                other => {
                    expired |= other.is_some();
                    missing.push(who.to_string());
                }
            }
        }
        if missing.is_empty() {
            Ok(found)
        } else {
            Err(Refusal { action, users: missing, expired })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn at(minutes: i64) -> OffsetDateTime {
        datetime!(2026-12-07 10:00 UTC) + time::Duration::minutes(minutes)
    }

    #[test]
    fn a_verification_counts_for_that_user_only_and_only_as_long_as_the_policy_says() {
        let policy = Policy::default();
        let mut all = Verifications::default();
        all.record(Verified::new("Alice@Example.com", Some("alice"), How::LiveVerification, at(0)));
        let codes = Guarded::Codes;
        assert!(all.check(&policy, codes, &["alice@example.com"], at(14)).is_ok());
        assert!(all.check(&policy, Guarded::DeviceCode, &["ALICE"], at(1)).is_ok(), "username");
        let bob = all.check(&policy, codes, &["bob@example.com"], at(1)).unwrap_err();
        assert_eq!((bob.users.clone(), bob.expired), (vec!["bob@example.com".into()], false));
        let late = all.check(&policy, codes, &["alice@example.com"], at(15)).unwrap_err();
        assert!(late.expired && late.words().contains("again"), "{}", late.words());
        let early = all.check(&policy, codes, &["alice@example.com"], at(-1));
        assert!(early.is_err(), "a verification from the future does not count");
    }

    #[test]
    fn a_list_is_sent_only_when_every_user_is_verified_and_the_refusal_counts_them() {
        let policy = Policy::default();
        let mut all = Verifications::default();
        let reason = Reason::other("ticket 5120: HR confirmed the leavers\x1b[2J").unwrap();
        for who in ["a@x.com", "b@x.com"] {
            all.record(Verified::new(who, None, How::Override(reason.clone()), at(0)));
        }
        assert!(all.check(&policy, Guarded::Codes, &["a@x.com", "b@x.com"], at(1)).is_ok());
        let refused = all.check(&policy, Guarded::Codes, &["a@x.com", "c@x.com", "d@x.com"], at(1));
        let refused = refused.unwrap_err();
        assert_eq!(refused.users, ["c@x.com", "d@x.com"]);
        assert!(refused.words().starts_with("An enrollment or password-reset code needs"));
        assert!(refused.words().contains("verify 2 users first"), "{}", refused.words());
        assert!(!reason.words().contains('\x1b'), "the operator's words are cleaned");
        assert_eq!(Reason::other("   "), None, "a reason says something");
    }

    #[test]
    fn with_the_policy_off_or_the_action_not_guarded_nothing_is_asked() {
        let off = Policy { on: false, ..Policy::default() };
        let none = Verifications::default();
        assert_eq!(none.check(&off, Guarded::Emergency, &["a@x.com"], at(0)), Ok(vec![None]));
        let narrow = Policy { guarded: vec![Guarded::Codes], ..Policy::default() };
        assert!(none.check(&narrow, Guarded::Emergency, &["a@x.com"], at(0)).is_ok());
        assert!(none.check(&narrow, Guarded::Codes, &["a@x.com"], at(0)).is_err());
    }
}
