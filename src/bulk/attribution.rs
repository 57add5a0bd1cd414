//! Matching a call's answer to the users it carried: by the address each element names
//! (trimmed, case ignored, escape sequences set aside), never by position. Seed 001's own example
//! answers for a user who was not asked about; elements can be missing or out of order.

use super::outcome::{Answers, Failure, Stray, StrayKind, UserOutcome};
use crate::userlist::{address_key, named_address};
use std::collections::HashMap;

/// Per-user outcomes of one call that carried `emails`: one for each of `emails`, in that order,
/// then one for each element of the answer that is nobody's.
///
/// An element goes to the user whose address it names (trimmed, case ignored), never to a user
/// by its position: an answer that is short, reordered, or names someone else must not hand
/// one user's code to another. A user the answer leaves out gets "no answer": safe to send again
/// for a void; for a generate, an outcome in doubt (a code may have been made), never repeated.
pub fn per_user(emails: &[String], answer: Result<Answers, Failure>) -> Vec<UserOutcome> {
    let answers = match answer {
        Err(failure) => {
            return emails.iter().map(|e| UserOutcome::failed(e, failure.clone())).collect();
        }
        Ok(answers) => answers,
    };
    let mut matcher = Matcher::new(emails);
    let lost = match answers {
        Answers::Voided(results) => {
            for r in results {
                matcher.place(r.user_email.as_deref(), false, |email| {
                    UserOutcome::done(email, r.status, r.error_message.clone())
                });
            }
            Failure::new(
                "no answer for this user: the service's answer left them out (safe to retry)",
            )
        }
        Answers::Generated(results) => {
            for r in results {
                let carries_code = r.verify_code.as_ref().is_some_and(|c| !c.is_empty());
                matcher.place(r.email(), carries_code, |email| UserOutcome {
                    code: r.verify_code.clone().filter(|c| !c.is_empty()),
                    expires: r.expires_at(),
                    link: r.verification_link.clone(),
                    ..UserOutcome::done(email, r.status, r.error_message.clone())
                });
            }
            Failure::new("no answer for this user: the service's answer left them out, and a code may have been made")
                .uncertain()
        }
    };
    matcher.finish(emails, &lost)
}

/// Matches an answer's elements to the addresses a call carried.
struct Matcher {
    /// Address key → the outcome of the first element naming it.
    answered: HashMap<String, Option<UserOutcome>>,
    strays: Vec<UserOutcome>,
}

impl Matcher {
    fn new(emails: &[String]) -> Self {
        let answered = emails.iter().map(|e| (address_key(e), None)).collect();
        Self { answered, strays: Vec::new() }
    }

    /// Files one element: `outcome` builds it for the address it is filed under.
    fn place(
        &mut self,
        named: Option<&str>,
        carries_code: bool,
        outcome: impl Fn(&str) -> UserOutcome,
    ) {
        let named = named.and_then(named_address);
        let named = named.as_deref();
        let kind = match named.map(|n| (n, self.answered.get_mut(&address_key(n)))) {
            Some((name, Some(slot @ None))) => {
                *slot = Some(outcome(name));
                return;
            }
            Some((_, Some(Some(_)))) => StrayKind::Duplicate,
            Some((_, None)) => StrayKind::NotAsked,
            None => StrayKind::Unnamed,
        };
        let shown = named.unwrap_or("(no address)").to_string();
        let stray = Stray { kind, withheld_code: carries_code };
        self.strays.push(UserOutcome {
            code: None,
            expires: None,
            link: None,
            stray: Some(stray),
            ..outcome(&shown)
        });
    }

