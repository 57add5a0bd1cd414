//! The ticket for this call: `T` opens a one-line field; Enter gives the ticket (an empty
//! field clears it), Esc leaves it; the header shows it while it applies; the worker is told
//! (it names it in every audit entry); a lookup of someone else keeps it, and says so; a note
//! made while a `note_command` is set says where it is being posted, then how that went.

use crate::snapshot_both;
use crate::support::{Harness, alice, outcome_user, user};
use casdesk::app::Overlay;
use casdesk::app::msg::{Command, Msg};
use casdesk::ticket::Ticket;
use casdesk::ticket::post::Posting;
use crossterm::event::KeyCode;

fn found(h: &mut Harness) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(alice(), serde_json::json!({})));
}

fn ticket(id: &str) -> Ticket {
    Ticket::parse(id).unwrap().unwrap()
}

/// What the worker was told of the ticket, in order.
fn told(h: &Harness) -> Vec<Option<String>> {
    h.commands
        .iter()
        .filter_map(|c| match c {
            Command::Ticket(t) => Some(t.as_ref().map(Ticket::to_string)),
            _ => None,
        })
        .collect()
}

#[test]
fn t_opens_the_field_and_enter_gives_the_ticket_the_header_shows() {
    snapshot_both!("ticket_dialog", |h: &mut Harness| {
        found(h);
        h.key(KeyCode::Char('T'));
        h.type_text("INC0012345");
        let screen = h.screen();
        assert!(screen.contains("Ticket for this call"), "{screen}");
        assert!(screen.contains("> INC0012345▏"), "{screen}");
        assert!(screen.contains("an empty field clears it"), "{screen}");
    });
    snapshot_both!("ticket_in_header", |h: &mut Harness| {
        found(h);
        h.caller_verified("alice@example.com");
        h.type_text("TINC0012345");
        h.key(KeyCode::Enter);
        assert_eq!(told(h), [Some("INC0012345".to_string())]);
        assert_eq!(h.app.ticket(), Some(&ticket("INC0012345")));
        let screen = h.screen();
        let header = screen.lines().next().unwrap_or_default();
        assert!(header.contains(" Ticket INC0012345 "), "{screen}");
        assert!(header.contains("1 Lookup"), "the active tab is still named: {header}");
        assert!(screen.lines().nth(1).unwrap_or_default().contains("verified"), "{screen}");
        assert!(screen.contains("Ticket INC0012345 for this call"), "the toast: {screen}");
    });
}

#[test]
fn a_long_ticket_is_cut_in_the_header_and_one_too_long_is_refused_in_the_field() {
    let mut h = Harness::new(80, 24);
    found(&mut h);
    h.key(KeyCode::Char('T'));
    h.type_text(&"A".repeat(65));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.overlay, Overlay::Ticket, "still open");
    assert!(h.screen().contains("at most 64 characters (65 given)"), "{}", h.screen());
    assert!(told(&h).is_empty(), "nothing told: nothing given");
    h.key(KeyCode::Backspace);
    assert!(!h.screen().contains("65 given"), "said until the text changes");
    h.key(KeyCode::Enter);
    let header = h.screen().lines().next().unwrap_or_default().to_string();
    assert!(header.contains(&format!(" Ticket {}… ", "A".repeat(15))), "{header}");
    assert!(header.chars().count() <= 80, "{header}");
    h.key(KeyCode::Char('T'));
    for _ in 0..64 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("-rf");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("cannot start with '-'"), "{}", h.screen());
}

#[test]
fn an_empty_field_clears_the_ticket_and_esc_leaves_it_as_it_was() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("TSD-42");
    h.key(KeyCode::Enter);
    h.type_text("Tquit");
    assert!(!h.app.should_quit(), "q is typed in the field");
    h.key(KeyCode::Esc);
    assert_eq!(h.app.ticket(), Some(&ticket("SD-42")), "Esc changes nothing");
    h.key(KeyCode::Char('T'));
    assert!(h.screen().contains("> SD-42▏"), "the field holds the ticket: {}", h.screen());
    for _ in 0.."SD-42".len() {
        h.key(KeyCode::Backspace);
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.app.ticket(), None);
    assert_eq!(told(&h), [Some("SD-42".to_string()), None]);
    let screen = h.screen();
    assert!(!screen.lines().next().unwrap_or_default().contains("Ticket"), "{screen}");
    assert!(screen.contains("No ticket now"), "{screen}");
}

