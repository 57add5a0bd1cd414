//! Small drawing helpers every screen uses: text fields, choices, big code digits, times.

use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use time::{OffsetDateTime, UtcOffset};
use tui_input::Input;

pub use super::choice::{choice, choice_within};

/// A `width`×`height` rectangle centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// What a boxed text field shows.
pub struct TextField<'a> {
    pub label: &'a str,
    pub input: &'a Input,
    /// Highlighted as the field the keys act on.
    pub focused: bool,
    /// Typing goes into it: the cursor is shown.
    pub editing: bool,
    /// Shown, dimmed, while the field is empty and not being edited.
    pub placeholder: &'a str,
}

/// A one-line text field in a box titled with its label.
pub fn text_field(frame: &mut Frame, area: Rect, field: TextField, theme: &Theme) {
    let TextField { label, input, focused, editing, placeholder } = field;
    let block = Block::default().borders(Borders::ALL).border_style(theme.border(focused)).title(
        Span::styled(format!(" {label} "), if focused { theme.accent() } else { theme.muted() }),
    );
    let inner_width = area.width.saturating_sub(2) as usize;
    let scroll = input.visual_scroll(inner_width.saturating_sub(1));
    let content = if input.value().is_empty() && !editing {
        Line::from(Span::styled(placeholder.to_string(), theme.muted()))
    } else {
        Line::from(Span::styled(input.value().to_string(), theme.text()))
    };
    let paragraph = Paragraph::new(content).scroll((0, scroll as u16)).block(block);
    frame.render_widget(paragraph, area);
    if editing && area.width > 2 && area.height > 2 {
        let x = area.x + 1 + (input.visual_cursor().saturating_sub(scroll)) as u16;
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(2)), area.y + 1));
    }
}

/// A one-line field inside a line of text: `Label  value`, underlined while focused. Returns
/// the spans and, when editing, the cursor column relative to the start of the line.
pub fn inline_input(
    label: &str,
    input: &Input,
    width: usize,
    focused: bool,
    editing: bool,
    placeholder: &str,
    theme: &Theme,
) -> (Vec<Span<'static>>, Option<u16>) {
    let label_span = Span::styled(
        format!("{label:<12}"),
        if focused { theme.accent().add_modifier(Modifier::BOLD) } else { theme.muted() },
    );
    let scroll = input.visual_scroll(width.saturating_sub(1));
    let visible: String = input.value().chars().skip(scroll).take(width).collect();
    let shown = if visible.is_empty() && !editing { placeholder.to_string() } else { visible };
    let padded = format!("{shown:<width$}");
    let mut style = if input.value().is_empty() && !editing { theme.muted() } else { theme.text() };
    if focused {
        style = style.add_modifier(Modifier::UNDERLINED);
    }
    let cursor = editing.then(|| 12 + (input.visual_cursor().saturating_sub(scroll)) as u16);
    (vec![label_span, Span::styled(padded, style)], cursor)
}

/// `text` in at most `width` columns: whole when it fits, else cut and ended with `…`, so a
/// cut cell never reads as a whole one. Columns, not characters: a wide character takes two.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// A code in groups of three ("629 211 156"), which is how people read digits aloud.
pub fn grouped(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars.chunks(3).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// Three-row block digits for reading a code across a desk; other characters as themselves.
pub fn big_digits(code: &str) -> [String; 3] {
    const GLYPHS: [[&str; 3]; 10] = [
        ["█▀█", "█ █", "▀▀▀"],
        [" ▀█", "  █", "  ▀"],
        ["▀▀█", "█▀▀", "▀▀▀"],
        ["▀▀█", " ▀█", "▀▀▀"],
        ["█ █", "▀▀█", "  ▀"],
        ["█▀▀", "▀▀█", "▀▀▀"],
        ["█▀▀", "█▀█", "▀▀▀"],
        ["▀▀█", "  █", "  ▀"],
        ["█▀█", "█▀█", "▀▀▀"],
        ["█▀█", "▀▀█", "▀▀▀"],
    ];
    let mut rows = [String::new(), String::new(), String::new()];
    for (i, c) in code.chars().enumerate() {
        if i > 0 {
            let gap = if i % 3 == 0 { "   " } else { " " };
            rows.iter_mut().for_each(|r| r.push_str(gap));
        }
        match c.to_digit(10) {
            Some(d) => {
                for (row, glyph) in rows.iter_mut().zip(GLYPHS[d as usize]) {
                    row.push_str(glyph);
                }
            }
            None => {
                rows[0].push_str("   ");
                rows[1].push_str(&format!(" {c} "));
                rows[2].push_str("   ");
            }
        }
    }
    rows
}

/// A code to read out: block digits when `big` (three rows), else grouped digits (one row),
/// indented one column and styled as a code.
pub fn code_lines(code: &str, big: bool, theme: &Theme) -> Vec<Line<'static>> {
    if big {
        big_digits(code).into_iter().map(|r| Line::styled(format!(" {r}"), theme.code())).collect()
    } else {
        vec![Line::styled(format!(" {}", grouped(code)), theme.code())]
    }
}

