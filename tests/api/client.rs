//! The typed client against the embedded simulator, over real HTTP on loopback.

use crate::support::simulator::{self, calls, legacy_client as legacy_client_with};
use crate::support::simulator::{retries, start_sim};
use casdesk::api::*;
use casdesk::sim::{self, Fault, SimHandle};
use std::time::Duration;

/// Short waits so retry tests stay fast; same rules as the default policy.
fn fast_retries() -> ClientOptions {
    retries(4, 10, 40, 5)
}

fn legacy_client(sim: &SimHandle) -> Client {
    legacy_client_with(sim, fast_retries())
}

fn oauth_client(sim: &SimHandle, client_id: &str, jwk: &str) -> Client {
    simulator::oauth_client(sim, client_id, jwk, fast_retries())
}

const GENERATE_ENROLL: &str = "POST /v1/users/generateVerifyCode/enroll";
const LOOKUP: &str = "POST /v1/users/lookup";
const VOID: &str = "POST /v1/users/voidVerifyCode";
const DEVICE_CODE: &str = "POST /v1/users/deviceRegistrationCode";

fn display(email: &str) -> GenerateCodeRequest {
    let mut r = GenerateCodeRequest::new(email);
    r.delivery = Some(Delivery::Display);
    r
}

// ---- lookup and authenticators ----

#[tokio::test]
async fn lookup_returns_the_user_and_their_authenticators() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    let user = client.lookup_user("john.doe@example.com", false).await.unwrap();
    assert_eq!(user.email_address.as_deref(), Some("john.doe@example.com"));
    assert_eq!(user.user_status, Some(UserStatus::Enabled));
    let id = user.id.clone().expect("lookup gives the user id");
    let authenticators = client.user_authenticators(&id).await.unwrap();
    // The demo tenant gives John a registered phone.
    assert!(!authenticators.devices.is_empty(), "{authenticators:?}");
    assert!(authenticators.devices[0].name.is_some());
    let err = client.user_authenticators("00000000-0000-0000-0000-000000000000").await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
}

