//! Generate Enrollment Code / Password Reset Code: result codes 1000–1006, the 100-user cap,
//! duplicates, defaults, delivery, and a new code replacing the old one.

use super::*;
use std::time::Duration;

fn display(email: &str) -> Value {
    json!({ "email": email, "code_send_to": "DISPLAY" })
}

async fn one(s: &Sim, path: &str, entry: Value) -> Value {
    let results = s.generate(path, json!([entry])).await;
    assert_eq!(results.len(), 1);
    results[0].clone()
}

#[tokio::test]
async fn a_displayed_enrollment_code_is_nine_digits_with_its_expiry_and_link() {
    let s = start().await;
    let r = one(&s, ENROLL, json!({"email": "alice@example.com", "code_validity": "2", "validity_time_duration_unit": "HOUR"})).await;
    assert_eq!(r["status"], 1000);
    assert_eq!(r["errorMessage"], "Code Successfully generated. ");
    let code = r["verify_code"].as_str().unwrap();
    assert!(is_digits(code, 9), "{code}");
    assert_eq!(s.sim.control().live_code("alice@example.com", "ENROLLMENT").as_deref(), Some(code));
    // "2023-07-25 05:55:23 UTC"
    let expiry = r["verify_code_validity_time"].as_str().unwrap();
    let parsed = time::PrimitiveDateTime::parse(
        expiry.trim_end_matches(" UTC"),
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
    )
    .expect("documented time format");
    let left = parsed.assume_utc().unix_timestamp() - now();
    assert!((7190..=7200).contains(&left), "{left}");
    assert_eq!(r["verify_code_generation_mode"], "ENROLLMENT");
    assert_eq!(r["verification_Link"], format!("{}/enroll/admin", s.sim.base_url()));
    assert_eq!(
        r["userDetailsRequestForVerifyCodeGeneration"],
        json!({"email": "alice@example.com", "code_validity": "2", "validity_time_duration_unit": "HOUR", "code_send_to": "DISPLAY"})
    );
}

#[tokio::test]
async fn a_reset_code_is_its_own_mode() {
    let s = start().await;
    let r = one(&s, RESET, display("alice@example.com")).await;
    assert_eq!(r["status"], 1000);
    assert_eq!(r["verify_code_generation_mode"], "PASSWORD_RESET");
    assert!(r["verification_Link"].as_str().unwrap().starts_with(&s.sim.base_url()));
    let code = r["verify_code"].as_str().unwrap();
    assert_eq!(
        s.sim.control().live_code("alice@example.com", "PASSWORD_RESET").as_deref(),
        Some(code)
    );
    assert_eq!(
        s.sim.control().live_code("alice@example.com", "ENROLLMENT"),
        None,
        "modes are separate"
    );
}

