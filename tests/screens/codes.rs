use crate::snapshot_both;
use crate::support::{Generated, Harness, alice, outcome_user};
use casdesk::api::{CodeMode, Delivery, GenerateCodeResult, RetryNotice, ValidityUnit};
use casdesk::app::msg::{ApiRequest, Command, Failure, Msg};
use casdesk::ui::status::Status;
use casdesk::ui::theme::Theme;
use crossterm::event::KeyCode;
use std::time::Duration;

/// Opens the Codes screen (Tab works even while the lookup field has the cursor).
fn open(h: &mut Harness) {
    // The callers these tests make codes for, verified: they are about what follows
    // (verification.rs tests the policy).
    let many = ["alice@example.com", "bob@example.com", "ghost@example.com", "a@example.com"];
    let more = ["administrator@example.com", "local_rsa_unified@example.com"];
    let listed = (0..100).map(|i| format!("user{i:02}@example.com"));
    for who in many.into_iter().chain(more).map(str::to_string).chain(listed) {
        h.caller_verified(&who);
    }
    h.key(KeyCode::Tab);
    assert_eq!(h.app.active, 1);
}

/// The users field has the cursor when the screen opens.
fn users(h: &mut Harness, text: &str) {
    open(h);
    h.type_text(text);
}

fn results(json: serde_json::Value) -> Vec<GenerateCodeResult> {
    serde_json::from_value(json).expect("generate results JSON")
}

fn displayed(email: &str, code: &str) -> serde_json::Value {
    serde_json::json!({
        "status": 1000, "errorMessage": "Code Successfully generated. ",
        "userDetailsRequestForVerifyCodeGeneration": {"email": email, "code_validity": "10", "validity_time_duration_unit": "MIN", "code_send_to": "DISPLAY"},
        "verify_code": code, "verify_code_validity_time": "2026-11-22 10:10:00 UTC",
        "verify_code_generation_mode": "ENROLLMENT", "verification_Link": "https://example.auth.securid.com/enroll/admin"
    })
}

/// A code made for Alice (DISPLAY, the default validity) and on screen.
fn alice_code_shown(h: &mut Harness) {
    users(h, "alice@example.com");
    h.key(KeyCode::Enter);
    answer_generated(
        h,
        &["alice@example.com"],
        serde_json::json!([displayed("alice@example.com", "629211156")]),
    );
}

fn answer_generated(h: &mut Harness, emails: &[&str], json: serde_json::Value) {
    h.answer(Generated {
        emails: emails.iter().map(|e| e.to_string()).collect(),
        results: Ok(results(json)),
        last: true,
    });
}

#[test]
fn empty() {
    snapshot_both!("codes_empty", |h: &mut Harness| open(h));
}

#[test]
fn the_looked_up_user_is_filled_in() {
    snapshot_both!("codes_with_user", |h: &mut Harness| {
        h.type_text("alice@example.com");
        h.key(KeyCode::Enter);
        h.answer(outcome_user(alice(), serde_json::json!({})));
        h.key(KeyCode::Char('2'));
    });
}

#[test]
fn validation_errors_send_nothing() {
    snapshot_both!("codes_invalid_address", |h: &mut Harness| {
        users(h, "alice@example");
        h.key(KeyCode::Enter);
    });
    snapshot_both!("codes_validity_out_of_range", |h: &mut Harness| {
        users(h, "alice@example.com");
        h.key(KeyCode::Down);
        h.type_text("25");
        h.key(KeyCode::Down);
        h.key(KeyCode::Char(' ')); // HOUR
        h.key(KeyCode::Enter);
        assert_eq!(h.api_requests(), 0);
    });
    let mut h = Harness::new(80, 24);
    users(&mut h, "alice@example.com");
    h.key(KeyCode::Down);
    h.type_text("9");
    h.key(KeyCode::Enter);
    assert_eq!(h.api_requests(), 0, "9 minutes is under the minimum");
    assert!(h.screen().contains("from 10 minutes to 24 hours"));
}

/// The generate request the console sent last.
fn sent_validity(h: &Harness) -> Option<Option<(u32, ValidityUnit)>> {
    match h.last_request() {
        Some((_, ApiRequest::Generate { users, .. })) => {
            Some(users[0].validity.map(|v| (v.value(), v.unit())))
        }
        _ => None,
    }
}

