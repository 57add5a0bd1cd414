//! What the console asks of the worker when it follows a user (`ApiRequest::Follow`), and what
//! comes back (`ApiOutcome::Follow`), several answers for one request id, the last always
//! [`FollowNews::Stopped`].

use super::challenge::{ChallengeEnd, ChallengeNews};
use super::confirm::Confirmed;
use super::event::Followed;
use super::pacing::Pacing;
use super::registered::Registered;
use crate::bulk::Failure;
use std::time::Duration;
use time::OffsetDateTime;

#[derive(Clone, Debug)]
pub struct FollowRequest {
    pub user_id: String,
    /// Names the user in the audit record.
    pub email: String,
    /// Also run a sign-in challenge.
    pub challenge: Option<ChallengeSpec>,
    /// Also wait for the first successful sign-in after a fix made at this moment (this
    /// machine's clock).
    pub confirm_after: Option<OffsetDateTime>,
    /// Stop as soon as every question asked (the challenge, the confirmation) is answered,
    /// rather than only at `pacing.stop_after` or when cancelled.
    pub stop_when_answered: bool,
    pub pacing: Pacing,
    /// The read is recorded as sign-in activity; not when it only waits to confirm a fix,
    /// whose result is recorded instead ("confirmed working").
    pub recorded: bool,
}

impl FollowRequest {
    /// Following alone: new events until 15 minutes have passed or the console cancels.
    pub fn events(user_id: &str, email: &str) -> Self {
        Self {
            user_id: user_id.into(),
            email: email.into(),
            challenge: None,
            confirm_after: None,
            stop_when_answered: false,
            pacing: Pacing::default(),
            recorded: true,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ChallengeSpec {
    /// When the caller was asked to sign in (this machine's clock).
    pub started: OffsetDateTime,
    /// How long the caller has (`challenge::DEFAULT_LIMIT`: 2 minutes).
    pub limit: time::Duration,
    /// The user's authenticators as looked up before the challenge began.
    pub registered: Registered,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FollowNews {
    /// The log was read once: following has begun (what was already there is not news).
    Watching,
    /// Events that are new since the last read, oldest first, each once.
    Events {
        events: Vec<Followed>,
        /// The service sent a full answer of new events only: some in between may be missing.
        may_have_missed: bool,
    },
    /// While a challenge runs: a failure, or a success that did not count and why.
    Challenge(ChallengeNews),
    /// The challenge is over (verified, or its time ran out). Sent once.
    ChallengeEnded(ChallengeEnd),
    /// The fix works: the user signed in after it. Sent once (again only if an earlier
    /// sign-in, written late, turns up).
    Confirmed(Confirmed),
    /// The service throttled the read (429); the next in `wait`.
    Throttled { wait: Duration, server_asked: bool },
    /// A read failed for a passing reason; the next in `wait`.
    ReadFailed { failure: Failure, wait: Duration },
    /// Following is over: the last message for the request.
    Stopped(Stop),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stop {
    /// `pacing.stop_after` has passed.
    TimeUp,
    /// The console (or Ctrl-C) cancelled it.
    Cancelled,
    /// Every question asked was answered (`stop_when_answered`).
    Answered,
    /// The log cannot be read (the user is gone, the key may not read it, …).
    Failed(Failure),
}
