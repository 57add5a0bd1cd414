//! Removing a device, replacing a lost phone and changing SecurID 700 tokens through
//! `casdesk::actions`, the worker and the console, against the simulator over loopback HTTP:
//! each change seen in the next lookup, a replacement stopped half-way saying what was done,
//! and the audit record naming what was touched but never the new code.

use crate::support::live::Live;
use crate::support::simulator::oauth_client_asking;
use casdesk::actions::{Acted, AuthenticatorRef, UserAction};
use casdesk::api::*;
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Msg};
use casdesk::audit::AuditLog;
use casdesk::sim::{self, SimConfig, SimHandle};
use casdesk::worker::{ClientSource, Records, Worker};
use crossterm::event::KeyCode;
use std::time::Duration;
use tokio::sync::mpsc;

fn legacy_client(sim: &SimHandle) -> Client {
    crate::support::simulator::legacy_client(sim, ClientOptions::default())
}

/// A user's id and authenticators, as the console would have them.
async fn found(client: &Client, email: &str) -> (String, Authenticators) {
    let user = client.lookup_user(email, false).await.expect("the user");
    let id = user.id.expect("an id");
    let authenticators = client.user_authenticators(&id).await.expect("their authenticators");
    (id, authenticators)
}

#[tokio::test]
async fn a_replacement_removes_the_old_phone_and_gives_a_code_for_the_new_one() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let client = legacy_client(&sim);
    let (id, before) = found(&client, "george.miller@example.com").await;
    let old = AuthenticatorRef::of_device(&before.devices[0]).expect("a removable device");
    assert!(old.label.starts_with("Pixel 7a (ANDROID"), "{}", old.label);
    let action = UserAction {
        declared: &casdesk::actions::declared::REPLACE_PHONE,
        args: casdesk::actions::Args::ReplacePhone {
            old: old.clone(),
            email: "george.miller@example.com".into(),
        },
    };
    let acted = action.perform(&client, &id).await.expect("the replacement");
    let Acted::PhoneReplaced { code: Ok(code), .. } = &acted else { panic!("{acted:?}") };
    assert_eq!(code.code.expose().len(), 9, "a device registration code");
    assert!(acted.summary().starts_with("removed Pixel 7a"), "{}", acted.summary());
    let (_, after) = found(&client, "george.miller@example.com").await;
    assert!(!old.still_in(&after), "the next lookup no longer lists it");
    assert_eq!(after.sid_tokens.len(), before.sid_tokens.len(), "the token is untouched");
    // Sending it again finds nothing to remove and makes no second code.
    let again = action.perform(&client, &id).await.unwrap_err();
    assert_eq!(again.status(), Some(404), "{again}");
}

#[tokio::test]
async fn a_client_that_may_remove_but_not_make_codes_stops_half_way_and_says_so() {
    // Every helpdesk scope but the one Device Registration Code needs.
    let scopes: Vec<String> = HELPDESK_SCOPES
        .iter()
        .filter(|s| **s != "rsa.authenticator.mobile.manage")
        .map(|s| s.to_string())
        .collect();
    let sim = sim::start(SimConfig { oauth_scopes: Some(scopes.clone()), ..SimConfig::default() })
        .await
        .unwrap();
    let (client_id, jwk) = (sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_RSA_JWK);
    let client = oauth_client_asking(&sim, client_id, jwk, scopes, ClientOptions::default());
    let (id, before) = found(&client, "george.miller@example.com").await;
    let old = AuthenticatorRef::of_device(&before.devices[0]).unwrap();
    let action = UserAction {
        declared: &casdesk::actions::declared::REPLACE_PHONE,
        args: casdesk::actions::Args::ReplacePhone {
            old: old.clone(),
            email: "george.miller@example.com".into(),
        },
    };
    let acted = action.perform(&client, &id).await.expect("the first step went through");
    let Acted::PhoneReplaced { code: Err(failure), .. } = &acted else { panic!("{acted:?}") };
    assert_eq!(failure.status, Some(403), "{failure:?}");
    assert_eq!(acted.status(), casdesk::status::Status::Warning);
    let words = acted.summary();
    assert!(words.contains("removed Pixel 7a") && words.contains("no code was made"), "{words}");
    let (_, after) = found(&client, "george.miller@example.com").await;
    assert!(!old.still_in(&after), "the removal stands");
}

#[tokio::test]
async fn token_changes_show_in_the_next_lookup() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let client = legacy_client(&sim);
    let (id, _) = found(&client, "george.miller@example.com").await;
    let token = |change| {
        UserAction::token(casdesk::actions::TokenAction {
            change,
            serial: "000555000101".into(),
            name: None,
        })
    };
    use casdesk::actions::TokenChange::*;
    token(Assign).perform(&client, &id).await.expect("assigned from the pool");
    token(Disable).perform(&client, &id).await.expect("disabled");
    let (_, now) = found(&client, "george.miller@example.com").await;
    let t =
        now.sid_tokens.iter().find(|t| t.token_serial_number.as_deref() == Some("000555000101"));
    assert_eq!(t.and_then(|t| t.token_status.as_deref()), Some("Disabled"));
    token(Unassign).perform(&client, &id).await.expect("unassigned");
    let (_, now) = found(&client, "george.miller@example.com").await;
    assert!(
        now.sid_tokens.iter().all(|t| t.token_serial_number.as_deref() != Some("000555000101"))
    );
}