#[test]
fn the_validity_field_reads_what_the_commands_read() {
    // A fraction is refused with the whole equivalent, as soon as it is typed and on Enter.
    let mut h = Harness::new(80, 24);
    users(&mut h, "alice@example.com");
    h.key(KeyCode::Tab); // validity
    h.type_text("1.5");
    h.key(KeyCode::Tab); // unit
    h.key(KeyCode::Char(' ')); // HOUR
    let screen = h.screen();
    assert!(screen.contains("Validity   1.5"), "the text stays as typed:\n{screen}");
    assert!(screen.contains("⚠ WARNING") && screen.contains("90 minutes is the same"), "{screen}");
    h.key(KeyCode::Enter);
    assert_eq!(h.api_requests(), 0, "nothing is sent");
    assert!(h.screen().contains("✗ FAILED  Validity \"1.5\": whole hours only"), "{}", h.screen());

    // A unit typed with the number moves the choice, so what is drawn is what is sent.
    let mut h = Harness::new(80, 24);
    users(&mut h, "alice@example.com");
    h.key(KeyCode::Tab);
    h.type_text("2h");
    assert!(h.screen().contains("MIN  [HOUR]"), "{}", h.screen());
    assert!(h.screen().contains("Enter asks: enrollment codes, 2 hours, shown on screen."));
    h.key(KeyCode::Enter);
    assert_eq!(sent_validity(&h), Some(Some((2, ValidityUnit::Hours))));

    // And changing the unit rewrites the unit typed.
    let mut h = Harness::new(80, 24);
    users(&mut h, "alice@example.com");
    h.key(KeyCode::Tab);
    h.type_text("90m");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char(' '));
    assert!(h.screen().contains("Validity   90h"), "{}", h.screen());
    assert!(h.screen().contains("outside that range"), "90 hours is over a day");

    // Empty says in words what the service will do, and sends no validity.
    let mut h = Harness::new(80, 24);
    users(&mut h, "alice@example.com");
    assert!(h.screen().contains("10 minutes (service default)"), "{}", h.screen());
    h.key(KeyCode::Enter);
    assert_eq!(sent_validity(&h), Some(None));
}

#[test]
fn moving_between_fields_never_types() {
    let mut h = Harness::new(80, 24);
    users(&mut h, "alice@example.com");
    h.key(KeyCode::Esc); // stop typing
    h.key(KeyCode::Char('k')); // up to the mode
    h.key(KeyCode::Char('j')); // back to users: not typing
    h.key(KeyCode::Char('j')); // on to validity
    h.key(KeyCode::Char('j')); // unit
    h.key(KeyCode::Char('k')); // validity again
    assert!(h.screen().contains("alice@example.com "), "{}", h.screen());
    assert!(!h.screen().contains("alice@example.comj"));
    assert!(h.screen().contains("Validity   default"), "nothing typed into it");
    h.key(KeyCode::Char('e'));
    h.type_text("30jk");
    assert!(h.screen().contains("Validity   30jk"), "while typing, j and k are letters");
    // Tab goes to the next field, not the next screen.
    h.key(KeyCode::Tab);
    assert_eq!(h.app.active, 1, "still on Codes");
}

#[test]
fn email_delivery_offers_a_custom_address_and_sends_what_was_chosen() {
    snapshot_both!("codes_email_delivery", |h: &mut Harness| {
        users(h, "alice@example.com");
        h.key(KeyCode::Down); // validity
        h.type_text("2");
        h.key(KeyCode::Down); // unit
        h.key(KeyCode::Char(' '));
        h.key(KeyCode::Down); // delivery
        h.key(KeyCode::Char(' '));
        h.key(KeyCode::Down); // custom e-mail
        h.type_text("alice.home@example.net");
    });
    let mut h = Harness::new(80, 24);
    users(&mut h, "alice@example.com");
    h.key(KeyCode::Down);
    h.type_text("2");
    h.key(KeyCode::Down);
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Down);
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Down);
    h.type_text("alice.home@example.net");
    h.key(KeyCode::Enter);
    match h.last_request() {
        Some((_, ApiRequest::Generate { mode: CodeMode::Enrollment, users })) => {
            assert_eq!(users.len(), 1);
            let u = &users[0];
            assert_eq!(u.email, "alice@example.com");
            assert_eq!(u.delivery, Some(Delivery::Email));
            assert_eq!(u.custom_email.as_deref(), Some("alice.home@example.net"));
            let validity = u.validity.expect("validity given");
            assert_eq!((validity.value(), validity.unit()), (2, ValidityUnit::Hours));
        }
        other => panic!("expected a generate request, got {other:?}"),
    }
}

