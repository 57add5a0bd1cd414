//! The README's screenshots: each console screen driven for real (screens, worker, HTTP client)
//! against the embedded simulator on loopback, its frame written as SVG to `assets/screens/`.
//!
//! Regenerate them all with
//!
//! ```text
//! cargo test --test screenshots -- --ignored
//! ```
//!
//! They are ignored by default: they write into the source tree and show codes that differ on
//! every run, so plain `cargo test` stays quick and deterministic. It still runs the SVG
//! writer's own tests (`svg.rs`, `palette.rs`).

#[path = "../support/mod.rs"]
mod support;

mod live;
mod palette;
mod svg;

use crossterm::event::KeyCode;
use live::Live;
use std::path::PathBuf;

/// The terminal every screenshot is taken in. 100 columns is a common window that still fits
/// the README; 30 rows leave the bulk table room for a few rows and the help overlay whole.
const COLUMNS: u16 = 100;
const ROWS: u16 = 30;

/// Writes the frame on screen to `assets/screens/<name>.svg`.
fn save(live: &mut Live, name: &str, title: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets").join("screens");
    std::fs::create_dir_all(&dir).expect("creates assets/screens");
    let path = dir.join(format!("{name}.svg"));
    let svg = svg::render(&live.buffer(), title);
    std::fs::write(&path, svg).unwrap_or_else(|e| panic!("writes {}: {e}", path.display()));
    eprintln!("wrote {}", path.display());
}

#[tokio::test]
#[ignore = "writes assets/screens; run with --ignored to regenerate"]
async fn lookup() {
    let mut live = Live::start(COLUMNS, ROWS).await;
    // RSA's own sample user: an iPhone and a SecurID 700 token.
    live.look_up("john.doe@example.com").await;
    live.until("the devices", |s| s.contains("Devices (")).await;
    save(&mut live, "1-lookup", "casdesk, screen 1: a user looked up, with devices");
}

#[tokio::test]
#[ignore = "writes assets/screens; run with --ignored to regenerate"]
async fn codes() {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("alice@example.com").await;
    live.key(KeyCode::Char('2'));
    // The user is carried over; one user, enrollment, DISPLAY: Enter generates.
    live.key(KeyCode::Enter);
    // The run is over once its table's title no longer says "Generating".
    live.until("the code", |s| {
        s.contains("Code for alice@example.com (y to copy)")
            && s.contains("Enrollment codes: 1 of 1")
    })
    .await;
    save(&mut live, "2-codes", "casdesk, screen 2: an enrollment code generated for display");
}

/// A helpdesk's list as people paste it: a comment, blank lines, a duplicate and lines that
/// are not addresses (skipped, and said so, before anything is sent). Users with a live
/// enrollment code (OK), with none (WARNING), unknown or disabled (FAILED).
const BULK_LIST: &str = "\
# tickets 4411-4419
user2@example.com
priya.nair@example.com
user1@example.com
olivia.brown@example.com

ghost@example.com
grace.hopper@example.com
Priya.Nair@example.com
john doe
lukas.meyer@example
";

/// Screen 3 after a bulk void of [`BULK_LIST`].
async fn bulk_done() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('3'));
    live.paste(BULK_LIST);
    live.until("the list previewed", |s| s.contains("6 users to void")).await;
    live.key(KeyCode::Enter);
    live.until("the confirmation", |s| s.contains("exactly 6 users?")).await;
    live.key(KeyCode::Char('y'));
    live.until("the run to end", |s| s.contains("6 of 6 (done)")).await;
    live
}

#[tokio::test]
#[ignore = "writes assets/screens; run with --ignored to regenerate"]
async fn bulk_void() {
    let mut live = bulk_done().await;
    // A WARNING row selected: the line under the table gives its whole, long answer.
    live.key(KeyCode::Down);
    live.key(KeyCode::Down);
    live.until("user1 selected", |s| s.contains("user1@example.com: 1013")).await;
    save(&mut live, "3-bulk-void", "casdesk, screen 3: a bulk void with mixed outcomes");
}

#[tokio::test]
#[ignore = "writes assets/screens; run with --ignored to regenerate"]
async fn device_code() {
    let mut live = Live::start(COLUMNS, ROWS).await;
    // A user with no device yet: the service issues a code.
    live.look_up("ADUser@example.com").await;
    live.key(KeyCode::Char('4'));
    live.key(KeyCode::Enter);
    live.until("the code", |s| s.contains("Code issued for RSA Authenticator")).await;
    save(&mut live, "4-device-code", "casdesk, screen 4: a device registration code issued");
}

#[tokio::test]
#[ignore = "writes assets/screens; run with --ignored to regenerate"]
async fn emergency() {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("alice@example.com").await;
    live.key(KeyCode::Char('5'));
    // The tenant's defaults: valid a day, not one-time.
    live.key(KeyCode::Enter);
    // The status box above refreshes after the enable; the picture waits for it.
    live.until("the tokencode and the refreshed status", |s| {
        s.contains("Emergency tokencode enabled for alice@example.com.")
            && s.contains("active until")
            && !s.contains("refreshing")
    })
    .await;
    save(&mut live, "5-emergency", "casdesk, screen 5: an emergency tokencode enabled");
}

#[tokio::test]
#[ignore = "writes assets/screens; run with --ignored to regenerate"]
async fn help() {
    // Over the bulk results, whose keys are the most numerous.
    let mut live = bulk_done().await;
    live.key(KeyCode::Char('?'));
    live.until("the help overlay", |s| s.contains("Keys (Esc or ? to close)")).await;
    save(&mut live, "help", "casdesk: the help overlay, over the bulk void results");
}
