//! SecurID 700 tokens (assign, unassign, enable, disable, clear PIN) and Delete User Device:
//! the documented bodies, the refusals, and every change visible in the next
//! `GET v2/users/{id}/devices` and in the authentication log.

use super::*;

const JOHN: &str = "john.doe@example.com";
const JOHNS_TOKEN: &str = "000412345678";
const JOHNS_PHONE: &str = "b1c3ad96-a294-50cf-b2f4-953195d74134";
const HANNAH: &str = "hannah.schmidt@example.com";
const HANNAHS_TOKEN: &str = "000311122233";
const FREE_TOKEN: &str = "000555000101";

async fn token(s: &Sim, version: &str, id: &str, op: &str, body: &Value) -> Answer {
    s.send(Method::PATCH, &format!("{version}/users/{id}/sidTokens/{op}"), body).await
}

async fn v1(s: &Sim, id: &str, op: &str, serial: &str) -> Answer {
    token(s, "v1", id, op, &json!({ "tokenSerialNumber": serial })).await
}

async fn sid_tokens(s: &Sim, id: &str) -> Vec<Value> {
    let a = s.get(&format!("v2/users/{id}/devices")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json["sidTokens"].as_array().expect("sidTokens").clone()
}

fn serials(tokens: &[Value]) -> Vec<&str> {
    tokens.iter().map(|t| t["tokenSerialNumber"].as_str().unwrap()).collect()
}

async fn event_codes(s: &Sim, id: &str) -> Vec<String> {
    let a = s.get(&format!("v1/users/{id}/authlogs")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json
        .as_array()
        .expect("an array of events")
        .iter()
        .filter_map(|e| e["eventCode"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn assign_takes_a_pool_token_and_unassign_returns_it() {
    let s = start().await;
    let alice = s.user_id("alice@example.com").await;
    assert!(sid_tokens(&s, &alice).await.is_empty());
    let body = json!({ "tokenSerialNumber": FREE_TOKEN, "tokenName": "Desk token" });
    let a = token(&s, "v1", &alice, "assign", &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["userId"], alice.as_str());
    assert_eq!(a.json["tokenSerialNumber"], FREE_TOKEN);
    assert_eq!(a.json["tokenState"], "Assigned");
    let tokens = sid_tokens(&s, &alice).await;
    assert_eq!(serials(&tokens), [FREE_TOKEN]);
    assert_eq!(tokens[0]["tokenName"], "Desk token");
    assert_eq!(tokens[0]["tokenStatus"], "Enabled");
    assert_eq!(tokens[0]["pinSet"], "false");
    assert!(is_api_timestamp(tokens[0]["assignedAt"].as_str().unwrap()), "{}", tokens[0]);

    // Now hers: nobody else can have it, and she cannot be given it twice.
    let john = s.user_id(JOHN).await;
    let a = v1(&s, &john, "assign", FREE_TOKEN).await;
    assert_eq!(a.status, 409, "{}", a.text);
    assert_eq!(a.json["code"], "409 CONFLICT");
    assert_eq!(v1(&s, &alice, "assign", FREE_TOKEN).await.status, 409);

    let a = v1(&s, &alice, "unassign", FREE_TOKEN).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json, json!({ "tokenSerialNumber": FREE_TOKEN, "tokenState": "Unassigned" }));
    assert!(sid_tokens(&s, &alice).await.is_empty());
    // Back in the pool: John can have it now.
    assert_eq!(v1(&s, &john, "assign", FREE_TOKEN).await.status, 200);
    assert_eq!(serials(&sid_tokens(&s, &john).await), [JOHNS_TOKEN, FREE_TOKEN]);

    let codes = event_codes(&s, &alice).await;
    assert!(codes.contains(&"ADMIN_SID_TOKEN_ASSIGNED".to_string()), "{codes:?}");
    assert!(codes.contains(&"ADMIN_SID_TOKEN_UNASSIGNED".to_string()), "{codes:?}");
}

#[tokio::test]
async fn assign_and_unassign_refuse_unknown_and_other_peoples_tokens() {
    let s = start().await;
    let alice = s.user_id("alice@example.com").await;
    let a = v1(&s, &alice, "assign", "999999999999").await;
    assert_code_description(&a, 404, "404 NOT_FOUND", "Token 999999999999 not found");
    // John's token is his: Alice can neither be given it nor take it from him.
    assert_eq!(v1(&s, &alice, "assign", JOHNS_TOKEN).await.status, 409);
    let a = v1(&s, &alice, "unassign", JOHNS_TOKEN).await;
    assert_code_description(
        &a,
        409,
        "409 CONFLICT",
        &format!("Token {JOHNS_TOKEN} is not assigned to this user."),
    );
    // A pool token is nobody's to unassign.
    assert_eq!(v1(&s, &alice, "unassign", FREE_TOKEN).await.status, 409);
    assert_eq!(v1(&s, "no-such-id", "assign", FREE_TOKEN).await.status, 404);
    let john = s.user_id(JOHN).await;
    assert_eq!(serials(&sid_tokens(&s, &john).await), [JOHNS_TOKEN], "unchanged");
}

#[tokio::test]
async fn the_body_is_checked_as_documented() {
    let s = start().await;
    let john = s.user_id(JOHN).await;
    let too_long = "1".repeat(37);
    for body in [
        json!({}),
        json!({ "tokenSerialNumber": "" }),
        json!({ "tokenSerialNumber": too_long }),
        json!({ "tokenSerialNumber": 412345678 }),
        json!({ "serial": JOHNS_TOKEN }),
    ] {
        for op in ["assign", "unassign", "enable", "disable"] {
            let a = token(&s, "v1", &john, op, &body).await;
            assert_eq!(a.status, 400, "{op} {body}: {}", a.text);
            assert_eq!(a.json["code"], "400 BAD_REQUEST");
        }
        assert_eq!(token(&s, "v2", &john, "clearPin", &body).await.status, 400, "{body}");
    }
    let path = format!("v1/users/{john}/sidTokens/disable");
    let a = s.call(Method::PATCH, &path, Some(&s.token), None).await;
    assert_code_description(&a, 400, "400 BAD_REQUEST", "Required request body is missing");
    // 36 characters is within the limit: an unknown serial, not a bad request.
    assert_eq!(v1(&s, &john, "disable", &"1".repeat(36)).await.status, 404);
    assert_eq!(sid_tokens(&s, &john).await[0]["tokenStatus"], "Enabled", "nothing changed");
}

#[tokio::test]
async fn disable_and_enable_set_the_status_and_who_changed_it() {
    let s = start().await;
    let john = s.user_id(JOHN).await;
    let a = v1(&s, &john, "disable", JOHNS_TOKEN).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["userId"], john.as_str());
    assert_eq!(a.json["tokenStatus"], "Disabled");
    assert!(a.json["tokenStatusChangedBy"].as_str().is_some_and(|b| !b.is_empty()), "{}", a.text);
    let t = &sid_tokens(&s, &john).await[0];
    assert_eq!(t["tokenStatus"], "Disabled");
    assert!(is_api_timestamp(t["tokenStatusChangedAt"].as_str().unwrap()), "{t}");

    // Hannah's was disabled as reported lost; enabling it clears the reason.
    let hannah = s.user_id(HANNAH).await;
    let a = v1(&s, &hannah, "enable", HANNAHS_TOKEN).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let t = &sid_tokens(&s, &hannah).await[0];
    assert_eq!(
        (t["tokenStatus"].as_str(), t["tokenStatusReason"].as_str()),
        (Some("Enabled"), None)
    );
    // Enabling what is enabled is not an error, and not another event.
    assert_eq!(v1(&s, &hannah, "enable", HANNAHS_TOKEN).await.status, 200);
    let codes = event_codes(&s, &hannah).await;
    assert_eq!(codes.iter().filter(|c| *c == "ADMIN_SID_TOKEN_ENABLED").count(), 1, "{codes:?}");
    assert!(event_codes(&s, &john).await.contains(&"ADMIN_SID_TOKEN_DISABLED".to_string()));

    // Someone else's token is not John's to disable.
    assert_eq!(v1(&s, &john, "disable", HANNAHS_TOKEN).await.status, 409);
    assert_eq!(sid_tokens(&s, &hannah).await[0]["tokenStatus"], "Enabled");
}

#[tokio::test]
async fn clear_pin_is_under_v2_and_shows_in_the_devices() {
    let s = start().await;
    let john = s.user_id(JOHN).await;
    assert_eq!(sid_tokens(&s, &john).await[0]["pinSet"], "true");
    let body = json!({ "tokenSerialNumber": JOHNS_TOKEN });
    let a = token(&s, "v2", &john, "clearPin", &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.json,
        json!({ "userId": john, "tokenSerialNumber": JOHNS_TOKEN, "pinSet": "false" })
    );
    assert_eq!(sid_tokens(&s, &john).await[0]["pinSet"], "false");
    assert!(event_codes(&s, &john).await.contains(&"ADMIN_SID_TOKEN_PIN_CLEARED".to_string()));
    // The v1 path is not the API's.
    assert_eq!(token(&s, "v1", &john, "clearPin", &body).await.status, 404);
    assert_eq!(
        token(&s, "v2", &john, "clearPin", &json!({"tokenSerialNumber": FREE_TOKEN})).await.status,
        409
    );
}

#[tokio::test]
async fn delete_device_removes_it_from_the_next_devices_call() {
    let s = start().await;
    let john = s.user_id(JOHN).await;
    let devices = s.get(&format!("v2/users/{john}/devices")).await.json;
    assert_eq!(devices["devices"][0]["id"], JOHNS_PHONE);
    let a = s.delete(&format!("v1/users/{john}/devices/{JOHNS_PHONE}")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let devices = s.get(&format!("v2/users/{john}/devices")).await.json;
    assert_eq!(devices["devices"], json!([]), "{devices}");
    assert_eq!(serials(devices["sidTokens"].as_array().unwrap()), [JOHNS_TOKEN], "tokens stay");
    assert!(event_codes(&s, &john).await.contains(&"ADMIN_DEVICE_DELETED".to_string()));

    // Gone now, and never another user's to delete.
    let a = s.delete(&format!("v1/users/{john}/devices/{JOHNS_PHONE}")).await;
    assert_code_description(&a, 404, "404 NOT_FOUND", &format!("Device {JOHNS_PHONE} not found"));
    let a = s.delete(&format!("v1/users/no-such-id/devices/{JOHNS_PHONE}")).await;
    assert_code_description(&a, 404, "404 NOT_FOUND", "User no-such-id not found");
}
