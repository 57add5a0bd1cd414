//! Drawing the Reports screen: the rule, the three reports with their times, what the
//! selected one is doing (or the question, or where to save it).

use super::{Dialog, Doing, Keys, ReportsScreen};
use crate::api::ReportKind;
use crate::app::View;
use crate::reports::limits::{Limit, at_words, check, when_words};
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{TextField, hanging, text_field};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use time::OffsetDateTime;

const RULE: &str = "Reports of the whole tenant. The service allows each report to be \
    generated once every 8 hours and downloaded once every 15 minutes (per tenant, whoever asks).";

impl ReportsScreen {
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let width = area.width;
        let rule = hanging(vec![Span::raw(" ")], RULE, width.saturating_sub(1));
        let [rule_area, table_area, _, below] = Layout::vertical([
            Constraint::Length(rule.len() as u16),
            Constraint::Length(4),
            Constraint::Length(1),
            Constraint::Min(3),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(rule).style(theme.muted()), rule_area);
        frame.render_widget(Paragraph::new(self.table(view, width)), table_area);
        let mut lines = self.detail(view, width);
        if let Dialog::Path { input, .. } = &self.dialog {
            let [field, rest] =
                Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(below);
            let field_spec = TextField {
                label: "Save the report to (a new file; Enter saves, Esc cancels)",
                input,
                focused: view.focused,
                editing: view.focused,
                placeholder: "a file name",
            };
            text_field(frame, field, field_spec, theme);
            frame.render_widget(Paragraph::new(lines), rest);
            return;
        }
        if let Some(question) = self.question(view, width) {
            lines.push(Line::raw(""));
            lines.extend(question);
        }
        frame.render_widget(Paragraph::new(lines), below);
    }

    fn table(&self, view: &View, width: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let now = view.clock.now;
        let offset = view.clock.local_offset;
        // Times only in the table: the full words are under it, for the selected report.
        let wide = width >= 110;
        let col = if wide { 22 } else { 13 };
        let cell = |text: String| format!("{text:<col$}");
        let mut header = format!("   {:<17}", "Report");
        for h in ["Generated", "Next generate", "Downloaded", "Next download"] {
            header.push_str(&cell(if wide { h.to_string() } else { short_heading(h) }));
        }
        let mut lines = vec![Line::styled(header, theme.muted())];
        for (i, kind) in ReportKind::ALL.into_iter().enumerate() {
            let t = self.times.of(kind);
            let at = |t: Option<OffsetDateTime>| {
                t.map_or("never".to_string(), |t| at_words(t, now, offset))
            };
            let next = |last, limit| match check(now, last, limit) {
                Ok(()) => "now".to_string(),
                Err(soon) if wide => when_words(soon.until, now, offset),
                Err(soon) => at_words(soon.until + time::Duration::seconds(59), now, offset),
            };
            let marker = if i == self.selected { " ▸ " } else { "   " };
            let mut text = format!("{marker}{:<17}", kind.title());
            text.push_str(&cell(at(t.generated)));
            text.push_str(&cell(next(t.generated, Limit::Generate)));
            text.push_str(&cell(at(t.downloaded)));
            text.push_str(&next(t.downloaded, Limit::Download));
            let mut spans = vec![Span::raw(text)];
            if let Some(mark) = doing_mark(self.doing(kind), view) {
                spans.push(Span::raw("  "));
                spans.push(mark);
            }
            let line = Line::from(spans);
            lines.push(if i == self.selected { line.style(theme.selected_row()) } else { line });
        }
        lines
    }

