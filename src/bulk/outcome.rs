//! What happened to each user of a bulk call, whatever asked for it (console, command line,
//! journal). Every user sent ends with one outcome: the service's result code, the call's
//! error, or "no result" when the service's answer left the user out.

use crate::api::{ApiError, GenerateCodeResult, ResultCode, VoidResult};
use crate::secret::Secret;
use std::collections::HashMap;
use time::OffsetDateTime;

/// An error as a screen shows it. Built from [`ApiError`], whose text never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub status: Option<u16>,
    pub rate_limited: bool,
    /// The service may have acted although no clear answer came back.
    pub uncertain: bool,
}

impl From<&ApiError> for Failure {
    fn from(e: &ApiError) -> Self {
        Self {
            message: crate::text::sanitize(&e.to_string()),
            status: e.status(),
            rate_limited: e.is_rate_limited(),
            uncertain: e.may_have_taken_effect(),
        }
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Self::from(&e)
    }
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), status: None, rate_limited: false, uncertain: false }
    }

    /// The same failure, marked as one after which the service may have acted.
    pub fn uncertain(self) -> Self {
        Self { uncertain: true, ..self }
    }

    /// How a user with this failure is shown, on screen and in a script's results: a failure
    /// after which the service may have acted is a warning to check, not a failure to retry.
    pub fn status_and_words(&self) -> (crate::ui::status::Status, String) {
        use crate::ui::status::Status;
        if self.uncertain {
            (Status::Warning, format!("unknown outcome, check before retrying: {}", self.message))
        } else {
            (Status::Failed, self.message.clone())
        }
    }
}

/// One call's answer, as the service gave it.
#[derive(Debug)]
pub enum Answers {
    Generated(Vec<GenerateCodeResult>),
    Voided(Vec<VoidResult>),
}

/// One user's outcome.
#[derive(Clone, Debug)]
pub struct UserOutcome {
    pub email: String,
    pub result: Result<ResultCode, Failure>,
    /// The service's own words, when it gave any.
    pub message: Option<String>,
    /// Only for codes generated for DISPLAY.
    pub code: Option<Secret>,
    pub expires: Option<OffsetDateTime>,
    pub link: Option<String>,
}

impl UserOutcome {
    pub fn failed(email: &str, failure: Failure) -> Self {
        Self {
            email: email.to_string(),
            result: Err(failure),
            message: None,
            code: None,
            expires: None,
            link: None,
        }
    }

    fn done(email: &str, status: ResultCode, message: Option<String>) -> Self {
        Self { result: Ok(status), message, ..Self::failed(email, Failure::new("")) }
    }

    pub fn is_success(&self) -> bool {
        self.result.as_ref().is_ok_and(|c| c.is_success())
    }
}

/// Per-user outcomes of one call that carried `emails`, in the order of `emails`. Each result
/// goes to the address it names (or, naming none, to the address at its position); addresses
/// the answer left out, or all of them when the call failed, get a failure.
pub fn per_user(emails: &[String], answer: Result<Answers, Failure>) -> Vec<UserOutcome> {
    let failure = match answer {
        Err(failure) => {
            return emails.iter().map(|e| UserOutcome::failed(e, failure.clone())).collect();
        }
        Ok(answers) => answers,
    };
    let mut slots: Vec<Option<UserOutcome>> = vec![None; emails.len()];
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, email) in emails.iter().enumerate().rev() {
        index.entry(email.to_ascii_lowercase()).or_default().push(i);
    }
    let mut place =
        |named: Option<&str>, position: usize, outcome: &dyn Fn(&str) -> UserOutcome| {
            let by_name = named.and_then(|n| index.get_mut(&n.to_ascii_lowercase())?.pop());
            let slot = by_name.or_else(|| {
                let email = emails.get(position)?;
                let slots_for = index.get_mut(&email.to_ascii_lowercase())?;
                let at = slots_for.iter().position(|i| *i == position)?;
                Some(slots_for.remove(at))
            });
            if let Some(i) = slot {
                slots[i] = Some(outcome(&emails[i]));
            }
        };
    match failure {
        Answers::Voided(results) => {
            for (position, r) in results.into_iter().enumerate() {
                place(r.user_email.as_deref(), position, &|email| {
                    UserOutcome::done(email, r.status, r.error_message.clone())
                });
            }
        }
        Answers::Generated(results) => {
            for (position, r) in results.into_iter().enumerate() {
                place(r.email(), position, &|email| UserOutcome {
                    code: r.verify_code.clone().filter(|c| !c.is_empty()),
                    expires: r.expires_at(),
                    link: r.verification_link.clone(),
                    ..UserOutcome::done(email, r.status, r.error_message.clone())
                });
            }
        }
    }
    let missing = Failure::new("no result from the service for this user");
    slots
        .into_iter()
        .zip(emails)
        .map(|(slot, email)| slot.unwrap_or_else(|| UserOutcome::failed(email, missing.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(list: &[&str]) -> Vec<String> {
        list.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn results_go_to_the_user_they_name_and_missing_users_fail() {
        let results: Vec<VoidResult> = serde_json::from_value(serde_json::json!([
            {"status": 1014, "user_email": "b@x.com"},
            {"status": 1013, "user_email": "A@x.com", "errorMessage": "No enrollment code found to void."}
        ]))
        .unwrap();
        let out =
            per_user(&emails(&["a@x.com", "B@x.com", "c@x.com"]), Ok(Answers::Voided(results)));
        assert_eq!(out[0].result, Ok(ResultCode::EnrollmentNothingToVoid));
        assert_eq!(out[0].message.as_deref(), Some("No enrollment code found to void."));
        assert_eq!(out[1].result, Ok(ResultCode::EnrollmentVoided));
        assert!(matches!(&out[2].result, Err(f) if f.message.contains("no result")));
        assert_eq!(
            out.iter().map(|o| o.email.as_str()).collect::<Vec<_>>(),
            ["a@x.com", "B@x.com", "c@x.com"]
        );
    }

    #[test]
    fn unnamed_results_go_by_position_and_codes_are_kept() {
        let results: Vec<GenerateCodeResult> = serde_json::from_value(serde_json::json!([
            {"status": 1000, "verify_code": "629211156", "verifyCodeValidityTime": "2026-11-22T10:10:00.000Z"},
            {"status": 1002}
        ]))
        .unwrap();
        let out = per_user(&emails(&["a@x.com", "b@x.com"]), Ok(Answers::Generated(results)));
        assert_eq!(
            out[0].code.as_ref().map(|c| c.expose().to_string()).as_deref(),
            Some("629211156")
        );
        assert!(out[0].is_success());
        assert_eq!(out[1].result, Ok(ResultCode::InvalidUser));
    }

    #[test]
    fn a_failed_call_fails_every_user_it_carried() {
        let failure = Failure { uncertain: true, ..Failure::new("connection reset") };
        let out = per_user(&emails(&["a@x.com", "b@x.com"]), Err(failure.clone()));
        assert!(out.iter().all(|o| o.result.as_ref().err() == Some(&failure)));
    }
}
