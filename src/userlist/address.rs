//! One address: whether it is plausible, the form two spellings compare equal in, and the
//! forms mail programs write it in (`Name <address>`, `"Name" <address>`, `mailto:`).

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
    // What a decoder puts where bytes were not text in the encoding read: never a real letter.
    if a.contains('\u{fffd}') {
        return Some("contains a character that could not be read (the file's encoding?)");
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

/// The address in one cell of a list: a bare address, `Name <address>`, `"Name" <address>`
/// (quotes already taken off by the CSV reader), `<address>` or `mailto:address`; or why the
/// cell holds none.
pub fn address_in(cell: &str) -> Result<String, String> {
    let cell = cell.trim();
    let cell = strip_prefix_ignoring_case(cell, "mailto:").unwrap_or(cell);
    let address = match (cell.rfind('<'), cell.ends_with('>')) {
        (Some(open), true) => {
            let address = cell[open + 1..cell.len() - 1].trim();
            // `"alice@x.com" <alice@x.com>` is one address; any other address before the
            // brackets would be lost if the one inside them were taken.
            let name = cell[..open].trim().trim_matches(['"', '\'']).trim();
            if name.contains('@') && !name.eq_ignore_ascii_case(address) {
                return Err("two addresses in one cell".into());
            }
            address
        }
        (Some(_), false) => return Err("a < with no closing >".into()),
        (None, true) => return Err("a > with no opening <".into()),
        (None, false) => cell,
    };
    if address.contains('<') || address.contains('>') {
        return Err("more than one < >".into());
    }
    let address = strip_prefix_ignoring_case(address, "mailto:").unwrap_or(address);
    match email_problem(address) {
        Some(problem) => Err(problem.to_string()),
        None => Ok(address.to_string()),
    }
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(email_problem("j\u{fffd}rgen@example.com").unwrap().contains("could not be read"));
    }

    #[test]
    fn the_forms_mail_programs_write() {
        for (cell, want) in [
            ("alice@example.com", "alice@example.com"),
            ("Alice Smith <alice@example.com>", "alice@example.com"),
            ("Smith, Alice <alice@example.com>", "alice@example.com"),
            ("alice@example.com <alice@example.com>", "alice@example.com"),
            ("'Alice@Example.com' <alice@example.com>", "alice@example.com"),
            ("<alice@example.com>", "alice@example.com"),
            ("  Alice < alice@example.com >  ", "alice@example.com"),
            ("mailto:alice@example.com", "alice@example.com"),
            ("Alice <MAILTO:alice@example.com>", "alice@example.com"),
        ] {
            assert_eq!(address_in(cell).as_deref(), Ok(want), "{cell}");
        }
        for (cell, why) in [
            ("Alice <alice@example.com", "a < with no closing >"),
            ("alice@example.com>", "a > with no opening <"),
            ("Alice <bob <alice@example.com>>", "more than one < >"),
            ("Alice <>", "empty"),
            ("Alice <alice>", "no @"),
            ("Alice alice@example.com", "contains spaces or control characters"),
            ("a@example.com, \"Dan\" <dan@example.com>", "two addresses in one cell"),
        ] {
            assert_eq!(address_in(cell), Err(why.to_string()), "{cell}");
        }
    }
}