    /// The selected report in words, and what it is doing.
    fn detail(&self, view: &View, width: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let (now, offset) = (view.clock.now, view.clock.local_offset);
        let kind = self.kind();
        let t = self.times.of(kind);
        let w = width.saturating_sub(1);
        let mut lines = Vec::new();
        let generated = match (t.generated, check(now, t.generated, Limit::Generate)) {
            (None, _) => "Never generated from here; it may be generated now.".to_string(),
            (Some(at), Ok(())) => format!(
                "Generated from here at {}; it may be generated again now.",
                at_words(at, now, offset)
            ),
            (Some(at), Err(soon)) => format!(
                "Generated from here at {}; the next may be generated at {}.",
                at_words(at, now, offset),
                when_words(soon.until, now, offset)
            ),
        };
        lines.extend(hanging(
            vec![Span::styled(format!(" {}: ", kind.title()), theme.accent())],
            &generated,
            w,
        ));
        let downloaded = match (t.downloaded, check(now, t.downloaded, Limit::Download)) {
            (None, _) => "Never downloaded from here.".to_string(),
            (Some(at), soon) => {
                let to = t.written_to.as_ref().map_or(String::new(), |p| {
                    format!(
                        " to {} ({} rows)",
                        sanitize(&p.display().to_string()),
                        t.rows.unwrap_or(0)
                    )
                });
                let next = match soon {
                    Ok(()) => "it may be downloaded again now".to_string(),
                    Err(soon) => {
                        format!("the next download at {}", when_words(soon.until, now, offset))
                    }
                };
                format!("Downloaded at {}{to}; {next}.", at_words(at, now, offset))
            }
        };
        lines.extend(hanging(vec![Span::raw("   ")], &downloaded, w));
        if let Some(problem) = &self.problem {
            lines.extend(status_lines(Status::Warning, &sanitize(problem), view, w));
        }
        if let Some(warning) = &self.warning {
            lines.push(Line::raw(""));
            lines.extend(status_lines(Status::Warning, &sanitize(warning), view, w));
        }
        let doing = match self.doing(kind) {
            Doing::Idle => None,
            Doing::Generating { .. } => Some((
                Status::Pending,
                format!("{} asking the service to generate it…", view.spinner_frame()),
            )),
            Doing::Waiting { since, tries, asking } => {
                let waited = wait_clock(now - *since);
                let next = crate::reports::wait::try_due(*tries);
                // Rounded up: "in 2 s" until the last second has begun.
                let left = time::Duration::try_from(next).unwrap_or_default() - (now - *since);
                let left = (left.whole_milliseconds().max(0) as i64 + 999) / 1000;
                let when = if asking.is_some() {
                    "asking now".to_string()
                } else {
                    format!("next ask in {left} s")
                };
                let asked = match tries {
                    0 => String::new(),
                    1 => ", not ready once".to_string(),
                    n => format!(", not ready {n} times"),
                };
                Some((
                    Status::Pending,
                    format!(
                        "{} Being generated: waited {waited}{asked}; {when} (Esc stops waiting).",
                        view.spinner_frame()
                    ),
                ))
            }
            Doing::Held { rows } => Some((
                Status::Ok,
                format!("Ready: {rows} rows downloaded. Say where to save it (d or Enter)."),
            )),
            Doing::Saving { .. } => {
                Some((Status::Pending, format!("{} Downloading and saving…", view.spinner_frame())))
            }
            Doing::Saved { path, rows } => Some((
                Status::Ok,
                format!("Saved {rows} rows to {}", sanitize(&path.display().to_string())),
            )),
            Doing::Failed(words) => Some((Status::Failed, sanitize(words))),
        };
        if let Some((status, text)) = doing {
            lines.push(Line::raw(""));
            lines.extend(status_lines(status, &text, view, w));
        }
        lines
    }

    fn question(&self, view: &View, width: u16) -> Option<Vec<Line<'static>>> {
        let text = match &self.dialog {
            Dialog::ConfirmGenerate(kind) => format!(
                "Generate the {} report now? The service allows this once every 8 hours per \
                 tenant: the next could be generated only at {}.",
                kind.words(),
                when_words(
                    view.clock.now + Limit::Generate.every(),
                    view.clock.now,
                    view.clock.local_offset
                )
            ),
            Dialog::Replace { to, .. } => format!(
                "{} exists. Replace it with the report?",
                sanitize(&to.display().to_string())
            ),
            _ => return None,
        };
        Some(view.question(Keys::Question, &text, width.saturating_sub(1)))
    }
}

/// `Gen.`, `Next gen.`: headings in 13 columns.
fn short_heading(h: &str) -> String {
    match h {
        "Generated" => "Generated",
        "Next generate" => "Next gen.",
        "Downloaded" => "Downloaded",
        _ => "Next downl.",
    }
    .to_string()
}

/// What a report is doing, as a mark after its row (a symbol and a word, never colour alone).
fn doing_mark(doing: &Doing, view: &View) -> Option<Span<'static>> {
    let (status, word) = match doing {
        Doing::Idle => return None,
        Doing::Generating { .. } | Doing::Waiting { .. } | Doing::Saving { .. } => {
            return Some(Span::styled(
                format!("{} working", view.spinner_frame()),
                view.theme.status(Status::Pending),
            ));
        }
        Doing::Held { .. } => (Status::Ok, "ready"),
        Doing::Saved { .. } => (Status::Ok, "saved"),
        Doing::Failed(_) => (Status::Failed, "failed"),
    };
    Some(Span::styled(format!("{} {word}", status.symbol()), view.theme.status(status)))
}

fn status_lines(status: Status, text: &str, view: &View, width: u16) -> Vec<Line<'static>> {
    hanging(vec![Span::raw(" "), status.span(view.theme), Span::raw("  ")], text, width)
}

/// `0:07`, `1:02:03`.
fn wait_clock(d: time::Duration) -> String {
    let s = d.whole_seconds().max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}
