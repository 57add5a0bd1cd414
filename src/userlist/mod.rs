//! Reading lists of users from what people paste or keep in files: one address a line, CSV
//! from a spreadsheet or an address book (the address column found by its header), or mail
//! programs' `Name <address>` forms; the file's bytes in UTF-8, UTF-16 or Windows-1252.
//! Blank lines and `#` comments are skipped; duplicates are removed case-insensitively (the
//! first spelling wins); anything that is not an address is reported with its line number and
//! why, never silently dropped.

mod address;
mod csv;
mod decode;
mod reader;

pub use address::{address_in, address_key, email_problem, named_address};
pub use decode::{TextEncoding, decode};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserList {
    /// Distinct addresses, in the order first seen.
    pub emails: Vec<String>,
    pub malformed: Vec<Malformed>,
    /// How many lines repeated an address already in `emails`.
    pub duplicates: usize,
    /// How a file's bytes were read; `None` for text that was never bytes (a paste).
    pub encoding: Option<TextEncoding>,
    /// The header line that named the address column, when there was one.
    pub column: Option<Column>,
    /// What became of each line of the text, in order: every line is accounted for.
    pub fates: Vec<Fate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// 1-based, as an editor shows it.
    pub line: usize,
    /// The offending text, sanitised and shortened for display.
    pub text: String,
    pub reason: String,
}

/// The header that named the column addresses were taken from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// 1-based.
    pub line: usize,
    /// As the header wrote it, sanitised.
    pub name: String,
}

/// What became of one line of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Blank,
    Comment,
    /// The header line, or Excel's `sep=` line before it.
    Header,
    /// It gave at least one new address (others on it may be in `malformed`).
    Address,
    /// Every address on it was already in the list.
    Duplicate,
    /// In `malformed` with its line number and why.
    Rejected,
    /// Part of a quoted cell that began on an earlier line (that line's fate is the record's).
    InRecord,
}

/// Text with every line ending as `\n`. Terminals deliver a bracketed paste with `\r` between
/// lines, Windows files use `\r\n`.
pub fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

impl UserList {
    /// A list from text (a paste, or a file already decoded).
    pub fn parse(text: &str) -> Self {
        reader::read(text)
    }

    /// A list from a file's bytes, in whichever encoding they are (see [`decode`]); or why
    /// they are not a list at all.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let (text, encoding) = decode(bytes)?;
        Ok(Self { encoding: Some(encoding), ..Self::parse(&text) })
    }

    /// Adds `other`'s addresses not already here (counting the rest as duplicates) and its
    /// rejected lines, whose numbers stay those of `other`'s own text.
    pub fn extend(&mut self, other: UserList) {
        let mut seen: std::collections::HashSet<String> =
            self.emails.iter().map(|e| address_key(e)).collect();
        for email in other.emails {
            if seen.insert(address_key(&email)) {
                self.emails.push(email);
            } else {
                self.duplicates += 1;
            }
        }
        self.duplicates += other.duplicates;
        self.malformed.extend(other.malformed);
        self.encoding = self.encoding.or(other.encoding);
        self.column = self.column.take().or(other.column);
    }
}

#[cfg(test)]
mod tests;
