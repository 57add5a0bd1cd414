use crate::snapshot_both;
use crate::support::Harness;
use casdesk::ui::theme::Theme;
use crossterm::event::KeyCode;

#[test]
fn too_small_terminal_says_so_instead_of_garbling() {
    for (w, h) in [(79, 24), (80, 23), (40, 10)] {
        let mut harness = Harness::new(w, h);
        insta::assert_snapshot!(format!("too_small@{w}x{h}"), harness.screen());
    }
}

#[test]
fn help_overlay_lists_the_bindings_in_effect() {
    snapshot_both!("help_on_lookup", |h: &mut Harness| {
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('?'));
    });
}

#[test]
fn help_with_a_user_found_shows_every_key_at_80x24_in_two_columns() {
    snapshot_both!("help_with_a_user_found", |h: &mut Harness| {
        h.type_text("alice@example.com");
        h.key(KeyCode::Enter);
        h.answer(casdesk::app::msg::ApiOutcome::User {
            details: Box::new(crate::support::alice()),
            authenticators: Ok(Default::default()),
        });
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('?'));
        let screen = h.screen();
        for words in ["mark for deletion", "verify caller", "ticket note", "Status:", "new lookup"]
        {
            assert!(screen.contains(words), "{words} is not cut off: {screen}");
        }
        assert!(!screen.contains("more (a taller terminal"), "{screen}");
    });
}

#[test]
fn typing_in_a_field_never_triggers_global_keys() {
    let mut h = Harness::new(80, 24);
    h.type_text("q?2");
    assert!(!h.app.should_quit());
    assert_eq!(h.app.active, 0);
    assert!(h.screen().contains("q?2"));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('q'));
    assert!(h.app.should_quit());
}

#[test]
fn esc_and_a_key_merged_into_alt_key_act_as_both() {
    let mut h = Harness::new(80, 24);
    h.send(casdesk::app::msg::Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('3'),
        crossterm::event::KeyModifiers::ALT,
    )));
    assert_eq!(h.app.active, 2, "Esc left the field, then 3 went to screen 3");
}

#[test]
fn ctrl_c_quits_even_while_typing() {
    let mut h = Harness::new(80, 24);
    h.type_text("abc");
    h.ctrl('c');
    assert!(h.app.should_quit());
}

#[test]
fn monochrome_still_reads() {
    let mut h = Harness::with_theme(80, 24, Theme::monochrome());
    h.key(KeyCode::Esc);
    let screen = h.screen();
    insta::assert_snapshot!("lookup_empty_monochrome@80x24", screen);
    let badge = h.style_of(" DEMO ").unwrap();
    assert!(badge.add_modifier.contains(ratatui::style::Modifier::REVERSED));
    assert!(matches!(badge.fg, None | Some(ratatui::style::Color::Reset)), "{badge:?}");
}

#[test]
fn help_gives_one_line_per_action_with_all_its_keys() {
    let mut h = Harness::new(120, 40);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Esc); // leave the users field: the form's own keys are in effect
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    let line_of = |what: &str| screen.lines().find(|l| l.contains(what)).unwrap_or_default();
    assert!(line_of("previous field ").contains("Shift-Tab/↑ "), "{screen}");
    assert!(line_of("next field ").contains("Tab/↓ "), "{screen}");
    assert!(line_of("previous field, not typing").contains("k "), "{screen}");
    assert!(line_of("next field, not typing").contains("j "), "{screen}");
    assert_eq!(screen.matches("previous field ").count(), 1, "{screen}");
}

#[test]
fn a_client_that_cannot_be_built_is_said_until_quit() {
    let mut h = Harness::new(80, 24);
    h.send(casdesk::app::msg::Msg::ClientFailed("/keys/a.key: the key cannot sign".into()));
    h.advance(3600);
    let screen = h.screen();
    assert!(
        screen.contains("✗ FAILED  Cannot talk to the tenant: /keys/a.key: the key cannot"),
        "{screen}"
    );
}

#[test]
fn dialogs_answer_to_their_keys_in_either_case_and_ignore_the_rest() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('?'));
    h.key(KeyCode::Char('x'));
    assert_eq!(h.app.overlay, casdesk::app::Overlay::Help, "other keys leave it open");
    h.key(KeyCode::Char('q'));
    assert_eq!(h.app.overlay, casdesk::app::Overlay::None, "q closes help, as Esc and ? do");
    assert!(!h.app.should_quit(), "and does not quit");
}

#[test]
fn the_profile_is_always_in_the_header() {
    snapshot_both!("profile_in_header", |h: &mut Harness| {
        h.app.demo = false;
        h.app.tenant = "Example Corp".into();
        h.app.profile = Some("production".into());
        h.type_text("alice@example.com");
    });
    let mut h = Harness::new(80, 24);
    h.app.demo = false;
    h.app.profile = Some("a-very-long-profile-name".into());
    let header = h.screen().lines().next().unwrap_or_default().to_string();
    assert!(header.contains(" a-very-long… "), "long names are cut: {header}");
    // The tabs still fit: shortened to their numbers, every one there, the open one named.
    assert!(header.contains("1 Lookup") && header.contains(" 8"), "the tabs still fit: {header}");
}

#[test]
fn the_tenant_stays_in_view_whatever_the_user_line_holds() {
    use crate::support::{outcome_user, user};
    const TENANT: &str = "Example Corp (production EU)";
    let long = "maximilian.alexander.von-und-zu-liechtenstein@subsidiary.example.com";
    for (cols, disabled) in [(80, false), (80, true), (120, true)] {
        let mut h = Harness::new(cols, 24);
        h.app.demo = false;
        h.app.tenant = TENANT.into();
        h.type_text(long);
        h.key(KeyCode::Enter);
        h.answer(outcome_user(
            user(serde_json::json!({
                "id": "u1", "emailAddress": long,
                "firstName": "Maximilian Alexander", "lastName": "von und zu Liechtenstein",
                "userStatus": if disabled { "Disabled" } else { "Enabled" },
            })),
            serde_json::json!({}),
        ));
        let line = h.screen().lines().nth(1).unwrap_or_default().to_string();
        assert!(line.ends_with(&format!("Tenant: {TENANT}")), "{cols} columns: {line}");
        assert!(line.contains(" User: maximilian.alexander"), "the user is there too: {line}");
        assert_eq!(line.contains("✗ Disabled"), disabled, "a disabled user is always flagged");
    }
    // With room to spare, nothing is cut.
    let mut h = Harness::new(120, 24);
    h.app.tenant = TENANT.into();
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(crate::support::alice(), serde_json::json!({})));
    let line = h.screen().lines().nth(1).unwrap_or_default().to_string();
    assert!(line.contains("User: alice@example.com  (Alice Example)"), "{line}");
    assert!(line.ends_with(&format!("Tenant: {TENANT}")), "{line}");
}

#[test]
fn ctrl_c_quits_from_any_dialog_asking_first_during_a_bulk_run() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('?'));
    h.ctrl('c');
    assert!(h.app.should_quit(), "from the help overlay");
    let mut h = Harness::new(80, 24);
    h.app.report_problems(vec!["keymap: no action called \"qiut\"".into()]);
    h.ctrl('c');
    assert!(h.app.should_quit(), "from the problems found at start-up");

    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    h.paste("alice@example.com\nbob@example.com\n");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::Char('?'));
    h.ctrl('c');
    assert_eq!(h.app.overlay, casdesk::app::Overlay::ConfirmQuit, "a run is going: it asks");
    assert!(!h.app.should_quit());
    h.ctrl('c');
    assert!(h.app.should_quit(), "a second Ctrl-C answers yes");
}
