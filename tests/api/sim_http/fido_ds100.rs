//! FIDO keys suspended and restored, SecurID DS100 OTP credentials (lookup, enable, disable,
//! clear PIN, delete with a body on the DELETE), and trusted browsers: the documented bodies,
//! the refusals, and every change visible in the next `GET v2/users/{id}/devices` and in the
//! authentication log.

use super::*;

const WANJIRU: &str = "wanjiru.kamau@example.com";
const YUBIKEY: &str = "5b0e9d3a-2c7f-5e41-8a6b-1f4d9c2e7a05";
const SPARE: &str = "e2d7a915-3b6c-5f80-9d14-7a5c2e8f0b49";
const OSKAR: &str = "oskar.nilsson@example.com";
const OSKARS_DS100: &str = "140100080";
const OSKARS_OTP: &str = "014010008035";
const BEATRIZ: &str = "beatriz.lima@example.com";
const BEATRIZS_DS100: &str = "140100094";
const LENA: &str = "lena.hoffmann@example.com";

async fn fido(s: &Sim, id: &str, key: &str, op: &str) -> Answer {
    let path = format!("v1/fido/{id}/authenticators/{key}/{op}");
    s.call(Method::PATCH, &path, Some(&s.token), None).await
}

async fn devices(s: &Sim, id: &str) -> Value {
    let a = s.get(&format!("v2/users/{id}/devices")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json
}

fn key_status<'a>(devices: &'a Value, key: &str) -> &'a str {
    let keys = devices["fidoTokens"].as_array().expect("fidoTokens");
    keys.iter().find(|k| k["id"] == key).expect("the key")["status"].as_str().unwrap()
}

