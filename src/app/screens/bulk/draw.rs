//! Drawing the Bulk screen: the mode or the file field, the preview and its
//! confirmation, then the gauge, the counts and the per-user table of a run.

use super::job::{Job, jobs};
use super::preview::{Preview, draw_again, draw_preview};
use super::{BulkScreen, Keys, Run, Stage};
use crate::app::View;
use crate::app::keys::Action;
use crate::app::screens::results::{count_spans, draw_whole_result};
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{TextField, choice_within, text_field};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Row, Table, TableState, Wrap};

impl BulkScreen {
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let [top, problem, body] = Layout::vertical([
            Constraint::Length(if self.choosing_file { 3 } else { 1 }),
            Constraint::Length(1),
            Constraint::Min(3),
        ])
        .areas(area);
        if self.choosing_file {
            let field = TextField {
                label: "Open a list (.txt: one address a line; .csv: an email column)",
                input: &self.path,
                focused: true,
                editing: view.focused,
                placeholder: "path/to/users.txt",
            };
            text_field(frame, top, field, theme);
        } else {
            let jobs = jobs();
            let index = jobs.iter().position(|j| *j == self.job).unwrap_or(0);
            let labels: Vec<String> = jobs.into_iter().map(Job::label).collect();
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            let mode_line = choice_within(" Action", &labels, index, false, theme, top.width);
            frame.render_widget(Paragraph::new(mode_line), top);
        }
        if let Some(text) = &self.problem {
            let line = Line::from(vec![
                Span::raw(" "),
                Status::Failed.span(theme),
                Span::raw(format!("  {text}")),
            ]);
            frame.render_widget(Paragraph::new(line), problem);
        } else if let Some(notice) = self.run().and_then(|r| r.retry.as_ref()) {
            frame.render_widget(
                Paragraph::new(crate::app::screens::lookup::retry_line(notice, view)),
                problem,
            );
        }
        match &self.stage {
            Stage::Empty => {
                let open = view.key(Keys::Empty, Action::LoadFile).unwrap_or_default();
                let text = vec![
                    Line::raw(""),
                    Line::raw(
                        " Paste a list of e-mail addresses into the terminal (one a line, or CSV),",
                    ),
                    Line::raw(format!(" or press {open} to open a .txt or .csv file.")),
                    Line::raw(""),
                    Line::styled(
                        " Nothing is sent until you have seen the list and confirmed the count.",
                        theme.muted(),
                    ),
                ];
                let loading = self.file_request.map(|_| {
                    Line::from(vec![
                        Span::raw(" "),
                        Status::Pending.span(theme),
                        Span::raw("  reading the file…"),
                    ])
                });
                frame.render_widget(
                    Paragraph::new(text.into_iter().chain(loading).collect::<Vec<_>>())
                        .wrap(Wrap { trim: false }),
                    body,
                );
            }
            Stage::Preview(list) | Stage::Confirm(list) => {
                let preview = Preview {
                    list,
                    source: &self.source,
                    job: self.job,
                    confirm: matches!(self.stage, Stage::Confirm(_)),
                    skipped_from: self.skipped_from,
                };
                self.skipped_shown.set(draw_preview(frame, body, preview, view));
            }
            Stage::ConfirmAgain(again, run) => draw_again(frame, body, again, run.job, view),
            Stage::Running(run) => self.draw_run(frame, body, run, view),
        }
    }
}