#[test]
fn several_users_need_a_confirmation_first() {
    snapshot_both!("codes_confirm_list", |h: &mut Harness| {
        open(h);
        h.paste("alice@example.com\r\nbob@example.com\rcarol@example.com\n");
        h.key(KeyCode::Enter);
        assert_eq!(h.api_requests(), 0, "nothing is sent before y");
    });
    let mut h = Harness::new(80, 24);
    open(&mut h);
    h.paste("alice@example.com\nbob@example.com\nALICE@example.com\n");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    match h.last_request() {
        Some((_, ApiRequest::Generate { users, .. })) => {
            let emails: Vec<&str> = users.iter().map(|u| u.email.as_str()).collect();
            assert_eq!(emails, vec!["alice@example.com", "bob@example.com"], "duplicates removed");
        }
        other => panic!("expected a generate request, got {other:?}"),
    }
}

#[test]
fn loading_and_rate_limited() {
    snapshot_both!("codes_loading", |h: &mut Harness| {
        users(h, "alice@example.com");
        h.key(KeyCode::Enter);
    });
    snapshot_both!("codes_429_waiting", |h: &mut Harness| {
        users(h, "alice@example.com");
        h.key(KeyCode::Enter);
        let (id, _) = h.last_request().unwrap();
        let notice = RetryNotice {
            attempt: 2,
            wait: Duration::from_secs(4),
            reason: "HTTP 429".into(),
            rate_limited: true,
            server_asked: false,
        };
        h.send(Msg::Retrying(id, notice));
    });
}

#[test]
fn a_displayed_code_in_large_digits_with_countdown() {
    snapshot_both!("codes_success", |h: &mut Harness| {
        alice_code_shown(h);
    });
}

#[test]
fn the_countdown_moves_with_the_clock() {
    let mut h = Harness::new(120, 40);
    alice_code_shown(&mut h);
    assert!(h.screen().contains("11:10 (10m 00s left)"), "{}", h.screen());
    assert_eq!(h.app.next_tick(), Some(Duration::from_secs(1)), "a countdown redraws every second");
    h.advance(61);
    assert!(h.screen().contains("(8m 59s left)"));
    h.advance(600);
    assert!(h.screen().contains("(expired)"));
}

#[test]
fn copy_sends_exactly_the_selected_code() {
    let mut h = Harness::new(80, 24);
    alice_code_shown(&mut h);
    h.key(KeyCode::Char('c'));
    let copied: Vec<&str> = h
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::Copy(code) => Some(code.expose()),
            _ => None,
        })
        .collect();
    assert_eq!(copied, vec!["629211156"]);
}

#[test]
fn mixed_results_each_read_without_colour() {
    snapshot_both!("codes_mixed", |h: &mut Harness| {
        open(h);
        h.paste("alice@example.com\nadministrator@example.com\nlocal_rsa_unified@example.com\nghost@example.com\n");
        h.key(KeyCode::Enter);
        h.key(KeyCode::Char('y'));
        answer_generated(
            h,
            &[
                "alice@example.com",
                "administrator@example.com",
                "local_rsa_unified@example.com",
                "ghost@example.com",
            ],
            serde_json::json!([
                displayed("alice@example.com", "628078239"),
                {"status": 1005, "errorMessage": "Unable to send Email, please check \"Company Settings\".",
                 "userDetailsRequestForVerifyCodeGeneration": {"email": "administrator@example.com"}},
                {"status": 1006, "errorMessage": "Code generation is not allowed, please check the configuration settings.",
                 "userDetailsRequestForVerifyCodeGeneration": {"email": "local_rsa_unified@example.com"}},
                {"status": 1002, "errorMessage": "Invalid User", "userDetailsRequestForVerifyCodeGeneration": {"email": "ghost@example.com"}}
            ]),
        );
    });
}

