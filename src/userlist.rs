//! Reading lists of users from what people paste or keep in files: one address a line, or CSV
//! with an e-mail column. Blank lines and `#` comments are skipped; duplicates are removed
//! case-insensitively (the first spelling wins); anything that is not an address is reported
//! with its line number rather than silently dropped.

use crate::text::sanitize_excerpt;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserList {
    /// Distinct addresses, in the order first seen.
    pub emails: Vec<String>,
    pub malformed: Vec<Malformed>,
    /// How many lines repeated an address already in `emails`.
    pub duplicates: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// 1-based, as an editor shows it.
    pub line: usize,
    /// The offending text, sanitised and shortened for display.
    pub text: String,
    pub reason: &'static str,
}

/// The form in which two spellings of one address compare equal: trimmed, ASCII case folded
/// (as the service matches addresses). Lists, result tables and answers all match by it.
pub fn address_key(address: &str) -> String {
    address.trim().to_ascii_lowercase()
}

/// The address an answer names, as it would be shown: escape sequences and invisible
/// characters a broken or hostile service wraps it in set aside, trimmed; `None` when nothing
/// is left. Answers are matched to the user asked for by this, through [`address_key`].
pub fn named_address(named: &str) -> Option<String> {
    let shown = crate::text::sanitize(named);
    let trimmed = shown.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Why `address` is not a plausible e-mail address, if it is not. Deliberately simple: the
/// service is the judge (1003); this only catches what is surely wrong before anything is sent.
pub fn email_problem(address: &str) -> Option<&'static str> {
    let a = address.trim();
    if a.is_empty() {
        return Some("empty");
    }
    if a.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains spaces or control characters");
    }
    // Invisible and direction-changing characters make an address read as another one.
    if a.chars().any(is_invisible_or_bidi) {
        return Some("contains invisible or text-direction characters");
    }
    if a.contains(',') || a.contains(';') {
        return Some("contains a comma or semicolon");
    }
    let Some((local, domain)) = a.split_once('@') else {
        return Some("no @");
    };
    if domain.contains('@') {
        return Some("more than one @");
    }
    if local.is_empty() {
        return Some("nothing before the @");
    }
    if local.len() > 64 || a.len() > 254 {
        return Some("too long");
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if !domain.contains('.') || !domain.split('.').all(label_ok) {
        return Some("the domain is not valid");
    }
    None
}

/// Zero-width and bidirectional formatting characters, and the soft hyphen.
fn is_invisible_or_bidi(c: char) -> bool {
    matches!(c, '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

const EMAIL_HEADERS: [&str; 6] =
    ["email", "e-mail", "emailaddress", "email_address", "user_email", "mail"];

/// Text with every line ending as `\n`. Terminals deliver a bracketed paste with `\r` between
/// lines, Windows files use `\r\n`.
pub fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

impl UserList {
    pub fn parse(text: &str) -> Self {
        let text = normalise_newlines(text);
        let mut list = UserList::default();
        let mut seen = std::collections::HashSet::new();
        let mut email_column: Option<usize> = None;
        let mut first_content_line = true;
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = raw.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cells = split_cells(line);
            if first_content_line {
                first_content_line = false;
                if let Some(col) = cells
                    .iter()
                    .position(|c| EMAIL_HEADERS.contains(&c.to_ascii_lowercase().as_str()))
                {
                    email_column = Some(col);
                    continue;
                }
            }
            let candidate = match email_column {
                Some(col) => cells.get(col).cloned().unwrap_or_default(),
                None if cells.len() > 1 => cells
                    .iter()
                    .find(|c| c.contains('@'))
                    .cloned()
                    .unwrap_or_else(|| cells[0].clone()),
                None => cells.first().cloned().unwrap_or_default(),
            };
            match email_problem(&candidate) {
                Some(reason) => list.malformed.push(Malformed {
                    line: line_no,
                    text: sanitize_excerpt(raw, 60),
                    reason,
                }),
                None => {
                    if seen.insert(address_key(&candidate)) {
                        list.emails.push(candidate);
                    } else {
                        list.duplicates += 1;
                    }
                }
            }
        }
        list
    }
}

/// CSV cells (comma, semicolon or tab), with surrounding quotes removed.
fn split_cells(line: &str) -> Vec<String> {
    let separator = [',', ';', '\t'].into_iter().find(|s| line.contains(*s));
    let cells: Vec<&str> = match separator {
        Some(s) => line.split(s).collect(),
        None => vec![line],
    };
    cells.into_iter().map(|c| c.trim().trim_matches('"').trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn email_checks() {
        for ok in ["a@b.co", "first.last+tag@sub.example.com", "AMViaPref0@example.com"] {
            assert_eq!(email_problem(ok), None, "{ok}");
        }
        for bad in
            ["", "a", "@b.com", "a@b", "a@b..com", "a b@c.com", "a@b@c.com", "user3@example,com"]
        {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
        // Found by the property test: a domain of punctuation and a direction mark.
        assert_eq!(
            email_problem("a@!.\u{202a}"),
            Some("contains invisible or text-direction characters")
        );
        assert_eq!(email_problem("a@!.com"), Some("the domain is not valid"));
        assert_eq!(email_problem("a@-b.com"), Some("the domain is not valid"));
        assert!(email_problem("ad\u{200b}min@example.com").is_some(), "a zero-width space");
        assert_eq!(email_problem("jürgen@müller.de"), None, "international domains are fine");
    }
}
