//! Lists from real exports on the Bulk screen: files in Windows-1252 and UTF-16 read, the
//! address column found by its header, and every rejected line shown with its number and why.

use crate::snapshot_both;
use crate::support::Harness;
use casdesk::app::msg::{Command, Msg};
use crossterm::event::KeyCode;

/// Opens `bytes` as the file `name` on the Bulk screen.
fn opened(h: &mut Harness, name: &str, bytes: Vec<u8>) {
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('o'));
    h.type_text(name);
    h.key(KeyCode::Enter);
    let (id, _) = h.last_request_of_file().expect("the file is asked for");
    h.send(Msg::FileLoaded(id, Ok(bytes)));
}

fn latin1_outlook_csv() -> Vec<u8> {
    b"First Name,Last Name,E-mail Address\r\nJos\xe9,Garc\xeda,alice@example.com\r\n\
Ren\xe9e,M\xfcller,\r\n\"Smith, Bob\",,user2@example\r\n"
        .to_vec()
}

#[test]
fn a_latin1_export_is_read_and_says_how() {
    snapshot_both!("bulk_latin1_preview", |h: &mut Harness| {
        opened(h, "contacts.csv", latin1_outlook_csv());
        let screen = h.screen();
        assert!(screen.contains("1 user to void"), "{screen}");
        assert!(screen.contains("Read as Windows-1252 / Latin-1"), "{screen}");
        assert!(screen.contains("Addresses from the column \"E-mail Address\""), "{screen}");
        assert!(screen.contains("line 3: Renée,Müller,"), "the é is read as é: {screen}");
        assert!(screen.contains("the E-mail Address column is empty"), "{screen}");
        assert!(screen.contains("line 4:"), "{screen}");
    });
}

#[test]
fn a_utf16_file_with_a_bom_is_read() {
    let mut bytes = vec![0xff, 0xfe];
    let text = "\"Name\",\"Email Address\"\r\n\"Zoë\",\"Zoë <alice@example.com>\"\r\n";
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut h = Harness::new(80, 24);
    opened(&mut h, "export.csv", bytes);
    let screen = h.screen();
    assert!(screen.contains("1 user to void") && screen.contains("Read as UTF-16 LE"), "{screen}");
    assert!(screen.contains("alice@example.com"), "{screen}");
    assert!(!screen.contains("not an address:"), "{screen}");
}

#[test]
fn a_workbook_is_refused_with_what_to_do() {
    let mut h = Harness::new(80, 24);
    opened(&mut h, "users.xlsx", b"PK\x03\x04\x14\x00rest".to_vec());
    let screen = h.screen();
    assert!(screen.contains("users.xlsx: this is a ZIP file"), "{screen}");
    assert!(h.commands.iter().all(|c| !matches!(c, Command::Api(..))));
}

#[test]
fn every_rejected_line_can_be_seen_in_the_preview() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    let mut list = vec!["alice@example.com".to_string()];
    list.extend((2..=20).map(|n| format!("junk {n}")));
    h.paste(&list.join("\n"));
    let screen = h.screen();
    assert!(screen.contains("line 2: junk 2"), "{screen}");
    assert!(screen.contains("more below (↓)"), "{screen}");
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..25 {
        let screen = h.screen();
        for n in 2..=20 {
            if screen.contains(&format!("line {n}: junk {n} ")) {
                seen.insert(n);
            }
        }
        h.key(KeyCode::Down);
    }
    assert_eq!(seen.len(), 19, "every line was on screen at some point: {seen:?}");
    let screen = h.screen();
    assert!(screen.contains("above (↑)") && !screen.contains("below (↓)"), "{screen}");
    assert!(screen.contains("alice@example.com"), "the addresses stay in view: {screen}");
    h.key(KeyCode::Up);
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Void the ENROLLMENT codes of exactly 1 user?"), "{}", h.screen());
}

#[test]
fn pasted_name_forms_and_to_lines_are_read() {
    let mut h = Harness::new(120, 40);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    h.paste("\"Smith, Alice\" <alice@example.com>; Bob <user2@example.com>\r\nCarol <carol@example.com\r\n");
    let screen = h.screen();
    assert!(screen.contains("2 users to void"), "{screen}");
    assert!(
        screen.contains("line 2: Carol <carol@example.com (a < with no closing >)"),
        "{screen}"
    );
}
