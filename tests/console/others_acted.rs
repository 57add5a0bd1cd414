//! Who else acted, end to end: the console against the simulator reads the administration log
//! after a lookup (worker, every page), shows the demo's colleague under the user, names them
//! before a change that would undo their work, and leaves its own changes out as "this key".

use crate::support::live::Live;
use crossterm::event::KeyCode;

fn words(screen: &str) -> String {
    let screen = screen.replace(['│', '┌', '┐', '└', '┘', '─'], " ");
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The console's clock set to the simulator's (the harness keeps a fixed one for snapshots):
/// the console asks for the last 24 hours as its clock reads them.
fn real_time(live: &mut Live) {
    live.harness.app.set_time(time::OffsetDateTime::now_utc());
}

#[tokio::test]
async fn a_colleagues_disable_is_shown_and_named_before_enabling() {
    let mut live = Live::start().await;
    real_time(&mut live);
    let screen = words(&live.look_up("ana.garcia-lopez@example.com").await);
    assert!(screen.contains("Others acted (24 h): 1"), "{screen}");
    assert!(
        screen.contains("marcus.reed (Super Admin) disabled the user · 20 min ago"),
        "{screen}"
    );
    live.key(KeyCode::Char('d'));
    let screen = words(&live.harness.screen());
    assert!(
        screen.contains("marcus.reed (Super Admin) disabled the user 20 min ago: this undoes it."),
        "{screen}"
    );
    live.key(KeyCode::Char('y'));
    live.until("the enable to be answered", |s| s.contains("✓ Enabled")).await;
    // Its own enable, once read again, is this key's: counted, not listed.
    live.harness.app.set_time(time::OffsetDateTime::now_utc() + time::Duration::seconds(40));
    live.key(KeyCode::Char('r'));
    let screen = words(&live.until("the lookup again", |s| !s.contains("Looking up")).await);
    let screen = if screen.contains("(+1 by this key)") {
        screen
    } else {
        words(&live.until("the log read again", |s| words(s).contains("(+1 by this key)")).await)
    };
    assert!(screen.contains("Others acted (24 h): 1 (+1 by this key)"), "{screen}");
}

#[tokio::test]
async fn a_key_the_tenant_refuses_is_told_once_and_the_lookup_works() {
    let mut live = Live::start().await;
    real_time(&mut live);
    live.control().set_admin_log_for_keys(false);
    let screen = words(&live.look_up("priya.nair@example.com").await);
    assert!(screen.contains("Priya"), "{screen}");
    assert!(
        screen
            .contains("This key may not read the administration log; who else acted is not shown."),
        "{screen}"
    );
    live.key(KeyCode::Char('e'));
    let screen = words(&live.look_up("carlos.garcia@example.com").await);
    assert!(screen.contains("Carlos") && !screen.contains("administration log"), "{screen}");
}