#[tokio::test]
async fn unknown_user_keeps_the_services_words() {
    let sim = start_sim().await;
    let err = legacy_client(&sim).lookup_user("nobody@example.com", false).await.unwrap_err();
    match &err {
        ApiError::Status(s) => {
            assert_eq!(s.status, 404);
            assert_eq!(s.server_message(), Some("User nobody@example.com not found"));
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

// ---- generate ----

#[tokio::test]
async fn displayed_code_is_nine_digits_and_is_the_live_one() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    let mut request = display("alice@example.com");
    request.validity = Some(CodeValidity::new(2, ValidityUnit::Hours).unwrap());
    let results = client.generate_enrollment_codes(&[request]).await.unwrap();
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!(r.status, ResultCode::Generated, "{:?}", r.error_message);
    let code = r.verify_code.as_ref().expect("DISPLAY returns the code").expose().to_string();
    assert_eq!(code.len(), 9);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(sim.control().live_code("alice@example.com", "ENROLLMENT"), Some(code));
    let left = r.expires_at().expect("expiry is readable") - time::OffsetDateTime::now_utc();
    assert!(left > time::Duration::minutes(118) && left <= time::Duration::minutes(120), "{left}");
    assert_eq!(r.verify_code_generation_mode.as_deref(), Some("ENROLLMENT"));
    assert!(r.verification_link.is_some());
}

#[tokio::test]
async fn emailed_code_is_not_shown_but_is_sent() {
    let sim = start_sim().await;
    let mut request = GenerateCodeRequest::new("alice@example.com");
    request.delivery = Some(Delivery::Email);
    request.custom_email = Some("alice.home@example.net".into());
    let results = legacy_client(&sim).generate_password_reset_codes(&[request]).await.unwrap();
    assert_eq!(results[0].status, ResultCode::Generated);
    assert!(results[0].verify_code.is_none());
    let outbox = sim.control().outbox();
    assert!(outbox.iter().any(|m| m.to == "alice.home@example.net"), "{outbox:?}");
}

#[tokio::test]
async fn the_vendor_example_users_give_the_documented_results() {
    let sim = start_sim().await;
    let mut admin = GenerateCodeRequest::new("administrator@example.com");
    admin.delivery = Some(Delivery::Email);
    admin.custom_email = Some("administrator.admin@example.com".into());
    let users = vec![
        GenerateCodeRequest::new("local_rsa_unified@example.com"),
        admin,
        display("ADUser@example.com"),
        display("not-an-address"),
        display("ghost@example.com"),
    ];
    let results = legacy_client(&sim).generate_enrollment_codes(&users).await.unwrap();
    let codes: Vec<i64> = results.iter().map(|r| r.status.code()).collect();
    assert_eq!(codes, vec![1006, 1005, 1000, 1003, 1002]);
    assert!(results.iter().filter(|r| !r.status.is_success()).all(|r| r.verify_code.is_none()));
}

#[tokio::test]
async fn over_a_hundred_users_is_refused_before_sending() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    let users: Vec<_> = (0..101).map(|i| display(&format!("u{i}@example.com"))).collect();
    let err = client.generate_enrollment_codes(&users).await.unwrap_err();
    assert!(matches!(err, ApiError::InvalidRequest(_)), "{err}");
    assert_eq!(calls(&sim, GENERATE_ENROLL), 0, "nothing may be sent");
    let hundred = client.generate_enrollment_codes(&users[..100]).await.unwrap();
    assert_eq!(hundred.len(), 100);
}

// ---- void ----

#[tokio::test]
async fn void_reports_voided_then_nothing_to_void() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    client.generate_enrollment_codes(&[display("alice@example.com")]).await.unwrap();
    let emails = vec!["alice@example.com".to_string(), "ghost@example.com".to_string()];
    let first = client.void_codes(CodeMode::Enrollment, &emails).await.unwrap();
    let codes: Vec<_> =
        first.iter().map(|r| (r.user_email.as_deref().unwrap(), r.status)).collect();
    assert_eq!(
        codes,
        vec![
            ("alice@example.com", ResultCode::EnrollmentVoided),
            ("ghost@example.com", ResultCode::InvalidUser)
        ]
    );
    assert_eq!(sim.control().live_code("alice@example.com", "ENROLLMENT"), None);
    let second = client.void_codes(CodeMode::Enrollment, &emails[..1]).await.unwrap();
    assert_eq!(second[0].status, ResultCode::EnrollmentNothingToVoid);
    assert!(second[0].error_message.is_some());

    client.generate_password_reset_codes(&[display("alice@example.com")]).await.unwrap();
    let reset = client.void_codes(CodeMode::PasswordReset, &emails[..1]).await.unwrap();
    assert_eq!(reset[0].status, ResultCode::ResetVoided);
    let again = client.void_codes(CodeMode::PasswordReset, &emails[..1]).await.unwrap();
    assert_eq!(again[0].status, ResultCode::ResetNothingToVoid);
}

// ---- device registration ----

#[tokio::test]
async fn device_registration_code_and_its_refusals() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    let ok = client
        .device_registration_code(
            &DeviceCodeTarget::Email("user.one@mycompany.com".into()),
            AuthenticatorApp::IosAndroid,
        )
        .await
        .unwrap();
    assert_eq!(ok.code.expose().len(), 9);
    assert!(ok.company_id.is_some());
    assert!(ok.expiration_date.as_deref().and_then(parse_service_time).is_some());

    let by_name = client
        .device_registration_code(
            &DeviceCodeTarget::Username("usersusername".into()),
            AuthenticatorApp::IosAndroid,
        )
        .await
        .unwrap();
    assert!(!by_name.code.is_empty());

    let before = calls(&sim, DEVICE_CODE);
    let err = client
        .device_registration_code(
            &DeviceCodeTarget::Email("ghost@example.com".into()),
            AuthenticatorApp::IosAndroid,
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(err.to_string().contains("not found"), "{err}");
    // A 403 that is not about the token must not be taken for one and sent again.
    assert_eq!(calls(&sim, DEVICE_CODE) - before, 1);

    let err = client
        .device_registration_code(
            &DeviceCodeTarget::Email("alice@example.com".into()),
            AuthenticatorApp::IosAndroid,
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(err.to_string().contains("already has a registered device"), "{err}");
}

// ---- emergency tokencode ----

#[tokio::test]
async fn emergency_tokencode_enable_then_disable_shows_in_lookup() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    let user = client.lookup_user("alice@example.com", false).await.unwrap();
    let id = user.id.unwrap();
    let options =
        EnableEmergencyTokencode::new(Some(true)).with_expiry(4, EacExpiryUnit::Hours).unwrap();
    let eac = client.enable_emergency_tokencode(&id, &options).await.unwrap();
    assert!(eac.emergency_tokencode.as_ref().is_some_and(|c| !c.is_empty()));
    let eac_id = eac.emergency_tokencode_id.clone().expect("an id to disable it with");

    let after = client.lookup_user("alice@example.com", false).await.unwrap();
    assert!(after.has_emergency_tokencode());
    assert_eq!(after.emergency_tokencode_id.as_deref(), Some(eac_id.as_str()));

    client.disable_emergency_tokencode(&id, &eac_id).await.unwrap();
    let gone = client.lookup_user("alice@example.com", false).await.unwrap();
    assert!(!gone.has_emergency_tokencode(), "{gone:?}");
}

