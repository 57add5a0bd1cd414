//! User Event Log (`GET v1/usereventlog/exportlogs`): every user's events, newest first, paged
//! with zero-based page numbers and the totals; the time range, `%2B` and what a bare `+`
//! does; 400s for a bad range or page; 40 days kept; the demo tenant's lockout wave.

use super::*;
use casdesk::sim::{SignIn, event_code};
use std::collections::HashSet;

const PATH: &str = "v1/usereventlog/exportlogs";

/// `2025-03-04T09:14:00.000+01:00` for a moment `minutes` from now, in UTC+01:00, escaped.
fn at(minutes: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::minutes(minutes);
    casdesk::api::format_query_time(t.to_offset(time::macros::offset!(+01:00))).replace('+', "%2B")
}

async fn page(s: &Sim, query: &str) -> Answer {
    s.get(&format!("{PATH}?{query}")).await
}

fn entries(a: &Answer) -> &Vec<Value> {
    a.json["userEventLogExportEntries"].as_array().expect("entries")
}

#[tokio::test]
async fn every_page_in_turn_newest_first_with_the_totals() {
    let s = start().await;
    let range = format!("startTimeAfter={}&endTimeOnOrBefore={}", at(-24 * 60), at(1));
    let first = page(&s, &format!("{range}&pageSize=10&pageNumber=0")).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let total = first.json["totalElements"].as_u64().unwrap();
    assert!(total > 30, "the demo's day holds the lockout wave: {total}");
    assert_eq!(first.json["totalPages"].as_u64().unwrap(), total.div_ceil(10));
    assert_eq!(
        (first.json["pageSize"].as_u64(), first.json["currentPage"].as_u64()),
        (Some(10), Some(0))
    );
    let mut ids = HashSet::new();
    let mut dates = Vec::new();
    for n in 0..first.json["totalPages"].as_u64().unwrap() {
        let a = page(&s, &format!("{range}&pageSize=10&pageNumber={n}")).await;
        assert_eq!(a.json["currentPage"].as_u64(), Some(n));
        for e in entries(&a) {
            assert!(ids.insert(e["eventId"].as_str().unwrap().to_string()), "each event once");
            dates.push(e["eventLogDate"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(ids.len() as u64, total);
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first across pages");
    let e = &entries(&first)[0];
    for field in [
        "eventId",
        "eventLogDate",
        "eventCode",
        "eventDescription",
        "userId",
        "sourceIPAddress",
        "application",
        "method",
        "policyName",
        "emailAddress",
        "userName",
    ] {
        assert!(e.get(field).is_some(), "{field} missing: {e}");
    }
    let past = page(&s, &format!("{range}&pageSize=10&pageNumber=99")).await;
    assert_eq!(past.status, 200);
    assert!(entries(&past).is_empty(), "past the last page: none, with the totals");
    assert_eq!(past.json["totalElements"].as_u64(), Some(total));
}

#[tokio::test]
async fn the_lockout_wave_is_in_the_last_hour() {
    let s = start().await;
    let a = page(&s, &format!("startTimeAfter={}&pageSize=100", at(-60))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let locked: HashSet<&str> = entries(&a)
        .iter()
        .filter(|e| e["eventCode"] == event_code::METHOD_LOCKED)
        .map(|e| e["emailAddress"].as_str().unwrap())
        .collect();
    assert_eq!(locked.len(), 6, "{locked:?}");
    for email in &locked {
        assert_eq!(s.lookup(email).await.json["isTokenLocked"], true, "{email} shows locked");
    }
    let wave: HashSet<&str> = entries(&a)
        .iter()
        .filter(|e| e["application"] == "Citrix Gateway" && e["sourceIPAddress"] == "198.51.100.77")
        .map(|e| e["emailAddress"].as_str().unwrap())
        .collect();
    assert!(wave.len() >= 10, "{wave:?}");
}

#[tokio::test]
async fn the_range_must_be_escaped_and_in_order_and_pages_sensible() {
    let s = start().await;
    let bare = page(&s, &format!("startTimeAfter={}", at(-30).replace("%2B", "+"))).await;
    assert_eq!(bare.status, 400, "a bare + reads as a space: {}", bare.text);
    assert_eq!(bare.json["code"], "400 BAD_REQUEST");
    assert!(bare.json["description"].as_str().unwrap().contains("%2B"), "{}", bare.text);
    let backwards = format!("startTimeAfter={}&endTimeOnOrBefore={}", at(-10), at(-20));
    assert_eq!(page(&s, &backwards).await.status, 400);
    for bad in ["pageSize=0", "pageSize=ten", "pageNumber=-1", "startTimeAfter=yesterday"] {
        assert_eq!(page(&s, bad).await.status, 400, "{bad}");
    }
    let big = page(&s, "pageSize=500").await;
    assert_eq!(big.status, 200);
    assert_eq!(big.json["pageSize"].as_u64(), Some(100), "capped at 100");
    let window = format!("startTimeAfter={}&endTimeOnOrBefore={}", at(-50), at(-30));
    let a = page(&s, &window).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let now = time::OffsetDateTime::now_utc();
    for e in entries(&a) {
        let t = time::OffsetDateTime::parse(
            e["eventLogDate"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        assert!(t > now - time::Duration::minutes(51) && t <= now - time::Duration::minutes(29));
    }
    assert!(!entries(&a).is_empty());
}

#[tokio::test]
async fn what_happens_is_in_the_next_answer_and_forty_days_are_kept() {
    let s = start().await;
    let email = "olivia.brown@example.com";
    s.sim.control().simulate_sign_in(email, SignIn::WrongTokencode);
    let a = page(&s, "pageSize=1").await;
    let newest = &entries(&a)[0];
    assert_eq!(newest["eventCode"], event_code::WRONG_TOKENCODE);
    assert_eq!(newest["emailAddress"], email);
    s.sim.control().advance_clock(std::time::Duration::from_secs(41 * 24 * 3600));
    let later = page(&s, "").await;
    assert_eq!(later.status, 200, "{}", later.text);
    assert_eq!(later.json["totalElements"], 0, "older than 40 days: gone");
}

#[tokio::test]
async fn throttled_and_faulted_as_every_other_endpoint() {
    let s = start().await;
    s.sim.control().inject(casdesk::sim::Fault::TooManyRequests, 1);
    assert_eq!(page(&s, "").await.status, 429);
    assert_eq!(page(&s, "").await.status, 200, "then answered as usual");
    assert_eq!(s.calls("GET /v1/usereventlog/exportlogs"), 2);
}