async fn event_codes(s: &Sim, id: &str) -> Vec<String> {
    let a = s.get(&format!("v1/users/{id}/authlogs")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let events = a.json.as_array().expect("an array of events").iter();
    events.filter_map(|e| e["eventCode"].as_str().map(str::to_string)).collect()
}

#[tokio::test]
async fn a_fido_key_is_suspended_and_restored_and_the_next_lookup_shows_it() {
    let s = start().await;
    let id = s.user_id(WANJIRU).await;
    assert_eq!(key_status(&devices(&s, &id).await, YUBIKEY), "Enabled");
    let a = fido(&s, &id, YUBIKEY, "disable").await;
    assert_eq!(a.status, 200, "{}", a.text);
    // The page's answer: status, who and when (epoch milliseconds).
    assert_eq!(a.json["status"], "Disabled");
    assert!(
        a.json["statusChangedAt"].as_i64().is_some_and(|t| t > 1_600_000_000_000),
        "{}",
        a.text
    );
    assert!(a.json["statusChangedBy"].as_str().is_some_and(|b| !b.is_empty()), "{}", a.text);
    let after = devices(&s, &id).await;
    assert_eq!(key_status(&after, YUBIKEY), "Disabled");
    assert_eq!(after["fidoTokens"].as_array().unwrap().len(), 3, "suspended, not deleted");
    // Suspending again changes nothing and is not another event.
    assert_eq!(fido(&s, &id, YUBIKEY, "disable").await.status, 200);
    let restored = fido(&s, &id, SPARE, "enable").await;
    assert_eq!(restored.json["status"], "Enabled", "{}", restored.text);
    assert_eq!(key_status(&devices(&s, &id).await, SPARE), "Enabled");
    let codes = event_codes(&s, &id).await;
    assert_eq!(codes.iter().filter(|c| *c == "ADMIN_FIDO_DISABLED").count(), 1, "{codes:?}");
    assert!(codes.contains(&"ADMIN_FIDO_ENABLED".to_string()), "{codes:?}");
}

#[tokio::test]
async fn fido_refuses_unknown_users_and_keys_with_the_pages_400() {
    let s = start().await;
    let id = s.user_id(WANJIRU).await;
    let nobody = "00000000-0000-0000-0000-000000000000";
    // The page lists 400 "Invalid userId/authenticatorId" and no 404.
    assert_eq!(fido(&s, nobody, YUBIKEY, "disable").await.status, 400);
    let elena = s.user_id("elena.popescu@example.com").await;
    assert_eq!(fido(&s, &elena, YUBIKEY, "disable").await.status, 400, "not her key");
    assert_eq!(fido(&s, &id, "no-such-key", "enable").await.status, 400);
    assert_eq!(key_status(&devices(&s, &id).await, YUBIKEY), "Enabled");
    let a = s
        .call(Method::PATCH, &format!("v1/fido/{id}/authenticators/{YUBIKEY}/disable"), None, None)
        .await;
    assert_eq!(a.status, 403, "no token: {}", a.text);
}

#[tokio::test]
async fn a_ds100_is_listed_with_the_users_devices_and_looked_up_by_serial() {
    let s = start().await;
    let id = s.user_id(OSKAR).await;
    let all = devices(&s, &id).await;
    let ds100 = &all["devices"][0];
    assert_eq!(ds100["deviceType"], "SecurID DS100");
    assert_eq!(ds100["deviceSerialNumber"], OSKARS_DS100);
    assert_eq!(ds100["tokenSerialNumber"], OSKARS_OTP);
    assert_eq!(ds100["tokenStatus"], "Enabled");
    assert_eq!(ds100["pinSet"], true);

    let a = s.post("v1/ds100/lookup", &json!({"deviceSerialNumber": OSKARS_DS100})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let record = &a.json[0];
    assert_eq!(record["userId"], id.as_str(), "the page's array of records: {}", a.text);
    assert_eq!(record["tokenSerialNumber"], OSKARS_OTP);
    assert_eq!(record["tokenState"], "Activated");
    let unknown = s.post("v1/ds100/lookup", &json!({"deviceSerialNumber": "999999999"})).await;
    assert_eq!(unknown.status, 404, "{}", unknown.text);
    for body in [
        json!({}),
        json!({"deviceSerialNumber": 140100080}),
        json!({"deviceSerialNumber": "9".repeat(37)}),
    ] {
        assert_eq!(s.post("v1/ds100/lookup", &body).await.status, 400, "{body}");
    }
}

#[tokio::test]
async fn a_ds100s_otp_is_disabled_enabled_and_its_pin_cleared() {
    let s = start().await;
    let id = s.user_id(OSKAR).await;
    let body = json!({"deviceSerialNumber": OSKARS_DS100, "userId": id});
    let a = s.send(Method::PATCH, "v1/ds100/disable/otp", &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json[0]["tokenStatus"], "Disabled", "{}", a.text);
    assert_eq!(a.json[0]["deviceSerialNumber"], OSKARS_DS100);
    assert_eq!(devices(&s, &id).await["devices"][0]["tokenStatus"], "Disabled");
    let a = s.send(Method::PATCH, "v1/ds100/enable/otp", &body).await;
    assert_eq!(a.json[0]["tokenStatus"], "Enabled", "{}", a.text);

    let pin = json!({"tokenSerialNumber": OSKARS_OTP, "userId": id});
    let a = s.send(Method::PATCH, "v1/ds100/clearPin/otp", &pin).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json, json!({"tokenSerialNumber": OSKARS_OTP, "pinSet": false}));
    assert_eq!(devices(&s, &id).await["devices"][0]["pinSet"], false);
    let codes = event_codes(&s, &id).await;
    for code in ["ADMIN_DS100_OTP_DISABLED", "ADMIN_DS100_OTP_ENABLED", "ADMIN_DS100_PIN_CLEARED"] {
        assert!(codes.contains(&code.to_string()), "{code}: {codes:?}");
    }
}

#[tokio::test]
async fn ds100_changes_refuse_someone_elses_ds100_and_bad_bodies() {
    let s = start().await;
    let oskar = s.user_id(OSKAR).await;
    let beatriz = s.user_id(BEATRIZ).await;
    // Beatriz's DS100 named with Oskar's id: not his (404; the pages list no 409).
    let theirs = json!({"deviceSerialNumber": BEATRIZS_DS100, "userId": oskar});
    assert_eq!(s.send(Method::PATCH, "v1/ds100/enable/otp", &theirs).await.status, 404);
    assert_eq!(devices(&s, &beatriz).await["devices"][0]["tokenStatus"], "Disabled");
    let nobody = json!({"deviceSerialNumber": OSKARS_DS100, "userId": "00000000-0000-0000-0000-000000000000"});
    assert_eq!(s.send(Method::PATCH, "v1/ds100/disable/otp", &nobody).await.status, 404);
    let pin = json!({"tokenSerialNumber": OSKARS_OTP, "userId": beatriz});
    assert_eq!(s.send(Method::PATCH, "v1/ds100/clearPin/otp", &pin).await.status, 404);
    for body in [json!({"deviceSerialNumber": OSKARS_DS100}), json!({"userId": oskar}), json!([])] {
        assert_eq!(
            s.send(Method::PATCH, "v1/ds100/disable/otp", &body).await.status,
            400,
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_ds100_is_deleted_with_a_body_on_the_delete() {
    let s = start().await;
    let id = s.user_id(OSKAR).await;
    // No body: the three fields are required.
    let bare = s.call(Method::DELETE, "v1/ds100/delete/otp", Some(&s.token), None).await;
    assert_eq!(bare.status, 400, "{}", bare.text);
    // A credential serial that is not this DS100's.
    let wrong = json!({"tokenSerialNumber": "014010009412", "deviceSerialNumber": OSKARS_DS100, "userId": id});
    assert_eq!(s.send(Method::DELETE, "v1/ds100/delete/otp", &wrong).await.status, 400);
    let body =
        json!({"tokenSerialNumber": OSKARS_OTP, "deviceSerialNumber": OSKARS_DS100, "userId": id});
    let a = s.send(Method::DELETE, "v1/ds100/delete/otp", &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(a.text.trim().is_empty(), "the page's answer is Not Applicable: {}", a.text);
    assert_eq!(devices(&s, &id).await["devices"], json!([]));
    assert!(event_codes(&s, &id).await.contains(&"ADMIN_DS100_OTP_DELETED".to_string()));
    // Gone: the lookup and a second delete find nothing.
    let lookup = s.post("v1/ds100/lookup", &json!({"deviceSerialNumber": OSKARS_DS100})).await;
    assert_eq!(lookup.status, 404);
    assert_eq!(s.send(Method::DELETE, "v1/ds100/delete/otp", &body).await.status, 404);
}

#[tokio::test]
async fn trusted_browsers_are_listed_only_when_asked_for_and_removed_as_devices() {
    let s = start().await;
    let id = s.user_id(LENA).await;
    let types = |a: &Value| -> Vec<String> {
        let devices = a["devices"].as_array().unwrap().iter();
        devices.map(|d| d["deviceType"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(types(&devices(&s, &id).await), ["ANDROID"], "v2's default is false");
    let with = s.get(&format!("v2/users/{id}/devices?includeBrowsers=true")).await.json;
    assert_eq!(types(&with), ["ANDROID", "BROWSER", "BROWSER"]);
    assert_eq!(with["devices"][1]["browser"], "Edge 131");
    let edge = with["devices"][1]["id"].as_str().unwrap().to_string();
    assert_eq!(s.delete(&format!("v1/users/{id}/devices/{edge}")).await.status, 200);
    let after = s.get(&format!("v2/users/{id}/devices?includeBrowsers=true")).await.json;
    assert_eq!(types(&after), ["ANDROID", "BROWSER"]);
    assert_eq!(after["devices"][1]["browser"], "Safari 18");
}
