//! Drawing the Codes screen's results: the table (at least five rows whenever there are five,
//! at any size from 80×24, each cut cell ended with `…`), the selected row whole beneath it with
//! what was asked and what the service answered, and the selected code in large digits.

use super::{CodesScreen, Field, Keys, Run};
use crate::api::Delivery;
use crate::app::View;
use crate::app::keys::Action;
use crate::app::screens::results::{Outcome, ResultRow, count_spans, whole_result_lines};
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{code_lines, countdown, fit, grouped, hanging, short_local_time};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};
use time::OffsetDateTime;

/// The fewest table rows kept in view when the run has that many (the code panel gives way).
const MIN_ROWS: u16 = 5;
/// The selected row whole (two lines) and what was asked beside what was answered (one).
const DETAIL_HEIGHT: u16 = 3;
/// How far the service's expiry may be from the validity asked before it is a WARNING (the
/// clocks and the time the call took).
const EXPIRY_SLACK: time::Duration = time::Duration::minutes(2);

impl CodesScreen {
    pub(super) fn draw_results(&self, frame: &mut Frame, area: Rect, view: &View) {
        let Some(run) = &self.run else { return };
        // Codes may be on screen: the panel is kept at one height for the whole run, so the
        // table does not jump as the cursor moves between rows with and without a code.
        let display = run.asked.as_ref().is_none_or(|a| a.delivery == Delivery::Display);
        let rows = run.table.shown().max(1).min(usize::from(u16::MAX - 3)) as u16;
        let min_table = (rows.min(MIN_ROWS) + 3).min(area.height);
        let spare = area.height - min_table;
        let detail_height = DETAIL_HEIGHT.min(spare);
        let code_height = match spare - detail_height {
            _ if !display => 0,
            room if room >= 6 => 6,
            room => room.min(3),
        };
        let table_height = (rows + 3).min(area.height - detail_height - code_height);
        let [table_area, detail_area, code_area, _] = Layout::vertical([
            Constraint::Length(table_height),
            Constraint::Length(detail_height),
            Constraint::Length(code_height),
            Constraint::Min(0),
        ])
        .areas(area);
        self.draw_table(frame, table_area, run, view);
        let selected = run.table.row(self.selected);
        if let Some(row) = selected {
            // The row whole, then what was asked beside what was answered, in the lines there
            // are; the last line shown is cut with a mark if the rest does not fit.
            let width = detail_area.width;
            let mut lines = whole_result_lines(row, view.theme, width);
            lines.extend(asked_lines(run, row, view, width));
            let room = usize::from(detail_area.height);
            if lines.len() > room && room > 0 {
                lines.truncate(room);
                if let Some(last) = lines.last_mut() {
                    mark_cut(last, width);
                }
            }
            frame.render_widget(Paragraph::new(lines), detail_area);
        }
        if code_height > 0 {
            draw_code(frame, code_area, selected, view);
        }
    }

    fn draw_table(&self, frame: &mut Frame, area: Rect, run: &Run, view: &View) {
        let theme = view.theme;
        let done = run.table.finished();
        let title = if run.done {
            let mode = crate::text::capitalised(run.mode.label());
            format!(" {mode} codes: {done} of {} ", run.table.users())
        } else {
            format!(
                " {} Generating {} codes: {done} of {} ",
                view.spinner_frame(),
                run.mode.label(),
                run.table.users()
            )
        };
        // Narrow terminals get the countdown alone; the local time needs the room.
        let wide = area.width >= 110;
        // Columns measured here, so each cell is cut to its width with a mark.
        let (status_w, code_w, expiry_w) = (10usize, 11usize, if wide { 24 } else { 13 });
        let inner = usize::from(area.width).saturating_sub(2 + 2 + 4);
        let rest = inner.saturating_sub(status_w + code_w + expiry_w);
        let user_w = (rest * 3 / 5).clamp(12, 34).min(rest);
        let detail_w = rest - user_w;
        // Only the rows in the window are built: a long list costs no more per frame.
        let page = usize::from(area.height.saturating_sub(3)).max(1);
        let mut scroll = self.scroll.get().min(self.selected);
        if self.selected >= scroll + page {
            scroll = self.selected + 1 - page;
        }
        self.scroll.set(scroll);
        let rows = run.table.window(scroll, page).map(|row| {
            let (status, detail) = row.status_and_detail();
            let code = match (&row.code, &row.outcome) {
                (Some(code), _) => grouped(&view.code(code.expose())),
                // Only a row that reads OK was e-mailed: a stray never was, to anyone asked for.
                (None, Outcome::Done(_)) if status == Status::Ok => "e-mailed".into(),
                _ => String::new(),
            };
            let expiry = row.expires.map(|e| expiry_cell(run, e, wide, view)).unwrap_or_default();
            Row::new(vec![
                Text::from(status.span(theme)),
                Text::raw(fit(&sanitize(&row.email), user_w)),
                Text::styled(fit(&code, code_w), theme.code()),
                Text::raw(fit(&expiry, expiry_w)),
                Text::styled(fit(&detail, detail_w), theme.muted()),
            ])
        });
        let widths = [status_w, user_w, code_w, expiry_w, detail_w]
            .map(|w| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX)));
        let header =
            Row::new(vec!["Status", "User", "Code", "Expires", "Detail"]).style(theme.muted());
        let in_table = self.form.cursor.is(Field::Results);
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(in_table))
            .title(title);
        // A list's outcome at a glance, however far the table is scrolled.
        if run.table.len() > 1 {
            block = block.title_bottom(Line::from(count_spans(|s| run.table.count(s), theme)));
        }
        let table = Table::new(rows, widths)
            .header(header)
            // Marked by a symbol and bold, not recoloured: status colours stay readable.
            .row_highlight_style(theme.selected_row())
            .highlight_symbol(if in_table { "▶ " } else { "  " })
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
            .block(block);
        let mut state = TableState::default().with_selected(Some(self.selected - scroll));
        frame.render_stateful_widget(table, area, &mut state);
    }
}

