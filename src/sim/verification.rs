//! The rules of Live Verification sessions on the tenant: starting one, the user's answers,
//! the code read out, cancelling, and time (a session expires; the demo users who answer by
//! themselves do). Time is applied whenever a session is read (`settle`), by the tenant clock,
//! so `SimControl::advance_clock` drives it and tests never sleep. The choices behind these
//! rules are written at the top of `verify.rs`.

use crate::sim::events::AdminEvent;
use crate::sim::tenant::{Tenant, random_digits};
use crate::sim::verify_session::{
    APPROVES_ALWAYS, CODE_DIGITS, DENIES_ALWAYS, MAX_WRONG_CODES, SELF_ANSWER_AFTER,
    SESSION_LIFETIME, Session, SessionStatus, VerifyAnswer, VerifyStep,
};
use time::OffsetDateTime;

/// Why an operation on a session was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The user has had no session.
    NoSession,
    /// Another administrator's session is waiting for the user (their client id).
    HeldBy(String),
    /// The session is over, with this status.
    Settled(SessionStatus),
}

impl Tenant {
    /// The user's latest session, time applied.
    pub fn verification(&mut self, user_id: &str) -> Option<&Session> {
        self.settle(user_id);
        self.verifications.get(user_id)
    }

    /// Prompts the user's device. The administrator who holds a waiting session starts it
    /// again (a new code, a new expiry); anyone else is refused while it waits.
    pub fn start_verification(&mut self, user_id: &str, admin: &str) -> Result<&Session, Refusal> {
        self.settle(user_id);
        if let Some(live) = self.verifications.get(user_id)
            && live.status == SessionStatus::Pending
            && live.admin != admin
        {
            return Err(Refusal::HeldBy(live.admin.clone()));
        }
        let now = self.now();
        let session = Session {
            id: uuid::Uuid::new_v4().to_string(),
            admin: admin.to_string(),
            started: now,
            expires_at: now + SESSION_LIFETIME,
            status: SessionStatus::Pending,
            code: random_digits(CODE_DIGITS),
            wrong_codes: 0,
        };
        self.verifications.insert(user_id.to_string(), session);
        self.record_event(user_id, AdminEvent::Verification(VerifyStep::Started));
        Ok(&self.verifications[user_id])
    }

    /// The user's phone answers the waiting prompt; the status it leaves.
    pub fn answer_verification(
        &mut self,
        user_id: &str,
        answer: VerifyAnswer,
    ) -> Result<SessionStatus, Refusal> {
        self.waiting(user_id, None)?;
        let (status, step) = answered(answer);
        self.finish(user_id, status, step, self.now());
        Ok(status)
    }

    /// Checks the code the caller read out from their app: the right one verifies; a wrong
    /// one is counted, and the [`MAX_WRONG_CODES`]th denies.
    pub fn check_verification_code(
        &mut self,
        user_id: &str,
        admin: &str,
        code: &str,
    ) -> Result<&Session, Refusal> {
        self.waiting(user_id, Some(admin))?;
        let now = self.now();
        let Some(session) = self.verifications.get_mut(user_id) else {
            return Err(Refusal::NoSession);
        };
        let right = session.code == code.trim();
        if !right {
            session.wrong_codes += 1;
        }
        if right {
            self.finish(user_id, SessionStatus::Verified, VerifyStep::CodeAccepted, now);
        } else if session.wrong_codes >= MAX_WRONG_CODES {
            self.finish(user_id, SessionStatus::Denied, VerifyStep::TooManyWrongCodes, now);
        }
        Ok(&self.verifications[user_id])
    }

    /// Ends the waiting session. One that is over already is left as it ended (cancelling
    /// twice is cancelling once).
    pub fn cancel_verification(&mut self, user_id: &str, admin: &str) -> Result<&Session, Refusal> {
        match self.waiting(user_id, Some(admin)) {
            Ok(()) => {
                let now = self.now();
                self.finish(user_id, SessionStatus::Cancelled, VerifyStep::Cancelled, now);
            }
            Err(Refusal::Settled(_)) => {}
            Err(refused) => return Err(refused),
        }
        Ok(&self.verifications[user_id])
    }

    /// `Ok` when the user's session waits for an answer and, with `admin`, is theirs.
    fn waiting(&mut self, user_id: &str, admin: Option<&str>) -> Result<(), Refusal> {
        self.settle(user_id);
        let session = self.verifications.get(user_id).ok_or(Refusal::NoSession)?;
        if session.status != SessionStatus::Pending {
            return Err(Refusal::Settled(session.status));
        }
        match admin {
            Some(admin) if session.admin != admin => Err(Refusal::HeldBy(session.admin.clone())),
            _ => Ok(()),
        }
    }

