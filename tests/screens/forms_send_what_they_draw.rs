//! A form can never send what it does not draw. For random key sequences on Codes, Device code,
//! Emergency and the SecurID token forms over Lookup's authenticators list (assign, rename), driven through the real `App::update`, the request the worker receives is
//! read back against the last frame drawn before Enter: the fields are parsed out of the
//! screen text, as a person would read them, not taken from the form's state. When nothing is
//! sent, the screen says why.

use crate::support::{Harness, alice, outcome_user};
use casdesk::api::{AuthenticatorApp, CodeMode, DeviceCodeTarget, EacExpiryUnit, ValidityUnit};
use casdesk::app::msg::ApiRequest;
use crossterm::event::KeyCode;
use proptest::prelude::*;

/// What a person does on a form: a key (moving, changing, starting and stopping typing, a
/// character that may also be a binding or a screen's number), or a whole value typed.
fn key() -> impl Strategy<Value = Vec<KeyCode>> {
    prop_oneof![
        3 => one_key().prop_map(|k| vec![k]),
        1 => prop_oneof![
            Just("15"), Just("2h"), Just("90m"), Just("1.5"), Just("30"), Just("3d"), Just("12 h"),
            Just("25"), Just("bob@example.com"), Just("x@y"),
        ]
        .prop_map(|text| text.chars().map(KeyCode::Char).collect()),
    ]
}

fn one_key() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Esc),
        Just(KeyCode::Backspace),
        "[abx@.,jkeihlmd125 ]".prop_map(|s| KeyCode::Char(s.chars().next().unwrap_or('a'))),
    ]
}

/// Presses `keys` on screen `screen` (1-based), comes back to it if a digit left it, and
/// returns the frame as it stood before Enter, and the request Enter (and a `y` to a
/// question) made, if any.
fn drive(h: &mut Harness, screen: char, keys: &[Vec<KeyCode>]) -> (String, Option<ApiRequest>) {
    for key in keys.iter().flatten() {
        h.key(*key);
    }
    // Digits typed outside a field switch screens: come back (Esc stops typing first).
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char(screen));
    let drawn = h.screen();
    let before = h.api_requests();
    h.key(KeyCode::Enter);
    // Asked first (several users, or a code to replace): answer yes.
    if h.api_requests() == before && h.screen().contains("⚠ WARNING  Generate") {
        h.key(KeyCode::Char('y'));
    }
    let sent = (h.api_requests() > before).then(|| h.last_request().map(|(_, r)| r.clone()));
    (drawn, sent.flatten())
}

/// The line of `frame` that starts with `label`.
fn line<'a>(frame: &'a str, label: &str) -> &'a str {
    frame.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("no {label}:\n{frame}"))
}

/// Every `[chosen]` option on a line, in order.
fn chosen(line: &str) -> Vec<String> {
    line.split('[').skip(1).filter_map(|p| p.split(']').next()).map(str::to_string).collect()
}

/// The text of a one-line inline field: the `width` columns after its 12-column label, less
/// the placeholder shown while it is empty.
fn inline_text(line: &str, width: usize, placeholder: &str) -> String {
    let text: String = line.chars().skip(12).take(width).collect();
    let text = text.trim_end();
    if text == placeholder { String::new() } else { text.to_string() }
}

/// The text inside a boxed field whose title starts with `title`.
fn boxed_text(frame: &str, title: &str, placeholder: &str) -> String {
    let lines: Vec<&str> = frame.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("┌ {title}")))
        .unwrap_or_else(|| panic!("no box {title}:\n{frame}"));
    let inside = lines[at + 1].trim_start_matches('│').trim_end().trim_end_matches('│');
    let inside = inside.trim_end();
    if inside == placeholder { String::new() } else { inside.to_string() }
}

/// A validity as drawn: the number typed, and the unit it is in (a unit letter typed must
/// agree with the unit choice drawn beside it).
fn drawn_amount(text: &str) -> Option<(u32, String)> {
    let text = text.trim();
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let rest = text[digits.len()..].trim().to_string();
    digits.parse().ok().map(|n| (n, rest))
}

