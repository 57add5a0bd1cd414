//! The user's side of a call: `POST /sim/control/sign-in` makes a user sign in now (loopback,
//! no token), and the named demo users sign in by themselves a few seconds (tenant clock) after
//! a fix, as the next read of their log shows.

use super::*;
use casdesk::sim::event_code;
use std::time::Duration;

/// `POST /sim/control/sign-in`, as someone trying a console would send it (no token).
async fn sign_in(s: &Sim, body: Value) -> Answer {
    let url = format!("{}/sim/control/sign-in", s.sim.base_url());
    let response = s.http.post(url).json(&body).send().await.expect("answered");
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, headers, text, json }
}

/// The user's log, newest first: (code, method) of each event.
async fn log(s: &Sim, id: &str) -> Vec<(String, String)> {
    let a = s.get(&format!("v1/users/{id}/authlogs")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let text = |e: &Value, f: &str| e[f].as_str().unwrap_or("").to_string();
    a.json.as_array().unwrap().iter().map(|e| (text(e, "eventCode"), text(e, "method"))).collect()
}

#[tokio::test]
async fn the_control_endpoint_signs_a_user_in_through_the_tenants_rules() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    let a = sign_in(&s, json!({"email": "alice@example.com", "result": "success"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["method"], "FIDO", "her usual method: the last she signed in with");
    assert_eq!(a.json["recorded"], json!([event_code::SIGN_IN_OK]));
    assert_eq!(log(&s, &id).await[0], (event_code::SIGN_IN_OK.into(), "FIDO".into()));
    let approve = json!({"email": "alice@example.com", "result": "success", "method": "approve"});
    assert_eq!(sign_in(&s, approve).await.json["method"], "APPROVE");

    let sms = json!({"email": "ALICE@example.com", "result": "failure", "method": "sms"});
    let a = sign_in(&s, sms).await;
    assert_eq!((a.status.as_u16(), &a.json["method"]), (200, &json!("SMS")), "{}", a.text);
    assert_eq!(a.json["recorded"], json!([event_code::WRONG_CODE]));
    let deny = json!({"email": "alice@example.com", "result": "failure", "method": "APPROVE"});
    assert_eq!(sign_in(&s, deny).await.json["recorded"], json!([event_code::APPROVE_DENIED]));
    // A failure names no method: a wrong tokencode, and the third in a row locks TOKEN.
    for _ in 0..2 {
        sign_in(&s, json!({"email": "alice@example.com", "result": "failure"})).await;
    }
    let third = sign_in(&s, json!({"email": "alice@example.com", "result": "failure"})).await;
    assert_eq!(
        third.json["recorded"],
        json!([event_code::WRONG_TOKENCODE, event_code::METHOD_LOCKED])
    );
    assert_eq!(s.lookup("alice@example.com").await.json["isTokenLocked"], true);
    let locked = json!({"email": "alice@example.com", "result": "success", "method": "TOKEN"});
    assert_eq!(sign_in(&s, locked).await.json["recorded"], json!([event_code::REFUSED_LOCKED]));
}

#[tokio::test]
async fn the_control_endpoint_refuses_what_it_cannot_do() {
    let s = start().await;
    for body in [
        json!({"email": "alice@example.com"}),
        json!({"email": "alice@example.com", "result": "maybe"}),
        json!({"email": "alice@example.com", "result": "success", "method": "CARRIER_PIGEON"}),
        json!({"email": "alice@example.com", "result": "success", "method": 7}),
        json!({"result": "success"}),
    ] {
        let a = sign_in(&s, body.clone()).await;
        assert_eq!(a.status, 400, "{body}: {}", a.text);
        assert!(a.json["description"].as_str().unwrap().contains("\"result\""), "{}", a.text);
    }
    let a = sign_in(&s, json!({"email": "ghost@example.com", "result": "success"})).await;
    assert_eq!(a.status, 404, "{}", a.text);
    // A disabled user fails whatever was asked.
    let a = sign_in(&s, json!({"email": "grace.hopper@example.com", "result": "success"})).await;
    assert_eq!(a.json["recorded"], json!([event_code::USER_DISABLED]), "{}", a.text);
}

#[tokio::test]
async fn named_demo_users_sign_in_by_themselves_a_few_seconds_after_a_fix() {
    let s = start().await;
    let viktor = s.user_id("viktor.petrov@example.com").await;
    let unlock = json!({"unlockMethods": ["TOKEN"]});
    let a = s.send(Method::PATCH, &format!("v1/users/{viktor}/methods"), &unlock).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(log(&s, &viktor).await[0].0, event_code::UNLOCKED, "not yet");
    s.sim.control().advance_clock(Duration::from_secs(5));
    let after = log(&s, &viktor).await;
    assert_eq!(after[0], (event_code::SIGN_IN_OK.into(), "TOKEN".into()), "{after:?}");
    assert_eq!(after[1].0, event_code::UNLOCKED);
    assert_eq!(log(&s, &viktor).await.len(), after.len(), "once");
    let u = s.lookup("viktor.petrov@example.com").await.json;
    assert_eq!(u["lastSuccessfulAuthenticationMethod"], "TOKEN");

    // Kenji's Approve stays locked (no API unlocks it); an emergency tokencode gets him in.
    let kenji = s.user_id("kenji.watanabe@example.com").await;
    let a = s.send(Method::PUT, &format!("v2/users/{kenji}/emergencyTokencode"), &json!({})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    // Grace is enabled, but her phone's Approve is how she signs in.
    let grace = s.user_id("grace.hopper@example.com").await;
    let enable = json!({"userStatus": "Enabled"});
    let a = s.send(Method::PUT, &format!("v1/users/{grace}/userStatus"), &enable).await;
    assert_eq!(a.status, 200, "{}", a.text);
    // Alice never signs in by herself: she is not one of them.
    let alice = s.user_id("alice@example.com").await;
    let a = s.send(Method::PUT, &format!("v2/users/{alice}/emergencyTokencode"), &json!({})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let alice_before = log(&s, &alice).await;
    s.sim.control().advance_clock(Duration::from_secs(5));
    let first = |log: Vec<(String, String)>| log.into_iter().next().unwrap();
    assert_eq!(
        first(log(&s, &kenji).await),
        (event_code::SIGN_IN_OK.into(), "EMERGENCY_TOKENCODE".into())
    );
    assert_eq!(first(log(&s, &grace).await), (event_code::SIGN_IN_OK.into(), "APPROVE".into()));
    assert_eq!(log(&s, &alice).await, alice_before);
}

#[tokio::test]
async fn a_fix_that_did_not_fix_shows_as_the_failure_it_is() {
    let s = start().await;
    // Fatima: the unlock clears TOKEN, SMS and VOICE; several fixes in a row make one sign-in,
    // with the first fix's method.
    let fatima = s.user_id("fatima.zahra@example.com").await;
    let body = json!({"unlockMethods": ["TOKEN", "SMS", "VOICE"]});
    let a = s.send(Method::PATCH, &format!("v1/users/{fatima}/methods"), &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    s.sim.control().advance_clock(Duration::from_secs(6));
    let after = log(&s, &fatima).await;
    let successes = after.iter().filter(|(c, _)| c == event_code::SIGN_IN_OK).count();
    assert_eq!(successes, 1, "{after:?}");
    assert_eq!(after[0], (event_code::SIGN_IN_OK.into(), "TOKEN".into()));

    // Kenji's phone replaced: the new phone registers, but Approve is his to unlock, not the
    // phone's, so the sign-in with it is refused.
    let kenji = s.user_id("kenji.watanabe@example.com").await;
    let devices = s.get(&format!("v2/users/{kenji}/devices")).await.json;
    let phone = devices["devices"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(s.delete(&format!("v1/users/{kenji}/devices/{phone}")).await.status, 200);
    let code = s.post(DEVICE_CODE, &json!({"email": "kenji.watanabe@example.com"})).await;
    assert_eq!(code.status, 200, "{}", code.text);
    s.sim.control().advance_clock(Duration::from_secs(6));
    assert_eq!(log(&s, &kenji).await[0], (event_code::REFUSED_LOCKED.into(), "APPROVE".into()));
    let devices = s.get(&format!("v2/users/{kenji}/devices")).await.json;
    assert_eq!(devices["devices"][0]["name"], "New phone (registered with the code)");
}