#[tokio::test]
async fn the_worker_records_what_was_removed_but_never_the_new_code() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let client = legacy_client(&sim);
    let (id, before) = found(&client, "george.miller@example.com").await;
    let old = AuthenticatorRef::of_device(&before.devices[0]).unwrap();
    let dir = std::env::temp_dir().join(format!("casdesk-replace-{}", uuid::Uuid::new_v4()));
    let path = dir.join("audit.jsonl");
    let records = Records {
        journal_dir: None,
        audit: Some(AuditLog::new(path.clone(), "t")),
        ..Default::default()
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut worker = Worker::new(ClientSource::Ready(client), tx, records);
    let email = "george.miller@example.com".to_string();
    let action = UserAction {
        declared: &casdesk::actions::declared::REPLACE_PHONE,
        args: casdesk::actions::Args::ReplacePhone { old, email: email.clone() },
    };
    worker.execute(Command::Api(1, ApiRequest::Act { user_id: id, email, action }));
    let outcome = loop {
        let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv()).await.unwrap().unwrap();
        if let Msg::Api(1, outcome) = msg {
            break outcome;
        }
    };
    let ApiOutcome::Acted { result: Ok(acted), refreshed: Some(Ok(refreshed)) } = outcome else {
        panic!("the replacement and the user looked up again")
    };
    assert!(refreshed.authenticators.unwrap().devices.is_empty());
    let code = acted.code().expect("a code").code.expose().to_string();
    let record = std::fs::read_to_string(&path).unwrap();
    assert!(record.contains("replace phone Pixel 7a (ANDROID, registered 2024-12-01)"), "{record}");
    assert!(!record.contains(&code), "the code is not in the audit record: {record}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn in_the_console_a_lost_phone_is_replaced_and_a_token_disabled() {
    let mut live = Live::start_oauth().await;
    live.look_up("george.miller@example.com").await;
    // Replacing a phone hands the caller a registration code: the caller is verified first,
    // by Live Verification against the simulator, George's phone approving.
    live.type_text("Vl");
    live.until("the prompt", |s| s.contains("Waiting for george.miller@example.com")).await;
    // The start answered (the dialog no longer waits on it).
    live.harness.advance(1);
    live.run_commands();
    live.until("the session", |s| s.contains("left. Ask them")).await;
    let approve = casdesk::sim::VerifyAnswer::Approve;
    assert!(live.control().verify_answer("george.miller@example.com", approve));
    live.harness.advance(2);
    live.run_commands();
    let screen = live.until("verified", |s| s.contains("caller verified (live")).await;
    assert!(!screen.contains("Is the caller"), "the dialog closed: {screen}");
    live.type_text("m");
    let screen = live.harness.screen();
    assert!(screen.contains("› Pixel 7a · ANDROID"), "{screen}");
    live.type_text("r");
    assert!(live.harness.screen().contains("1) remove Pixel 7a (ANDROID"));
    live.type_text("y");
    let screen = live.until("the replacement", |s| s.contains("Replace phone:")).await;
    assert!(screen.contains("✓ OK  Replace phone: removed Pixel 7a"), "{screen}");
    assert!(screen.contains("Registration code "), "{screen}");
    assert!(!screen.contains("· ANDROID"), "the list as the service has it now: {screen}");
    // The token is now the first row.
    assert!(screen.contains("› 000298765432 · Enabled"), "{screen}");
    live.type_text("t");
    live.type_text("y");
    let screen =
        live.until("the disable", |s| s.contains("Disable SecurID token 000298765432:")).await;
    assert!(screen.contains("› 000298765432 · Disabled"), "{screen}");
    live.key(KeyCode::Esc);
    let screen = live.harness.screen();
    assert!(screen.contains("000298765432 · Disabled"), "the Lookup pane too: {screen}");
}