const FAILED: &str = "✗ FAILED";

fn refused(h: &mut Harness) -> bool {
    let screen = h.screen();
    screen.contains(FAILED)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn codes_send_what_they_draw(keys in proptest::collection::vec(key(), 0..30)) {
        // What is typed fits the fields at 120 columns (a longer text scrolls, and this test
        // reads what is in view).
        let typed = keys.iter().flatten().filter(|k| matches!(k, KeyCode::Char(_))).count();
        prop_assume!(typed <= 80);
        let mut h = Harness::new(120, 40);
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('2'));
        // A good start, which the keys then change (or not).
        h.type_text("alice@example.com, bob@example.com");
        let (drawn, sent) = drive(&mut h, '2', &keys);
        let Some(request) = sent else {
            prop_assert!(refused(&mut h), "nothing sent and no reason:\n{}", h.screen());
            return Ok(());
        };
        let ApiRequest::Generate { mode, users } = request else {
            return Err(TestCaseError::fail(format!("not a generate request: {request:?}")));
        };
        let mode_drawn = chosen(line(&drawn, " Code "));
        prop_assert_eq!(&mode_drawn[0], if mode == CodeMode::Enrollment { "Secure enrollment" } else { "Password reset" });
        // Every address sent is one drawn, and every one drawn is sent (once).
        let typed = boxed_text(&drawn, "Users", "e-mail address(es)");
        let mut drawn_users: Vec<String> = typed
            .split([',', ';', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        drawn_users.sort();
        drawn_users.dedup();
        let mut sent_users: Vec<String> = users.iter().map(|u| u.email.to_ascii_lowercase()).collect();
        sent_users.sort();
        prop_assert_eq!(&sent_users, &drawn_users);
        let options = line(&drawn, " Validity");
        let [unit, delivery] = <[String; 2]>::try_from(chosen(options)).expect("two choices");
        let validity_text = inline_text(options, 8, "default");
        for user in &users {
            match drawn_amount(&validity_text) {
                None => {
                    prop_assert!(validity_text.trim().is_empty(), "{validity_text:?} was sent");
                    prop_assert_eq!(user.validity, None);
                }
                Some((value, suffix)) => {
                    let validity = user.validity.expect("a validity drawn is sent");
                    prop_assert_eq!(validity.value(), value);
                    let unit_sent = match validity.unit() {
                        ValidityUnit::Minutes => "MIN",
                        ValidityUnit::Hours => "HOUR",
                    };
                    prop_assert_eq!(unit_sent, unit.as_str());
                    prop_assert!(suffix.is_empty() || unit_sent.to_lowercase().starts_with(&suffix),
                        "typed {suffix:?} beside [{unit}]");
                }
            }
            prop_assert_eq!(format!("{:?}", user.delivery.expect("delivery")).to_uppercase(), delivery.clone());
            let custom = if delivery == "EMAIL" {
                // Blanks around the address are drawn as blanks and not sent.
                let text = inline_text(line(&drawn, " Send to"), 106, "the user's own address");
                let text = text.trim().to_string();
                (!text.is_empty()).then_some(text)
            } else {
                None
            };
            prop_assert_eq!(&user.custom_email, &custom);
        }
    }

    #[test]
    fn device_codes_are_asked_for_whom_they_draw(keys in proptest::collection::vec(key(), 0..30)) {
        let typed = keys.iter().flatten().filter(|k| matches!(k, KeyCode::Char(_))).count();
        prop_assume!(typed <= 90);
        let mut h = Harness::new(120, 40);
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('4'));
        h.type_text("bob@example.com");
        let (drawn, sent) = drive(&mut h, '4', &keys);
        let Some(request) = sent else {
            prop_assert!(refused(&mut h), "nothing sent and no reason:\n{}", h.screen());
            return Ok(());
        };
        let ApiRequest::DeviceCode { target, app } = request else {
            return Err(TestCaseError::fail(format!("not a device code request: {request:?}")));
        };
        let by = chosen(line(&drawn, " Find by"));
        let title = if by[0] == "E-mail" { "E-mail address" } else { "Username" };
        let typed = boxed_text(&drawn, title, "look a user up on screen 1, or type here");
        match (&target, by[0].as_str()) {
            (DeviceCodeTarget::Email(v), "E-mail") | (DeviceCodeTarget::Username(v), "Username") => {
                prop_assert_eq!(v.as_str(), typed.trim());
            }
            other => return Err(TestCaseError::fail(format!("sent {other:?} beside [{}]", by[0]))),
        }
        let apps = ["iOS and Android", "Windows", "macOS"];
        let app_drawn = chosen(line(&drawn, " App"));
        let at = AuthenticatorApp::ALL.iter().position(|a| *a == app).expect("a known app");
        prop_assert_eq!(apps[at], app_drawn[0].as_str());
    }

    #[test]
    fn emergency_codes_are_enabled_as_drawn(keys in proptest::collection::vec(key(), 0..30)) {
        let mut h = Harness::new(120, 40);
        h.type_text("alice@example.com");
        h.key(KeyCode::Enter);
        h.answer(outcome_user(alice(), serde_json::json!({})));
        h.caller_verified("alice@example.com");
        h.key(KeyCode::Char('5'));
        let (drawn, sent) = drive(&mut h, '5', &keys);
        let Some(request) = sent else {
            prop_assert!(refused(&mut h), "nothing sent and no reason:\n{}", h.screen());
            return Ok(());
        };
        let ApiRequest::EnableEac { options, .. } = request else {
            return Err(TestCaseError::fail(format!("not an enable request: {request:?}")));
        };
        let once = chosen(line(&drawn, " Single use"));
        let once_sent = match options.one_time_use {
            None => "tenant default",
            Some(true) => "yes",
            Some(false) => "no",
        };
        prop_assert_eq!(once_sent, once[0].as_str());
        let validity_line = line(&drawn, " Valid for");
        let text = inline_text(validity_line, 8, "default");
        match (drawn_amount(&text), options.expiry()) {
            (None, None) => prop_assert!(text.trim().is_empty(), "{text:?} was not sent"),
            (Some((value, suffix)), Some((sent_value, sent_unit))) => {
                prop_assert_eq!(value, sent_value);
                let unit = match sent_unit {
                    EacExpiryUnit::Minutes => "minutes",
                    EacExpiryUnit::Hours => "hours",
                    EacExpiryUnit::Days => "days",
                };
                prop_assert_eq!(chosen(validity_line), vec![unit.to_string()]);
                prop_assert!(suffix.is_empty() || unit.starts_with(&suffix), "typed {suffix:?} beside [{unit}]");
            }
            other => return Err(TestCaseError::fail(format!("drew {text:?}, sent {other:?}"))),
        }
    }
}

