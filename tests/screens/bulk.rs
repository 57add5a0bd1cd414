use crate::snapshot_both;
use crate::support::{Harness, Voided};
use casdesk::actions::{Acted, ActionOutcome, Done, UserAction};
use casdesk::api::UnlockMethod;
use casdesk::api::{CodeMode, RetryNotice, VoidResult};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Failure, Msg};
use casdesk::ui::status::Status;
use casdesk::ui::theme::Theme;
use crossterm::event::KeyCode;
use std::time::Duration;

const LIST: &str = "# to void\r\nalice@example.com\r\nuser2@example.com\r\nUSER2@example.com\r\nnot-an-address\r\nghost@example.com\r\n";

fn open(h: &mut Harness) {
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    assert_eq!(h.app.active, 2);
}

fn pasted(h: &mut Harness) {
    open(h);
    h.paste(LIST);
}

fn confirmed(h: &mut Harness) {
    pasted(h);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
}

fn voids(json: serde_json::Value) -> Vec<VoidResult> {
    serde_json::from_value(json).expect("void results JSON")
}

fn emails(list: &[&str]) -> Vec<String> {
    list.iter().map(|e| e.to_string()).collect()
}

#[test]
fn empty() {
    snapshot_both!("bulk_empty", |h: &mut Harness| open(h));
}

#[test]
fn preview_flags_junk_with_line_numbers_and_counts_duplicates() {
    snapshot_both!("bulk_preview", |h: &mut Harness| pasted(h));
}

#[test]
fn confirmation_states_the_exact_count() {
    snapshot_both!("bulk_confirm", |h: &mut Harness| {
        pasted(h);
        h.key(KeyCode::Enter);
        assert_eq!(h.api_requests(), 0);
    });
}

#[test]
fn nothing_is_sent_without_y() {
    let mut h = Harness::new(80, 24);
    pasted(&mut h);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    assert_eq!(h.api_requests(), 0);
}

#[test]
fn the_request_carries_the_distinct_valid_addresses_in_the_chosen_mode() {
    let mut h = Harness::new(80, 24);
    pasted(&mut h);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    match h.last_request() {
        Some((_, ApiRequest::Void { mode, emails })) => {
            assert_eq!(*mode, CodeMode::PasswordReset);
            assert_eq!(emails, &["alice@example.com", "user2@example.com", "ghost@example.com"]);
        }
        other => panic!("expected a void request, got {other:?}"),
    }
}

#[test]
fn running_fills_as_batches_return() {
    snapshot_both!("bulk_running", |h: &mut Harness| {
        confirmed(h);
        h.answer(Voided {
            emails: emails(&["alice@example.com"]),
            results: Ok(voids(
                serde_json::json!([{"status": 1014, "user_email": "alice@example.com"}]),
            )),
            last: false,
        });
    });
}

#[test]
fn rate_limited_while_running() {
    snapshot_both!("bulk_429_waiting", |h: &mut Harness| {
        confirmed(h);
        let (id, _) = h.last_request().unwrap();
        h.send(Msg::Retrying(
            id,
            RetryNotice {
                attempt: 1,
                wait: Duration::from_secs(2),
                reason: "HTTP 429".into(),
                rate_limited: true,
                server_asked: false,
            },
        ));
    });
}

#[test]
fn done_with_mixed_results_and_a_failed_batch() {
    snapshot_both!("bulk_done_mixed", |h: &mut Harness| {
        confirmed(h);
        h.answer(Voided {
            emails: emails(&["alice@example.com", "user2@example.com"]),
            results: Ok(voids(serde_json::json!([
                {"status": 1013, "user_email": "alice@example.com", "errorMessage": "No enrollment code found to void. Enrollment code may have expired or has been used already."},
                {"status": 1014, "user_email": "user2@example.com"}
            ]))),
            last: false,
        });
        h.answer(Voided {
            emails: emails(&["ghost@example.com"]),
            results: Err(Failure::new(
                "HTTP 500 Internal Server Error: An internal error occurred.",
            )),
            last: true,
        });
    });
}

