//! Administration Event Log: the demo's colleagues, zero-based paging, the time filters, `%2B`
//! and what a bare `+` does, the 90 days kept, changes logged under the caller's name, the
//! 403s (a key the tenant does not allow, an OAuth token without `rsa.audit.admin`) and 429.

use super::oauth::access_token;
use super::*;

const PATH: &str = "v1/adminlog/exportlogs";

async fn log(s: &Sim, query: &str) -> Answer {
    s.get(&format!("{PATH}{query}")).await
}

/// `2025-03-04T09:14:00.000+01:00` for a moment `minutes` from now, in UTC+01:00, `+` escaped.
fn at(minutes: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::minutes(minutes);
    casdesk::api::format_query_time(t.to_offset(time::macros::offset!(+01:00))).replace('+', "%2B")
}

fn elements(a: &Answer) -> Vec<Value> {
    a.json["elements"].as_array().expect("elements").clone()
}

#[tokio::test]
async fn the_demo_ships_two_colleagues_actions_with_every_entry_field() {
    let s = start().await;
    let a = log(&s, &format!("?startTimeAfter={}", at(-24 * 60))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let entries = elements(&a);
    let priya = entries
        .iter()
        .find(|e| e["targetObject1Name"] == "priya.nair@example.com")
        .expect("anna's code for priya");
    assert_eq!(priya["adminUserName"], "anna.berg");
    assert_eq!(priya["adminUserRole"], "Help Desk Administrator");
    assert_eq!(priya["activityKey"], "GENERATE_ENROLLMENT_CODE");
    assert_eq!(priya["targetObject1Type"], "USER");
    assert_eq!(priya["targetObject1Id"], s.user_id("priya.nair@example.com").await);
    for field in ["eventId", "eventLogDate", "eventType", "sourceIPAddress", "activityCode"] {
        assert!(priya[field].as_str().is_some_and(|v| !v.is_empty()), "{field}: {priya}");
    }
    let ana = entries.iter().find(|e| e["targetObject1Name"] == "ana.garcia-lopez@example.com");
    assert_eq!(ana.unwrap()["adminUserName"], "marcus.reed");
    let dates: Vec<&str> = entries.iter().map(|e| e["eventLogDate"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first");
    // Older entries are kept, but outside the last day.
    let all = elements(&log(&s, "").await);
    assert!(all.len() > entries.len(), "entries beyond 24 h ship too");
}

#[tokio::test]
async fn pages_are_zero_based_and_say_how_many_there_are() {
    let s = start().await;
    let whole = log(&s, "").await;
    let total = whole.json["totalElements"].as_u64().unwrap();
    assert!(total >= 7, "{}", whole.text);
    assert_eq!(whole.json["pageSize"], 100, "the default page");
    assert_eq!(whole.json["currentPage"], 0);
    let mut seen = Vec::new();
    for page in 0..total.div_ceil(3) {
        let a = log(&s, &format!("?pageSize=3&pageNumber={page}")).await;
        assert_eq!(a.status, 200, "{}", a.text);
        assert_eq!(a.json["totalPages"], total.div_ceil(3));
        assert_eq!(a.json["totalElements"], total);
        assert_eq!(a.json["currentPage"], page);
        seen.extend(elements(&a));
    }
    assert_eq!(seen, elements(&whole), "the pages together are the whole log");
    let past = log(&s, &format!("?pageSize=3&pageNumber={}", total.div_ceil(3))).await;
    assert_eq!((past.status.as_u16(), elements(&past).len()), (200, 0));
    for bad in ["?pageSize=101", "?pageSize=0", "?pageNumber=-1", "?pageSize=ten"] {
        let a = log(&s, bad).await;
        assert_eq!(a.status, 400, "{bad}: {}", a.text);
        assert_eq!(a.json["code"], "400 BAD_REQUEST");
    }
}

#[tokio::test]
async fn the_time_filters_take_an_escaped_plus_and_refuse_a_bare_one() {
    let s = start().await;
    let a = log(&s, &format!("?startTimeAfter={}&endTimeOnOrBefore={}", at(-10), at(0))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let names: Vec<String> =
        elements(&a).iter().map(|e| e["targetObject1Name"].as_str().unwrap().into()).collect();
    assert_eq!(names, ["priya.nair@example.com"], "only anna's code 3 minutes ago");
    let bare = at(-10).replace("%2B", "+");
    let a = log(&s, &format!("?startTimeAfter={bare}")).await;
    assert_eq!(a.status, 400, "a bare + reads as a space: {}", a.text);
    assert!(a.json["description"].as_str().unwrap().contains("%2B"), "{}", a.text);
    let a = log(&s, &format!("?startTimeAfter={}&endTimeOnOrBefore={}", at(0), at(-10))).await;
    assert_eq!(a.status, 400, "start after end: {}", a.text);
    // Asking for more than 90 days gives what is kept.
    let a = log(&s, &format!("?startTimeAfter={}", at(-200 * 24 * 60))).await;
    assert_eq!(a.json["totalElements"], log(&s, "").await.json["totalElements"]);
}

#[tokio::test]
async fn a_change_is_logged_under_the_callers_name() {
    let s = start().await;
    let id = s.user_id("carlos.garcia@example.com").await;
    let status = format!("v1/users/{id}/userStatus");
    assert_eq!(s.send(Method::PUT, &status, &json!({"userStatus": "Disabled"})).await.status, 200);
    let newest = elements(&log(&s, "").await).pop().unwrap();
    assert_eq!(newest["activityKey"], "DISABLE_USER");
    assert_eq!(newest["targetObject1Id"], id);
    assert_eq!(newest["adminUserName"], s.key_file["accessID"], "a key: its access ID");
    assert_eq!(newest["adminUserRole"], "Help Desk Administrator");
    let token =
        access_token(&s, sim::DEMO_OAUTH_EC_CLIENT_ID, sim::DEMO_OAUTH_EC_JWK, HELPDESK_ALL).await;
    let body = br#"{"userStatus":"Enabled"}"#;
    let a = s.call(Method::PUT, &status, Some(&token), Some(("application/json", body))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let newest = elements(&log(&s, "").await).pop().unwrap();
    assert_eq!(newest["adminUserName"], sim::DEMO_OAUTH_EC_CLIENT_ID, "a client: its id");
}

const HELPDESK_ALL: &str = "rsa.user.manage rsa.audit.admin";

#[tokio::test]
async fn who_may_not_read_it_gets_a_403_and_a_throttled_caller_a_429() {
    let s = start().await;
    let without =
        access_token(&s, sim::DEMO_OAUTH_EC_CLIENT_ID, sim::DEMO_OAUTH_EC_JWK, "rsa.audit.user")
            .await;
    let a = s.call(Method::GET, PATH, Some(&without), None).await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(PATH));
    let with =
        access_token(&s, sim::DEMO_OAUTH_EC_CLIENT_ID, sim::DEMO_OAUTH_EC_JWK, "rsa.audit.admin")
            .await;
    assert_eq!(s.call(Method::GET, PATH, Some(&with), None).await.status, 200);
    s.sim.control().set_admin_log_for_keys(false);
    let a = log(&s, "").await;
    assert_spring(&a, 403, "Forbidden", "Access is denied", &admin_path(PATH));
    assert_eq!(s.call(Method::GET, PATH, Some(&with), None).await.status, 200, "OAuth: its scope");
    s.sim.control().set_admin_log_for_keys(true);
    s.sim.control().inject(casdesk::sim::Fault::TooManyRequests, 1);
    assert_eq!(log(&s, "").await.status, 429);
    assert_eq!(log(&s, "").await.status, 200, "then answered as usual");
}

#[tokio::test]
async fn leavers_and_fido_keys_are_logged_too_a_key_by_its_id_and_its_name() {
    let s = start().await;
    let grace = s.user_id("grace.hopper@example.com").await;
    let mark = format!("v1/users/{grace}/markDeleted");
    assert_eq!(s.send(Method::PUT, &mark, &json!({"markDeleted": true})).await.status, 200);
    assert_eq!(elements(&log(&s, "").await).pop().unwrap()["activityKey"], "MARK_USER_DELETED");
    assert_eq!(s.send(Method::PUT, &mark, &json!({"markDeleted": false})).await.status, 200);
    assert_eq!(elements(&log(&s, "").await).pop().unwrap()["activityKey"], "UNMARK_USER_DELETED");

    let wanjiru = s.user_id("wanjiru.kamau@example.com").await;
    let key = "5b0e9d3a-2c7f-5e41-8a6b-1f4d9c2e7a05";
    let path = format!("v1/fido/{wanjiru}/authenticators/{key}/disable");
    assert_eq!(s.send(Method::PATCH, &path, &json!({})).await.status, 200);
    let newest = elements(&log(&s, "").await).pop().unwrap();
    assert_eq!(newest["activityKey"], "DISABLE_FIDO_AUTHENTICATOR");
    assert_eq!(newest["targetObject2Id"], key, "known by its id");
    assert_eq!(newest["targetObject2Name"], "YubiKey 5C NFC", "said by its name");
    assert_eq!(newest["targetObject2Type"], "FIDO");
}
