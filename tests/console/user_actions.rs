//! Unlock, enable/disable and sync through the typed client and `casdesk::actions`, against the
//! simulator over loopback HTTP: the change made and seen in the next lookup, an answer for
//! someone else refused, and a list run where every user ends with an outcome.

use crate::support::live::Live;
use crate::support::simulator::{helpdesk_client, retries, start_sim};
use casdesk::actions::{ActionOutcome, Done, UserAction, act_on};
use casdesk::api::*;
use casdesk::bulk::{Cancel, EngineConfig, Event};
use casdesk::sim::{self, Fault, RateLimit, SimConfig, SimHandle};
use crossterm::event::KeyCode;
use std::time::Duration;

/// An OAuth client asking for the default (helpdesk) scopes, so they are known to cover these.
fn client(sim: &SimHandle) -> Client {
    helpdesk_client(sim, retries(6, 10, 50, 10))
}

async fn id_of(client: &Client, email: &str) -> String {
    client.lookup_user(email, false).await.unwrap().id.unwrap()
}

#[tokio::test]
async fn unlock_disable_enable_and_sync_each_show_in_the_next_lookup() {
    let sim = start_sim().await;
    let c = client(&sim);
    let id = id_of(&c, "maria.garcia@example.com").await;
    let states = c.unlock_methods(&id, &[UnlockMethod::Sms]).await.unwrap();
    assert_eq!((states.is_sms_locked, states.is_voice_locked), (Some(false), Some(true)));
    assert_eq!(states.summary(), "still locked: Voice");
    let after = c.lookup_user("maria.garcia@example.com", false).await.unwrap();
    assert_eq!(after.locked_methods(), vec!["Voice"]);

    let answer = c.set_user_status(&id, false).await.unwrap();
    assert_eq!(answer.user_status, Some(UserStatus::Disabled));
    let after = c.lookup_user("maria.garcia@example.com", false).await.unwrap();
    assert_eq!(after.user_status, Some(UserStatus::Disabled));
    c.set_user_status(&id, true).await.unwrap();

    let george = id_of(&c, "george.miller@example.com").await;
    let synced = c.sync_user(&george).await.expect("Content-Length: 0 is sent");
    assert_eq!(synced.last_name.as_deref(), Some("Miller-Hayes"));
    let after = c.lookup_user("george.miller@example.com", false).await.unwrap();
    assert_eq!(after.last_name.as_deref(), Some("Miller-Hayes"));
}

#[tokio::test]
async fn an_answer_naming_another_user_is_refused_and_marked_in_doubt() {
    let sim = start_sim().await;
    let c = client(&sim);
    let id = id_of(&c, "viktor.petrov@example.com").await;
    for (what, call) in [("unlock", 0), ("status", 1), ("sync", 2)] {
        sim.control().inject(Fault::AnotherUser, 1);
        let result = match call {
            0 => c.unlock_methods(&id, &[UnlockMethod::Token]).await.map(|_| ()),
            1 => c.set_user_status(&id, true).await.map(|_| ()),
            _ => c.sync_user(&id).await.map(|_| ()),
        };
        let e = result.expect_err(what);
        assert!(matches!(e, ApiError::AnsweredForSomeoneElse { .. }), "{what}: {e}");
        assert!(e.may_have_taken_effect(), "{what}: the service may have acted on someone");
    }
}

#[tokio::test]
async fn act_on_looks_up_first_and_sends_nothing_when_there_is_nothing_to_do() {
    let sim = start_sim().await;
    let c = client(&sim);
    let unlock = UserAction::unlock(UnlockMethod::ALL.to_vec());
    let kenji = act_on(&c, "kenji.watanabe@example.com", &unlock).await;
    // Nothing sent, and a WARNING: Approve and Fingerprint stay locked.
    assert!(matches!(kenji.result, Ok(Done::CannotDo(_))), "{kenji:?}");
    assert!(kenji.needs_attention(), "{kenji:?}");
    let calls = |sim: &SimHandle| {
        sim.control().stats().by_endpoint.get("PATCH /v1/users/{id}/methods").copied().unwrap_or(0)
    };
    assert_eq!(calls(&sim), 0, "only APPROVE and FINGERPRINT are locked: nothing to send");
    let viktor = act_on(&c, "viktor.petrov@example.com", &unlock).await;
    assert_eq!(viktor.verdict().1, "unlocked Tokencode; now nothing is locked");
    assert_eq!(calls(&sim), 1);
    let nobody = act_on(&c, "nobody@example.com", &UserAction::DISABLE).await;
    assert_eq!(nobody.result.unwrap_err().status, Some(404));
}

