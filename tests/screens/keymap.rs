//! A keymap changes what keys do; the footer, the help overlay and every prompt show the keys
//! in effect; a key given two things to do is reported at start-up, wherever it would be.

use crate::resume::{VOID, interrupted};
use crate::support::{Generated, Harness, alice, outcome_user};
use casdesk::app::Overlay;
use casdesk::app::keymap::KeyMap;
use casdesk::app::msg::{ApiOutcome, Msg};
use crossterm::event::KeyCode;

fn with_keymap(text: &str) -> (Harness, Vec<String>) {
    let mut h = Harness::new(80, 24);
    let loaded = KeyMap::parse(text).expect("a keymap");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let conflicts = h.app.set_keymap(loaded.keymap);
    (h, conflicts)
}

/// Every action a prompt names, on other keys (and none of them ambiguous).
const REBOUND: &str = r#"
confirm = "g"
cancel = ["z", "esc"]
copy = "C"
open_file = "O"
refresh = "R"
submit = ["ctrl-s", "enter"]
"#;

fn rebound() -> Harness {
    let (h, conflicts) = with_keymap(REBOUND);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    h
}

/// Looks Alice up (with `details`) on screen 1.
fn look_up(h: &mut Harness, details: casdesk::api::UserDetails) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(details, serde_json::json!({})));
}

#[test]
fn a_rebound_key_acts_and_is_shown_where_the_old_one_was() {
    let (mut h, conflicts) = with_keymap("quit = \"ctrl-q\"\nhelp = [\"?\", \"H\"]\n");
    assert!(conflicts.is_empty(), "{conflicts:?}");
    h.key(KeyCode::Esc);
    let footer = h.screen().lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("Ctrl-Q quit") && !footer.contains(" q quit"), "{footer}");
    assert!(footer.contains("?/H help"), "{footer}");
    h.key(KeyCode::Char('q'));
    assert!(!h.app.should_quit(), "q no longer quits");
    h.key(KeyCode::Char('H'));
    let help = h.screen();
    assert!(
        help.contains("Ctrl-Q") && help.contains("?/H"),
        "the help lists the new keys:\n{help}"
    );
    h.key(KeyCode::Esc);
    h.ctrl('q');
    assert!(h.app.should_quit(), "Ctrl-Q quits");
}

#[test]
fn the_readme_example_loads_cleanly_and_conflicts_with_nothing() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("**Your own keys.**").expect("the section")..];
    let start = section.find("```toml\n").expect("an example") + "```toml\n".len();
    let end = start + section[start..].find("```").expect("its end");
    let (_, conflicts) = with_keymap(&section[start..end]);
    assert!(conflicts.is_empty(), "{conflicts:?}");
}

#[test]
fn ctrl_c_quits_whatever_the_keymap_says() {
    let (mut h, _) = with_keymap("quit = \"x\"\n");
    h.ctrl('c');
    assert!(h.app.should_quit());
}

#[test]
fn a_key_given_two_actions_is_reported_once_naming_every_screen_it_affects() {
    let (_, conflicts) = with_keymap("help = \"q\"\n");
    assert_eq!(
        conflicts,
        vec![
            "keymap conflict: q is both \"help\" and \"quit\" on 1 Lookup, 2 Codes, 3 Bulk, \
             4 Device code, 5 Emergency, 6 Activity, 7 Failures, 8 Reports (q does \"help\")"
        ]
    );
}

#[test]
fn conflicts_are_found_in_states_the_console_is_not_in_yet() {
    // Export exists only in a finished run's table, confirm only in questions and dialogs.
    let (_, conflicts) = with_keymap("export = \"q\"\nconfirm = \"n\"\n");
    assert_eq!(
        conflicts,
        vec![
            "keymap conflict: n is both \"confirm\" and \"cancel\" on 1 Lookup, 2 Codes, 3 Bulk, \
             5 Emergency, 8 Reports, the quit dialog (n does \"confirm\")",
            "keymap conflict: q is both \"quit\" and \"export\" on 3 Bulk, 8 Reports (q does \"quit\")",
        ]
    );
}

#[test]
fn the_key_that_reveals_codes_conflicts_only_when_codes_are_masked() {
    let (_, conflicts) = with_keymap("copy = \"v\"\n");
    assert!(conflicts.is_empty(), "v reveals nothing without --mask-codes: {conflicts:?}");
    let mut h = Harness::new(80, 24);
    h.app.set_masking(true);
    let conflicts = h.app.set_keymap(KeyMap::parse("copy = \"v\"\n").unwrap().keymap);
    assert_eq!(
        conflicts,
        vec![
            "keymap conflict: v is both \"reveal\" and \"copy\" on 1 Lookup, 2 Codes, \
             4 Device code, 5 Emergency (v does \"reveal\")"
        ]
    );
}

