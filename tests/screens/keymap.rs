//! A keymap changes what keys do, and the footer and help overlay show the keys in effect; a
//! key given two things to do is reported at start-up, wherever it would be, in a dialog that
//! stays until dismissed.

use crate::support::Harness;
use casdesk::app::Overlay;
use casdesk::app::keymap::KeyMap;
use crossterm::event::KeyCode;

fn with_keymap(text: &str) -> (Harness, Vec<String>) {
    let mut h = Harness::new(80, 24);
    let loaded = KeyMap::parse(text).expect("a keymap");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let conflicts = h.app.set_keymap(loaded.keymap);
    (h, conflicts)
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
            "keymap conflict: q is both \"help\" and \"quit\" on 1 Lookup, 2 Codes, 3 Bulk void, \
             4 Device code, 5 Emergency (the first wins)"
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
            "keymap conflict: n is both \"confirm\" and \"cancel\" on 2 Codes, 3 Bulk void, \
             5 Emergency, the quit dialog (the first wins)",
            "keymap conflict: q is both \"quit\" and \"export\" on 3 Bulk void (the first wins)",
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
            "keymap conflict: v is both \"reveal\" and \"copy\" on 2 Codes, 4 Device code, \
             5 Emergency (the first wins)"
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
    h.key(KeyCode::Char('?'));
    let help = h.screen();
    assert!(help.contains("Ctrl-D"), "the help shows the preset's keys:\n{help}");
}
