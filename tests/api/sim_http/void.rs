//! Void Enrollment Code / Void Password Reset Code: 1002, 1013–1016, both spellings, the cap.

use super::*;

const NO_ENROLLMENT: &str =
    "No enrollment code found to void. Enrollment code may have expired or has been used already.";
const NO_RESET: &str = "No password reset code found to void. Password reset code may have expired or has been used already.";

#[tokio::test]
async fn enrollment_void_answers_1013_1014_and_1002() {
    let s = start().await;
    let results = s
        .void(
            "ENROLLMENT",
            &["user1@example.com", "user2@example.com", "user3@example,com", "ghost@example.com"],
        )
        .await;
    assert_eq!(
        Value::Array(results),
        json!([
            {"status": 1013, "errorMessage": NO_ENROLLMENT, "user_email": "user1@example.com"},
            {"status": 1014, "user_email": "user2@example.com"},
            {"status": 1002, "errorMessage": "Invalid User", "user_email": "user3@example,com"},
            {"status": 1002, "errorMessage": "Invalid User", "user_email": "ghost@example.com"},
        ])
    );
    assert_eq!(s.sim.control().live_code("user2@example.com", "ENROLLMENT"), None);
    assert!(
        s.sim.control().live_code("user2@example.com", "PASSWORD_RESET").is_some(),
        "the reset code is untouched"
    );
}

#[tokio::test]
async fn reset_void_answers_1015_and_1016() {
    let s = start().await;
    let results = s
        .void(
            "PASSWORD_RESET",
            &["user1@example.com", "user2@example.com", "lukas.meyer@example.com"],
        )
        .await;
    assert_eq!(
        Value::Array(results),
        json!([
            {"status": 1015, "errorMessage": NO_RESET, "user_email": "user1@example.com"},
            {"status": 1016, "user_email": "user2@example.com"},
            // Lukas's code expired before the simulator started.
            {"status": 1015, "errorMessage": NO_RESET, "user_email": "lukas.meyer@example.com"},
        ])
    );
}

#[tokio::test]
async fn the_table_spelling_is_read_too_and_duplicates_count_once() {
    let s = start().await;
    let a = s.post(VOID, &json!({"codeGenerationMode": "ENROLLMENT", "userEmails": ["user2@example.com", "USER2@example.com"]})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json, json!({"results": [{"status": 1014, "user_email": "user2@example.com"}]}));
}

#[tokio::test]
async fn disabled_users_are_invalid_and_the_echo_is_as_sent() {
    let s = start().await;
    let results =
        s.void("ENROLLMENT", &["Grace.Hopper@example.com", "PRIYA.NAIR@example.com"]).await;
    assert_eq!(statuses(&results), [1002, 1014]);
    assert_eq!(results[1]["user_email"], "PRIYA.NAIR@example.com");
}

#[tokio::test]
async fn a_bad_mode_or_list_is_400() {
    let s = start().await;
    for body in [
        json!({"code_generation_mode": "RESET", "user_emails": ["user1@example.com"]}),
        json!({"user_emails": ["user1@example.com"]}),
        json!({"code_generation_mode": "ENROLLMENT"}),
        json!({"code_generation_mode": "ENROLLMENT", "user_emails": "user1@example.com"}),
        json!({"code_generation_mode": "ENROLLMENT", "user_emails": [{"email": "user1@example.com"}]}),
    ] {
        let a = s.post(VOID, &body).await;
        assert_eq!(a.status, 400, "{body}: {}", a.text);
        assert_eq!(a.json["code"], "400 BAD_REQUEST");
    }
    assert!(
        s.sim.control().live_code("user2@example.com", "ENROLLMENT").is_some(),
        "nothing was voided"
    );
}

#[tokio::test]
async fn over_a_hundred_emails_is_the_documented_400() {
    let s = start().await;
    let emails: Vec<String> = (0..101).map(|i| format!("u{i}@example.com")).collect();
    let a =
        s.post(VOID, &json!({"code_generation_mode": "ENROLLMENT", "user_emails": emails})).await;
    assert_code_description(
        &a,
        400,
        "400 BAD_REQUEST",
        "Number of user details (101) in request exceeds maximum allowed (100)",
    );
    let results =
        s.void("ENROLLMENT", &emails[..100].iter().map(String::as_str).collect::<Vec<_>>()).await;
    assert_eq!(results.len(), 100);
}
