//! Screen 2, Codes: secure-enrollment or password-reset codes for one user or a list, with a
//! validity (10 minutes to 24 hours) and DISPLAY or EMAIL delivery. Results fill a table as each
//! call returns: per user the outcome, the code in large digits when displayed, its expiry in
//! local time with a countdown, and the verification link.

use crate::api::{
    CodeMode, CodeValidity, Delivery, GenerateCodeRequest, RetryNotice, ValidityUnit,
};
use crate::app::keys::{Action, Binding, DOWN, Key, TOGGLE, UP};
use crate::app::msg::{ApiOutcome, ApiRequest, Msg, RequestId};
use crate::app::screens::results::{Outcome, ResultRow};
use crate::app::{CurrentUser, Cx, Screen, View};
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{
    TextField, big_digits, choice, countdown, grouped, inline_input, local_time, text_field,
};
use crate::userlist::{UserList, email_problem};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Mode,
    Users,
    Validity,
    Unit,
    Delivery,
    CustomEmail,
    Results,
}

pub struct CodesScreen {
    mode: CodeMode,
    users: Input,
    validity: Input,
    unit: ValidityUnit,
    delivery: Delivery,
    custom_email: Input,
    focus: Field,
    editing: bool,
    problem: Option<String>,
    /// Waiting for "y" before a run for several users.
    confirming: Option<Vec<GenerateCodeRequest>>,
    run: Option<Run>,
    selected: usize,
}

struct Run {
    id: RequestId,
    mode: CodeMode,
    rows: Vec<ResultRow>,
    done: bool,
    retry: Option<RetryNotice>,
}

impl Default for CodesScreen {
    fn default() -> Self {
        Self {
            mode: CodeMode::Enrollment,
            users: Input::default(),
            validity: Input::default(),
            unit: ValidityUnit::Minutes,
            delivery: Delivery::Display,
            custom_email: Input::default(),
            focus: Field::Users,
            editing: true,
            problem: None,
            confirming: None,
            run: None,
            selected: 0,
        }
    }
}

impl CodesScreen {
    fn fields(&self) -> Vec<Field> {
        let mut fields = vec![
            Field::Mode,
            Field::Users,
            Field::Validity,
            Field::Unit,
            Field::Delivery,
        ];
        if self.delivery == Delivery::Email {
            fields.push(Field::CustomEmail);
        }
        if self.run.as_ref().is_some_and(|r| !r.rows.is_empty()) {
            fields.push(Field::Results);
        }
        fields
    }

