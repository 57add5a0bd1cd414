//! The typed client on the Administration Event Log: every page read for one user (over
//! several pages), only their entries kept, its own entries known by the key's access ID, the
//! 403 kept as the service said it, and a 429 waited out.

use crate::support::simulator::{calls, demo_key, legacy_client, retries, start_sim};
use casdesk::api::ClientOptions;
use time::OffsetDateTime;

fn day() -> (OffsetDateTime, OffsetDateTime) {
    let now = OffsetDateTime::now_utc();
    (now - time::Duration::hours(24), now + time::Duration::minutes(1))
}

#[tokio::test]
async fn every_page_is_read_and_only_the_users_entries_kept() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    let carlos = client.lookup_user("carlos.garcia@example.com", false).await.unwrap();
    let carlos = carlos.id.unwrap();
    let alice = client.lookup_user("alice@example.com", false).await.unwrap().id.unwrap();
    // 130 changes to someone else and 2 to carlos: the log is more than one page of 100.
    for _ in 0..130 {
        client.sync_user(&alice).await.unwrap();
    }
    client.sync_user(&carlos).await.unwrap();
    client.sync_user(&carlos).await.unwrap();
    let (after, until) = day();
    let first = client.admin_log_page(after, until, 0, 100).await.unwrap();
    assert_eq!(first.entries.len(), 100);
    assert!(first.total_pages.unwrap() >= 2, "{:?}", first.total_pages);
    let before = calls(&sim, "GET /v1/adminlog/exportlogs");
    let read = client.admin_activity_on(&carlos, after, until).await.unwrap();
    assert_eq!(read.pages_read, first.total_pages.unwrap());
    assert_eq!(calls(&sim, "GET /v1/adminlog/exportlogs") - before, read.pages_read);
    assert!(!read.cut_short);
    assert!(read.entries.iter().all(|e| e.targets(&carlos)));
    // anna's unlock an hour ago, and the two syncs this key just made.
    let keys: Vec<&str> = read.entries.iter().filter_map(|e| e.activity_key.as_deref()).collect();
    assert_eq!(keys, ["UNLOCK_USER_METHOD", "SYNCHRONIZE_USER", "SYNCHRONIZE_USER"]);
    assert_eq!(read.own_name, demo_key(&sim).access_id);
    let own = read.entries.iter().filter(|e| e.admin_user_name.as_deref() == Some(&read.own_name));
    assert_eq!(own.count(), 2);
}

#[tokio::test]
async fn a_small_page_and_the_time_window_are_sent_as_asked() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    let now = OffsetDateTime::now_utc().to_offset(time::macros::offset!(+02:00));
    // The offset's + must arrive as %2B, or the simulator answers 400 as the service does.
    let page = client
        .admin_log_page(now - time::Duration::minutes(30), now, 0, 2)
        .await
        .expect("the + of +02:00 arrives intact");
    let names: Vec<_> = page.entries.iter().filter_map(|e| e.admin_user_name.as_deref()).collect();
    assert_eq!(names, ["marcus.reed", "anna.berg"], "ana's disable, then priya's code");
    assert_eq!(page.total_elements, Some(2));
    let e = client.admin_log_page(now, now - time::Duration::minutes(1), 0, 2).await.unwrap_err();
    assert!(e.to_string().contains("before its end"), "{e}");
}

#[tokio::test]
async fn a_403_is_the_services_and_a_429_is_waited_out() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, retries(3, 5, 20, 5));
    let (after, until) = day();
    sim.control().inject(casdesk::sim::Fault::TooManyRequests, 1);
    let read = client.admin_activity_on("no-such-user", after, until).await.unwrap();
    assert!(read.entries.is_empty());
    sim.control().set_admin_log_for_keys(false);
    let e = client.admin_activity_on("no-such-user", after, until).await.unwrap_err();
    assert_eq!(e.status(), Some(403), "{e}");
}
