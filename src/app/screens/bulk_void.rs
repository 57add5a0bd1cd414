//! Screen 3, Bulk void: paste a list (bracketed paste) or open a .txt/.csv file; choose
//! ENROLLMENT or PASSWORD_RESET; check the preview (malformed lines flagged with their line
//! numbers, duplicates removed, counts shown); confirm an exact number of users; watch the
//! gauge and the per-user table fill as calls return; export the results to CSV.

use crate::api::{CodeMode, RetryNotice};
use crate::app::keys::{Action, Binding, DOWN, Key, UP};
use crate::app::msg::{ApiOutcome, ApiRequest, Command, Msg, RequestId};
use crate::app::screens::results::{ResultRow, apply_voided, to_csv};
use crate::app::{Cx, Screen, View};
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{TextField, choice, text_field};
use crate::userlist::UserList;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Row, Table, TableState, Wrap};
use std::path::PathBuf;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

pub struct BulkVoidScreen {
    mode: CodeMode,
    stage: Stage,
    /// Where the list came from: "pasted list" or the file's path.
    source: String,
    path: Input,
    choosing_file: bool,
    file_request: Option<RequestId>,
    export_request: Option<RequestId>,
    problem: Option<String>,
    selected: usize,
}

enum Stage {
    Empty,
    Preview(UserList),
    Confirm(UserList),
    Running(Run),
}

struct Run {
    id: RequestId,
    mode: CodeMode,
    rows: Vec<ResultRow>,
    done: bool,
    cancelling: bool,
    retry: Option<RetryNotice>,
}

impl Default for BulkVoidScreen {
    fn default() -> Self {
        Self {
            mode: CodeMode::Enrollment,
            stage: Stage::Empty,
            source: String::new(),
            path: Input::default(),
            choosing_file: false,
            file_request: None,
            export_request: None,
            problem: None,
            selected: 0,
        }
    }
}

/// "1 user", "3 users".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn mode_word(mode: CodeMode) -> &'static str {
    match mode {
        CodeMode::Enrollment => "ENROLLMENT",
        CodeMode::PasswordReset => "PASSWORD_RESET",
    }
}

impl BulkVoidScreen {
    fn load_text(&mut self, text: &str, source: String) {
        let list = UserList::parse(text);
        self.problem =
            (list.emails.is_empty()).then(|| "No e-mail addresses found in that list.".to_string());
        self.source = source;
        self.stage = Stage::Preview(list);
        self.selected = 0;
    }

    fn run(&self) -> Option<&Run> {
        match &self.stage {
            Stage::Running(run) => Some(run),
            _ => None,
        }
    }

    fn in_flight(&self) -> Option<RequestId> {
        self.run().filter(|r| !r.done).map(|r| r.id)
    }
}

