//! Lists from real exports: files as Excel, Outlook and PowerShell save them (Windows-1252,
//! UTF-16), read by the commands as a script would run them, and a property over any bytes:
//! reading never panics and every non-empty line is either taken or reported with its number.

use crate::support::binary::demo_once;
use casdesk::userlist::{Fate, UserList, decode, email_problem, normalise_newlines};
use proptest::prelude::*;
use std::process::Output;

/// The real binary against the demo tenant, `stdin` given as bytes.
fn casdesk(args: &[&str], stdin: &[u8]) -> Output {
    demo_once("lists", args, stdin)
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

#[test]
fn a_latin1_csv_from_excel_is_read_and_its_junk_lines_are_named() {
    // Excel's "CSV" on Windows: Windows-1252, é and ü as single bytes, the header Outlook uses.
    let bytes = b"Name,E-mail Address\r\nJos\xe9 Garc\xeda,alice@example.com\r\n\
M\xfcller,\r\n\"Smith, Bob\",not-an-address\r\n";
    let out = casdesk(&["codes", "void", "--mode", "enrollment", "-i", "-"], bytes);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("read as Windows-1252"), "{err}");
    assert!(
        err.contains("addresses from the column \"E-mail Address\" (header on line 1)"),
        "{err}"
    );
    assert!(
        err.contains(
            "line 3: \"Müller,\" is not an e-mail address (the E-mail Address column is empty)"
        ),
        "{err}"
    );
    assert!(err.contains("line 4: "), "{err}");
    assert!(err.contains("casdesk: standard input read as"), "{err}");
    assert!(!err.contains("did not contain valid UTF-8"), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("alice@example.com,"), "the address was sent: {text}");
    assert_eq!(out.status.code(), Some(1), "the junk lines count as failed");
}

#[test]
fn a_utf16_list_from_powershell_is_read() {
    let bytes = utf16le_with_bom("userPrincipalName,displayName\r\nalice@example.com,Alice\r\n");
    let out = casdesk(&["lookup", "-i", "-"], &bytes);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("read as UTF-16 LE"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("alice@example.com,OK,"));
}

#[test]
fn arguments_and_a_file_keep_their_own_numbers() {
    let dir = crate::support::binary::scratch("lists");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("users.txt");
    std::fs::write(&file, "alice@example.com\njunk\n").unwrap();
    let out = casdesk(&["lookup", "bad-argument", "-i", file.to_str().unwrap()], b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("argument 1: \"bad-argument\""), "{err}");
    assert!(err.contains("line 2: \"junk\""), "the file's own line 2, not 3: {err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_workbook_is_refused_with_what_to_do() {
    let out = casdesk(&["lookup", "-i", "-"], b"PK\x03\x04\x14\x00\x06\x00rest");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("Excel workbook") && err.contains("save it as CSV"), "{err}");
}

fn clean(line: &str) -> &str {
    line.trim().trim_start_matches('\u{feff}').trim()
}

/// The rule for every list: one fate a line; a rejected line is in `malformed` with its
/// number; every address taken is plausible and there once.
fn accounts_for_every_line(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(list) = UserList::from_bytes(bytes) else {
        // Refused whole: only files that are surely not text.
        prop_assert!(decode(bytes).is_err());
        return Ok(());
    };
    let (text, _) = decode(bytes).unwrap();
    let text = normalise_newlines(&text);
    let lines: Vec<&str> = text.lines().collect();
    prop_assert_eq!(list.fates.len(), lines.len());
    for (at, (line, fate)) in lines.iter().zip(&list.fates).enumerate() {
        if !clean(line).is_empty() {
            prop_assert_ne!(*fate, Fate::Blank, "line {} ({:?}) is accounted for", at + 1, line);
        }
        if *fate == Fate::Rejected {
            prop_assert!(list.malformed.iter().any(|m| m.line == at + 1), "line {} said", at + 1);
        }
    }
    for bad in &list.malformed {
        prop_assert!(bad.line >= 1 && bad.line <= lines.len());
        prop_assert!(!bad.reason.is_empty());
        prop_assert!(!bad.text.chars().any(char::is_control), "{:?}", bad.text);
    }
    let mut keys = std::collections::HashSet::new();
    for email in &list.emails {
        prop_assert_eq!(email_problem(email), None, "{:?}", email);
        prop_assert!(keys.insert(email.to_ascii_lowercase()), "{:?} twice", email);
    }
    Ok(())
}

/// Pieces real lists are made of, so lines hit headers, quotes and address forms.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("alice@example.com".to_string()),
        Just("Bob <bob@example.com>".to_string()),
        Just("\"Smith, Carol\" <carol@example.com>".to_string()),
        Just("José Müller".to_string()),
        Just("E-mail Address".to_string()),
        Just("userPrincipalName".to_string()),
        Just("sep=;".to_string()),
        Just("#".to_string()),
        Just("\"".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\t".to_string()),
        Just("<".to_string()),
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        "[a-z@. ]{0,8}",
        any::<char>().prop_map(String::from),
    ]
}

fn encoded(text: &str, how: u8) -> Vec<u8> {
    match how % 5 {
        0 => text.as_bytes().to_vec(),
        1 => [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
        2 => utf16le_with_bom(text),
        3 => {
            let mut out = vec![0xfe, 0xff];
            out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            out
        }
        _ => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

proptest! {
    #[test]
    fn any_bytes_are_read_without_panic_and_every_line_accounted_for(
        bytes in prop::collection::vec(any::<u8>(), 0..600)
    ) {
        accounts_for_every_line(&bytes)?;
    }

    #[test]
    fn lists_made_of_real_pieces_in_every_encoding_account_for_every_line(
        pieces in prop::collection::vec(piece(), 0..60),
        how in any::<u8>(),
    ) {
        let text = pieces.concat();
        let bytes = encoded(&text, how);
        accounts_for_every_line(&bytes)?;
        // A plain address alone on a line, with no header above, is always taken.
        let list = UserList::from_bytes(&bytes).unwrap();
        if list.column.is_none() {
            let lines: Vec<String> = normalise_newlines(&text).lines().map(String::from).collect();
            for (at, line) in lines.iter().enumerate() {
                if clean(line) == "alice@example.com" && list.fates[at] != Fate::InRecord {
                    prop_assert!(list.emails.iter().any(|e| e == "alice@example.com"), "line {}", at + 1);
                }
            }
        }
    }
}
