//! SecurID 700 tokens by serial over raw HTTP: Retrieve Hardware Token Details (`POST
//! v1/sidTokens/lookup`) for a token held, one in the pool and one disabled, and Update
//! Hardware Token Name (`PATCH v1/users/{id}/sidTokens/updateName`) with its refusals, the new
//! name visible in the next devices call and lookup.

use super::*;

const JOHN: &str = "john.doe@example.com";
const JOHNS_TOKEN: &str = "000412345678";
const HANNAHS_TOKEN: &str = "000311122233";
const FREE_TOKEN: &str = "000555000101";

async fn lookup(s: &Sim, serial: &str) -> Answer {
    s.post("v1/sidTokens/lookup", &json!({ "tokenSerialNumber": serial })).await
}

async fn rename(s: &Sim, id: &str, body: &Value) -> Answer {
    s.send(Method::PATCH, &format!("v1/users/{id}/sidTokens/updateName"), body).await
}

#[tokio::test]
async fn lookup_by_serial_names_the_holder_or_says_nobody_holds_it() {
    let s = start().await;
    let john = s.user_id(JOHN).await;
    let a = lookup(&s, JOHNS_TOKEN).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["userId"], john.as_str());
    assert_eq!(a.json["userEmail"], JOHN);
    assert_eq!(a.json["tokenSerialNumber"], JOHNS_TOKEN);
    assert_eq!(a.json["tokenState"], "Assigned");
    assert_eq!(a.json["tokenStatus"], "Enabled");
    assert_eq!(a.json["pinSet"], "true", "a string, as the devices call gives it");
    assert!(is_api_timestamp(a.json["expiryDate"].as_str().unwrap()), "{}", a.text);

    let a = lookup(&s, HANNAHS_TOKEN).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["userEmail"], "hannah.schmidt@example.com");
    assert_eq!(a.json["tokenStatus"], "Disabled");
    assert_eq!(a.json["tokenStatusReason"], "Reported lost");

    let a = lookup(&s, FREE_TOKEN).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["tokenState"], "Unassigned");
    assert!(a.json.get("userId").is_none() && a.json.get("userEmail").is_none(), "{}", a.text);

    let a = lookup(&s, "000999999999").await;
    assert_eq!(a.status, 404, "{}", a.text);
    assert_eq!(a.json["code"], "404 NOT_FOUND");
    for bad in [
        json!({}),
        json!({ "tokenSerialNumber": "" }),
        json!({ "tokenSerialNumber": "9".repeat(37) }),
        json!({ "tokenSerialNumber": 7 }),
    ] {
        assert_eq!(s.post("v1/sidTokens/lookup", &bad).await.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn rename_sets_the_name_seen_in_the_next_devices_call_and_lookup() {
    let s = start().await;
    let john = s.user_id(JOHN).await;
    let body = json!({ "tokenSerialNumber": JOHNS_TOKEN, "updatedName": "Desk token" });
    let a = rename(&s, &john, &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.json,
        json!({ "userId": john, "tokenSerialNumber": JOHNS_TOKEN, "tokenName": "Desk token" })
    );
    let devices = s.get(&format!("v2/users/{john}/devices")).await;
    assert_eq!(devices.json["sidTokens"][0]["tokenName"], "Desk token");
    assert_eq!(lookup(&s, JOHNS_TOKEN).await.json["tokenName"], "Desk token");
    let logged = s.get(&format!("v1/users/{john}/authlogs")).await;
    assert!(logged.text.contains("ADMIN_SID_TOKEN_RENAMED"), "{}", logged.text);

    // 255 characters is the documented limit: 255 is taken, 256 is not.
    let long = json!({ "tokenSerialNumber": JOHNS_TOKEN, "updatedName": "n".repeat(255) });
    assert_eq!(rename(&s, &john, &long).await.status, 200);
    let over = json!({ "tokenSerialNumber": JOHNS_TOKEN, "updatedName": "n".repeat(256) });
    let a = rename(&s, &john, &over).await;
    assert_eq!(a.status, 400, "{}", a.text);
    assert!(a.json["description"].as_str().unwrap().contains("255"), "{}", a.text);
    for bad in [
        json!({ "tokenSerialNumber": JOHNS_TOKEN }),
        json!({ "tokenSerialNumber": JOHNS_TOKEN, "updatedName": " " }),
        json!({ "updatedName": "x" }),
    ] {
        assert_eq!(rename(&s, &john, &bad).await.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn renaming_a_token_the_user_does_not_hold_is_a_409_and_an_unknown_one_a_404() {
    let s = start().await;
    let john = s.user_id(JOHN).await;
    let name = |serial: &str| json!({ "tokenSerialNumber": serial, "updatedName": "Mine now" });
    for not_his in [HANNAHS_TOKEN, FREE_TOKEN] {
        let a = rename(&s, &john, &name(not_his)).await;
        assert_eq!(a.status, 409, "{not_his}: {}", a.text);
        assert_eq!(a.json["code"], "409 CONFLICT");
    }
    assert_eq!(lookup(&s, HANNAHS_TOKEN).await.json["tokenName"], Value::Null, "unchanged");
    assert_eq!(rename(&s, &john, &name("000999999999")).await.status, 404);
    assert_eq!(rename(&s, "no-such-user", &name(JOHNS_TOKEN)).await.status, 404);
}
