//! Faults, end to end in the console: the real screens and worker against the simulator over
//! loopback HTTP, with a fault injected into a single call or into the middle of a bulk run.
//! Every case must end with a clear message on screen and, in a bulk run, every user with a
//! visible outcome.

use crate::support::live::Live;
use casdesk::sim::Fault;
use crossterm::event::KeyCode;

/// Lots, so every retry meets the fault too.
const FOREVER: usize = 10_000;

/// Addresses the demo tenant does not know: each gets a 1002 from the service, so an outcome
/// that is not a 1002 came from the fault.
fn nobodies(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("nobody{i}@example.com")).collect()
}

/// The counts line of a bulk run, e.g. `✓ OK 0   ⚠ WARNING 100   ✗ FAILED 150   … PENDING 0`,
/// as (ok, warning, failed, pending).
fn counts(screen: &str) -> (usize, usize, usize, usize) {
    let line = screen.lines().find(|l| l.contains("PENDING")).expect("a counts line");
    // The counts, before what the line may add ("12 to send again (s)").
    let counts = line.split("PENDING").next().unwrap_or("").to_string() + "PENDING";
    let pending = line.split("PENDING").nth(1).and_then(|r| r.split_whitespace().next());
    let numbers: Vec<usize> =
        counts.split_whitespace().chain(pending).filter_map(|w| w.parse().ok()).collect::<Vec<_>>();
    assert_eq!(numbers.len(), 4, "four counts in {line:?}");
    (numbers[0], numbers[1], numbers[2], numbers[3])
}

/// The whole outcome of one user of a bulk run, as the line under the table shows it once the
/// search has narrowed the table to that user.
fn outcome_of(live: &mut Live, email: &str) -> String {
    live.key(KeyCode::Char('/'));
    // Clears an earlier search.
    for _ in 0..40 {
        live.key(KeyCode::Backspace);
    }
    live.type_text(email);
    live.key(KeyCode::Enter);
    let screen = live.harness.screen();
    assert!(screen.contains("row 1 of 1 (250 in all)"), "the search finds {email}:\n{screen}");
    // From the line that names the user to the footer (the last line), unwrapped.
    let lines: Vec<&str> = screen.lines().collect();
    let start = lines
        .iter()
        .rposition(|l| l.contains(&format!(" {email}: ")))
        .unwrap_or_else(|| panic!("the whole result of {email} under the table:\n{screen}"));
    let footer = lines.iter().rposition(|l| !l.trim().is_empty()).unwrap_or(start + 1);
    unwrapped(&lines[start..footer.max(start + 1)].join("\n"))
}

/// A bulk void of 250 users (three calls) whose first call goes through and whose later calls
/// meet `fault`, every time they are sent. Returns the end screen and the outcome of a user of
/// the last call.
async fn bulk_with_fault(fault: Fault) -> (String, String) {
    let mut live = Live::start().await;
    live.control().pass(1);
    live.control().inject(fault, FOREVER);
    let screen = live.bulk_void(&nobodies(250)).await;
    let (ok, warning, failed, pending) = counts(&screen);
    assert_eq!(ok + warning + failed, 250, "every user has an outcome:\n{screen}");
    assert_eq!(pending, 0, "no user is left waiting:\n{screen}");
    assert!(screen.contains("row 1 of 250"), "every user is in the table:\n{screen}");
    let last = outcome_of(&mut live, "nobody249@example.com");
    (screen, last)
}

async fn lookup_with_fault(fault: Fault) -> String {
    let mut live = Live::start().await;
    live.control().inject(fault, FOREVER);
    let screen = live.look_up("alice@example.com").await;
    assert!(screen.contains("✗ FAILED  Could not look up alice@example.com"), "{screen}");
    unwrapped(&screen)
}

