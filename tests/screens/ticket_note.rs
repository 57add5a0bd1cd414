//! The ticket-note key: N on any screen (off a text field) asks the worker for the note of
//! what was done for the carried user since the console started, copies it, and says so.

use crate::snapshot_both;
use crate::support::{Harness, NOW, alice};
use casdesk::app::msg::{ApiOutcome, Command, Msg};
use casdesk::clipboard::CopyReport;
use casdesk::ticket_note::TicketNote;
use crossterm::event::KeyCode;

fn found(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(ApiOutcome::User {
        details: Box::new(alice()),
        authenticators: Ok(Default::default()),
    });
}

fn note(listed: usize, changes: usize) -> TicketNote {
    TicketNote {
        user: "alice@example.com".into(),
        text: "Ticket note for alice@example.com\n10:02  Unlock methods: unlocked SMS\n".into(),
        listed,
        changes,
    }
}

fn asked_for(h: &Harness) -> Vec<(String, time::OffsetDateTime)> {
    h.commands
        .iter()
        .filter_map(|c| match c {
            Command::TicketNote { email, since, .. } => Some((email.clone(), *since)),
            _ => None,
        })
        .collect()
}

#[test]
fn n_asks_for_the_carried_users_note_since_the_console_started_and_copies_it() {
    snapshot_both!("ticket_note_copied", |h: &mut Harness| {
        found(h);
        h.key(KeyCode::Char('2'));
        h.key(KeyCode::Esc);
        h.type_text("N");
        assert_eq!(asked_for(h), [("alice@example.com".to_string(), NOW)]);
        h.send(Msg::TicketNote(Ok(note(4, 3))));
        let copy = h.commands.iter().find_map(|c| match c {
            Command::CopyNote(n) => Some(n.clone()),
            _ => None,
        });
        assert_eq!(copy, Some(note(4, 3)), "the note goes to the clipboard as made");
        let report = CopyReport {
            destinations: vec!["your terminal's clipboard", "this machine's clipboard"],
            problems: vec![],
        };
        h.app.ticket_note_copied(&note(4, 3), &report);
        let screen = h.screen();
        assert!(
            screen.contains("Ticket note for alice@example.com copied (4 actions)"),
            "{screen}"
        );
    });
}

#[test]
fn over_ssh_alone_the_toast_names_the_command_and_a_failed_copy_says_how_to_get_it() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    let terminal = CopyReport { destinations: vec!["your terminal's clipboard"], problems: vec![] };
    h.app.ticket_note_copied(&note(1, 0), &terminal);
    let screen = h.screen();
    assert!(
        screen.contains(
            "⚠ WARNING  Ticket note (nothing changed) sent by OSC 52, unconfirmed; or: casdesk \
             note alice@example.com"
        ),
        "{screen}"
    );
    let nowhere = CopyReport { destinations: vec![], problems: vec!["terminal: gone".into()] };
    h.app.ticket_note_copied(&note(2, 2), &nowhere);
    let screen = h.screen();
    assert!(
        screen.contains(
            "Could not copy the ticket note (terminal: gone); casdesk note alice@example.com \
             prints it"
        ),
        "{screen}"
    );
}

#[test]
fn nothing_done_yet_or_no_user_is_said_and_nothing_is_copied() {
    let mut h = Harness::new(120, 40);
    h.key(KeyCode::Esc);
    h.type_text("N");
    assert!(asked_for(&h).is_empty());
    assert!(h.screen().contains("Look a user up first"), "{}", h.screen());
    found(&mut h);
    h.key(KeyCode::Esc);
    h.type_text("N");
    h.send(Msg::TicketNote(Ok(note(0, 0))));
    assert!(!h.commands.iter().any(|c| matches!(c, Command::CopyNote(_))));
    let screen = h.screen();
    assert!(
        screen.contains(
            "Nothing done for alice@example.com since this session began at 11:00: no ticket note"
        ),
        "local time, as the header shows it: {screen}"
    );
    h.send(Msg::TicketNote(Err("cannot read the audit record /x: denied".into())));
    assert!(h.screen().contains("No ticket note: cannot read the audit record /x: denied"));
}

#[test]
fn while_typing_an_address_n_is_a_letter_and_the_help_lists_the_key() {
    let mut h = Harness::new(120, 40);
    h.type_text("NINA@example.com");
    assert!(asked_for(&h).is_empty(), "typed into the field");
    assert!(h.screen().contains("NINA@example.com"));
    h.key(KeyCode::Esc);
    h.type_text("?");
    let help = h.screen();
    assert!(help.contains("N") && help.contains("ticket note"), "{help}");
}

#[test]
fn the_key_is_rebindable_and_a_clash_is_reported() {
    use casdesk::app::keymap::KeyMap;
    let mut h = Harness::new(120, 40);
    let loaded = KeyMap::parse("ticket_note = \"ctrl-t\"\n").unwrap();
    assert!(h.app.set_keymap(loaded.keymap).is_empty(), "ctrl-t is free everywhere");
    found(&mut h);
    h.key(KeyCode::Esc);
    h.type_text("N");
    assert!(asked_for(&h).is_empty(), "N no longer copies the note");
    assert!(h.screen().contains("Ctrl-T ticket note"), "{}", h.screen());
    h.ctrl('t');
    assert_eq!(asked_for(&h).len(), 1);
    let clash = KeyMap::parse("ticket_note = \"q\"\n").unwrap();
    let conflicts = h.app.set_keymap(clash.keymap);
    assert!(conflicts.iter().any(|c| c.contains("\"quit\" and \"ticket_note\"")), "{conflicts:?}");
}
