//! The README's screenshots: each console screen driven for real (screens, worker, HTTP client)
//! against the embedded simulator on loopback, its frame written as SVG to `assets/screens/`.
//!
//! Regenerate them all with
//!
//! ```text
//! cargo test --test screenshots -- --ignored
//! ```
//!
//! Those are ignored by default: they write into the source tree. Plain `cargo test` runs
//! every scene all the same and checks that each picture still shows what the console draws
//! (`pictures_are_current`, against the words each SVG keeps in its `<desc>`), and runs the
//! SVG writer's own tests (`svg.rs`, `palette.rs`).

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
    let path = picture(name);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("creates assets/screens");
    let svg = svg::render(&live.buffer(), title, &gist(&live.screen()));
    std::fs::write(&path, svg).unwrap_or_else(|e| panic!("writes {}: {e}", path.display()));
    eprintln!("wrote {}", path.display());
}

fn picture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join("screens")
        .join(format!("{name}.svg"))
}

/// What a screen says, without what changes from run to run: every number becomes `#`, the
/// block digits of a code one marker line, and runs of spaces one space.
fn gist(screen: &str) -> String {
    let mut out = Vec::new();
    for line in screen.lines() {
        if line.contains(['█', '▀', '▄']) && !line.contains('│') {
            out.push("[code in block digits]".to_string());
            continue;
        }
        let mut text = String::new();
        let mut last = ' ';
        for c in line.trim().chars() {
            let c = if c.is_ascii_digit() { '#' } else { c };
            if (c == '#' || c == ' ') && c == last {
                continue;
            }
            text.push(c);
            last = c;
        }
        // A time shown with its day only when the day is not today ("Expires 00:05" just
        // before midnight becomes "Expires 2026-12-08 00:05"): the same picture either way.
        out.push(text.replace("#-#-# #:", "#:"));
    }
    out.join("\n")
}

/// The words a committed picture keeps in its `<desc>`.
fn committed_gist(name: &str) -> String {
    let path = picture(name);
    let svg = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let desc = svg
        .split_once("<desc>")
        .and_then(|(_, rest)| rest.split_once("</desc>"))
        .map(|(desc, _)| desc)
        .unwrap_or_else(|| panic!("{} has no <desc>: regenerate it", path.display()));
    desc.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
        // Pictures made before days were left out of the gist (see `gist`).
        .replace("#-#-# #:", "#:")
}

/// The caller verified by Live Verification: their phone asked, a countdown while they answer.
async fn verify_live() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("george.miller@example.com").await;
    live.type_text("Vl");
    live.until("the session", |s| s.contains("left. Ask them")).await;
    live
}

/// The sign-in challenge: a failure shown live while the caller tries again.
async fn verify_sign_in() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("alice@example.com").await;
    live.type_text("Vs");
    live.until("the challenge", |s| s.contains("to sign in now")).await;
    live.control().simulate_sign_in("alice@example.com", casdesk::sim::SignIn::WrongTokencode);
    live.until("the failure", |s| s.contains("✗ FAILED")).await;
    live
}

async fn lookup() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    // RSA's own sample user: an iPhone and a SecurID 700 token.
    live.look_up("john.doe@example.com").await;
    live.until("the devices", |s| s.contains("Devices (")).await;
    live
}

/// Part of an address typed: everyone whose address contains it, to pick from.
async fn lookup_search() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.type_text("garcia");
    live.key(KeyCode::Enter);
    live.until("the matches", |s| s.contains("1–4 of 4")).await;
    live.key(KeyCode::Down);
    live.key(KeyCode::Down);
    live
}

/// A user locked out of every method the API can unlock, unlocked: the service's answer and
/// the user as looked up again.
async fn lookup_unlock() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("fatima.zahra@example.com").await;
    live.key(KeyCode::Char('u'));
    live.until("the question", |s| s.contains("Unlock Tokencode, SMS and Voice")).await;
    live.key(KeyCode::Char('y'));
    live.until("the answer", |s| s.contains("✓ OK  Unlock methods")).await;
    live
}

/// HR changed a surname in the directory; one key brings it in.
async fn lookup_sync() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("george.miller@example.com").await;
    live.key(KeyCode::Char('s'));
    live.until("the sync", |s| s.contains("✓ OK  Synchronise user")).await;
    live
}

/// "I lost my phone": the old one removed and a registration code for the new one, in one
/// flow from the user's authenticators.
async fn lookup_replace_phone() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("george.miller@example.com").await;
    // The caller verified first (called back on the number on file), as the policy asks.
    live.type_text("Vo1");
    live.key(KeyCode::Char('m'));
    live.until("the list", |s| s.contains("› Pixel 7a")).await;
    live.key(KeyCode::Char('r'));
    live.until("the question", |s| s.contains("1) remove Pixel 7a")).await;
    live.key(KeyCode::Char('y'));
    live.until("the answer", |s| s.contains("✓ OK  Replace phone")).await;
    live
}

