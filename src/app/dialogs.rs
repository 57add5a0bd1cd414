//! The dialogs over a screen: the help overlay, the quit question, the interrupted-run offer
//! and the settings problems found at start-up. Every key they name is the key in effect.

use crate::app::keys::{Action, Binding};
use crate::app::{App, Overlay};
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::widgets::{centered, hanging};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// Draws the open dialog, if any, over `area` (the screen's body).
pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    match app.overlay {
        Overlay::Help => draw_help(app, frame, area),
        Overlay::ConfirmQuit => draw_confirm_quit(app, frame, area),
        Overlay::OfferResume => draw_offer_resume(app, frame, area),
        Overlay::Problems => draw_problems(app, frame, area),
        Overlay::Verify(_) => crate::app::caller::draw_verify(app, frame, area),
        Overlay::Ticket => crate::app::ticket::draw_ticket(app, frame, area),
        Overlay::None => {}
    }
}

/// "y quit anyway   n/Esc keep working": each answer after the keys `dialog` has for it.
fn answers(app: &App, dialog: Overlay, answers: &[(Action, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (action, text) in answers {
        let keys = app.keymap().binding_in(dialog, *action).map(|b| b.keys_label());
        if !spans.is_empty() {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(keys.unwrap_or_default(), app.theme.accent()));
        spans.push(Span::raw(format!(" {text}")));
    }
    Line::from(spans)
}

fn binding_lines(title: &str, bindings: &[Binding], app: &App) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(title.to_string(), app.theme.title()))];
    // One line per thing to do: "↑/k previous field", not one line per key.
    let mut merged: Vec<(Action, &str, String)> = Vec::new();
    for binding in bindings {
        match merged.iter_mut().find(|(a, l, _)| *a == binding.action && *l == binding.label) {
            Some((_, _, keys)) => {
                keys.push('/');
                keys.push_str(&binding.keys_label());
            }
            None => merged.push((binding.action, &binding.label, binding.keys_label())),
        }
    }
    for (_, label, keys) in merged {
        lines.push(Line::from(vec![
            // At least one space after the keys, however many a keymap gives an action.
            Span::styled(format!("  {keys:<15} "), app.theme.accent()),
            Span::styled(label.to_string(), app.theme.text()),
        ]));
    }
    lines
}

fn draw_help(app: &App, frame: &mut Frame, area: Rect) {
    let (screen, global) = app.help_bindings();
    let mut lines = binding_lines(&format!("On {}", app.screens[app.active].title()), &screen, app);
    lines.push(Line::raw(""));
    lines.extend(binding_lines("Everywhere", &global, app));
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Status: ", app.theme.muted()),
        Status::Ok.span(&app.theme),
        Span::raw("  "),
        Status::Warning.span(&app.theme),
        Span::raw("  "),
        Status::Failed.span(&app.theme),
        Span::raw("  "),
        Status::Pending.span(&app.theme),
    ]));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centered(area, 64.min(area.width), height);
    let close = app
        .keymap()
        .binding_in(Overlay::Help, Action::Cancel)
        .map(|b| b.keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" or "));
    let close = close.unwrap_or_default();
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(true))
        .title(format!(" Keys ({close} to close) "))
        .padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

fn draw_confirm_quit(app: &App, frame: &mut Frame, area: Rect) {
    let popup = centered(area, 60.min(area.width), 8);
    frame.render_widget(Clear, popup);
    let text = vec![
        Line::from(vec![
            Status::Warning.span(&app.theme),
            Span::raw("  A bulk run is still in progress."),
        ]),
        Line::raw("Users not yet sent are left for later: casdesk offers to"),
        Line::raw("finish the run next time it starts (or: casdesk resume)."),
        Line::raw(""),
        answers(
            app,
            Overlay::ConfirmQuit,
            &[(Action::Confirm, "quit anyway"), (Action::Cancel, "keep working")],
        ),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(true))
        .title(" Quit? ");
    frame.render_widget(Paragraph::new(text).block(block).wrap(Wrap { trim: false }), popup);
}

fn draw_offer_resume(app: &App, frame: &mut Frame, area: Rect) {
    let Some(run) = app.interrupted.first() else { return };
    let theme = &app.theme;
    let total = run.header.users.len();
    let done = run.done_count();
    let lost = run.lost_answers().len();
    let started = crate::api::parse_service_time(&run.header.started)
        .map(|t| crate::ui::widgets::local_time(t, app.clock.now, app.clock.local_offset))
        .unwrap_or_else(|| sanitize(&run.header.started));
    let mut text = vec![
        Line::from(vec![
            Status::Warning.span(theme),
            Span::raw(format!("  A bulk run did not finish: {}.", run.header.operation.describe())),
        ]),
        Line::raw(format!("Started {started}; {done} of {total} users done.")),
    ];
    if lost > 0 && run.header.operation.safe_to_repeat() {
        text.push(Line::raw(format!(
            "{lost} whose answer was lost will be sent again (harmless)."
        )));
    } else if lost > 0 {
        text.push(Line::raw(format!(
            "{lost} whose answer was lost are NOT sent again (a second code would replace the \
             first): they are listed as unknown."
        )));
    }
    text.push(Line::raw(format!(
        "Resuming sends only the {} users not yet done.",
        run.to_send().len()
    )));
    if app.interrupted.len() > 1 {
        text.push(Line::styled(
            format!("{} more interrupted: casdesk runs lists them.", app.interrupted.len() - 1),
            theme.muted(),
        ));
    }
    text.push(Line::raw(""));
    text.push(answers(
        app,
        Overlay::OfferResume,
        &[
            (Action::Confirm, "resume now"),
            (Action::Cancel, "later (casdesk resume finishes it too)"),
        ],
    ));
    let height = text.len() as u16 + 2;
    let popup = centered(area, 72.min(area.width), height);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(" Interrupted run ");
    frame.render_widget(Paragraph::new(text).block(block).wrap(Wrap { trim: false }), popup);
}

/// Every problem found in the settings at start-up, until dismissed; as many as fit, then how
/// many more (`casdesk config show` lists them all).
fn draw_problems(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let width = 76.min(area.width);
    // Inside the border and a column of padding each side.
    let inner = width.saturating_sub(4);
    let count = app.problems.len();
    let heading = Line::from(vec![
        Status::Warning.span(theme),
        Span::raw(format!(
            "  {count} {} in your settings:",
            if count == 1 { "problem" } else { "problems" }
        )),
    ]);
    let closing = [
        Line::raw(""),
        Line::styled("casdesk config show lists them too.", theme.muted()),
        answers(app, Overlay::Problems, &[(Action::Cancel, "close")]),
    ];
    let room = usize::from(area.height.saturating_sub(3)).saturating_sub(closing.len()).max(1);
    let mut body = Vec::new();
    for (index, problem) in app.problems.iter().enumerate() {
        let lines = hanging(vec![Span::raw("• ")], &sanitize(problem), inner);
        let more_after = usize::from(index + 1 < count);
        if body.len() + lines.len() + more_after > room {
            body.push(Line::styled(format!("… and {} more", count - index), theme.muted()));
            break;
        }
        body.extend(lines);
    }
    let mut text = vec![heading];
    text.extend(body);
    text.extend(closing);
    let height = (text.len() as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(" Check your settings ")
        .padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(Paragraph::new(text).block(block), popup);
}
