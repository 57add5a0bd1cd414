//! A row of options with the chosen one marked (`[disable]`), as forms and the Bulk screen
//! draw their choices; when the options do not all fit, a run of them around the chosen one.

use crate::ui::theme::Theme;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

/// `Label  [ one ]  two  three` with the chosen option highlighted and bracketed, so it reads
/// without colour.
pub fn choice<'a>(
    label: &str,
    options: &[&str],
    chosen: usize,
    focused: bool,
    theme: &Theme,
) -> Line<'a> {
    let mut spans = vec![Span::styled(
        format!("{label:<12}"),
        if focused { theme.accent().add_modifier(Modifier::BOLD) } else { theme.muted() },
    )];
    for (i, option) in options.iter().enumerate() {
        if i == chosen {
            let style =
                if focused { theme.selection() } else { theme.text().add_modifier(Modifier::BOLD) };
            spans.push(Span::styled(format!("[{option}]"), style));
        } else {
            spans.push(Span::styled(format!(" {option} "), theme.muted()));
        }
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// [`choice`] in at most `width` columns: when the options do not all fit, a run of them
/// around the chosen one, with `…` where others are left out, so the chosen option is always
/// in view and the reader can tell there are more.
pub fn choice_within<'a>(
    label: &str,
    options: &[&str],
    chosen: usize,
    focused: bool,
    theme: &Theme,
    width: u16,
) -> Line<'a> {
    use unicode_width::UnicodeWidthStr;
    let cell = |o: &str| o.width() + 3; // "[o]" or " o ", then a space
    let room = usize::from(width).saturating_sub(12 + 2 * 2); // the label, and two "… "
    let total: usize = options.iter().map(|o| cell(o)).sum();
    if total + 12 <= usize::from(width) || options.is_empty() {
        return choice(label, options, chosen, focused, theme);
    }
    let chosen = chosen.min(options.len() - 1);
    let (mut first, mut last) = (chosen, chosen);
    let mut used = cell(options[chosen]);
    // Widen the window one option at a time, after the chosen one first.
    loop {
        let grew_right = last + 1 < options.len() && used + cell(options[last + 1]) <= room;
        if grew_right {
            last += 1;
            used += cell(options[last]);
        }
        let grew_left = first > 0 && used + cell(options[first - 1]) <= room;
        if grew_left {
            first -= 1;
            used += cell(options[first]);
        }
        if !grew_right && !grew_left {
            break;
        }
    }
    let mut line = choice(label, &options[first..=last], chosen - first, focused, theme);
    if first > 0 {
        line.spans.insert(1, Span::styled("… ", theme.muted()));
    }
    if last + 1 < options.len() {
        line.spans.push(Span::styled("…", theme.muted()));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_too_wide_keeps_the_chosen_option_in_view_and_says_there_are_more() {
        let theme = Theme::default_dark();
        let options = [
            "void ENROLLMENT",
            "void PASSWORD_RESET",
            "unlock",
            "disable",
            "enable",
            "synchronise",
        ];
        let text = |line: Line| line.spans.iter().map(|s| s.content.as_ref()).collect::<String>();
        let wide = text(choice_within(" Action", &options, 0, false, &theme, 120));
        assert!(wide.contains("synchronise") && !wide.contains('…'), "{wide}");
        for chosen in 0..options.len() {
            let narrow = text(choice_within(" Action", &options, chosen, false, &theme, 80));
            assert!(narrow.contains(&format!("[{}]", options[chosen])), "{narrow}");
            assert!(narrow.contains('…'), "says there are more: {narrow}");
            assert!(unicode_width::UnicodeWidthStr::width(narrow.as_str()) <= 80, "{narrow}");
        }
    }
}
