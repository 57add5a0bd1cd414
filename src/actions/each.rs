//! An action for each user of a list (unlock after an incident, disable the leavers): each user
//! looked up and acted on by their own calls, several at once with the bulk engine's adaptive
//! pacing (it backs off when the service throttles), stopped cleanly when cancelled, and every
//! user ending with an outcome, those never sent included.
//!
//! Not journaled like generate and void runs: every action here is safe to repeat, and a user
//! already done answers "nothing to do" the second time, so a run cut short is finished by
//! running the same list again.

use super::{ActionOutcome, UserAction, act_on};
use crate::api::{Client, RetryNotice};
use crate::bulk::adaptive::Adaptive;
use crate::bulk::{Cancel, Failure};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// Users acted on at once at the start, and at most.
const INITIAL_CONCURRENCY: usize = 2;
const MAX_CONCURRENCY: usize = 8;

#[derive(Debug)]
pub enum EachEvent {
    /// One user's outcome, as it arrives (not in list order).
    Done(ActionOutcome),
    /// A call is waiting to be sent again (most often: rate limited).
    Retrying(RetryNotice),
}

/// Does `action` for each of `emails`; `emit` sees one `Done` per user, the users never sent
/// (cancelled) last.
pub async fn run(
    client: &Client,
    action: &UserAction,
    emails: Vec<String>,
    cancel: &Cancel,
    emit: &mut (dyn FnMut(EachEvent) + Send),
) {
    let pacing =
        Arc::new(Mutex::new(Adaptive::new(INITIAL_CONCURRENCY, MAX_CONCURRENCY, Instant::now())));
    let (notice_tx, mut notices) = mpsc::unbounded_channel();
    let observed = {
        let pacing = Arc::clone(&pacing);
        client.observed(Arc::new(move |notice: RetryNotice| {
            if notice.rate_limited {
                let asked = notice.server_asked.then_some(notice.wait);
                lock(&pacing).on_throttled(Instant::now(), None, asked);
            }
            let _ = notice_tx.send(notice);
        }))
    };
    let mut queue: VecDeque<String> = emails.into();
    let mut in_flight: JoinSet<(ActionOutcome, std::time::Duration)> = JoinSet::new();
    // Whose each task is, so even a task that dies still leaves its user an outcome.
    let mut sent: HashMap<tokio::task::Id, String> = HashMap::new();
    tracing::info!(action = action.name(), users = queue.len(), "run for each user started");
    loop {
        let now = Instant::now();
        while !cancel.is_cancelled() && lock(&pacing).may_send(now, in_flight.len()) {
            let Some(email) = queue.pop_front() else { break };
            lock(&pacing).on_send(now);
            let (client, action) = (observed.clone(), action.clone());
            let user = email.clone();
            let handle = in_flight.spawn(async move {
                let started = Instant::now();
                let outcome = act_on(&client, &user, &action).await;
                (outcome, started.elapsed())
            });
            sent.insert(handle.id(), email);
        }
        if in_flight.is_empty() && (queue.is_empty() || cancel.is_cancelled()) {
            break;
        }
        let wake = lock(&pacing).wake_at(now);
        tokio::select! {
            Some(joined) = in_flight.join_next_with_id() => {
                let outcome = match joined {
                    Ok((id, (outcome, took))) => {
                        sent.remove(&id);
                        if outcome.result.is_ok() {
                            lock(&pacing).on_success(Instant::now(), took);
                        }
                        outcome
                    }
                    Err(e) => ActionOutcome {
                        email: sent.remove(&e.id()).unwrap_or_default(),
                        result: Err(Failure::new(
                            "internal error: stopped unexpectedly; it may have reached the service",
                        ).uncertain()),
                    },
                };
                emit(EachEvent::Done(outcome));
            }
            Some(notice) = notices.recv() => emit(EachEvent::Retrying(notice)),
            _ = sleep_until(wake), if wake.is_some() && !queue.is_empty() => {}
            _ = cancel.cancelled(), if !cancel.is_cancelled() => {}
        }
    }
    while let Ok(notice) = notices.try_recv() {
        emit(EachEvent::Retrying(notice));
    }
    let failure = Failure::new("not sent: the run was cancelled");
    for email in queue {
        emit(EachEvent::Done(ActionOutcome { email, result: Err(failure.clone()) }));
    }
    tracing::info!(action = action.name(), "run for each user ended");
}

async fn sleep_until(at: Option<Instant>) {
    if let Some(at) = at {
        tokio::time::sleep_until(at.into()).await;
    }
}

fn lock(pacing: &Mutex<Adaptive>) -> std::sync::MutexGuard<'_, Adaptive> {
    pacing.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
