//! Update SMS / Voice phone numbers: the documented body, the refusals, each change visible in
//! the next lookup and recorded (without the number) in the user's authentication log.

use super::*;
use casdesk::sim::event_code;

async fn update(s: &Sim, id: &str, body: &Value) -> Answer {
    s.send(Method::PATCH, &format!("v1/users/{id}"), body).await
}

async fn numbers(s: &Sim, email: &str) -> (Value, Value) {
    let u = s.lookup(email).await.json;
    (u["smsNumber"].clone(), u["voiceNumber"].clone())
}

#[tokio::test]
async fn the_documented_example_sets_one_number_clears_the_other_and_shows_in_the_lookup() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    assert_eq!(
        numbers(&s, "alice@example.com").await,
        (json!("+1 555 0105 8527"), json!("+1 555 0105 8527"))
    );
    let a = update(&s, &id, &json!({ "smsNumber": "+1 555 555 5555", "voiceNumber": "" })).await;
    assert_eq!(a.status, 200, "{}", a.text);
    // The answer is the User Details object after the change.
    assert_eq!(a.json["id"], id.as_str());
    assert_eq!(a.json["emailAddress"], "alice@example.com");
    assert_eq!(
        (a.json["smsNumber"].clone(), a.json["voiceNumber"].clone()),
        (json!("+1 555 555 5555"), Value::Null)
    );
    assert_eq!(numbers(&s, "alice@example.com").await, (json!("+1 555 555 5555"), Value::Null));

    // One property leaves the other as it is.
    let a = update(&s, &id, &json!({ "voiceNumber": " +44 20 7946 0958 " })).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        numbers(&s, "alice@example.com").await,
        (json!("+1 555 555 5555"), json!("+44 20 7946 0958"))
    );
}

#[tokio::test]
async fn numbers_without_a_country_code_extensions_and_odd_bodies_are_refused() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    let before = numbers(&s, "alice@example.com").await;
    for body in [
        json!({}),
        json!({ "smsNumber": "555 555 5555" }),
        json!({ "voiceNumber": "+1 555 555 5555 ext 12" }),
        json!({ "voiceNumber": "+1 555 555 5555#12" }),
        json!({ "smsNumber": "+1 (555) 555 5555" }),
        json!({ "smsNumber": "+0 555 555 5555" }),
        json!({ "smsNumber": "+1 555" }),
        json!({ "smsNumber": "+1 2345 6789 0123 4567" }),
        json!({ "smsNumber": null }),
        json!({ "smsNumber": 15555555555_u64 }),
        json!({ "smsNumber": "+1 555 555 5555", "firstName": "Al" }),
        json!(["+1 555 555 5555"]),
    ] {
        let a = update(&s, &id, &body).await;
        assert_eq!(a.status, 400, "{body}: {}", a.text);
        assert_eq!(a.json["code"], "400 BAD_REQUEST", "{body}");
        assert!(!a.text.contains("555 5555"), "the error does not quote the number: {}", a.text);
    }
    let a = update(&s, &id, &json!({ "smsNumber": "555 555 5555" })).await;
    assert!(a.json["description"].as_str().unwrap().contains("country code"), "{}", a.text);
    let a = update(&s, &id, &json!({ "voiceNumber": "+1 555 555 5555 x2" })).await;
    assert!(
        a.json["description"].as_str().unwrap().contains("extensions are not supported"),
        "{}",
        a.text
    );
    assert_eq!(numbers(&s, "alice@example.com").await, before, "nothing changed");

    let a = update(&s, "no-such-id", &json!({ "smsNumber": "+1 555 555 5555" })).await;
    assert_eq!(a.status, 404, "{}", a.text);
    assert_eq!(a.json["description"], "User no-such-id not found");
}

#[tokio::test]
async fn each_change_is_an_administrator_event_without_the_number() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    update(&s, &id, &json!({ "smsNumber": "+1 555 555 5555", "voiceNumber": "" })).await;
    // The same numbers again change nothing, so they are not events.
    update(&s, &id, &json!({ "smsNumber": "+1 555 555 5555", "voiceNumber": "" })).await;
    let log = s.get(&format!("v1/users/{id}/authlogs")).await;
    assert_eq!(log.status, 200, "{}", log.text);
    let phone: Vec<&Value> = log
        .json
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["eventCode"].as_str().unwrap().starts_with("ADMIN_PHONE"))
        .collect();
    assert_eq!(phone.len(), 2, "{phone:?}");
    let mut seen: Vec<(&str, &str, &str)> = phone
        .iter()
        .map(|e| {
            (
                e["eventCode"].as_str().unwrap(),
                e["method"].as_str().unwrap(),
                e["eventDescription"].as_str().unwrap(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            (event_code::PHONE_CHANGED, "SMS", "Administrator changed the SMS phone number."),
            (event_code::PHONE_CLEARED, "VOICE", "Administrator cleared the voice phone number."),
        ]
    );
    assert!(phone.iter().all(|e| e["eventType"] == "ADMINISTRATION"));
    assert!(!log.text.contains("555 5555"), "the log never holds the number");
}

#[tokio::test]
async fn a_user_without_numbers_gets_them() {
    let s = start().await;
    let email = "bjorn.lindqvist@partner.example.net";
    let id = s.user_id(email).await;
    assert_eq!(numbers(&s, email).await, (Value::Null, Value::Null));
    let a = update(
        &s,
        &id,
        &json!({ "smsNumber": "+46 70 123 45 67", "voiceNumber": "+46-8-123-456-78" }),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        numbers(&s, email).await,
        (json!("+46 70 123 45 67"), json!("+46-8-123-456-78")),
        "stored as sent"
    );
}
