//! Drawing the Codes screen's form and the line under it (what Enter will ask for, what stops
//! it, or the question before a run); the results are in `draw_results`.

use super::{CodesScreen, Field, Keys};
use crate::api::{CodeMode, Delivery, ValidityUnit};
use crate::app::View;
use crate::ui::status::Status;
use crate::ui::widgets::{TextField, choice, hanging, inline_input, text_field};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

impl CodesScreen {
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let form = &self.form;
        let email_row = if form.delivery == Delivery::Email { 1 } else { 0 };
        let [mode, users, options, custom, message, results] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Length(email_row),
            // Two lines: a validation error or a confirmation must be read whole at 80 columns;
            // four when one user is asked about because a colleague's code would be voided.
            Constraint::Length(
                if self.confirming.as_ref().is_some_and(|a| a.requests.len() == 1) { 4 } else { 2 },
            ),
            Constraint::Min(3),
        ])
        .areas(area);
        let focused = |f: Field| view.focused && form.cursor.is(f) && self.confirming.is_none();
        let typing = |f: Field| focused(f) && form.cursor.editing();
        let mode_index = if form.mode == CodeMode::Enrollment { 0 } else { 1 };
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
            input: &form.users,
            focused: focused(Field::Users),
            editing: typing(Field::Users),
            placeholder: "e-mail address(es)",
        };
        text_field(frame, users, field, theme);

        // Validity value, unit and delivery share one line.
        let (mut spans, cursor) = inline_input(
            " Validity",
            &form.validity.input,
            crate::app::screens::VALIDITY_WIDTH,
            focused(Field::Validity),
            typing(Field::Validity),
            "default",
            theme,
        );
        spans.push(Span::raw(" "));
        let unit_index = if form.validity.unit == ValidityUnit::Minutes { 0 } else { 1 };
        spans.extend(
            choice("", &["MIN", "HOUR"], unit_index, focused(Field::Unit), theme)
                .spans
                .into_iter()
                .skip(1),
        );
        spans.push(Span::raw(" "));
        let delivery_index = if form.delivery == Delivery::Display { 0 } else { 1 };
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
                &form.custom_email,
                // As wide as the line: a long address is seen whole before it is sent.
                usize::from(custom.width).saturating_sub(14).max(20),
                focused(Field::CustomEmail),
                typing(Field::CustomEmail),
                "the user's own address",
                theme,
            );
            frame.render_widget(Paragraph::new(Line::from(spans)), custom);
            if let Some(x) = cursor {
                frame.set_cursor_position(Position::new(custom.x + x, custom.y));
            }
        }
        let lines = self.message(view, message.width);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), message);
        self.draw_results(frame, results, view);
    }

    /// The line under the form, most pressing first: a refusal of the last Enter, the question
    /// before a run, a retry under way, then what Enter would ask for as the fields read now.
    fn message(&self, view: &View, width: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let status_lines = |status: Status, text: &str| {
            hanging(vec![Span::raw(" "), status.span(theme), Span::raw("  ")], text, width)
        };
        if let Some(problem) = &self.problem {
            return status_lines(Status::Failed, problem);
        }
        if let Some(asked) = &self.confirming {
            let question = format!(
                "Generate {} codes for {}, {}, {}? Codes they hold now stop working.",
                self.form.mode.label(),
                match asked.requests.len() {
                    1 => "1 user".to_string(),
                    n => format!("{n} users"),
                },
                asked.validity_words(),
                asked.delivery_words(),
            );
            let mut lines = view.question(Keys::Confirming, &question, width);
            // One user: a code a colleague generated for them in the last day is voided.
            if let [one] = asked.requests.as_slice() {
                let mine = crate::others::for_code(self.form.mode, false);
                let user_id = view.others.user_id_of(&one.email);
                lines.extend(view.others.warning_lines(
                    user_id,
                    &mine,
                    view.clock.now,
                    (theme, width),
                ));
            }
            return lines;
        }
        if let Some(notice) = self.run.as_ref().filter(|r| !r.done).and_then(|r| r.retry.as_ref()) {
            return vec![crate::app::screens::lookup::retry_line(notice, view)];
        }
        if let Some((email, why)) = self.disabled_target() {
            return status_lines(Status::Warning, &super::disabled_words(email, why));
        }
        match self.form.preview() {
            // A validity that cannot be sent is said as soon as it is typed, before Enter.
            Err(problem) => status_lines(Status::Warning, &problem),
            Ok(preview) => vec![Line::styled(format!(" {preview}"), theme.muted())],
        }
    }
}