/// Wrapped lines joined back into one, so a message can be matched whole.
fn unwrapped(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

// ---- one call ----

#[tokio::test]
async fn a_500_in_a_single_call_is_named() {
    let screen = lookup_with_fault(Fault::ServerError).await;
    assert!(
        screen.contains("HTTP 500 Internal Server Error: An internal error occurred."),
        "{screen}"
    );
}

#[tokio::test]
async fn an_html_502_from_a_proxy_is_named_without_its_markup() {
    let screen = lookup_with_fault(Fault::BadGatewayHtml).await;
    assert!(screen.contains("HTTP 502 Bad Gateway"), "{screen}");
    assert!(screen.contains("a web page instead of JSON"), "{screen}");
    assert!(!screen.contains('<'), "no markup is drawn:\n{screen}");
}

#[tokio::test]
async fn a_connection_reset_mid_body_in_a_single_call_is_named() {
    let screen = lookup_with_fault(Fault::DropConnection).await;
    assert!(screen.contains("the connection broke before the answer was complete"), "{screen}");
    assert!(!screen.contains("for url"), "no library noise or URL:\n{screen}");
}

#[tokio::test]
async fn a_timeout_in_a_single_call_is_named() {
    let screen = lookup_with_fault(Fault::Stall).await;
    assert!(screen.contains("the service did not answer in time"), "{screen}");
    assert!(screen.contains("gave up after 3 attempts"), "{screen}");
}

#[tokio::test]
async fn a_truncated_answer_to_a_lookup_is_named() {
    let screen = lookup_with_fault(Fault::TruncatedJson).await;
    assert!(screen.contains("the answer ended early (truncated JSON)"), "{screen}");
}

#[tokio::test]
async fn a_truncated_answer_to_a_generate_is_an_unknown_outcome_and_shows_no_code() {
    let mut live = Live::start().await;
    live.look_up("alice@example.com").await;
    // The caller verified: these tests are about what the faults do.
    live.harness.caller_verified("alice@example.com");
    live.control().inject(Fault::TruncatedJson, 1);
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('2'));
    live.key(KeyCode::Enter);
    let screen =
        live.until("the generate to end", |s| s.contains("Enrollment codes: 1 of 1")).await;
    // The service made a code; the answer that carried it was cut short.
    let code = live.control().live_code("alice@example.com", "ENROLLMENT").expect("a live code");
    assert!(screen.contains("unknown outcome, check before retrying"), "{screen}");
    assert!(screen.contains("truncated JSON"), "{screen}");
    assert!(!screen.contains(code.as_str()), "no part of the cut answer is shown");
}

#[tokio::test]
async fn a_429_storm_in_a_single_call_says_rate_limited_and_a_short_one_passes() {
    let screen = lookup_with_fault(Fault::TooManyRequests).await;
    assert!(screen.contains("HTTP 429 Too Many Requests"), "{screen}");
    let mut live = Live::start().await;
    live.control().inject(Fault::TooManyRequests, 2);
    let screen = live.look_up("alice@example.com").await;
    assert!(screen.contains("User: alice@example.com  (Alice Martin)"), "{screen}");
}

/// Looks `email` up, then runs `screen`'s main action (Enter) with `fault` on every call after
/// the lookup; returns the screen once the action ended, unwrapped.
async fn action_with_fault(screen: char, email: &str, fault: Fault, ended: &str) -> String {
    let mut live = Live::start().await;
    let found = live.look_up(email).await;
    assert!(found.contains(&format!("User: {email}")), "{found}");
    // The caller verified: these tests are about what the faults do.
    live.harness.caller_verified(email);
    live.control().inject(fault, FOREVER);
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char(screen));
    live.key(KeyCode::Enter);
    let screen = live.until(ended, |s| s.contains(ended)).await;
    unwrapped(&screen)
}

/// A device registration code for a user who has no device yet, meeting `fault`.
async fn device_code_with_fault(fault: Fault) -> String {
    action_with_fault('4', "ADUser@example.com", fault, "No registration code for").await
}

/// An emergency tokencode, with the tenant's defaults, meeting `fault`.
async fn emergency_with_fault(fault: Fault) -> String {
    action_with_fault('5', "ADUser@example.com", fault, "Could not enable the emergency tokencode")
        .await
}

#[tokio::test]
async fn a_500_to_a_device_code_request_is_named() {
    let screen = device_code_with_fault(Fault::ServerError).await;
    assert!(screen.contains("✗ FAILED  No registration code for ADUser@example.com"), "{screen}");
    assert!(screen.contains("HTTP 500 Internal Server Error"), "{screen}");
}

#[tokio::test]
async fn a_dropped_answer_to_a_device_code_request_is_an_unknown_outcome() {
    let screen = device_code_with_fault(Fault::DropConnection).await;
    assert!(screen.contains("the connection broke before the answer was complete"), "{screen}");
    // The service may have made a code; asking again would replace it, so casdesk says so.
    assert!(
        screen.contains("A code may have been issued anyway; asking again replaces it."),
        "the outcome is flagged as uncertain:\n{screen}"
    );
}

#[tokio::test]
async fn an_html_502_to_an_emergency_tokencode_request_is_named() {
    let screen = emergency_with_fault(Fault::BadGatewayHtml).await;
    assert!(screen.contains("HTTP 502 Bad Gateway"), "{screen}");
    assert!(!screen.contains('<'), "no markup is drawn:\n{screen}");
}

#[tokio::test]
async fn a_timeout_of_an_emergency_tokencode_request_is_named() {
    let screen = emergency_with_fault(Fault::Stall).await;
    assert!(screen.contains("the service did not answer in time"), "{screen}");
}

