//! Drawing the Lookup screen: the address field, then the state: instructions, progress,
//! the failure, or the user's details beside their authenticators.

use super::{Keys, LookupScreen, State};
use crate::api::{RetryNotice, UserDetails, UserStatus};
use crate::app::View;
use crate::app::keys::Action;
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{TextField, hanging, service_time, text_field};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

impl LookupScreen {
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let [field, body] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
        // None when the keymap gives looking up only printable keys, which type instead.
        let submit = view.key(Keys::Typing, Action::Submit);
        let placeholder = match &submit {
            Some(key) => format!("an address, or part of one to search; then {key}"),
            None => "an address, or part of one to search".into(),
        };
        let input = TextField {
            label: "E-mail address",
            input: &self.input,
            focused: self.typing(),
            editing: self.typing() && view.focused,
            placeholder: &placeholder,
        };
        text_field(frame, field, input, theme);
        match &self.state {
            State::Empty => self.draw_empty(frame, body, submit.as_deref(), view),
            State::Invalid(problem) => {
                let line = Line::from(vec![
                    Span::raw(" "),
                    Status::Failed.span(theme),
                    Span::raw("  "),
                    Span::raw(problem.clone()),
                ]);
                frame.render_widget(Paragraph::new(vec![Line::raw(""), line]), body);
            }
            State::Loading { email, retry, .. } => {
                let mut lines = vec![
                    Line::raw(""),
                    Line::from(vec![
                        Span::styled(
                            format!(" {} ", view.spinner_frame()),
                            theme.status(Status::Pending),
                        ),
                        Status::Pending.span(theme),
                        Span::raw(format!("  Looking up {}…", sanitize(email))),
                    ]),
                ];
                if let Some(notice) = retry {
                    lines.push(retry_line(notice, view));
                }
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
            }
            State::Failed { email, failure, tried_unsynched } => {
                let mut lines = vec![
                    Line::raw(""),
                    Line::from(vec![
                        Span::raw(" "),
                        Status::Failed.span(theme),
                        Span::raw(format!("  Could not look up {}", sanitize(email))),
                    ]),
                ];
                lines.extend(hanging(vec![Span::raw(" ")], &failure.message, body.width));
                if failure.status == Some(404) && !tried_unsynched {
                    let state = Keys::NotFound { listed: self.matches.is_some() };
                    lines.push(Line::raw(""));
                    if let Some(key) = view.key(state, Action::Search) {
                        lines.push(Line::styled(
                            format!(" A typo? Press {key} to list addresses like it."),
                            theme.muted(),
                        ));
                    }
                    if let Some(key) = view.key(state, Action::Toggle) {
                        lines.push(Line::styled(
                            format!(
                                " Not synchronised yet? Press {key} to search the identity \
                                 source (slower)."
                            ),
                            theme.muted(),
                        ));
                    }
                }
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
            }
            State::Found { .. } if self.mode.manager().is_some() => {
                self.draw_manager(frame, body, view)
            }
            State::Found { details, authenticators } => {
                // The user's details need the room; authenticators take what is left.
                let [left, right] =
                    Layout::horizontal([Constraint::Min(50), Constraint::Percentage(44)])
                        .areas(body);
                // One column spare before the border, as everywhere else.
                let width = left.width.saturating_sub(3);
                let mut actions = self.action_lines(view, width);
                actions.extend(self.lock_lines(view, width));
                let extras = Extras {
                    actions,
                    code: self.held_code().map(|c| super::held_code::code_rows(c, view)),
                    refreshed_at: self.refreshed_at,
                    // Said in full below once asked.
                    lock_note: !self.explaining_locks,
                    others: view.others.lines(
                        details.id.as_deref(),
                        view.clock.now,
                        (theme, width),
                    ),
                };
                draw_details(frame, left, details, extras, view);
                let manage = view.key(FOUND, Action::ManageAuthenticators);
                super::list_draw::draw_authenticators(frame, right, authenticators, manage, view);
            }
            State::Searching { .. } | State::Picking | State::SearchFailed { .. } => {
                self.draw_search(frame, body, view)
            }
            State::Token(token) => self.draw_token(frame, body, token, view),
        }
    }
}

impl LookupScreen {
    /// The authenticators list, with what the screen says under it: the question, progress or
    /// answer of a change, and a replacement's code.
    fn draw_manager(&self, frame: &mut Frame, area: Rect, view: &View) {
        let (Some(manager), Some(found)) = (self.mode.manager(), self.state.found()) else {
            return;
        };
        // As wide as the list's lines: one column spare before the border.
        let width = area.width.saturating_sub(3);
        let mut below = self.action_lines(view, width);
        if let Some(code) = self.held_code() {
            below.extend(super::held_code::code_lines(code, view, width));
        }
        manager.draw(frame, area, found, below, view);
    }
}

