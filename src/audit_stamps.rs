//! The callers verified while this trail is written (a console session, or one command): each
//! is stamped on what is recorded for their user while the verification lasts, so the audit
//! record shows which changes were made on a verified call, and how it was verified.

use crate::audit::{CallerRecord, UserResult};
use crate::verify::Verified;
use std::collections::HashMap;
use std::sync::Mutex;
use time::OffsetDateTime;

#[derive(Debug, Default)]
pub struct CallerStamps {
    by_user: Mutex<HashMap<String, (Verified, OffsetDateTime)>>,
}

impl CallerStamps {
    /// `verified` counts until `lasts` after it was made.
    pub fn remember(&self, verified: Verified, lasts: std::time::Duration) {
        let until = verified.at + lasts;
        let mut by_user = self.by_user.lock().unwrap_or_else(|e| e.into_inner());
        for who in std::iter::once(verified.email.clone()).chain(verified.username.clone()) {
            by_user.insert(who, (verified.clone(), until));
        }
    }

    /// Each user's verification, where one counts now.
    pub fn stamp(&self, users: &mut [UserResult]) {
        let now = OffsetDateTime::now_utc();
        let by_user = self.by_user.lock().unwrap_or_else(|e| e.into_inner());
        for user in users {
            if let Some((verified, until)) = by_user.get(&user.user.trim().to_lowercase())
                && now >= verified.at
                && now < *until
            {
                user.caller = Some(CallerRecord::of(verified));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{How, Reason};
    use std::time::Duration;

    #[test]
    fn a_verification_is_stamped_on_its_users_records_while_it_lasts() {
        let callers = CallerStamps::default();
        let now = OffsetDateTime::now_utc();
        let reason = How::Override(Reason::ManagerApproval);
        callers.remember(Verified::new("Alice@x.com", None, reason, now), Duration::from_secs(60));
        let old =
            Verified::new("bob@x.com", None, How::LiveVerification, now - time::Duration::hours(1));
        callers.remember(old, Duration::from_secs(900));
        let mut users = vec![UserResult::ok("alice@x.com"), UserResult::ok("bob@x.com")];
        callers.stamp(&mut users);
        let alice = users[0].caller.as_ref().expect("stamped");
        assert_eq!(
            (alice.how.as_str(), alice.reason.as_deref()),
            ("override", Some("manager approved"))
        );
        assert_eq!(users[1].caller, None, "bob's verification ran out");
    }
}
