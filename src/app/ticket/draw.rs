//! The ticket field on screen: what it is for, the id as typed, why it cannot be one (if it
//! cannot), and how to clear it.

use crate::app::keys::Action;
use crate::app::{App, Overlay};
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::centered;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw_ticket(app: &App, frame: &mut Frame, area: Rect) {
    let Some(field) = &app.ticket.field else { return };
    let theme = &app.theme;
    let key = |action| {
        app.keymap().binding_in(Overlay::Ticket, action).map(|b| b.keys_label()).unwrap_or_default()
    };
    let (value, cursor) = (field.value(), field.cursor());
    let before: String = value.chars().take(cursor).collect();
    let after: String = value.chars().skip(cursor).collect();
    let mut text = vec![
        Line::raw("The ticket id from your ticketing system:"),
        Line::from(vec![
            Span::styled("> ", theme.accent()),
            Span::raw(sanitize(&before)),
            Span::styled("▏", theme.accent()),
            Span::raw(sanitize(&after)),
        ]),
    ];
    if let Some(problem) = &app.ticket.problem {
        text.push(Line::from(vec![
            Status::Failed.span(theme),
            Span::raw(format!("  {}", sanitize(problem))),
        ]));
    }
    text.push(Line::raw(""));
    text.push(Line::styled(
        "Named in every action recorded from now on, and in the note.",
        theme.muted(),
    ));
    text.push(Line::styled(
        "Kept when you look up another user: an empty field clears it.",
        theme.muted(),
    ));
    text.push(Line::raw(""));
    text.push(Line::from(vec![
        Span::styled(key(Action::Submit), theme.accent()),
        Span::raw(" set   "),
        Span::styled(key(Action::Cancel), theme.accent()),
        Span::raw(" cancel"),
    ]));
    let width = 64.min(area.width);
    // Lines too long for the box wrap: count them as drawn, so the last is never cut off.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = text.iter().map(|line| line.width().max(1).div_ceil(inner)).sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2).min(area.height);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(" Ticket for this call ");
    frame.render_widget(Paragraph::new(text).block(block).wrap(Wrap { trim: false }), popup);
}
