//! Drawing the Emergency tokencode screen: the user's current emergency access, the enable
//! options, the message line (problems, confirmations, progress) and the code just enabled.

use super::{EmergencyScreen, Field, Issued, Keys, ONE_TIME, Pending, State, UNITS, explain};
use crate::app::View;
use crate::app::keys::Action;
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{
    choice, code_lines, expiry_with_countdown, hanging, inline_input, service_time,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The form with a code issued and active: every key a message here names works in it.
const WITH_A_CODE: Keys = Keys::Form { on_choice: true, issued: true, active: true };

impl EmergencyScreen {
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        if self.user.is_none() {
            let lines = vec![
                Line::raw(""),
                Line::raw(" No user selected."),
                Line::styled(
                    " Look the user up on screen 1 (press 1), then come back here (5).",
                    theme.muted(),
                ),
            ];
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
        // The message takes the lines it needs (a result, what stops the next change, a failed
        // refresh), four at least so the code below does not jump.
        let message_lines = self.message_lines(view, area.width);
        let message_height = message_lines.len().clamp(4, 8) as u16;
        let [current, one_time, validity, message, result] = Layout::vertical([
            Constraint::Length(5),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(message_height),
            Constraint::Min(3),
        ])
        .areas(area);
        self.draw_current(frame, current, view);
        let focused = |f: Field| view.focused && self.cursor.is(f) && self.confirming.is_none();
        let chosen = ONE_TIME.iter().position(|v| *v == self.one_time).unwrap_or(0);
        frame.render_widget(
            Paragraph::new(choice(
                " Single use",
                &["tenant default", "yes", "no"],
                chosen,
                focused(Field::OneTime),
                theme,
            )),
            one_time,
        );
        let (mut spans, cursor) = inline_input(
            " Valid for",
            &self.validity.input,
            crate::app::screens::VALIDITY_WIDTH,
            focused(Field::Validity),
            focused(Field::Validity) && self.cursor.editing(),
            "default",
            theme,
        );
        spans.push(Span::raw(" "));
        // With no number the tenant's validity applies: no unit is chosen until one is asked for.
        let unit = if self.validity.input.value().trim().is_empty() && !focused(Field::Unit) {
            UNITS.len()
        } else {
            UNITS.iter().position(|u| *u == self.validity.unit).unwrap_or(0)
        };
        spans.extend(
            choice("", &["minutes", "hours", "days"], unit, focused(Field::Unit), theme)
                .spans
                .into_iter()
                .skip(1),
        );
        frame.render_widget(Paragraph::new(Line::from(spans)), validity);
        if let Some(x) = cursor {
            frame.set_cursor_position(Position::new(validity.x + x, validity.y));
        }
        frame.render_widget(Paragraph::new(message_lines).wrap(Wrap { trim: false }), message);
        if let Some(issued) = self.issued() {
            draw_issued(frame, result, issued, view);
        }
    }

    fn draw_current(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let Some(user) = &self.user else { return };
        let d = &user.details;
        let row = |label: &str, value: Span<'static>| {
            Line::from(vec![Span::styled(format!(" {label:<14}"), theme.muted()), value])
        };
        let online = if d.has_emergency_tokencode() {
            let until = d
                .emergency_tokencode_expiration
                .as_deref()
                .map(|t| format!(" until {}", service_time(t, &view.clock)))
                .unwrap_or_default();
            let once = if d.emergency_tokencode_one_time_use == Some(true) {
                ", one-time use"
            } else {
                ""
            };
            Span::styled(format!("⚠ active{until}{once}"), theme.status(Status::Warning))
        } else {
            Span::styled("none active", theme.text())
        };
        let last_use = d
            .emergency_tokencode_last_use
            .as_deref()
            .map(|t| service_time(t, &view.clock))
            .unwrap_or_else(|| "—".into());
        let offline = match (
            &self.state,
            &d.offline_emergency_access_status,
            &d.offline_emergency_tokencode_expiration,
        ) {
            (_, _, Some(until)) => {
                format!("until {} (Windows agent)", service_time(until, &view.clock))
            }
            // The service's record no longer shows it, but the vendor says a code already on a
            // Windows agent outlives the online code: the panel says what the result line says.
            (State::Disabled { offline_until: Some(until) }, _, None) => format!(
                "works on a Windows agent until {}",
                crate::ui::widgets::local_time(*until, view.clock.now, view.clock.local_offset)
            ),
            (_, Some(status), None) => sanitize(status),
            (_, None, None) => "—".into(),
        };
        let mut title = format!(" Emergency access of {} ", sanitize(&user.email));
        if self.refresh.is_some() {
            title.push_str(&format!("{} refreshing ", view.spinner_frame()));
        }
        let lines = vec![
            row("Online code", online),
            row("Last used", Span::styled(last_use, theme.text())),
            row("Offline code", Span::styled(offline, theme.text())),
        ];
        let block =
            Block::default().borders(Borders::ALL).border_style(theme.border(false)).title(title);
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }

    fn message_lines(&self, view: &View, width: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let status_lines = |status: Status, text: &str| {
            hanging(vec![Span::raw(" "), status.span(theme), Span::raw("  ")], text, width)
        };
        let ask = |text: &str| view.question(self.keys(), text, width);
        let email = self.user.as_ref().map(|u| sanitize(&u.email)).unwrap_or_default();
        let mut lines = match (&self.confirming, &self.state) {
            (Some(Pending::Disable { offline_until, .. }), _) => {
                // The offline code is named only when one is on record, as the result says.
                let offline = match offline_until {
                    Some(until) => format!(
                        "; an offline code already on a Windows agent works until {}",
                        crate::ui::widgets::local_time(
                            *until,
                            view.clock.now,
                            view.clock.local_offset
                        )
                    ),
                    None => String::new(),
                };
                ask(&format!(
                    "Disable the emergency tokencode of {email}? It stops working online at once \
                     and cannot be re-enabled{offline}."
                ))
            }
            (Some(Pending::Enable(_)), _) => ask(&format!(
                "{email} already has an emergency tokencode. Enable a new one? The current one \
                 stops working."
            )),
            (None, State::Idle) => match self.preview() {
                // A validity that cannot be sent is said as soon as it is typed, before Enter.
                Err(problem) => status_lines(Status::Warning, &problem),
                Ok(preview) => hanging(vec![Span::raw(" ")], &preview, width)
                    .into_iter()
                    .map(|l| l.style(theme.muted()))
                    .collect(),
            },
            (None, State::Invalid(problem)) => status_lines(Status::Failed, problem),
            (None, State::ActiveCodeUnknown) => {
                let refresh = view.key(WITH_A_CODE, Action::Refresh).unwrap_or_default();
                let text = format!(
                    "The service did not say which code is active; press {refresh} to refresh."
                );
                status_lines(Status::Failed, &text)
            }
            (None, State::Working { enabling, retry, email, .. }) => {
                let email = sanitize(email);
                let doing = if *enabling { "Enabling" } else { "Disabling" };
                let mut lines = vec![Line::from(vec![
                    Span::styled(
                        format!(" {} ", view.spinner_frame()),
                        theme.status(Status::Pending),
                    ),
                    Status::Pending.span(theme),
                    Span::raw(format!("  {doing} the emergency tokencode of {email}…")),
                ])];
                if let Some(notice) = retry {
                    lines.push(crate::app::screens::lookup::retry_line(notice, view));
                }
                lines
            }
            (None, State::Enabled(issued)) => {
                let email = sanitize(&issued.email);
                status_lines(Status::Ok, &format!("Emergency tokencode enabled for {email}."))
            }
            (None, State::Disabled { offline_until }) => {
                // Said as the panel above says it: both read the same record.
                let offline = match offline_until {
                    Some(until) => format!(
                        "An offline code already on a Windows agent works until {}.",
                        crate::ui::widgets::local_time(
                            *until,
                            view.clock.now,
                            view.clock.local_offset
                        )
                    ),
                    None => "No offline code was on record for this user.".into(),
                };
                status_lines(
                    Status::Ok,
                    &format!("Emergency tokencode of {email} disabled. {offline}"),
                )
            }
            (None, State::Failed { enabling, failure }) => {
                let what = if *enabling { "enable" } else { "disable" };
                let mut lines = status_lines(
                    Status::Failed,
                    &format!("Could not {what} the emergency tokencode: {}", failure.message),
                );
                if let Some(plain) = explain(*enabling, failure) {
                    lines.push(Line::raw(format!(" {plain}")));
                } else if failure.uncertain {
                    lines.push(Line::raw(
                        " The service may have acted anyway: the state above is being refreshed.",
                    ));
                }
                lines
            }
        };
        // A colleague's recent emergency tokencode this replaces, or whose enabling it undoes.
        if let Some(pending) = &self.confirming {
            let mine = match pending {
                Pending::Disable { .. } => crate::others::Act::DisabledEac,
                Pending::Enable(_) => crate::others::Act::EnabledEac,
            };
            let user_id = self.user.as_ref().and_then(|u| u.details.id.as_deref());
            lines.extend(view.others.warning_lines(user_id, &mine, view.clock.now, (theme, width)));
        }
        // After a result, the form may be changed for the next one: what stops it is said too.
        if !matches!(self.state, State::Idle | State::Invalid(_))
            && self.confirming.is_none()
            && let Err(problem) = self.preview()
        {
            lines.extend(status_lines(Status::Warning, &problem));
        }
        if let Some(failure) = &self.refresh_failed {
            lines.extend(status_lines(
                Status::Warning,
                &format!("Could not refresh the state above: {}", failure.message),
            ));
        }
        lines
    }
}

