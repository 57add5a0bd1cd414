//! Making text from outside (server answers, input files) safe to show.
//!
//! A hostile or broken server could send escape sequences that move the cursor, recolour the
//! screen or set the window title. Everything it says passes through [`sanitize`] before it
//! is shown or put in an error message.

/// Removes escape sequences and control characters; tabs and newlines become spaces.
/// `text` with its first letter in upper case: a name made into the start of a sentence.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 control introducers (CSI, OSC, DCS…) can start sequences on their own.
            '\u{9b}' | '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                skip_until_terminator(&mut chars, c == '\u{9b}')
            }
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            // Bidirectional overrides and marks can make text read differently from what it is.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            '\u{200e}' | '\u{200f}' | '\u{061c}' => {}
            // Line and paragraph separators would break a row like a newline.
            '\u{2028}' | '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// [`sanitize`], then cut to at most `max` characters with an ellipsis.
pub fn sanitize_excerpt(text: &str, max: usize) -> String {
    let clean = sanitize(text);
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.chars().count() <= max {
        clean
    } else {
        let mut cut: String = clean.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_until_terminator(chars, true),
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            skip_until_terminator(chars, false)
        }
        // Two-character sequences such as ESC 7 or ESC ( B: drop the intermediate bytes too.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI sequences end at a final byte in @..~; string sequences (OSC, DCS…) end at BEL or ST.
fn skip_until_terminator(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, csi: bool) {
    while let Some(c) = chars.next() {
        if csi {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                return;
            }
        } else if c == '\u{7}' || c == '\u{9c}' {
            return;
        } else if c == '\u{1b}' {
            if chars.peek() == Some(&'\\') {
                chars.next();
            }
            return;
        }
    }
}

/// One CSV cell: sanitised, quoted when needed, and defused when a spreadsheet would take it
/// for a formula (a cell starting with = + - @).
pub fn csv_cell(text: &str) -> String {
    let text = sanitize(text);
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text };
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_csi_osc_and_controls() {
        assert_eq!(sanitize("\u{1b}[31mred\u{1b}[0m"), "red");
        assert_eq!(sanitize("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(sanitize("a\u{1b}]52;c;Zm9v\u{1b}\\b"), "ab");
        assert_eq!(sanitize("x\u{9b}2Jy"), "xy");
        assert_eq!(sanitize("bell\u{7}\u{8}\u{0}"), "bell");
        assert_eq!(sanitize("line\nbreak\ttab"), "line break tab");
        assert_eq!(sanitize("\u{202e}evil"), "evil");
        assert_eq!(sanitize("\u{200f}\u{61c}rtl\u{200e}"), "rtl");
        assert_eq!(sanitize("one\u{2028}two"), "one two");
        assert_eq!(sanitize("Zoë – ok ✓"), "Zoë – ok ✓");
    }

    #[test]
    fn excerpt_is_bounded_and_tidy() {
        assert_eq!(sanitize_excerpt("  a \n\n b  ", 10), "a b");
        assert_eq!(sanitize_excerpt("abcdefghijkl", 5), "abcd…");
    }
}