#[tokio::test]
async fn a_hostile_services_text_is_drawn_clean() {
    let mut live = Live::start().await;
    live.control().inject(Fault::HostileText, FOREVER);
    let screen = live.look_up("alice@example.com").await;
    assert!(screen.contains("User: alice@example.com  (Alice Martin)"), "{screen}");
    // ratatui drops the bare ESC and BEL; what must not survive is the rest of each sequence.
    for residue in ["HOSTILE", "[2J", "[31m", "[0m", "[1;1H"] {
        assert!(!screen.contains(residue), "{residue:?} was drawn:\n{screen}");
    }
    let screen = live.bulk_void(&nobodies(3)).await;
    assert!(screen.contains("1002"), "the service's answers are shown:\n{screen}");
    for residue in ["HOSTILE", "[2J", "[31m"] {
        assert!(!screen.contains(residue), "{residue:?} was drawn:\n{screen}");
    }
}

// ---- the middle of a bulk run ----

#[tokio::test]
async fn a_dropped_answer_mid_bulk_generate_is_never_repeated_and_every_user_has_an_outcome() {
    let mut live = Live::start().await;
    // One reason for the whole list, as an operator records it for a bulk run.
    for user in nobodies(250) {
        live.harness.caller_verified(&user);
    }
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('2'));
    live.paste(&nobodies(250).join(","));
    live.key(KeyCode::Enter);
    live.key(KeyCode::Char('y'));
    live.control().pass(1);
    live.control().inject(Fault::DropConnection, FOREVER);
    let screen = live.until("the run to end", |s| s.contains("Enrollment codes: 250 of 250")).await;
    let (ok, warning, failed, pending) = counts(&screen);
    assert_eq!((ok + warning + failed, pending), (250, 0), "every user has an outcome:\n{screen}");
    // Three calls, each sent once: a generate that may have reached the service is not resent.
    let sent = live.control().stats().by_endpoint["POST /v1/users/generateVerifyCode/enroll"];
    assert_eq!(sent, 3, "no generate call was repeated");
    assert_eq!(warning, 150, "the two cut calls' users have an unknown outcome:\n{screen}");
}

#[tokio::test]
async fn a_500_mid_bulk_leaves_every_user_with_an_outcome() {
    let (_, last) = bulk_with_fault(Fault::ServerError).await;
    assert!(last.contains("HTTP 500 Internal Server Error"), "{last}");
}

#[tokio::test]
async fn an_html_502_mid_bulk_leaves_every_user_with_an_outcome() {
    let (screen, last) = bulk_with_fault(Fault::BadGatewayHtml).await;
    assert!(last.contains("HTTP 502 Bad Gateway") && last.contains("a web page"), "{last}");
    assert!(!screen.contains('<') && !last.contains('<'), "no markup is drawn");
}

#[tokio::test]
async fn a_connection_reset_mid_bulk_leaves_every_user_with_an_outcome() {
    let (_, last) = bulk_with_fault(Fault::DropConnection).await;
    assert!(last.contains("the connection broke before the answer was complete"), "{last}");
}

#[tokio::test]
async fn a_timeout_mid_bulk_leaves_every_user_with_an_outcome() {
    let (_, last) = bulk_with_fault(Fault::Stall).await;
    assert!(last.contains("the service did not answer in time"), "{last}");
}

#[tokio::test]
async fn a_truncated_answer_mid_bulk_leaves_every_user_with_an_outcome() {
    let (_, last) = bulk_with_fault(Fault::TruncatedJson).await;
    assert!(last.contains("truncated JSON"), "{last}");
}

#[tokio::test]
async fn a_429_storm_mid_bulk_fails_no_one_when_it_passes_and_names_itself_when_it_does_not() {
    // It passes: every user ends with the service's own answer.
    let mut live = Live::start().await;
    live.control().pass(1);
    live.control().inject(Fault::TooManyRequests, 8);
    let screen = live.bulk_void(&nobodies(250)).await;
    assert_eq!(counts(&screen), (0, 0, 250, 0), "{screen}");
    for email in ["nobody0@example.com", "nobody120@example.com", "nobody249@example.com"] {
        let line = outcome_of(&mut live, email);
        assert!(line.contains("1002 User not found"), "the service answered for {email}: {line}");
    }
    assert!(live.control().stats().too_many_requests >= 8, "the storm happened");

    // It does not: the run goes on waiting, saying why, never failing a user for it; the
    // operator stops it, and the users never taken are "not sent".
    let mut live = Live::start().await;
    live.control().pass(1);
    live.control().inject(Fault::TooManyRequests, FOREVER);
    live.start_bulk_void(&nobodies(250));
    let waiting =
        live.until("the run to say it is throttled", |s| s.contains("Rate limited")).await;
    assert!(waiting.contains("retrying"), "{waiting}");
    live.key(KeyCode::Char('x'));
    let screen = live.until("the run to stop", |s| s.contains(" not sent (stopped)")).await;
    assert!(!screen.contains("429"), "no user ends with the 429:\n{screen}");
    let last = outcome_of(&mut live, "nobody249@example.com");
    assert!(last.contains("not sent: the run was cancelled"), "{last}");
}