#[test]
fn irregular_answers_are_matched_by_address_and_every_user_has_an_outcome() {
    snapshot_both!("bulk_done_irregular", |h: &mut Harness| {
        confirmed(h);
        // Reordered, one user left out, an undocumented code, and (as in the vendor's own
        // example) an element for someone not asked for.
        h.answer(Voided {
            emails: emails(&["alice@example.com", "user2@example.com", "ghost@example.com"]),
            results: Ok(voids(serde_json::json!([
                {"status": 1099, "user_email": "user2@example.com", "errorMessage": "Result not documented."},
                {"status": 1014, "user_email": "user1@example.com"},
                {"status": 1002, "user_email": "alice@example.com", "errorMessage": "Invalid User"}
            ]))),
            last: true,
        });
        let screen = h.screen();
        // FAILED 3: two users and the pasted line that is not an address (never sent).
        assert!(screen.contains("✓ OK 0   ⚠ WARNING 2   ✗ FAILED 3"), "{screen}");
    });
}

#[test]
fn stopping_a_run_cancels_and_marks_the_rest_not_sent() {
    snapshot_both!("bulk_cancelled", |h: &mut Harness| {
        confirmed(h);
        let (id, _) = h.last_request().unwrap();
        h.key(KeyCode::Char('x'));
        assert!(
            h.commands.iter().any(|c| matches!(c, Command::Cancel(cancelled) if *cancelled == id))
        );
        h.answer(Voided {
            emails: emails(&["alice@example.com", "user2@example.com", "ghost@example.com"]),
            results: Err(Failure::new("not sent: the run was cancelled")),
            last: true,
        });
        // Stopped, it does not read as finished: none of the three was sent.
        let screen = h.screen();
        assert!(screen.contains("0 of 3 sent, 3 not sent (stopped)"), "{screen}");
    });
}

#[test]
fn quitting_during_a_run_asks_first() {
    snapshot_both!("bulk_quit_prompt", |h: &mut Harness| {
        h.paste(""); // nothing on lookup
        confirmed(h);
        h.key(KeyCode::Char('q'));
        assert!(!h.app.should_quit());
    });
    let mut h = Harness::new(80, 24);
    confirmed(&mut h);
    h.key(KeyCode::Char('q'));
    h.key(KeyCode::Char('y'));
    assert!(h.app.should_quit());
}

#[test]
fn a_file_that_cannot_be_read_says_why() {
    snapshot_both!("bulk_file_error", |h: &mut Harness| {
        open(h);
        h.key(KeyCode::Char('o'));
        h.type_text("missing.txt");
        h.key(KeyCode::Enter);
        let id = h
            .commands
            .iter()
            .find_map(|c| match c {
                Command::ReadFile(id, path) if path.to_str() == Some("missing.txt") => Some(*id),
                _ => None,
            })
            .expect("a file read was asked for");
        h.send(Msg::FileLoaded(
            id,
            Err("cannot open missing.txt: No such file or directory (os error 2)".into()),
        ));
    });
}

#[test]
fn a_loaded_file_is_previewed_like_a_paste() {
    let mut h = Harness::new(80, 24);
    open(&mut h);
    h.key(KeyCode::Char('o'));
    h.type_text("users.csv");
    h.key(KeyCode::Enter);
    let (id, _) = h
        .commands
        .iter()
        .find_map(|c| match c {
            Command::ReadFile(id, path) => Some((*id, path.clone())),
            _ => None,
        })
        .unwrap();
    h.send(Msg::FileLoaded(
        id,
        Ok("name,email\nAlice,alice@example.com\nBob,bob@example.com\n".into()),
    ));
    assert!(h.screen().contains("2 users to void"));
}

