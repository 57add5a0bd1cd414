//! Live Verification through `casdesk::api::Client` against the simulator over loopback HTTP:
//! a session started, answered (by `SimControl`, by the simulator's HTTP control endpoint, or by
//! the demo users who answer by themselves), expired by the tenant clock, refused to a second
//! administrator, restarted, cancelled, checked by code; and the 403s worded for a console.

use crate::support::simulator::{
    helpdesk_client, legacy_client, oauth_client, oauth_client_asking, start_sim,
};
use casdesk::api::{ApiError, Client, ClientOptions, VerifyRefusal, VerifyStatus, required_scopes};
use casdesk::secret::Secret;
use casdesk::sim::{self, SimConfig, SimHandle, VerifyAnswer, event_code};
use serde_json::{Value, json};
use std::time::Duration;

/// The second administrator: the demo EC client, a different OAuth client id.
fn second_admin(sim: &SimHandle) -> Client {
    let (id, jwk) = (sim::DEMO_OAUTH_EC_CLIENT_ID, sim::DEMO_OAUTH_EC_JWK);
    oauth_client(sim, id, jwk, ClientOptions::default())
}

async fn id_of(client: &Client, email: &str) -> String {
    client.lookup_user(email, false).await.expect("the user").id.expect("an id")
}

fn status_of(result: Result<casdesk::api::VerifySession, ApiError>) -> VerifyStatus {
    result.expect("a session").status.expect("a status")
}

#[tokio::test]
async fn a_session_starts_pending_and_the_users_approval_verifies_them() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    let started = c.start_verification(&id).await.expect("started");
    assert_eq!(started.status, Some(VerifyStatus::Pending));
    assert_eq!(started.admin_username.as_deref(), Some(sim::DEMO_OAUTH_RSA_CLIENT_ID));
    assert_eq!(started.user_email.as_deref(), Some("alice@example.com"));
    assert!(started.verify_url.is_some());
    let left = started.expires_at().expect("an expiry") - time::OffsetDateTime::now_utc();
    assert!(left > time::Duration::minutes(2) && left <= time::Duration::minutes(3), "{left}");
    assert_eq!(status_of(c.verification_status(&id).await), VerifyStatus::Pending);
    assert!(sim.control().verify_answer("alice@example.com", VerifyAnswer::Approve));
    assert_eq!(status_of(c.verification_status(&id).await), VerifyStatus::Verified);
    let codes = sim.control().event_codes("alice@example.com");
    assert_eq!(codes[..2], [event_code::VERIFY_VERIFIED, event_code::VERIFY_STARTED]);
}

#[tokio::test]
async fn a_denial_ends_it_and_no_later_answer_changes_that() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    c.start_verification(&id).await.unwrap();
    assert!(sim.control().verify_answer("alice@example.com", VerifyAnswer::Deny));
    assert!(!sim.control().verify_answer("alice@example.com", VerifyAnswer::Approve));
    assert_eq!(status_of(c.verification_status(&id).await), VerifyStatus::Denied);
    assert!(
        sim.control().event_codes("alice@example.com").contains(&event_code::VERIFY_DENIED.into())
    );
}

#[tokio::test]
async fn a_user_who_never_answers_expires_by_the_tenant_clock() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    c.start_verification(&id).await.unwrap();
    sim.control().advance_clock(Duration::from_secs(150));
    assert_eq!(status_of(c.verification_status(&id).await), VerifyStatus::Pending);
    sim.control().advance_clock(Duration::from_secs(60));
    let expired = status_of(c.verification_status(&id).await);
    assert_eq!(expired, VerifyStatus::Expired);
    assert!(expired.is_settled());
    assert!(!sim.control().verify_answer("alice@example.com", VerifyAnswer::Approve), "too late");
}

#[tokio::test]
async fn a_second_administrator_is_refused_with_the_holders_name_while_it_waits() {
    let sim = start_sim().await;
    let (first, second) = (helpdesk_client(&sim, ClientOptions::default()), second_admin(&sim));
    let id = id_of(&first, "alice@example.com").await;
    first.start_verification(&id).await.unwrap();
    let refused = second.start_verification(&id).await.unwrap_err();
    assert_eq!(refused.status(), Some(409), "{refused}");
    let ApiError::Verification(VerifyRefusal::InProgress { by, .. }) = &refused else {
        panic!("{refused:?}")
    };
    assert_eq!(by.as_deref(), Some(sim::DEMO_OAUTH_RSA_CLIENT_ID));
    let text = refused.to_string();
    assert!(text.starts_with("casdesk-demo-rsa is verifying this user already"), "{text}");
    assert!(!refused.may_have_taken_effect());
    // Nor may they read a code for it or cancel it; it still waits for the first.
    let code = Secret::new("123456");
    assert_eq!(second.check_verification_code(&id, &code).await.unwrap_err().status(), Some(409));
    assert_eq!(second.cancel_verification(&id).await.unwrap_err().status(), Some(409));
    assert_eq!(status_of(first.verification_status(&id).await), VerifyStatus::Pending);
    // Once it is over, the second may start their own.
    first.cancel_verification(&id).await.unwrap();
    let theirs = second.start_verification(&id).await.expect("a new session");
    assert_eq!(theirs.admin_username.as_deref(), Some(sim::DEMO_OAUTH_EC_CLIENT_ID));
}

