//! Drawing the Codes screen: the form, the message line, the results table and the selected
//! code in large digits.

use super::{CodesScreen, Field, Keys, capitalise};
use crate::api::{CodeMode, Delivery, ValidityUnit};
use crate::app::View;
use crate::app::keys::Action;
use crate::app::screens::results::{Outcome, count_spans, draw_whole_result};
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{
    TextField, choice, code_lines, countdown, grouped, inline_input, short_local_time, text_field,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};

impl CodesScreen {
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let email_row = if self.delivery == Delivery::Email { 1 } else { 0 };
        let [mode, users, options, custom, message, results] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Length(email_row),
            // Two lines: a validation error or a confirmation must be read whole at 80 columns.
            Constraint::Length(2),
            Constraint::Min(3),
        ])
        .areas(area);
        let focused = |f: Field| view.focused && self.focus == f && self.confirming.is_none();
        let mode_index = if self.mode == CodeMode::Enrollment { 0 } else { 1 };
        frame.render_widget(
            Paragraph::new(choice(
                " Code",
                &["Secure enrollment", "Password reset"],
                mode_index,
                focused(Field::Mode),
                theme,
            )),
            mode,
        );
        let field = TextField {
            label: "Users (one, or a list: comma-separated or pasted)",
            input: &self.users,
            focused: focused(Field::Users),
            editing: focused(Field::Users) && self.editing,
            placeholder: "e-mail address(es)",
        };
        text_field(frame, users, field, theme);

        // Validity value, unit and delivery share one line.
        let (mut spans, cursor) = inline_input(
            " Validity",
            &self.validity,
            5,
            focused(Field::Validity),
            focused(Field::Validity) && self.editing,
            "10",
            theme,
        );
        spans.push(Span::raw(" "));
        let unit_index = if self.unit == ValidityUnit::Minutes { 0 } else { 1 };
        spans.extend(
            choice("", &["MIN", "HOUR"], unit_index, focused(Field::Unit), theme)
                .spans
                .into_iter()
                .skip(1),
        );
        spans.push(Span::raw("  "));
        let delivery_index = if self.delivery == Delivery::Display { 0 } else { 1 };
        spans.extend(
            choice(
                "Delivery",
                &["DISPLAY", "EMAIL"],
                delivery_index,
                focused(Field::Delivery),
                theme,
            )
            .spans,
        );
        frame.render_widget(Paragraph::new(Line::from(spans)), options);
        if let Some(x) = cursor {
            frame.set_cursor_position(Position::new(options.x + x, options.y));
        }
        if email_row > 0 {
            let (spans, cursor) = inline_input(
                " Send to",
                &self.custom_email,
                40,
                focused(Field::CustomEmail),
                focused(Field::CustomEmail) && self.editing,
                "the user's own address",
                theme,
            );
            frame.render_widget(Paragraph::new(Line::from(spans)), custom);
            if let Some(x) = cursor {
                frame.set_cursor_position(Position::new(custom.x + x, custom.y));
            }
        }
        let note = if let Some(problem) = &self.problem {
            Line::from(vec![
                Span::raw(" "),
                Status::Failed.span(theme),
                Span::raw(format!("  {problem}")),
            ])
        } else if let Some(requests) = &self.confirming {
            let mut question = vec![
                Span::raw(" "),
                Status::Warning.span(theme),
                Span::raw(format!(
                    "  Generate {} codes for {} users? Codes they hold now stop working.  ",
                    self.mode.label(),
                    requests.len()
                )),
            ];
            question.extend(view.yes_no(Keys::Confirming));
            Line::from(question)
        } else if let Some(notice) = self.run.as_ref().and_then(|r| r.retry.as_ref()) {
            crate::app::screens::lookup::retry_line(notice, view)
        } else {
            Line::styled(
                " Validity: 10 minutes to 24 hours; empty means the service default (10 MIN).",
                theme.muted(),
            )
        };
        frame.render_widget(
            Paragraph::new(note).wrap(ratatui::widgets::Wrap { trim: false }),
            message,
        );
        self.draw_results(frame, results, view);
    }

    fn draw_results(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let Some(run) = &self.run else { return };
        let done = run.table.finished();
        let title = if run.done {
            format!(
                " {} codes: {done} of {} ",
                capitalise(run.mode.label()).trim_end_matches('.'),
                run.table.users()
            )
        } else {
            format!(
                " {} Generating {} codes: {done} of {} ",
                view.spinner_frame(),
                run.mode.label(),
                run.table.users()
            )
        };
        let selected = run.table.row(self.selected);
        let code_height = match selected.and_then(|r| r.code.as_ref()) {
            Some(_) if area.height >= 12 => 6,
            Some(_) => 3,
            None => 0,
        };
        // The table is as tall as its rows (header and borders included), so the selected
        // code sits right under it rather than at the bottom of a tall terminal.
        const DETAIL_HEIGHT: u16 = 2;
        let table_height = (run.table.len().min(u16::MAX as usize - 3) as u16 + 3)
            .min(area.height.saturating_sub(code_height + DETAIL_HEIGHT))
            .max(3);
        let [table_area, detail_area, code_area, _] = Layout::vertical([
            Constraint::Length(table_height),
            Constraint::Length(DETAIL_HEIGHT),
            Constraint::Length(code_height),
            Constraint::Min(0),
        ])
        .areas(area);
        // Narrow terminals get the countdown alone; the local time needs the room.
        let wide = area.width >= 110;
        // Only the rows in the window are built: a long list costs no more per frame.
        let page = usize::from(table_height.saturating_sub(3)).max(1);
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
            let expiry = row
                .expires
                .map(|e| {
                    let left = countdown(e, view.clock.now);
                    if wide {
                        format!(
                            "{} ({left})",
                            short_local_time(e, view.clock.now, view.clock.local_offset)
                        )
                    } else {
                        left
                    }
                })
                .unwrap_or_default();
            Row::new(vec![
                ratatui::text::Text::from(status.span(theme)),
                ratatui::text::Text::raw(sanitize(&row.email)),
                ratatui::text::Text::styled(code, theme.code()),
                ratatui::text::Text::raw(expiry),
                ratatui::text::Text::styled(detail, theme.muted()),
            ])
        });
        let widths = [
            Constraint::Length(10),
            Constraint::Min(24),
            Constraint::Length(11),
            Constraint::Length(if wide { 23 } else { 12 }),
            Constraint::Min(10),
        ];
        let header =
            Row::new(vec!["Status", "User", "Code", "Expires", "Detail"]).style(theme.muted());
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(self.focus == Field::Results))
            .title(title);
        // A list's outcome at a glance, however far the table is scrolled.
        if run.table.len() > 1 {
            block = block.title_bottom(Line::from(count_spans(&run.table, theme)));
        }
        let table = Table::new(rows, widths)
            .header(header)
            // Marked by a symbol and bold, not recoloured: status colours stay readable.
            .row_highlight_style(theme.selected_row())
            .highlight_symbol(if self.focus == Field::Results { "▶ " } else { "  " })
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
            .block(block);
        let mut state = TableState::default().with_selected(Some(self.selected - scroll));
        frame.render_stateful_widget(table, table_area, &mut state);
        if let Some(row) = selected {
            draw_whole_result(frame, detail_area, row, theme);
        }

        if let Some(row) = selected
            && let Some(code) = &row.code
        {
            let mut lines = code_lines(&view.code(code.expose()), code_height >= 6, theme);
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
            frame.render_widget(Paragraph::new(lines).block(block), code_area);
        }
    }
}
