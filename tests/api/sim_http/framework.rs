//! What every endpoint shares: body parsing errors, unknown paths and methods, the rate limit,
//! statistics, the demo key file, and shutdown.

use super::*;
use casdesk::sim::RateLimit;

const POST_ENDPOINTS: [&str; 5] = [LOOKUP, ENROLL, RESET, VOID, DEVICE_CODE];

#[tokio::test]
async fn malformed_json_is_400_and_says_where() {
    let s = start().await;
    for path in POST_ENDPOINTS {
        let a = s.post_raw(path, "application/json", b"{\"email\": \"a@example.com\",}").await;
        assert_eq!(a.status, 400, "{path}: {}", a.text);
        assert_eq!(a.json["code"], "400 BAD_REQUEST");
        let d = a.json["description"].as_str().unwrap();
        assert!(
            d.starts_with("Malformed JSON request body: ") && d.contains("line 1 column"),
            "{path}: {d}"
        );
    }
    for garbage in [&b"\xff\xfe\x00"[..], b"[[[[", b"nul", b"{\"email\":\"a\"} trailing"] {
        assert_eq!(s.post_raw(LOOKUP, "application/json", garbage).await.status, 400);
    }
    let deep = "[".repeat(10_000);
    assert_eq!(
        s.post_raw(ENROLL, "application/json", deep.as_bytes()).await.status,
        400,
        "deep nesting is refused, not a crash"
    );
    let a = s.post_raw(LOOKUP, "application/json", b"").await;
    assert_code_description(&a, 400, "400 BAD_REQUEST", "Required request body is missing");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let s = start().await;
    for path in POST_ENDPOINTS {
        let a = s.post_raw(path, "text/plain", br#"{"email":"john.doe@example.com"}"#).await;
        assert_code_description(
            &a,
            415,
            "415 UNSUPPORTED_MEDIA_TYPE",
            "Content-Type 'text/plain' is not supported",
        );
    }
    let a = s
        .post_raw(LOOKUP, "application/x-www-form-urlencoded", b"email=john.doe%40example.com")
        .await;
    assert_eq!(a.status, 415);
    let a = s
        .post_raw(LOOKUP, "application/json; charset=UTF-8", br#"{"email":"john.doe@example.com"}"#)
        .await;
    assert_eq!(a.status, 200, "parameters are fine");
}

#[tokio::test]
async fn a_huge_body_is_413() {
    let s = start().await;
    let big = format!("[{}]", vec!["{\"email\":\"a@example.com\"}"; 60_000].join(","));
    assert!(big.len() > 1024 * 1024);
    let a = s.post_raw(ENROLL, "application/json", big.as_bytes()).await;
    assert_eq!(a.status, 413, "{}", a.text);
    assert_eq!(a.json["code"], "413 PAYLOAD_TOO_LARGE");
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405() {
    let s = start().await;
    // Not `v1/users/<x>`: that is Update SMS / Voice's path, so a GET there is a 405.
    let a = s.get("v1/nothing-here").await;
    assert_spring(&a, 404, "Not Found", "No message available", &admin_path("v1/nothing-here"));
    let a = s.get(LOOKUP).await;
    assert_spring(
        &a,
        405,
        "Method Not Allowed",
        "Request method 'GET' is not supported",
        &admin_path(LOOKUP),
    );
    let outside = s.http.get(format!("{}/elsewhere", s.sim.base_url())).send().await.unwrap();
    assert_eq!(outside.status(), 404);
    let stats = s.sim.control().stats();
    assert_eq!(stats.by_endpoint.get("GET (unmatched)"), Some(&2));
    assert_eq!(stats.by_endpoint.get("GET /v1/users/lookup"), Some(&1));
}

#[tokio::test]
async fn the_rate_limit_answers_429_without_retry_after_by_default() {
    let s = start_with(SimConfig {
        rate_limit: Some(RateLimit { per_second: 0.2, burst: 2 }),
        ..SimConfig::default()
    })
    .await;
    assert_eq!(s.lookup("john.doe@example.com").await.status, 200);
    assert_eq!(s.lookup("john.doe@example.com").await.status, 200);
    let a = s.lookup("john.doe@example.com").await;
    assert_code_description(&a, 429, "429 TOO_MANY_REQUESTS", "Too many requests.");
    assert!(a.headers.get("retry-after").is_none(), "the service documents no Retry-After");

    s.sim.control().set_retry_after(true);
    let a = s.lookup("john.doe@example.com").await;
    assert_eq!(a.status, 429);
    let secs: u64 = a.headers["retry-after"].to_str().unwrap().parse().expect("whole seconds");
    assert!((1..=5).contains(&secs), "{secs}");
    // The token endpoint shares the bucket.
    let token = s
        .http
        .post(format!("{}/token", s.sim.oauth_issuer()))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), 429);
    let stats = s.sim.control().stats();
    assert_eq!(stats.too_many_requests, 3);
    assert_eq!(stats.by_status.get(&200), Some(&2));
    // Lifting the limit ends the throttling at once.
    s.sim.control().set_rate_limit(None);
    assert_eq!(s.lookup("john.doe@example.com").await.status, 200);
}

#[tokio::test]
async fn the_bucket_refills() {
    let s = start_with(SimConfig {
        rate_limit: Some(RateLimit {
            // Slow enough that a loaded machine cannot refill between two calls.
            per_second: 2.0,
            burst: 1,
        }),
        ..SimConfig::default()
    })
    .await;
    assert_eq!(s.lookup("john.doe@example.com").await.status, 200);
    assert_eq!(s.lookup("john.doe@example.com").await.status, 429);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(s.lookup("john.doe@example.com").await.status, 200);
}

#[tokio::test]
async fn the_demo_key_file_is_the_console_format_and_private_on_disk() {
    let s = start().await;
    let k = &s.key_file;
    let mut keys: Vec<&str> = k.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["accessID", "accessKey", "adminRestApiUrl", "customerName", "description"]);
    assert_eq!(k["customerName"], "Example Corp");
    assert_eq!(k["accessID"], sim::DEMO_ACCESS_ID);
    assert_eq!(k["adminRestApiUrl"], s.sim.admin_rest_api_url());
    assert!(s.sim.admin_rest_api_url().ends_with("/AdminInterface/restapi/"));
    let pem = k["accessKey"].as_str().unwrap();
    assert!(
        pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n") && pem.contains('\n'),
        "PKCS#1 with real newlines"
    );
    assert_eq!(s.sim.oauth_issuer(), format!("{}/oauth", s.sim.base_url()));

    let dir = std::env::temp_dir().join(format!("casdesk-sim-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("demo.key");
    std::fs::write(&path, "old").unwrap();
    s.sim.write_demo_key_file(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), s.sim.demo_key_file_json());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn after_shutdown_the_port_is_closed() {
    let s = start().await;
    let url = s.url(LOOKUP);
    assert_eq!(s.lookup("john.doe@example.com").await.status, 200);
    s.sim.shutdown().await;
    let err = reqwest::Client::new().post(url).json(&json!({})).send().await.unwrap_err();
    assert!(err.is_connect(), "{err}");
}
