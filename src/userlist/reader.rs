//! The lines of a list made into addresses, each line given a [`Fate`]: a header naming the
//! address column makes every later row give that column; without one, each line gives the
//! address it holds, or every address when it is a list of them (a pasted To: line).

use super::csv::{self, SEPARATORS};
use super::{Column, Fate, Malformed, UserList, address_in, address_key, normalise_newlines};
use crate::text::sanitize_excerpt;
use std::collections::HashSet;

/// A quoted cell may hold line breaks (Outlook's Notes); one left open longer than this is
/// taken as a stray quote, and its line read alone.
const MAX_RECORD_LINES: usize = 50;

/// What one line (or record) gave: addresses, and the cells or the line that are not.
#[derive(Default)]
struct Found {
    addresses: Vec<String>,
    /// The text rejected (`None`: the whole line) and why.
    problems: Vec<(Option<String>, String)>,
}

impl Found {
    fn line(why: impl Into<String>) -> Self {
        Self { addresses: vec![], problems: vec![(None, why.into())] }
    }
}

/// The address column a header named: the separator, the column's index and its name.
struct Named {
    sep: char,
    index: usize,
    name: String,
}

pub(super) fn read(text: &str) -> UserList {
    let text = normalise_newlines(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut list = UserList { fates: vec![Fate::Blank; lines.len()], ..UserList::default() };
    let mut seen = HashSet::new();
    let mut first = true;
    let mut forced = None;
    let mut named: Option<Named> = None;
    let mut next = 0;
    while next < lines.len() {
        let at = next;
        next += 1;
        let line = clean(lines[at]);
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') {
            list.fates[at] = Fate::Comment;
            continue;
        }
        if first {
            if forced.is_none()
                && let Some(sep) = csv::sep_directive(line)
            {
                forced = Some(sep);
                list.fates[at] = Fate::Header;
                continue;
            }
            first = false;
            if let Some((sep, index, name)) = csv::header(line, forced) {
                list.fates[at] = Fate::Header;
                list.column = Some(Column { line: at + 1, name: sanitize_excerpt(&name, 40) });
                // A lone column: rows are read as lines, so `Smith, Alice <a@x.com>` still works.
                if csv::split(line, sep).0.len() > 1 {
                    named = Some(Named { sep, index, name: sanitize_excerpt(&name, 40) });
                }
                continue;
            }
            if let Some(why) = unnamed_header(line) {
                reject(&mut list, at, lines[at], why);
                continue;
            }
        }
        let found = match &named {
            Some(column) => {
                let (cells, used) = record(&lines, at, column.sep);
                for fate in &mut list.fates[at + 1..at + used] {
                    *fate = Fate::InRecord;
                }
                next = at + used;
                in_column(&cells, column)
            }
            None => in_line(line),
        };
        let mut new = 0;
        for address in &found.addresses {
            if seen.insert(address_key(address)) {
                list.emails.push(address.clone());
                new += 1;
            } else {
                list.duplicates += 1;
            }
        }
        for (cell, why) in found.problems {
            reject(&mut list, at, cell.as_deref().unwrap_or(lines[at]), why);
        }
        list.fates[at] = match (found.addresses.is_empty(), new) {
            (true, _) => Fate::Rejected,
            (false, 0) => Fate::Duplicate,
            (false, _) => Fate::Address,
        };
    }
    list
}

fn clean(line: &str) -> &str {
    line.trim().trim_start_matches('\u{feff}').trim()
}

fn reject(list: &mut UserList, at: usize, text: &str, why: String) {
    list.fates[at] = Fate::Rejected;
    list.malformed.push(Malformed { line: at + 1, text: sanitize_excerpt(text, 60), reason: why });
}

/// A first line of several cells and no address names no column casdesk knows.
fn unnamed_header(line: &str) -> Option<String> {
    let cells = SEPARATORS.iter().map(|s| csv::split(line, *s).0.len()).max().unwrap_or(1);
    (cells > 1 && !line.contains('@')).then(|| {
        "no address; if this is a header, it names no address column casdesk knows (such as \
         email, E-mail Address, mail, UPN or userPrincipalName), so each line is searched for \
         an address instead"
            .to_string()
    })
}

