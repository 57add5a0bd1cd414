//! Unlock, User Status and Synchronize User: the documented bodies, the refusals, and every
//! change visible in the next lookup.

use super::*;
use std::time::Duration;

async fn unlock(s: &Sim, id: &str, body: &Value) -> Answer {
    s.send(Method::PATCH, &format!("v1/users/{id}/methods"), body).await
}

async fn set_status(s: &Sim, id: &str, body: &Value) -> Answer {
    s.send(Method::PUT, &format!("v1/users/{id}/userStatus"), body).await
}

#[tokio::test]
async fn unlock_clears_the_named_methods_and_answers_every_methods_state() {
    let s = start().await;
    let id = s.user_id("fatima.zahra@example.com").await;
    let a = unlock(&s, &id, &json!({"unlockMethods": ["TOKEN", "SMS"]})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.json,
        json!({"id": id, "isTokenLocked": false, "isSmsLocked": false, "isVoiceLocked": true,
               "isFingerprintLocked": true, "isApproveLocked": true})
    );
    let u = s.lookup("fatima.zahra@example.com").await.json;
    assert_eq!(
        (u["isTokenLocked"].clone(), u["isSmsLocked"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(u["isVoiceLocked"], true, "only what was named is unlocked");
    // Unlocking what is not locked is not an error.
    assert_eq!(unlock(&s, &id, &json!({"unlockMethods": ["TOKEN"]})).await.status, 200);
}

#[tokio::test]
async fn unlock_refuses_what_the_documents_do_not_allow() {
    let s = start().await;
    let id = s.user_id("viktor.petrov@example.com").await;
    for body in [
        json!({}),
        json!({"unlockMethods": []}),
        json!({"unlockMethods": ["token"]}),
        json!({"unlockMethods": ["APPROVE"]}),
        json!({"unlockMethods": "TOKEN"}),
    ] {
        let a = unlock(&s, &id, &body).await;
        assert_eq!(a.status, 400, "{body}: {}", a.text);
        assert_eq!(a.json["code"], "400 BAD_REQUEST");
    }
    assert_eq!(s.lookup("viktor.petrov@example.com").await.json["isTokenLocked"], true);
    let a = unlock(&s, "no-such-id", &json!({"unlockMethods": ["TOKEN"]})).await;
    assert_eq!(a.status, 404);
    assert_eq!(a.json["description"], "User no-such-id not found");
}

#[tokio::test]
async fn user_status_takes_exactly_one_property_and_shows_in_the_lookup() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    let a = set_status(&s, &id, &json!({"userStatus": "Disabled", "reason": "leaver"})).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json["description"], "Wrong number of properties in the request body.");
    assert_eq!(s.lookup("alice@example.com").await.json["userStatus"], "Enabled");

    let a = set_status(&s, &id, &json!({"userStatus": "Disabled"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json, json!({"id": id, "userStatus": "Disabled"}));
    assert_eq!(s.lookup("alice@example.com").await.json["userStatus"], "Disabled");
    // A disabled user gets no codes: the change is felt by the other endpoints too.
    let results = s.generate(ENROLL, json!([{"email": "alice@example.com"}])).await;
    assert_eq!(statuses(&results), vec![1002]);

    assert_eq!(set_status(&s, &id, &json!({"userStatus": "Disabled"})).await.status, 200);
    assert_eq!(set_status(&s, &id, &json!({"userStatus": "Enabled"})).await.status, 200);
    assert_eq!(s.lookup("alice@example.com").await.json["userStatus"], "Enabled");
    assert_eq!(set_status(&s, &id, &json!({"userStatus": "Gone"})).await.status, 400);
}

#[tokio::test]
async fn a_user_marked_for_deletion_cannot_change_status() {
    let s = start().await;
    let id = s.user_id("harold.finch@example.com").await;
    let a = set_status(&s, &id, &json!({"userStatus": "Enabled"})).await;
    assert_eq!(a.status, 409, "{}", a.text);
    assert_eq!(a.json["code"], "409 CONFLICT");
    assert_eq!(s.lookup("harold.finch@example.com").await.json["userStatus"], "Disabled");
}

#[tokio::test]
async fn sync_wants_an_empty_body_with_content_length_zero_and_brings_in_directory_changes() {
    let s = start().await;
    let id = s.user_id("george.miller@example.com").await;
    let path = format!("v1/users/{id}/sync");
    let before = s.lookup("george.miller@example.com").await.json;
    assert_eq!(before["lastName"], "Miller");

    let a = s.call(Method::POST, &path, Some(&s.token), Some(("application/json", b"{}"))).await;
    assert_eq!(a.status, 400, "a body is refused: {}", a.text);
    // reqwest sends no Content-Length for a bodiless POST unless told to.
    let a = s.call(Method::POST, &path, Some(&s.token), None).await;
    assert_eq!(a.status, 411, "{}", a.text);

    let response = s
        .http
        .post(s.url(&path))
        .bearer_auth(&s.token)
        .header("Accept", "application/json")
        .header("Content-Length", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let synced: Value = response.json().await.unwrap();
    assert_eq!(synced["id"], id.as_str());
    assert_eq!(synced["lastName"], "Miller-Hayes");
    assert_ne!(synced["lastSyncTime"], before["lastSyncTime"]);
    assert_eq!(s.lookup("george.miller@example.com").await.json["lastName"], "Miller-Hayes");
}

async fn mark_deleted(s: &Sim, id: &str, body: &Value) -> Answer {
    s.send(Method::PUT, &format!("v1/users/{id}/markDeleted"), body).await
}

#[tokio::test]
async fn mark_deleted_takes_the_examples_string_or_a_boolean_and_shows_in_the_next_lookup() {
    let s = start().await;
    let id = s.user_id("grace.hopper@example.com").await;
    // The page's example quotes it; its table says Boolean: both are read.
    let a = mark_deleted(&s, &id, &json!({"markDeleted": "true"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let u = s.lookup("grace.hopper@example.com").await.json;
    assert_eq!(u["markDeleted"], true);
    assert!(u["markDeletedAt"].as_str().is_some_and(|t| t.ends_with('Z')), "{u}");
    assert!(u["markDeletedBy"].as_str().is_some_and(|b| !b.is_empty()), "{u}");
    // Marked again: done, and the first mark stands.
    let at = u["markDeletedAt"].clone();
    assert_eq!(mark_deleted(&s, &id, &json!({"markDeleted": true})).await.status, 200);
    assert_eq!(s.lookup("grace.hopper@example.com").await.json["markDeletedAt"], at);
    // A marked user's status cannot be set until the mark is taken away.
    assert_eq!(set_status(&s, &id, &json!({"userStatus": "Disabled"})).await.status, 409);
    assert_eq!(mark_deleted(&s, &id, &json!({"markDeleted": false})).await.status, 200);
    let u = s.lookup("grace.hopper@example.com").await.json;
    assert_eq!(u["markDeleted"], false, "{u}");
    assert_eq!(set_status(&s, &id, &json!({"userStatus": "Disabled"})).await.status, 200);
}

#[tokio::test]
async fn mark_deleted_refuses_other_bodies_and_unknown_users() {
    let s = start().await;
    let id = s.user_id("grace.hopper@example.com").await;
    for body in [
        json!({}),
        json!({"markDeleted": "yes"}),
        json!({"markDeleted": 1}),
        json!({"markDeleted": true, "userStatus": "Disabled"}),
    ] {
        assert_eq!(mark_deleted(&s, &id, &body).await.status, 400, "{body}");
    }
    assert_eq!(s.lookup("grace.hopper@example.com").await.json["markDeleted"], false);
    let nobody = "00000000-0000-0000-0000-000000000000";
    let a = mark_deleted(&s, nobody, &json!({"markDeleted": "true"})).await;
    assert_eq!(a.status, 404, "{}", a.text);
}

#[tokio::test]
async fn a_user_marked_for_deletion_is_deleted_seven_days_after_the_mark_and_not_before() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    assert_eq!(mark_deleted(&s, &id, &json!({"markDeleted": true})).await.status, 200);
    s.sim.control().advance_clock(Duration::from_secs(7 * 24 * 3600 - 60));
    assert_eq!(s.lookup("alice@example.com").await.status, 200, "a minute short of 7 days");
    s.sim.control().advance_clock(Duration::from_secs(60));
    let gone = s.lookup("alice@example.com").await;
    assert_eq!(gone.status, 404, "{}", gone.text);
    let found = s.send(Method::POST, "v2/users/search", &json!({"emailLike": "alice"})).await;
    assert_eq!(found.status, 200, "{}", found.text);
    assert!(
        !found.text.contains("alice@example.com"),
        "search no longer finds her: {}",
        found.text
    );
    // Grace, not marked, stays.
    assert_eq!(s.lookup("grace.hopper@example.com").await.status, 200);
}

#[tokio::test]
async fn the_demos_leavers_are_pending_with_the_day_they_go() {
    let s = start().await;
    for email in
        ["harold.finch@example.com", "dmitri.volkov@example.com", "paula.jensen@example.com"]
    {
        let u = s.lookup(email).await.json;
        assert_eq!(u["markDeleted"], true, "{email}: {u}");
    }
    // Dmitri's seven days end two hours after start; Harold's in five days.
    s.sim.control().advance_clock(Duration::from_secs(2 * 3600 + 60));
    assert_eq!(s.lookup("dmitri.volkov@example.com").await.status, 404);
    assert_eq!(s.lookup("harold.finch@example.com").await.status, 200);
}

#[tokio::test]
async fn marking_and_unmarking_are_in_the_users_authentication_log_once_each() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    for body in
        [json!({"markDeleted": true}), json!({"markDeleted": true}), json!({"markDeleted": false})]
    {
        assert_eq!(mark_deleted(&s, &id, &body).await.status, 200);
    }
    let log = s.get(&format!("v1/users/{id}/authlogs")).await;
    let codes: Vec<&str> =
        log.json.as_array().unwrap().iter().filter_map(|e| e["eventCode"].as_str()).collect();
    let count = |c: &str| codes.iter().filter(|&&x| x == c).count();
    assert_eq!(count("ADMIN_USER_MARKED_DELETED"), 1, "the second mark changed nothing: {codes:?}");
    assert_eq!(count("ADMIN_USER_DELETION_MARK_REMOVED"), 1, "{codes:?}");
}