// ---- OAuth ----

#[tokio::test]
async fn oauth_clients_with_rsa_and_ec_keys_work_and_reuse_their_token() {
    let sim = start_sim().await;
    for (id, jwk) in [
        (sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_RSA_JWK),
        (sim::DEMO_OAUTH_EC_CLIENT_ID, sim::DEMO_OAUTH_EC_JWK),
    ] {
        let before = calls(&sim, "POST /oauth/token");
        let client = oauth_client(&sim, id, jwk);
        for _ in 0..3 {
            client.lookup_user("john.doe@example.com", false).await.unwrap();
        }
        assert_eq!(calls(&sim, "POST /oauth/token") - before, 1, "{id}: one token for three calls");
    }
}

#[tokio::test]
async fn oauth_failure_is_an_auth_error_with_the_servers_reason() {
    let sim = start_sim().await;
    // The EC key presented under the RSA client's id: the assertion cannot verify.
    let client = oauth_client(&sim, sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_EC_JWK);
    let err = client.lookup_user("john.doe@example.com", false).await.unwrap_err();
    assert!(matches!(err, ApiError::Auth(AuthError::TokenRequest(_))), "{err}");
    // The token endpoint's own explanation is kept.
    assert!(err.to_string().contains("HTTP 401"), "{err}");
    assert!(err.to_string().contains("wrong algorithm"), "{err}");
    assert_eq!(calls(&sim, LOOKUP), 0);
}

// ---- authentication failures ----

#[tokio::test]
async fn a_rejected_token_is_renewed_once_then_reported() {
    let sim = start_sim().await;
    let demo: serde_json::Value = serde_json::from_str(&sim.demo_key_file_json()).unwrap();
    let untrusted = LegacyKeyFile::new(
        "Example Corp",
        demo["accessID"].as_str().unwrap(),
        "",
        include_str!("../fixtures/keys/untrusted-rsa.pem"),
        &sim.admin_rest_api_url(),
    )
    .unwrap();
    let client = Client::with_options(Credentials::Legacy(untrusted), fast_retries()).unwrap();
    let err = client.lookup_user("john.doe@example.com", false).await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(err.to_string().contains("access token"), "{err}");
    assert_eq!(calls(&sim, LOOKUP), 2, "one renewal, then stop");
}

// ---- retries and faults ----

#[tokio::test]
async fn throttled_reads_are_retried_until_they_pass() {
    let sim = start_sim().await;
    sim.control().inject(Fault::TooManyRequests, 2);
    let user = legacy_client(&sim).lookup_user("john.doe@example.com", false).await.unwrap();
    assert!(user.id.is_some());
    assert_eq!(calls(&sim, LOOKUP), 3);
}

#[tokio::test]
async fn an_unknown_user_reads_not_found_not_gave_up_after_throttled_attempts() {
    let sim = start_sim().await;
    sim.control().inject(Fault::TooManyRequests, 2);
    let err = legacy_client(&sim).lookup_user("nobody@example.com", false).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(calls(&sim, LOOKUP), 3, "the 429s were waited out");
    assert!(!err.to_string().contains("gave up"), "an answer, not a give-up: {err}");
}

#[tokio::test]
async fn retries_are_reported_to_an_observer() {
    let sim = start_sim().await;
    sim.control().inject(Fault::TooManyRequests, 2);
    let notices = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = notices.clone();
    let client =
        legacy_client(&sim).observed(std::sync::Arc::new(move |n| sink.lock().unwrap().push(n)));
    client.lookup_user("john.doe@example.com", false).await.unwrap();
    let notices = notices.lock().unwrap();
    assert_eq!(notices.iter().map(|n| n.attempt).collect::<Vec<_>>(), vec![1, 2]);
    assert!(notices.iter().all(|n| n.rate_limited && n.reason.contains("429")), "{notices:?}");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let sim = start_sim().await;
    sim.control().set_retry_after(true);
    sim.control().set_rate_limit(Some(sim::RateLimit { per_second: 1.0, burst: 1 }));
    let client = legacy_client(&sim);
    client.lookup_user("john.doe@example.com", false).await.unwrap();
    let started = std::time::Instant::now();
    client.lookup_user("john.doe@example.com", false).await.unwrap();
    let waited = started.elapsed();
    // Backoff alone would wait at most 40 ms; the server asked for about a second.
    assert!(waited >= Duration::from_millis(500), "waited only {waited:?}");
}