#[test]
fn keys_a_field_would_type_are_not_conflicts_while_it_has_the_cursor() {
    // Submit and back meet only where a field has the cursor, and there s is typed: it does
    // neither, so nothing is ambiguous.
    let (_, conflicts) = with_keymap("submit = [\"enter\", \"s\"]\nback = [\"esc\", \"s\"]\n");
    assert!(conflicts.is_empty(), "{conflicts:?}");
}

#[test]
fn every_problem_at_start_up_stays_on_screen_until_dismissed() {
    let text = "export = \"q\"\nconfirm = \"n\"\nqiut = \"x\"\n";
    let build = |h: &mut Harness| {
        let loaded = KeyMap::parse(text).expect("a keymap");
        let mut problems = loaded.problems;
        problems.extend(h.app.set_keymap(loaded.keymap));
        h.app.report_problems(problems);
    };
    crate::snapshot_both!("keymap_problems_at_start", build);
    let mut h = Harness::new(80, 24);
    build(&mut h);
    h.advance(600);
    h.key(KeyCode::Char('q'));
    let screen = h.screen();
    assert!(!h.app.should_quit(), "only the dialog's keys work while it is open");
    assert!(screen.contains("3 problems in your settings"), "{screen}");
    assert!(screen.contains("no action called \"qiut\""), "{screen}");
    assert!(screen.contains("q is both \"quit\" and \"export\""), "{screen}");
    assert!(screen.contains("n is both \"confirm\" and \"cancel\""), "{screen}");
    assert!(screen.contains("Enter/Esc close"), "{screen}");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.overlay, Overlay::None);
    assert!(!h.screen().contains("in your settings"));
}

#[test]
fn problems_that_do_not_fit_say_how_many_more_there_are() {
    let mut h = Harness::new(80, 24);
    h.app.report_problems((1..=30).map(|n| format!("problem number {n}")).collect());
    let screen = h.screen();
    assert!(screen.contains("30 problems in your settings"), "{screen}");
    assert!(screen.contains("problem number 1\n") || screen.contains("problem number 1 "));
    let shown = (1..=30).filter(|n| screen.contains(&format!("problem number {n} "))).count();
    assert!(screen.contains(&format!("… and {} more", 30 - shown)), "{screen}");
    assert!(screen.contains("casdesk config show lists them too"), "{screen}");
}

#[test]
fn dialogs_name_the_keys_in_effect() {
    let mut h = rebound();
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("Keys (z or Esc to close)"), "{screen}");
    h.key(KeyCode::Char('z'));
    assert_eq!(h.app.overlay, Overlay::None, "z closes it, as it says");

    h.key(KeyCode::Char('3'));
    h.paste("alice@example.com\nbob@example.com\n");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('g'));
    h.key(KeyCode::Char('q'));
    let screen = h.screen();
    assert!(screen.contains("g quit anyway   z/Esc keep working"), "{screen}");
    h.key(KeyCode::Char('z'));

    let mut h = rebound();
    h.send(Msg::Interrupted(vec![interrupted(VOID)]));
    let screen = h.screen();
    assert!(screen.contains("g resume now   z/Esc later"), "{screen}");
}

#[test]
fn lookup_and_bulk_prompts_name_the_keys_in_effect() {
    let mut h = rebound();
    let screen = h.screen();
    assert!(screen.contains("Type the user's e-mail address and press Ctrl-S."), "{screen}");
    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("an address, or part of one to search; then Ctrl-S"), "{screen}");

    h.key(KeyCode::Char('3'));
    assert!(h.screen().contains("or press O to open a .txt or .csv file."), "{}", h.screen());
    h.paste("alice@example.com\nbob@example.com\n");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("g void them   z go back"), "{screen}");
}

