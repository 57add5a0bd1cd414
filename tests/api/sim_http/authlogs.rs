//! Retrieve Authentication Audit Logs: shipped history, newest first, the filters, `%2B` and
//! what a bare `+` does, the 404, and events the simulator records visible in the next call.

use super::*;
use casdesk::sim::{SignIn, event_code};

async fn logs(s: &Sim, id: &str, query: &str) -> Answer {
    s.get(&format!("v1/users/{id}/authlogs{query}")).await
}

fn codes(a: &Answer) -> Vec<String> {
    a.json
        .as_array()
        .expect("an array")
        .iter()
        .map(|e| e["eventCode"].as_str().unwrap().to_string())
        .collect()
}

/// `2025-03-04T09:14:00.000+01:00` for a moment `minutes` from now, in UTC+01:00.
fn at(minutes: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::minutes(minutes);
    casdesk::api::format_query_time(t.to_offset(time::macros::offset!(+01:00)))
}

#[tokio::test]
async fn the_shipped_history_comes_newest_first_with_every_entry_field() {
    let s = start().await;
    let id = s.user_id("viktor.petrov@example.com").await;
    let a = logs(&s, &id, "").await;
    assert_eq!(a.status, 200, "{}", a.text);
    let entries = a.json.as_array().unwrap();
    let dates: Vec<&str> = entries.iter().map(|e| e["eventLogDate"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert!(dates.iter().all(|d| is_api_timestamp(d)), "{dates:?}");
    assert_eq!(
        codes(&a)[..3],
        [event_code::REFUSED_LOCKED, event_code::METHOD_LOCKED, event_code::WRONG_TOKENCODE]
    );
    for field in [
        "eventId",
        "eventType",
        "eventLevel",
        "eventCategory",
        "serverIPAddress",
        "tenantId",
        "customerName",
        "userId",
        "sourceIPAddress",
        "eventDescription",
        "application",
        "method",
        "deviceName",
        "deviceId",
        "policyId",
        "policyName",
        "authenticationDetails",
        "assuranceLevel",
        "verboseFlag",
        "userActivityId",
        "transactionId",
    ] {
        assert!(entries[0].get(field).is_some(), "{field} missing: {}", entries[0]);
    }
    assert!(entries.iter().all(|e| e["userId"] == id));
}

#[tokio::test]
async fn filters_narrow_by_time_and_code_and_the_plus_must_be_escaped() {
    let s = start().await;
    let id = s.user_id("viktor.petrov@example.com").await;
    let all = codes(&logs(&s, &id, "").await);
    // Wrong tokencodes 52, 50 and 47 minutes ago; the lock 47; the refusal 21.
    let code = event_code::WRONG_TOKENCODE;
    let only = logs(&s, &id, &format!("?eventCode={code}")).await;
    assert_eq!(codes(&only), vec![code; 3]);
    let lower = logs(&s, &id, &format!("?eventCode={}", code.to_lowercase())).await;
    assert_eq!(codes(&lower).len(), 3, "the code matches in any case");
    let escaped = at(-30).replace('+', "%2B").replace(':', "%3A");
    let recent = logs(&s, &id, &format!("?startTimeAfter={escaped}")).await;
    assert_eq!(recent.status, 200, "{}", recent.text);
    assert_eq!(codes(&recent), vec![event_code::REFUSED_LOCKED]);
    let window = format!(
        "?startTimeAfter={}&endTimeOnOrBefore={}&eventCode=",
        at(-60).replace('+', "%2B"),
        at(-40).replace('+', "%2B")
    );
    let between = logs(&s, &id, &window).await;
    assert_eq!(between.status, 200, "{}", between.text);
    assert_eq!(codes(&between).len(), 4, "three wrong tokencodes and the lock");
    assert!(codes(&between).len() < all.len());
    // Unescaped, the `+` arrives as a space: not a timestamp.
    let bare = logs(&s, &id, &format!("?startTimeAfter={}", at(-30))).await;
    assert_eq!(bare.status, 400, "{}", bare.text);
    assert_eq!(bare.json["code"], "400 BAD_REQUEST");
    assert!(bare.json["description"].as_str().unwrap().contains("%2B"), "{}", bare.text);
    let backwards = format!(
        "?startTimeAfter={}&endTimeOnOrBefore={}",
        at(-10).replace('+', "%2B"),
        at(-20).replace('+', "%2B")
    );
    assert_eq!(logs(&s, &id, &backwards).await.status, 400);
    assert_eq!(logs(&s, &id, "?startTimeAfter=yesterday").await.status, 400);
}

#[tokio::test]
async fn an_unknown_user_is_a_404_and_a_quiet_one_an_empty_list() {
    let s = start().await;
    let a = logs(&s, "00000000-0000-0000-0000-000000000000", "").await;
    assert_code_description(
        &a,
        404,
        "404 NOT_FOUND",
        "User 00000000-0000-0000-0000-000000000000 not found",
    );
    let id = s.user_id("olivia.brown@example.com").await;
    let a = logs(&s, &id, "").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json, json!([]));
}

#[tokio::test]
async fn what_happens_in_the_simulator_is_in_the_next_answer() {
    let s = start().await;
    let email = "olivia.brown@example.com";
    let id = s.user_id(email).await;
    let control = s.sim.control();
    for _ in 0..3 {
        control.simulate_sign_in(email, SignIn::WrongTokencode);
    }
    assert_eq!(s.lookup(email).await.json["isTokenLocked"], true, "three in a row lock TOKEN");
    let a = s
        .send(
            Method::PATCH,
            &format!("v1/users/{id}/methods"),
            &json!({"unlockMethods": ["TOKEN", "SMS"]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let after = logs(&s, &id, "").await;
    let got = codes(&after);
    assert_eq!(
        got,
        [
            event_code::UNLOCKED,
            event_code::METHOD_LOCKED,
            event_code::WRONG_TOKENCODE,
            event_code::WRONG_TOKENCODE,
            event_code::WRONG_TOKENCODE
        ],
        "only TOKEN was locked, so only its unlock is an event"
    );
    assert_eq!(after.json[0]["method"], "TOKEN");
    assert_eq!(after.json[0]["eventType"], "ADMINISTRATION");
    let a = s
        .send(Method::PUT, &format!("v1/users/{id}/userStatus"), &json!({"userStatus": "Disabled"}))
        .await;
    assert_eq!(a.status, 200);
    control.simulate_sign_in(email, SignIn::Succeed("APPROVE".into()));
    let latest = codes(&logs(&s, &id, "").await);
    assert_eq!(latest[..2], [event_code::USER_DISABLED, event_code::DISABLED]);
}

#[tokio::test]
async fn at_most_the_hundred_most_recent_events() {
    let s = start().await;
    let email = "olivia.brown@example.com";
    let id = s.user_id(email).await;
    for _ in 0..120 {
        s.sim.control().simulate_sign_in(email, SignIn::Succeed("TOKEN".into()));
    }
    assert_eq!(codes(&logs(&s, &id, "").await).len(), 100);
}

#[tokio::test]
async fn throttling_and_faults_reach_the_log_as_every_other_endpoint() {
    let s = start().await;
    let id = s.user_id("viktor.petrov@example.com").await;
    s.sim.control().inject(casdesk::sim::Fault::TooManyRequests, 1);
    assert_eq!(logs(&s, &id, "").await.status, 429);
    s.sim.control().inject(casdesk::sim::Fault::ServerError, 1);
    assert_eq!(logs(&s, &id, "").await.status, 500);
    assert_eq!(logs(&s, &id, "").await.status, 200, "then answered as usual");
    assert_eq!(s.calls("GET /v1/users/{id}/authlogs"), 3);
}

#[tokio::test]
async fn the_last_good_sign_in_in_the_log_is_the_one_the_lookup_gives() {
    let s = start().await;
    let id = s.user_id("viktor.petrov@example.com").await;
    let a = logs(&s, &id, "?eventCode=AUTHN_SUCCESS").await;
    let newest = a.json.as_array().and_then(|e| e.first()).cloned().expect("a success");
    let u = s.lookup("viktor.petrov@example.com").await.json;
    assert_eq!(u["lastSuccessfulAuthenticationDate"], newest["eventLogDate"], "{u}");
    assert_eq!(u["lastSuccessfulAuthenticationMethod"], newest["method"]);
    // RSA's own sample user keeps the sample's answer.
    let john = s.lookup("john.doe@example.com").await.json;
    assert_eq!(john["monthLastAuthenticated"], "Jun 2025");
}
