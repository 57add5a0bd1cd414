//! `casdesk stats`: the figures a team lead wants, from the audit record (issue 21 item 7).
//! Pure: entries in, figures out; the command (`cli/headless/stats.rs`) reads and prints.
//!
//! **A call** is one user's actions (by address, whatever its case) as the record keeps them:
//!
//! - an entry naming one user is part of that user's call; an entry naming several (a bulk run,
//!   a list) is no one's call and is left out (and counted as such); so is a search, whose
//!   matches were shown, not on the phone;
//! - with a ticket, the ticket is the call: every entry of that user under that ticket, however
//!   far apart and whoever acted (a ticket given after the lookup that began the call joins it:
//!   an entry without a ticket within 30 minutes before it, by the same operator, is part of it);
//! - without one, a call is one operator's entries for the user, each within 30 minutes
//!   ([`GAP`]) of the one before; a longer pause begins another call.
//!
//! **Verified**: a call's first recorded verification (`call_record::Verification`: the
//! `caller` stamp, or a verified-caller entry): `live`, `sign-in` or `override`; else `none`.
//! **Confirmed fix**: a call whose last change was followed by a confirmed-working entry; the
//! time is from the call's first lookup (else its first entry) to that confirmation, grouped
//! by the kind of the last change (the action's record name). **Overrides** are the calls
//! verified by an override, by reason.

mod calls;
mod figures;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

pub use calls::{Call, Event, GAP, calls};
pub use figures::{nearest_rank, shares};

use crate::audit::Entry;
use time::{Duration, OffsetDateTime};

/// The ways a call can be verified, in the order reported.
pub const WAYS: [&str; 4] = ["live", "sign-in", "override", "none"];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// The first and last entry counted.
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    pub calls: usize,
    pub with_ticket: usize,
    /// Calls that changed something (or tried to).
    pub with_change: usize,
    /// Of those, whose last change was confirmed working.
    pub confirmed: usize,
    /// Each of [`WAYS`], in order, with its share of the calls.
    pub verified: Vec<Share>,
    /// Per kind of fix, most calls first.
    pub to_fix: Vec<FixTimes>,
    /// Override reasons (as recorded), most calls first.
    pub overrides: Vec<(String, usize)>,
    /// Entries naming several users, left out.
    pub left_out: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub how: &'static str,
    pub calls: usize,
    /// Whole percent of all calls; the four add up to 100 (0 when there are no calls).
    pub percent: u32,
}

/// How long from the first lookup to the confirmed fix, for one kind of fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixTimes {
    pub kind: String,
    pub calls: usize,
    pub median: Duration,
    pub p90: Duration,
}

/// The figures for `entries` from `since` on (all of them without).
pub fn compute(entries: &[Entry], since: Option<OffsetDateTime>) -> Stats {
    let (calls, left_out) = calls(entries, since);
    let times = calls.iter().flat_map(|c| c.events.iter().map(|e| e.at));
    let mut ways = [0usize; 4];
    let mut overrides: Vec<(String, usize)> = Vec::new();
    let mut fixes: Vec<(String, Vec<Duration>)> = Vec::new();
    for call in &calls {
        let verified = call.verification();
        let way = verified.as_ref().map_or("none", |v| v.how.as_str());
        // A stamp of some other kind (a later casdesk's) counts as none of the three.
        ways[WAYS.iter().position(|w| *w == way).unwrap_or(3)] += 1;
        if let Some(reason) = verified.filter(|v| v.how == "override").map(|v| v.reason) {
            let reason = reason.unwrap_or_else(|| "no reason recorded".into());
            match overrides.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => overrides.push((reason, 1)),
            }
        }
        if let Some((kind, took)) = call.confirmed_fix() {
            match fixes.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, all)) => all.push(took),
                None => fixes.push((kind, vec![took])),
            }
        }
    }
    let percents = shares(&ways);
    let verified =
        (0..4).map(|i| Share { how: WAYS[i], calls: ways[i], percent: percents[i] }).collect();
    let mut to_fix: Vec<FixTimes> = fixes
        .into_iter()
        .map(|(kind, mut took)| {
            took.sort_unstable();
            let at = |p| nearest_rank(&took, p).unwrap_or_default();
            FixTimes { kind, calls: took.len(), median: at(50), p90: at(90) }
        })
        .collect();
    to_fix.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.kind.cmp(&b.kind)));
    overrides.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Stats {
        from: times.clone().min(),
        to: times.max(),
        calls: calls.len(),
        with_ticket: calls.iter().filter(|c| c.ticket.is_some()).count(),
        with_change: calls.iter().filter(|c| c.changed()).count(),
        confirmed: to_fix.iter().map(|f| f.calls).sum(),
        verified,
        to_fix,
        overrides,
        left_out,
    }
}
