//! Injected faults, latency and random faults, each observed the way a client would meet it.

use super::*;
use casdesk::sim::Fault;
use std::time::{Duration, Instant};

/// Generates an enrollment code for Alice: a call whose effect is visible in the tenant.
async fn generate_for_alice(s: &Sim) -> reqwest::Response {
    s.http
        .post(s.url(ENROLL))
        .bearer_auth(&s.token)
        .json(&json!([{"email": "alice@example.com"}]))
        .send()
        .await
        .expect("headers arrive")
}

fn alice_code(s: &Sim) -> Option<String> {
    s.sim.control().live_code("alice@example.com", "ENROLLMENT")
}

#[tokio::test]
async fn server_error_is_the_services_500_and_nothing_happens() {
    let s = start().await;
    s.sim.control().inject(Fault::ServerError, 1);
    let r = generate_for_alice(&s).await;
    assert_eq!(r.status(), 500);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        json!({"code": "500 INTERNAL_SERVER_ERROR", "description": "An internal error occurred."})
    );
    assert_eq!(alice_code(&s), None);
    assert_eq!(generate_for_alice(&s).await.status(), 200, "one call only");
}

#[tokio::test]
async fn gateway_pages_are_html_and_nothing_happens() {
    let s = start().await;
    for (fault, status) in
        [(Fault::BadGatewayHtml, 502), (Fault::Unavailable, 503), (Fault::GatewayTimeoutHtml, 504)]
    {
        s.sim.control().inject(fault, 1);
        let r = generate_for_alice(&s).await;
        assert_eq!(r.status(), status, "{fault:?}");
        assert!(
            r.headers()["content-type"].to_str().unwrap().starts_with("text/html"),
            "{fault:?}"
        );
        let page = r.text().await.unwrap();
        assert!(page.contains("<html>") && page.contains(&status.to_string()), "{page}");
        assert_eq!(alice_code(&s), None, "{fault:?} must not reach the service");
    }
}

#[tokio::test]
async fn an_injected_429_looks_like_the_rate_limiters() {
    let s = start().await;
    s.sim.control().inject(Fault::TooManyRequests, 2);
    let a = s.lookup("john.doe@example.com").await;
    assert_code_description(&a, 429, "429 TOO_MANY_REQUESTS", "Too many requests.");
    assert!(a.headers.get("retry-after").is_none());
    s.sim.control().set_retry_after(true);
    let a = s.lookup("john.doe@example.com").await;
    assert_eq!(a.headers["retry-after"], "1");
    assert_eq!(s.lookup("john.doe@example.com").await.status, 200);
    let stats = s.sim.control().stats();
    assert_eq!((stats.faults_injected, stats.too_many_requests), (2, 2));
    assert_eq!(stats.by_endpoint["POST /v1/users/lookup"], 3, "throttled calls are counted too");
}

#[tokio::test]
async fn a_dropped_connection_breaks_the_body_after_the_service_acted() {
    let s = start().await;
    s.sim.control().inject(Fault::DropConnection, 1);
    let r = generate_for_alice(&s).await;
    assert_eq!(r.status(), 200, "the headers made it");
    let err = r.bytes().await.expect_err("the body breaks off");
    assert!(err.is_body() || err.is_decode() || err.is_request(), "{err:?}");
    assert!(alice_code(&s).is_some(), "the code was generated all the same");
}

#[tokio::test]
async fn a_truncated_answer_is_valid_http_but_not_json() {
    let s = start().await;
    s.sim.control().inject(Fault::TruncatedJson, 1);
    let r = generate_for_alice(&s).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let body = r.bytes().await.expect("the whole (short) body arrives");
    assert!(!body.is_empty());
    assert!(serde_json::from_slice::<Value>(&body).is_err(), "{}", String::from_utf8_lossy(&body));
    assert!(alice_code(&s).is_some(), "the service acted");
}

#[tokio::test]
async fn a_stall_outlasts_a_client_timeout_and_does_not_hold_up_shutdown() {
    let s = start().await;
    s.sim.control().inject(Fault::Stall, 1);
    let started = Instant::now();
    let err = s
        .http
        .post(s.url(LOOKUP))
        .bearer_auth(&s.token)
        .json(&json!({"email": "john.doe@example.com"}))
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let started = Instant::now();
    s.sim.shutdown().await;
    assert!(started.elapsed() < Duration::from_secs(5), "shutdown ends the stall");
}

#[tokio::test]
async fn queued_faults_come_in_order_and_spare_the_token_endpoint() {
    let s = start().await;
    s.sim.control().inject(Fault::ServerError, 1);
    s.sim.control().inject(Fault::BadGatewayHtml, 1);
    let token = s
        .http
        .post(format!("{}/token", s.sim.oauth_issuer()))
        .form(&[("grant_type", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), 400, "faults are for the Admin API");
    let order: Vec<u16> = [
        s.lookup("john.doe@example.com").await.status.as_u16(),
        s.lookup("john.doe@example.com").await.status.as_u16(),
        s.lookup("john.doe@example.com").await.status.as_u16(),
    ]
    .into();
    assert_eq!(order, [500, 502, 200]);
}

/// What a call met: an HTTP status, or "drop" when the body broke off.
async fn outcome(s: &Sim) -> String {
    let r = s
        .http
        .post(s.url(LOOKUP))
        .bearer_auth(&s.token)
        .json(&json!({"email": "alice@example.com"}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    match r.bytes().await {
        Ok(_) => status.to_string(),
        Err(_) => "drop".into(),
    }
}

#[tokio::test]
async fn random_faults_follow_the_seed() {
    let config = || SimConfig { fault_rate: 0.5, fault_seed: 42, ..SimConfig::default() };
    let (a, b) = (start_with(config()).await, start_with(config()).await);
    let mut seen_a = Vec::new();
    let mut seen_b = Vec::new();
    for _ in 0..24 {
        seen_a.push(outcome(&a).await);
        seen_b.push(outcome(&b).await);
    }
    assert_eq!(seen_a, seen_b, "same seed, same faults");
    assert!(seen_a.iter().any(|o| o == "200") && seen_a.iter().any(|o| o != "200"), "{seen_a:?}");
    assert!(
        seen_a.iter().all(|o| ["200", "500", "502", "503", "drop"].contains(&o.as_str())),
        "{seen_a:?}"
    );
    let faults = seen_a.iter().filter(|o| *o != "200").count() as u64;
    assert_eq!(a.sim.control().stats().faults_injected, faults);
    a.sim.control().set_fault_rate(0.0);
    assert_eq!(outcome(&a).await, "200");
    a.sim.control().set_fault_rate(1.0);
    assert_ne!(outcome(&a).await, "200");
}

#[tokio::test]
async fn latency_is_added_to_api_answers() {
    let s = start().await;
    let latency = Duration::from_millis(400);
    s.sim.control().set_latency(latency);
    let started = Instant::now();
    assert_eq!(s.lookup("john.doe@example.com").await.status, 200);
    assert!(started.elapsed() >= latency);
    s.sim.control().set_latency(Duration::ZERO);
    let started = Instant::now();
    assert_eq!(s.lookup("john.doe@example.com").await.status, 200);
    assert!(started.elapsed() < latency, "latency is off again");
}
