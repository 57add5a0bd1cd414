//! Voiding enrollment or password-reset codes (`POST v1/users/voidVerifyCode`).

use super::CodeMode;
use super::lenient::{opt_string, vec_skip_bad};
use crate::api::ResultCode;
use serde::{Deserialize, Serialize};

/// The void body as the examples send it (the parameter table's camelCase is not what the
/// examples use; the examples win).
#[derive(Serialize)]
pub(crate) struct VoidRequest<'a> {
    pub code_generation_mode: CodeMode,
    pub user_emails: &'a [String],
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct VoidResponse {
    #[serde(default, deserialize_with = "vec_skip_bad")]
    pub results: Vec<VoidResult>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct VoidResult {
    #[serde(
        default = "ResultCode::missing",
        deserialize_with = "crate::api::result_code::lenient_status"
    )]
    pub status: ResultCode,
    #[serde(default, alias = "userEmail", alias = "email", deserialize_with = "opt_string")]
    pub user_email: Option<String>,
    #[serde(
        default,
        rename = "errorMessage",
        alias = "error_message",
        deserialize_with = "opt_string"
    )]
    pub error_message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_vendor_void_responses() {
        for (text, codes) in [
            (
                include_str!("../../../tests/fixtures/seeds/void-enrollment.response.json"),
                vec![1013, 1014, 1002],
            ),
            (
                include_str!("../../../tests/fixtures/seeds/void-password-reset.response.json"),
                vec![1015, 1016],
            ),
        ] {
            let r: VoidResponse = serde_json::from_str(text).unwrap();
            let got: Vec<i64> = r.results.iter().map(|r| r.status.code()).collect();
            assert_eq!(got, codes);
            assert!(r.results.iter().all(|r| r.user_email.is_some()));
        }
    }

    #[test]
    fn void_body_uses_the_example_spelling() {
        let emails = vec!["user1@example.com".to_string()];
        let body =
            VoidRequest { code_generation_mode: CodeMode::PasswordReset, user_emails: &emails };
        assert_eq!(
            serde_json::to_value(body).unwrap(),
            serde_json::json!({"code_generation_mode":"PASSWORD_RESET","user_emails":["user1@example.com"]})
        );
    }

    #[test]
    fn void_body_matches_the_vendor_example() {
        let example: serde_json::Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/seeds/void-enrollment.request.json"
        ))
        .unwrap();
        let emails: Vec<String> = example["user_emails"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap().to_string())
            .collect();
        let body = VoidRequest { code_generation_mode: CodeMode::Enrollment, user_emails: &emails };
        assert_eq!(serde_json::to_value(body).unwrap(), example);
    }

    #[test]
    fn odd_elements_keep_what_can_be_read() {
        let voids: VoidResponse =
            serde_json::from_str(r#"{"results":[{"user_email":"a@x.com"}, 7]}"#).unwrap();
        assert_eq!(voids.results.len(), 1);
        assert_eq!(voids.results[0].status, ResultCode::missing());
    }
}