#[tokio::test]
async fn a_429_storm_ends_with_a_rate_limit_error_after_the_allowed_attempts() {
    let sim = start_sim().await;
    sim.control().inject(Fault::TooManyRequests, 100);
    let err = legacy_client(&sim).lookup_user("john.doe@example.com", false).await.unwrap_err();
    assert!(err.is_rate_limited(), "{err}");
    assert!(err.to_string().contains("gave up after 4 attempts"), "{err}");
    assert_eq!(calls(&sim, LOOKUP), 4);
}

#[tokio::test]
async fn gateway_errors_are_retried_for_reads_but_never_for_generation() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    sim.control().inject(Fault::BadGatewayHtml, 1);
    client.lookup_user("john.doe@example.com", false).await.unwrap();
    assert_eq!(calls(&sim, LOOKUP), 2);

    sim.control().inject(Fault::BadGatewayHtml, 1);
    let err = client.generate_enrollment_codes(&[display("alice@example.com")]).await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert!(err.to_string().contains("web page instead of JSON"), "{err}");
    assert!(err.may_have_taken_effect());
    assert_eq!(calls(&sim, GENERATE_ENROLL), 1, "generation must not be repeated");
}

#[tokio::test]
async fn generation_is_retried_after_a_429_because_nothing_was_done() {
    let sim = start_sim().await;
    sim.control().inject(Fault::TooManyRequests, 1);
    let results = legacy_client(&sim)
        .generate_enrollment_codes(&[display("alice@example.com")])
        .await
        .unwrap();
    assert_eq!(results[0].status, ResultCode::Generated);
    assert_eq!(calls(&sim, GENERATE_ENROLL), 2);
}

#[tokio::test]
async fn a_dropped_connection_after_generation_is_reported_not_repeated() {
    let sim = start_sim().await;
    sim.control().inject(Fault::DropConnection, 1);
    let err = legacy_client(&sim)
        .generate_enrollment_codes(&[display("alice@example.com")])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ApiError::Transport(t) if t.kind == TransportKind::Interrupted),
        "{err}"
    );
    assert!(err.may_have_taken_effect());
    assert!(err.to_string().contains("may have reached the service"), "{err}");
    assert_eq!(calls(&sim, GENERATE_ENROLL), 1);
    assert!(
        sim.control().live_code("alice@example.com", "ENROLLMENT").is_some(),
        "the service did act"
    );
}

#[tokio::test]
async fn a_dropped_void_is_repeated_and_the_code_ends_up_void() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    client.generate_enrollment_codes(&[display("alice@example.com")]).await.unwrap();
    sim.control().inject(Fault::DropConnection, 1);
    let results =
        client.void_codes(CodeMode::Enrollment, &["alice@example.com".to_string()]).await.unwrap();
    assert_eq!(calls(&sim, VOID), 2);
    // The first send voided the code; the repeat finds nothing left to void, and says why
    // that answer is not to be taken at face value.
    assert_eq!(results[0].status, ResultCode::EnrollmentNothingToVoid);
    let said = results[0].error_message.as_deref().unwrap_or_default();
    assert!(said.contains("may have voided it"), "{said}");
    assert_eq!(sim.control().live_code("alice@example.com", "ENROLLMENT"), None);
}

