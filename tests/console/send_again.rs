//! Sending again, end to end: the Bulk screen and the worker against the simulator over
//! loopback, a fault spoiling the first run's answer; the users it left FAILED or in doubt go
//! out again as a new run, and only they.

use crate::support::live::Live;
use casdesk::sim::Fault;
use crossterm::event::KeyCode;

#[tokio::test]
async fn users_a_fault_left_in_doubt_or_failed_are_sent_again_and_only_they() {
    let mut live = Live::start().await;
    // The first call's answer gives its first user (alice) a result code no document names.
    live.control().inject(Fault::UnknownResultCode, 1);
    let users: Vec<String> =
        ["alice@example.com", "user1@example.com", "nobody@example.com", "pat.morgan@example.com"]
            .map(String::from)
            .to_vec();
    let screen = live.bulk_void(&users).await;
    assert!(screen.contains("2 to send again (s)"), "alice in doubt, nobody failed:\n{screen}");
    let calls_before = live.control().stats().total_requests;
    live.key(KeyCode::Char('s'));
    let screen = live.harness.screen();
    assert!(screen.contains("The last run ended with 1 FAILED and 1 in doubt."), "{screen}");
    assert!(screen.contains("Void the ENROLLMENT codes of exactly 2 users?"), "{screen}");
    assert_eq!(live.control().stats().total_requests, calls_before, "nothing sent before y");
    live.key(KeyCode::Char('y'));
    let screen = live.until("the second run to end", |s| s.contains("2 of 2 (done)")).await;
    assert!(screen.contains("alice@example.com") && screen.contains("nobody@example.com"));
    assert!(!screen.contains("user1@example.com"), "only those two: {screen}");
    let row = |email: &str| screen.lines().find(|l| l.contains(email)).unwrap_or("").to_string();
    assert!(row("alice@example.com").contains("1013"), "answered for real now: {screen}");
    assert!(row("nobody@example.com").contains("1002"), "{screen}");
    assert!(screen.contains("1 to send again (s)"), "nobody is still unknown: {screen}");
}
