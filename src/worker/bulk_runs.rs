//! Generate and void runs for the worker: through the bulk engine, journaled, and resumed
//! from a journal; each call's outcomes audited before the console hears of them.

use super::Records;
use crate::api::Client;
use crate::bulk::UserOutcome;
use crate::bulk::journal::{Journal, RecordedRun, RunHeader};
use crate::bulk::{Cancel, EngineConfig, Event, Operation};
use crate::clock::now_rfc3339;
use crate::messages::{ApiOutcome, Failure, Msg, RequestId};
use tokio::sync::mpsc::UnboundedSender;

/// A generate or void run through the bulk engine, journaled when there is somewhere to keep
/// the journal (a journal that cannot be started is said, and the run goes on without one).
pub(super) async fn run_bulk(
    client: &Client,
    op: Operation,
    emails: Vec<String>,
    cancel: &Cancel,
    id: RequestId,
    tx: &UnboundedSender<Msg>,
    records: &Records,
) {
    let header = RunHeader {
        run_id: uuid::Uuid::new_v4().to_string(),
        started: now_rfc3339(),
        tenant: crate::bulk::journal::tenant_id(client),
        operation: op.clone(),
        users: emails.clone(),
    };
    let mut journal =
        records.journal_dir.as_ref().and_then(|dir| Journal::create(dir, &header).ok());
    let action = op.describe();
    let mut emit = |event| forward(event, id, tx, records, &action);
    crate::bulk::run(
        client,
        &op,
        emails,
        &EngineConfig::default(),
        cancel,
        journal.as_mut(),
        &mut emit,
    )
    .await;
}

/// An interrupted run: its earlier outcomes first, then the users still to send.
pub(super) async fn resume_bulk(
    client: &Client,
    run: RecordedRun,
    cancel: &Cancel,
    id: RequestId,
    tx: &UnboundedSender<Msg>,
    records: &Records,
) {
    let send = |outcomes, last| {
        let _ = tx.send(Msg::Api(id, ApiOutcome::Batch { outcomes, last }));
    };
    let (mut journal, prepared) = match crate::bulk::resume::prepare(&run, &now_rfc3339()) {
        Ok(ready) => ready,
        Err(e) => {
            let failure = Failure::new(format!(
                "not sent: the run journal {} could not be reopened ({e})",
                run.path.display()
            ));
            let left = run.to_send();
            send(left.iter().map(|u| UserOutcome::failed(u, failure.clone())).collect(), true);
            return;
        }
    };
    let nothing_left = prepared.to_send.is_empty();
    send(prepared.earlier, nothing_left);
    if nothing_left {
        let _ = journal.finish(false);
        return;
    }
    let op = run.header.operation.clone();
    let action = op.describe();
    let mut emit = |event| forward(event, id, tx, records, &action);
    let config = EngineConfig::default();
    crate::bulk::run(client, &op, prepared.to_send, &config, cancel, Some(&mut journal), &mut emit)
        .await;
}

/// One engine event to the console, each call's outcomes recorded in the audit trail first
/// (users never sent are not actions, so they are not recorded).
fn forward(
    event: Event,
    id: RequestId,
    tx: &UnboundedSender<Msg>,
    records: &Records,
    action: &str,
) {
    let msg = match event {
        Event::Batch { outcomes, last } => {
            let sent = crate::audit::sent(&outcomes);
            if !sent.is_empty() {
                records.audit(tx, action, sent);
            }
            Msg::Api(id, ApiOutcome::Batch { outcomes, last })
        }
        Event::Retrying(notice) => Msg::Retrying(id, notice),
    };
    let _ = tx.send(msg);
}
