//! The found user's authenticators beside their details: devices, FIDO keys and SecurID tokens,
//! read-only, with the key that manages them.

use crate::api::Authenticators;
use crate::app::View;
use crate::messages::Failure;
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{hanging, service_date};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub(super) fn draw_authenticators(
    frame: &mut Frame,
    area: Rect,
    result: &Result<Authenticators, Failure>,
    manage: Option<String>,
    view: &View,
) {
    let theme = view.theme;
    let mut lines = Vec::new();
    match result {
        Err(failure) => {
            lines.push(Line::from(vec![
                Span::raw(" "),
                Status::Warning.span(theme),
                Span::raw("  could not load"),
            ]));
            lines.push(Line::raw(format!(" {}", failure.message)));
        }
        Ok(a) if a.is_empty() => {
            lines.push(Line::styled(" None registered.", theme.muted()));
        }
        Ok(a) => {
            let heading =
                |title: &str, n: usize| Line::styled(format!(" {title} ({n})"), theme.title());
            let (phones, others): (Vec<_>, Vec<_>) =
                a.devices.iter().partition(|d| !d.is_ds100() && !d.is_browser());
            if !phones.is_empty() {
                lines.push(heading("Devices", phones.len()));
                for d in phones {
                    let name = d.name.as_deref().map(sanitize).unwrap_or_else(|| "unnamed".into());
                    let kind = d.device_type.as_deref().map(sanitize).unwrap_or_default();
                    lines.push(Line::styled(format!("  {name} · {kind}"), theme.text()));
                    if let Some(date) = &d.registered_date {
                        lines.push(Line::styled(
                            // The date is enough here; the pane is narrow at 80 columns.
                            format!("    registered {}", service_date(date, &view.clock)),
                            theme.muted(),
                        ));
                    }
                }
            }
            if !a.fido_tokens.is_empty() {
                lines.push(heading("FIDO", a.fido_tokens.len()));
                for f in &a.fido_tokens {
                    let name = f.name.as_deref().map(sanitize).unwrap_or_else(|| "unnamed".into());
                    let status = f.status.as_deref().map(sanitize).unwrap_or_default();
                    lines.push(Line::styled(format!("  {name} · {status}"), theme.text()));
                }
            }
            if !a.sid_tokens.is_empty() {
                lines.push(heading("SecurID tokens", a.sid_tokens.len()));
                for t in &a.sid_tokens {
                    let serial = t.token_serial_number.as_deref().map(sanitize).unwrap_or_default();
                    let status = t
                        .token_status
                        .as_deref()
                        .or(t.token_state.as_deref())
                        .map(sanitize)
                        .unwrap_or_default();
                    lines.push(Line::styled(format!("  {serial} · {status}"), theme.text()));
                }
            }
            lines.extend(super::list_draw_more::ds100_and_browsers(&others, theme));
        }
    }
    // Also when none are registered: assigning a token starts there.
    if let (Ok(_), Some(key)) = (result, manage) {
        lines.push(Line::raw(""));
        let prefix = vec![Span::raw(" "), Span::styled(key, theme.accent()), Span::raw(" ")];
        let hint = hanging(prefix, "remove, replace phone, tokens", area.width.saturating_sub(2));
        lines.extend(hint.into_iter().map(|line| line.style(theme.muted())));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(false))
        .title(Span::styled(" Authenticators ", theme.text().add_modifier(Modifier::empty())));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}