#[test]
fn an_answer_for_someone_not_asked_for_is_its_own_row_and_its_code_is_shown_to_nobody() {
    snapshot_both!("codes_stray_answer", |h: &mut Harness| {
        users(h, "alice@example.com");
        h.key(KeyCode::Enter);
        // The answer names alice second, after a stranger it was not asked about.
        answer_generated(
            h,
            &["alice@example.com"],
            serde_json::json!([
                displayed("stranger@example.com", "900000001"),
                displayed("alice@example.com", "629211156")
            ]),
        );
        let screen = h.screen();
        assert!(!screen.contains("900 000 001"), "{screen}");
        assert!(screen.contains("Code for alice@example.com"), "{screen}");
        h.key(KeyCode::Down);
        let screen = h.screen();
        assert!(
            !screen.contains("900 000 001") && !screen.contains("Code for stranger"),
            "{screen}"
        );
    });
}

#[test]
fn a_failed_call_leaves_every_user_with_an_outcome() {
    snapshot_both!("codes_server_error", |h: &mut Harness| {
        users(h, "alice@example.com");
        h.key(KeyCode::Enter);
        h.answer(Generated {
            emails: vec!["alice@example.com".into()],
            results: Err(Failure {
                message: "the connection broke before the answer was complete (the request may have reached the service)".into(),
                status: None,
                rate_limited: false,
                uncertain: true,
            }),
            last: true,
        });
    });
}

#[test]
fn status_cells_are_coloured_by_the_theme() {
    let theme = Theme::default_dark();
    let mut h = Harness::new(120, 40);
    open(&mut h);
    h.paste("alice@example.com\nghost@example.com\n");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    answer_generated(
        &mut h,
        &["alice@example.com", "ghost@example.com"],
        serde_json::json!([displayed("alice@example.com", "1"), {"status": 1002, "userDetailsRequestForVerifyCodeGeneration": {"email": "ghost@example.com"}}]),
    );
    assert_eq!(h.style_of("✓ OK").unwrap().fg, theme.status(Status::Ok).fg);
    assert_eq!(h.style_of("✗ FAILED").unwrap().fg, theme.status(Status::Failed).fg);
}

#[test]
fn a_long_list_scrolls_to_the_selected_code() {
    let mut h = Harness::new(80, 24);
    let list: Vec<String> = (0..60).map(|i| format!("user{i:02}@example.com")).collect();
    open(&mut h);
    h.paste(&list.join("\n"));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    let json: Vec<serde_json::Value> = list
        .iter()
        .enumerate()
        .map(|(i, e)| serde_json::json!({"status": 1000, "userDetailsRequestForVerifyCodeGeneration": {"email": e}, "verify_code": format!("{:09}", 100_000_000 + i)}))
        .collect();
    let emails: Vec<&str> = list.iter().map(String::as_str).collect();
    answer_generated(&mut h, &emails, serde_json::Value::Array(json));
    for _ in 0..50 {
        h.key(KeyCode::Down);
    }
    let screen = h.screen();
    assert!(screen.contains("▶ ✓ OK       user50@example.com"), "{screen}");
    assert!(screen.contains("Code for user50@example.com"), "{screen}");
    assert!(!screen.contains("user00@example.com"), "scrolled past the first rows");
}

#[test]
fn masked_codes_show_as_dots_until_revealed_and_still_copy() {
    snapshot_both!("codes_masked", |h: &mut Harness| {
        h.app.set_masking(true);
        alice_code_shown(h);
        assert!(!h.screen().contains("629"), "no digit of the code is on screen");
    });
    let mut h = Harness::new(120, 40);
    h.app.set_masking(true);
    alice_code_shown(&mut h);
    assert!(h.screen().contains("••• ••• •••"));
    assert!(h.screen().contains("v show codes"), "the footer says how to reveal");
    h.key(KeyCode::Char('c'));
    let copied =
        h.commands.iter().any(|c| matches!(c, Command::Copy(code) if code.expose() == "629211156"));
    assert!(copied, "copying works while masked");
    h.key(KeyCode::Char('v'));
    assert!(h.screen().contains("629 211 156"), "revealed");
    h.key(KeyCode::Char('v'));
    assert!(!h.screen().contains("629 211 156"), "hidden again");
}