#[test]
fn codes_prompts_name_the_keys_in_effect() {
    let mut h = rebound();
    h.caller_verified("alice@example.com");
    h.caller_verified("bob@example.com");
    h.key(KeyCode::Tab);
    h.paste("alice@example.com\nbob@example.com\n");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("working.  g / z"), "{screen}");
    h.key(KeyCode::Char('g'));
    let code = |email: &str, code: &str| {
        serde_json::json!({
            "status": 1000, "errorMessage": "Code Successfully generated. ",
            "userDetailsRequestForVerifyCodeGeneration": {"email": email},
            "verify_code": code, "verify_code_validity_time": "2026-11-22 10:10:00 UTC",
            "verify_code_generation_mode": "ENROLLMENT"
        })
    };
    h.answer(Generated {
        emails: vec!["alice@example.com".into(), "bob@example.com".into()],
        results: Ok(serde_json::from_value(serde_json::json!([
            code("alice@example.com", "12345678"),
            code("bob@example.com", "87654321")
        ]))
        .unwrap()),
        last: true,
    });
    let screen = h.screen();
    assert!(screen.contains("Code for alice@example.com (C to copy)"), "{screen}");
}

#[test]
fn device_prompts_name_the_keys_in_effect() {
    let mut h = rebound();
    look_up(&mut h, alice());
    h.caller_verified("alice@example.com");
    h.key(KeyCode::Char('4'));
    let screen = h.screen();
    assert!(screen.contains("Ctrl-S asks the service for a one-time code"), "{screen}");
    h.key(KeyCode::Enter);
    h.answer(ApiOutcome::DeviceCode(Ok(serde_json::from_value(serde_json::json!({
        "companyID": "ExampleCorp", "deviceRegistrationCode": "110690571",
        "email": "alice@example.com", "expirationDate": "2026-11-23T09:30:00.000Z"
    }))
    .unwrap())));
    let screen = h.screen();
    assert!(screen.contains("Registration code for alice@example.com (C to copy)"), "{screen}");
}

#[test]
fn emergency_prompts_name_the_keys_in_effect() {
    let mut with_code = alice();
    with_code.emergency_access_status = Some("Enabled".into());
    with_code.emergency_tokencode_id = Some("eac-1".into());
    let mut h = rebound();
    look_up(&mut h, with_code.clone());
    h.caller_verified("alice@example.com");
    h.key(KeyCode::Char('5'));
    h.key(KeyCode::Char('d'));
    let screen = h.screen();
    assert!(screen.contains("g / z"), "the question to disable:\n{screen}");
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("g / z"), "the question to replace:\n{}", h.screen());
    h.key(KeyCode::Char('g'));
    h.answer(ApiOutcome::EacEnabled(Ok(serde_json::from_value(serde_json::json!({
        "emergencyTokencodeId": "eac-2", "emergencyTokencode": "48151623",
        "expirationDate": "2026-11-22T14:00:00.000Z", "oneTimeUse": true
    }))
    .unwrap())));
    let screen = h.screen();
    assert!(screen.contains("Emergency tokencode (C to copy)"), "{screen}");

    // Active, but the service did not say which code it is.
    let mut unknown = with_code;
    unknown.emergency_tokencode_id = None;
    let mut h = rebound();
    look_up(&mut h, unknown);
    h.key(KeyCode::Char('5'));
    h.key(KeyCode::Char('d'));
    let screen = h.screen();
    assert!(screen.contains("press R to refresh"), "{screen}");
}

#[test]
fn the_vim_preset_pages_with_ctrl_d_in_a_long_table() {
    let loaded = KeyMap::load("vim").expect("the vim preset");
    let mut h = Harness::new(80, 24);
    assert!(h.app.set_keymap(loaded.keymap).is_empty(), "the preset conflicts with nothing");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    let list: Vec<String> = (0..300).map(|i| format!("user{i:03}@example.com")).collect();
    h.paste(&list.join("\n"));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    let screen = h.screen();
    assert!(screen.contains("row 1 of 300") && !screen.contains("user040@"), "{screen}");
    h.ctrl('d');
    h.ctrl('d');
    let screen = h.screen();
    assert!(screen.contains("row 41 of 300"), "two pages of 20 down:\n{screen}");
    assert!(screen.contains("user040@example.com"), "the table scrolled to it:\n{screen}");
    h.ctrl('f');
    assert!(h.screen().contains("row 61 of 300"), "Ctrl-F pages too:\n{}", h.screen());
    h.ctrl('u');
    h.ctrl('b');
    assert!(h.screen().contains("row 21 of 300"), "Ctrl-U and Ctrl-B page up:\n{}", h.screen());
    h.key(KeyCode::Char('?'));
    let help = h.screen();
    assert!(help.contains("Ctrl-D"), "the help shows the preset's keys:\n{help}");
    assert!(help.contains("PgUp/Ctrl-U/Ctrl-B page up"), "keys and words apart:\n{help}");
}
