//! Drawing Lookup's authenticators list with its cursor: every device, FIDO key and hardware
//! token on one row each, what is known about the chosen one under it, then what Lookup says
//! under it (the question, the progress or the answer, and a replacement's registration code).

use super::super::offers::{Offers, reason_not_offered};
use super::keys::Keys;
use super::{Found, Manager, Typing};
use crate::actions::AuthenticatorRef;
use crate::actions::{Item, items};
use crate::api::UserDetails;
use crate::app::View;
use crate::app::keys::Action;
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{TextField, hanging, service_date, service_time, text_field};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

impl Manager {
    /// The list of `found` in `area`, under the fields being typed in. `below`: what Lookup
    /// says under it, as wide as `area` less 3.
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        found: Found,
        below: Vec<Line<'static>>,
        view: &View,
    ) {
        let theme = view.theme;
        let rest = self.draw_fields(frame, area, view);
        let width = rest.width.saturating_sub(3);
        let rows = found.listed.map(items).unwrap_or_default();
        // What was asked or answered first: it must always be seen whole (a question's y / n,
        // a code). The list gets the room left, around the cursor; then the phone numbers and
        // the chosen one's details, if they fit.
        let mut bottom = Vec::new();
        if let Some(problem) = &self.problem {
            bottom.push(Line::raw(""));
            bottom.extend(hanging(
                vec![Span::raw(" "), Status::Failed.span(theme), Span::raw("  ")],
                problem,
                width,
            ));
        }
        bottom.extend(below);
        let room = usize::from(rest.height.saturating_sub(2));
        let (mut lines, cursor_line) = match found.listed {
            Err(failure) => (
                hanging(
                    vec![Span::raw(" "), Status::Warning.span(theme), Span::raw("  ")],
                    &format!("Could not read the authenticators again: {}", failure.message),
                    width,
                ),
                0,
            ),
            Ok(_) => list_lines(&rows, self.selected, view, width),
        };
        let list_room = room.saturating_sub(bottom.len()).max(1);
        if lines.len() > list_room {
            // A window on the list that holds the cursor's row.
            let start = cursor_line.saturating_sub(list_room / 2).min(lines.len() - list_room);
            lines = lines.into_iter().skip(start).take(list_room).collect();
        }
        let phones = phone_lines(found.details, view, width);
        if lines.len() + phones.len() + bottom.len() <= room {
            lines.extend(phones);
        }
        // Drawn as soon as the list is read again, after a removal too: they begin with the
        // row's own name, so they cannot read as the removed one's.
        if let Some(item) = rows.get(self.selected) {
            let mut about = vec![Line::raw("")];
            let rename = rename_hint(self.row(Some(found)).as_ref(), view);
            about.extend(details(item, &rename, view, width));
            // Why an action is not offered (a replacement), while nothing else is asked or answered: kept when the
            // details give way.
            let mut why_not = Vec::new();
            let row = self.row(Some(found));
            if let Some(why) =
                row.as_ref().and_then(reason_not_offered).filter(|_| bottom.is_empty())
            {
                why_not.push(Line::raw(""));
                why_not.extend(
                    hanging(vec![Span::raw(" ")], &why, width)
                        .into_iter()
                        .map(|line| line.style(theme.muted())),
                );
            }
            if lines.len() + about.len() + why_not.len() + bottom.len() <= room {
                lines.extend(about);
            }
            if lines.len() + why_not.len() + bottom.len() <= room {
                lines.extend(why_not);
            }
        }
        lines.extend(bottom);
        let who = found.email().unwrap_or_default();
        let title = format!(" Authenticators of {who} (↑↓ choose) ");
        let block =
            Block::default().borders(Borders::ALL).border_style(theme.border(true)).title(title);
        frame.render_widget(Paragraph::new(lines).block(block), rest);
    }

    /// The fields being typed in (a serial, the phone numbers), above the list; the room left.
    fn draw_fields(&self, frame: &mut Frame, area: Rect, view: &View) -> Rect {
        let mut fields: Vec<(&str, &tui_input::Input, bool, &str)> = Vec::new();
        let rename_label;
        match &self.typing {
            Typing::Assign(form) => {
                let hint = "as printed on the back of the token, up to 36 characters";
                fields.push((
                    "Serial number of the token to assign",
                    &form.serial,
                    !form.on_name,
                    hint,
                ));
                let hint = "optional, up to 255 characters";
                fields.push(("Name for the token", &form.name, form.on_name, hint));
            }
            Typing::Rename(form) => {
                rename_label = format!("New name of SecurID token {}", form.serial);
                fields.push((&rename_label, &form.name, true, "up to 255 characters"));
            }
            Typing::Nothing | Typing::Phones(_) => {}
        }
        if let Typing::Phones(form) = &self.typing {
            let hint = "with the country code, e.g. +44 20 7946 0958; empty clears it";
            fields.push(("SMS number", &form.sms, !form.on_voice, hint));
            fields.push(("Voice number", &form.voice, form.on_voice, hint));
        }
        let mut rows_of = vec![Constraint::Length(3); fields.len()];
        rows_of.push(Constraint::Min(1));
        let areas = Layout::vertical(rows_of).split(area);
        for (at, (label, input, focused, placeholder)) in fields.iter().enumerate() {
            let field = TextField {
                label,
                input,
                focused: *focused,
                editing: *focused && view.focused,
                placeholder,
            };
            text_field(frame, areas[at], field, view.theme);
        }
        areas[fields.len()]
    }
}

