//! The bulk engine: sends a run's calls with bounded, adaptive concurrency, journals each
//! outcome before reporting it, and stops cleanly when cancelled (no new calls; the calls in
//! flight finish and are recorded; the users never sent are reported as such).

use super::adaptive::Adaptive;
use super::journal::Journal;
use super::outcome::{Failure, UserOutcome};
use super::work::{Pacer, Sent, Settled, Work};
use crate::api::{Client, MAX_USERS_PER_CALL, RetryNotice};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, mpsc};
use tokio::task::JoinSet;

#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Calls in the first round of slow start: one, as other operators' runs may be starting
    /// at the same moment (see `adaptive.rs`).
    pub initial_concurrency: usize,
    pub max_concurrency: usize,
    pub batch_size: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self { initial_concurrency: 1, max_concurrency: 16, batch_size: MAX_USERS_PER_CALL }
    }
}

#[derive(Debug)]
pub enum Event<O = UserOutcome> {
    /// One unit's users, each with its outcome (already in the journal). The final event has
    /// `last` set and carries the users never sent, if any.
    Batch { outcomes: Vec<O>, last: bool },
    /// A call is waiting to be sent again (most often: rate limited).
    Retrying(RetryNotice),
}

/// What a run took, for benchmarks and the command line's summary.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub calls: u64,
    pub throttled: u64,
    pub requeued: u64,
    pub peak_concurrency: usize,
    pub cancelled: bool,
    /// The journal could not be written; the run stopped and can be resumed.
    pub journal_error: Option<String>,
}

/// Asks a run to stop starting calls.
#[derive(Clone, Default)]
pub struct Cancel(Arc<(AtomicBool, Notify)>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.0.store(true, Ordering::SeqCst);
        self.0.1.notify_waiters();
    }

    /// Nobody holds this run's other end any more (the run is over).
    pub fn is_finished(&self) -> bool {
        Arc::strong_count(&self.0) == 1
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.0.load(Ordering::SeqCst)
    }

    /// Returns once the run is cancelled.
    pub async fn cancelled(&self) {
        let notified = self.0.1.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if !self.is_cancelled() {
            notified.await;
        }
    }
}