/// A person typing in the SecurID token forms over the authenticators list: moving between
/// fields and within one, deleting, characters, whole values (a serial, one too long, a name,
/// blanks). Never Esc or Enter: those leave the form.
fn token_form_key() -> impl Strategy<Value = Vec<KeyCode>> {
    prop_oneof![
        3 => prop_oneof![
            Just(KeyCode::Tab),
            Just(KeyCode::BackTab),
            Just(KeyCode::Up),
            Just(KeyCode::Down),
            Just(KeyCode::Left),
            Just(KeyCode::Right),
            Just(KeyCode::Backspace),
            "[0-9a-z .-]".prop_map(|s| KeyCode::Char(s.chars().next().unwrap_or('0'))),
        ]
        .prop_map(|k| vec![k]),
        1 => prop_oneof![
            Just("000555000101".to_string()), Just("Desk token".to_string()),
            Just("  ".to_string()), Just("9".repeat(37)),
        ]
        .prop_map(|text| text.chars().map(KeyCode::Char).collect()),
    ]
}

/// Alice's list with the cursor on her token (named "Old name"), the form `key` opened on it.
fn token_form(h: &mut Harness, key: char) {
    h.type_text("alice@example.com");
    h.key(KeyCode::Enter);
    let listed = serde_json::json!({
        "devices": [{"id": "dev-new", "name": "Alice's Pixel 8", "deviceType": "ANDROID"}],
        "fidoTokens": [{"id": "fido-1", "name": "YubiKey 5C", "status": "Active"}],
        "sidTokens": [{"tokenSerialNumber": "000123456789", "tokenName": "Old name",
                       "tokenState": "Assigned", "tokenStatus": "Enabled", "pinSet": "true"}]
    });
    h.answer(outcome_user(alice(), listed));
    h.key(KeyCode::Char('m'));
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Char(key));
}

