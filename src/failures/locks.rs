//! Whether a user is locked now, as far as the event log shows: a method locked by a failure
//! and not unlocked since. The log is all there is on this screen (no lookup per user), so
//! the state is the log's, named as such; Lookup shows the service's own.

use crate::api::UserEventEntry;
use std::collections::{HashMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lock {
    /// A method locked and not unlocked since.
    Locked,
    /// Locked earlier in the range, unlocked since.
    Unlocked,
    /// No lock or unlock in the range.
    NotSeen,
}

impl Lock {
    /// As printed and drawn (a word, never a colour alone).
    pub fn word(self) -> &'static str {
        match self {
            Self::Locked => "locked",
            Self::Unlocked => "unlocked",
            Self::NotSeen => "-",
        }
    }
}

/// Each user's lock state from `entries` (newest first, as the log gives them), by the name
/// [`UserEventEntry::who`] gives. A lock or unlock without a method counts for every method.
pub fn lock_states(entries: &[UserEventEntry]) -> HashMap<String, Lock> {
    let mut locked: HashMap<String, HashSet<String>> = HashMap::new();
    let mut states = HashMap::new();
    for e in entries.iter().rev() {
        let Some(who) = super::who_of(e) else { continue };
        let code = e.event.event_code.as_deref().unwrap_or("").to_ascii_uppercase();
        let method = e.event.method.as_deref().unwrap_or("*").to_ascii_uppercase();
        let methods = locked.entry(who.clone()).or_default();
        if code.contains("UNLOCKED") {
            if method == "*" {
                methods.clear();
            } else {
                methods.remove(&method);
                methods.remove("*");
            }
            states.insert(who.clone(), ());
        } else if code.contains("LOCKED") && !code.starts_with("ADMIN_") {
            methods.insert(method);
            states.insert(who.clone(), ());
        }
    }
    states
        .into_keys()
        .map(|who| {
            let lock = if locked.get(&who).is_some_and(|m| !m.is_empty()) {
                Lock::Locked
            } else {
                Lock::Unlocked
            };
            (who, lock)
        })
        .collect()
}
