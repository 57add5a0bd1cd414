//! One driver for every list a command runs (codes generated or voided, a per-user action for
//! each user): the bulk engine with a progress bar, Ctrl-C cancelling, each unit audited as it
//! settles and its rows written through to the `-o` file, then every user's row in input order.

use super::Progress;
use super::record::Record;
use super::rows_as_settled::RowsAsSettled;
use crate::cli::tenant::Tenant;
use casdesk::bulk::journal::Journal;
use casdesk::bulk::{Cancel, EngineConfig, Event, Failure, Settled, Work};
use casdesk::userlist::address_key;
use std::collections::{HashMap, HashSet};

/// What a run ended with: each user's outcome by address key, and the answers' elements that
/// named nobody asked for (kept apart: one may name a user of the run a second time).
pub(super) struct RunOutcomes<O> {
    pub by_user: HashMap<String, O>,
    pub strays: Vec<O>,
}

impl<O> Default for RunOutcomes<O> {
    fn default() -> Self {
        Self { by_user: HashMap::new(), strays: Vec::new() }
    }
}

/// How one run is driven and shown.
pub(super) struct Drive<'a, O> {
    pub tenant: &'a Tenant,
    pub config: EngineConfig,
    /// Each outcome as a result row.
    pub row: &'a (dyn Fn(&O) -> Record + Sync),
    pub rows: &'a mut RowsAsSettled,
    /// A resumed run's users whose call was in flight when it stopped (address keys).
    pub in_doubt: HashSet<String>,
}

/// Runs the engine with a progress bar, Ctrl-C cancelling; returns each user's outcome.
pub(super) async fn drive<W: Work>(
    work: &W,
    users: Vec<String>,
    journal: Option<&mut Journal>,
    how: Drive<'_, W::Outcome>,
) -> RunOutcomes<W::Outcome> {
    let Drive { tenant, config, row, rows, in_doubt } = how;
    let cancel = Cancel::default();
    let watcher = super::cancel_on_ctrl_c(&cancel);
    let mut progress = Progress::new(users.len());
    let mut outcomes = RunOutcomes::default();
    let action = work.describe();
    let mut emit = |event| {
        if let Event::Batch { outcomes: batch, .. } = event {
            let batch: Vec<W::Outcome> =
                batch.into_iter().map(|o| casdesk::bulk::resume::settled(&in_doubt, o)).collect();
            let sent = W::Outcome::audited(&batch);
            if !sent.is_empty() {
                tenant.record(&action, sent);
            }
            let (strays, users): (Vec<_>, Vec<_>) = batch.into_iter().partition(|o| o.is_stray());
            progress.advance(users.len());
            for outcome in users.iter().chain(&strays) {
                rows.push(&row(outcome));
            }
            outcomes.strays.extend(strays);
            for outcome in users {
                outcomes.by_user.insert(address_key(outcome.email()), outcome);
            }
        }
    };
    let report =
        casdesk::bulk::run(&tenant.client, work, users, &config, &cancel, journal, &mut emit).await;
    progress.finish();
    watcher.abort();
    if let Some(e) = &report.journal_error {
        eprintln!(
            "casdesk: the run journal could not be written ({e}); the run stopped early and can be finished with `casdesk resume`"
        );
    }
    if report.throttled > 0 {
        eprintln!(
            "casdesk: the service throttled {} call(s); the run slowed down to match",
            report.throttled
        );
    }
    outcomes
}

/// Appends one record per user of `order` (the run's users, in input order), then one per
/// stray; returns how many need attention (failed, in doubt, unrecognised, or a stray).
pub(super) fn write_in_order<O: Settled>(
    order: &[String],
    mut outcomes: RunOutcomes<O>,
    row: &(dyn Fn(&O) -> Record + Sync),
    records: &mut Vec<Record>,
) -> usize {
    let users = order.iter().map(|email| {
        outcomes
            .by_user
            .remove(&address_key(email))
            .unwrap_or_else(|| O::failed(email, Failure::new("no outcome recorded for this user")))
    });
    let mut attention = 0;
    for outcome in users.chain(outcomes.strays) {
        attention += usize::from(outcome.needs_attention());
        records.push(row(&outcome));
    }
    attention
}