/// Whether the service's expiry is not what was asked (a WARNING), by the run's start.
/// Each code was made between the run's start and its latest answer (a long list, or a wait
/// for the rate limit, spreads them out), so only an expiry outside that window, give or take
/// the slack, is one the service chose differently.
fn expiry_differs(run: &Run, expires: OffsetDateTime) -> Option<i64> {
    let asked = run.asked.as_ref()?;
    let wanted = time::Duration::minutes(i64::from(asked.minutes()));
    let earliest = run.started + wanted - EXPIRY_SLACK;
    let latest = run.last_answer + wanted + EXPIRY_SLACK;
    (expires < earliest || expires > latest).then_some((expires - run.started).whole_minutes())
}

fn expiry_cell(run: &Run, expires: OffsetDateTime, wide: bool, view: &View) -> String {
    let left = countdown(expires, view.clock.now);
    let mark = if expiry_differs(run, expires).is_some() { "⚠ " } else { "" };
    if wide {
        let at = short_local_time(expires, view.clock.now, view.clock.local_offset);
        format!("{mark}{at} ({left})")
    } else {
        format!("{mark}{left}")
    }
}

/// What was asked for the selected row beside what the service answered: the validity, where
/// the code went, and its expiry; a WARNING when the expiry is not what was asked.
fn asked_lines(run: &Run, row: &ResultRow, view: &View, width: u16) -> Vec<Line<'static>> {
    let theme = view.theme;
    let muted = |text: String| {
        hanging(vec![Span::raw(" ")], &text, width)
            .into_iter()
            .map(|l| l.style(theme.muted()))
            .collect()
    };
    let Some(asked) = &run.asked else {
        return muted("Resumed from its journal: the validity asked is not known.".into());
    };
    let delivery = match (asked.delivery, &asked.custom_email) {
        (Delivery::Email, None) => format!("e-mailed to {}", sanitize(&row.email)),
        _ => asked.delivery_words(),
    };
    let asked_words = format!("Asked: {}, {delivery}.", asked.validity_words());
    let Some(expires) = row.expires else {
        // An e-mailed code comes back without its expiry: say until when it is valid, as far
        // as casdesk can tell from when it was asked for.
        if asked.delivery == Delivery::Email && row.status() == Status::Ok {
            let until = run.started + time::Duration::minutes(i64::from(asked.minutes()));
            let at = crate::ui::widgets::local_time(until, view.clock.now, view.clock.local_offset);
            return muted(format!(
                "{asked_words} Valid until about {at} (the service gave no expiry)."
            ));
        }
        return muted(asked_words);
    };
    let at = crate::ui::widgets::local_time(expires, view.clock.now, view.clock.local_offset);
    match expiry_differs(run, expires) {
        Some(minutes) => hanging(
            vec![Span::raw(" "), Status::Warning.span(theme), Span::raw("  ")],
            &format!("{asked_words} The service's code expires {at}, {minutes} minutes after."),
            width,
        ),
        None => muted(format!("{asked_words} Expires {at}.")),
    }
}

/// Ends `line` with `…` within `width`, as a line cut short.
fn mark_cut(line: &mut Line<'static>, width: u16) {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let style = line.spans.last().map(|s| s.style).unwrap_or_default();
    let room = usize::from(width).saturating_sub(1);
    *line = Line::styled(fit(&format!("{}…", text.trim_end()), room), style);
}

fn draw_code(frame: &mut Frame, area: Rect, row: Option<&ResultRow>, view: &View) {
    let theme = view.theme;
    let Some((row, code)) = row.and_then(|r| r.code.as_ref().map(|c| (r, c))) else {
        let block = Block::default().borders(Borders::TOP).border_style(theme.border(false));
        let text = Line::styled(" No code on screen for this row.", theme.muted());
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    };
    let mut lines = code_lines(&view.code(code.expose()), area.height >= 6, theme);
    if let Some(link) = &row.link {
        lines.push(Line::from(vec![
            Span::styled(" Link: ", theme.muted()),
            Span::raw(sanitize(link)),
        ]));
    }
    let copy = view.key(Keys::Results { code: true }, Action::Copy).unwrap_or_default();
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border(false))
        .title(format!(" Code for {} ({copy} to copy) ", sanitize(&row.email)));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