/// The list, one line a row (cut to the width, never wrapped, so the count is the height),
/// under a heading for each kind; and which line has the cursor.
fn list_lines(
    rows: &[Item],
    selected: usize,
    view: &View,
    width: u16,
) -> (Vec<Line<'static>>, usize) {
    let theme = view.theme;
    let mut lines = Vec::new();
    let mut cursor_line = 0;
    if rows.is_empty() {
        lines.push(Line::styled(" None registered.", theme.muted()));
    }
    let mut heading = "";
    for (at, item) in rows.iter().enumerate() {
        let title = match item {
            Item::Device(_) => "Devices",
            Item::Fido(_) => "FIDO keys",
            Item::Token(_) => "SecurID tokens",
            Item::Ds100(_) => "SecurID DS100",
            Item::Browser(_) => "Trusted browsers",
        };
        if title != heading {
            lines.push(Line::styled(format!(" {title}"), theme.title()));
            heading = title;
        }
        let chosen = at == selected;
        let marker = if chosen { " › " } else { "   " };
        let style =
            if chosen { theme.text().add_modifier(Modifier::REVERSED) } else { theme.text() };
        if chosen {
            cursor_line = lines.len();
        }
        let room = usize::from(width).saturating_sub(3);
        lines.push(Line::from(vec![
            Span::styled(marker, theme.accent()),
            Span::styled(crate::ui::widgets::fit(&row_text(item, view), room), style),
        ]));
    }
    (lines, cursor_line)
}

fn text(value: Option<&str>) -> String {
    value.map(sanitize).filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "—".into())
}

fn row_text(item: &Item, view: &View) -> String {
    match item {
        Item::Device(d) => {
            let mut parts = vec![text(d.name.as_deref()), text(d.device_type.as_deref())];
            if let Some(date) = &d.registered_date {
                parts.push(format!("registered {}", service_date(date, &view.clock)));
            }
            parts.join(" · ")
        }
        Item::Fido(f) => format!("{} · {}", text(f.name.as_deref()), text(f.status.as_deref())),
        Item::Token(t) => {
            let status = t.token_status.as_deref().or(t.token_state.as_deref());
            let mut parts = vec![text(t.token_serial_number.as_deref())];
            // Its name, once it has one (a rename shows here as soon as the list is read again).
            parts.extend(t.token_name.as_deref().map(sanitize).filter(|n| !n.trim().is_empty()));
            parts.push(text(status));
            match t.pin_set {
                Some(true) => parts.push("PIN set".into()),
                Some(false) => parts.push("no PIN".into()),
                None => {}
            }
            parts.join(" · ")
        }
        Item::Ds100(d) => super::more_rows::ds100_row(d),
        Item::Browser(d) => super::more_rows::browser_row(d, view),
    }
}

