//! Generate and Download Report over raw HTTP: 201 with no body, the CSV from the tenant as it
//! was at generate, not ready (404) until it is made, and the two limits (429 with
//! Retry-After), per kind.

use super::*;
use std::time::Duration;

async fn generate(s: &Sim, kind: &str) -> Answer {
    s.call(Method::POST, &format!("v1/report/{kind}/generate"), Some(&s.token), None).await
}

async fn download(s: &Sim, kind: &str) -> Answer {
    s.get(&format!("v1/report/{kind}/download")).await
}

#[tokio::test]
async fn generate_answers_201_and_the_report_is_ready_seconds_later() {
    let s = start().await;
    let a = download(&s, "users").await;
    assert_code_description(&a, 404, "404 NOT_FOUND", "No users report has been generated.");
    let a = generate(&s, "users").await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert!(a.text.is_empty(), "an empty payload: {}", a.text);
    let a = download(&s, "users").await;
    assert_eq!(a.status, 404, "not ready yet: {}", a.text);
    assert!(a.json["description"].as_str().unwrap().contains("still being generated"));
    s.sim.control().advance_clock(Duration::from_secs(5));
    let a = download(&s, "users").await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.headers["content-type"], "text/csv; charset=UTF-8");
    let disposition = a.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"users-report-"), "{disposition}");
    assert!(a.text.starts_with("Email,First Name,Last Name,"), "{}", a.text);
    assert!(a.text.contains("\r\nalice@example.com,"), "{}", a.text);
    assert!(a.text.ends_with("\r\n"));
}

#[tokio::test]
async fn the_report_is_the_tenant_as_it_was_when_generated() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    let a = s
        .send(Method::PUT, &format!("v1/users/{id}/userStatus"), &json!({"userStatus": "Disabled"}))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(generate(&s, "users").await.status, 201);
    // A change after generate is not in this report.
    s.send(Method::PUT, &format!("v1/users/{id}/userStatus"), &json!({"userStatus": "Enabled"}))
        .await;
    s.sim.control().advance_clock(Duration::from_secs(6));
    let csv = download(&s, "users").await.text;
    let alice = csv.lines().find(|l| l.starts_with("alice@example.com,")).expect("alice's row");
    assert!(alice.contains(",Disabled,"), "the change made just before: {alice}");
}

#[tokio::test]
async fn the_limits_are_429_with_retry_after_per_kind() {
    let s = start().await;
    assert_eq!(generate(&s, "hardware_tokens").await.status, 201);
    let a = generate(&s, "hardware_tokens").await;
    assert_eq!(a.status, 429, "{}", a.text);
    assert_eq!(a.json["code"], "429 TOO_MANY_REQUESTS");
    assert!(a.json["description"].as_str().unwrap().contains("once every 8 hours"));
    let wait: u64 = a.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((8 * 3600 - 5..=8 * 3600).contains(&wait), "{wait}");
    assert_eq!(generate(&s, "mfa_clients").await.status, 201, "each kind its own limit");
    s.sim.control().advance_clock(Duration::from_secs(10));
    let csv = download(&s, "hardware_tokens").await;
    assert_eq!(csv.status, 200);
    assert!(csv.text.starts_with("Serial Number,Token Name,State,"));
    let again = download(&s, "hardware_tokens").await;
    assert_eq!(again.status, 429, "{}", again.text);
    assert!(again.json["description"].as_str().unwrap().contains("once every 15 minutes"));
    let wait: u64 = again.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((14 * 60..=15 * 60).contains(&wait), "{wait}");
    s.sim.control().advance_clock(Duration::from_secs(15 * 60));
    let later = download(&s, "hardware_tokens").await;
    assert_eq!((later.status, later.text), (csv.status, csv.text), "the same report again");
    s.sim.control().advance_clock(Duration::from_secs(8 * 3600));
    assert_eq!(generate(&s, "hardware_tokens").await.status, 201, "8 hours on");
}

#[tokio::test]
async fn an_unknown_kind_is_404_and_a_token_is_needed() {
    let s = start().await;
    let a = generate(&s, "browsers").await;
    assert_code_description(&a, 404, "404 NOT_FOUND", "Report type browsers not found.");
    let a = s.call(Method::POST, "v1/report/users/generate", None, None).await;
    assert_eq!(a.status, 403, "{}", a.text);
}