#[test]
fn the_clipboard_is_emptied_after_the_chosen_time() {
    let mut h = Harness::new(80, 24);
    h.app.set_clipboard_clearing(Some(30));
    alice_code_shown(&mut h);
    let cleared =
        |h: &Harness| h.commands.iter().filter(|c| matches!(c, Command::ClearClipboard)).count();
    h.key(KeyCode::Char('c'));
    assert!(h.app.next_tick().is_some(), "a timer runs while a copy is waiting to be cleared");
    h.advance(29);
    assert_eq!(cleared(&h), 0, "not before its time");
    h.advance(2);
    assert_eq!(cleared(&h), 1, "cleared once the time is up");
    h.advance(60);
    assert_eq!(cleared(&h), 1, "and only once");
}

#[test]
fn the_profile_defaults_are_the_starting_choices() {
    let mut h = Harness::new(80, 24);
    h.app.set_code_defaults(&casdesk::config::CodeDefaults {
        validity: Some(casdesk::api::CodeValidity::new(2, ValidityUnit::Hours).unwrap()),
        delivery: Some(casdesk::config::DeliveryDefault::Email),
    });
    users(&mut h, "alice@example.com");
    let screen = h.screen();
    assert!(screen.contains("Validity   2"), "{screen}");
    h.key(KeyCode::Enter);
    match h.last_request() {
        Some((_, ApiRequest::Generate { users, .. })) => {
            let u = &users[0];
            assert_eq!(u.delivery, Some(Delivery::Email), "the profile's delivery");
            let validity = u.validity.expect("the profile's validity");
            assert_eq!((validity.value(), validity.unit()), (2, ValidityUnit::Hours));
        }
        other => panic!("expected a generate request, got {other:?}"),
    }
}

#[test]
fn an_expiry_other_than_the_validity_asked_is_a_warning() {
    snapshot_both!("codes_expiry_not_as_asked", |h: &mut Harness| {
        users(h, "alice@example.com");
        h.key(KeyCode::Tab);
        h.type_text("2h");
        h.key(KeyCode::Enter);
        // The service answers a code that expires in 10 minutes, not 2 hours.
        answer_generated(
            h,
            &["alice@example.com"],
            serde_json::json!([displayed("alice@example.com", "629211156")]),
        );
        let screen = h.screen();
        assert!(screen.contains("⚠ WARNING  Asked: 2 hours, shown on screen."), "{screen}");
        assert!(screen.contains("10 minutes after."), "{screen}");
    });
    // As asked: no warning.
    let mut h = Harness::new(120, 40);
    alice_code_shown(&mut h);
    let screen = h.screen();
    assert!(
        screen.contains("Asked: 10 minutes (service default), shown on screen. Expires 11:10:00.")
    );
    assert!(!screen.contains("⚠"), "{screen}");
}

#[test]
fn an_emailed_code_says_to_which_address_and_until_when() {
    let mut h = Harness::new(120, 40);
    users(&mut h, "alice@example.com");
    h.key(KeyCode::Tab); // validity
    h.key(KeyCode::Tab); // unit
    h.key(KeyCode::Tab); // delivery
    h.key(KeyCode::Char(' ')); // EMAIL
    h.key(KeyCode::Enter);
    let mut answer = displayed("alice@example.com", "629211156");
    answer["verify_code"] = serde_json::Value::Null;
    answer_generated(&mut h, &["alice@example.com"], serde_json::json!([answer]));
    let screen = h.screen();
    assert!(
        screen.contains(
            "Asked: 10 minutes (service default), e-mailed to alice@example.com. Expires 11:10:00."
        ),
        "{screen}"
    );
    // To a custom address, that address.
    let mut h = Harness::new(120, 40);
    users(&mut h, "alice@example.com");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Tab);
    h.type_text("desk@example.net");
    h.key(KeyCode::Enter);
    answer_generated(&mut h, &["alice@example.com"], serde_json::json!([answer]));
    assert!(
        h.screen().contains("e-mailed to desk@example.net. Expires 11:10:00."),
        "{}",
        h.screen()
    );
}

