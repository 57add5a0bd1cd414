//! One event of the user's log as following reports it: the entry, when it happened and its
//! plain words (from `activity::explain`), and the two questions every rule here asks of it:
//! is it the user's own sign-in, and did it go wrong.

use crate::activity::{Explained, Kind, explain, full_time, method_words};
use crate::api::AuthLogEntry;
use crate::text::sanitize_excerpt;
use time::{OffsetDateTime, UtcOffset};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Followed {
    /// When it happened by the service's clock (`None`: the date could not be read).
    pub at: Option<OffsetDateTime>,
    pub explained: Explained,
    pub entry: AuthLogEntry,
}

impl Followed {
    pub fn new(entry: AuthLogEntry) -> Self {
        Self { at: entry.logged_at(), explained: explain(&entry), entry }
    }

    /// Something an administrator did (or a Live Verification step): never the user signing in.
    pub fn is_admin(&self) -> bool {
        is_admin_event(&self.entry) || matches!(self.explained.kind, Kind::Admin | Kind::Unlocked)
    }

    /// The user signed in (a success, and not an administrator's event).
    pub fn is_sign_in(&self) -> bool {
        self.explained.kind == Kind::SignedIn && !self.is_admin()
    }

    /// The user tried and failed (or was refused, or a method locked).
    pub fn is_failure(&self) -> bool {
        self.explained.kind.is_failure() && !self.is_admin()
    }

    /// How the user signed in, as a person says it: "Approve push on \"iPhone 15\"".
    pub fn how(&self) -> String {
        let method = self.entry.method.as_deref().map_or("an unnamed method".into(), method_words);
        match clean(&self.entry.device_name, 40) {
            Some(device) => format!("{method} on \"{device}\""),
            None => method,
        }
    }

    /// One line for a terminal or a log, every part of it sanitised: time at `offset`, the
    /// status word, the plain words, then the device and application when the service named
    /// them. `2025-03-04 10:07:12 +01:00  OK      Signed in with Approve push (device "iPhone
    /// 15", Workday)`.
    pub fn line(&self, offset: UtcOffset) -> String {
        let time = match self.at {
            Some(t) => full_time(t, offset),
            None => clean(&self.entry.event_log_date, 40).unwrap_or_else(|| "(no time)".into()),
        };
        let word = self.explained.outcome().word();
        let mut extra = Vec::new();
        if let Some(device) = clean(&self.entry.device_name, 40) {
            extra.push(format!("device \"{device}\""));
        }
        if let Some(app) = clean(&self.entry.application, 40) {
            extra.push(app);
        }
        let plain = sanitize_excerpt(&self.explained.plain, 200);
        if extra.is_empty() {
            format!("{time}  {word:<6}  {plain}")
        } else {
            format!("{time}  {word:<6}  {plain} ({})", extra.join(", "))
        }
    }
}

/// An administration event by the service's own marks: an `ADMIN_` code, an event type naming
/// administration, or a user-management category.
pub fn is_admin_event(entry: &AuthLogEntry) -> bool {
    let upper = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_ascii_uppercase();
    upper(&entry.event_code).starts_with("ADMIN")
        || upper(&entry.event_type).contains("ADMIN")
        || upper(&entry.event_category).contains("MANAGEMENT")
        || upper(&entry.event_category).contains("ADMIN")
}

/// A field of the service's as one clean line, or `None` when it is missing or blank.
pub(super) fn clean(value: &Option<String>, max: usize) -> Option<String> {
    value.as_deref().map(|v| sanitize_excerpt(v, max)).filter(|v| !v.is_empty())
}

#[cfg(test)]
pub(super) mod sample {
    use crate::api::AuthLogEntry;

    /// An entry with a code, a method, a device id and a time (RFC 3339).
    pub fn entry(id: &str, at: &str, code: &str, method: &str) -> AuthLogEntry {
        AuthLogEntry {
            event_id: (!id.is_empty()).then(|| id.to_string()),
            event_log_date: Some(at.into()),
            event_code: Some(code.into()),
            method: (!method.is_empty()).then(|| method.to_string()),
            event_type: Some(
                if code.starts_with("ADMIN") { "ADMINISTRATION" } else { "AUTHENTICATION" }.into(),
            ),
            ..AuthLogEntry::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sample::entry;
    use super::*;
    use time::macros::offset;

    #[test]
    fn an_administrators_event_is_never_a_sign_in_whatever_its_words() {
        let ok = Followed::new(entry("1", "2025-03-04T09:00:00Z", "AUTHN_SUCCESS", "TOKEN"));
        assert!(ok.is_sign_in() && !ok.is_failure());
        let mut sneaky = entry("2", "2025-03-04T09:00:00Z", "E42", "");
        sneaky.event_description = Some("User authenticated successfully".into());
        sneaky.event_category = Some("USER_MANAGEMENT".into());
        assert!(!Followed::new(sneaky).is_sign_in(), "a management event does not count");
        let verified = entry("3", "2025-03-04T09:00:00Z", "ADMIN_LIVE_VERIFICATION_VERIFIED", "");
        assert!(!Followed::new(verified).is_sign_in());
        let failed =
            Followed::new(entry("4", "2025-03-04T09:00:00Z", "AUTHN_METHOD_LOCKED", "TOKEN"));
        assert!(failed.is_failure() && !failed.is_sign_in());
    }

    #[test]
    fn a_line_is_plain_words_and_never_the_services_raw_text() {
        let mut e = entry("1", "2025-03-04T09:07:12Z", "AUTHN_SUCCESS", "APPROVE");
        e.device_name = Some("iPhone\u{1b}]0;pwned\u{7} 15".into());
        e.application = Some("Work\u{1b}[2Jday".into());
        let f = Followed::new(e);
        assert_eq!(
            f.line(offset!(+01:00)),
            "2025-03-04 10:07:12 +01:00  OK      Signed in with Approve push (device \"iPhone 15\", Workday)"
        );
        assert_eq!(f.how(), "Approve push on \"iPhone 15\"");
        let mut odd = entry("", "soon\u{1b}[H", "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN");
        odd.application = None;
        let line = Followed::new(odd).line(offset!(UTC));
        assert!(line.starts_with("soon  FAILED  Wrong tokencode"), "{line}");
        assert!(!line.contains('\u{1b}'));
    }
}