#[test]
fn escape_sequences_in_a_file_are_never_drawn() {
    let mut h = Harness::new(80, 24);
    open(&mut h);
    h.key(KeyCode::Char('o'));
    h.type_text("users.txt");
    h.key(KeyCode::Enter);
    let (id, _) = h.last_request_of_file().expect("the file is asked for");
    h.send(Msg::FileLoaded(
        id,
        Ok("alice@example.com\n\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[31mred line\u{1b}[0m\n".into()),
    ));
    let screen = h.screen();
    assert!(screen.contains("red line"), "the bad line is named, cleaned: {screen}");
    assert!(!screen.chars().any(|c| c.is_control() && c != '\n'), "{screen:?}");
    assert!(!screen.contains("52;c;"), "no clipboard sequence survives: {screen}");
}

#[test]
fn export_writes_csv_without_codes() {
    let mut h = Harness::new(80, 24);
    confirmed(&mut h);
    h.answer(Voided {
        emails: emails(&["alice@example.com", "user2@example.com", "ghost@example.com"]),
        results: Ok(voids(serde_json::json!([
            {"status": 1014, "user_email": "alice@example.com"},
            {"status": 1013, "user_email": "user2@example.com"},
            {"status": 1002, "user_email": "ghost@example.com", "errorMessage": "Invalid User"}
        ]))),
        last: true,
    });
    h.key(KeyCode::Char('w'));
    let (id, path, csv) = h
        .commands
        .iter()
        .find_map(|c| match c {
            Command::WriteFile(id, path, csv) => Some((*id, path.clone(), csv.clone())),
            _ => None,
        })
        .expect("an export");
    assert!(path.to_string_lossy().starts_with("casdesk-void-enrollment-"));
    assert_eq!(csv.lines().count(), 5, "a header, three users and the line not sent: {csv}");
    assert!(csv.contains("ghost@example.com,FAILED,1002,"));
    assert!(csv.contains("not-an-address,FAILED,"), "{csv}");
    assert!(csv.contains(",Invalid User"));
    // Where it went, whole, even at 80 columns.
    let written = std::path::Path::new("/home/helpdesk-anna").join(&path);
    h.send(casdesk::app::msg::Msg::FileWritten(id, Ok(written.clone())));
    let screen = h.screen();
    assert!(screen.contains(&format!("Saved {}", written.display())), "{screen}");
}

#[test]
fn summary_counts_are_coloured_by_the_theme() {
    let theme = Theme::default_dark();
    let mut h = Harness::new(120, 40);
    confirmed(&mut h);
    h.answer(Voided {
        emails: emails(&["alice@example.com", "user2@example.com", "ghost@example.com"]),
        results: Ok(voids(serde_json::json!([
            {"status": 1014, "user_email": "alice@example.com"},
            {"status": 1013, "user_email": "user2@example.com"},
            {"status": 1002, "user_email": "ghost@example.com"}
        ]))),
        last: true,
    });
    assert_eq!(h.style_of("✓ OK 1").unwrap().fg, theme.status(Status::Ok).fg);
    assert_eq!(h.style_of("⚠ WARNING 1").unwrap().fg, theme.status(Status::Warning).fg);
    // One user, and the line of the list that is not an address.
    assert_eq!(h.style_of("✗ FAILED 2").unwrap().fg, theme.status(Status::Failed).fg);
}

/// A finished run of 500 users: every third failed (unknown user), the rest voided.
fn big_run(h: &mut Harness) {
    open(h);
    let list: Vec<String> = (0..500).map(|i| format!("user{i:03}@example.com")).collect();
    h.paste(&list.join("\n"));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    for (n, chunk) in list.chunks(100).enumerate() {
        let results = chunk
            .iter()
            .enumerate()
            .map(|(i, email)| {
                let status = if (n * 100 + i) % 3 == 0 { 1002 } else { 1014 };
                serde_json::json!({"status": status, "user_email": email})
            })
            .collect::<Vec<_>>();
        h.answer(Voided {
            emails: chunk.to_vec(),
            results: Ok(voids(serde_json::Value::Array(results))),
            last: n == 4,
        });
    }
}

