//! The "verify the caller" dialog's state: choosing how, waiting for Live Verification (with
//! the session as the service last described it), picking an override's reason, or typing
//! one. Pure: the App sends what it asks for and feeds it the answers.

use crate::api::{VerifySession, VerifyStatus};
use crate::messages::{Failure, RequestId};
use crate::status::Status;
use crate::verify::Reason;
use time::OffsetDateTime;
use tui_input::Input;

/// Live Verification's status is asked this often while the user has not answered.
pub const POLL_EVERY: time::Duration = time::Duration::seconds(2);

/// Who is being verified: the user carried from the lookup.
#[derive(Clone, Debug)]
pub struct Subject {
    pub email: String,
    pub username: Option<String>,
    pub user_id: String,
}

pub enum Stage {
    /// How to verify; `note` says how the last attempt ended.
    Choosing { note: Option<(Status, String)> },
    /// Live Verification sent: `request` is the call in flight, if any.
    Waiting { request: Option<RequestId>, session: Option<VerifySession>, asked_at: OffsetDateTime },
    /// The sign-in challenge: the user's devices looked up (`started` not yet set), then their
    /// sign-ins followed until one from a registered device counts; `said` is what happened
    /// meanwhile, in plain words.
    SigningIn {
        request: Option<RequestId>,
        started: Option<OffsetDateTime>,
        said: Vec<(Status, String)>,
    },
    /// Which reason an override records.
    Reasons,
    /// The operator's own reason.
    Typing(Input),
}

pub struct Dialog {
    pub subject: Subject,
    pub stage: Stage,
}

/// What an answer to Live Verification means for the dialog.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Still waiting for the user.
    Wait,
    /// The user's device approved.
    Verified,
    /// Not verified: back to choosing, saying why.
    Ended,
}

/// Overrides offered, in the order the digits pick them.
pub const REASONS: [(&str, Option<Reason>); 4] = [
    ("called back on the number on file", Some(Reason::Callback)),
    ("the user's manager approved", Some(Reason::ManagerApproval)),
    ("seen in person, with ID", Some(Reason::SeenInPerson)),
    ("other: type why", None),
];

impl Dialog {
    pub fn new(subject: Subject) -> Self {
        Self { subject, stage: Stage::Choosing { note: None } }
    }

    /// Live Verification started or asked about: the call in flight is `request`.
    pub fn waiting(&mut self, request: RequestId, now: OffsetDateTime) {
        match &mut self.stage {
            Stage::Waiting { request: slot, asked_at, .. } => {
                *slot = Some(request);
                *asked_at = now;
            }
            stage => {
                *stage = Stage::Waiting { request: Some(request), session: None, asked_at: now }
            }
        }
    }

    /// The request this dialog is waiting on, if any.
    pub fn in_flight(&self) -> Option<RequestId> {
        match &self.stage {
            Stage::Waiting { request, .. } | Stage::SigningIn { request, .. } => *request,
            _ => None,
        }
    }

    /// Whether it is time to ask the service again.
    pub fn due(&self, now: OffsetDateTime) -> bool {
        matches!(&self.stage, Stage::Waiting { request: None, asked_at, .. }
            if now - *asked_at >= POLL_EVERY)
    }

    /// The service's answer to start or status.
    pub fn answered(
        &mut self,
        answer: Result<VerifySession, Failure>,
        now: OffsetDateTime,
    ) -> Next {
        let session = match answer {
            Ok(session) => session,
            Err(failure) => {
                let words = format!("Live Verification could not be used: {}", failure.message);
                self.stage = Stage::Choosing { note: Some((Status::Failed, words)) };
                return Next::Ended;
            }
        };
        let who = crate::text::sanitize(&self.subject.email);
        let ended = |status: Status, words: String| Stage::Choosing { note: Some((status, words)) };
        match session.status.clone().unwrap_or(VerifyStatus::Pending) {
            VerifyStatus::Verified => return Next::Verified,
            VerifyStatus::Denied => {
                self.stage = ended(
                    Status::Failed,
                    format!(
                        "{who} denied the prompt. Do not go on: whoever is calling may not be \
                         them. Call them back on the number on file."
                    ),
                );
                return Next::Ended;
            }
            VerifyStatus::Expired => {
                self.stage = ended(
                    Status::Warning,
                    "Nobody answered the prompt before it ran out. Try again, or verify \
                     another way."
                        .to_string(),
                );
                return Next::Ended;
            }
            VerifyStatus::Cancelled => {
                self.stage = ended(Status::Warning, "The session was cancelled.".into());
                return Next::Ended;
            }
            VerifyStatus::Pending | VerifyStatus::Other(_) => {}
        }
        // Past the session's own end with no answer: it is over, whatever the service says.
        if session.expires_at().is_some_and(|end| now >= end + POLL_EVERY * 3) {
            self.stage = ended(Status::Warning, "No answer before the session ran out.".into());
            return Next::Ended;
        }
        if let Stage::Waiting { request, session: slot, .. } = &mut self.stage {
            *request = None;
            *slot = Some(session);
        }
        Next::Wait
    }