/// "My PIN is wrong": a SecurID 700 token chosen, its details shown, the clear PIN asked.
async fn lookup_token() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("john.doe@example.com").await;
    // Clearing a PIN makes the token usable by whoever holds it: the caller verified first.
    live.type_text("Vo1");
    live.key(KeyCode::Char('m'));
    live.until("the list", |s| s.contains("SecurID tokens")).await;
    live.key(KeyCode::Down);
    live.until("the token chosen", |s| s.contains("› 000412345678")).await;
    live.key(KeyCode::Char('p'));
    live.until("the question", |s| s.contains("Clear the PIN of SecurID token")).await;
    live
}

/// A list of leavers disabled on the bulk screen: every user with an outcome.
async fn bulk_disable() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('3'));
    live.paste("# leavers, ticket 5120\nalice@example.com\ngrace.hopper@example.com\nghost@example.com\nomar.haddad@example.com\n");
    // void ENROLLMENT → void PASSWORD_RESET → unlock → disable
    live.key(KeyCode::Right);
    live.key(KeyCode::Right);
    live.key(KeyCode::Right);
    live.until("the list previewed", |s| s.contains("4 users to disable")).await;
    live.key(KeyCode::Enter);
    live.until("the confirmation", |s| s.contains("exactly 4 users?")).await;
    live.key(KeyCode::Char('y'));
    live.until("the run to end", |s| s.contains("4 of 4 (done)")).await;
    live
}

async fn codes() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("alice@example.com").await;
    // The caller verified first (called back on the number on file), as the policy asks.
    live.type_text("Vo1");
    live.key(KeyCode::Char('2'));
    // The user is carried over; one user, enrollment, DISPLAY: Enter generates.
    live.key(KeyCode::Enter);
    // The run is over once its table's title no longer says "Generating".
    live.until("the code", |s| {
        s.contains("Code for alice@example.com (c to copy)")
            && s.contains("Enrollment codes: 1 of 1")
    })
    .await;
    live
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

async fn bulk_void() -> Live {
    let mut live = bulk_done().await;
    // A WARNING row selected: the line under the table gives its whole, long answer.
    live.key(KeyCode::Down);
    live.key(KeyCode::Down);
    live.until("user1 selected", |s| s.contains("user1@example.com: 1013")).await;
    live
}

async fn device_code() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    // A user with no device yet: the service issues a code.
    live.look_up("ADUser@example.com").await;
    // The caller verified first (called back on the number on file), as the policy asks.
    live.type_text("Vo1");
    live.key(KeyCode::Char('4'));
    live.key(KeyCode::Enter);
    live.until("the code", |s| s.contains("Code issued for RSA Authenticator")).await;
    live
}

async fn emergency() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("alice@example.com").await;
    // The caller verified first (called back on the number on file), as the policy asks.
    live.type_text("Vo1");
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
    live
}

async fn activity() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    // Made this minute rather than the demo's shipped history, so every time in the picture is
    // today's whenever it is taken: a good sign-in, three wrong tokencodes, the lockout and a
    // try after it.
    let control = live.control();
    let email = "olivia.brown@example.com";
    control.simulate_sign_in(email, casdesk::sim::SignIn::Succeed("APPROVE".into()));
    for _ in 0..4 {
        control.simulate_sign_in(email, casdesk::sim::SignIn::WrongTokencode);
    }
    live.look_up(email).await;
    live.key(KeyCode::Char('a'));
    live.until("the activity", |s| s.contains("6 events, newest first")).await;
    live
}

async fn failures() -> Live {
    // The demo's lockout wave, read from the user event log: the groups by cause.
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('7'));
    live.key(KeyCode::Char('r'));
    live.until("the failures", |s| s.contains(" failures by ")).await;
    live
}

/// A leaver marked for deletion, the time left before the service deletes them.
async fn lookup_leaver() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("dmitri.volkov@example.com").await;
    live.until("the deletion line", |s| s.contains("⚠ marked; deleted in")).await;
    live
}

/// A colleague disabled her 20 minutes ago: enabling her names them before yes.
async fn lookup_others() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("ana.garcia-lopez@example.com").await;
    live.until("who else acted", |s| s.contains("Others acted (24 h)")).await;
    live.key(KeyCode::Char('d'));
    live.until("the question", |s| s.contains("this undoes it")).await;
    live
}

/// "Whose token is this?": a serial typed where an address goes.
async fn lookup_serial() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.type_text("000311122233");
    live.key(KeyCode::Enter);
    live.until("the token", |s| s.contains("Reported lost")).await;
    live
}

