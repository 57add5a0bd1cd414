//! Every per-user answer is matched to the user it names, never by position: against the
//! simulator answering with the irregularities the vendor documents show (an element for an
//! address not asked for, elements missing, reordered, doubled or unnamed, a result code
//! nobody documented). Driven three ways: the bulk engine, the console, and the commands for
//! scripts. No code is ever shown against the wrong user, every user has an outcome, and a
//! script's exit status says when something needs looking at.

use crate::support::live::Live;
use crate::support::simulator::{legacy_client, start_sim};
use casdesk::api::{ClientOptions, CodeMode, ResultCode};
use casdesk::bulk::outcome::StrayKind;
use casdesk::bulk::{Cancel, EngineConfig, Event, GenerateOptions, Operation, UserOutcome};
use casdesk::sim::reshape::{STRAY_CODE, UNKNOWN_RESULT};
use casdesk::sim::{self, Fault, SimHandle};
use casdesk::status::Status;
use crossterm::event::KeyCode;
use std::path::Path;

/// Demo users the service generates codes for (1000), as in the vendor's example answer.
const CODED: [&str; 4] =
    ["alice@example.com", "ADUser@example.com", "amuser@example.com", "AMViaPref0@example.com"];

const GENERATE: Operation = Operation::Generate {
    mode: CodeMode::Enrollment,
    options: GenerateOptions { validity: None, delivery: None, custom_email: None },
};
const VOID: Operation = Operation::Void { mode: CodeMode::Enrollment };

fn list(emails: &[&str]) -> Vec<String> {
    emails.iter().map(|e| e.to_string()).collect()
}

// ---- the bulk engine ----

/// Runs `op` for `users` through the engine against a fresh simulator whose every call meets
/// `fault`; returns every outcome reported, and the simulator to question.
async fn engine_with(
    fault: Fault,
    op: &Operation,
    users: &[&str],
) -> (Vec<UserOutcome>, SimHandle) {
    let sim = start_sim().await;
    sim.control().inject(fault, 1_000);
    let client = legacy_client(&sim, ClientOptions::default());
    let mut outcomes = Vec::new();
    let mut emit = |event| {
        if let Event::Batch { outcomes: batch, .. } = event {
            outcomes.extend(batch);
        }
    };
    // Two users a call, so a reshaped answer has something to get wrong in every call.
    let config = EngineConfig { batch_size: 2, ..EngineConfig::default() };
    casdesk::bulk::run(&client, op, list(users), &config, &Cancel::default(), None, &mut emit)
        .await;
    (outcomes, sim)
}

/// The outcomes of the users asked for, each exactly once, in any order.
fn of_users<'a>(outcomes: &'a [UserOutcome], users: &[&str]) -> Vec<&'a UserOutcome> {
    let mine: Vec<&UserOutcome> = outcomes.iter().filter(|o| o.stray.is_none()).collect();
    assert_eq!(mine.len(), users.len(), "one outcome per user: {mine:#?}");
    for user in users {
        assert_eq!(mine.iter().filter(|o| o.email == *user).count(), 1, "{user} once");
    }
    mine
}

/// Every code shown is the live code the simulator holds for the user it is shown against.
fn codes_belong_to_their_users(outcomes: &[UserOutcome], sim: &SimHandle) {
    for o in outcomes {
        if let Some(code) = &o.code {
            assert!(o.stray.is_none(), "a stray carries no code: {o:?}");
            let live = sim.control().live_code(&o.email, "ENROLLMENT");
            assert_eq!(live.as_deref(), Some(code.expose()), "{}'s code is {}'s", o.email, o.email);
        }
    }
}

#[tokio::test]
async fn reordered_answers_give_each_user_their_own_code() {
    let (outcomes, sim) = engine_with(Fault::ReorderedElements, &GENERATE, &CODED).await;
    let mine = of_users(&outcomes, &CODED);
    assert!(mine.iter().all(|o| o.is_success() && o.code.is_some()), "{mine:#?}");
    assert!(outcomes.iter().all(|o| o.stray.is_none()));
    codes_belong_to_their_users(&outcomes, &sim);
}

#[tokio::test]
async fn a_foreign_element_gets_its_own_outcome_and_its_code_goes_to_no_one() {
    let (outcomes, sim) = engine_with(Fault::ForeignElement, &GENERATE, &CODED).await;
    let mine = of_users(&outcomes, &CODED);
    assert!(mine.iter().all(|o| o.is_success()), "the users' own answers still count");
    let strays: Vec<_> = outcomes.iter().filter(|o| o.stray.is_some()).collect();
    assert_eq!(strays.len(), 2, "one foreign element a call");
    for s in &strays {
        assert_eq!(s.email, "not.asked@example.com");
        assert_eq!(s.stray.map(|s| (s.kind, s.withheld_code)), Some((StrayKind::NotAsked, true)));
        assert_eq!(s.verdict().0, Status::Warning);
        assert!(s.code.is_none() && s.needs_attention());
    }
    assert!(outcomes.iter().all(|o| o.code.as_ref().is_none_or(|c| c.expose() != STRAY_CODE)));
    codes_belong_to_their_users(&outcomes, &sim);
}

