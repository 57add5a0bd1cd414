//! The verify dialog on screen: who, how they stand, and the ways to verify; while Live
//! Verification waits, a countdown; the override's reasons; the typed reason.

use super::dialog::REASONS;
use super::{Stage, VerifyKeys};
use crate::app::keys::Action;
use crate::app::{App, Overlay};
use crate::status::Status;
use crate::text::sanitize;
use crate::ui::widgets::centered;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// "l Live Verification": the key in effect, then the words.
fn choice(app: &App, keys: VerifyKeys, action: Action, words: &str) -> Line<'static> {
    let key = app.keymap().binding_in(keys, action).map(|b| b.keys_label()).unwrap_or_default();
    Line::from(vec![
        Span::raw("  "),
        Span::styled(format!("{key:<4}"), app.theme.accent()),
        Span::raw(words.to_string()),
    ])
}

pub fn draw_verify(app: &App, frame: &mut Frame, area: Rect) {
    let (Some(dialog), Overlay::Verify(keys)) = (&app.verify, app.overlay) else { return };
    let theme = &app.theme;
    let who = sanitize(&dialog.subject.email);
    let mut text = vec![Line::raw(format!("Is the caller {who}?"))];
    match app.callers.latest(&dialog.subject.email) {
        Some(v) if v.fresh(app.policy(), app.clock.now) => text.push(Line::from(vec![
            Status::Ok.span(theme),
            Span::raw(format!(
                "  verified by {}, {} min left",
                v.how.words(),
                v.minutes_left(app.policy(), app.clock.now)
            )),
        ])),
        _ => text.push(Line::styled("Not verified on this call yet.", theme.muted())),
    }
    text.push(Line::raw(""));
    match &dialog.stage {
        Stage::Choosing { note } => {
            if let Some((status, words)) = note {
                text.push(Line::from(vec![status.span(theme), Span::raw(format!("  {words}"))]));
                text.push(Line::raw(""));
            }
            text.push(choice(
                app,
                keys,
                Action::LiveVerification,
                "Live Verification: their registered device asks them to approve",
            ));
            text.push(choice(
                app,
                keys,
                Action::SignInChallenge,
                "sign-in challenge: they sign in now from a registered device (2 min)",
            ));
            text.push(choice(
                app,
                keys,
                Action::Override,
                "record why it cannot be done (override)",
            ));
            text.push(choice(app, keys, Action::Cancel, "close"));
        }
        Stage::Waiting { .. } => {
            let left = dialog
                .seconds_left(app.clock.now)
                .map_or(String::new(), |s| format!("{}:{:02} left", s / 60, s % 60));
            text.push(Line::from(vec![
                Span::styled(format!("{} ", spinner(app.spinner)), theme.status(Status::Pending)),
                Status::Pending.span(theme),
                Span::raw(format!("  Waiting for {who} to approve on their device…")),
            ]));
            text.push(Line::styled(
                match left.as_str() {
                    "" => "Ask them to open the prompt and approve it.".to_string(),
                    left => format!("{left}. Ask them to open the prompt and approve it."),
                },
                theme.muted(),
            ));
            text.push(Line::raw(""));
            text.push(choice(app, keys, Action::Cancel, "cancel it (at the service too)"));
        }
        Stage::SigningIn { started: None, .. } => {
            text.push(Line::styled("Reading their registered devices…", theme.muted()));
            text.push(choice(app, keys, Action::Cancel, "cancel"));
        }
        Stage::SigningIn { said, .. } => {
            let left = dialog
                .seconds_left(app.clock.now)
                .map_or(String::new(), |s| format!("  {}:{:02} left", s / 60, s % 60));
            text.push(Line::from(vec![
                Span::styled(format!("{} ", spinner(app.spinner)), theme.status(Status::Pending)),
                Status::Pending.span(theme),
                Span::raw(format!("  Ask {who} to sign in now.{left}")),
            ]));
            text.push(Line::styled(
                "Only a sign-in from a device registered before now counts.",
                theme.muted(),
            ));
            // The latest few, in plain words, as they happen.
            for (status, words) in said.iter().rev().take(4).rev() {
                text.push(Line::from(vec![
                    status.span(theme),
                    Span::raw(format!("  {}", sanitize(words))),
                ]));
            }
            text.push(Line::raw(""));
            text.push(choice(app, keys, Action::Cancel, "cancel it"));
        }
        Stage::Reasons => {
            text.push(Line::raw("Why could the caller not be verified? The reason is recorded."));
            for (n, (words, _)) in REASONS.iter().enumerate() {
                text.push(choice(app, keys, Action::GoTo(n), words));
            }
            text.push(choice(app, keys, Action::Back, "back"));
        }
        Stage::Typing(input) => {
            text.push(Line::raw("Why could the caller not be verified? (recorded as typed)"));
            text.push(Line::from(vec![
                Span::styled("> ", theme.accent()),
                Span::raw(sanitize(input.value())),
                Span::styled("▏", theme.accent()),
            ]));
            text.push(choice(app, keys, Action::Submit, "record"));
            text.push(choice(app, keys, Action::Back, "back"));
        }
    }
    let width = 76.min(area.width);
    // Lines too long for the box wrap: count them as drawn, so the last is never cut off.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = text.iter().map(|line| line.width().max(1).div_ceil(inner)).sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(" Verify the caller ");
    frame.render_widget(Paragraph::new(text).block(block).wrap(Wrap { trim: false }), popup);
}

fn spinner(tick: usize) -> &'static str {
    const FRAMES: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];
    FRAMES[tick % FRAMES.len()]
}