/// A lost security key suspended, not deleted: the question on the FIDO key's row.
async fn lookup_fido() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.look_up("wanjiru.kamau@example.com").await;
    live.key(KeyCode::Char('m'));
    live.until("the list", |s| s.contains("FIDO keys")).await;
    for _ in 0..6 {
        if live.screen().contains("› YubiKey") {
            break;
        }
        live.key(KeyCode::Down);
    }
    live.key(KeyCode::Char('f'));
    live.until("the question", |s| s.contains("Suspend FIDO key")).await;
    live
}

/// Screen 8: the three reports and the question before one is generated.
async fn reports() -> Live {
    let mut live = Live::start(COLUMNS, ROWS).await;
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('8'));
    live.until("the reports", |s| s.contains("Hardware tokens")).await;
    live.key(KeyCode::Char('g'));
    live.until("the question", |s| s.contains("Generate the users report now?")).await;
    live
}

async fn help() -> Live {
    // Over the bulk results, whose keys are the most numerous.
    let mut live = bulk_done().await;
    live.key(KeyCode::Char('?'));
    live.until("the help overlay", |s| s.contains("Keys (Esc or ? to close)")).await;
    live
}

/// Each picture: its file name, its title, and the scene that sets it up.
macro_rules! pictures {
    ($($scene:ident => $name:literal, $title:literal;)*) => {
        $(
            mod $scene {
                #[tokio::test]
                #[ignore = "writes assets/screens; run with --ignored to regenerate"]
                async fn regenerate() {
                    let mut live = super::$scene().await;
                    super::save(&mut live, $name, $title);
                }
            }
        )*

        /// Every scene, run as it is now, still shows what its committed picture shows
        /// (numbers and codes aside): a screen that changed needs its picture regenerated.
        #[tokio::test]
        async fn pictures_are_current() {
            let mut stale = Vec::new();
            $(
                let now = gist(&$scene().await.screen());
                let then = committed_gist($name);
                if now != then {
                    let first = now.lines().zip(then.lines()).position(|(a, b)| a != b);
                    stale.push(format!(
                        "{}.svg, first at line {}:\n  now:   {}\n  shown: {}",
                        $name,
                        first.map_or(0, |i| i + 1),
                        first.map_or("(a line more or less)", |i| now.lines().nth(i).unwrap_or("")),
                        first.map_or("", |i| then.lines().nth(i).unwrap_or("")),
                    ));
                }
            )*
            assert!(
                stale.is_empty(),
                "stale screenshots; regenerate with `cargo test --test screenshots -- --ignored`:\n{}",
                stale.join("\n")
            );
        }
    };
}

pictures! {
    lookup => "1-lookup", "casdesk, screen 1: a user looked up, with devices";
    verify_live => "1-verify-live", "casdesk: the caller verified by Live Verification, their phone asked";
    verify_sign_in => "1-verify-sign-in", "casdesk: the sign-in challenge, a failed attempt shown as it happens";
    lookup_search => "1-lookup-search", "casdesk, screen 1: part of an address searched, matches to pick from";
    lookup_unlock => "1-lookup-unlock", "casdesk, screen 1: a locked-out user unlocked, as looked up again";
    lookup_sync => "1-lookup-sync", "casdesk, screen 1: a user synchronised, the directory's new surname shown";
    lookup_replace_phone => "1-lookup-replace-phone", "casdesk, screen 1: a lost phone replaced, the new phone's registration code shown";
    lookup_token => "1-lookup-token", "casdesk, screen 1: a SecurID 700 token chosen, its PIN about to be cleared";
    codes => "2-codes", "casdesk, screen 2: an enrollment code generated for display";
    bulk_void => "3-bulk-void", "casdesk, screen 3: a bulk void with mixed outcomes";
    bulk_disable => "3-bulk-disable", "casdesk, screen 3: a list of leavers disabled, each with an outcome";
    device_code => "4-device-code", "casdesk, screen 4: a device registration code issued";
    emergency => "5-emergency", "casdesk, screen 5: an emergency tokencode enabled";
    activity => "6-activity", "casdesk, screen 6: sign-in activity, failures explained";
    lookup_leaver => "1-lookup-leaver", "casdesk, screen 1: a leaver marked for deletion, hours before the service deletes him";
    lookup_others => "1-lookup-others", "casdesk, screen 1: who else acted on the user, named before their change is undone";
    lookup_serial => "1-lookup-serial", "casdesk, screen 1: a SecurID token looked up by its serial: whose it is";
    lookup_fido => "1-lookup-fido", "casdesk, screen 1: a lost FIDO security key about to be suspended";
    failures => "7-failures", "casdesk, screen 7: the tenant's failed sign-ins now, grouped by cause";
    reports => "8-reports", "casdesk, screen 8: the tenant's reports and the limit said before generating";
    help => "help", "casdesk: the help overlay, over the bulk void results";
}