/// "  (e to rename)" beside a token's name, when the key is offered on the row.
fn rename_hint(row: Option<&crate::actions::Row>, view: &View) -> String {
    let offers = Offers::for_row(row);
    let rename = Action::Declared(crate::actions::declared::RENAME_TOKEN.command);
    view.key(Keys::List { offers, code: false }, rename)
        .map(|k| format!("  ({k} to rename)"))
        .unwrap_or_default()
}

/// What is known of the row chosen, label by label; `rename`: what follows a token's name.
fn details(item: &Item, rename: &str, view: &View, width: u16) -> Vec<Line<'static>> {
    let theme = view.theme;
    let time = |t: &Option<String>| t.as_deref().map(|t| service_time(t, &view.clock));
    let rows: Vec<(&str, Option<String>)> = match item {
        Item::Device(d) => vec![
            ("Device", d.name.as_deref().map(sanitize)),
            ("Type", d.device_type.as_deref().map(sanitize)),
            ("Registered", time(&d.registered_date)),
            ("Status", d.status.as_deref().map(sanitize)),
            ("Serial", d.device_serial_number.as_deref().map(sanitize)),
            ("Id", d.id.as_deref().map(sanitize)),
        ],
        Item::Fido(f) => vec![
            ("FIDO key", f.name.as_deref().map(sanitize)),
            ("Registered", time(&f.registered_date)),
            ("Status", f.status.as_deref().map(sanitize)),
            ("Id", f.id.as_deref().map(sanitize)),
        ],
        Item::Token(t) => vec![
            ("SecurID token", t.token_serial_number.as_deref().map(sanitize)),
            // Always, unnamed too: the line says how to rename it.
            ("Name", Some(format!("{}{rename}", text(t.token_name.as_deref())))),
            ("Status", t.token_status.as_deref().map(sanitize)),
            ("State", t.token_state.as_deref().map(sanitize)),
            ("PIN", t.pin_set.map(|p| if p { "set" } else { "not set" }.to_string())),
            ("Expires", t.expiry_date.as_deref().map(|d| service_date(d, &view.clock))),
            ("Assigned", time(&t.assigned_at)),
            ("Changed by", t.token_status_changed_by.as_deref().map(sanitize)),
            ("Reason", t.token_status_reason.as_deref().map(sanitize)),
        ],
        Item::Ds100(d) => super::more_rows::ds100_details(d, view),
        Item::Browser(d) => super::more_rows::browser_details(d, view),
    };
    let mut lines = Vec::new();
    for (label, value) in rows {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else { continue };
        lines.extend(hanging(
            vec![Span::styled(format!(" {label:<14}"), theme.muted())],
            &value,
            width,
        ));
    }
    let removable = match item {
        Item::Device(d) => AuthenticatorRef::of_device(d).is_some(),
        Item::Fido(f) => AuthenticatorRef::of_fido(f).is_some(),
        Item::Token(_) => true,
        Item::Ds100(d) => crate::actions::Ds100Ref::of(d).is_some(),
        Item::Browser(d) => AuthenticatorRef::of_browser(d).is_some(),
    };
    if !removable {
        lines.push(Line::styled(
            " The service gave no id for it, so it cannot be removed from here.",
            theme.muted(),
        ));
    }
    lines
}

/// The user's SMS and voice numbers, as the lookup shows them, and the key that changes them:
/// one line, so a short terminal keeps room for what was asked or answered.
fn phone_lines(d: &UserDetails, view: &View, width: u16) -> Vec<Line<'static>> {
    let theme = view.theme;
    let number = |n: &Option<String>| {
        n.as_deref().map(sanitize).filter(|n| !n.is_empty()).unwrap_or_else(|| "none".into())
    };
    let change = view
        .key(
            Keys::List { offers: Offers::for_row(None), code: false },
            Action::Declared(crate::actions::declared::SET_PHONES.command),
        )
        .map(|k| format!("  ({k} to change)"))
        .unwrap_or_default();
    let text = format!("SMS {} · voice {}{change}", number(&d.sms_number), number(&d.voice_number));
    let mut lines = vec![Line::raw("")];
    lines.extend(hanging(vec![Span::styled(" Phone numbers  ", theme.title())], &text, width));
    lines
}