fn draw_issued(frame: &mut Frame, area: Rect, issued: &Issued, view: &View) {
    let theme = view.theme;
    let Some(code) = &issued.code.emergency_tokencode else {
        let text = " The service enabled a code but did not return it; disable it and try again.";
        frame.render_widget(Paragraph::new(Line::raw(text)).wrap(Wrap { trim: false }), area);
        return;
    };
    let big = area.height >= 8;
    let mut lines = code_lines(&view.code(code.expose()), big, theme);
    let row = |label: &str, value: String| {
        Line::from(vec![Span::styled(format!(" {label:<14}"), theme.muted()), Span::raw(value)])
    };
    if let Some(expires) = issued.expires {
        lines.push(row("Expires", expiry_with_countdown(expires, &view.clock)));
    }
    if let Some(once) = issued.code.one_time_use {
        lines.push(row("One-time use", if once { "yes" } else { "no" }.into()));
    }
    if let Some(offline) = issued.offline_expires {
        lines.push(row("Offline until", expiry_with_countdown(offline, &view.clock)));
    }
    if issued.code.configurations_locked == Some(true) {
        lines.extend(hanging(
            vec![Span::raw(" "), Status::Warning.span(theme), Span::raw("  ")],
            "Your company has locked its emergency access settings: they apply, not the \
             options above.",
            area.width,
        ));
    }
    let copy = view.key(WITH_A_CODE, Action::Copy).unwrap_or_default();
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border(false))
        .title(format!(" Emergency tokencode ({copy} to copy) "));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}