impl BulkScreen {
    fn draw_run(&self, frame: &mut Frame, area: Rect, run: &Run, view: &View) {
        let theme = view.theme;
        let table_data = &run.table;
        let total = table_data.users();
        let finished = table_data.finished();
        let selected = self.selected.min(table_data.shown().saturating_sub(1));
        let [gauge_area, summary, table_area, detail_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(2),
        ])
        .areas(area);
        let state = if run.done && run.cancelling {
            "stopped".to_string()
        } else if run.done {
            "done".to_string()
        } else if run.cancelling {
            "stopping after the calls in flight".to_string()
        } else {
            run.job.running()
        };
        let ratio = if total == 0 { 1.0 } else { finished as f64 / total as f64 };
        // A stopped run says how many were never sent, so it does not read as finished.
        let not_sent = table_data.not_sent();
        let label = if not_sent > 0 {
            format!("{} of {total} sent, {not_sent} not sent ({state})", finished - not_sent)
        } else {
            format!("{finished} of {total} ({state})")
        };
        let gauge = Gauge::default()
            .ratio(ratio)
            .label(label)
            .gauge_style(theme.status(if run.done { Status::Ok } else { Status::Pending }));
        frame.render_widget(gauge, gauge_area);
        let mut spans = count_spans(|s| table_data.count(s), theme);
        if let Some(again) = run.again.as_ref().filter(|a| !a.emails.is_empty()) {
            let key = view.key(Keys::Finished { again: true }, Action::SendAgain);
            spans.push(Span::styled(
                format!("{} to send again ({})", again.emails.len(), key.unwrap_or_default()),
                theme.accent(),
            ));
        }
        if self.searching || !table_data.search().is_empty() {
            spans.push(Span::styled("/", theme.accent()));
            spans.push(Span::raw(format!(
                "{}{}",
                sanitize(self.search.value()),
                if self.searching { "▏" } else { "" }
            )));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), summary);
        // Only the rows in the window are built: the cost of a frame does not grow with the run.
        let page = usize::from(table_area.height.saturating_sub(3)).max(1);
        let mut scroll = self.scroll.get().min(selected);
        if selected >= scroll + page {
            scroll = selected + 1 - page;
        }
        self.scroll.set(scroll);
        // The Result column's width: the table less its borders, the "▶ " mark, the spacing
        // between columns and the first two columns.
        let result_width = usize::from(table_area.width).saturating_sub(2 + 2 + 2 + 10 + 32);
        let rows = table_data.window(scroll, page).map(|row| {
            let (status, detail) = row.status_and_detail();
            Row::new(vec![
                ratatui::text::Text::from(status.span(theme)),
                ratatui::text::Text::raw(crate::ui::widgets::fit(&sanitize(&row.email), 32)),
                ratatui::text::Text::styled(
                    crate::ui::widgets::fit(&detail, result_width),
                    theme.muted(),
                ),
            ])
        });
        let table =
            Table::new(rows, [Constraint::Length(10), Constraint::Length(32), Constraint::Min(10)])
                .header(Row::new(vec!["Status", "User", "Result"]).style(theme.muted()))
                // Marked by a symbol and bold, not recoloured: status colours stay readable.
                .row_highlight_style(theme.selected_row())
                .highlight_symbol("▶ ")
                .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(theme.border(true))
                        .title(table_title(run, selected)),
                );
        let mut state = TableState::default().with_selected(Some(selected - scroll));
        frame.render_stateful_widget(table, table_area, &mut state);
        match table_data.row(selected) {
            Some(row) => draw_whole_result(frame, detail_area, row, theme),
            None if !table_data.unfiltered() => frame.render_widget(
                Paragraph::new(Line::styled(
                    " No rows match the filter and search.",
                    theme.muted(),
                )),
                detail_area,
            ),
            None => {}
        }
    }
}

/// " ENROLLMENT void · FAILED only · 12 of 3,000 · row 4 ".
fn table_title(run: &Run, selected: usize) -> String {
    let table = &run.table;
    let mut title = format!(" {} ", run.job.title());
    if let Some(status) = table.filter() {
        title.push_str(&format!("· {} {} only ", status.symbol(), status.word()));
    }
    if table.shown() > 0 {
        title.push_str(&format!("· row {} of {} ", selected + 1, table.shown()));
    }
    if !table.unfiltered() {
        title.push_str(&format!("({} in all) ", table.len()));
    }
    title
}