#[test]
fn a_ticket_is_pasted_on_one_line_at_the_cursor() {
    let mut h = Harness::new(120, 40);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('T'));
    h.type_text("INC");
    h.paste("0012345\r\n");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.ticket(), Some(&ticket("INC0012345")));
}

#[test]
fn looking_up_someone_else_keeps_the_ticket_and_says_so() {
    let mut h = Harness::new(120, 40);
    found(&mut h);
    h.type_text("TINC-1");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('e'));
    for _ in 0.."alice@example.com".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("bob@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(
        user(serde_json::json!({"id": "u-bob", "emailAddress": "bob@example.com"})),
        serde_json::json!({}),
    ));
    let screen = h.screen();
    assert!(screen.contains("Ticket INC-1 still applies: T changes it, or clears it"), "{screen}");
    assert_eq!(h.app.ticket(), Some(&ticket("INC-1")), "kept");
    assert_eq!(told(&h).len(), 1, "the worker was not told anything new");
}

#[test]
fn the_help_says_how_to_clear_it_and_the_key_can_be_rebound() {
    use casdesk::app::keymap::KeyMap;
    let mut h = Harness::new(120, 40);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('?'));
    assert!(h.screen().contains("ticket (empty = clear)"), "{}", h.screen());
    assert!(h.app.set_keymap(KeyMap::default()).is_empty(), "T conflicts with nothing");
    let moved = KeyMap::parse("ticket = \"ctrl-k\"\n").unwrap();
    assert!(h.app.set_keymap(moved.keymap).is_empty());
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('T'));
    assert_eq!(h.app.overlay, Overlay::None, "T no longer opens it");
    h.ctrl('k');
    assert_eq!(h.app.overlay, Overlay::Ticket);
}

#[test]
fn with_a_note_command_the_toasts_say_where_the_note_went() {
    use casdesk::clipboard::CopyReport;
    use casdesk::ticket_note::TicketNote;
    let note = TicketNote {
        user: "alice@example.com".into(),
        text: "Ticket note for alice@example.com\n".into(),
        listed: 2,
        changes: 1,
    };
    let copied = CopyReport { destinations: vec!["this machine's clipboard"], problems: vec![] };
    let mut h = Harness::new(120, 40);
    h.app.set_note_posting(true);
    found(&mut h);
    h.app.ticket_note_copied(&note, &copied);
    assert!(
        h.screen()
            .contains("copied (2 actions); not posted: no ticket for this call (T gives one)"),
        "{}",
        h.screen()
    );
    h.type_text("TINC-7");
    h.key(KeyCode::Enter);
    h.app.ticket_note_copied(&note, &copied);
    assert!(h.screen().contains("copied (2 actions); posting it to INC-7…"), "{}", h.screen());
    let posted = |result| {
        Msg::NotePosted(Posting {
            ticket: ticket("INC-7"),
            program: "~/bin/post-note".into(),
            result,
        })
    };
    h.send(posted(Ok(Some("comment 981 added".into()))));
    assert!(
        h.screen().contains("✓ OK  Ticket note posted to INC-7: comment 981 added"),
        "{}",
        h.screen()
    );
    h.send(posted(Ok(None)));
    assert!(h.screen().contains("Ticket note posted to INC-7 by ~/bin/post-note"));
    h.send(posted(Err("~/bin/post-note exited with status 22: HTTP 401".into())));
    let screen = h.screen();
    assert!(
        screen.contains(
            "✗ FAILED  Ticket note NOT posted to INC-7 (it was copied): ~/bin/post-note exited \
             with status 22: HTTP 401"
        ),
        "{screen}"
    );
}