    fn finish(mut self, emails: &[String], lost: &Failure) -> Vec<UserOutcome> {
        let mut outcomes: Vec<UserOutcome> = emails
            .iter()
            .map(|email| {
                let answered = self.answered.get(&address_key(email)).and_then(Option::as_ref);
                match answered {
                    // The user's own spelling, whatever case the service answered in.
                    Some(outcome) => UserOutcome { email: email.clone(), ..outcome.clone() },
                    None => UserOutcome::failed(email, lost.clone()),
                }
            })
            .collect();
        outcomes.append(&mut self.strays);
        outcomes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ResultCode;
    use crate::status::Status;

    fn emails(list: &[&str]) -> Vec<String> {
        list.iter().map(|e| e.to_string()).collect()
    }

    fn voided(json: serde_json::Value) -> Answers {
        Answers::Voided(serde_json::from_value(json).unwrap())
    }

    fn generated(json: serde_json::Value) -> Answers {
        Answers::Generated(serde_json::from_value(json).unwrap())
    }

    fn code_of(outcome: &UserOutcome) -> Option<String> {
        outcome.code.as_ref().map(|c| c.expose().to_string())
    }

    #[test]
    fn results_go_to_the_user_they_name_and_missing_users_fail_safe_to_retry() {
        let answer = voided(serde_json::json!([
            {"status": 1014, "user_email": " b@x.com "},
            {"status": 1013, "user_email": "A@x.com", "errorMessage": "No enrollment code found to void."}
        ]));
        let out = per_user(&emails(&["a@x.com", "B@x.com", "c@x.com"]), Ok(answer));
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].result, Ok(ResultCode::EnrollmentNothingToVoid));
        assert_eq!(out[0].message.as_deref(), Some("No enrollment code found to void."));
        assert_eq!(out[1].result, Ok(ResultCode::EnrollmentVoided));
        let (status, words) = out[2].verdict();
        assert_eq!(status, Status::Failed);
        assert!(
            words.contains("no answer for this user") && words.contains("safe to retry"),
            "{words}"
        );
        assert_eq!(
            out.iter().map(|o| o.email.as_str()).collect::<Vec<_>>(),
            ["a@x.com", "B@x.com", "c@x.com"],
            "each in the user's own spelling, in the call's order"
        );
    }

    #[test]
    fn a_void_answer_naming_someone_else_is_not_the_users_success() {
        // Seed 001: asked for user1, the answer also names user2. And an answer that names
        // only someone else must not be read as the asked user's success.
        let answer = voided(serde_json::json!([
            {"status": 1016, "user_email": "user2@example.com"}
        ]));
        let out = per_user(&emails(&["user1@example.com"]), Ok(answer));
        assert_eq!(out.len(), 2);
        assert!(!out[0].is_success());
        assert_eq!(out[0].verdict().0, Status::Failed);
        assert_eq!(out[1].email, "user2@example.com");
        assert_eq!(out[1].stray.map(|s| s.kind), Some(StrayKind::NotAsked));
        let (status, words) = out[1].verdict();
        assert_eq!(status, Status::Warning);
        assert!(words.contains("an address not asked for"), "{words}");
        assert!(!out[1].is_success() && out[1].needs_attention());
    }

    #[test]
    fn a_code_is_never_given_by_position() {
        // Elements without an address, reordered, and for a stranger: no asked user gets a
        // code that the answer did not name them for.
        let answer = generated(serde_json::json!([
            {"status": 1000, "verify_code": "111111111"},
            {"status": 1000, "verify_code": "222222222",
             "userDetailsRequestForVerifyCodeGeneration": {"email": "stranger@x.com"}},
            {"status": 1000, "verify_code": "333333333",
             "userDetailsRequestForVerifyCodeGeneration": {"email": "B@X.com"}}
        ]));
        let out = per_user(&emails(&["a@x.com", "b@x.com"]), Ok(answer));
        assert_eq!(out.len(), 4);
        assert_eq!(code_of(&out[0]), None, "a@x.com was named by nobody");
        let (status, words) = out[0].verdict();
        assert_eq!(status, Status::Warning, "a code may have been made: in doubt");
        assert!(words.starts_with("unknown outcome, check before retrying"), "{words}");
        assert!(matches!(&out[0].result, Err(f) if f.uncertain));
        assert_eq!(code_of(&out[1]).as_deref(), Some("333333333"));
        assert!(out[1].is_success());
        assert_eq!(out[2].email, "(no address)");
        assert_eq!(out[2].stray, Some(Stray { kind: StrayKind::Unnamed, withheld_code: true }));
        assert_eq!(out[3].email, "stranger@x.com");
        assert!(out[2..].iter().all(|o| o.code.is_none() && !o.is_success()));
        assert!(out[3].verdict().1.contains("(code withheld): Code generated"));
    }

    #[test]
    fn an_address_wrapped_in_escape_sequences_is_still_its_user() {
        let answer = voided(serde_json::json!([
            {"status": 1014, "user_email": "\u{1b}[31ma@x.com\u{1b}[0m\u{7}"}
        ]));
        let out = per_user(&emails(&["a@x.com"]), Ok(answer));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].result, Ok(ResultCode::EnrollmentVoided));
    }

    #[test]
    fn the_first_of_duplicated_elements_wins_and_the_rest_are_reported() {
        let answer = generated(serde_json::json!([
            {"status": 1000, "verify_code": "111111111",
             "userDetailsRequestForVerifyCodeGeneration": {"email": "a@x.com"}},
            {"status": 1001, "userDetailsRequestForVerifyCodeGeneration": {"email": "A@x.com"}}
        ]));
        let out = per_user(&emails(&["a@x.com"]), Ok(answer));
        assert_eq!(out.len(), 2);
        assert_eq!(code_of(&out[0]).as_deref(), Some("111111111"));
        assert_eq!(out[1].stray.map(|s| s.kind), Some(StrayKind::Duplicate));
        assert_eq!(out[1].result, Ok(ResultCode::InternalError), "the raw result is kept");
    }

    #[test]
    fn unrecognised_codes_are_warnings_that_need_attention() {
        let answer = voided(serde_json::json!([
            {"status": 1099, "user_email": "a@x.com", "errorMessage": "Something new."}
        ]));
        let out = per_user(&emails(&["a@x.com"]), Ok(answer));
        assert_eq!(out[0].result, Ok(ResultCode::Unknown(1099)));
        assert_eq!(out[0].message.as_deref(), Some("Something new."));
        assert_eq!(out[0].verdict().0, Status::Warning);
        assert!(out[0].verdict().1.contains("outcome unknown"));
        assert!(!out[0].is_success() && out[0].needs_attention());
    }

    /// The vendor's own request and answer pairs, as the seeds give them.
    fn seed_pair(request: &str, response: &str) -> Vec<UserOutcome> {
        let request: serde_json::Value = serde_json::from_str(request).unwrap();
        let asked: Vec<String> = request["user_emails"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap().to_string())
            .collect();
        let answer: crate::api::model::VoidResponse = serde_json::from_str(response).unwrap();
        per_user(&asked, Ok(Answers::Voided(answer.results)))
    }

    #[test]
    fn the_seeds_irregular_answers_are_attributed_by_address() {
        // Seed 001: one user asked for, the answer names two.
        let out = seed_pair(
            include_str!("../../tests/fixtures/seeds/void-password-reset.request.json"),
            include_str!("../../tests/fixtures/seeds/void-password-reset.response.json"),
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].email, "user1@example.com");
        assert_eq!(out[0].result, Ok(ResultCode::ResetNothingToVoid));
        assert_eq!(out[1].email, "user2@example.com");
        assert_eq!(out[1].stray.map(|s| s.kind), Some(StrayKind::NotAsked));
        assert_eq!(out[1].result, Ok(ResultCode::ResetVoided), "its raw result is kept");
        assert!(!out[1].is_success(), "but it is nobody's success");
        // Seed 000: the request spells "user3@example,com", the answer "user3@example.com".
        let out = seed_pair(
            include_str!("../../tests/fixtures/seeds/void-enrollment.request.json"),
            include_str!("../../tests/fixtures/seeds/void-enrollment.response.json"),
        );
        assert_eq!(out.len(), 4);
        assert_eq!(out[2].email, "user3@example,com");
        assert!(matches!(&out[2].result, Err(f) if f.message.starts_with("no answer")));
        assert_eq!(
            (out[3].email.as_str(), out[3].result.clone()),
            ("user3@example.com", Ok(ResultCode::InvalidUser))
        );
        assert!(out[3].stray.is_some());
    }

    #[test]
    fn a_failed_call_fails_every_user_it_carried() {
        let failure = Failure { uncertain: true, ..Failure::new("connection reset") };
        let out = per_user(&emails(&["a@x.com", "b@x.com"]), Err(failure.clone()));
        assert!(out.iter().all(|o| o.result.as_ref().err() == Some(&failure)));
    }
}