/// A state with a user found, for the keys the panes name.
const FOUND: Keys = Keys::Found { listed: false, code: false, offers: super::offers::Offers::NONE };

pub(crate) fn retry_line(notice: &RetryNotice, view: &View) -> Line<'static> {
    let why = if notice.rate_limited {
        "Rate limited by the service"
    } else {
        "The service did not answer cleanly"
    };
    Line::from(vec![
        Span::raw(" "),
        Status::Warning.span(view.theme),
        Span::raw(format!(
            "  {why}; retrying in {:.1} s (attempt {} failed)",
            notice.wait.as_secs_f32(),
            notice.attempt
        )),
    ])
}

fn row(label: &str, value: Vec<Span<'static>>, view: &View) -> Line<'static> {
    let mut spans = vec![Span::styled(format!(" {label:<16}"), view.theme.muted())];
    spans.extend(value);
    Line::from(spans)
}

fn text(value: Option<&str>, view: &View) -> Vec<Span<'static>> {
    match value.map(sanitize).filter(|v| !v.is_empty()) {
        Some(v) => vec![Span::styled(v, view.theme.text())],
        None => vec![Span::styled("—", view.theme.muted())],
    }
}

/// What the user pane shows besides the user's details.
struct Extras {
    /// The question, progress or answer of a change, and why a lock has no unlock.
    actions: Vec<Line<'static>>,
    /// Who else acted on the user (the administration log), last.
    others: Vec<Line<'static>>,
    /// A replacement's registration code, held.
    code: Option<Vec<Line<'static>>>,
    /// When `r` last looked the user up again.
    refreshed_at: Option<time::OffsetDateTime>,
    /// The note under the methods that Approve or Fingerprint has no unlock.
    lock_note: bool,
}