#[tokio::test]
async fn a_missing_element_is_in_doubt_for_a_generate_and_safe_to_retry_for_a_void() {
    let (outcomes, sim) = engine_with(Fault::MissingElement, &GENERATE, &CODED).await;
    let mine = of_users(&outcomes, &CODED);
    for lost in ["ADUser@example.com", "AMViaPref0@example.com"] {
        let o = mine.iter().find(|o| o.email == lost).unwrap();
        assert!(o.code.is_none(), "no code shown for {lost}");
        assert!(matches!(&o.result, Err(f) if f.uncertain), "{o:?}");
        assert!(o.verdict().1.starts_with("unknown outcome, check before retrying"), "{o:?}");
        assert!(sim.control().live_code(lost, "ENROLLMENT").is_some(), "the service made one");
    }
    let calls = sim.control().stats().by_endpoint["POST /v1/users/generateVerifyCode/enroll"];
    assert_eq!(calls, 2, "never sent again");
    codes_belong_to_their_users(&outcomes, &sim);

    let (outcomes, _) = engine_with(Fault::MissingElement, &VOID, &CODED).await;
    let lost = of_users(&outcomes, &CODED).into_iter().find(|o| o.email == "ADUser@example.com");
    let (status, words) = lost.unwrap().verdict();
    assert_eq!(status, Status::Failed);
    assert!(
        words.contains("no answer for this user") && words.contains("safe to retry"),
        "{words}"
    );
}

#[tokio::test]
async fn duplicated_and_unnamed_elements_never_replace_the_users_own_answer() {
    let (outcomes, sim) = engine_with(Fault::DuplicateElement, &GENERATE, &CODED).await;
    assert!(of_users(&outcomes, &CODED).iter().all(|o| o.is_success()), "the first counts");
    let doubles: Vec<_> = outcomes
        .iter()
        .filter(|o| o.stray.is_some_and(|s| s.kind == StrayKind::Duplicate))
        .collect();
    assert_eq!(doubles.len(), 2);
    assert!(doubles.iter().all(|d| d.result == Ok(ResultCode::InternalError)));
    codes_belong_to_their_users(&outcomes, &sim);

    let (outcomes, sim) = engine_with(Fault::UnnamedElement, &GENERATE, &CODED).await;
    let mine = of_users(&outcomes, &CODED);
    let unnamed = mine.iter().find(|o| o.email == "alice@example.com").unwrap();
    assert!(unnamed.code.is_none() && matches!(&unnamed.result, Err(f) if f.uncertain));
    let strays: Vec<_> = outcomes.iter().filter(|o| o.stray.is_some()).collect();
    assert!(strays.iter().all(|s| s.email == "(no address)" && s.code.is_none()));
    codes_belong_to_their_users(&outcomes, &sim);
}

#[tokio::test]
async fn an_unknown_result_code_is_never_success() {
    let (outcomes, _) = engine_with(Fault::UnknownResultCode, &VOID, &CODED).await;
    let unknown: Vec<_> =
        outcomes.iter().filter(|o| o.result == Ok(ResultCode::Unknown(UNKNOWN_RESULT))).collect();
    assert_eq!(unknown.len(), 2, "the first user of each call");
    for o in unknown {
        assert!(!o.is_success() && o.needs_attention());
        assert_eq!(o.verdict().0, Status::Warning);
        assert_eq!(o.message.as_deref(), Some("Result not documented (simulated)."));
    }
}

// ---- the console ----

/// Generates enrollment codes for `users` on the Codes screen, with `fault` on the call, and
/// waits for the run to end; returns the screen.
async fn console_generate(fault: Fault, users: &[&str]) -> (Live, String) {
    let mut live = Live::start().await;
    live.control().inject(fault, 1);
    // The callers verified: these tests are about whose code is whose.
    for user in users {
        live.harness.caller_verified(user);
    }
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('2'));
    live.paste(&users.join("\n"));
    live.key(KeyCode::Enter);
    if users.len() > 1 {
        live.key(KeyCode::Char('y'));
    }
    let n = users.len();
    let screen = live
        .until("the run to end", |s| s.contains(&format!("Enrollment codes: {n} of {n}")))
        .await;
    (live, screen)
}