#[tokio::test]
async fn in_the_console_a_voice_number_is_cleared_and_shown_as_looked_up_again() {
    let mut live = Live::start().await;
    let screen = live.look_up("john.doe@example.com").await;
    assert!(screen.contains("+1 555 0101 2679 (SMS, voice)"), "{screen}");
    // Changing phone numbers needs a verified caller: here an override, called back.
    live.type_text("Vo1");
    live.type_text("mn");
    live.key(KeyCode::Down);
    live.harness.send(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    live.key(KeyCode::Enter);
    assert!(live.harness.screen().contains("Clear the voice number for john.doe@example.com?"));
    live.type_text("y");
    let screen = live.until("the change", |s| s.contains("Set phone numbers:")).await;
    assert!(screen.contains("✓ OK  Set phone numbers: voice cleared"), "{screen}");
    assert!(screen.contains("SMS +1 555 0101 2679 · voice none"), "as looked up again: {screen}");
    live.key(KeyCode::Esc);
    let screen = live.harness.screen();
    assert!(screen.contains("SMS +1 555 0101 2679") && !screen.contains("(SMS, voice)"));
}

#[tokio::test]
async fn the_worker_records_which_number_changed_but_not_the_number() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let client = legacy_client(&sim);
    let (id, _) = found(&client, "john.doe@example.com").await;
    let dir = std::env::temp_dir().join(format!("casdesk-phones-{}", uuid::Uuid::new_v4()));
    let path = dir.join("audit.jsonl");
    let records = Records {
        journal_dir: None,
        audit: Some(AuditLog::new(path.clone(), "t")),
        ..Default::default()
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut worker = Worker::new(ClientSource::Ready(client), tx, records);
    let change = PhoneChange::sms("+44 20 7946 0958").checked().unwrap();
    let action = UserAction {
        declared: &casdesk::actions::declared::SET_PHONES,
        args: casdesk::actions::Args::Phones(change),
    };
    let email = "john.doe@example.com".to_string();
    worker.execute(Command::Api(1, ApiRequest::Act { user_id: id, email, action }));
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv()).await.unwrap().unwrap();
        if let Msg::Api(1, ApiOutcome::Acted { result, refreshed: Some(Ok(r)) }) = msg {
            assert!(result.is_ok(), "{result:?}");
            assert_eq!(r.details.sms_number.as_deref(), Some("+44 20 7946 0958"));
            break;
        }
    }
    let record = std::fs::read_to_string(&path).unwrap();
    assert!(record.contains("set phone numbers (SMS changed)"), "{record}");
    assert!(!record.contains("7946"), "{record}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn in_the_console_live_verification_with_a_legacy_key_says_why_not_and_offers_the_override() {
    let mut live = Live::start().await;
    live.look_up("george.miller@example.com").await;
    live.type_text("Vl");
    let screen = live.until("the refusal", |s| s.contains("could not be used")).await;
    assert!(screen.contains("legacy Administration API key"), "{screen}");
    assert!(screen.contains("record why it cannot be done"), "the override is offered: {screen}");
    live.type_text("o3");
    let screen = live.until("the override", |s| s.contains("caller verified (override")).await;
    assert!(screen.contains("Override recorded for george.miller@example.com: seen in person"));
}

#[tokio::test]
async fn in_the_console_a_sign_in_from_a_registered_device_verifies_the_caller_and_a_failure_shows_live()
 {
    let mut live = Live::start_oauth().await;
    // The console's clock is the machine's, as in use: the challenge's two minutes are real.
    live.harness.app.set_time(time::OffsetDateTime::now_utc());
    live.look_up("alice@example.com").await;
    live.type_text("Vs");
    live.until("the challenge", |s| s.contains("Ask alice@example.com to sign in now")).await;
    let control = live.control();
    control.simulate_sign_in("alice@example.com", casdesk::sim::SignIn::WrongTokencode);
    let screen = live.until("the failure, live", |s| s.contains("FAILED")).await;
    assert!(screen.contains("Ask alice@example.com to sign in now"), "still waiting: {screen}");
    control.simulate_sign_in("alice@example.com", casdesk::sim::SignIn::Succeed("APPROVE".into()));
    let screen = live.until("verified", |s| s.contains("caller verified (sign-in")).await;
    assert!(!screen.contains("Is the caller"), "the dialog closed: {screen}");
}

#[tokio::test]
async fn in_the_console_a_fix_is_confirmed_by_the_users_next_sign_in_and_recorded() {
    let dir = std::env::temp_dir().join(format!("casdesk-confirm-{}", uuid::Uuid::new_v4()));
    let path = dir.join("audit.jsonl");
    let mut live = Live::start_recording(path.clone()).await;
    live.harness.app.set_time(time::OffsetDateTime::now_utc());
    live.look_up("viktor.petrov@example.com").await;
    live.type_text("uy");
    live.until("the unlock", |s| s.contains("Unlock methods:")).await;
    // Viktor signs in by himself a few seconds (of the simulator's clock) after a fix.
    live.control().advance_clock(Duration::from_secs(10));
    let screen = live.until("the confirmation", |s| s.contains("confirmed working at")).await;
    assert!(screen.contains("viktor.petrov@example.com confirmed working at"), "{screen}");
    let record = std::fs::read_to_string(&path).unwrap();
    assert!(record.contains("\"action\":\"confirmed working\""), "{record}");
    assert!(record.contains("signed in at "), "{record}");
    let _ = std::fs::remove_dir_all(&dir);
}