fn collect(outcomes: &mut Vec<ActionOutcome>) -> impl FnMut(Event<ActionOutcome>) + Send + '_ {
    move |event| {
        if let Event::Batch { outcomes: settled, .. } = event {
            outcomes.extend(settled);
        }
    }
}

/// A per-user action for each of `emails`, on the one bulk engine (no journal).
async fn run(
    client: &Client,
    action: &UserAction,
    emails: Vec<String>,
    cancel: &Cancel,
    emit: &mut (dyn FnMut(Event<ActionOutcome>) + Send),
) {
    let config = EngineConfig::default();
    casdesk::bulk::run(client, action, emails, &config, cancel, None, emit).await;
}

/// Each user takes two calls (look up, then act) from a bucket that refills one at a time:
/// sending the pair again whenever the second is refused would never get both through.
#[tokio::test]
async fn a_list_run_against_a_bucket_of_one_finishes_every_user() {
    let sim = sim::start(SimConfig {
        rate_limit: Some(RateLimit { per_second: 20.0, burst: 1 }),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let c = client(&sim);
    let emails: Vec<String> = ["alice", "john.doe", "maria.garcia", "daniel.kim", "aisha.bello"]
        .iter()
        .map(|u| format!("{u}@example.com"))
        .collect();
    let mut outcomes = Vec::new();
    let mut emit = collect(&mut outcomes);
    let cancel = Cancel::default();
    let disable = UserAction::DISABLE;
    let disabling = run(&c, &disable, emails.clone(), &cancel, &mut emit);
    tokio::time::timeout(Duration::from_secs(20), disabling).await.expect("the run ends");
    drop(emit);
    assert_eq!(outcomes.len(), emails.len());
    assert!(outcomes.iter().all(|o| o.result.is_ok()), "{outcomes:?}");
    for email in &emails {
        let user = c.lookup_user(email, false).await.unwrap();
        assert_eq!(user.user_status, Some(UserStatus::Disabled), "{email}");
    }
}

#[tokio::test]
async fn a_list_run_through_a_rate_limit_gives_every_user_an_outcome() {
    let sim = sim::start(SimConfig {
        rate_limit: Some(RateLimit { per_second: 40.0, burst: 4 }),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let c = client(&sim);
    let mut emails: Vec<String> = [
        "viktor.petrov",
        "maria.garcia",
        "fatima.zahra",
        "kenji.watanabe",
        "alice",
        "john.doe",
        "george.miller",
        "elena.popescu",
        "daniel.kim",
        "aisha.bello",
        "olivia.brown",
        "liam.wilson",
    ]
    .iter()
    .map(|u| format!("{u}@example.com"))
    .collect();
    emails.push("nobody@example.com".into());
    let mut outcomes = Vec::new();
    run(
        &c,
        &UserAction::unlock(UnlockMethod::ALL.to_vec()),
        emails.clone(),
        &Cancel::default(),
        &mut collect(&mut outcomes),
    )
    .await;
    let mut got: Vec<&str> = outcomes.iter().map(|o| o.email.as_str()).collect();
    got.sort();
    let mut want: Vec<&str> = emails.iter().map(String::as_str).collect();
    want.sort();
    assert_eq!(got, want, "one outcome per user, none lost, none twice");
    assert!(
        sim.control().stats().too_many_requests > 0,
        "the limit was met: {:?}",
        sim.control().stats()
    );
    for o in &outcomes {
        match o.email.as_str() {
            "nobody@example.com" => assert_eq!(o.result.as_ref().unwrap_err().status, Some(404)),
            _ => assert!(o.result.is_ok(), "{o:?}"),
        }
    }
    for locked in ["viktor.petrov", "maria.garcia", "fatima.zahra"] {
        let u = c.lookup_user(&format!("{locked}@example.com"), false).await.unwrap();
        assert_eq!(u.is_token_locked.or(Some(false)), Some(false));
        assert_ne!(u.is_sms_locked, Some(true));
        assert_ne!(u.is_voice_locked, Some(true));
    }
}

#[tokio::test]
async fn a_cancelled_list_run_reports_the_users_never_sent() {
    let sim = start_sim().await;
    sim.control().set_latency(Duration::from_millis(100));
    let c = client(&sim);
    let emails: Vec<String> = (0..30).map(|i| format!("user{i}@example.com")).collect();
    let cancel = Cancel::default();
    let mut outcomes = Vec::new();
    let stopper = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        stopper.cancel();
    });
    run(&c, &UserAction::DISABLE, emails.clone(), &cancel, &mut collect(&mut outcomes)).await;
    assert_eq!(outcomes.len(), emails.len(), "every user has an outcome");
    let not_sent = outcomes
        .iter()
        .filter(|o| o.result.as_ref().is_err_and(|f| f.message.contains("cancelled")))
        .count();
    assert!(not_sent > 0, "some were never sent");
}

// ---- the console, screens and worker, against the simulator ----

#[tokio::test]
async fn in_the_console_unlock_then_disable_show_the_services_state() {
    let mut live = Live::start().await;
    let screen = live.look_up("fatima.zahra@example.com").await;
    assert!(screen.contains("u unlock"), "{screen}");
    live.type_text("u");
    let screen = live.harness.screen();
    assert!(screen.contains("Unlock Tokencode, SMS and Voice for"), "{screen}");
    live.type_text("y");
    let screen = live.until("the unlock to be answered", |s| s.contains("Unlock methods:")).await;
    assert!(screen.contains("✓ OK  Unlock methods: unlocked Tokencode, SMS and Voice"), "{screen}");
    assert!(screen.contains("locked: Fingerprint, Approve"), "the refreshed details: {screen}");
    assert!(!screen.contains("u unlock"), "nothing the API can unlock is left");

    live.type_text("dy");
    let screen = live.until("the disable to be answered", |s| s.contains("Disable user:")).await;
    assert!(screen.contains("✓ OK  Disable user: now Disabled"), "{screen}");
    assert!(screen.contains("✗ Disabled") && screen.contains("d enable user"), "{screen}");
}

#[tokio::test]
async fn in_the_console_an_answer_for_someone_else_is_a_warning_and_the_user_is_looked_up_again() {
    let mut live = Live::start().await;
    live.look_up("viktor.petrov@example.com").await;
    live.control().inject(Fault::AnotherUser, 1);
    live.type_text("uy");
    let screen = live.until("the unlock to be answered", |s| s.contains("Unlock methods:")).await;
    assert!(
        screen.contains("⚠ WARNING  Unlock methods: unknown outcome, check before"),
        "{screen}"
    );
    // The look-up after it shows what the service did: the unlock was made.
    assert!(screen.contains("✓ none locked"), "{screen}");
    assert!(screen.contains("User: viktor.petrov@example.com"));
}

#[tokio::test]
async fn in_the_console_sync_brings_in_the_directorys_change() {
    let mut live = Live::start().await;
    let screen = live.look_up("george.miller@example.com").await;
    assert!(screen.contains("George Miller ") || screen.contains("George Miller\n"));
    live.type_text("s");
    let screen = live.until("the sync", |s| s.contains("Synchronise user:")).await;
    assert!(screen.contains("George Miller-Hayes"), "{screen}");
    assert!(screen.contains("name George Miller → George Miller-Hayes"), "{screen}");
}

#[tokio::test]
async fn in_the_console_a_list_of_leavers_is_disabled_each_with_an_outcome() {
    let mut live = Live::start().await;
    // Alice is the user on screen while the run disables her.
    live.look_up("alice@example.com").await;
    live.key(KeyCode::Char('3'));
    for _ in 0..3 {
        live.key(KeyCode::Right);
    }
    live.paste("alice@example.com\ngrace.hopper@example.com\nnobody@example.com\n");
    live.key(KeyCode::Enter);
    live.key(KeyCode::Char('y'));
    let screen = live.until("the run to end", |s| s.contains("3 of 3 (done)")).await;
    let row = |email: &str| {
        screen.lines().find(|l| l.starts_with('│') && l.contains(email)).unwrap_or("").to_string()
    };
    assert!(
        row("alice@example.com").contains("✓ OK")
            && row("alice@example.com").contains("now Disabled"),
        "{screen}"
    );
    assert!(row("grace.hopper@example.com").contains("already disabled"), "{screen}");
    assert!(row("nobody@example.com").contains("✗ FAILED"), "{screen}");
    live.key(KeyCode::Char('1'));
    // Lookup follows the run's change without asking the service again.
    let shown = live.harness.screen();
    assert!(shown.contains("✗ Disabled") && shown.contains("d enable user"), "{shown}");
    live.key(KeyCode::Char('e'));
    let alice = live.look_up("alice@example.com").await;
    assert!(alice.contains("✗ Disabled"), "{alice}");
}

#[tokio::test]
async fn in_the_console_n_copies_a_ticket_note_of_what_was_done_this_session() {
    let dir = std::env::temp_dir().join(format!("casdesk-note-{}", uuid::Uuid::new_v4()));
    let mut live = Live::start_recording(dir.join("audit.jsonl")).await;
    live.look_up("fatima.zahra@example.com").await;
    live.type_text("uy");
    live.until("the unlock to be answered", |s| s.contains("Unlock methods:")).await;
    live.type_text("dy");
    live.until("the disable to be answered", |s| s.contains("Disable user:")).await;
    live.type_text("N");
    let screen = live.until("the note", |s| s.contains("Ticket note for")).await;
    assert!(
        screen.contains("Ticket note for fatima.zahra@example.com copied (3 actions)"),
        "{screen}"
    );
    let note = &live.notes[0].text;
    let lines: Vec<&str> = note.lines().collect();
    assert_eq!(lines[0], "Ticket note for fatima.zahra@example.com", "{note}");
    assert!(lines[1].starts_with("Tenant: simulator on this machine; by "), "{note}");
    // Each line is `HH:MM  what: how it went`, in the order done; the lookups after each
    // change are not repeated.
    let (timed, call) = lines[2..].split_at(lines.len() - 4);
    let rest: Vec<&str> = timed.iter().map(|l| &l[7..]).collect();
    assert_eq!(
        rest,
        [
            "Lookup: done",
            "Unlock methods: unlocked Tokencode, SMS and Voice; still locked: Fingerprint, \
             Approve",
            "Disable user: now Disabled",
        ],
        "{note}"
    );
    assert!(timed.iter().all(|l| l.as_bytes()[2] == b':'), "{note}");
    // Then what the call came to: no verification recorded, no sign-in seen since the fix.
    assert_eq!(call, ["Caller verified: no", "Confirmed working: not confirmed"], "{note}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_log_shows_what_was_done_and_a_log_with_someone_elses_entry_is_refused() {
    let sim = start_sim().await;
    // The default scopes include rsa.audit.user, which the log needs.
    let c = client(&sim);
    let id = id_of(&c, "viktor.petrov@example.com").await;
    c.unlock_methods(&id, &[UnlockMethod::Token]).await.unwrap();
    let log = c.user_auth_logs(&id, &AuthLogQuery::default()).await.unwrap();
    assert_eq!(log[0].event_code.as_deref(), Some("ADMIN_METHOD_UNLOCKED"), "{log:?}");
    assert_eq!(log[0].method.as_deref(), Some("TOKEN"));
    sim.control().inject(Fault::AnotherUser, 1);
    let err = c.user_auth_logs(&id, &AuthLogQuery::default()).await.unwrap_err();
    assert!(matches!(err, ApiError::AnsweredForSomeoneElse { .. }), "{err}");
}

#[tokio::test]
async fn in_the_console_an_unlock_on_lookup_shows_on_activity() {
    let mut live = Live::start().await;
    live.look_up("viktor.petrov@example.com").await;
    live.type_text("a");
    let screen = live.until("the activity", |s| s.contains("events, newest first")).await;
    assert!(
        screen.contains("3 failed tokencode attempts since") && screen.contains("then locked"),
        "{screen}"
    );
    assert!(!screen.contains("An administrator unlocked"), "{screen}");
    live.key(KeyCode::Char('1'));
    live.type_text("uy");
    live.until("the unlock to be answered", |s| s.contains("Unlock methods:")).await;
    live.key(KeyCode::Char('6'));
    let screen = live
        .until("the unlock on Activity", |s| s.contains("An administrator unlocked tokencode"))
        .await;
    assert!(screen.contains("unlocked at "), "the summary tells it too: {screen}");
    // A simulated sign-in that works now: the summary says the last one succeeded.
    live.control().simulate_sign_in(
        "viktor.petrov@example.com",
        casdesk::sim::SignIn::Succeed("TOKEN".into()),
    );
    live.key(KeyCode::Char('r'));
    let screen = live
        .until("the new sign-in", |s| {
            s.contains("Signed in with tokencode") && !s.contains("Reading")
        })
        .await;
    assert!(screen.contains("Last sign-in succeeded at"), "{screen}");
}

#[tokio::test]
async fn an_oauth_client_made_before_these_actions_still_looks_up_and_is_refused_only_them() {
    let core: Vec<String> = CORE_SCOPES.iter().map(|s| s.to_string()).collect();
    let sim = sim::start(SimConfig { oauth_scopes: Some(core), ..SimConfig::default() })
        .await
        .expect("simulator starts");
    // casdesk asks for every scope it uses; this client is refused some, so it asks again
    // for the core ones.
    let c = client(&sim);
    let id = id_of(&c, "alice@example.com").await;
    // Unlocking needs rsa.user.factor.manage, which such a client has; disabling needs
    // rsa.user.manage, which it lacks.
    c.unlock_methods(&id, &[UnlockMethod::Sms]).await.expect("an unlock");
    let e = c.set_user_status(&id, false).await.unwrap_err();
    assert_eq!(e.status(), Some(403), "{e}");
    let still = c.lookup_user("alice@example.com", false).await.unwrap();
    assert_eq!(still.user_status, Some(UserStatus::Enabled), "nothing was disabled");
}
