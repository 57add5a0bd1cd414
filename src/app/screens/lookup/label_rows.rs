//! The user pane's rows of a label and a value, fitted to a narrow pane.

use ratatui::text::{Line, Span};

/// A row whose value does not fit beside its label (a long address in a narrow pane) gets the
/// value on a line of its own, indented under the label, rather than wrapped to the border.
pub(super) fn values_under_labels(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::with_capacity(lines.len());
    for mut line in lines {
        if line.width() <= width || line.spans.len() < 2 {
            out.push(line);
            continue;
        }
        let values = line.spans.split_off(1);
        out.push(line);
        match values.as_slice() {
            // One styled value too long even on its own line (every method locked): wrapped
            // at words, each line indented, rather than run into the border.
            [only] if only.width() + 3 > width => {
                for chunk in word_chunks(&only.content, width.saturating_sub(4)) {
                    out.push(Line::from(vec![Span::raw("   "), Span::styled(chunk, only.style)]));
                }
            }
            _ => {
                let mut value = vec![Span::raw("   ")];
                value.extend(values);
                out.push(Line::from(value));
            }
        }
    }
    out
}

/// `text` in lines of at most `width` columns, broken at spaces where it can be.
fn word_chunks(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}