    fn move_focus(&mut self, step: isize) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let next = (at + step).clamp(0, fields.len() as isize - 1) as usize;
        self.focus = fields[next];
        self.editing = matches!(
            self.focus,
            Field::Users | Field::Validity | Field::CustomEmail
        );
    }

    fn focused_input(&mut self) -> Option<&mut Input> {
        match self.focus {
            Field::Users => Some(&mut self.users),
            Field::Validity => Some(&mut self.validity),
            Field::CustomEmail => Some(&mut self.custom_email),
            _ => None,
        }
    }

    fn toggle(&mut self) {
        match self.focus {
            Field::Mode => {
                self.mode = match self.mode {
                    CodeMode::Enrollment => CodeMode::PasswordReset,
                    CodeMode::PasswordReset => CodeMode::Enrollment,
                }
            }
            Field::Unit => {
                self.unit = match self.unit {
                    ValidityUnit::Minutes => ValidityUnit::Hours,
                    ValidityUnit::Hours => ValidityUnit::Minutes,
                }
            }
            Field::Delivery => {
                self.delivery = match self.delivery {
                    Delivery::Display => Delivery::Email,
                    Delivery::Email => Delivery::Display,
                }
            }
            _ => {}
        }
    }

    /// Checks the form and builds one request per user, or says what is wrong.
    fn build_requests(&self) -> Result<Vec<GenerateCodeRequest>, String> {
        let text = self.users.value().replace([',', ';', ' ', '\t'], "\n");
        let list = UserList::parse(&text);
        if let Some(bad) = list.malformed.first() {
            return Err(format!(
                "\"{}\" is not a valid e-mail address ({}).",
                bad.text, bad.reason
            ));
        }
        if list.emails.is_empty() {
            return Err("Type at least one e-mail address.".into());
        }
        let validity = match self.validity.value().trim() {
            "" => None,
            text => {
                let value: u32 = text.parse().map_err(|_| {
                    format!("Validity \"{}\" is not a whole number.", sanitize(text))
                })?;
                Some(CodeValidity::new(value, self.unit).map_err(|e| capitalise(&e.to_string()))?)
            }
        };
        let custom_email = match (self.delivery, self.custom_email.value().trim()) {
            (Delivery::Email, "") | (Delivery::Display, _) => None,
            (Delivery::Email, address) => {
                if let Some(problem) = email_problem(address) {
                    return Err(format!(
                        "The custom e-mail address is not valid ({problem})."
                    ));
                }
                Some(address.to_string())
            }
        };
        Ok(list
            .emails
            .into_iter()
            .map(|email| GenerateCodeRequest {
                email,
                validity,
                delivery: Some(self.delivery),
                custom_email: custom_email.clone(),
            })
            .collect())
    }

    fn submit(&mut self, cx: &mut Cx) {
        self.problem = None;
        match self.build_requests() {
            Err(problem) => self.problem = Some(problem),
            Ok(requests) if requests.len() > 1 => {
                self.confirming = Some(requests);
                self.editing = false;
            }
            Ok(requests) => self.start(requests, cx),
        }
    }

    fn start(&mut self, requests: Vec<GenerateCodeRequest>, cx: &mut Cx) {
        let rows = requests
            .iter()
            .map(|r| ResultRow::pending(&r.email))
            .collect();
        let id = cx.request(ApiRequest::Generate {
            mode: self.mode,
            users: requests,
        });
        self.run = Some(Run {
            id,
            mode: self.mode,
            rows,
            done: false,
            retry: None,
        });
        self.selected = 0;
        self.focus = Field::Results;
        self.editing = false;
    }

    fn running_id(&self) -> Option<RequestId> {
        self.run.as_ref().filter(|r| !r.done).map(|r| r.id)
    }

    fn selected_row(&self) -> Option<&ResultRow> {
        self.run.as_ref().and_then(|r| r.rows.get(self.selected))
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str() + ".")
        .unwrap_or_default()
}