#[tokio::test]
async fn a_truncated_answer_is_an_unexpected_body_without_its_content() {
    let sim = start_sim().await;
    sim.control().inject(Fault::TruncatedJson, 1);
    let err = legacy_client(&sim)
        .generate_enrollment_codes(&[display("alice@example.com")])
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::UnexpectedBody { status: 200, .. }), "{err}");
    assert!(err.to_string().contains("truncated"), "{err}");
    let live = sim.control().live_code("alice@example.com", "ENROLLMENT").unwrap();
    assert!(!err.to_string().contains(&live), "an error must never carry a code");
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let sim = start_sim().await;
    sim.control().inject(Fault::Stall, 1);
    let options = ClientOptions {
        timeout: Duration::from_millis(300),
        retry: RetryPolicy::never(),
        ..ClientOptions::default()
    };
    let err = legacy_client_with(&sim, options)
        .lookup_user("john.doe@example.com", false)
        .await
        .unwrap_err();
    assert!(matches!(&err, ApiError::Transport(t) if t.kind == TransportKind::Timeout), "{err}");
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported_as_such() {
    // Port 1 on loopback: nothing listens there, and no parallel test can start listening.
    let key = LegacyKeyFile::new(
        "Example Corp",
        sim::DEMO_ACCESS_ID,
        "",
        include_str!("../../assets/demo/legacy-admin-key.pem"),
        "http://127.0.0.1:1/AdminInterface/restapi/",
    )
    .unwrap();
    let client = Client::with_options(Credentials::Legacy(key), fast_retries()).unwrap();
    let err = client.generate_enrollment_codes(&[display("alice@example.com")]).await.unwrap_err();
    match &err {
        ApiError::Transport(t) => {
            assert_eq!(t.kind, TransportKind::Connect);
            assert_eq!(t.attempts, 4, "a refused connection is safe to retry, even for generation");
        }
        other => panic!("expected a connection error, got {other}"),
    }
    assert!(!err.may_have_taken_effect());
}

#[tokio::test]
async fn codes_made_by_device_registration_and_emergency_access_are_never_sent_twice() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    let alice = client.lookup_user("alice@example.com", false).await.unwrap().id.unwrap();

    sim.control().inject(Fault::BadGatewayHtml, 1);
    let err = client
        .device_registration_code(
            &DeviceCodeTarget::Email("user.one@mycompany.com".into()),
            AuthenticatorApp::IosAndroid,
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(calls(&sim, DEVICE_CODE), 1);

    sim.control().inject(Fault::DropConnection, 1);
    let err = client
        .enable_emergency_tokencode(&alice, &EnableEmergencyTokencode::default())
        .await
        .unwrap_err();
    assert!(err.may_have_taken_effect(), "{err}");
    assert_eq!(calls(&sim, "PUT /v2/users/{id}/emergencyTokencode"), 1);
    assert!(
        sim.control().live_emergency_tokencode("alice@example.com").is_some(),
        "the service did act"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_ends_the_call_at_once_with_the_wait() {
    let sim = start_sim().await;
    sim.control().set_retry_after(true);
    sim.control().set_rate_limit(Some(sim::RateLimit { per_second: 0.01, burst: 1 }));
    let client = legacy_client(&sim);
    client.lookup_user("john.doe@example.com", false).await.unwrap();
    let started = std::time::Instant::now();
    let err = client.lookup_user("john.doe@example.com", false).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "must not sit out a 100 s wait");
    assert!(err.is_rate_limited());
    assert!(err.to_string().contains("asks to wait"), "{err}");
}

#[tokio::test]
async fn a_clock_far_off_is_corrected_from_the_services_answer() {
    let sim = start_sim().await;
    // Two hours fast: the first token's iat is in the service's future, so it is rejected.
    let options = ClientOptions { clock_offset_secs: 7200, ..fast_retries() };
    let client = legacy_client_with(&sim, options);
    let user = client.lookup_user("john.doe@example.com", false).await.unwrap();
    assert!(user.id.is_some());
    assert_eq!(calls(&sim, LOOKUP), 2, "one rejection, then a token minted by the service's clock");
    client.lookup_user("john.doe@example.com", false).await.unwrap();
    assert_eq!(calls(&sim, LOOKUP), 3, "the corrected clock is kept");
}

// ---- sign-in activity (authlogs) ----

#[tokio::test]
async fn auth_logs_come_newest_first_and_the_filters_reach_the_service() {
    let sim = start_sim().await;
    let client = legacy_client(&sim);
    let id = client.lookup_user("viktor.petrov@example.com", false).await.unwrap().id.unwrap();
    let all = client.user_auth_logs(&id, &AuthLogQuery::default()).await.unwrap();
    assert_eq!(all.len(), 6, "{all:?}");
    let times: Vec<_> = all.iter().map(|e| e.logged_at().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");
    let code = "AUTHN_FAILED_INVALID_TOKENCODE";
    let only = AuthLogQuery { event_code: Some(code.into()), ..AuthLogQuery::default() };
    let wrong = client.user_auth_logs(&id, &only).await.unwrap();
    assert_eq!(wrong.len(), 3);
    assert!(wrong.iter().all(|e| e.event_code.as_deref() == Some(code)));
    // A start at an offset east of UTC: its `+` must arrive as `+`, or the service says 400.
    let east = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+05:30));
    let recent = AuthLogQuery {
        start_time_after: Some(east - time::Duration::minutes(30)),
        ..AuthLogQuery::default()
    };
    let got = client.user_auth_logs(&id, &recent).await.unwrap();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].event_code.as_deref(), Some("AUTHN_FAILED_METHOD_LOCKED"));
    let backwards = AuthLogQuery {
        start_time_after: Some(east),
        end_time_on_or_before: Some(east - time::Duration::hours(1)),
        ..AuthLogQuery::default()
    };
    let err = client.user_auth_logs(&id, &backwards).await.unwrap_err();
    assert!(matches!(err, ApiError::InvalidRequest(_)), "refused before sending: {err}");
    let err = client
        .user_auth_logs("00000000-0000-0000-0000-000000000000", &AuthLogQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
    assert!(client.user_auth_logs("..", &AuthLogQuery::default()).await.is_err());
}

