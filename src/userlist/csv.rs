//! Cells of a list's lines as spreadsheets and mail programs write them: comma, semicolon or
//! tab separated, a quoted cell may hold the separator (`"Smith, Alice"`) and, in a file with
//! a header, line breaks; and the header names that say which column holds the addresses.

/// The separators tried, in this order when two split a line equally well.
pub const SEPARATORS: [char; 3] = ['\t', ';', ','];

/// The cells of `record` split at `sep`, quotes taken off (`""` inside quotes is one `"`), each
/// trimmed; and whether a quote was left open at the end. Text after a closing quote is kept
/// (`"Alice" <a@x.com>` is the cell `Alice <a@x.com>`).
pub fn split(record: &str, sep: char) -> (Vec<String>, bool) {
    split_at_any(record, &[sep])
}

/// [`split`] at any of `seps`: a pasted To: line mixes `;` and `,`.
pub fn split_at_any(record: &str, seps: &[char]) -> (Vec<String>, bool) {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' if quoted => quoted = false,
            // A quote opens a quoted stretch at the start of a cell or after a closed one.
            '"' if cell.trim().is_empty() || cell.ends_with('"') => {
                cell = cell.trim().to_string();
                quoted = true;
            }
            c if seps.contains(&c) && !quoted => {
                cells.push(std::mem::take(&mut cell).trim().to_string())
            }
            c => cell.push(c),
        }
    }
    cells.push(cell.trim().to_string());
    (cells, quoted)
}

/// How many times `sep` occurs in `line` outside quotes.
pub fn separators_outside_quotes(line: &str, sep: char) -> usize {
    let mut quoted = false;
    line.chars()
        .filter(|c| {
            if *c == '"' {
                quoted = !quoted;
            }
            *c == sep && !quoted
        })
        .count()
}

/// Header names of the address column, in order of preference, written as [`normalised`]
/// gives them: Outlook's `E-mail Address`, `Email`, `E-Mail`, Thunderbird's `Primary Email`,
/// Google's `E-mail 1 - Value`, `mail`, Exchange's `PrimarySmtpAddress`, then the sign-in
/// names `userPrincipalName` / `User Principal Name` / `UPN`, which are often the address but
/// not always (an e-mail column wins when there is one).
const HEADERS: [&str; 10] = [
    "emailaddress",
    "email",
    "useremail",
    "primaryemail",
    "email1value",
    "mail",
    "primarysmtpaddress",
    "smtpaddress",
    "userprincipalname",
    "upn",
];

/// A header name compared as people vary it: case, spaces, `-`, `_` and `.` ignored.
pub fn normalised(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The address column a header line names: the separator that splits it, the column's index
/// and its name as written. `forced` is the separator an Excel `sep=` line asked for.
pub fn header(line: &str, forced: Option<char>) -> Option<(char, usize, String)> {
    let seps: Vec<char> = forced.map_or(SEPARATORS.to_vec(), |s| vec![s]);
    let mut best: Option<(usize, char, usize, String)> = None;
    for sep in seps {
        let (cells, _) = split(line, sep);
        for (index, cell) in cells.iter().enumerate() {
            let Some(rank) = HEADERS.iter().position(|h| *h == normalised(cell)) else { continue };
            if best.as_ref().is_none_or(|(r, ..)| rank < *r) {
                best = Some((rank, sep, index, cell.clone()));
            }
        }
    }
    best.map(|(_, sep, index, name)| (sep, index, name))
}

/// The separator an Excel `sep=;` first line names.
pub fn sep_directive(line: &str) -> Option<char> {
    let rest = line.strip_prefix("sep=").or_else(|| line.strip_prefix("SEP="))?;
    let mut chars = rest.chars();
    let sep = chars.next()?;
    (chars.next().is_none() && SEPARATORS.contains(&sep)).then_some(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_keep_separators_and_quotes() {
        assert_eq!(
            split(r#""Smith, Alice",alice@x.com, IT "#, ',').0,
            ["Smith, Alice", "alice@x.com", "IT"]
        );
        assert_eq!(split(r#""say ""hi""",b"#, ',').0, [r#"say "hi""#, "b"]);
        assert_eq!(split(r#""Alice" <a@x.com>"#, ',').0, ["Alice <a@x.com>"]);
        assert_eq!(split(r#"a"b,c"#, ',').0, [r#"a"b"#, "c"], "a quote inside a cell is text");
        assert_eq!(split("a;b\tc", ';').0, ["a", "b\tc"]);
        assert!(split(r#""open, never closed"#, ',').1, "an open quote is said");
        assert_eq!(separators_outside_quotes(r#""Smith, Alice" <a@x.com>, b@x.com"#, ','), 1);
    }

    #[test]
    fn the_usual_header_names() {
        for (line, sep, index) in [
            ("First Name,Last Name,E-mail Address,E-mail 2 Address", ',', 2),
            ("\"Name\";\"Email Address\"", ';', 1),
            ("Display name\tE-Mail", '\t', 1),
            ("displayName,userPrincipalName,mail", ',', 2),
            ("User Principal Name,Display Name", ',', 0),
            ("UPN,name", ',', 0),
            ("name,EMAIL", ',', 1),
            ("Given Name,E-mail 1 - Value", ',', 1),
        ] {
            let found = header(line, None).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((found.0, found.1), (sep, index), "{line}");
        }
        assert_eq!(header("name,address,phone", None), None);
        assert_eq!(header("alice@x.com", None), None);
        assert_eq!(sep_directive("sep=;"), Some(';'));
        assert_eq!(sep_directive("sep=x"), None);
    }
}