/// The table row that names `email`.
fn row<'a>(screen: &'a str, email: &str) -> &'a str {
    screen
        .lines()
        .find(|l| {
            l.contains(&format!(" {email} "))
                && (l.contains("OK") || l.contains("WARNING") || l.contains("FAILED"))
        })
        .unwrap_or_else(|| panic!("a row for {email}:\n{screen}"))
}

fn grouped(code: &str) -> String {
    casdesk::ui::widgets::grouped(code)
}

#[tokio::test]
async fn the_console_shows_each_code_against_its_own_user_when_the_answer_is_reordered() {
    let users = &CODED[..3];
    let (live, screen) = console_generate(Fault::ReorderedElements, users).await;
    for user in users {
        let code = live.control().live_code(user, "ENROLLMENT").expect("a live code");
        let line = row(&screen, user);
        assert!(line.contains(&grouped(&code)), "{user}'s own code on its row: {line}\n{screen}");
        assert!(line.contains("✓ OK"), "{line}");
    }
}

#[tokio::test]
async fn the_console_shows_a_foreign_element_on_its_own_row_without_its_code() {
    let (live, screen) = console_generate(Fault::ForeignElement, &["alice@example.com"]).await;
    let code = live.control().live_code("alice@example.com", "ENROLLMENT").unwrap();
    assert!(row(&screen, "alice@example.com").contains(&grouped(&code)), "{screen}");
    assert!(screen.contains("Code for alice@example.com"), "the big code is alice's:\n{screen}");
    let stray = row(&screen, "not.asked@example.com");
    assert!(stray.contains("⚠ WARNING") && stray.contains("the service answered for"), "{stray}");
    assert!(!stray.contains("e-mailed"), "nothing was e-mailed to anyone asked for: {stray}");
    let mut live = live;
    live.key(KeyCode::Down);
    let whole = live.harness.screen().lines().map(str::trim).collect::<Vec<_>>().join(" ");
    assert!(
        whole.contains(
            "not.asked@example.com: 1000 the service answered for an address not asked for"
        ),
        "the selected stray's whole result under the table:\n{whole}"
    );
    assert!(!screen.contains(&grouped(STRAY_CODE)) && !screen.contains(STRAY_CODE), "{screen}");
    assert!(screen.contains("⚠ WARNING 1"), "the counts show it:\n{screen}");
}

#[tokio::test]
async fn the_console_says_when_the_answer_left_a_user_out() {
    let users = &CODED[..2];
    let (live, screen) = console_generate(Fault::MissingElement, users).await;
    let lost = row(&screen, "ADUser@example.com");
    assert!(lost.contains("⚠ WARNING") && lost.contains("unknown outcome"), "{lost}\n{screen}");
    let made = live.control().live_code("ADUser@example.com", "ENROLLMENT").unwrap();
    assert!(!screen.contains(&grouped(&made)), "a code nobody was told of is not shown");
}

#[tokio::test]
async fn the_console_shows_an_unknown_result_code_as_a_warning_with_the_raw_code() {
    let mut live = Live::start().await;
    live.control().inject(Fault::UnknownResultCode, 1);
    let screen = live.bulk_void(&list(&["alice@example.com", "nobody@example.com"])).await;
    let line = row(&screen, "alice@example.com");
    assert!(line.contains("⚠ WARNING") && line.contains("1099"), "{line}\n{screen}");
    assert!(!line.contains("✓ OK"));
}

// ---- the commands for scripts ----