#[tokio::test]
async fn the_same_administrator_starting_again_restarts_the_session() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    let first = c.start_verification(&id).await.unwrap().expires_at().unwrap();
    sim.control().advance_clock(Duration::from_secs(120));
    let again = c.start_verification(&id).await.expect("restarted");
    assert_eq!(again.status, Some(VerifyStatus::Pending));
    assert!(again.expires_at().unwrap() >= first + time::Duration::seconds(119));
    // Past the first session's expiry, the restarted one still waits.
    sim.control().advance_clock(Duration::from_secs(120));
    assert_eq!(status_of(c.verification_status(&id).await), VerifyStatus::Pending);
    let started = sim.control().event_codes("alice@example.com");
    assert_eq!(started.iter().filter(|c| *c == event_code::VERIFY_STARTED).count(), 2);
}

#[tokio::test]
async fn cancelling_ends_it_and_cancelling_again_changes_nothing() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    c.start_verification(&id).await.unwrap();
    assert_eq!(status_of(c.cancel_verification(&id).await), VerifyStatus::Cancelled);
    assert_eq!(status_of(c.verification_status(&id).await), VerifyStatus::Cancelled);
    assert_eq!(status_of(c.cancel_verification(&id).await), VerifyStatus::Cancelled);
    assert!(!sim.control().verify_answer("alice@example.com", VerifyAnswer::Approve));
    let cancelled = sim.control().event_codes("alice@example.com");
    assert_eq!(cancelled.iter().filter(|c| *c == event_code::VERIFY_CANCELLED).count(), 1);
    // A user who has had no session: the service's 404, as it said it.
    let bob = id_of(&c, "john.doe@example.com").await;
    let none = c.verification_status(&bob).await.unwrap_err();
    assert_eq!(none.status(), Some(404), "{none}");
    assert!(none.to_string().contains("No Live Verification session"), "{none}");
}

#[tokio::test]
async fn a_legacy_key_is_told_live_verification_needs_an_oauth_client() {
    let sim = start_sim().await;
    let c = legacy_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    let e = c.start_verification(&id).await.unwrap_err();
    assert_eq!(e.status(), Some(403), "{e}");
    assert!(
        matches!(e, ApiError::Verification(VerifyRefusal::NotEnabled { legacy_key: true, .. })),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(text.starts_with("Live Verification is not available with a legacy"), "{text}");
    assert!(text.contains("available only to OAuth API clients"), "the service's words: {text}");
    assert_eq!(c.verification_status(&id).await.unwrap_err().status(), Some(403));
}

#[tokio::test]
async fn a_tenant_without_it_says_so_plainly() {
    let sim = start_sim().await;
    sim.control().set_live_verification(false);
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    let e = c.start_verification(&id).await.unwrap_err();
    assert!(
        matches!(e, ApiError::Verification(VerifyRefusal::NotEnabled { legacy_key: false, .. })),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(text.starts_with("Live Verification is not enabled for this tenant"), "{text}");
    assert!(sim.control().event_codes("alice@example.com").iter().all(|c| !c.contains("LIVE")));
    sim.control().set_live_verification(true);
    c.start_verification(&id).await.expect("on again, it starts");
}

#[tokio::test]
async fn a_client_made_for_the_previous_casdesk_keeps_its_actions_and_is_refused_only_this() {
    // Registered for every scope but rsa.user.verify, as clients made before it were.
    let scopes: Vec<String> = required_scopes().iter().map(|s| s.to_string()).collect();
    let sim =
        sim::start(SimConfig { oauth_scopes: Some(scopes), ..SimConfig::default() }).await.unwrap();
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    c.set_user_status(&id, true).await.expect("rsa.user.manage was kept, not narrowed away");
    let e = c.start_verification(&id).await.unwrap_err();
    assert!(matches!(e, ApiError::Verification(VerifyRefusal::NotEnabled { .. })), "{e:?}");
    assert!(e.to_string().contains("rsa.user.verify"), "{e}");
}

#[tokio::test]
async fn a_wrong_code_is_counted_and_the_right_one_verifies() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    c.start_verification(&id).await.unwrap();
    let shown = sim.control().verification_code("alice@example.com").expect("the app shows one");
    let wrong = Secret::new(if shown == "111111" { "222222" } else { "111111" });
    let after_wrong = c.check_verification_code(&id, &wrong).await.expect("answered");
    assert_eq!(after_wrong.status, Some(VerifyStatus::Pending));
    assert_eq!(after_wrong.wrong_code_attempts, Some(1));
    let right = c.check_verification_code(&id, &Secret::new(&shown)).await.expect("answered");
    assert_eq!(right.status, Some(VerifyStatus::Verified));
    // Over now: another code is refused, and the refusal does not repeat the code.
    let late = c.check_verification_code(&id, &Secret::new(&shown)).await.unwrap_err();
    assert_eq!(late.status(), Some(400), "{late}");
    assert!(!late.to_string().contains(&shown) && !format!("{late:?}").contains(&shown));
    assert!(c.check_verification_code(&id, &Secret::new(" ")).await.is_err(), "none to send");
}

#[tokio::test]
async fn three_wrong_codes_deny() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    c.start_verification(&id).await.unwrap();
    let shown = sim.control().verification_code("alice@example.com").unwrap();
    let wrong = Secret::new(if shown == "111111" { "222222" } else { "111111" });
    for _ in 0..2 {
        assert_eq!(status_of(c.check_verification_code(&id, &wrong).await), VerifyStatus::Pending);
    }
    assert_eq!(status_of(c.check_verification_code(&id, &wrong).await), VerifyStatus::Denied);
    assert_eq!(sim.control().verification_code("alice@example.com"), None, "nothing waits");
}