#[test]
fn a_disabled_user_is_offered_no_codes() {
    let mut h = Harness::new(80, 24);
    let mut details = alice();
    details.user_status =
        crate::support::user(serde_json::json!({"userStatus": "Disabled"})).user_status;
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(details, serde_json::json!({})));
    h.key(KeyCode::Char('2'));
    assert!(h.screen().contains("⚠ WARNING  alice@example.com is disabled"), "{}", h.screen());
    let before = h.api_requests();
    h.key(KeyCode::Enter);
    assert_eq!(h.api_requests(), before, "nothing is asked for a disabled user");
    assert!(h.screen().contains("✗ FAILED  alice@example.com is disabled"), "{}", h.screen());
    assert!(h.screen().contains("(Lookup, d)"), "{}", h.screen());
}

#[test]
fn a_paste_goes_into_the_field_being_typed_into() {
    let mut h = Harness::new(80, 24);
    users(&mut h, "a@example.com");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Char(' ')); // EMAIL
    h.key(KeyCode::Tab); // send to
    h.paste("desk@example.net\n");
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab); // validity
    h.paste("45m");
    let screen = h.screen();
    assert!(screen.contains("│a@example.com "), "the users are as typed:\n{screen}");
    assert!(screen.contains("Send to    desk@example.net"), "{screen}");
    assert!(screen.contains("Validity   45m"), "{screen}");
    h.paste("a text far too long for a validity");
    assert!(h.screen().contains("Validity   45m"), "{}", h.screen());
    assert!(h.screen().contains("Not pasted"), "{}", h.screen());
    // Off a field being typed into, a paste is a list of users, as before.
    h.key(KeyCode::Esc);
    h.paste("b@example.com\nc@example.com");
    assert!(h.screen().contains("a@example.com, b@example.com, c@example.com"), "{}", h.screen());
}

#[test]
fn a_bad_address_is_said_under_the_form_once_the_field_is_left() {
    let mut h = Harness::new(80, 24);
    users(&mut h, "alice@example");
    assert!(!h.screen().contains("⚠ WARNING"), "not while it is being typed:\n{}", h.screen());
    h.key(KeyCode::Tab);
    let screen = h.screen();
    assert!(
        screen.contains("⚠ WARNING  \"alice@example\" is not a valid e-mail address"),
        "{screen}"
    );
}

#[test]
fn a_user_marked_for_deletion_is_offered_no_codes_and_told_why() {
    let mut h = Harness::new(80, 24);
    let mut details = alice();
    details.mark_deleted = Some(true);
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    h.answer(outcome_user(details, serde_json::json!({})));
    h.key(KeyCode::Char('2'));
    let before = h.api_requests();
    h.key(KeyCode::Enter);
    assert_eq!(h.api_requests(), before, "nothing is asked for a user marked for deletion");
    let screen = h.screen();
    assert!(screen.contains("alice@example.com is marked for deletion"), "{screen}");
    assert!(screen.contains("(Lookup, X)"), "{screen}");
}

#[test]
fn one_callers_code_leaves_the_screen_when_the_next_caller_is_looked_up() {
    let mut h = Harness::new(120, 40);
    alice_code_shown(&mut h);
    assert!(h.screen().contains("Code for alice@example.com"), "{}", h.screen());
    // The next call: someone else looked up on screen 1.
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('e'));
    h.type_text("bob@example.com");
    h.key(KeyCode::Enter);
    let bob = crate::support::user(serde_json::json!({
        "id": "b0b", "emailAddress": "bob@example.com", "userStatus": "Enabled"
    }));
    h.answer(outcome_user(bob, serde_json::json!({})));
    h.key(KeyCode::Char('2'));
    let screen = h.screen();
    assert!(!screen.contains("Code for alice@example.com"), "{screen}");
    assert!(!screen.contains("629"), "Alice's code is not beside Bob's address: {screen}");
    assert!(screen.contains("bob@example.com"), "{screen}");
}
