//! A call as the audit record tells it: the record's formats for a verified caller and for a
//! fix confirmed by the user's next sign-in, and which actions read, verify, confirm or change.
//! The ticket note and `casdesk stats` read the record through these, so the two agree.
//!
//! The formats, as JSON Lines entries of `audit.jsonl` (see `audit::Entry`):
//!
//! - a verified caller: action `"verified caller"`, the user's result `ok` with the way in
//!   words as `outcome` (`"Live Verification"`, `"sign-in from a registered device"`,
//!   `"override: manager approved"`) and the `caller` stamp `{"how": "live" | "sign-in" |
//!   "override", "at": RFC 3339, "reason": text, for an override}`; the stamp is on every
//!   result recorded for that user while the verification lasts;
//! - a fix confirmed working: action `"confirmed working"` ([`CONFIRMED_WORKING`]), the
//!   user's result `ok` with `outcome` `"signed in at 10:07 by Approve"` ([`confirmed_working`]).
//!   The entry's `time` is when casdesk saw the sign-in: the note and the stats count from it,
//!   on casdesk's clock like every other entry; the words keep the service's time of the
//!   sign-in for people.

use crate::audit::{Entry, UserResult};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The action a verified caller is recorded under.
pub const VERIFIED_CALLER: &str = "verified caller";

/// The action a fix confirmed by the user's next successful sign-in is recorded under.
pub const CONFIRMED_WORKING: &str = "confirmed working";

/// What is recorded for `email` when their sign-in at `signed_in` (in the operator's local
/// time: it is written as a clock time) by `how` ("Approve", "tokencode") confirmed a fix.
pub fn confirmed_working(email: &str, signed_in: OffsetDateTime, how: &str) -> UserResult {
    let how = crate::text::sanitize_excerpt(how, 80);
    let at = format!("{:02}:{:02}", signed_in.hour(), signed_in.minute());
    UserResult::ok(email).with_outcome(format!("signed in at {at} by {how}"))
}

/// What an action is to a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Looking the user up, finding them, reading their sign-ins (following them included).
    Read,
    /// Verifying the caller: the verification itself, or starting or cancelling one.
    Verifying,
    /// The user's sign-in confirmed a fix.
    Confirmation,
    /// Anything else: a change to the tenant, or an attempt at one.
    Change,
}

/// The reads: a note lists each only the first time.
pub const READS: [&str; 5] = ["lookup", "search", "sign-in activity", TOKEN_LOOKUP, USER_EVENT_LOG];

/// A SecurID 700 token looked up by serial, recorded for its holder: a read.
pub const TOKEN_LOOKUP: &str = "token lookup";

/// A read of the tenant-wide user event log (Failures, `casdesk failures`), recorded for
/// [`ALL_USERS`]: about no one caller.
pub const USER_EVENT_LOG: &str = "user event log";
pub const ALL_USERS: &str = "(all users)";

pub fn kind(action: &str) -> Kind {
    match action {
        _ if READS.contains(&action) => Kind::Read,
        VERIFIED_CALLER | "start live verification" | "cancel live verification" => Kind::Verifying,
        CONFIRMED_WORKING => Kind::Confirmation,
        _ => Kind::Change,
    }
}

/// A caller verified, as the record says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// `live`, `sign-in` or `override`.
    pub how: String,
    pub at: OffsetDateTime,
    /// An override's reason.
    pub reason: Option<String>,
}

impl Verification {
    /// What `result` (of `entry`) says of the user's caller: its `caller` stamp; or, for a
    /// verified-caller entry written without one, its words at the entry's time.
    pub fn of(entry: &Entry, result: &UserResult) -> Option<Verification> {
        if let Some(stamp) = &result.caller {
            let at = OffsetDateTime::parse(&stamp.at, &Rfc3339).ok()?;
            let reason = stamp.reason.clone().filter(|_| stamp.how == "override");
            return Some(Verification { how: stamp.how.clone(), at, reason });
        }
        if entry.action != VERIFIED_CALLER || !result.ok {
            return None;
        }
        let words = result.outcome.as_deref().unwrap_or_default();
        let (how, reason) = match words.strip_prefix("override: ") {
            Some(reason) => ("override", Some(reason.to_string())),
            None if words.starts_with("sign-in") => ("sign-in", None),
            None if words.starts_with("Live Verification") => ("live", None),
            None => return None,
        };
        Some(Verification { how: how.into(), at: entry_time(entry)?, reason })
    }

