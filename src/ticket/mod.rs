//! The ticket a call is for (issue 21 item 6): given once per call (`T` in the console,
//! `--ticket` or `CASDESK_TICKET` for the commands), carried into every audit entry of the call
//! and into the ticket note, and handed to `note_command` (`post.rs`) to post the note there.
//!
//! A ticket id is the operator's text, so it is cleaned like any text from outside: no escape
//! sequences or control characters, white space runs made one space, at most [`MOST`]
//! characters, and never starting with `-` (it is a program's argument: a program must not
//! take it for an option).

pub mod post;

use std::fmt;

/// The longest ticket id kept: every ticketing system we know of uses far fewer.
pub const MOST: usize = 64;

/// A ticket id, cleaned and checked (see the module's comment).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ticket(String);

impl Ticket {
    /// `text` as a ticket id; `Ok(None)` when nothing is left once cleaned (no ticket: the
    /// console's way to clear one), an error saying why it cannot be one.
    pub fn parse(text: &str) -> Result<Option<Ticket>, String> {
        let clean = clean(text);
        if clean.is_empty() {
            return Ok(None);
        }
        let length = clean.chars().count();
        if length > MOST {
            return Err(format!("a ticket id is at most {MOST} characters ({length} given)"));
        }
        if clean.starts_with('-') {
            return Err("a ticket id cannot start with '-' (a program would take it for an \
                        option)"
                .into());
        }
        Ok(Some(Ticket(clean)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ticket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// For clap (`--ticket`, `CASDESK_TICKET`): the cleaned text, empty for none (an empty
/// `CASDESK_TICKET=` means no ticket, as an unset one does); [`Ticket::parse`] it to use it.
pub fn checked_arg(text: &str) -> Result<String, String> {
    Ticket::parse(text).map(|t| t.map(|t| t.0).unwrap_or_default())
}

/// Sanitised, white space runs made one space, trimmed.
fn clean(text: &str) -> String {
    crate::text::sanitize(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_id_is_cleaned_and_checked() {
        let id = |t: &str| Ticket::parse(t).map(|t| t.map(|t| t.as_str().to_string()));
        assert_eq!(id("  INC0012345 "), Ok(Some("INC0012345".into())));
        assert_eq!(id("SD-7\n\u{1b}[31m  42\t"), Ok(Some("SD-7 42".into())), "one line, no escape");
        assert_eq!(id(" \n "), Ok(None), "nothing: no ticket");
        assert_eq!(id(&"x".repeat(MOST)).map(|t| t.map(|t| t.len())), Ok(Some(MOST)));
        let long = id(&"x".repeat(MOST + 1)).unwrap_err();
        assert!(long.contains("at most 64 characters (65 given)"), "{long}");
        assert!(id("--rm").unwrap_err().contains("cannot start with '-'"));
        assert_eq!(checked_arg(""), Ok(String::new()));
        assert_eq!(checked_arg(" INC 1 "), Ok("INC 1".into()));
    }
}
