//! The list before anything is sent: how it was read (the file's encoding, the column its
//! addresses came from), every line that is not an address with its number and why (paged
//! with ↑↓ when there are many), the addresses, and the confirmation; and the confirmation
//! of sending a finished run's failed and doubtful users again.

use super::again::Again;
use super::job::Job;
use super::{Keys, count};
use crate::app::View;
use crate::app::keys::Action;
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::wrapped_after;
use crate::userlist::UserList;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Lines of the screen a rejected line may take, wrapped.
const LINES_PER_REJECTED: usize = 3;

pub(super) struct Preview<'a> {
    pub list: &'a UserList,
    pub source: &'a str,
    pub job: Job,
    /// Asking before sending.
    pub confirm: bool,
    /// The first rejected line shown.
    pub skipped_from: usize,
}

/// Draws the preview; returns how many rejected lines it showed (PgUp/PgDn move by that).
pub(super) fn draw_preview(frame: &mut Frame, area: Rect, p: Preview, view: &View) -> usize {
    let theme = view.theme;
    let list = p.list;
    let mut lines = heading(list, p.source, p.job, area.width, view);
    if let Some(encoding) = list.encoding.filter(|e| !e.is_utf8()) {
        lines.push(Line::styled(format!("   Read as {encoding}."), theme.muted()));
    }
    if let Some(column) = &list.column {
        lines.push(Line::styled(
            format!(
                "   Addresses from the column \"{}\" (its header is line {}).",
                column.name, column.line
            ),
            theme.muted(),
        ));
    }
    if p.confirm {
        let (question, warning) = p.job.question(list.emails.len());
        lines.extend(confirmation(question, &[warning.to_string()], p.job, area.width, view));
    }
    let mut shown_skipped = 0;
    if !list.malformed.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::raw(" "),
            Status::Warning.span(theme),
            Span::raw("  These lines are not addresses and will be skipped:"),
        ]));
        let from = p.skipped_from.min(list.malformed.len() - 1);
        if from > 0 {
            lines.push(Line::styled(format!("   … {from} above (↑)"), theme.muted()));
        }
        // As many as fit, leaving room for "… more below", a blank and a few addresses.
        let reserve = 3 + list.emails.len().min(3);
        let mut budget = (area.height as usize).saturating_sub(lines.len() + reserve);
        let mut shown = 0;
        for bad in &list.malformed[from..] {
            let prefix = vec![Span::raw(format!("   line {}: ", bad.line))];
            let text = format!("{}  ({})", bad.text, bad.reason);
            let mut entry = wrapped_after(prefix, &text, area.width, 5);
            if entry.len() > LINES_PER_REJECTED {
                entry.truncate(LINES_PER_REJECTED);
                if let Some(last) = entry.last_mut() {
                    last.spans.push(Span::raw("…"));
                }
            }
            if shown > 0 && entry.len() > budget {
                break;
            }
            budget = budget.saturating_sub(entry.len());
            lines.extend(entry);
            shown += 1;
        }
        shown_skipped = shown;
        let below = list.malformed.len() - from - shown;
        if below > 0 {
            lines.push(Line::styled(format!("   … {below} more below (↓)"), theme.muted()));
        }
    }
    lines.push(Line::raw(""));
    let room = (area.height as usize).saturating_sub(lines.len());
    lines.extend(addresses(&list.emails, room, view));
    frame.render_widget(Paragraph::new(lines), area);
    shown_skipped
}

/// `emails` in at most `room` lines, the last saying how many more there are.
fn addresses(emails: &[String], room: usize, view: &View) -> Vec<Line<'static>> {
    let fit = if emails.len() <= room { emails.len() } else { room.saturating_sub(1) };
    let mut lines: Vec<Line> =
        emails.iter().take(fit).map(|e| Line::raw(format!("   {}", sanitize(e)))).collect();
    if fit < emails.len() && room > 0 {
        let more = format!("   … and {} more", emails.len() - fit);
        lines.push(Line::styled(more, view.theme.muted()));
    }
    lines
}

/// Where the list came from, how many users it holds, and how many lines were set aside: one
/// line when it fits, else two, a long path cut at its start with `…`.
fn heading(list: &UserList, source: &str, job: Job, width: u16, view: &View) -> Vec<Line<'static>> {
    let theme = view.theme;
    let width = usize::from(width);
    let source = sanitize(source);
    let room = (width / 2).max(12);
    let source = match source.chars().count() {
        n if n > room => format!("…{}", source.chars().skip(n + 1 - room).collect::<String>()),
        _ => source,
    };
    let users = format!("{} {}", count(list.emails.len(), "user", "users"), job.purpose());
    let set_aside = format!(
        "{} removed  ·  {} not an address",
        count(list.duplicates, "duplicate", "duplicates"),
        count(list.malformed.len(), "line", "lines")
    );
    let first = vec![
        Span::styled(format!(" {source} "), theme.muted()),
        Span::styled(users, theme.title()),
    ];
    let used: usize = first.iter().map(Span::width).sum();
    if used + 5 + set_aside.chars().count() <= width {
        let mut line = first;
        line.push(Span::raw(format!("  ·  {set_aside}")));
        vec![Line::from(line)]
    } else {
        vec![Line::from(first), Line::raw(format!("   {set_aside}"))]
    }
}

/// Asking before sending again the users of a finished run that failed or are in doubt.
pub(super) fn draw_again(frame: &mut Frame, area: Rect, again: &Again, job: Job, view: &View) {
    let theme = view.theme;
    let n = again.emails.len();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" Send again ", theme.muted()),
            Span::styled(format!("{} {}", count(n, "user", "users"), job.purpose()), theme.title()),
        ]),
        Line::raw(format!("   The last run ended with {}.", again.why())),
    ];
    let (question, _) = job.question(n);
    let mut notes = vec![job.again_note().to_string()];
    if again.nothing_voided > 0 {
        notes.push(format!(
            "Left out: {} answered \"nothing voided\" (1013); the same answer would come back.",
            count(again.nothing_voided, "user", "users")
        ));
    }
    notes.push("The results on screen give way to the new run's (n, then w, exports them).".into());
    lines.extend(confirmation(question, &notes, job, area.width, view));
    lines.push(Line::raw(""));
    let room = (area.height as usize).saturating_sub(lines.len());
    lines.extend(addresses(&again.emails, room, view));
    frame.render_widget(Paragraph::new(lines), area);
}

/// The question, what it means, and the keys that answer it.
fn confirmation(
    question: String,
    notes: &[String],
    job: Job,
    width: u16,
    view: &View,
) -> Vec<Line<'static>> {
    let theme = view.theme;
    // Wrapped: "… of exactly 4 users?" must not lose its count or its question mark at 80.
    let prefix = vec![Span::raw(" "), Status::Warning.span(theme), Span::raw("  ")];
    let mut lines = vec![Line::raw("")];
    lines.extend(
        crate::ui::widgets::hanging(prefix, &question, width)
            .into_iter()
            .map(|l| l.style(theme.title())),
    );
    for note in notes {
        lines.extend(wrapped_after(vec![Span::raw("   ")], note, width, 3));
    }
    let key = |action| view.key(Keys::Confirming, action).unwrap_or_default();
    lines.push(Line::from(vec![
        Span::raw("   "),
        Span::styled(key(Action::Confirm), theme.accent()),
        Span::raw(format!(" {}   ", job.verb())),
        Span::styled(key(Action::Cancel), theme.accent()),
        Span::raw(" go back"),
    ]));
    lines
}
