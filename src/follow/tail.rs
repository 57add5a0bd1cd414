//! What is new in the log since the last read, each event once.
//!
//! The first read asks for the latest events with no time filter: what is there is the
//! *baseline* (it was in the log when following began). Every later read asks for the events
//! after the newest one seen, less [`OVERLAP`], so an event the service writes a little late
//! (stamped before the newest seen) is still found; the overlap is read again each time and
//! the events already seen in it are dropped by key. Times come from the service's own events,
//! never from this machine's clock, so a clock that is off does not hide anything.
//!
//! The key is the event id; an event without one is keyed by everything it says (time, code,
//! words, method, device, addresses, transaction), so two events that share a timestamp are
//! still two, and only two events identical in every field would be taken for one.

use super::event::Followed;
use crate::api::{AuthLogEntry, AuthLogQuery, MAX_AUTH_LOG_EVENTS};
use std::collections::HashMap;
use time::OffsetDateTime;

/// How far back each read looks behind the newest event seen.
pub const OVERLAP: time::Duration = time::Duration::minutes(5);

#[derive(Debug, Default)]
pub struct Tail {
    primed: bool,
    /// Keys of the events seen, with their times (kept while they can come back in a read).
    seen: HashMap<String, Option<OffsetDateTime>>,
    newest: Option<OffsetDateTime>,
}

/// What one read brought.
#[derive(Debug)]
pub struct Taken {
    /// The events not seen before, oldest first (those without a readable time last).
    pub new: Vec<Followed>,
    /// This was the first read: its events were already in the log when following began.
    pub baseline: bool,
    /// The answer was full (the service sends at most 100) and held nothing seen before, so
    /// events between this read and the last may not have been sent.
    pub may_have_missed: bool,
}

impl Tail {
    pub fn new() -> Self {
        Self::default()
    }

    /// What to ask the log for next.
    pub fn query(&self) -> AuthLogQuery {
        AuthLogQuery {
            start_time_after: self.newest.map(|t| t - OVERLAP),
            ..AuthLogQuery::default()
        }
    }

    /// Takes one answer (newest first, as the service sends it).
    pub fn take(&mut self, entries: Vec<AuthLogEntry>) -> Taken {
        let baseline = !self.primed;
        self.primed = true;
        let full = entries.len() >= MAX_AUTH_LOG_EVENTS;
        let mut new = Vec::new();
        let mut any_seen = false;
        for entry in entries.into_iter().rev() {
            let key = key_of(&entry);
            if self.seen.contains_key(&key) {
                any_seen = true;
                continue;
            }
            let event = Followed::new(entry);
            self.seen.insert(key, event.at);
            if let Some(at) = event.at {
                self.newest = Some(self.newest.map_or(at, |n| n.max(at)));
            }
            new.push(event);
        }
        // Stable: events of the same moment keep the order the service gave them.
        new.sort_by_key(|e| (e.at.is_none(), e.at));
        self.forget_what_cannot_come_back();
        Taken { new, baseline, may_have_missed: !baseline && full && !any_seen }
    }

    /// Events older than the next read's window are not sent again; events without a time
    /// are kept (they are rare, and may be sent again at any time).
    fn forget_what_cannot_come_back(&mut self) {
        if let Some(newest) = self.newest {
            let horizon = newest - OVERLAP * 2;
            self.seen.retain(|_, at| at.is_none_or(|t| t >= horizon));
        }
    }
}

fn key_of(e: &AuthLogEntry) -> String {
    match e.event_id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => format!("id:{id}"),
        None => {
            let parts = [
                &e.event_log_date,
                &e.event_code,
                &e.event_description,
                &e.method,
                &e.device_id,
                &e.device_name,
                &e.source_ip_address,
                &e.application,
                &e.transaction_id,
                &e.user_activity_id,
            ];
            let text: Vec<&str> = parts.iter().map(|p| p.as_deref().unwrap_or("")).collect();
            format!("fields:{}", text.join("\u{1f}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::event::sample::entry;
    use super::*;
    use time::macros::datetime;

    fn ids(taken: &Taken) -> Vec<String> {
        taken.new.iter().map(|e| e.entry.event_id.clone().unwrap_or_default()).collect()
    }

    #[test]
    fn the_first_read_is_the_baseline_and_later_reads_bring_only_what_is_new() {
        let mut tail = Tail::new();
        assert_eq!(tail.query(), AuthLogQuery::default(), "the latest events, no filter");
        let old = entry("a", "2025-03-04T09:00:00Z", "AUTHN_SUCCESS", "TOKEN");
        let first = tail.take(vec![old.clone()]);
        assert!(first.baseline && ids(&first) == ["a"]);
        assert_eq!(tail.query().start_time_after, Some(datetime!(2025-03-04 08:55 UTC)));
        // Two events in the same millisecond, one read apart: both are news, each once.
        let b = entry("b", "2025-03-04T09:01:00.000Z", "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN");
        let c = entry("c", "2025-03-04T09:01:00.000Z", "AUTHN_METHOD_LOCKED", "TOKEN");
        let second = tail.take(vec![b.clone(), old.clone()]);
        assert!(!second.baseline && ids(&second) == ["b"], "{:?}", ids(&second));
        let third = tail.take(vec![c.clone(), b.clone(), old.clone()]);
        assert_eq!(ids(&third), ["c"]);
        assert!(tail.take(vec![c, b, old]).new.is_empty());
    }

    #[test]
    fn an_event_written_late_is_still_found_and_new_ones_come_oldest_first() {
        let mut tail = Tail::new();
        tail.take(vec![entry("x", "2025-03-04T09:10:00Z", "AUTHN_SUCCESS", "TOKEN")]);
        // Stamped two minutes before the newest seen, but only written now.
        let late = entry("late", "2025-03-04T09:08:00Z", "AUTHN_SUCCESS", "APPROVE");
        let next = entry("next", "2025-03-04T09:11:00Z", "AUTHN_SUCCESS", "APPROVE");
        let taken = tail.take(vec![next, late]);
        assert_eq!(ids(&taken), ["late", "next"]);
    }

    #[test]
    fn events_without_an_id_are_told_apart_by_what_they_say() {
        let mut tail = Tail::new();
        tail.take(Vec::new());
        let wrong = entry("", "2025-03-04T09:01:00Z", "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN");
        let locked = entry("", "2025-03-04T09:01:00Z", "AUTHN_METHOD_LOCKED", "TOKEN");
        assert_eq!(tail.take(vec![wrong.clone()]).new.len(), 1);
        let taken = tail.take(vec![locked, wrong]);
        assert_eq!(taken.new.len(), 1, "same time, different event");
        assert_eq!(taken.new[0].entry.event_code.as_deref(), Some("AUTHN_METHOD_LOCKED"));
    }

    #[test]
    fn a_full_answer_with_nothing_seen_before_may_have_missed_some() {
        let mut tail = Tail::new();
        tail.take(vec![entry("0", "2025-03-04T09:00:00Z", "AUTHN_SUCCESS", "TOKEN")]);
        let burst: Vec<AuthLogEntry> = (1..=MAX_AUTH_LOG_EVENTS)
            .rev()
            .map(|i| {
                let at = format!("2025-03-04T09:0{}:{:02}Z", 1 + i / 60, i % 60);
                entry(&i.to_string(), &at, "AUTHN_FAILED_INVALID_TOKENCODE", "TOKEN")
            })
            .collect();
        let taken = tail.take(burst);
        assert!(taken.may_have_missed && taken.new.len() == MAX_AUTH_LOG_EVENTS);
        assert!(!tail.take(Vec::new()).may_have_missed);
    }
}
