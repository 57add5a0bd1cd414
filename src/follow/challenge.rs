//! The sign-in challenge (issue 21 item 2): where Live Verification cannot be used, the
//! operator asks the caller to sign in now, and the caller is verified by a successful sign-in
//! from a registered device after the challenge began and within its limit.
//!
//! Rules, for each event as it arrives:
//! - an administrator's event never counts (an unlock, a code, a Live Verification step);
//! - a success counts when it happened after the start `T` and no later than `T + limit`, by
//!   the service's clock, and is from a registered device (`registered.rs`); a success that
//!   does not count is reported with the reason, so the operator knows why it was not enough;
//! - a failure in that window is reported in plain words and counted;
//! - the earliest success that counts is the verification, whatever order events arrive in.
//!
//! The challenge ends `Verified` at the first counting success; at the limit, `FailedOnly`
//! if failures were seen, else `TimedOut`. It is judged by the service's clock: a machine
//! clock ahead of the service's makes a real sign-in look earlier than `T` (not counted, and
//! said so), never the reverse.

use super::event::Followed;
use super::registered::Registered;
use time::OffsetDateTime;

/// How long the caller has, unless the operator says otherwise.
pub const DEFAULT_LIMIT: time::Duration = time::Duration::minutes(2);

#[derive(Clone, Debug)]
pub struct Challenge {
    started: OffsetDateTime,
    limit: time::Duration,
    registered: Registered,
    failures: usize,
    not_counted: usize,
    verified: Option<Verified>,
}

/// The sign-in that verified the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub at: OffsetDateTime,
    /// As a person says it: "Approve push on \"iPhone 15\"".
    pub how: String,
    /// The service's name for the method (`APPROVE`), sanitised, for a record.
    pub method: String,
}

