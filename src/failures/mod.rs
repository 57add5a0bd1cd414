//! The tenant's failures now: the failed sign-ins of the User Event Log, grouped by cause
//! (event code), by application or by source address, each group with its count and the
//! users behind it. Pure: the console's Failures screen and `casdesk failures` both use it.
//!
//! A failure is an authentication event (not an administrator's doing) that failed, was
//! denied or locked a method: by its level (`WARN`, `ERROR`) or its code's words. Text from the
//! service is sanitised here, once, so every reader draws or prints it as is.

use crate::api::{AuthLogEntry, UserEventEntry};
use crate::text::sanitize_excerpt;
use std::collections::HashMap;
use time::OffsetDateTime;

mod locks;
#[cfg(test)]
mod tests;

pub use locks::{Lock, lock_states};

/// Shown for a value the service left out, so such failures still form a group.
pub const NO_CODE: &str = "(no event code)";
pub const NO_APPLICATION: &str = "(no application)";
pub const NO_SOURCE: &str = "(no source address)";

/// One failed sign-in, its text sanitised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedSignIn {
    pub at: Option<OffsetDateTime>,
    /// The user's address (or username, or id when the log names them no other way).
    pub who: String,
    pub code: String,
    pub description: String,
    pub application: String,
    pub source: String,
}

/// What failures are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grouping {
    Cause,
    Application,
    Source,
}

impl Grouping {
    pub const ALL: [Grouping; 3] = [Grouping::Cause, Grouping::Application, Grouping::Source];

    /// As `--group` spells it and the screen names it.
    pub fn word(self) -> &'static str {
        match self {
            Self::Cause => "cause",
            Self::Application => "application",
            Self::Source => "source",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.word().eq_ignore_ascii_case(text.trim()))
    }

    fn key(self, f: &FailedSignIn) -> &str {
        match self {
            Self::Cause => &f.code,
            Self::Application => &f.application,
            Self::Source => &f.source,
        }
    }
}

/// The failures that share a cause, an application or a source address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub key: String,
    /// For a cause: the newest failure's description (the code's words); else empty.
    pub description: String,
    pub count: usize,
    /// Most failures first, then by name.
    pub users: Vec<GroupUser>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupUser {
    pub who: String,
    pub failures: usize,
    pub lock: Lock,
}

impl Group {
    /// The users of the group the log shows locked now: what a bulk unlock from it takes.
    pub fn locked_users(&self) -> Vec<String> {
        self.users.iter().filter(|u| u.lock == Lock::Locked).map(|u| u.who.clone()).collect()
    }
}

/// Whether an entry is a failed (or refused, or locking) sign-in.
pub fn is_failure(e: &AuthLogEntry) -> bool {
    let code = e.event_code.as_deref().unwrap_or("").to_ascii_uppercase();
    let admin = e.event_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("ADMINISTRATION"))
        || code.starts_with("ADMIN_");
    if admin || code.contains("SUCCESS") || code.contains("UNLOCK") {
        return false;
    }
    let level = e.event_level.as_deref().unwrap_or("").to_ascii_uppercase();
    matches!(level.as_str(), "WARN" | "WARNING" | "ERROR")
        || ["FAIL", "DENIED", "DENY", "LOCKED", "REJECT"].iter().any(|w| code.contains(w))
}

/// Who an entry is about, sanitised as every reader shows it (`None`: the log names nobody).
pub(crate) fn who_of(e: &UserEventEntry) -> Option<String> {
    e.who().map(|w| sanitize_excerpt(w, 120)).filter(|w| !w.is_empty())
}

/// The failures among `entries` (newest first as the log gives them), sanitised.
pub fn failures_of(entries: &[UserEventEntry]) -> Vec<FailedSignIn> {
    let text = |v: Option<&str>, missing: &str| {
        let clean = v.map(|v| sanitize_excerpt(v.trim(), 120)).unwrap_or_default();
        if clean.is_empty() { missing.to_string() } else { clean }
    };
    entries
        .iter()
        .filter(|e| is_failure(&e.event))
        .map(|e| FailedSignIn {
            at: e.event.logged_at(),
            who: who_of(e).unwrap_or_else(|| "(unnamed user)".into()),
            code: text(e.event.event_code.as_deref(), NO_CODE),
            description: text(e.event.event_description.as_deref(), ""),
            application: text(e.event.application.as_deref(), NO_APPLICATION),
            source: text(e.event.source_ip_address.as_deref(), NO_SOURCE),
        })
        .collect()
}

/// `failures` grouped `by`: every failure in exactly one group; the biggest groups first
/// (then by key), each group's users with the most failures first (then by name).
pub fn group(failures: &[FailedSignIn], by: Grouping, locks: &HashMap<String, Lock>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for f in failures {
        let key = by.key(f);
        let index = *at.entry(key).or_insert_with(|| {
            groups.push(Group {
                key: key.to_string(),
                // Failures come newest first: the first one's words are the newest.
                description: if by == Grouping::Cause {
                    f.description.clone()
                } else {
                    String::new()
                },
                count: 0,
                users: Vec::new(),
            });
            groups.len() - 1
        });
        let group = &mut groups[index];
        group.count += 1;
        match group.users.iter_mut().find(|u| u.who == f.who) {
            Some(user) => user.failures += 1,
            None => group.users.push(GroupUser {
                who: f.who.clone(),
                failures: 1,
                lock: locks.get(&f.who).copied().unwrap_or(Lock::NotSeen),
            }),
        }
    }
    for g in &mut groups {
        g.users.sort_by(|a, b| b.failures.cmp(&a.failures).then_with(|| a.who.cmp(&b.who)));
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    groups
}

/// The different users among `failures`.
pub fn users_failing(failures: &[FailedSignIn]) -> usize {
    failures.iter().map(|f| f.who.as_str()).collect::<std::collections::HashSet<_>>().len()
}
