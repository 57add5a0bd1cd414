//! The client over the User Event Log: one page, every page of a range with progress, each
//! event once, a 429 waited out, and a bad range refused before sending.

use crate::support::simulator::{legacy_client, retries, start_sim};
use casdesk::api::{ApiError, ClientOptions, EventLogRange};
use casdesk::sim::SignIn;
use std::collections::HashSet;
use time::OffsetDateTime;

fn calls(sim: &casdesk::sim::SimHandle) -> u64 {
    let stats = sim.control().stats();
    stats.by_endpoint.get("GET /v1/usereventlog/exportlogs").copied().unwrap_or(0)
}

fn last(minutes: i64) -> EventLogRange {
    let end = OffsetDateTime::now_utc().to_offset(time::macros::offset!(+02:00));
    EventLogRange { start: end - time::Duration::minutes(minutes), end }
}

#[tokio::test]
async fn every_page_of_a_range_with_progress_and_each_event_once() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    for _ in 0..250 {
        sim.control().simulate_sign_in("olivia.brown@example.com", SignIn::Succeed("TOKEN".into()));
    }
    let range = last(60);
    let first = client.user_event_log_page(&range, 0, 100).await.unwrap();
    let total = first.total_elements.unwrap();
    assert!(total > 250, "{total}");
    assert_eq!(first.total_pages, Some(total.div_ceil(100)));
    let mut seen = Vec::new();
    let log = client
        .user_event_log(&range, |p| {
            seen.push((p.pages_read, p.total_pages));
            true
        })
        .await
        .unwrap();
    assert!(log.complete);
    assert_eq!(log.entries.len() as u64, total);
    let pages = total.div_ceil(100);
    assert_eq!(seen, (1..=pages).map(|n| (n, Some(pages))).collect::<Vec<_>>());
    let ids: HashSet<_> = log.entries.iter().map(|e| e.event.event_id.clone()).collect();
    assert_eq!(ids.len(), log.entries.len());
    assert_eq!(log.entries[0].who(), Some("olivia.brown@example.com"));
    let olivia = log.entries.iter().filter(|e| e.who() == Some("olivia.brown@example.com"));
    assert_eq!(olivia.count(), 250, "the range's end is not cut to the millisecond before it");
    assert_eq!(calls(&sim), pages + 1, "the first page asked alone, then every page");
}

#[tokio::test]
async fn a_caller_may_stop_after_a_page() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    for _ in 0..120 {
        sim.control().simulate_sign_in("olivia.brown@example.com", SignIn::Succeed("TOKEN".into()));
    }
    let log = client.user_event_log(&last(60), |_| false).await.unwrap();
    assert!(!log.complete);
    assert_eq!((log.pages_read, log.entries.len()), (1, 100));
}

#[tokio::test]
async fn a_429_is_waited_out_between_pages() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, retries(3, 10, 50, 10));
    sim.control().inject(casdesk::sim::Fault::TooManyRequests, 1);
    let log = client.user_event_log(&last(60), |_| true).await.unwrap();
    assert!(log.complete && !log.entries.is_empty());
    assert_eq!(calls(&sim), 2);
}

#[tokio::test]
async fn a_bad_range_or_page_size_is_refused_before_sending() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    let range = last(60);
    let backwards = EventLogRange { start: range.end, end: range.start };
    for (r, size) in [(backwards, 100), (range, 0), (range, 101)] {
        let e = client.user_event_log_page(&r, 0, size).await.unwrap_err();
        assert!(matches!(e, ApiError::InvalidRequest(_)), "{e}");
    }
    assert_eq!(calls(&sim), 0);
}