/// `POST /sim/control/verify` on the simulator, as a person trying a console would send it.
async fn control(sim: &SimHandle, body: Value) -> (u16, Value) {
    let url = format!("{}/sim/control/verify", sim.base_url());
    let response = reqwest::Client::new().post(url).json(&body).send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_control_endpoint_answers_for_the_users_phone_over_http() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let id = id_of(&c, "alice@example.com").await;
    let (status, _) =
        control(&sim, json!({"email": "alice@example.com", "answer": "approve"})).await;
    assert_eq!(status, 409, "nothing is waiting yet");
    c.start_verification(&id).await.unwrap();
    let (status, _) = control(&sim, json!({"email": "alice@example.com", "answer": "maybe"})).await;
    assert_eq!(status, 400);
    let (status, _) = control(&sim, json!({"email": "nobody@example.com", "answer": "deny"})).await;
    assert_eq!(status, 404);
    let (status, body) =
        control(&sim, json!({"email": "alice@example.com", "answer": "deny"})).await;
    assert_eq!((status, &body["status"]), (200, &json!("DENIED")), "{body}");
    assert_eq!(status_of(c.verification_status(&id).await), VerifyStatus::Denied);
}

#[tokio::test]
async fn the_named_demo_users_answer_by_themselves_and_one_cannot_be_verified() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let approves = id_of(&c, sim::APPROVES_ALWAYS).await;
    let denies = id_of(&c, sim::DENIES_ALWAYS).await;
    assert_eq!(status_of(c.start_verification(&approves).await), VerifyStatus::Pending);
    assert_eq!(status_of(c.start_verification(&denies).await), VerifyStatus::Pending);
    sim.control().advance_clock(Duration::from_secs(3));
    assert_eq!(status_of(c.verification_status(&approves).await), VerifyStatus::Verified);
    assert_eq!(status_of(c.verification_status(&denies).await), VerifyStatus::Denied);
    let nobody = id_of(&c, "no.device@example.com").await;
    let e = c.start_verification(&nobody).await.unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");
    assert!(e.to_string().contains("does not have a registered device"), "{e}");
}

#[tokio::test]
async fn a_client_asking_for_exact_scopes_without_it_gets_the_scope_403() {
    let sim = start_sim().await;
    let (id, jwk) = (sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_RSA_JWK);
    let scopes = vec!["rsa.user.read".to_string()];
    let c = oauth_client_asking(&sim, id, jwk, scopes, ClientOptions::default());
    let user = id_of(&c, "alice@example.com").await;
    let e = c.start_verification(&user).await.unwrap_err();
    assert_eq!(e.status(), Some(403), "{e}");
    assert!(e.to_string().contains("Insufficient scope"), "the service's words kept: {e}");
}