/// What the operator is told while the challenge runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChallengeNews {
    /// A failed attempt, in plain words.
    Failed { at: Option<OffsetDateTime>, plain: String },
    /// A success that does not verify the caller, and why.
    NotCounted { at: Option<OffsetDateTime>, why: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChallengeEnd {
    Verified(Verified),
    /// Time ran out; the caller tried and failed (`not_counted`: successes that did not count).
    FailedOnly {
        failures: usize,
        not_counted: usize,
    },
    /// Time ran out with no failure seen.
    TimedOut {
        not_counted: usize,
    },
}

impl Challenge {
    pub fn new(started: OffsetDateTime, limit: time::Duration, registered: Registered) -> Self {
        Self { started, limit, registered, failures: 0, not_counted: 0, verified: None }
    }

    pub fn started(&self) -> OffsetDateTime {
        self.started
    }

    /// The last moment a sign-in counts.
    pub fn deadline(&self) -> OffsetDateTime {
        self.started + self.limit
    }

    /// Takes one event; says what the operator should hear of it, if anything.
    pub fn observe(&mut self, e: &Followed) -> Option<ChallengeNews> {
        if e.is_admin() {
            return None;
        }
        let within = e.at.map(|at| at > self.started && at <= self.deadline());
        if e.is_failure() {
            // Before the start it is history; without a time it still arrived during the challenge.
            if within == Some(false) {
                return None;
            }
            self.failures += 1;
            return Some(ChallengeNews::Failed { at: e.at, plain: e.explained.plain.clone() });
        }
        if !e.is_sign_in() {
            return None;
        }
        let why = match (e.at, within) {
            (None, _) => Err("the service gave no time it could be read by".to_string()),
            (Some(at), Some(false)) if at <= self.started => {
                Err("it happened before the challenge began".to_string())
            }
            (Some(_), Some(false)) => Err("it happened after the time limit".to_string()),
            (Some(at), _) => self.registered.judge(e).map(|how| (at, how)),
        };
        match why {
            Ok((at, how)) => {
                // The earliest wins; two at the same second, the same one whatever their order.
                if self.verified.as_ref().is_none_or(|v| (at, &how) < (v.at, &v.how)) {
                    let method = e.entry.method.as_deref().unwrap_or("");
                    let method = crate::text::sanitize_excerpt(method, 30).to_ascii_uppercase();
                    self.verified = Some(Verified { at, how, method });
                }
                None
            }
            Err(why) => {
                self.not_counted += 1;
                Some(ChallengeNews::NotCounted { at: e.at, why })
            }
        }
    }

    /// `Some` once a sign-in verified the caller: the challenge is over.
    pub fn verified(&self) -> Option<ChallengeEnd> {
        self.verified.clone().map(ChallengeEnd::Verified)
    }

    /// How it ends if time is up now.
    pub fn end(&self) -> ChallengeEnd {
        match (&self.verified, self.failures) {
            (Some(v), _) => ChallengeEnd::Verified(v.clone()),
            (None, 0) => ChallengeEnd::TimedOut { not_counted: self.not_counted },
            (None, failures) => {
                ChallengeEnd::FailedOnly { failures, not_counted: self.not_counted }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::event::sample::entry;
    use super::*;
    use crate::api::{Authenticators, Device};
    use time::macros::datetime;

    const T: OffsetDateTime = datetime!(2025-03-04 10:00 UTC);

    fn with_phone() -> Challenge {
        let phone =
            Device { id: Some("d1".into()), name: Some("Pixel 8".into()), ..Device::default() };
        let a = Authenticators { devices: vec![phone], ..Authenticators::default() };
        Challenge::new(T, DEFAULT_LIMIT, Registered::from_authenticators(&a))
    }

    fn event(at: &str, code: &str, method: &str) -> Followed {
        Followed::new(entry(&format!("{at}{code}"), at, code, method))
    }

    #[test]
    fn a_success_before_the_start_does_not_count() {
        let mut c = with_phone();
        let news = c.observe(&event("2025-03-04T09:59:59Z", "AUTHN_SUCCESS", "APPROVE"));
        assert!(
            matches!(news, Some(ChallengeNews::NotCounted { why, .. }) if why.contains("before"))
        );
        let at_start = c.observe(&event("2025-03-04T10:00:00Z", "AUTHN_SUCCESS", "APPROVE"));
        assert!(at_start.is_some(), "the start itself is not after it");
        assert_eq!(c.verified(), None);
        assert_eq!(c.end(), ChallengeEnd::TimedOut { not_counted: 2 });
    }

    #[test]
    fn an_administrators_event_does_not_count() {
        let mut c = with_phone();
        for code in
            ["ADMIN_METHOD_UNLOCKED", "ADMIN_LIVE_VERIFICATION_VERIFIED", "ADMIN_USER_ENABLED"]
        {
            assert_eq!(c.observe(&event("2025-03-04T10:00:30Z", code, "APPROVE")), None);
        }
        let mut admin_success = entry("x", "2025-03-04T10:00:31Z", "AUTHN_SUCCESS", "APPROVE");
        admin_success.event_type = Some("ADMINISTRATION".into());
        assert_eq!(c.observe(&Followed::new(admin_success)), None);
        assert_eq!(c.end(), ChallengeEnd::TimedOut { not_counted: 0 });
    }

    #[test]
    fn the_time_limit_is_inclusive_and_a_late_success_does_not_count() {
        let mut c = with_phone();
        let late = c.observe(&event("2025-03-04T10:02:00.001Z", "AUTHN_SUCCESS", "TOKEN"));
        assert!(
            matches!(late, Some(ChallengeNews::NotCounted { why, .. }) if why.contains("limit"))
        );
        assert_eq!(c.observe(&event("2025-03-04T10:02:00Z", "AUTHN_SUCCESS", "TOKEN")), None);
        let Some(ChallengeEnd::Verified(v)) = c.verified() else { panic!("verified") };
        assert_eq!(
            (v.at, v.how.as_str(), v.method.as_str()),
            (T + DEFAULT_LIMIT, "tokencode", "TOKEN")
        );
    }

    #[test]
    fn failures_are_told_in_plain_words_and_end_failed_only() {
        let mut c = with_phone();
        let news =
            c.observe(&event("2025-03-04T10:00:10Z", "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN"));
        assert!(
            matches!(news, Some(ChallengeNews::Failed { plain, .. }) if plain.starts_with("Wrong tokencode"))
        );
        assert_eq!(c.observe(&event("2025-03-04T09:50:00Z", "AUTHN_METHOD_LOCKED", "TOKEN")), None);
        let sms = c.observe(&event("2025-03-04T10:00:20Z", "AUTHN_SUCCESS", "SMS"));
        assert!(
            matches!(sms, Some(ChallengeNews::NotCounted { why, .. }) if why.contains("phone number"))
        );
        assert_eq!(c.end(), ChallengeEnd::FailedOnly { failures: 1, not_counted: 1 });
    }
}