impl Screen for CodesScreen {
    fn title(&self) -> &'static str {
        "Codes"
    }

    fn bindings(&self) -> Vec<Binding> {
        if self.confirming.is_some() {
            return vec![
                Binding::new(&[Key::Char('y')], Action::Confirm, "generate"),
                Binding::new(&[Key::Char('n'), Key::Esc], Action::Cancel, "cancel"),
            ];
        }
        let mut out = Vec::new();
        if self.focus == Field::Results {
            out.push(Binding::new(UP, Action::Up, "previous"));
            out.push(Binding::new(DOWN, Action::Down, "next"));
            if self.selected_row().is_some_and(|r| r.code.is_some()) {
                out.push(Binding::new(
                    &[Key::Char('y'), Key::Char('c')],
                    Action::Copy,
                    "copy code",
                ));
            }
            out.push(Binding::new(&[Key::Char('e')], Action::Edit, "edit form"));
            return out;
        }
        out.push(Binding::new(&[Key::Enter], Action::Submit, "generate"));
        out.push(Binding::new(&[Key::Up], Action::Up, "previous field").quiet());
        out.push(Binding::new(&[Key::Down], Action::Down, "next field"));
        if self.editing {
            out.push(Binding::new(&[Key::Esc], Action::Back, "leave field"));
        } else {
            out.push(Binding::new(&UP[1..], Action::Up, "previous field").quiet());
            out.push(Binding::new(&DOWN[1..], Action::Down, "next field").quiet());
            if matches!(self.focus, Field::Mode | Field::Unit | Field::Delivery) {
                out.push(Binding::new(TOGGLE, Action::Toggle, "change"));
            } else {
                out.push(Binding::new(
                    &[Key::Char('e'), Key::Char('i')],
                    Action::Edit,
                    "edit field",
                ));
            }
        }
        out
    }

    fn editing(&self) -> bool {
        self.editing && self.confirming.is_none()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        match action {
            Action::Confirm => {
                if let Some(requests) = self.confirming.take() {
                    self.start(requests, cx);
                }
            }
            Action::Cancel => self.confirming = None,
            Action::Submit => self.submit(cx),
            Action::Back => self.editing = false,
            Action::Up if self.focus == Field::Results => {
                self.selected = self.selected.saturating_sub(1)
            }
            Action::Down if self.focus == Field::Results => {
                let len = self.run.as_ref().map_or(0, |r| r.rows.len());
                self.selected = (self.selected + 1).min(len.saturating_sub(1));
            }
            Action::Up => self.move_focus(-1),
            Action::Down => self.move_focus(1),
            Action::Toggle => self.toggle(),
            Action::Edit => {
                if self.focus == Field::Results {
                    self.focus = Field::Users;
                }
                self.editing = self.focused_input().is_some();
            }
            Action::Copy => {
                if let Some(code) = self.selected_row().and_then(|r| r.code.clone()) {
                    cx.copy(&code);
                }
            }
            _ => {}
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        let digits_only = self.focus == Field::Validity;
        if digits_only
            && let crossterm::event::KeyCode::Char(c) = key.code
            && !c.is_ascii_digit()
        {
            return;
        }
        if let Some(input) = self.focused_input() {
            input.handle_event(&crossterm::event::Event::Key(*key));
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        // A pasted list goes into the users field, one address a line becoming comma-separated.
        let joined: Vec<String> = crate::userlist::normalise_newlines(text)
            .lines()
            .map(|l| sanitize(l.trim()))
            .filter(|l| !l.is_empty())
            .collect();
        let mut value = self.users.value().trim().to_string();
        if !value.is_empty() && !joined.is_empty() {
            value.push_str(", ");
        }
        value.push_str(&joined.join(", "));
        self.users = Input::new(value);
        self.focus = Field::Users;
        self.editing = true;
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, _cx: &mut Cx) {
        let Some(running) = self.running_id() else {
            return;
        };
        let Some(run) = self.run.as_mut() else { return };
        match msg {
            Some(Msg::Retrying(id, notice)) if *id == running => {
                run.retry = Some(notice.clone());
                msg.take();
            }
            Some(Msg::Api(id, ApiOutcome::Generated { .. })) if *id == running => {
                let Some(Msg::Api(
                    _,
                    ApiOutcome::Generated {
                        emails,
                        results,
                        last,
                    },
                )) = msg.take()
                else {
                    return;
                };
                run.retry = None;
                crate::app::screens::results::apply_generated(&mut run.rows, &emails, results);
                run.done = last;
            }
            _ => {}
        }
    }

    fn user_changed(&mut self, user: Option<&CurrentUser>) {
        // A freshly looked-up user becomes the one to act on, unless a list is being prepared.
        if let Some(user) = user
            && !self.users.value().contains(',')
        {
            self.users = Input::new(user.email.clone());
        }
    }

    fn busy(&self) -> bool {
        self.running_id().is_some()
    }

    fn bulk_running(&self) -> bool {
        self.run
            .as_ref()
            .is_some_and(|r| !r.done && r.rows.len() > 1)
    }

    fn counting_down(&self, clock: &crate::app::Clock) -> bool {
        self.run.as_ref().is_some_and(|r| {
            r.rows
                .iter()
                .any(|row| row.expires.is_some_and(|e| e > clock.now))
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let email_row = if self.delivery == Delivery::Email {
            1
        } else {
            0
        };
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
        let mode_index = if self.mode == CodeMode::Enrollment {
            0
        } else {
            1
        };
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
        let unit_index = if self.unit == ValidityUnit::Minutes {
            0
        } else {
            1
        };
        spans.extend(
            choice(
                "",
                &["MIN", "HOUR"],
                unit_index,
                focused(Field::Unit),
                theme,
            )
            .spans
            .into_iter()
            .skip(1),
        );
        spans.push(Span::raw("  "));
        let delivery_index = if self.delivery == Delivery::Display {
            0
        } else {
            1
        };
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
            Line::from(vec![
                Span::raw(" "),
                Status::Warning.span(theme),
                Span::raw(format!(
                    "  Generate {} codes for {} users? Codes they hold now stop working.  ",
                    self.mode.label(),
                    requests.len()
                )),
                Span::styled("y", theme.accent()),
                Span::raw(" / "),
                Span::styled("n", theme.accent()),
            ])
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
}

impl CodesScreen {
    fn draw_results(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let Some(run) = &self.run else { return };
        let done = run.rows.iter().filter(|r| !r.is_pending()).count();
        let title = if run.done {
            format!(
                " {} codes: {done} of {} ",
                capitalise(run.mode.label()).trim_end_matches('.'),
                run.rows.len()
            )
        } else {
            format!(
                " {} Generating {} codes: {done} of {} ",
                view.spinner_frame(),
                run.mode.label(),
                run.rows.len()
            )
        };
        let selected = run.rows.get(self.selected);
        let code_height = match selected.and_then(|r| r.code.as_ref()) {
            Some(_) if area.height >= 12 => 6,
            Some(_) => 3,
            None => 0,
        };
        // The table is as tall as its rows (header and borders included), so the selected
        // code sits right under it rather than at the bottom of a tall terminal.
        const DETAIL_HEIGHT: u16 = 2;
        let table_height = (run.rows.len() as u16 + 3)
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
        let rows = run.rows.iter().map(|row| {
            let (status, detail) = row.status_and_detail();
            let code = match (&row.code, &row.outcome) {
                (Some(code), _) => grouped(code.expose()),
                (None, Outcome::Done(c)) if c.is_success() => "e-mailed".into(),
                _ => String::new(),
            };
            let expiry = row
                .expires
                .map(|e| {
                    let left = countdown(e, view.clock.now);
                    if wide {
                        format!(
                            "{} ({left})",
                            local_time(e, view.clock.now, view.clock.local_offset)
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
        let table = Table::new(rows, widths)
            .header(header)
            // Marked by a symbol and bold, not recoloured: status colours stay readable.
            .row_highlight_style(theme.selected_row())
            .highlight_symbol(if self.focus == Field::Results {
                "▶ "
            } else {
                "  "
            })
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.border(self.focus == Field::Results))
                    .title(title),
            );
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, table_area, &mut state);
        // The table cuts long results short; the selected one is shown whole.
        if let Some(row) = selected {
            let (status, detail) = row.status_and_detail();
            let line = Line::from(vec![
                Span::raw(" "),
                status.span(theme),
                Span::styled(format!("  {}: ", sanitize(&row.email)), theme.text()),
                Span::raw(detail),
            ]);
            frame.render_widget(
                Paragraph::new(line).wrap(ratatui::widgets::Wrap { trim: false }),
                detail_area,
            );
        }

        if let Some(row) = selected
            && let Some(code) = &row.code
        {
            let mut lines = Vec::new();
            if code_height >= 6 {
                lines.extend(
                    big_digits(code.expose())
                        .into_iter()
                        .map(|r| Line::styled(format!(" {r}"), theme.code())),
                );
            } else {
                lines.push(Line::styled(
                    format!(" {}", grouped(code.expose())),
                    theme.code(),
                ));
            }
            if let Some(link) = &row.link {
                lines.push(Line::from(vec![
                    Span::styled(" Link: ", theme.muted()),
                    Span::raw(sanitize(link)),
                ]));
            }
            let block = Block::default()
                .borders(Borders::TOP)
                .border_style(theme.border(false))
                .title(format!(" Code for {} (y to copy) ", sanitize(&row.email)));
            frame.render_widget(Paragraph::new(lines).block(block), code_area);
        }
    }
}