/// A one-shot HTTP server on loopback that answers `body` to one request and hands back the
/// request line as it arrived on the wire.
async fn one_answer(body: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/AdminInterface/restapi/", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(answer.as_bytes()).await.unwrap();
        let text = String::from_utf8_lossy(&seen).into_owned();
        text.lines().next().unwrap_or_default().to_string()
    });
    (url, task)
}

/// A legacy client whose key file points at `url` instead of the simulator.
fn client_for(sim: &SimHandle, url: &str) -> Client {
    let mut key: serde_json::Value = serde_json::from_str(&sim.demo_key_file_json()).unwrap();
    key["adminRestApiUrl"] = serde_json::Value::String(url.to_string());
    let key = LegacyKeyFile::parse(&key.to_string()).expect("the key file parses");
    let options = ClientOptions {
        retry: RetryPolicy { max_attempts: 1, ..fast_retries().retry },
        ..fast_retries()
    };
    Client::with_options(Credentials::Legacy(key), options).unwrap()
}

#[tokio::test]
async fn the_plus_of_an_offset_goes_out_as_percent_2b() {
    let sim = start_sim().await;
    let (url, request) = one_answer("[]").await;
    let client = client_for(&sim, &url);
    let query = AuthLogQuery {
        start_time_after: Some(time::macros::datetime!(2025-03-04 09:14:00 +01:00)),
        end_time_on_or_before: Some(time::macros::datetime!(2025-03-04 10:00:00 -05:00)),
        event_code: Some("AUTHN_SUCCESS".into()),
    };
    assert!(client.user_auth_logs("u-1", &query).await.unwrap().is_empty());
    let line = request.await.unwrap();
    assert_eq!(
        line,
        "GET /AdminInterface/restapi/v1/users/u-1/authlogs?eventCode=AUTHN_SUCCESS\
         &startTimeAfter=2025-03-04T09%3A14%3A00.000%2B01%3A00\
         &endTimeOnOrBefore=2025-03-04T10%3A00%3A00.000-05%3A00 HTTP/1.1"
    );
}

#[tokio::test]
async fn a_log_naming_another_user_is_refused_whatever_its_position() {
    let sim = start_sim().await;
    let (url, _request) = one_answer(
        r#"{"elements":[{"userId":"u-1","eventCode":"AUTHN_SUCCESS"},{"userId":"u-2","eventCode":"AUTHN_SUCCESS"}]}"#,
    )
    .await;
    let err =
        client_for(&sim, &url).user_auth_logs("u-1", &AuthLogQuery::default()).await.unwrap_err();
    assert!(matches!(err, ApiError::AnsweredForSomeoneElse { .. }), "{err}");
    let (url, _request) = one_answer(
        r#"{"totalElements":2,"elements":[{"userId":"U-1","eventCode":"A"},{"eventCode":"B"}]}"#,
    )
    .await;
    let got = client_for(&sim, &url).user_auth_logs("u-1", &AuthLogQuery::default()).await.unwrap();
    assert_eq!(got.len(), 2, "the same id in another case, and no id at all, are this user's");
    let (url, _request) = one_answer(r#"{"code":"x"}"#).await;
    let err =
        client_for(&sim, &url).user_auth_logs("u-1", &AuthLogQuery::default()).await.unwrap_err();
    assert!(matches!(err, ApiError::UnexpectedBody { .. }), "{err}");
}