#[test]
fn a_long_run_scrolls_and_filters_by_status_and_search() {
    snapshot_both!("bulk_big_scrolled", |h: &mut Harness| {
        big_run(h);
        for _ in 0..3 {
            h.key(KeyCode::PageDown);
        }
    });
    snapshot_both!("bulk_big_failed_only", |h: &mut Harness| {
        big_run(h);
        h.key(KeyCode::Char('f'));
    });
    let mut h = Harness::new(80, 24);
    big_run(&mut h);
    let screen = h.screen();
    assert!(screen.contains("✓ OK 333   ⚠ WARNING 0   ✗ FAILED 167"), "{screen}");
    for _ in 0..30 {
        h.key(KeyCode::PageDown);
    }
    assert!(h.screen().contains("row 500 of 500"), "the last row can be reached");
    assert!(h.screen().contains("user499@example.com"));
    h.key(KeyCode::Char('f'));
    assert!(h.screen().contains("✗ FAILED only · row 1 of 167 (500 in all)"), "{}", h.screen());
    h.key(KeyCode::Char('/'));
    h.type_text("user04");
    let screen = h.screen();
    // Failed (every third) among user040..user049: 042, 045, 048.
    assert!(screen.contains("row 1 of 3 (500 in all)"), "{screen}");
    assert!(screen.contains("user042@example.com") && !screen.contains("user043@example.com"));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('w'));
    let csv = h
        .commands
        .iter()
        .rev()
        .find_map(|c| match c {
            Command::WriteFile(_, _, csv) => Some(csv.clone()),
            _ => None,
        })
        .expect("an export");
    assert_eq!(csv.lines().count(), 4, "the export is the rows in view: {csv}");
    assert!(h.screen().contains("Exporting the 3 rows in view"));
    // / then Esc drops the search: the filtered table is whole again.
    h.key(KeyCode::Char('/'));
    assert!(h.screen().contains("Esc clear search"), "the footer says how:\n{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("✗ FAILED only · row 1 of 167 (500 in all)"), "{}", h.screen());
}

#[test]
fn escape_sequences_in_a_pasted_list_are_never_drawn() {
    let mut h = Harness::new(80, 24);
    open(&mut h);
    h.paste("alice@example.com\n\u{1b}[2J\u{1b}]0;title\u{7}junk line\n");
    let screen = h.screen();
    assert!(screen.contains("junk line"), "the bad line is shown, cleaned: {screen}");
    assert!(!screen.chars().any(|c| c.is_control() && c != '\n'));
    assert!(!screen.contains("title"));
}

// ---- an action for each user: unlock, disable, enable ----

fn chose(h: &mut Harness, presses: usize) {
    open(h);
    for _ in 0..presses {
        h.key(KeyCode::Right);
    }
    h.paste("viktor.petrov@example.com\nmaria.garcia@example.com\nnobody@example.com\n");
    h.key(KeyCode::Enter);
}

#[test]
fn disabling_a_list_asks_with_the_exact_count_and_what_it_means() {
    snapshot_both!("bulk_disable_confirm", |h: &mut Harness| {
        chose(h, 3);
        let screen = h.screen();
        assert!(screen.contains("[disable]"), "{screen}");
        assert!(screen.contains("Disable exactly 3 users?"), "{screen}");
        assert!(screen.contains("They cannot sign in until they are enabled again."));
    });
}

#[test]
fn a_declared_action_is_offered_over_a_list_in_its_own_words() {
    let mut h = Harness::new(120, 40);
    chose(&mut h, 5);
    let screen = h.screen();
    assert!(screen.contains("[synchronise]"), "{screen}");
    assert!(screen.contains("Synchronise exactly 3 users?"), "{screen}");
    assert!(screen.contains("read again from their identity source"), "{screen}");
    h.key(KeyCode::Char('y'));
    match h.last_request() {
        Some((_, ApiRequest::ActOnEach { action: UserAction { declared: d, .. }, emails })) => {
            assert_eq!((d.command, emails.len()), ("sync", 3));
        }
        other => panic!("expected a sync for each user, got {other:?}"),
    }
    assert!(h.screen().contains("synchronising"), "the gauge says what it does: {}", h.screen());
}

