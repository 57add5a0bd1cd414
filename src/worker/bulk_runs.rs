//! Bulk runs for the worker, of every kind (codes generated or voided, a per-user action for
//! each user of a list): through the one bulk engine, journaled, and resumed from a journal;
//! each unit's outcomes audited before the console hears of them.

use super::Records;
use crate::actions::ActionOutcome;
use crate::api::Client;
use crate::bulk::journal::{Journal, RecordedRun, RunHeader};
use crate::bulk::resume::{Prepared, settled};
use crate::bulk::{Cancel, EngineConfig, Event, RunOf, Settled, UserOutcome, Work};
use crate::clock::now_rfc3339;
use crate::messages::{ApiOutcome, Failure, Msg, RequestId};
use tokio::sync::mpsc::UnboundedSender;

/// How a kind of run's outcomes reach the console.
pub(super) trait Reported: Settled + Sized {
    fn to_console(outcomes: Vec<Self>, last: bool) -> ApiOutcome;
}

impl Reported for UserOutcome {
    fn to_console(outcomes: Vec<Self>, last: bool) -> ApiOutcome {
        ApiOutcome::Batch { outcomes, last }
    }
}

impl Reported for ActionOutcome {
    fn to_console(outcomes: Vec<Self>, last: bool) -> ApiOutcome {
        ApiOutcome::Each { outcomes, last }
    }
}

/// A run through the bulk engine, journaled when there is somewhere to keep the journal (a
/// journal that cannot be started is said in the log, and the run goes on without one).
pub(super) async fn run_bulk<W: Work>(
    client: &Client,
    work: W,
    emails: Vec<String>,
    cancel: &Cancel,
    (id, tx): (RequestId, &UnboundedSender<Msg>),
    records: &Records,
) where
    W::Outcome: Reported,
    RunOf: From<W>,
{
    let header = RunHeader {
        run_id: uuid::Uuid::new_v4().to_string(),
        started: now_rfc3339(),
        tenant: crate::bulk::journal::tenant_id(client),
        operation: RunOf::from(work.clone()),
        users: emails.clone(),
    };
    let mut journal = records.journal_dir.as_ref().and_then(|dir| {
        Journal::create(dir, &header)
            .inspect_err(|e| tracing::warn!(error = %e, "the run journal could not be started"))
            .ok()
    });
    let action = work.describe();
    let mut emit = |event| forward(event, id, tx, records, &action);
    let config = EngineConfig::default();
    crate::bulk::run(client, &work, emails, &config, cancel, journal.as_mut(), &mut emit).await;
}

/// An interrupted run of any kind.
pub(super) async fn resume_bulk(
    client: &Client,
    run: RecordedRun,
    cancel: &Cancel,
    to: (RequestId, &UnboundedSender<Msg>),
    records: &Records,
) {
    match run.header.operation.clone() {
        RunOf::Codes(op) => resume(client, op, &run, cancel, to, records).await,
        RunOf::Each { action } => resume(client, action, &run, cancel, to, records).await,
    }
}

/// Its earlier outcomes first, then the users still to send.
async fn resume<W: Work>(
    client: &Client,
    work: W,
    run: &RecordedRun,
    cancel: &Cancel,
    (id, tx): (RequestId, &UnboundedSender<Msg>),
    records: &Records,
) where
    W::Outcome: Reported,
{
    let send = |outcomes, last| {
        let _ = tx.send(Msg::Api(id, W::Outcome::to_console(outcomes, last)));
    };
    let (mut journal, mut prepared): (Journal, Prepared<W::Outcome>) =
        match crate::bulk::resume::prepare(run, &now_rfc3339()) {
            Ok(ready) => ready,
            Err(e) => {
                let failure = Failure::new(format!(
                    "not sent: the run journal {} could not be reopened ({e})",
                    run.path.display()
                ));
                let left = run.to_send();
                send(left.iter().map(|u| W::Outcome::failed(u, failure.clone())).collect(), true);
                return;
            }
        };
    let nothing_left = prepared.to_send.is_empty();
    send(std::mem::take(&mut prepared.earlier), nothing_left);
    let to_send = std::mem::take(&mut prepared.to_send);
    let in_doubt = std::mem::take(&mut prepared.in_doubt);
    if nothing_left {
        let _ = journal.finish(false);
        return;
    }
    let action = work.describe();
    let mut emit = |event| match event {
        Event::Batch { outcomes, last } => forward(
            Event::Batch {
                outcomes: outcomes.into_iter().map(|o| settled(&in_doubt, o)).collect(),
                last,
            },
            id,
            tx,
            records,
            &action,
        ),
        other => forward(other, id, tx, records, &action),
    };
    let config = EngineConfig::default();
    crate::bulk::run(client, &work, to_send, &config, cancel, Some(&mut journal), &mut emit).await;
}

/// One engine event to the console, each unit's outcomes recorded in the audit trail first.
fn forward<O: Reported>(
    event: Event<O>,
    id: RequestId,
    tx: &UnboundedSender<Msg>,
    records: &Records,
    action: &str,
) {
    let msg = match event {
        Event::Batch { outcomes, last } => {
            let sent = O::audited(&outcomes);
            if !sent.is_empty() {
                records.audit(tx, action, sent);
            }
            Msg::Api(id, O::to_console(outcomes, last))
        }
        Event::Retrying(notice) => Msg::Retrying(id, notice),
    };
    let _ = tx.send(msg);
}