    /// "Live Verification", "sign-in from a registered device", "override (manager approved)".
    pub fn words(&self) -> String {
        match (self.how.as_str(), &self.reason) {
            ("live", _) => "Live Verification".into(),
            ("sign-in", _) => "sign-in from a registered device".into(),
            ("override", Some(reason)) => format!("override ({reason})"),
            (other, _) => other.to_string(),
        }
    }
}

/// A length of time as the note and the stats say it: "under a minute", "7 min", "1 h 05 min".
pub fn span_words(span: time::Duration) -> String {
    match span.whole_minutes().max(0) {
        0 => "under a minute".into(),
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {:02} min", m / 60, m % 60),
    }
}

/// When the entry was written, if its time reads.
pub fn entry_time(entry: &Entry) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(&entry.time, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::CallerRecord;
    use time::macros::datetime;

    fn entry(action: &str, result: UserResult) -> Entry {
        Entry {
            time: "2026-12-03T09:01:00Z".into(),
            os_user: "anna".into(),
            profile: None,
            tenant: "t".into(),
            customer: None,
            credentials: None,
            ticket: None,
            action: action.into(),
            users: vec![result],
        }
    }

    #[test]
    fn a_confirmation_is_recorded_in_words_with_the_clock_time() {
        let at = datetime!(2026-12-03 10:07:59 +01:00);
        let result = confirmed_working("alice@example.com", at, "Approve\u{1b}[31m");
        assert_eq!(result.outcome.as_deref(), Some("signed in at 10:07 by Approve"));
        assert!(result.ok && result.error.is_none());
        let json = serde_json::to_string(&entry(CONFIRMED_WORKING, result)).unwrap();
        assert!(
            json.contains(
                r#""action":"confirmed working","users":[{"user":"alice@example.com","ok":true,"outcome":"signed in at 10:07 by Approve"}]"#
            ),
            "{json}"
        );
        assert_eq!(kind(CONFIRMED_WORKING), Kind::Confirmation);
    }

    #[test]
    fn actions_are_reads_verifying_confirmations_or_changes() {
        assert_eq!(kind("lookup"), Kind::Read);
        assert_eq!(kind("sign-in activity"), Kind::Read);
        assert_eq!(kind(VERIFIED_CALLER), Kind::Verifying);
        assert_eq!(kind("start live verification"), Kind::Verifying);
        assert_eq!(kind("unlock methods"), Kind::Change);
        assert_eq!(kind("generate enrollment codes"), Kind::Change);
    }

    #[test]
    fn a_verification_is_read_from_the_stamp_or_else_the_words() {
        let stamp = CallerRecord {
            how: "override".into(),
            at: "2026-12-03T08:59:00Z".into(),
            reason: Some("manager approved".into()),
        };
        let stamped = entry(
            "unlock methods",
            UserResult { caller: Some(stamp), ..UserResult::ok("a@x.com") },
        );
        let v = Verification::of(&stamped, &stamped.users[0]).unwrap();
        assert_eq!((v.how.as_str(), v.at), ("override", datetime!(2026-12-03 08:59 UTC)));
        assert_eq!(v.words(), "override (manager approved)");
        let plain = entry("unlock methods", UserResult::ok("a@x.com"));
        assert_eq!(Verification::of(&plain, &plain.users[0]), None, "no stamp, no verification");
        let words = |outcome: &str| {
            let e = entry(VERIFIED_CALLER, UserResult::ok("a@x.com").with_outcome(outcome));
            Verification::of(&e, &e.users[0]).map(|v| (v.how, v.reason, v.at))
        };
        let at = datetime!(2026-12-03 09:01 UTC);
        assert_eq!(words("Live Verification"), Some(("live".into(), None, at)));
        assert_eq!(words("sign-in from a registered device"), Some(("sign-in".into(), None, at)));
        assert_eq!(
            words("override: seen in person"),
            Some(("override".into(), Some("seen in person".into()), at))
        );
        assert_eq!(words("something else"), None);
    }
}