/// Presses `keys` in a form, then Enter (and `y` to the question): the frame before Enter,
/// and the token change sent, if one was.
fn drive_token_form(
    h: &mut Harness,
    keys: &[Vec<KeyCode>],
) -> (String, Option<casdesk::actions::TokenAction>) {
    for key in keys.iter().flatten() {
        h.key(*key);
    }
    let drawn = h.screen();
    let before = h.api_requests();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    if h.api_requests() == before {
        return (drawn, None);
    }
    match h.last_request() {
        Some((_, ApiRequest::Act { action, .. })) => match &action.args {
            casdesk::actions::Args::Token(t) => (drawn, Some(t.clone())),
            other => panic!("not a token change: {other:?}"),
        },
        other => panic!("not an action: {other:?}"),
    }
}

/// What a field box shows, as sent: trimmed, `None` when blank.
fn as_sent(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn token_assign_sends_the_serial_and_name_it_draws(keys in proptest::collection::vec(token_form_key(), 0..20)) {
        let typed = keys.iter().flatten().filter(|k| matches!(k, KeyCode::Char(_))).count();
        prop_assume!(typed <= 100);
        let mut h = Harness::new(120, 40);
        token_form(&mut h, 'a');
        let (drawn, sent) = drive_token_form(&mut h, &keys);
        let serial = boxed_text(&drawn, "Serial number of the token to assign", "as printed on the back of the token, up to 36 characters");
        let name = boxed_text(&drawn, "Name for the token", "optional, up to 255 characters");
        let Some(token) = sent else {
            prop_assert!(refused(&mut h), "nothing sent and no reason:\n{}", h.screen());
            return Ok(());
        };
        prop_assert_eq!(token.change, casdesk::actions::TokenChange::Assign);
        prop_assert_eq!(Some(token.serial), as_sent(&serial));
        prop_assert_eq!(token.name, as_sent(&name));
    }

    #[test]
    fn token_rename_sends_the_name_it_draws_for_the_token_chosen(keys in proptest::collection::vec(token_form_key(), 0..20)) {
        // One field: Tab goes to the next screen, as from every one-field form.
        let keys: Vec<Vec<KeyCode>> =
            keys.into_iter().filter(|k| !matches!(k[..], [KeyCode::Tab] | [KeyCode::BackTab])).collect();
        let typed = keys.iter().flatten().filter(|k| matches!(k, KeyCode::Char(_))).count();
        prop_assume!(typed <= 100);
        let mut h = Harness::new(120, 40);
        token_form(&mut h, 'e');
        let (drawn, sent) = drive_token_form(&mut h, &keys);
        let name = boxed_text(&drawn, "New name of SecurID token 000123456789", "up to 255 characters");
        let Some(token) = sent else {
            prop_assert!(refused(&mut h), "nothing sent and no reason:\n{}", h.screen());
            return Ok(());
        };
        prop_assert_eq!(token.change, casdesk::actions::TokenChange::Rename);
        prop_assert_eq!(token.serial.as_str(), "000123456789");
        prop_assert_eq!(token.name, as_sent(&name));
    }
}
