//! Emergency tokencode: enable (v2), its rules, the lookup reflecting it, and disable.

use super::*;
use std::time::Duration;

async fn enable(s: &Sim, id: &str, body: &Value) -> Answer {
    s.send(Method::PUT, &format!("v2/users/{id}/emergencyTokencode"), body).await
}

async fn disable(s: &Sim, id: &str, eac: &str) -> Answer {
    s.delete(&format!("v1/users/{id}/emergencyTokencode/{eac}")).await
}

#[tokio::test]
async fn enable_then_disable_shows_in_the_lookup() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    let a = enable(&s, &id, &json!({"oneTimeUse": true, "expiryUnit": "hours", "expiryValue": 4}))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let e = &a.json;
    let eac_id = e["emergencyTokencodeId"].as_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&eac_id).is_ok());
    assert!(is_digits(e["emergencyTokencode"].as_str().unwrap(), 8));
    let expires = e["expirationDate"].as_str().unwrap();
    assert!(is_api_timestamp(expires));
    assert!((4 * 3600 - 10..=4 * 3600).contains(&seconds_until(expires)));
    assert!(seconds_until(e["offlineExpirationDate"].as_str().unwrap()) >= seconds_until(expires));
    assert_eq!(e["oneTimeUse"], true);
    assert_eq!(
        e["configurationsUsed"],
        json!({"expiryValue": 4, "expiryUnit": "hours", "oneTimeUse": true})
    );
    assert_eq!(e["configurationsLocked"], false);
    assert_eq!(
        s.sim.control().live_emergency_tokencode("alice@example.com").as_deref(),
        e["emergencyTokencode"].as_str()
    );

    let u = s.lookup("alice@example.com").await.json;
    assert_eq!(u["emergencyAccessStatus"], "Enabled");
    assert_eq!(u["emergencyTokencodeId"], eac_id.as_str());
    assert_eq!(u["emergencyTokencodeExpiration"], expires);
    assert_eq!(u["emergencyTokencodeOneTimeUse"], true);
    assert_eq!(u["offlineEmergencyAccessStatus"], "Enabled");

    let a = disable(&s, &id, &eac_id).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json, json!({}));
    let u = s.lookup("alice@example.com").await.json;
    assert_eq!(u["emergencyAccessStatus"], "Disabled");
    for gone in [
        "emergencyTokencodeId",
        "emergencyTokencodeExpiration",
        "offlineEmergencyTokencodeExpiration",
        "emergencyTokencodeOneTimeUse",
    ] {
        assert_eq!(u[gone], Value::Null, "{gone}");
    }
    assert_eq!(disable(&s, &id, &eac_id).await.status, 404, "nothing left to disable");
}

#[tokio::test]
async fn an_empty_body_takes_the_company_defaults() {
    let s = start().await;
    let id = s.user_id("ADUser@example.com").await;
    let a = s
        .call(Method::PUT, &format!("v2/users/{id}/emergencyTokencode"), Some(&s.token), None)
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.json["configurationsUsed"],
        json!({"expiryValue": 1, "expiryUnit": "days", "oneTimeUse": false})
    );
    assert_eq!(enable(&s, &id, &json!({})).await.status, 200);
}

#[tokio::test]
async fn a_locked_company_configuration_overrides_the_request() {
    let s = start().await;
    s.sim.control().set_eac_config_locked(true);
    let id = s.user_id("ADUser@example.com").await;
    let a =
        enable(&s, &id, &json!({"oneTimeUse": true, "expiryUnit": "minutes", "expiryValue": 30}))
            .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["configurationsLocked"], true);
    assert_eq!(
        a.json["configurationsUsed"],
        json!({"expiryValue": 1, "expiryUnit": "days", "oneTimeUse": false})
    );
    assert_eq!(a.json["oneTimeUse"], false);
}

#[tokio::test]
async fn invalid_requests_are_400_and_unknown_users_404() {
    let s = start().await;
    let id = s.user_id("ADUser@example.com").await;
    for body in [
        json!({"expiryUnit": "hours"}),
        json!({"expiryValue": 4}),
        json!({"expiryUnit": "days", "expiryValue": 8}),
        json!({"expiryUnit": "minutes", "expiryValue": 0}),
        json!({"expiryUnit": "weeks", "expiryValue": 1}),
        json!({"expiryUnit": "hours", "expiryValue": 1.5}),
        json!({"oneTimeUse": "sometimes"}),
    ] {
        let a = enable(&s, &id, &body).await;
        assert_eq!(a.status, 400, "{body}: {}", a.text);
        assert_eq!(a.json["code"], "400 BAD_REQUEST");
    }
    assert_eq!(
        enable(&s, &id, &json!({"expiryUnit": "days", "expiryValue": 7})).await.status,
        200,
        "7 days is the maximum"
    );
    assert_eq!(
        enable(&s, &id, &json!({"expiryUnit": "minutes", "expiryValue": "1"})).await.status,
        200,
        "1 minute the minimum"
    );

    let ghost = "00000000-0000-0000-0000-000000000000";
    assert_code_description(
        &enable(&s, ghost, &json!({})).await,
        404,
        "404 NOT_FOUND",
        &format!("User {ghost} not found"),
    );
    assert_eq!(disable(&s, ghost, "x").await.status, 404);
    let grace = s.user_id("grace.hopper@example.com").await;
    assert_code_description(
        &enable(&s, &grace, &json!({})).await,
        400,
        "400 BAD_REQUEST",
        "User is disabled.",
    );
}

#[tokio::test]
async fn a_new_code_replaces_the_old_and_only_the_current_id_disables() {
    let s = start().await;
    let id = s.user_id("omar.haddad@example.com").await;
    let old = s.lookup("omar.haddad@example.com").await.json["emergencyTokencodeId"]
        .as_str()
        .unwrap()
        .to_string();
    let new = enable(&s, &id, &json!({})).await.json["emergencyTokencodeId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(old, new);
    assert_eq!(disable(&s, &id, &old).await.status, 404);
    let other = s.user_id("alice@example.com").await;
    assert_eq!(disable(&s, &other, &new).await.status, 404, "not Alice's code");
    assert_eq!(disable(&s, &id, &new).await.status, 200);
}

#[tokio::test]
async fn tokencodes_expire_on_the_tenant_clock() {
    let s = start().await;
    s.sim.control().advance_clock(Duration::from_secs(5 * 3600));
    let u = s.lookup("omar.haddad@example.com").await.json;
    assert_eq!(u["emergencyAccessStatus"], "Disabled", "Omar's 4-hour code has expired");
    assert_eq!(u["offlineEmergencyAccessStatus"], "Enabled", "the offline code lasts longer");
    assert_eq!(s.sim.control().live_emergency_tokencode("omar.haddad@example.com"), None);
}
