//! The Failures screen end to end: the demo tenant's lockout wave read from the user event log
//! by the worker, the locked users' group handed to Bulk's unlock, and the run unlocking
//! exactly those users: their next lookup shows nothing locked, and nobody else was touched.

use crate::support::live::Live;
use crate::support::simulator::legacy_client;
use casdesk::api::ClientOptions;
use casdesk::sim::event_code;
use crossterm::event::KeyCode;

const LOCKED: [&str; 6] = [
    "ava.johnson@example.com",
    "lucas.moreau@example.com",
    "mateo.fernandez@example.com",
    "raj.patel@example.com",
    "sara.lindgren@example.com",
    "viktor.petrov@example.com",
];

#[tokio::test]
async fn the_locked_group_unlocked_from_failures_is_exactly_those_users() {
    let mut live = Live::start().await;
    // The demo's history is relative to now: the console's clock must be now too.
    live.harness.app.set_time(time::OffsetDateTime::now_utc());
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('7'));
    live.key(KeyCode::Char('r'));
    let screen = live.until("the log read", |s| s.contains(" failures by ")).await;
    assert!(screen.contains("AUTHN_METHOD_LOCKED"), "{screen}");
    // By cause, the wrong tokencodes first, then the locks.
    live.key(KeyCode::Down);
    live.key(KeyCode::Enter);
    let users =
        live.until("the group's users", |s| s.contains("AUTHN_METHOD_LOCKED: 6 failures")).await;
    for who in LOCKED {
        assert!(users.contains(who), "{who}: {users}");
    }
    live.key(KeyCode::Char('u'));
    let asked = live.until("Bulk's question", |s| s.contains("of exactly 6 users?")).await;
    assert!(asked.contains("[unlock]"), "{asked}");
    live.key(KeyCode::Char('y'));
    live.until("the unlock run to end", |s| s.contains("6 of 6 (done)")).await;

    let client = legacy_client(live.sim(), ClientOptions::default());
    for who in LOCKED {
        let user = client.lookup_user(who, false).await.unwrap();
        assert!(
            user.locked_methods().is_empty(),
            "{who} still locked: {:?}",
            user.locked_methods()
        );
        assert_eq!(live.control().event_codes(who)[0], event_code::UNLOCKED, "{who}");
    }
    for other in
        ["emma.thomas@example.com", "kwame.mensah@partner.example.net", "maria.garcia@example.com"]
    {
        let codes = live.control().event_codes(other);
        assert!(!codes.contains(&event_code::UNLOCKED.to_string()), "{other} was left alone");
    }
    assert!(
        !client
            .lookup_user("maria.garcia@example.com", false)
            .await
            .unwrap()
            .locked_methods()
            .is_empty()
    );

    // Back on Failures the log is read again: the group's users now read as unlocked.
    live.harness.app.set_time(time::OffsetDateTime::now_utc() + time::Duration::seconds(1));
    live.key(KeyCode::Char('7'));
    let after = live.until("the log read again", |s| s.contains(" failures by ")).await;
    assert!(!after.contains("⚠ 6 locked") && !after.contains("⚠ 1 locked"), "{after}");
    assert!(!after.contains("ADMIN_"), "administrators' unlocks are not failures: {after}");
}
