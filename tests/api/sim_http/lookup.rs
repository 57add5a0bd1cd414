//! User Details (`POST v1/users/lookup`) and Authenticator Details v2 (`GET v2/users/{id}/devices`).

use super::*;

/// The keys of RSA's sample User Details answer (api-reference §3.1).
const SAMPLE_KEYS: [&str; 27] = [
    "id",
    "emailAddress",
    "firstName",
    "lastName",
    "creationDate",
    "identitySource",
    "userStatus",
    "highRiskUser",
    "markDeleted",
    "markDeletedAt",
    "markDeletedBy",
    "isTokenLocked",
    "isSmsLocked",
    "isVoiceLocked",
    "isFingerprintLocked",
    "isApproveLocked",
    "lastSyncTime",
    "emergencyAccessStatus",
    "emergencyTokencodeId",
    "emergencyTokencodeExpiration",
    "emergencyTokencodeLastUse",
    "offlineEmergencyTokencodeExpiration",
    "offlineEmergencyAccessStatus",
    "monthLastAuthenticated",
    "principalUsername",
    "alternateUsername",
    "primaryUniqueIdentifier",
];

#[tokio::test]
async fn john_doe_looks_like_the_vendor_sample() {
    let s = start().await;
    let a = s.lookup("john.doe@example.com").await;
    assert_eq!(a.status, 200, "{}", a.text);
    let u = &a.json;
    for key in SAMPLE_KEYS {
        assert!(u.get(key).is_some(), "missing {key}");
    }
    assert_eq!(u["id"], "54082ac6-4713-6368-2251-df813c41159f");
    assert_eq!(u["primaryUniqueIdentifier"], u["id"]);
    assert_eq!(u["creationDate"], "2024-11-28T04:12:06.000Z");
    assert_eq!(u["userStatus"], "Enabled");
    assert_eq!(u["markDeletedAt"], Value::Null);
    assert_eq!(u["emergencyAccessStatus"], "Disabled");
    assert_eq!(u["emergencyTokencodeId"], Value::Null);
    assert_eq!(u["monthLastAuthenticated"], "Jun 2025");
    assert_eq!(u["principalUsername"], "john.doe@example.com");
    // The demo company has SMS and Voice Tokencode enabled, so the numbers are present.
    assert!(u["smsNumber"].as_str().is_some_and(|n| n.starts_with('+')));
    assert!(u["voiceNumber"].is_string());
}

#[tokio::test]
async fn email_matching_ignores_case_and_unknown_users_are_404() {
    let s = start().await;
    let a = s.lookup("JOHN.DOE@Example.COM").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json["emailAddress"], "john.doe@example.com");
    let a = s.lookup("nobody@example.com").await;
    assert_code_description(&a, 404, "404 NOT_FOUND", "User nobody@example.com not found");
}

#[tokio::test]
async fn users_in_each_state_show_it() {
    let s = start().await;
    let grace = s.lookup("grace.hopper@example.com").await.json;
    assert_eq!(grace["userStatus"], "Disabled");
    let harold = s.lookup("harold.finch@example.com").await.json;
    assert_eq!(
        (harold["markDeleted"].clone(), harold["markDeletedBy"].clone()),
        (json!(true), json!("admin@example.com"))
    );
    let viktor = s.lookup("viktor.petrov@example.com").await.json;
    assert_eq!(
        (viktor["highRiskUser"].clone(), viktor["isTokenLocked"].clone()),
        (json!(true), json!(true))
    );
    let fatima = s.lookup("fatima.zahra@example.com").await.json;
    for lock in
        ["isTokenLocked", "isSmsLocked", "isVoiceLocked", "isFingerprintLocked", "isApproveLocked"]
    {
        assert_eq!(fatima[lock], true, "{lock}");
    }
    let omar = s.lookup("omar.haddad@example.com").await.json;
    assert_eq!(omar["emergencyAccessStatus"], "Enabled");
    let left = seconds_until(omar["emergencyTokencodeExpiration"].as_str().unwrap());
    assert!((235 * 60..=240 * 60).contains(&left), "{left}");
    assert_eq!(omar["offlineEmergencyAccessStatus"], "Enabled");
    let pat = s.lookup("pat.morgan@example.com").await.json;
    assert_eq!(pat["principalUsername"], "usersusername");
}