    /// Seconds left in the session, when the service said when it ends; or in the challenge.
    pub fn seconds_left(&self, now: OffsetDateTime) -> Option<i64> {
        match &self.stage {
            Stage::Waiting { session: Some(session), .. } => {
                session.expires_at().map(|end| (end - now).whole_seconds().max(0))
            }
            Stage::SigningIn { started: Some(started), .. } => {
                let end = *started + crate::follow::DEFAULT_LIMIT;
                Some((end - now).whole_seconds().max(0))
            }
            _ => None,
        }
    }

    /// News of the sign-in challenge: what it means for the dialog.
    pub fn signing_in(&mut self, news: crate::follow::FollowNews) -> Next {
        use crate::follow::{ChallengeEnd, ChallengeNews, FollowNews, Stop};
        let Stage::SigningIn { said, request, .. } = &mut self.stage else { return Next::Wait };
        let ended = |status: Status, words: String| Stage::Choosing { note: Some((status, words)) };
        match news {
            FollowNews::Challenge(ChallengeNews::Failed { plain, .. }) => {
                said.push((Status::Failed, plain));
            }
            FollowNews::Challenge(ChallengeNews::NotCounted { why, .. }) => {
                said.push((Status::Warning, format!("a sign-in that does not count: {why}")));
            }
            FollowNews::ChallengeEnded(ChallengeEnd::Verified(_)) => return Next::Verified,
            FollowNews::ChallengeEnded(ChallengeEnd::FailedOnly { failures, .. }) => {
                self.stage = ended(
                    Status::Failed,
                    format!(
                        "{failures} failed attempt(s) and no sign-in that counts in 2 minutes:                          not verified."
                    ),
                );
                return Next::Ended;
            }
            FollowNews::ChallengeEnded(ChallengeEnd::TimedOut { .. }) => {
                self.stage = ended(
                    Status::Warning,
                    "No sign-in from a registered device in 2 minutes: not verified.".into(),
                );
                return Next::Ended;
            }
            FollowNews::Stopped(Stop::Failed(failure)) => {
                let words = format!("Their sign-ins could not be read: {}", failure.message);
                self.stage = ended(Status::Failed, words);
                return Next::Ended;
            }
            FollowNews::Stopped(_) => {
                *request = None;
                self.stage = ended(Status::Warning, "The challenge ended: not verified.".into());
                return Next::Ended;
            }
            _ => {}
        }
        Next::Wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn dialog() -> Dialog {
        let subject =
            Subject { email: "alice@example.com".into(), username: None, user_id: "u1".into() };
        Dialog::new(subject)
    }

    fn session(status: &str, expires: &str) -> VerifySession {
        serde_json::from_value(serde_json::json!({"status": status, "sessionExpiration": expires}))
            .unwrap()
    }

    #[test]
    fn waiting_polls_every_two_seconds_until_the_user_answers() {
        let now = datetime!(2026-12-07 10:00 UTC);
        let mut d = dialog();
        d.waiting(1, now);
        assert_eq!(d.in_flight(), Some(1));
        assert!(!d.due(now + POLL_EVERY), "a call is in flight");
        let pending = session("PENDING", "2026-12-07T10:03:00.000Z");
        assert_eq!(d.answered(Ok(pending.clone()), now), Next::Wait);
        assert_eq!(d.seconds_left(now), Some(180));
        assert!(!d.due(now + time::Duration::seconds(1)));
        assert!(d.due(now + POLL_EVERY));
        d.waiting(2, now + POLL_EVERY);
        let verified = session("VERIFIED", "2026-12-07T10:03:00.000Z");
        assert_eq!(d.answered(Ok(verified), now + POLL_EVERY), Next::Verified);
    }

    #[test]
    fn a_denial_says_not_to_go_on_and_an_error_says_why() {
        let now = datetime!(2026-12-07 10:00 UTC);
        let mut d = dialog();
        d.waiting(1, now);
        let denied = session("DENIED", "2026-12-07T10:03:00.000Z");
        assert_eq!(d.answered(Ok(denied), now), Next::Ended);
        let Stage::Choosing { note: Some((status, words)) } = &d.stage else { panic!() };
        assert_eq!(*status, Status::Failed);
        assert!(words.contains("Do not go on"), "{words}");
        d.waiting(2, now);
        let refused = Failure::new("Live Verification is not enabled for this tenant");
        assert_eq!(d.answered(Err(refused), now), Next::Ended);
        let Stage::Choosing { note: Some((_, words)) } = &d.stage else { panic!() };
        assert!(words.contains("not enabled"), "{words}");
    }

    #[test]
    fn a_session_past_its_end_with_no_answer_is_over() {
        let now = datetime!(2026-12-07 10:10 UTC);
        let mut d = dialog();
        d.waiting(1, now);
        let stale = session("PENDING", "2026-12-07T10:03:00.000Z");
        assert_eq!(d.answered(Ok(stale), now), Next::Ended);
    }
}