/// The cells of the record starting at line `at` and how many lines it spans: more than one
/// only when a quote left open at the end of the line closes on a later one.
fn record(lines: &[&str], at: usize, sep: char) -> (Vec<String>, usize) {
    let (cells, open) = csv::split(lines[at], sep);
    if !open {
        return (cells, 1);
    }
    // The quote closes where the count of quotes so far becomes even.
    let quotes = |l: &str| l.matches('"').count();
    let mut odd = quotes(lines[at]) % 2 == 1;
    let last = lines.len().min(at + MAX_RECORD_LINES);
    for end in at + 1..last {
        odd ^= quotes(lines[end]) % 2 == 1;
        if !odd {
            let joined = lines[at..=end].join("\n");
            let (joined_cells, still_open) = csv::split(&joined, sep);
            if !still_open {
                return (joined_cells, end - at + 1);
            }
            break;
        }
    }
    (cells, 1)
}

fn in_column(cells: &[String], column: &Named) -> Found {
    let name = &column.name;
    match cells.get(column.index) {
        None => Found::line(format!(
            "{} {}, and the {name} column is cell {}",
            cells.len(),
            if cells.len() == 1 { "cell" } else { "cells" },
            column.index + 1
        )),
        Some(cell) if cell.is_empty() => Found::line(format!("the {name} column is empty")),
        Some(cell) => match address_in(cell) {
            Ok(address) => Found { addresses: vec![address], problems: vec![] },
            Err(why) => Found::line(format!("the {name} column: {why}")),
        },
    }
}

/// A line of a list with no header: one address (in any form [`address_in`] reads), a row of
/// cells with one address among them, or a list of addresses (`a@x.com; Bob <b@x.com>`).
fn in_line(line: &str) -> Found {
    let present: Vec<char> =
        SEPARATORS.into_iter().filter(|s| csv::separators_outside_quotes(line, *s) > 0).collect();
    let mut ways: Vec<Vec<char>> = present.iter().map(|s| vec![*s]).collect();
    if present.contains(&';') && present.contains(&',') {
        ways.push(vec![';', ',']);
    }
    let splits: Vec<Vec<String>> = ways
        .iter()
        .map(|seps| csv::split_at_any(line, seps).0.into_iter().filter(|c| !c.is_empty()).collect())
        .collect();
    let read = |cells: &Vec<String>| -> Vec<Result<String, String>> {
        cells.iter().map(|c| address_in(c)).collect()
    };
    let ok = |results: &Vec<Result<String, String>>| results.iter().filter(|r| r.is_ok()).count();
    // The split that finds the most addresses; on a tie, the earlier separator.
    let best = splits.iter().map(|cells| (cells, read(cells))).fold(
        None::<(&Vec<String>, Vec<Result<String, String>>)>,
        |best, this| match &best {
            Some((_, b)) if ok(b) >= ok(&this.1) => best,
            _ => Some(this),
        },
    );
    let Some((cells, results)) = best else {
        let cell = csv::split(line, ',').0.remove(0);
        return match address_in(&cell) {
            Ok(address) => Found { addresses: vec![address], problems: vec![] },
            Err(why) => Found::line(why),
        };
    };
    let found = ok(&results);
    let every_cell_an_address = cells.iter().all(|c| c.contains('@') || c.contains('<'));
    if found == 0 {
        let why = cells
            .iter()
            .zip(&results)
            .find(|(c, _)| c.contains('@'))
            .and_then(|(_, r)| r.clone().err())
            .unwrap_or_else(|| "no @".to_string());
        return Found::line(why);
    }
    if every_cell_an_address {
        // A list of addresses: each one taken or reported on its own.
        let mut out = Found::default();
        for (cell, result) in cells.iter().zip(results) {
            match result {
                Ok(address) => out.addresses.push(address),
                Err(why) => out.problems.push((Some(cell.clone()), why)),
            }
        }
        return out;
    }
    if found == 1 {
        let address = results.into_iter().find_map(Result::ok);
        return Found { addresses: address.into_iter().collect(), problems: vec![] };
    }
    Found::line(format!(
        "{found} addresses among {} cells: which one is meant? Add a header line naming the \
         address column (for example email)",
        cells.len()
    ))
}