#[tokio::test]
async fn unsynched_users_are_found_only_when_asked_and_are_then_synced() {
    let s = start().await;
    assert_eq!(s.lookup("mei.tanaka@example.com").await.status, 404);
    let a =
        s.post(LOOKUP, &json!({"email": "mei.tanaka@example.com", "searchUnsynched": false})).await;
    assert_eq!(a.status, 404);
    let started = std::time::Instant::now();
    let a =
        s.post(LOOKUP, &json!({"email": "mei.tanaka@example.com", "searchUnsynched": true})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300), "syncing first is slower");
    assert!(seconds_until(a.json["lastSyncTime"].as_str().unwrap()).abs() < 60, "synced just now");
    assert_eq!(s.lookup("mei.tanaka@example.com").await.status, 200, "now an ordinary user");
}

#[tokio::test]
async fn a_bad_lookup_body_is_400_in_the_services_shape() {
    let s = start().await;
    for body in [
        json!({}),
        json!({"email": 42}),
        json!({"email": ""}),
        json!({"email": "a@example.com", "searchUnsynched": "perhaps"}),
        json!(["john.doe@example.com"]),
    ] {
        let a = s.post(LOOKUP, &body).await;
        assert_eq!(a.status, 400, "{body}: {}", a.text);
        assert_eq!(a.json["code"], "400 BAD_REQUEST", "{body}");
        assert!(a.json["description"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

// ---- devices ----

#[tokio::test]
async fn devices_lists_authenticators_fido_and_hardware_tokens() {
    let s = start().await;
    let id = s.user_id("john.doe@example.com").await;
    let a = s.get(&format!("v2/users/{id}/devices")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let mut keys: Vec<&str> = a.json.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["devices", "fidoTokens", "sidTokens"]);
    let device = &a.json["devices"][0];
    for key in [
        "id",
        "name",
        "userId",
        "deviceType",
        "registeredDate",
        "capabilities",
        "updatedAt",
        "status",
    ] {
        assert!(device.get(key).is_some(), "device lacks {key}");
    }
    assert_eq!(device["userId"], id.as_str());
    assert!(is_api_timestamp(device["registeredDate"].as_str().unwrap()));
    let token = &a.json["sidTokens"][0];
    assert!(is_digits(token["tokenSerialNumber"].as_str().unwrap(), 12));
    assert_eq!(token["pinSet"], "true");

    let elena = s.user_id("elena.popescu@example.com").await;
    let a = s.get(&format!("v2/users/{elena}/devices")).await;
    assert_eq!(a.json["devices"], json!([]));
    assert_eq!(a.json["fidoTokens"][0]["name"], "YubiKey 5 NFC");
}

#[tokio::test]
async fn browsers_are_listed_only_on_request() {
    let s = start().await;
    let id = s.user_id("daniel.kim@example.com").await;
    let types = |a: &Answer| -> Vec<String> {
        a.json["devices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["deviceType"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(types(&s.get(&format!("v2/users/{id}/devices")).await), ["IOS"]);
    assert_eq!(
        types(&s.get(&format!("v2/users/{id}/devices?includeBrowsers=true")).await),
        ["IOS", "BROWSER"]
    );
    assert_eq!(s.get(&format!("v2/users/{id}/devices?includeBrowsers=maybe")).await.status, 400);
}

#[tokio::test]
async fn devices_of_an_unknown_user_are_404() {
    let s = start().await;
    let a = s.get("v2/users/00000000-0000-0000-0000-000000000000/devices").await;
    assert_code_description(
        &a,
        404,
        "404 NOT_FOUND",
        "User 00000000-0000-0000-0000-000000000000 not found",
    );
    assert_eq!(s.calls("GET /v2/users/{id}/devices"), 1, "counted under its template");
}