#[test]
fn unlocking_a_list_sends_each_user_and_fills_the_table_by_address() {
    snapshot_both!("bulk_unlock_done", |h: &mut Harness| {
        chose(h, 2);
        h.key(KeyCode::Char('y'));
        let users = match h.last_request() {
            Some((
                _,
                ApiRequest::ActOnEach {
                    action: UserAction { args: casdesk::actions::Args::Methods(methods), .. },
                    emails,
                },
            )) => {
                assert_eq!(methods, &UnlockMethod::ALL.to_vec());
                emails.clone()
            }
            other => panic!("expected an unlock for each user, got {other:?}"),
        };
        assert_eq!(users.len(), 3);
        let outcome = |email: &str, result| ActionOutcome { email: email.into(), result };
        let states = serde_json::from_value(serde_json::json!({"isTokenLocked": false})).unwrap();
        // Answers come in the order they finish, not the list's.
        h.answer(ApiOutcome::Each {
            outcomes: vec![
                outcome(
                    "nobody@example.com",
                    Err(Failure::new("HTTP 404 Not Found: User nobody@example.com not found")),
                ),
                outcome(
                    "viktor.petrov@example.com",
                    Ok(Done::Acted(Acted::Unlocked { methods: vec![UnlockMethod::Token], states })),
                ),
            ],
            last: false,
        });
        h.answer(ApiOutcome::Each {
            outcomes: vec![outcome(
                "maria.garcia@example.com",
                Ok(Done::NothingToDo(
                    "nothing to unlock: Tokencode, SMS and Voice not locked".into(),
                )),
            )],
            last: false,
        });
        h.answer(ApiOutcome::Each { outcomes: vec![], last: true });
        let screen = h.screen();
        let row =
            |email: &str| screen.lines().find(|l| l.contains(email)).unwrap_or("").to_string();
        assert!(row("viktor.petrov@example.com").contains("✓ OK"), "{screen}");
        assert!(row("nobody@example.com").contains("✗ FAILED"), "{screen}");
        assert!(row("maria.garcia@example.com").contains("nothing to unlock"), "{screen}");
        assert!(screen.contains("(done)"), "{screen}");
    });
}

#[test]
fn an_address_typed_by_mistake_cannot_change_the_action() {
    let mut h = Harness::new(80, 24);
    open(&mut h);
    // On from the first: void PASSWORD_RESET, unlock, disable.
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    assert!(h.screen().contains("[disable]"), "{}", h.screen());
    // Every letter an address can hold, typed where there is no field.
    h.type_text("mary.jam@example.com");
    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("[disable]"), "still disable: {screen}");
    h.key(KeyCode::Right);
    assert!(h.screen().contains("[enable]"));
    h.key(KeyCode::Right);
    assert!(h.screen().contains("[synchronise]"), "a declared action over a list: {}", h.screen());
    h.key(KeyCode::Char(' '));
    assert!(h.screen().contains("[mark for deletion]"), "Space goes on: {}", h.screen());
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Char(' '));
    assert!(h.screen().contains("[void ENROLLMENT]"), "and round: {}", h.screen());
}

#[test]
fn home_and_end_jump_to_the_first_and_last_rows_of_a_long_table() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    let list: Vec<String> = (0..300).map(|i| format!("user{i:03}@example.com")).collect();
    h.paste(&list.join("\n"));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::End);
    let screen = h.screen();
    assert!(screen.contains("row 300 of 300") && screen.contains("user299@"), "{screen}");
    h.key(KeyCode::Home);
    assert!(h.screen().contains("row 1 of 300"), "{}", h.screen());
    h.key(KeyCode::Char('G'));
    assert!(h.screen().contains("row 300 of 300"), "{}", h.screen());
    h.key(KeyCode::Char('g'));
    assert!(h.screen().contains("row 1 of 300"), "{}", h.screen());
}
