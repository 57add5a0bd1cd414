//! Drawing the Device registration screen: who and which app, then the code (or why not).

use super::{By, DeviceScreen, Field, Issued, Keys, State, explain_refusal};
use crate::app::View;
use crate::app::keys::Action;
use crate::messages::Failure;
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{
    TextField, choice, code_lines, expiry_with_countdown, hanging, text_field,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

const APPS: [&str; 3] = ["iOS and Android", "Windows", "macOS"];

/// The form with a code issued: every key a message here names works in it.
const WITH_A_CODE: Keys = Keys::Form { on_choice: false, issued: true };

impl DeviceScreen {
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let [by, target, app, _, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
        ])
        .areas(area);
        let focused = |f: Field| view.focused && self.cursor.is(f);
        let by_index = if self.by == By::Email { 0 } else { 1 };
        frame.render_widget(
            Paragraph::new(choice(
                " Find by",
                &["E-mail", "Username"],
                by_index,
                focused(Field::By),
                theme,
            )),
            by,
        );
        let field = TextField {
            label: if self.by == By::Email { "E-mail address" } else { "Username" },
            input: &self.target,
            focused: focused(Field::Target),
            editing: focused(Field::Target) && self.cursor.editing(),
            placeholder: "look a user up on screen 1, or type here",
        };
        text_field(frame, target, field, theme);
        let app_index =
            crate::api::AuthenticatorApp::ALL.iter().position(|a| *a == self.app).unwrap_or(0);
        frame.render_widget(
            Paragraph::new(choice(" App", &APPS, app_index, focused(Field::App), theme)),
            app,
        );
        let mut lines = match &self.state {
            State::Empty => hanging(
                vec![Span::raw(" ")],
                &format!(
                    "{} asks the service for a one-time code the user types into the RSA \
                     Authenticator app to register it. Only for users without a registered \
                     device.",
                    view.key(WITH_A_CODE, Action::Submit).unwrap_or_default()
                ),
                body.width,
            )
            .into_iter()
            .map(|l| l.style(theme.muted()))
            .collect(),
            State::Invalid(problem) => vec![Line::from(vec![
                Span::raw(" "),
                Status::Failed.span(theme),
                Span::raw(format!("  {problem}")),
            ])],
            State::Loading { who, retry, .. } => {
                let mut lines = vec![Line::from(vec![
                    Span::styled(
                        format!(" {} ", view.spinner_frame()),
                        theme.status(Status::Pending),
                    ),
                    Status::Pending.span(theme),
                    Span::raw(format!("  Asking for a registration code for {}…", sanitize(who))),
                ])];
                if let Some(notice) = retry {
                    lines.push(crate::app::screens::lookup::retry_line(notice, view));
                }
                lines
            }
            State::Failed { who, failure } => failed_lines(who, failure, view, body.width),
            State::Issued(issued) => return draw_issued(frame, body, issued, view),
        };
        // Before Enter: a code a colleague issued this user in the last day, which a new one
        // replaces (there is no question here to say it in).
        if matches!(self.state, State::Empty | State::Invalid(_)) && self.by == By::Email {
            let mine = crate::others::Act::DeviceCode;
            let user_id = view.others.user_id_of(self.target.value());
            lines.extend(view.others.warning_lines(
                user_id,
                &mine,
                view.clock.now,
                (theme, body.width),
            ));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    }
}

fn failed_lines(who: &str, failure: &Failure, view: &View, width: u16) -> Vec<Line<'static>> {
    let theme = view.theme;
    let mut lines = vec![Line::from(vec![
        Span::raw(" "),
        Status::Failed.span(theme),
        Span::raw(format!("  No registration code for {}", sanitize(who))),
    ])];
    match explain_refusal(failure) {
        Some((what, next)) => {
            lines.push(Line::raw(""));
            lines.push(Line::styled(format!(" {what}"), theme.text()));
            lines.extend(hanging(vec![Span::raw(" ")], next, width));
            lines.push(Line::raw(""));
            lines.extend(hanging(
                vec![Span::styled(" Service said: ", theme.muted())],
                &failure.message,
                width,
            ));
        }
        None => {
            lines.extend(hanging(vec![Span::raw(" ")], &failure.message, width));
            if failure.uncertain {
                lines.push(Line::styled(
                    " A code may have been issued anyway; asking again replaces it.",
                    theme.muted(),
                ));
            }
        }
    }
    lines
}

fn draw_issued(frame: &mut Frame, area: Rect, issued: &Issued, view: &View) {
    let theme = view.theme;
    let code = &view.code(issued.code.code.expose());
    // Block digits need three rows and the six below them.
    let big = area.height >= 11;
    let mut lines = code_lines(code, big, theme);
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::raw(" "),
        Status::Ok.span(theme),
        Span::raw(format!("  Code issued for {}", issued.app.label())),
    ]));
    let row = |label: &str, value: String| {
        Line::from(vec![Span::styled(format!(" {label:<12}"), theme.muted()), Span::raw(value)])
    };
    if let Some(expires) = issued.expires {
        lines.push(row("Expires", expiry_with_countdown(expires, &view.clock)));
    } else if let Some(text) = &issued.code.expiration_date {
        lines.push(row("Expires", sanitize(text)));
    }
    if let Some(company) = &issued.code.company_id {
        lines.push(row("Company ID", sanitize(company)));
    }
    lines.push(Line::styled(
        " The user registers the app with this code (and the Company ID); it works once.",
        theme.muted(),
    ));
    let copy = view.key(WITH_A_CODE, Action::Copy).unwrap_or_default();
    let title = format!(" Registration code for {} ({copy} to copy) ", sanitize(&issued.who));
    let block =
        Block::default().borders(Borders::TOP).border_style(theme.border(false)).title(title);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}