/// Runs `work` for `users`; `emit` sees every outcome once, after the journal has it. Each
/// unit's users are journaled as being sent before its call goes out, so a user whose call was
/// in flight when casdesk died is known.
pub async fn run<W: Work>(
    client: &Client,
    work: &W,
    users: Vec<String>,
    config: &EngineConfig,
    cancel: &Cancel,
    mut journal: Option<&mut Journal>,
    emit: &mut (dyn FnMut(Event<W::Outcome>) + Send),
) -> Report {
    let adaptive = Arc::new(Mutex::new(
        Adaptive::new(config.initial_concurrency, config.max_concurrency, Instant::now())
            .with_calls_per_unit(work.calls_per_unit()),
    ));
    let (notice_tx, mut notices) = mpsc::unbounded_channel();
    // A 429 comes back here at once (not waited out by the client) and the call goes back in
    // the queue, so every send of the run goes out at the run's pace.
    let observed = client
        .observed(Arc::new(move |notice: RetryNotice| {
            let _ = notice_tx.send(notice);
        }))
        .paced_by_caller();
    let mut queue: VecDeque<(Vec<String>, u32)> =
        users.chunks(work.unit_size(config.batch_size).max(1)).map(|c| (c.to_vec(), 0)).collect();
    let mut in_flight: JoinSet<(u32, Timed<W::Outcome>)> = JoinSet::new();
    let mut sent: HashMap<tokio::task::Id, Vec<String>> = HashMap::new();
    let mut report = Report::default();
    tracing::info!(operation = work.describe(), users = users.len(), "bulk run started");

    loop {
        let now = Instant::now();
        while !cancel.is_cancelled()
            && report.journal_error.is_none()
            && lock(&adaptive).may_send(now, in_flight.len())
        {
            let Some((emails, requeues)) = queue.pop_front() else { break };
            if let Some(journal) = journal.as_deref_mut()
                && let Err(e) = journal.sending(&emails)
            {
                report.journal_error = Some(e.to_string());
                queue.push_front((emails, requeues));
                break;
            }
            lock(&adaptive).on_send(now);
            let (client, work, batch) = (observed.clone(), work.clone(), emails.clone());
            let pacer = Pacer::of(&adaptive);
            let handle = in_flight.spawn(async move {
                let started = Instant::now();
                let sent = work.send(client, batch, pacer).await;
                (requeues, Timed { sent, started })
            });
            sent.insert(handle.id(), emails);
            report.calls += 1;
            report.peak_concurrency = report.peak_concurrency.max(in_flight.len());
        }
        let stopping = cancel.is_cancelled() || report.journal_error.is_some();
        if in_flight.is_empty() && (queue.is_empty() || stopping) {
            break;
        }
        let wake = lock(&adaptive).wake_at(now);
        tokio::select! {
            Some(joined) = in_flight.join_next_with_id() => {
                let (id, requeues, answer) = match joined {
                    Ok((id, (requeues, Timed { sent, started }))) => {
                        let now = Instant::now();
                        match &sent.outcomes {
                            Err(f) if f.rate_limited => {
                                lock(&adaptive).on_throttled(now, Some(started), sent.asked_wait)
                            }
                            Ok(_) => lock(&adaptive).on_success(now, now - started),
                            Err(_) => {}
                        }
                        (id, requeues, sent.outcomes)
                    }
                    Err(e) => (e.id(), 0, Err(Failure::new(
                        "internal error: the call stopped unexpectedly; it may have reached the service",
                    ).uncertain())),
                };
                let emails = sent.remove(&id).unwrap_or_default();
                // Refused before it was processed: sent again, at the pace the refusal set, as
                // often as it takes. A 429 never ends a user FAILED: while the run goes on they
                // wait their turn; once it is cancelled they are "not sent", which is the truth.
                if let Err(f) = &answer
                    && f.rate_limited && !f.uncertain
                {
                    queue.push_front((emails, requeues + 1));
                    if cancel.is_cancelled() {
                        continue;
                    }
                    tracing::debug!("refused before it was processed: queued again");
                    report.requeued += 1;
                    // Said as the client says its own retries, so a screen shows why it waits.
                    let now = Instant::now();
                    let wait = lock(&adaptive).wake_at(now).map_or(Duration::ZERO, |t| t - now);
                    emit(Event::Retrying(RetryNotice {
                        attempt: requeues + 1,
                        wait,
                        reason: f.message.clone(),
                        rate_limited: true,
                        server_asked: false,
                    }));
                    continue;
                }
                let outcomes = match answer {
                    Ok(outcomes) => outcomes,
                    Err(failure) => {
                        emails.iter().map(|e| W::Outcome::failed(e, failure.clone())).collect()
                    }
                };
                if let Some(journal) = journal.as_deref_mut()
                    && let Err(e) = journal.results(&outcomes)
                {
                    report.journal_error.get_or_insert(e.to_string());
                }
                emit(Event::Batch { outcomes, last: false });
            }
            Some(notice) = notices.recv() => {
                // A later call of a unit (a per-user action's change) refused with 429, which
                // the client waits out itself: the run's pace hears of it as of any call, or a
                // run whose lookups all got through would never slow down for its changes.
                if notice.rate_limited {
                    let asked = notice.server_asked.then_some(notice.wait);
                    lock(&adaptive).on_throttled(Instant::now(), None, asked);
                }
                emit(Event::Retrying(notice))
            }
            _ = sleep_until(wake), if wake.is_some() && !queue.is_empty() => {}
            _ = cancel.cancelled(), if !cancel.is_cancelled() => {}
        }
    }
    while let Ok(notice) = notices.try_recv() {
        emit(Event::Retrying(notice));
    }

    report.cancelled = cancel.is_cancelled();
    report.throttled = lock(&adaptive).throttled;
    let why = match &report.journal_error {
        Some(e) => format!("not sent: the run journal could not be written ({e}); resume later"),
        None => "not sent: the run was cancelled".to_string(),
    };
    let not_sent: Vec<W::Outcome> = queue
        .into_iter()
        .flat_map(|(emails, _)| emails)
        .map(|email| W::Outcome::failed(&email, Failure::new(why.clone())))
        .collect();
    if let Some(journal) = journal
        && report.journal_error.is_none()
    {
        // A cancelled run is over: its unsent users are recorded as such and it is not
        // offered for resuming. A journal that cannot be written leaves the run resumable.
        let written = journal.results(&not_sent).and_then(|_| journal.finish(report.cancelled));
        if let Err(e) = written {
            report.journal_error = Some(e.to_string());
        }
    }
    tracing::info!(
        calls = report.calls,
        requeued = report.requeued,
        throttled = report.throttled,
        not_sent = not_sent.len(),
        cancelled = report.cancelled,
        journal_error = report.journal_error.as_deref(),
        "bulk run ended"
    );
    emit(Event::Batch { outcomes: not_sent, last: true });
    report
}

/// A unit's answer and when its call went.
struct Timed<O> {
    sent: Sent<O>,
    started: Instant,
}

async fn sleep_until(at: Option<Instant>) {
    if let Some(at) = at {
        tokio::time::sleep_until(at.into()).await;
    }
}

fn lock(adaptive: &Mutex<Adaptive>) -> std::sync::MutexGuard<'_, Adaptive> {
    adaptive.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
