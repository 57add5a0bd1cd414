//! A keymap changes what keys do, and the footer and help overlay show the keys in effect.

use crate::support::Harness;
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
fn a_key_given_two_actions_is_reported_for_every_screen_it_affects() {
    let (_, conflicts) = with_keymap("help = \"q\"\n");
    // Screens that open on a text field type q instead, so only these two are affected.
    assert_eq!(
        conflicts,
        vec![
            "keymap conflict on 3 Bulk void: q is both \"help\" and \"quit\" (the first wins)",
            "keymap conflict on 5 Emergency: q is both \"help\" and \"quit\" (the first wins)",
        ]
    );
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