/// "11:30:05 (29m 58s left)": an expiry in local time with its countdown.
pub fn expiry_with_countdown(at: OffsetDateTime, clock: &crate::clock::Clock) -> String {
    format!("{} ({})", local_time(at, clock.now, clock.local_offset), countdown(at, clock.now))
}

/// `prefix` followed by `text` word-wrapped to `width`, later lines indented to where the text
/// began (a hanging indent), so a long message never runs back to column 0 under its status.
pub fn hanging(prefix: Vec<Span<'static>>, text: &str, width: u16) -> Vec<Line<'static>> {
    let indent = prefix.iter().map(Span::width).sum::<usize>();
    wrapped_after(prefix, text, width, indent)
}

/// `prefix` followed by `text` word-wrapped to `width`, later lines indented by `indent`
/// columns: for a long prefix, where a full hanging indent would waste the line.
pub fn wrapped_after(
    prefix: Vec<Span<'static>>,
    text: &str,
    width: u16,
    indent: usize,
) -> Vec<Line<'static>> {
    let used = prefix.iter().map(Span::width).sum::<usize>();
    let first_room = (width as usize).saturating_sub(used).max(10);
    let rest_room = (width as usize).saturating_sub(indent).max(10);
    let mut pieces = word_wrap(text, first_room, rest_room).into_iter();
    let mut first = prefix;
    first.extend(pieces.next().map(Span::raw));
    let mut lines = vec![Line::from(first)];
    lines.extend(pieces.map(|p| Line::raw(format!("{}{p}", " ".repeat(indent)))));
    lines
}

