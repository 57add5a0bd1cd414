//! Lists as people paste them and as programs export them, from their bytes.

use super::*;

#[test]
fn plain_lists_with_junk_duplicates_and_comments() {
    let list = UserList::parse(
        "# void list\nalice@example.com\n\n  Bob@Example.com \nALICE@example.com\nuser3@example,com\nnot an address\n\u{1b}[31mx@y\n",
    );
    assert_eq!(list.emails, vec!["alice@example.com", "Bob@Example.com"]);
    assert_eq!(list.duplicates, 1);
    let lines: Vec<usize> = list.malformed.iter().map(|m| m.line).collect();
    assert_eq!(lines, vec![6, 7, 8]);
    assert!(list.malformed.iter().all(|m| !m.text.contains('\u{1b}')));
}

#[test]
fn pasted_lines_separated_by_carriage_returns() {
    let list = UserList::parse("a@x.com\rb@x.com\r\nbad\rc@x.com");
    assert_eq!(list.emails, vec!["a@x.com", "b@x.com", "c@x.com"]);
    assert_eq!(list.malformed[0].line, 3);
}

#[test]
fn csv_with_an_email_header_uses_that_column() {
    let list = UserList::parse(
        "name,Email,dept\nAlice,alice@example.com,IT\n\"Bob\",\"bob@example.com\",HR\nCarol,,HR\n",
    );
    assert_eq!(list.emails, vec!["alice@example.com", "bob@example.com"]);
    assert_eq!(list.malformed.len(), 1);
    assert_eq!(list.malformed[0].line, 4);
}

#[test]
fn csv_without_header_finds_the_address_cell() {
    let list = UserList::parse("Alice;alice@example.com\nBob;bob@example.com\n");
    assert_eq!(list.emails, vec!["alice@example.com", "bob@example.com"]);
}