    fn finish(
        &mut self,
        user_id: &str,
        status: SessionStatus,
        step: VerifyStep,
        at: OffsetDateTime,
    ) {
        if let Some(session) = self.verifications.get_mut(user_id) {
            session.status = status;
        }
        self.record_event_at(at, user_id, AdminEvent::Verification(step));
    }

    /// Applies the time passed: a demo user who answers by themselves has answered, a session
    /// past its expiry has expired; each recorded as of when it happened.
    fn settle(&mut self, user_id: &str) {
        let now = self.now();
        let Some(session) = self.verifications.get(user_id) else { return };
        if session.status != SessionStatus::Pending {
            return;
        }
        let (answer_at, expires_at) = (session.started + SELF_ANSWER_AFTER, session.expires_at);
        let by_itself = self.by_id(user_id).and_then(|u| answers_by_itself(&u.email));
        match by_itself {
            Some(answer) if now >= answer_at && answer_at < expires_at => {
                let (status, step) = answered(answer);
                self.finish(user_id, status, step, answer_at);
            }
            _ if now >= expires_at => {
                self.finish(user_id, SessionStatus::Expired, VerifyStep::Expired, expires_at);
            }
            _ => {}
        }
    }
}

/// The demo users whose phone answers without being told to.
fn answers_by_itself(email: &str) -> Option<VerifyAnswer> {
    if email.eq_ignore_ascii_case(APPROVES_ALWAYS) {
        Some(VerifyAnswer::Approve)
    } else if email.eq_ignore_ascii_case(DENIES_ALWAYS) {
        Some(VerifyAnswer::Deny)
    } else {
        None
    }
}

fn answered(answer: VerifyAnswer) -> (SessionStatus, VerifyStep) {
    match answer {
        VerifyAnswer::Approve => (SessionStatus::Verified, VerifyStep::Approved),
        VerifyAnswer::Deny => (SessionStatus::Denied, VerifyStep::Denied),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::tenant_file::{DEMO_TENANT_JSON, load};
    use std::time::Duration;

    fn tenant_and(email: &str) -> (Tenant, String) {
        let t = load(DEMO_TENANT_JSON, OffsetDateTime::now_utc()).unwrap();
        let id = t.by_email(email).unwrap().id.clone();
        (t, id)
    }

    #[test]
    fn expiry_is_recorded_as_of_when_it_happened() {
        let (mut t, id) = tenant_and("alice@example.com");
        let started = t.start_verification(&id, "a").unwrap().started;
        t.advance_clock(Duration::from_secs(60 * 60));
        assert_eq!(t.verification(&id).unwrap().status, SessionStatus::Expired);
        let expired = t.events_of(&id).into_iter().find(|e| e.code.ends_with("EXPIRED")).unwrap();
        assert_eq!(expired.at, started + SESSION_LIFETIME);
    }

    #[test]
    fn a_self_answering_user_waits_until_their_moment() {
        let (mut t, id) = tenant_and(DENIES_ALWAYS);
        t.start_verification(&id, "a").unwrap();
        assert_eq!(t.verification(&id).unwrap().status, SessionStatus::Pending);
        t.advance_clock(SELF_ANSWER_AFTER.unsigned_abs());
        assert_eq!(t.verification(&id).unwrap().status, SessionStatus::Denied);
        // Only a waiting session takes an answer.
        assert_eq!(
            t.answer_verification(&id, VerifyAnswer::Approve),
            Err(Refusal::Settled(SessionStatus::Denied))
        );
    }

    #[test]
    fn wrong_codes_count_and_the_last_one_denies() {
        let (mut t, id) = tenant_and("alice@example.com");
        t.start_verification(&id, "a").unwrap();
        for n in 1..MAX_WRONG_CODES {
            let s = t.check_verification_code(&id, "a", "not it").unwrap();
            assert_eq!((s.status, s.wrong_codes), (SessionStatus::Pending, n));
        }
        let s = t.check_verification_code(&id, "a", "not it").unwrap();
        assert_eq!(s.status, SessionStatus::Denied);
        assert_eq!(t.cancel_verification(&id, "a").unwrap().status, SessionStatus::Denied);
    }
}
