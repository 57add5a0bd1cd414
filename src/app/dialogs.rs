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

/// The keys column is 15 wide in one column; in two, as wide as the longest keys it holds.
fn binding_lines(
    title: &str,
    bindings: &[Binding],
    keys_width: Option<usize>,
    app: &App,
) -> Vec<Line<'static>> {
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
    // The screens' digits as a range: "1–8", not "1/2/3/4/5/6/7/8".
    for (_, _, keys) in &mut merged {
        *keys = digit_run(keys).unwrap_or_else(|| keys.clone());
    }
    let width = keys_width.unwrap_or_else(|| {
        merged.iter().map(|(_, _, k)| k.chars().count()).max().unwrap_or(0).min(15)
    });
    for (_, label, keys) in merged {
        lines.push(Line::from(vec![
            // At least one space after the keys, however many a keymap gives an action.
            Span::styled(format!("  {keys:<width$} "), app.theme.accent()),
            Span::styled(label.to_string(), app.theme.text()),
        ]));
    }
    lines
}

/// "1/2/3/4/5/6/7/8" as "1–8": three or more single digits in a row.
fn digit_run(keys: &str) -> Option<String> {
    let digits: Vec<u32> = keys
        .split('/')
        .map(|k| if k.len() == 1 { k.chars().next()?.to_digit(10) } else { None })
        .collect::<Option<_>>()?;
    let consecutive = digits.windows(2).all(|w| w[1] == w[0] + 1);
    (digits.len() >= 3 && consecutive)
        .then(|| format!("{}–{}", digits[0], digits[digits.len() - 1]))
}

fn draw_help(app: &App, frame: &mut Frame, area: Rect) {
    let (screen, global) = app.help_bindings();
    let title = format!("On {}", app.screens[app.active].title());
    let status = Line::from(vec![
        Span::styled("Status: ", app.theme.muted()),
        Status::Ok.span(&app.theme),
        Span::raw("  "),
        Status::Warning.span(&app.theme),
        Span::raw("  "),
        Status::Failed.span(&app.theme),
        Span::raw("  "),
        Status::Pending.span(&app.theme),
    ]);
    let close = app
        .keymap()
        .binding_in(Overlay::Help, Action::Cancel)
        .map(|b| b.keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" or "));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(true))
        .title(format!(" Keys ({} to close) ", close.unwrap_or_default()))
        .padding(ratatui::widgets::Padding::horizontal(1));

    let mut lines = binding_lines(&title, &screen, Some(15), app);
    lines.push(Line::raw(""));
    lines.extend(binding_lines("Everywhere", &global, Some(15), app));
    lines.push(Line::raw(""));
    lines.push(status.clone());
    // Too tall for the terminal (a user found on Lookup at 80x24): this screen's keys on the
    // left, the keys that work everywhere on the right, so none is cut off.
    if lines.len() as u16 + 2 > area.height && area.width >= 70 {
        use ratatui::layout::{Constraint, Layout};
        let left = binding_lines(&title, &screen, None, app);
        let right = binding_lines("Everywhere", &global, None, app);
        // The columns, a blank row, and the status key across the whole width.
        let tallest = left.len().max(right.len()) as u16 + 2;
        let popup = centered(area, area.width.min(100), (tallest + 2).min(area.height));
        frame.render_widget(Clear, popup);
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [columns, _, bottom] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1), Constraint::Length(1)])
                .areas(inner);
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(columns);
        frame.render_widget(Paragraph::new(clipped(left, l.height)), l);
        frame.render_widget(Paragraph::new(clipped(right, r.height)), r);
        frame.render_widget(Paragraph::new(status), bottom);
        return;
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centered(area, 64.min(area.width), height);
    frame.render_widget(Clear, popup);
    let inner_height = height.saturating_sub(2);
    frame.render_widget(Paragraph::new(clipped(lines, inner_height)).block(block), popup);
}

/// `lines` in `height` rows; when some do not fit, the last row says how many are hidden
/// rather than cutting them off silently.
fn clipped(mut lines: Vec<Line<'static>>, height: u16) -> Vec<Line<'static>> {
    let height = usize::from(height);
    if lines.len() > height && height > 0 {
        let hidden = lines.len() - (height - 1);
        lines.truncate(height - 1);
        lines.push(Line::raw(format!("… {hidden} more (a taller terminal shows them)")));
    }
    lines
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

#[cfg(test)]
mod tests {
    use super::digit_run;

    #[test]
    fn the_screens_digits_read_as_a_range_and_nothing_else_does() {
        assert_eq!(digit_run("1/2/3/4/5/6/7/8").as_deref(), Some("1–8"));
        assert_eq!(digit_run("1/2"), None, "two are clearer as they are");
        assert_eq!(digit_run("1/3/4"), None);
        assert_eq!(digit_run("q/Ctrl-C"), None);
        assert_eq!(digit_run("Enter/e"), None);
    }
}