#[tokio::test]
async fn defaults_are_echoed_and_a_single_object_gets_a_single_answer() {
    // INGO-JAVA posts one object to resetPassword and reads one object back.
    let s = start().await;
    let a = s.post(RESET, &json!({"email": "ADUser@example.com"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(a.json.is_object(), "{}", a.text);
    assert_eq!(a.json["status"], 1000);
    assert_eq!(
        a.json["userDetailsRequestForVerifyCodeGeneration"],
        json!({"email": "ADUser@example.com", "code_validity": "10", "validity_time_duration_unit": "MIN", "code_send_to": "DISPLAY"})
    );
    assert!(a.json["verify_code"].is_string());
}

#[tokio::test]
async fn an_emailed_code_is_not_shown_but_sent() {
    let s = start().await;
    let r = one(&s, ENROLL, json!({"email": "alice@example.com", "code_send_to": "EMAIL", "custom_email": "alice.home@example.net"})).await;
    assert_eq!(r["status"], 1000);
    for hidden in [
        "verify_code",
        "verify_code_validity_time",
        "verify_code_generation_mode",
        "verification_Link",
    ] {
        assert!(r.get(hidden).is_none(), "{hidden} must not be in an EMAIL answer");
    }
    let r =
        one(&s, RESET, json!({"email": "dummyUser@example.com", "code_send_to": "EMAIL"})).await;
    assert_eq!(r["status"], 1000);
    let outbox = s.sim.control().outbox();
    assert_eq!(outbox.len(), 2);
    assert_eq!(
        (outbox[0].to.as_str(), outbox[0].user_email.as_str(), outbox[0].mode.as_str()),
        ("alice.home@example.net", "alice@example.com", "ENROLLMENT")
    );
    assert_eq!(
        (outbox[1].to.as_str(), outbox[1].mode.as_str()),
        ("dummyUser@example.com", "PASSWORD_RESET")
    );
    assert!(s.sim.control().live_code("alice@example.com", "ENROLLMENT").is_some());
}

/// Sends each case in its own request (so duplicates filtering cannot merge them) and checks
/// the result code; returns the results.
async fn expect_codes(s: &Sim, path: &str, cases: &[(i64, Value)]) -> Vec<Value> {
    let mut results = Vec::new();
    for (want, entry) in cases {
        let r = one(s, path, entry.clone()).await;
        assert_eq!(r["status"], *want, "{entry}: {r}");
        assert!(r["errorMessage"].as_str().is_some_and(|m| !m.is_empty()), "{r}");
        assert!(r.get("userDetailsRequestForVerifyCodeGeneration").is_some(), "{r}");
        if *want != 1000 {
            assert!(r.get("verify_code").is_none(), "{entry}: a failure carries no code");
        }
        results.push(r);
    }
    results
}

#[tokio::test]
async fn every_failure_code_has_its_cause() {
    let s = start().await;
    let v = |value: Value, unit: Value| json!({"email": "alice@example.com", "code_validity": value, "validity_time_duration_unit": unit});
    let cases = [
        (1001, json!({"email": "ingrid.olsen@example.com"})),
        (1002, json!({"email": "ghost@example.com"})),
        (1002, json!({"email": "grace.hopper@example.com"})),
        (1002, json!({"email": "harold.finch@example.com"})),
        (1002, json!({"email": "mei.tanaka@example.com"})),
        (1003, json!({"email": "user3@example,com"})),
        (1003, json!({"code_send_to": "DISPLAY"})),
        (1003, json!({"email": "alice@example.com", "custom_email": "alice at home"})),
        (1004, json!({"email": "alice@example.com", "code_validity": "20"})),
        (1004, json!({"email": "alice@example.com", "validity_time_duration_unit": "MIN"})),
        (1004, v(json!("9"), json!("MIN"))),
        (1004, v(json!("25"), json!("HOUR"))),
        (1004, v(json!("0"), json!("MIN"))),
        (1004, v(json!("ten"), json!("MIN"))),
        (1004, v(json!("1"), json!("DAY"))),
        (1004, json!({"email": "alice@example.com", "code_send_to": "SMS"})),
        (1005, json!({"email": "nadia.okafor@partner.example.net", "code_send_to": "EMAIL"})),
        (1005, json!({"email": "administrator@example.com", "code_send_to": "EMAIL"})),
        (1006, json!({"email": "ruth.klein@example.com"})),
        (1006, json!({"email": "samuel.adeyemi@example.com"})),
        (1006, json!({"email": "local_rsa_unified@example.com"})),
    ];
    let results = expect_codes(&s, ENROLL, &cases).await;
    assert_eq!(results[1]["errorMessage"], "Invalid User");
    assert_eq!(
        results[16]["errorMessage"],
        "Unable to send Email, please check \"Company Settings\"."
    );
    assert_eq!(
        results[18]["errorMessage"],
        "Code generation is not allowed, please check the configuration settings."
    );
    assert!(
        results[9]["errorMessage"].as_str().unwrap().contains("code_validity"),
        "1004 says what is wrong"
    );
    assert_eq!(
        s.sim.control().live_code("alice@example.com", "ENROLLMENT"),
        None,
        "no failure made a code"
    );
    assert!(s.sim.control().outbox().is_empty(), "no failure sent mail");
    // The same users succeed once the request is right.
    expect_codes(
        &s,
        ENROLL,
        &[
            (1000, v(json!(24), json!("HOUR"))),
            (1000, json!({"email": "nadia.okafor@partner.example.net", "code_send_to": "DISPLAY"})),
        ],
    )
    .await;
}

#[tokio::test]
async fn the_checks_run_in_the_documented_order() {
    let s = start().await;
    expect_codes(&s, RESET, &[
        // A bad address wins over everything after it.
        (1003, json!({"email": "bad@", "code_send_to": "SMS"})),
        // An unknown user wins over a bad validity.
        (1002, json!({"email": "ghost@example.com", "code_validity": "5"})),
        // A bad validity wins over a bad custom e-mail and over 1005/1006.
        (1004, json!({"email": "ruth.klein@example.com", "code_validity": "5", "validity_time_duration_unit": "MIN", "custom_email": "x"})),
        // A bad custom e-mail wins over 1005; 1005 wins over 1006 and 1001.
        (1003, json!({"email": "nadia.okafor@partner.example.net", "code_send_to": "EMAIL", "custom_email": "x"})),
        (1005, json!({"email": "nadia.okafor@partner.example.net", "code_send_to": "EMAIL"})),
        (1006, json!({"email": "ruth.klein@example.com", "code_send_to": "EMAIL"})),
    ])
    .await;
}

#[tokio::test]
async fn over_a_hundred_users_is_the_documented_400() {
    let s = start().await;
    let users: Vec<Value> = (0..178).map(|i| display(&format!("u{i}@example.com"))).collect();
    let a = s.post(ENROLL, &Value::Array(users.clone())).await;
    let documented: Value =
        serde_json::from_str(include_str!("../../fixtures/seeds/too-many-users.response.json"))
            .unwrap();
    assert_eq!(a.status, 400);
    assert_eq!(a.json, documented, "byte for byte the vendor's body");
    let a = s.post(RESET, &Value::Array(users[..101].to_vec())).await;
    assert_code_description(
        &a,
        400,
        "400 BAD_REQUEST",
        "Number of user details (101) in request exceeds maximum allowed (100)",
    );
    // The raw count is capped, not the deduplicated one.
    let same: Vec<Value> = (0..101).map(|_| display("alice@example.com")).collect();
    assert_eq!(s.post(ENROLL, &Value::Array(same)).await.status, 400);
    let hundred = s.generate(ENROLL, Value::Array(users[..100].to_vec())).await;
    assert_eq!(hundred.len(), 100);
    assert!(statuses(&hundred).iter().all(|c| *c == 1002));
}

#[tokio::test]
async fn duplicates_are_filtered_first_one_wins() {
    let s = start().await;
    let results = s
        .generate(
            ENROLL,
            json!([
                display("alice@example.com"),
                {"email": "ALICE@example.com", "code_send_to": "EMAIL"},
                display("amuser@example.com"),
                display("alice@example.com"),
            ]),
        )
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0]["userDetailsRequestForVerifyCodeGeneration"]["email"],
        "alice@example.com"
    );
    assert_eq!(results[0]["userDetailsRequestForVerifyCodeGeneration"]["code_send_to"], "DISPLAY");
    assert_eq!(
        results[1]["userDetailsRequestForVerifyCodeGeneration"]["email"],
        "amuser@example.com"
    );
    assert!(s.sim.control().outbox().is_empty(), "the EMAIL duplicate was dropped");
}

#[tokio::test]
async fn a_new_code_replaces_the_old_one() {
    let s = start().await;
    let first = one(&s, ENROLL, display("alice@example.com")).await["verify_code"]
        .as_str()
        .unwrap()
        .to_string();
    let second = one(&s, ENROLL, display("alice@example.com")).await["verify_code"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, second);
    assert_eq!(s.sim.control().live_code("alice@example.com", "ENROLLMENT"), Some(second));
    assert_eq!(statuses(&s.void("ENROLLMENT", &["alice@example.com"]).await), [1014]);
    assert_eq!(
        s.sim.control().live_code("alice@example.com", "ENROLLMENT"),
        None,
        "the old code did not come back"
    );
    assert_eq!(statuses(&s.void("ENROLLMENT", &["alice@example.com"]).await), [1013]);
}

#[tokio::test]
async fn codes_expire_on_the_tenant_clock() {
    let s = start().await;
    one(&s, ENROLL, display("alice@example.com")).await;
    s.sim.control().advance_clock(Duration::from_secs(9 * 60));
    assert!(
        s.sim.control().live_code("alice@example.com", "ENROLLMENT").is_some(),
        "10 minutes by default"
    );
    s.sim.control().advance_clock(Duration::from_secs(2 * 60));
    assert_eq!(s.sim.control().live_code("alice@example.com", "ENROLLMENT"), None);
    let results = s.void("ENROLLMENT", &["alice@example.com"]).await;
    assert_eq!(statuses(&results), [1013]);
    // The clock moved codes only: the token minted before still works.
    assert_eq!(s.lookup("alice@example.com").await.status, 200);
}