fn draw_details(frame: &mut Frame, area: Rect, d: &UserDetails, extras: Extras, view: &View) {
    let theme = view.theme;
    let status = match &d.user_status {
        // Enabled, but marked for deletion: the service lets them sign in no more, so the
        // status does not say ✓ on its own (the Deletion line below says when).
        Some(UserStatus::Enabled) if d.mark_deleted == Some(true) => {
            vec![Span::styled("⚠ Enabled, cannot sign in", theme.status(Status::Warning))]
        }
        Some(UserStatus::Enabled) => vec![Span::styled("✓ Enabled", theme.status(Status::Ok))],
        Some(UserStatus::Disabled) => {
            vec![Span::styled("✗ Disabled", theme.status(Status::Failed))]
        }
        Some(UserStatus::Other(s)) => {
            vec![Span::styled(format!("⚠ {}", sanitize(s)), theme.status(Status::Warning))]
        }
        None => text(None, view),
    };
    let locked = d.locked_methods();
    let locks = if locked.is_empty() {
        vec![Span::styled("✓ none locked", theme.status(Status::Ok))]
    } else {
        vec![Span::styled(
            format!("⚠ locked: {}", locked.join(", ")),
            theme.status(Status::Warning),
        )]
    };
    let emergency = if d.has_emergency_tokencode() {
        let expiry = d
            .emergency_tokencode_expiration
            .as_deref()
            .map(|t| format!("until {}", service_time(t, &view.clock)))
            .unwrap_or_else(|| "(no expiry given)".into());
        vec![Span::styled(format!("⚠ active {expiry}"), theme.status(Status::Warning))]
    } else {
        vec![Span::styled("none active", theme.text())]
    };
    let last_auth = match (&d.last_successful_authentication_date, &d.month_last_authenticated) {
        (Some(date), _) => {
            let method = d
                .last_successful_authentication_method
                .as_deref()
                .map(|m| format!(" ({})", sanitize(m)))
                .unwrap_or_default();
            vec![Span::styled(format!("{}{method}", service_time(date, &view.clock)), theme.text())]
        }
        (None, month) => text(month.as_deref(), view),
    };
    let mut lines = vec![
        row("Name", text(d.display_name().as_deref(), view), view),
        row("E-mail", text(d.email_address.as_deref(), view), view),
        row("Status", status, view),
        row("Identity source", text(d.identity_source.as_deref(), view), view),
        row("Username", text(d.principal_username.as_deref(), view), view),
    ];
    // Only when some number is on file: most users have none.
    let shown = |n: &Option<String>| n.as_deref().map(sanitize).filter(|n| !n.is_empty());
    let numbers: Vec<String> = match (shown(&d.sms_number), shown(&d.voice_number)) {
        (Some(sms), Some(voice)) if sms == voice => vec![format!("{sms} (SMS, voice)")],
        (sms, voice) => [sms.map(|n| format!("SMS {n}")), voice.map(|n| format!("voice {n}"))]
            .into_iter()
            .flatten()
            .collect(),
    };
    if !numbers.is_empty() {
        lines.push(row("Phones", vec![Span::styled(numbers.join(" · "), theme.text())], view));
    }
    lines.push(row("Methods", locks, view));
    lines.extend(super::locks::note(d, view).filter(|_| extras.lock_note));
    lines.push(row("Emergency code", emergency, view));
    if d.has_emergency_tokencode() && d.emergency_tokencode_one_time_use == Some(true) {
        lines.push(row("", vec![Span::styled("one-time use", theme.text())], view));
    }
    lines.extend([row("Last sign-in", last_auth, view)]);
    if d.high_risk_user == Some(true) {
        lines.push(row(
            "High risk",
            vec![Span::styled("⚠ marked high-risk", theme.status(Status::Warning))],
            view,
        ));
    }
    if d.mark_deleted == Some(true) {
        // "marked" alone when the day is known: the row's name says what for, and 80 columns
        // have room for no more.
        let words = match deletion_day(d, view) {
            Some(day) => vec![
                Span::styled("⚠ marked", theme.status(Status::Warning)),
                Span::raw(format!("; deleted {day}")),
            ],
            None => vec![Span::styled("⚠ marked for deletion", theme.status(Status::Warning))],
        };
        lines.push(row("Deletion", words, view));
    }
    lines.push(row(
        "Last sync",
        text(d.last_sync_time.as_deref().map(|t| service_time(t, &view.clock)).as_deref(), view),
        view,
    ));
    // The code first: it is what the operator is reading out.
    let holding = extras.code.is_some();
    lines.extend(extras.code.into_iter().flatten());
    let inner_width = usize::from(area.width.saturating_sub(2));
    let mut lines = super::label_rows::values_under_labels(lines, inner_width);
    // Where the question and its warnings are: never cut off at the pane's foot.
    let actions = lines.len()..lines.len() + extras.actions.len();
    lines.extend(extras.actions);
    lines.extend(extras.others);
    lines.push(Line::raw(""));
    if d.mark_deleted == Some(true) {
        // Nor for one marked for deletion.
        lines.push(Line::styled(" Marked for deletion: no codes (2, 4, 5).", theme.muted()));
    } else if d.user_status == Some(UserStatus::Disabled) {
        // The service refuses every code for a disabled user: none is offered.
        lines.push(Line::styled(" Disabled: no codes (2, 4, 5) until enabled.", theme.muted()));
    } else if !holding {
        lines.push(Line::from(vec![
            Span::styled(" Next: ", theme.muted()),
            Span::styled("2", theme.accent()),
            Span::raw(" codes  "),
            Span::styled("4", theme.accent()),
            Span::raw(" device code  "),
            Span::styled("5", theme.accent()),
            Span::raw(" emergency"),
        ]));
    }
    if let Some(key) = view.key(FOUND, Action::ShowActivity) {
        lines.push(Line::from(vec![
            Span::styled(" Why sign-ins fail: ", theme.muted()),
            Span::styled(key, theme.accent()),
            Span::raw(" activity"),
        ]));
    }
    let title = match extras.refreshed_at.map(|t| t.to_offset(view.clock.local_offset)) {
        Some(t) => {
            format!(" User · looked up again {:02}:{:02}:{:02} ", t.hour(), t.minute(), t.second())
        }
        None => " User ".to_string(),
    };
    let block =
        Block::default().borders(Borders::ALL).border_style(theme.border(false)).title(title);
    // A question (with a caveat and a colleague's action named) that would reach past the foot
    // of a short pane (80x24) scrolls the details up instead: the header still names the user.
    let inner_height = usize::from(area.height.saturating_sub(2));
    let scroll = if actions.is_empty() || actions.end <= inner_height {
        0
    } else {
        (actions.end - inner_height).min(actions.start)
    };
    let paragraph = Paragraph::new(lines).block(block).wrap(Wrap { trim: false });
    frame.render_widget(paragraph.scroll((scroll as u16, 0)), area);
}

/// When the service deletes a marked user, 7 days after the mark (RSA's Mark User Deleted page),
/// if the service said when it was marked: "on 2026-12-14", or within the day the time left,
/// which is what an operator undoing a mistake needs ("in 1 h 58 min").
fn deletion_day(d: &UserDetails, view: &View) -> Option<String> {
    let at = crate::api::parse_service_time(d.mark_deleted_at.as_deref()?)?;
    let due = (at + time::Duration::days(7)).to_offset(view.clock.local_offset);
    let left = due - view.clock.now;
    if left >= time::Duration::days(1) {
        return Some(format!("on {}", due.date()));
    }
    if left <= time::Duration::ZERO {
        return Some("any moment now".into());
    }
    // The time left alone: beside its label it must fit a half-width pane.
    let (hours, minutes) = (left.whole_hours(), left.whole_minutes() % 60);
    Some(match hours {
        0 => format!("in {} min", minutes.max(1)),
        _ => format!("in {hours} h {minutes} min"),
    })
}
