//! Drawing a SecurID 700 token looked up by serial: progress, why it was not found, or the
//! token label by label with its holder and the key that looks them up.

use super::keys::Keys;
use super::token::TokenLookup;
use super::{LookupScreen, draw::retry_line};
use crate::api::TokenDetails;
use crate::app::View;
use crate::app::keys::Action;
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{hanging, service_date, service_time};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

impl LookupScreen {
    pub(super) fn draw_token(
        &self,
        frame: &mut Frame,
        area: Rect,
        token: &TokenLookup,
        view: &View,
    ) {
        let theme = view.theme;
        let width = area.width.saturating_sub(3);
        match token {
            TokenLookup::Loading { serial, retry, .. } => {
                let mut lines = vec![
                    Line::raw(""),
                    Line::from(vec![
                        Span::styled(
                            format!(" {} ", view.spinner_frame()),
                            theme.status(Status::Pending),
                        ),
                        Status::Pending.span(theme),
                        Span::raw(format!("  Looking up SecurID token {}…", sanitize(serial))),
                    ]),
                ];
                lines.extend(retry.as_ref().map(|notice| retry_line(notice, view)));
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
            }
            TokenLookup::Failed { serial, failure } => {
                let mut lines = vec![
                    Line::raw(""),
                    Line::from(vec![
                        Span::raw(" "),
                        Status::Failed.span(theme),
                        Span::raw(format!(
                            "  Could not look up SecurID token {}",
                            sanitize(serial)
                        )),
                    ]),
                ];
                lines.extend(hanging(vec![Span::raw(" ")], &failure.message, width));
                if failure.status == Some(404) {
                    lines.push(Line::raw(""));
                    lines.push(Line::styled(
                        " No SecurID 700 token has this serial here. Read it again from the back \
                         of the token (the digits under the barcode). A DS100's serial is looked \
                         up with casdesk ds100 lookup SERIAL.",
                        theme.muted(),
                    ));
                }
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
            }
            TokenLookup::Found(t) => {
                let holder_key = view.key(Keys::Token { holder: true }, Action::Submit);
                let lines = token_lines(t, holder_key.as_deref(), view, width);
                let serial = t.token.token_serial_number.as_deref().map(sanitize);
                let title = format!(" SecurID token {} ", serial.unwrap_or_default());
                let block = Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.border(true))
                    .title(title);
                frame.render_widget(Paragraph::new(lines).block(block), area);
            }
        }
    }
}

/// The token label by label; the holder first, with how to look them up.
fn token_lines(
    t: &TokenDetails,
    holder_key: Option<&str>,
    view: &View,
    width: u16,
) -> Vec<Line<'static>> {
    let theme = view.theme;
    let clean = |v: &Option<String>| v.as_deref().map(sanitize).filter(|v| !v.trim().is_empty());
    let time = |v: &Option<String>| v.as_deref().map(|v| service_time(v, &view.clock));
    let token = &t.token;
    let holder = match (clean(&t.user_email), clean(&t.user_id)) {
        (Some(email), _) if t.assigned() => match holder_key {
            Some(key) => format!("{email}  ({key} to look them up)"),
            None => email,
        },
        (None, Some(id)) => format!(
            "user id {id}. The service gave no address, and RSA's API cannot look a user up \
             by id: find them by their address."
        ),
        _ => "nobody: it is among the unassigned tokens (assign it from a user's \
              authenticators list)"
            .into(),
    };
    let changed =
        match (clean(&token.token_status_changed_by), time(&token.token_status_changed_at)) {
            (Some(by), Some(at)) => Some(format!("{at} by {by}")),
            (by, at) => by.or(at),
        };
    let assigned = match (time(&token.assigned_at), clean(&token.assigned_by)) {
        (Some(at), Some(by)) => Some(format!("{at} by {by}")),
        (at, by) => at.or(by),
    };
    let rows: Vec<(&str, Option<String>)> = vec![
        ("Holder", Some(holder)),
        ("Name", clean(&token.token_name)),
        ("State", clean(&token.token_state)),
        ("Status", clean(&token.token_status)),
        ("PIN", token.pin_set.map(|p| if p { "set" } else { "not set" }.to_string())),
        ("Expires", token.expiry_date.as_deref().map(|d| service_date(d, &view.clock))),
        ("Assigned", assigned),
        ("Changed", changed),
        ("Reason", clean(&token.token_status_reason)),
    ];
    let mut lines = vec![Line::raw("")];
    for (label, value) in rows {
        let Some(value) = value else { continue };
        lines.extend(hanging(
            vec![Span::styled(format!(" {label:<10}"), theme.muted())],
            &value,
            width,
        ));
    }
    lines
}