/// `text` in lines of at most `first_room` characters (the first) and `room` (the rest),
/// broken between words; a word longer than a line (a URL, say) is cut where the line ends.
fn word_wrap(text: &str, first_room: usize, rest_room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let room = if lines.is_empty() { first_room } else { rest_room };
            let used = current.chars().count();
            if used + usize::from(used > 0) + word.len() <= room {
                if used > 0 {
                    current.push(' ');
                }
                current.extend(word);
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            let rest = word.split_off(room);
            lines.push(word.into_iter().collect());
            word = rest;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// "14:05:23" in the local time zone, with the date when it is not today.
pub fn local_time(at: OffsetDateTime, now: OffsetDateTime, offset: UtcOffset) -> String {
    let at = at.to_offset(offset);
    let today = now.to_offset(offset).date();
    let time = format!("{:02}:{:02}:{:02}", at.hour(), at.minute(), at.second());
    if at.date() == today { time } else { format!("{} {time}", at.date()) }
}

/// A time within the next days, short enough for a table cell: "14:05" today, else the
/// weekday ("Wed 00:11"); the date once it is a week or more away.
pub fn short_local_time(at: OffsetDateTime, now: OffsetDateTime, offset: UtcOffset) -> String {
    let at = at.to_offset(offset);
    let today = now.to_offset(offset).date();
    let time = format!("{:02}:{:02}", at.hour(), at.minute());
    let days = (at.date() - today).whole_days();
    match days {
        0 => time,
        1..=6 => format!("{} {time}", &at.weekday().to_string()[..3]),
        _ => format!("{} {time}", at.date()),
    }
}

/// A time as the service wrote it, shown in local time ("2025-02-17 22:44"); text that is not
/// a time the service uses is shown as it came, sanitised.
pub fn service_time(text: &str, clock: &crate::clock::Clock) -> String {
    match crate::api::parse_service_time(text) {
        Some(t) => {
            let t = t.to_offset(clock.local_offset);
            format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
        }
        None => crate::text::sanitize_excerpt(text, 40),
    }
}

/// The day of a time the service wrote ("2025-02-17", local), or the text as it came.
pub fn service_date(text: &str, clock: &crate::clock::Clock) -> String {
    match crate::api::parse_service_time(text) {
        Some(t) => t.to_offset(clock.local_offset).date().to_string(),
        None => crate::text::sanitize_excerpt(text, 20),
    }
}

/// "9m 58s left", "1h 59m left", or "expired".
pub fn countdown(expires: OffsetDateTime, now: OffsetDateTime) -> String {
    let left = (expires - now).whole_seconds();
    match left {
        s if s <= 0 => "expired".into(),
        s if s < 60 => format!("{s}s left"),
        s if s < 3600 => format!("{}m {:02}s left", s / 60, s % 60),
        s if s < 86_400 => format!("{}h {:02}m left", s / 3600, (s % 3600) / 60),
        s => format!("{}d {}h left", s / 86_400, (s % 86_400) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    #[test]
    fn short_times_name_the_day_only_when_it_is_not_today() {
        let now = datetime!(2026-12-01 22:10:00 UTC);
        let at = |t| short_local_time(t, now, offset!(+1));
        assert_eq!(at(datetime!(2026-12-01 22:20:00 UTC)), "23:20");
        assert_eq!(at(datetime!(2026-12-01 23:20:00 UTC)), "Wed 00:20", "local midnight passed");
        assert_eq!(at(datetime!(2026-12-12 09:00:00 UTC)), "2026-12-12 10:00");
    }

    #[test]
    fn hanging_indent_wraps_under_the_text() {
        let lines = hanging(
            vec![Span::raw(" ✗ FAILED  ")],
            "Could not disable the emergency tokencode: HTTP 404 https://example.com/a/very/long/path",
            40,
        );
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            [
                " ✗ FAILED  Could not disable the",
                "           emergency tokencode: HTTP 404",
                "           https://example.com/a/very/lo",
                "           ng/path",
            ]
        );
        assert!(lines.iter().all(|l| l.width() <= 40));
    }

    #[test]
    fn a_cut_text_ends_with_an_ellipsis() {
        assert_eq!(fit("1006 Code generation failed", 10), "1006 Code…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("exactly10!", 10), "exactly10!");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("abc", 1), "…");
        // Wide characters take two columns each.
        assert_eq!(fit("田中太郎@example.com", 6), "田中…");
        assert!(unicode_width::UnicodeWidthStr::width(fit("田中太郎", 7).as_str()) <= 7);
    }

    #[test]
    fn codes_group_in_threes() {
        assert_eq!(grouped("629211156"), "629 211 156");
        assert_eq!(grouped("12345678"), "123 456 78");
    }

    #[test]
    fn big_digits_keep_rows_aligned() {
        let rows = big_digits("629211156");
        assert!(rows.iter().all(|r| r.chars().count() == rows[0].chars().count()));
        assert_eq!(rows[0].chars().count(), 9 * 3 + 6 + 2 * 3);
    }

    #[test]
    fn times_and_countdowns() {
        let now = datetime!(2026-11-22 10:00:00 UTC);
        assert_eq!(local_time(datetime!(2026-11-22 10:30:05 UTC), now, offset!(+1)), "11:30:05");
        assert_eq!(
            local_time(datetime!(2026-11-23 10:30:05 UTC), now, offset!(+1)),
            "2026-11-23 11:30:05"
        );
        assert_eq!(countdown(datetime!(2026-11-22 10:09:58 UTC), now), "9m 58s left");
        assert_eq!(countdown(datetime!(2026-11-22 12:00:00 UTC), now), "2h 00m left");
        assert_eq!(countdown(datetime!(2026-11-22 09:59:59 UTC), now), "expired");
        assert_eq!(countdown(datetime!(2026-11-22 10:00:30 UTC), now), "30s left");
    }
}