/// Runs the binary against `sim` (its demo key file) with `args`; returns exit code, stdout,
/// stderr.
async fn command(sim: &SimHandle, dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let key = dir.join("demo.key");
    sim.write_demo_key_file(&key).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_casdesk"));
    cmd.arg("--key-file")
        .arg(&key)
        .arg("--config")
        .arg(dir.join("none.toml"))
        .args(args)
        .env("CASDESK_DATA_DIR", dir.join("data"))
        .env("CASDESK_LOG_DIR", dir.join("logs"))
        .env_remove("CASDESK_KEY_FILE")
        .env_remove("CASDESK_PROFILE");
    // Blocking, on its own thread: the simulator answers on this test's runtime.
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

async fn command_with(fault: Fault, args: &[&str]) -> (Option<i32>, String, String, SimHandle) {
    let sim = sim::start(sim::SimConfig::default()).await.expect("the simulator starts");
    sim.control().inject(fault, 1);
    let dir = std::env::temp_dir().join(format!("casdesk-attribution-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let (code, out, err) = command(&sim, &dir, args).await;
    let _ = std::fs::remove_dir_all(&dir);
    (code, out, err, sim)
}

#[tokio::test]
async fn void_exits_1_on_an_unknown_result_code_keeping_the_raw_code_and_message() {
    let (code, out, err, _) = command_with(
        Fault::UnknownResultCode,
        &["codes", "void", "--mode", "enrollment", "alice@example.com"],
    )
    .await;
    assert_eq!(code, Some(1), "an unknown code is never success\n{out}\n{err}");
    let row = out.lines().find(|l| l.starts_with("alice@example.com,")).expect(&out);
    assert!(
        row.starts_with(
            "alice@example.com,WARNING,1099,\"Unrecognised result code: outcome unknown"
        ),
        "{row}"
    );
    assert!(row.ends_with("Result not documented (simulated)."), "{row}");
}

#[tokio::test]
async fn generate_writes_a_foreign_element_as_its_own_row_and_exits_1() {
    let args = [
        "codes",
        "generate",
        "--override",
        "callback",
        "--mode",
        "enrollment",
        "alice@example.com",
        "-f",
        "json",
    ];
    let (code, out, err, sim) = command_with(Fault::ForeignElement, &args).await;
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(!out.contains(STRAY_CODE), "the stray code is written nowhere:\n{out}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 2, "{out}");
    let live = sim.control().live_code("alice@example.com", "ENROLLMENT").unwrap();
    assert_eq!(
        (rows[0]["email"].as_str(), rows[0]["code"].as_str()),
        (Some("alice@example.com"), Some(live.as_str()))
    );
    assert_eq!(rows[1]["email"], "not.asked@example.com");
    assert_eq!(rows[1]["status"], "WARNING");
    assert!(rows[1]["meaning"].as_str().unwrap().contains("an address not asked for"), "{out}");
    assert!(rows[1]["code"].is_null(), "{out}");
}

#[tokio::test]
async fn void_says_no_answer_for_a_user_left_out_and_exits_1() {
    let args = ["codes", "void", "--mode", "enrollment", "alice@example.com", "amuser@example.com"];
    let (code, out, err, _) = command_with(Fault::MissingElement, &args).await;
    assert_eq!(code, Some(1), "{out}\n{err}");
    let row = out.lines().find(|l| l.starts_with("amuser@example.com,")).expect(&out);
    assert!(row.contains(",FAILED,,no answer for this user"), "{row}");
}

#[tokio::test]
async fn a_clean_answer_still_exits_0() {
    let args = [
        "codes",
        "generate",
        "--override",
        "callback",
        "--mode",
        "enrollment",
        "alice@example.com",
        "amuser@example.com",
    ];
    let (code, out, err, _) = command_with(Fault::ReorderedElements, &args).await;
    assert_eq!(code, Some(0), "reordered, but every element named its user\n{out}\n{err}");
}

// ---- single-user answers that name their user ----

#[tokio::test]
async fn a_lookup_answered_for_another_user_selects_nobody() {
    let mut live = Live::start().await;
    live.control().inject(Fault::AnotherUser, 1);
    let screen = live.look_up("alice@example.com").await;
    let whole = screen.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    assert!(whole.contains("✗ FAILED  Could not look up alice@example.com"), "{screen}");
    assert!(
        whole.contains("the service answered for not.asked@example.com, not for alice@example.com"),
        "{whole}"
    );
    assert!(!screen.contains("User: alice@example.com"), "no user is selected:\n{screen}");
}

#[tokio::test]
async fn a_device_code_answered_for_another_user_is_not_shown() {
    let mut live = Live::start().await;
    live.look_up("ADUser@example.com").await;
    live.harness.caller_verified("ADUser@example.com");
    live.control().inject(Fault::AnotherUser, 1);
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('4'));
    live.key(KeyCode::Enter);
    let screen = live.until("the request to end", |s| s.contains("No registration code for")).await;
    let whole = screen.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    assert!(
        whole
            .contains("the service answered for not.asked@example.com, not for ADUser@example.com"),
        "{whole}"
    );
    let issued = live.control().device_code("ADUser@example.com").expect("the service made one");
    assert!(!screen.contains(&issued) && !screen.contains(&grouped(&issued)), "{screen}");
}

#[tokio::test]
async fn commands_refuse_an_answer_for_another_user() {
    let (code, out, err, _) =
        command_with(Fault::AnotherUser, &["lookup", "alice@example.com"]).await;
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        out.contains("alice@example.com,FAILED,\"the service answered for not.asked@example.com"),
        "{out}"
    );
    let (code, out, err, sim) = command_with(
        Fault::AnotherUser,
        &["device-code", "--override", "callback", "ADUser@example.com"],
    )
    .await;
    assert_eq!(code, Some(1), "{out}\n{err}");
    let issued = sim.control().device_code("ADUser@example.com").unwrap();
    assert!(!out.contains(&issued), "{out}");
    assert!(out.contains("not for ADUser@example.com"), "{out}");
}
