//! The audit record's entries as calls: the rule `casdesk stats` counts by (see the module's
//! comment in `mod.rs`, and the README).

use crate::audit::{Entry, UserResult};
use crate::call_record::{Kind, Verification, entry_time, kind};
use std::collections::HashMap;
use time::{Duration, OffsetDateTime};

/// Events of one user by one operator further apart than this are two calls (unless one
/// ticket joins them).
pub const GAP: Duration = Duration::minutes(30);

/// One user's result in an entry.
#[derive(Clone, Copy, Debug)]
pub struct Event<'e> {
    pub at: OffsetDateTime,
    pub entry: &'e Entry,
    pub result: &'e UserResult,
}

/// One call: a user's events, oldest first.
#[derive(Clone, Debug)]
pub struct Call<'e> {
    /// The user's address, lower case.
    pub user: String,
    pub ticket: Option<String>,
    pub events: Vec<Event<'e>>,
}

/// The calls in `entries` from `since` on, and how many entries were left out as not about
/// one caller (several users at once: a bulk run or a list).
pub fn calls(entries: &[Entry], since: Option<OffsetDateTime>) -> (Vec<Call<'_>>, usize) {
    let mut events = Vec::new();
    let mut bulk = 0;
    for entry in entries {
        let Some(at) = entry_time(entry).filter(|at| since.is_none_or(|s| *at >= s)) else {
            continue;
        };
        match entry.users.as_slice() {
            // Being among a search's matches is not being on the phone.
            [_] if entry.action == "search" => {}
            // Reading every user's sign-ins is not a call about one of them.
            [_] if entry.action == crate::call_record::USER_EVENT_LOG => {}
            // A report is of the whole tenant, not a call about someone.
            [_] if crate::reports::is_report_action(&entry.action) => {}
            [result] => events.push(Event { at, entry, result }),
            _ => bulk += 1,
        }
    }
    events.sort_by_key(|e| e.at);
    let mut calls: Vec<Call> = Vec::new();
    // Each user and operator's latest call and event time; each ticket and user's call.
    let mut open: HashMap<(String, &str), (usize, OffsetDateTime)> = HashMap::new();
    let mut by_ticket: HashMap<(&str, String), usize> = HashMap::new();
    for event in events {
        let user = event.result.user.trim().to_lowercase();
        let key = (user.clone(), event.entry.os_user.as_str());
        let recent = open.get(&key).filter(|(_, last)| event.at - *last <= GAP).map(|(i, _)| *i);
        let index = match event.entry.ticket.as_deref() {
            Some(ticket) => match by_ticket.get(&(ticket, user.clone())) {
                Some(index) => *index,
                // The ticket given during a call that had none yet: that call's ticket.
                None => {
                    let index = match recent.filter(|i| calls[*i].ticket.is_none()) {
                        Some(index) => index,
                        None => new_call(&mut calls, &user),
                    };
                    calls[index].ticket = Some(ticket.to_string());
                    by_ticket.insert((ticket, user.clone()), index);
                    index
                }
            },
            None => match recent {
                Some(index) => index,
                None => new_call(&mut calls, &user),
            },
        };
        calls[index].events.push(event);
        open.insert(key, (index, event.at));
    }
    (calls, bulk)
}

fn new_call(calls: &mut Vec<Call>, user: &str) -> usize {
    calls.push(Call { user: user.to_string(), ticket: None, events: Vec::new() });
    calls.len() - 1
}

impl Call<'_> {
    /// The first verification the call's events record.
    pub fn verification(&self) -> Option<Verification> {
        self.events.iter().find_map(|e| Verification::of(e.entry, e.result))
    }

    pub fn changed(&self) -> bool {
        self.last_change().is_some()
    }

    fn last_change(&self) -> Option<&Event<'_>> {
        self.events.iter().rev().find(|e| kind(&e.entry.action) == Kind::Change)
    }

    /// The fix confirmed working: the kind of the last change (the action's record name),
    /// and the time from the first lookup (else the call's first event) to the first
    /// confirmation at or after that change. `None` when nothing changed, or the last change
    /// was not confirmed.
    pub fn confirmed_fix(&self) -> Option<(String, Duration)> {
        let change = self.last_change()?;
        let confirmed = self.events.iter().find(|e| {
            kind(&e.entry.action) == Kind::Confirmation && e.result.ok && e.at >= change.at
        })?;
        let before = || self.events.iter().take_while(|e| e.at <= confirmed.at);
        let start = before().find(|e| e.entry.action == "lookup").or(self.events.first())?;
        Some((change.entry.action.clone(), confirmed.at - start.at))
    }
}