fn reasons(list: &UserList) -> Vec<(usize, &str)> {
    list.malformed.iter().map(|m| (m.line, m.reason.as_str())).collect()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

#[test]
fn a_latin1_excel_csv_with_accents_in_the_name_column() {
    // Excel "CSV (semicolon)" on a French Windows: Windows-1252, é as the byte 0xE9.
    let bytes = b"Nom;Pr\xe9nom;E-mail Address\r\nGarc\xeda;Jos\xe9;jose.garcia@example.com\r\n\
M\xfcller;Ren\xe9e;renee.muller@example.com\r\n";
    let list = UserList::from_bytes(bytes).unwrap();
    assert_eq!(list.encoding, Some(TextEncoding::Windows1252));
    assert_eq!(list.emails, ["jose.garcia@example.com", "renee.muller@example.com"]);
    assert!(list.malformed.is_empty(), "{:?}", list.malformed);
    assert_eq!(list.column, Some(Column { line: 1, name: "E-mail Address".into() }));
}

#[test]
fn an_outlook_contacts_export_in_utf16_with_a_note_over_two_lines() {
    let text = "\"First Name\",\"Last Name\",\"E-mail Address\",\"E-mail 2 Address\",\"Notes\"\r\n\
\"Zoë\",\"Smith, Jr\",\"zoe.smith@example.com\",\"zoe@home.example\",\"met at\r\nthe fair\"\r\n\
\"Bob\",\"\",\"\",\"bob@home.example\",\"\"\r\n\
\"Carol\",\"Ng\",\"Carol Ng <carol.ng@example.com>\",\"\",\"\"\r\n";
    let list = UserList::from_bytes(&utf16le_with_bom(text)).unwrap();
    assert_eq!(list.encoding, Some(TextEncoding::Utf16Le));
    assert_eq!(list.emails, ["zoe.smith@example.com", "carol.ng@example.com"]);
    assert_eq!(reasons(&list), [(4, "the E-mail Address column is empty")]);
    assert_eq!(
        list.fates,
        [Fate::Header, Fate::Address, Fate::InRecord, Fate::Rejected, Fate::Address]
    );
}

#[test]
fn a_header_in_any_usual_spelling_is_not_a_data_row() {
    for header in ["E-mail Address", "Email Address", "E-Mail", "email", "mail", "UPN"] {
        let list = UserList::parse(&format!("Name,{header}\nAlice,alice@example.com\n"));
        assert_eq!(list.emails, ["alice@example.com"], "{header}");
        assert!(list.malformed.is_empty(), "{header}: {:?}", list.malformed);
    }
    for header in ["userPrincipalName", "User Principal Name", "E-MAIL ADDRESS"] {
        let list = UserList::parse(&format!("{header}\talias\nalice@example.com\talice\n"));
        assert_eq!(list.emails, ["alice@example.com"], "{header}");
        assert_eq!(list.fates[0], Fate::Header);
    }
    // Excel's separator line, then a header.
    let list = UserList::parse("sep=;\nname;mail\nSmith, Alice;alice@example.com\n");
    assert_eq!(list.emails, ["alice@example.com"]);
    assert_eq!(list.fates[..2], [Fate::Header, Fate::Header]);
}

#[test]
fn the_forms_mail_programs_write_and_lists_on_one_line() {
    let list = UserList::parse(
        "\"Smith, Alice\" <alice@example.com>\n\
         Bob Jones <bob@example.com>; carol@example.com, \"Dan\" <dan@example.com>\n\
         Eve <eve@example.com>; not-an-address@; Frank <frank@example.com\n\
         <grace@example.com>\n",
    );
    assert_eq!(
        list.emails,
        [
            "alice@example.com",
            "bob@example.com",
            "carol@example.com",
            "dan@example.com",
            "eve@example.com",
            "grace@example.com"
        ]
    );
    assert_eq!(
        reasons(&list),
        [(3, "the domain is not valid"), (3, "a < with no closing >")],
        "each bad address of a list line named on its own"
    );
    assert_eq!(list.malformed[1].text, "Frank <frank@example.com");
}

#[test]
fn junk_lines_each_say_why() {
    let list = UserList::parse(
        "Display Name,E-mail Address,Manager\n\
         Alice,alice@example.com,boss@example.com\n\
         Bob\n\
         Carol,,\n\
         Dan,dan@example,\n\
         \"Eve, never closed,eve@example.com\n\
         Frank,frank@example.com,\n",
    );
    assert_eq!(list.emails, ["alice@example.com", "frank@example.com"]);
    assert_eq!(
        reasons(&list),
        [
            (3, "1 cell, and the E-mail Address column is cell 2"),
            (4, "the E-mail Address column is empty"),
            (5, "the E-mail Address column: the domain is not valid"),
            (6, "1 cell, and the E-mail Address column is cell 2"),
        ]
    );
}

#[test]
fn without_a_header_rows_with_two_addresses_are_not_guessed() {
    let list = UserList::parse(
        "Name,Address,Department\nAlice,alice@example.com,IT\nBob,bob@example.com,boss@example.com,HR\n",
    );
    assert_eq!(list.emails, ["alice@example.com"]);
    let why = reasons(&list);
    assert_eq!(why[0].0, 1);
    assert!(why[0].1.contains("names no address column casdesk knows"), "{why:?}");
    assert_eq!(why[1].0, 3);
    assert!(why[1].1.starts_with("2 addresses among 4 cells"), "{why:?}");
}

#[test]
fn files_that_are_not_lists_are_refused_whole() {
    let why = UserList::from_bytes(b"PK\x03\x04rest of a workbook").unwrap_err();
    assert!(why.contains("save it as CSV"), "{why}");
}

#[test]
fn undecodable_bytes_are_reported_not_sent() {
    // UTF-16 with a lone surrogate in the address: the decoder's U+FFFD is refused.
    let mut bytes = vec![0xff, 0xfe];
    for unit in
        "ok@example.com\nb".encode_utf16().chain([0xd800]).chain("d@example.com".encode_utf16())
    {
        bytes.extend(unit.to_le_bytes());
    }
    let list = UserList::from_bytes(&bytes).unwrap();
    assert_eq!(list.emails, ["ok@example.com"]);
    assert_eq!(list.malformed[0].line, 2);
    assert!(list.malformed[0].reason.contains("could not be read"), "{:?}", list.malformed);
}

#[test]
fn extending_keeps_each_source_and_counts_duplicates() {
    let mut list = UserList::parse("a@x.com\nbad");
    list.extend(UserList::parse("A@x.com\nb@x.com\nworse"));
    assert_eq!(list.emails, ["a@x.com", "b@x.com"]);
    assert_eq!(list.duplicates, 1);
    assert_eq!(list.malformed.iter().map(|m| m.line).collect::<Vec<_>>(), [2, 3]);
}
