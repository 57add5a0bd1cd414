//! Drawing a search: progress, the page of matches to pick from, or why it failed.

use super::draw::retry_line;
use super::search::{Matches, PAGE_SIZE};
use super::{Keys, LookupScreen, State};
use crate::api::{RetryNotice, UserDetails, UserStatus};
use crate::app::View;
use crate::app::keys::Action;
use crate::messages::Failure;
use crate::text::{sanitize, sanitize_excerpt};
use crate::ui::status::Status;
use crate::ui::widgets::{fit, hanging};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, HighlightSpacing, Paragraph, Row, Table, TableState, Wrap};

impl LookupScreen {
    pub(super) fn draw_search(&self, frame: &mut Frame, area: Rect, view: &View) {
        match (&self.state, &self.matches) {
            (State::Searching { part, page, retry, .. }, _) => {
                searching(frame, area, part, *page, retry.as_ref(), view)
            }
            (State::SearchFailed { part, failure }, _) => failed(frame, area, part, failure, view),
            (State::Picking, Some(matches)) => picking(frame, area, matches, view),
            _ => {}
        }
    }
}

fn quoted(part: &str) -> String {
    format!("\"{}\"", sanitize_excerpt(part, 40))
}

fn searching(
    frame: &mut Frame,
    area: Rect,
    part: &str,
    page: u32,
    retry: Option<&RetryNotice>,
    view: &View,
) {
    let theme = view.theme;
    let which = if page == 0 { String::new() } else { format!(" (page {})", page + 1) };
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::styled(format!(" {} ", view.spinner_frame()), theme.status(Status::Pending)),
            Status::Pending.span(theme),
            Span::raw(format!("  Searching for addresses containing {}{which}…", quoted(part))),
        ]),
    ];
    if let Some(notice) = retry {
        lines.push(retry_line(notice, view));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn failed(frame: &mut Frame, area: Rect, part: &str, failure: &Failure, view: &View) {
    let theme = view.theme;
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::raw(" "),
            Status::Failed.span(theme),
            Span::raw(format!("  Could not search for {}", quoted(part))),
        ]),
    ];
    lines.extend(hanging(vec![Span::raw(" ")], &failure.message, area.width));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn picking(frame: &mut Frame, area: Rect, matches: &Matches, view: &View) {
    let theme = view.theme;
    let page = &matches.page;
    let title = format!(
        " Addresses containing {} · {} ",
        quoted(&matches.part),
        page.range_text(PAGE_SIZE)
    );
    let block =
        Block::default().borders(Borders::ALL).border_style(theme.border(true)).title(title);
    if page.elements.is_empty() {
        let mut lines = vec![Line::raw(" No user's address contains that.")];
        lines.extend(hanging(
            vec![Span::raw(" ")],
            "Only users already synchronised into the service are searched. For someone new in \
             the directory, look their whole address up and press u.",
            area.width.saturating_sub(2),
        ));
        let lines: Vec<Line> = lines.into_iter().map(|l| l.patch_style(theme.muted())).collect();
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    let [table_area, hint] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    // Columns as wide as their widest value (within reason), so a wide terminal does not
    // push the name and status far from the address they belong to.
    let widest = |f: &dyn Fn(&UserDetails) -> usize, cap: usize| {
        page.elements.iter().map(f).max().unwrap_or(0).clamp(6, cap) as u16 + 2
    };
    let email_width = widest(&|u| u.email_address.as_deref().map_or(0, |e| e.chars().count()), 48);
    let name_width = widest(&|u| u.display_name().map_or(0, |n| n.chars().count()), 28);
    // What is left for the source: the box, the row marker and the gaps between columns.
    let source_width = usize::from(table_area.width)
        .saturating_sub(2 + 2 + 3 + usize::from(email_width + name_width) + 12);
    let rows = page.elements.iter().map(|user| {
        let (word, style) = match status_of(user) {
            Some((status, word)) => (word, theme.status(status)),
            None => ("—".to_string(), theme.muted()),
        };
        // A cell cut short ends with `…`, never reads as whole.
        let cell = |text: Option<String>, width: u16| {
            fit(&text.as_deref().map(sanitize).unwrap_or_default(), usize::from(width))
        };
        Row::new(vec![
            Text::raw(cell(user.email_address.clone(), email_width)),
            Text::raw(cell(user.display_name(), name_width)),
            Text::styled(word, style),
            Text::styled(
                fit(
                    &user.identity_source.as_deref().map(sanitize).unwrap_or_default(),
                    source_width,
                ),
                theme.muted(),
            ),
        ])
    });
    let widths = [
        Constraint::Length(email_width),
        Constraint::Length(name_width),
        Constraint::Length(12),
        Constraint::Fill(1),
    ];
    let table = Table::new(rows, widths)
        .header(Row::new(vec!["E-mail", "Name", "Status", "Source"]).style(theme.muted()))
        // Marked by a symbol and bold, not recoloured, as in every other table.
        .row_highlight_style(theme.selected_row())
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always)
        .block(block);
    let mut state = TableState::default().with_selected(Some(matches.selected));
    frame.render_stateful_widget(table, table_area, &mut state);
    let picking = Keys::Picking { any: true, earlier: false, later: false };
    let back = Keys::Found { listed: true, code: false, offers: super::offers::Offers::NONE };
    let mut parts = Vec::new();
    if let (Some(up), Some(down)) = (view.key(picking, Action::Up), view.key(picking, Action::Down))
    {
        parts.push(format!("{up}{down} choose"));
    }
    if let Some(enter) = view.key(picking, Action::Submit) {
        parts.push(format!("{enter} looks the user up"));
    }
    if let Some(b) = view.key(back, Action::BackToMatches) {
        parts.push(format!("{b} on the user comes back to this list"));
    }
    let note = format!(" {}.", parts.join(" · "));
    frame.render_widget(Paragraph::new(Line::styled(note, theme.muted())), hint);
}

/// The status word with its symbol, as on the user's details; a lock is worth a glance.
fn status_of(user: &UserDetails) -> Option<(Status, String)> {
    Some(match &user.user_status {
        Some(UserStatus::Disabled) => (Status::Failed, "✗ Disabled".into()),
        Some(UserStatus::Other(s)) => (Status::Warning, format!("⚠ {}", sanitize_excerpt(s, 10))),
        _ if !user.locked_methods().is_empty() => (Status::Warning, "⚠ locked".into()),
        Some(UserStatus::Enabled) => (Status::Ok, "✓ Enabled".into()),
        None => return None,
    })
}
