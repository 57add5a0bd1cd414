//! Following a user's sign-ins: the log read every few seconds from the last event seen
//! (`follow::Tail`), what is new told as it comes, a sign-in challenge and a fix's confirmation
//! answered from it (`follow::Challenge`, `follow::Confirm`). [`run`] serves the console's
//! worker (through [`for_console`]) and the `follow` and `challenge` commands alike.
//!
//! Reads are paced here, not by the client: a 429 comes back at once and following waits what
//! the service asked (`Retry-After`), else twice its last wait up to `Pacing::longest_wait`
//! (`follow::Backoff`), and says so. A gateway error or a lost answer (after the client's own
//! retries) is told and the next read waits longer; an answer that will not change (the user
//! is gone, the key may not read the log) stops following. Following stops after
//! `Pacing::stop_after`, when cancelled, or (if asked) once every question is answered.
//!
//! The challenge's start and the fix's moment are this machine's clock; they are moved by what
//! the client learnt of the service's clock (`Client::clock_correction_secs`) before events,
//! stamped by the service, are compared with them.

use super::Records;
use crate::api::{ApiError, AuthError, Client};
use crate::audit::UserResult;
use crate::bulk::{Cancel, Failure};
use crate::follow::{Backoff, Challenge, Confirm, FollowNews, FollowRequest, Stop, Tail, Taken};
use crate::messages::{ApiOutcome, Msg, RequestId};
use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;
use tokio::time::Instant;

/// For the console: each piece of news as `ApiOutcome::Follow` for request `id`; the read
/// audited once, as the sign-in activity it is, when the first read answers.
pub(super) async fn for_console(
    client: &Client,
    (id, request): (RequestId, &FollowRequest),
    cancel: &Cancel,
    records: &Records,
    tx: &UnboundedSender<Msg>,
) {
    let mut audited = !request.recorded;
    let mut emit = |news: FollowNews| {
        if !audited {
            let result = match &news {
                FollowNews::Stopped(Stop::Failed(f)) => {
                    Some(UserResult::failed(&request.email, f.message.clone()))
                }
                FollowNews::Watching => {
                    Some(UserResult::ok(&request.email).with_outcome("followed"))
                }
                _ => None,
            };
            if let Some(result) = result {
                records.audit(tx, "sign-in activity", vec![result]);
                audited = true;
            }
        }
        let _ = tx.send(Msg::Api(id, ApiOutcome::Follow(news)));
    };
    run(client, request, cancel, &mut emit).await;
}

/// Follows as `request` asks, telling `emit` everything; the last news is always `Stopped`.
pub async fn run(
    client: &Client,
    request: &FollowRequest,
    cancel: &Cancel,
    emit: &mut (dyn FnMut(FollowNews) + Send),
) {
    let client = client.paced_by_caller();
    let begun = Instant::now();
    let stop_at = begun + request.pacing.stop_after;
    let shift = time::Duration::seconds(client.clock_correction_secs());
    let mut challenge = request.challenge.as_ref().map(|spec| {
        let left =
            (spec.started + spec.limit - OffsetDateTime::now_utc()).max(time::Duration::ZERO);
        let due = begun + std::time::Duration::try_from(left).unwrap_or_default();
        (Challenge::new(spec.started + shift, spec.limit, spec.registered.clone()), due)
    });
    let mut confirm = request.confirm_after.map(|fixed| Confirm::new(fixed + shift));
    let mut tail = Tail::new();
    let mut backoff = Backoff::new(request.pacing);
    let mut watching = false;
    loop {
        let read_at = Instant::now();
        let wait = match client.user_auth_logs(&request.user_id, &tail.query()).await {
            Ok(entries) => {
                if !watching {
                    watching = true;
                    emit(FollowNews::Watching);
                }
                tell(tail.take(entries), (&mut challenge, &mut confirm), emit);
                if let Some((c, due)) = &challenge
                    && read_at >= *due
                {
                    emit(FollowNews::ChallengeEnded(c.end()));
                    challenge = None;
                }
                backoff.after_read()
            }
            Err(e) if e.is_rate_limited() => {
                let asked = match &e {
                    ApiError::Status(s) => s.retry_after,
                    _ => None,
                };
                let wait = backoff.after_throttle(asked);
                emit(FollowNews::Throttled { wait, server_asked: asked.is_some() });
                wait
            }
            Err(e) if passing(&e) => {
                let wait = backoff.after_failure();
                emit(FollowNews::ReadFailed { failure: Failure::from(e), wait });
                wait
            }
            Err(e) => return stop(Stop::Failed(Failure::from(e)), challenge, emit),
        };
        let asked = request.challenge.is_some() || confirm.is_some();
        let answered =
            challenge.is_none() && confirm.as_ref().is_none_or(|c| c.confirmed().is_some());
        if request.stop_when_answered && asked && answered {
            return stop(Stop::Answered, None, emit);
        }
        let mut next = (Instant::now() + wait).min(stop_at);
        // A read at the challenge's deadline, so its end is told on time.
        if let Some((_, due)) = &challenge
            && *due > read_at
        {
            next = next.min(*due);
        }
        tokio::select! {
            _ = tokio::time::sleep_until(next) => {}
            _ = cancel.cancelled() => return stop(Stop::Cancelled, None, emit),
        }
        if Instant::now() >= stop_at {
            return stop(Stop::TimeUp, challenge, emit);
        }
    }
}

/// What one read brought: the new events (not those already there when following began), then
/// what the challenge and the confirmation make of them, the challenge's end if it verified.
fn tell(
    taken: Taken,
    (challenge, confirm): (&mut Option<(Challenge, Instant)>, &mut Option<Confirm>),
    emit: &mut (dyn FnMut(FollowNews) + Send),
) {
    let Taken { new, baseline, may_have_missed } = taken;
    if !baseline && !new.is_empty() {
        emit(FollowNews::Events { events: new.clone(), may_have_missed });
    }
    for event in &new {
        if let Some((c, _)) = challenge.as_mut()
            // Of what was there already, only what happened since the start is the challenge's.
            && (!baseline || event.at.is_some_and(|at| at > c.started()))
            && let Some(news) = c.observe(event)
        {
            emit(FollowNews::Challenge(news));
        }
        if let Some(confirmed) = confirm.as_mut().and_then(|c| c.observe(event)) {
            emit(FollowNews::Confirmed(confirmed));
        }
    }
    if let Some(verified) = challenge.as_ref().and_then(|(c, _)| c.verified()) {
        emit(FollowNews::ChallengeEnded(verified));
        *challenge = None;
    }
}

/// The last news; when time is up, a challenge still open ends first, with what was seen.
fn stop(
    why: Stop,
    challenge: Option<(Challenge, Instant)>,
    emit: &mut (dyn FnMut(FollowNews) + Send),
) {
    if let Some((c, _)) = challenge
        && why == Stop::TimeUp
    {
        emit(FollowNews::ChallengeEnded(c.end()));
    }
    emit(FollowNews::Stopped(why));
}

/// A failure the next read may not meet: the service or the way to it had a bad moment.
fn passing(e: &ApiError) -> bool {
    match e {
        ApiError::Transport(_) | ApiError::Auth(AuthError::TokenRequest(_)) => true,
        ApiError::Status(s) => s.status >= 500,
        _ => false,
    }
}