impl Screen for BulkVoidScreen {
    fn title(&self) -> &'static str {
        "Bulk void"
    }

    fn bindings(&self) -> Vec<Binding> {
        if self.choosing_file {
            return vec![
                Binding::new(&[Key::Enter], Action::Submit, "open"),
                Binding::new(&[Key::Esc], Action::Back, "cancel"),
            ];
        }
        let mut out = Vec::new();
        match &self.stage {
            Stage::Confirm(_) => {
                out.push(Binding::new(
                    &[Key::Char('y')],
                    Action::Confirm,
                    "void them",
                ));
                out.push(Binding::new(
                    &[Key::Char('n'), Key::Esc],
                    Action::Cancel,
                    "go back",
                ));
                return out;
            }
            Stage::Running(run) => {
                out.push(Binding::new(UP, Action::Up, "previous"));
                out.push(Binding::new(DOWN, Action::Down, "next"));
                out.push(Binding::new(&[Key::PageUp], Action::PageUp, "page up").quiet());
                out.push(Binding::new(&[Key::PageDown], Action::PageDown, "page down").quiet());
                if run.done {
                    out.push(Binding::new(
                        &[Key::Char('w')],
                        Action::Export,
                        "export CSV",
                    ));
                    out.push(Binding::new(&[Key::Char('c')], Action::Clear, "new list"));
                } else if !run.cancelling {
                    out.push(Binding::new(&[Key::Char('x')], Action::Cancel, "stop"));
                }
                return out;
            }
            Stage::Preview(list) if !list.emails.is_empty() => {
                out.push(Binding::new(
                    &[Key::Enter],
                    Action::Submit,
                    "review and void",
                ));
            }
            _ => {}
        }
        out.push(Binding::new(&[Key::Char('m')], Action::ToggleMode, "mode"));
        out.push(Binding::new(
            &[Key::Char('o')],
            Action::LoadFile,
            "open file",
        ));
        if !matches!(self.stage, Stage::Empty) {
            out.push(Binding::new(&[Key::Char('c')], Action::Clear, "clear"));
        }
        out
    }

    fn editing(&self) -> bool {
        self.choosing_file
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        if self.choosing_file {
            match action {
                Action::Submit => {
                    let path = self.path.value().trim().to_string();
                    if path.is_empty() {
                        self.problem = Some("Type the path of a .txt or .csv file.".into());
                        return;
                    }
                    let id = cx.new_id();
                    cx.command(Command::ReadFile(id, PathBuf::from(&path)));
                    self.file_request = Some(id);
                    self.choosing_file = false;
                    self.problem = None;
                }
                Action::Back => self.choosing_file = false,
                _ => {}
            }
            return;
        }
        match action {
            Action::ToggleMode => {
                self.mode = match self.mode {
                    CodeMode::Enrollment => CodeMode::PasswordReset,
                    CodeMode::PasswordReset => CodeMode::Enrollment,
                }
            }
            Action::LoadFile => {
                self.choosing_file = true;
                self.problem = None;
            }
            Action::Clear => {
                *self = Self {
                    mode: self.mode,
                    ..Self::default()
                };
            }
            Action::Submit => {
                if let Stage::Preview(list) = std::mem::replace(&mut self.stage, Stage::Empty) {
                    self.stage = Stage::Confirm(list);
                }
            }
            Action::Cancel => match &mut self.stage {
                Stage::Confirm(_) => {
                    if let Stage::Confirm(list) = std::mem::replace(&mut self.stage, Stage::Empty) {
                        self.stage = Stage::Preview(list);
                    }
                }
                Stage::Running(run) if !run.done => {
                    run.cancelling = true;
                    cx.command(Command::Cancel(run.id));
                }
                _ => {}
            },
            Action::Confirm => {
                if let Stage::Confirm(list) = std::mem::replace(&mut self.stage, Stage::Empty) {
                    let rows = list.emails.iter().map(|e| ResultRow::pending(e)).collect();
                    let id = cx.request(ApiRequest::Void {
                        mode: self.mode,
                        emails: list.emails,
                    });
                    self.stage = Stage::Running(Run {
                        id,
                        mode: self.mode,
                        rows,
                        done: false,
                        cancelling: false,
                        retry: None,
                    });
                    self.selected = 0;
                }
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => {
                self.selected = (self.selected + 1)
                    .min(self.run().map_or(0, |r| r.rows.len().saturating_sub(1)))
            }
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => {
                self.selected = (self.selected + 10)
                    .min(self.run().map_or(0, |r| r.rows.len().saturating_sub(1)))
            }
            Action::Export => {
                if let Some(run) = self.run() {
                    let stamp = cx.clock.now.to_offset(cx.clock.local_offset);
                    let name = format!(
                        "casdesk-void-{}-{:04}{:02}{:02}-{:02}{:02}{:02}.csv",
                        mode_word(run.mode).to_ascii_lowercase(),
                        stamp.year(),
                        u8::from(stamp.month()),
                        stamp.day(),
                        stamp.hour(),
                        stamp.minute(),
                        stamp.second()
                    );
                    let id = cx.new_id();
                    cx.command(Command::WriteFile(
                        id,
                        PathBuf::from(name),
                        to_csv(&run.rows),
                    ));
                    self.export_request = Some(id);
                }
            }
            _ => {}
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        if self.choosing_file {
            self.path.handle_event(&crossterm::event::Event::Key(*key));
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        if self.choosing_file {
            let text = crate::userlist::normalise_newlines(text);
            self.path = Input::new(sanitize(text.lines().next().unwrap_or("").trim()));
            return;
        }
        if matches!(self.stage, Stage::Empty | Stage::Preview(_)) {
            self.load_text(text, "pasted list".into());
        }
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        match msg {
            Some(Msg::FileLoaded(id, _)) if Some(*id) == self.file_request => {
                let Some(Msg::FileLoaded(_, result)) = msg.take() else {
                    return;
                };
                self.file_request = None;
                match result {
                    Ok(text) => self.load_text(&text, sanitize(self.path.value().trim())),
                    Err(problem) => self.problem = Some(sanitize(&problem)),
                }
            }
            Some(Msg::FileWritten(id, _)) if Some(*id) == self.export_request => {
                let Some(Msg::FileWritten(_, result)) = msg.take() else {
                    return;
                };
                self.export_request = None;
                match result {
                    Ok(path) => {
                        cx.toast(Status::Ok, format!("Results saved to {}", path.display()))
                    }
                    Err(problem) => cx.toast(Status::Failed, problem),
                }
            }
            Some(Msg::Retrying(id, _)) if Some(*id) == self.in_flight() => {
                let Some(Msg::Retrying(_, notice)) = msg.take() else {
                    return;
                };
                if let Stage::Running(run) = &mut self.stage {
                    run.retry = Some(notice);
                }
            }
            Some(Msg::Api(id, ApiOutcome::Voided { .. })) if Some(*id) == self.in_flight() => {
                let Some(Msg::Api(
                    _,
                    ApiOutcome::Voided {
                        emails,
                        results,
                        last,
                    },
                )) = msg.take()
                else {
                    return;
                };
                if let Stage::Running(run) = &mut self.stage {
                    run.retry = None;
                    apply_voided(&mut run.rows, &emails, results);
                    run.done = last;
                }
            }
            _ => {}
        }
    }

    fn busy(&self) -> bool {
        self.in_flight().is_some() || self.file_request.is_some()
    }

    fn bulk_running(&self) -> bool {
        self.in_flight().is_some()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
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
            let index = if self.mode == CodeMode::Enrollment {
                0
            } else {
                1
            };
            let mode_line = choice(
                " Void codes",
                &["ENROLLMENT", "PASSWORD_RESET"],
                index,
                false,
                theme,
            );
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
                let text = vec![
                    Line::raw(""),
                    Line::raw(
                        " Paste a list of e-mail addresses into the terminal (one a line, or CSV),",
                    ),
                    Line::raw(" or press o to open a .txt or .csv file."),
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
            Stage::Preview(list) => {
                draw_preview(frame, body, list, &self.source, self.mode, None, view)
            }
            Stage::Confirm(list) => draw_preview(
                frame,
                body,
                list,
                &self.source,
                self.mode,
                Some(list.emails.len()),
                view,
            ),
            Stage::Running(run) => draw_run(frame, body, run, self.selected, view),
        }
    }
}

fn draw_preview(
    frame: &mut Frame,
    area: Rect,
    list: &UserList,
    source: &str,
    mode: CodeMode,
    confirm: Option<usize>,
    view: &View,
) {
    let theme = view.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {} ", sanitize(source)), theme.muted()),
        Span::styled(
            format!("{} to void", count(list.emails.len(), "user", "users")),
            theme.title(),
        ),
        Span::raw(format!(
            "  ·  {} removed  ·  {} not an address",
            count(list.duplicates, "duplicate", "duplicates"),
            count(list.malformed.len(), "line", "lines")
        )),
    ])];
    if let Some(count) = confirm {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::raw(" "),
            Status::Warning.span(theme),
            Span::styled(
                format!(
                    "  Void the {} codes of exactly {count} users?",
                    mode_word(mode)
                ),
                theme.title(),
            ),
        ]));
        lines.push(Line::raw(
            "   Voided codes stop working at once and cannot be restored.",
        ));
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled("y", theme.accent()),
            Span::raw(" void them   "),
            Span::styled("n", theme.accent()),
            Span::raw(" go back"),
        ]));
    }
    if !list.malformed.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::raw(" "),
            Status::Warning.span(theme),
            Span::raw("  These lines are not addresses and will be skipped:"),
        ]));
        for bad in list.malformed.iter().take(5) {
            lines.push(Line::styled(
                format!("   line {}: {}  ({})", bad.line, bad.text, bad.reason),
                theme.text(),
            ));
        }
        if list.malformed.len() > 5 {
            lines.push(Line::styled(
                format!("   … and {} more", list.malformed.len() - 5),
                theme.muted(),
            ));
        }
    }
    lines.push(Line::raw(""));
    let room = (area.height as usize).saturating_sub(lines.len() + 2);
    for email in list.emails.iter().take(room) {
        lines.push(Line::raw(format!("   {}", sanitize(email))));
    }
    if list.emails.len() > room && room > 0 {
        lines.push(Line::styled(
            format!("   … and {} more", list.emails.len() - room),
            theme.muted(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_run(frame: &mut Frame, area: Rect, run: &Run, selected: usize, view: &View) {
    let theme = view.theme;
    let total = run.rows.len();
    let finished = run.rows.iter().filter(|r| !r.is_pending()).count();
    let count = |s: Status| {
        run.rows
            .iter()
            .filter(|r| !r.is_pending() && r.status() == s)
            .count()
    };
    let [gauge_area, summary, table_area, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(area);
    let state = if run.done && run.cancelling {
        "stopped"
    } else if run.done {
        "done"
    } else if run.cancelling {
        "stopping after the calls in flight"
    } else {
        "voiding"
    };
    let ratio = if total == 0 {
        1.0
    } else {
        finished as f64 / total as f64
    };
    let gauge = Gauge::default()
        .ratio(ratio)
        .label(format!("{finished} of {total} ({state})"))
        .gauge_style(theme.status(if run.done {
            Status::Ok
        } else {
            Status::Pending
        }));
    frame.render_widget(gauge, gauge_area);
    let mut spans = vec![Span::raw(" ")];
    for status in [Status::Ok, Status::Warning, Status::Failed, Status::Pending] {
        let n = if status == Status::Pending {
            total - finished
        } else {
            count(status)
        };
        spans.push(Span::styled(
            format!("{} {} {n}", status.symbol(), status.word()),
            theme.status(status),
        ));
        spans.push(Span::raw("   "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), summary);
    let rows = run.rows.iter().map(|row| {
        let (status, detail) = row.status_and_detail();
        Row::new(vec![
            ratatui::text::Text::from(status.span(theme)),
            ratatui::text::Text::raw(sanitize(&row.email)),
            ratatui::text::Text::styled(detail, theme.muted()),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(10),
            Constraint::Length(32),
            Constraint::Min(10),
        ],
    )
    .header(Row::new(vec!["Status", "User", "Result"]).style(theme.muted()))
    // Marked by a symbol and bold, not recoloured: status colours stay readable.
    .row_highlight_style(theme.selected_row())
    .highlight_symbol("▶ ")
    .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
    .block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(format!(" {} void ", mode_word(run.mode))),
    );
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, table_area, &mut state);
    // The table cuts long results short; the selected one is shown whole.
    if let Some(row) = run.rows.get(selected) {
        let (status, detail) = row.status_and_detail();
        let line = Line::from(vec![
            Span::raw(" "),
            status.span(theme),
            Span::styled(format!("  {}: ", sanitize(&row.email)), theme.text()),
            Span::raw(detail),
        ]);
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), detail_area);
    }
}
