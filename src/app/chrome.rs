//! The frame around every screen: header (tabs, DEMO badge, tenant), the user being worked on,
//! the toast and the footer of keys that work right now; the dialogs over it are in `dialogs`.

use crate::app::keys::{Action, Binding};
use crate::app::{App, Overlay, View};
use crate::text::sanitize;
use crate::ui::status::Status;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return draw_too_small(app, frame, area);
    }
    let [header, user, body, toast, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(app, frame, header);
    draw_user(app, frame, user);
    let view = View {
        theme: &app.theme,
        clock: app.clock,
        spinner: app.spinner,
        focused: app.overlay == Overlay::None,
        mask_codes: app.masked == Some(true),
        keymap: app.keymap(),
        others: &app.others,
        callers: (&app.policy, &app.callers),
    };
    app.screens[app.active].draw(frame, body, &view);
    draw_toast(app, frame, toast);
    draw_footer(app, frame, footer);
    crate::app::dialogs::draw(app, frame, body);
}

/// The most of a profile's name the header shows (the tabs need the rest of 80 columns).
const PROFILE_WIDTH: usize = 12;
/// Likewise the most of a ticket id (the ticket note and the record have all of it).
const TICKET_WIDTH: usize = 16;

fn draw_header(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let mut spans = vec![Span::styled(" casdesk ", theme.title())];
    if app.demo {
        spans.push(Span::styled(" DEMO ", theme.demo_badge()));
        spans.push(Span::raw(" "));
    }
    if let Some(profile) = &app.profile {
        // Always in view, so no one works on production thinking it is staging.
        let shown = crate::text::sanitize_excerpt(profile, PROFILE_WIDTH);
        spans.push(Span::styled(
            format!(" {shown} "),
            theme.muted().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(" "));
    }
    // Where the caller stands, when the user line has no room for it (a long address at 80
    // columns): never out of view, least of all that the checks are off.
    if let Some((status, _, short)) = app.caller_words()
        && !caller_on_user_line(app, usize::from(area.width))
    {
        let badge = theme.status(status).add_modifier(Modifier::REVERSED);
        spans.push(Span::styled(format!(" {} {short} ", status.symbol()), badge));
        spans.push(Span::raw(" "));
    }
    if let Some(ticket) = app.ticket() {
        // The ticket everything is recorded under: in view while it applies.
        let shown = crate::text::sanitize_excerpt(ticket.as_str(), TICKET_WIDTH);
        let badge = theme.accent().add_modifier(Modifier::REVERSED);
        spans.push(Span::styled(format!(" Ticket {shown} "), badge));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    // Tabs lose their padding before anything is cut off, then take their short titles, then
    // the name "casdesk" gives way to them (eight tabs and DEMO at 80 columns), then all but
    // the active one shrink to their number (a profile badge at 80 columns).
    let room = usize::from(area.width).saturating_sub(used);
    let brand = spans[0].content.chars().count();
    let fits = |tabs: Tabs| match tabs {
        Tabs::Bare => tab_width(app, Tabs::Short) <= room + brand,
        other => tab_width(app, other) <= room,
    };
    let fit = TABS.iter().copied().find(|tabs| fits(*tabs)).unwrap_or(Tabs::Numbers);
    if fit == Tabs::Bare {
        spans.remove(0);
    }
    let tight = fit != Tabs::Roomy;
    for (index, screen) in app.screens.iter().enumerate() {
        let label = tab_label(index, screen.as_ref(), fit, index == app.active);
        let style = if index == app.active {
            theme.selection().add_modifier(Modifier::BOLD)
        } else {
            theme.muted()
        };
        if tight && index > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tabs {
    Roomy,
    Tight,
    Short,
    /// Short titles without the name "casdesk" before them.
    Bare,
    Numbers,
}

const TABS: [Tabs; 5] = [Tabs::Roomy, Tabs::Tight, Tabs::Short, Tabs::Bare, Tabs::Numbers];

fn tab_label(index: usize, screen: &dyn crate::app::Screen, tabs: Tabs, active: bool) -> String {
    let n = index + 1;
    match tabs {
        Tabs::Roomy => format!(" {n} {} ", screen.title()),
        Tabs::Tight => format!("{n} {}", screen.title()),
        Tabs::Short | Tabs::Bare => format!("{n} {}", screen.short_title()),
        Tabs::Numbers if active => format!("{n} {}", screen.short_title()),
        Tabs::Numbers => n.to_string(),
    }
}

/// The columns the tabs take in `tabs` form, the spaces between tight tabs included.
fn tab_width(app: &App, tabs: Tabs) -> usize {
    let labels: usize = app
        .screens
        .iter()
        .enumerate()
        .map(|(i, s)| tab_label(i, s.as_ref(), tabs, i == app.active).chars().count())
        .sum();
    let gaps = if tabs == Tabs::Roomy { 0 } else { app.screens.len().saturating_sub(1) };
    labels + gaps
}

/// The tenant keeps at least this much of its name on the user line, however long the user's
/// address: every action goes to it, so it is never the part that is cut.
const TENANT_MIN_WIDTH: usize = 40;
const TENANT_LABEL: &str = "Tenant: ";

/// The user line's user part at `width` columns, and the tenant name as it fits beside it.
fn user_part(app: &App, width: usize) -> (Vec<Span<'static>>, String) {
    let user = user_spans(app, usize::MAX);
    let user_width: usize = user.iter().map(Span::width).sum();
    let tenant_room =
        width.saturating_sub(user_width + TENANT_LABEL.len() + 2).max(TENANT_MIN_WIDTH);
    let tenant = crate::text::sanitize_excerpt(&app.tenant, tenant_room);
    // The user gives way first: the name goes, then the address is shortened.
    let user_room = width.saturating_sub(TENANT_LABEL.len() + tenant.chars().count() + 2);
    (if user_width > user_room { user_spans(app, user_room) } else { user }, tenant)
}

/// Whether the user line has room to say where the caller stands (else the header says it).
fn caller_on_user_line(app: &App, width: usize) -> bool {
    let Some((_, long, short)) = app.caller_words() else { return true };
    let text: String = user_part(app, width).0.iter().map(|s| s.content.as_ref()).collect();
    text.contains(&long) || text.contains(short)
}

fn draw_user(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let (user, tenant) = user_part(app, width);
    let mut line = Line::from(user);
    // One column spare at the right edge, as everywhere else.
    let pad = width.saturating_sub(line.width() + TENANT_LABEL.len() + tenant.chars().count() + 2);
    line.spans.push(Span::raw(" ".repeat(pad + 1)));
    line.spans.push(Span::styled(TENANT_LABEL, theme.muted()));
    line.spans.push(Span::styled(tenant, theme.text()));
    frame.render_widget(Paragraph::new(line), area);
}

/// The user being worked on, in at most `room` columns (the display name is left out when it
/// does not fit, then the address is shortened).
fn user_spans(app: &App, room: usize) -> Vec<Span<'static>> {
    let theme = &app.theme;
    // What the screen shows is about someone else than the carried user: name them first, so
    // a code is never read out under the wrong name.
    let carried = app.user.as_ref().map(|u| u.email.to_ascii_lowercase());
    let subject = app.screens[app.active].subject().map(|s| sanitize(&s));
    if let Some(subject) = subject.filter(|s| Some(s.to_ascii_lowercase()) != carried) {
        let label = " Result for: ";
        let shown = crate::text::sanitize_excerpt(&subject, room.saturating_sub(label.len()));
        let mut spans = vec![
            Span::styled(label, theme.muted()),
            Span::styled(shown, theme.text().add_modifier(Modifier::BOLD)),
        ];
        let used = label.len() + subject.chars().count();
        if app.user.is_some() {
            let note = "  (not the looked-up user)";
            if used + note.chars().count() <= room {
                spans.push(Span::styled(note, theme.muted()));
            }
        }
        return spans;
    }
    // How the caller stands (or that the policy is off): after the address, before the name,
    // in short when the long words do not fit.
    let caller_spans = |words: &str, status: Status| {
        vec![
            Span::raw("  "),
            Span::styled(format!("{} {words}", status.symbol()), theme.status(status)),
        ]
    };
    let width = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let callers = app
        .caller_words()
        .map(|(status, long, short)| (caller_spans(&long, status), caller_spans(short, status)));
    let Some(user) = &app.user else {
        let caller = callers.map(|(long, _)| long).unwrap_or_default();
        let text = crate::text::sanitize_excerpt(
            "No user selected: look one up on screen 1",
            room.saturating_sub(width(&caller)),
        );
        let mut spans = vec![Span::styled(format!(" {text}"), theme.muted())];
        spans.extend(caller);
        return spans;
    };
    // Every action on a disabled user fails: say so wherever the user is shown.
    let disabled = user.details.user_status == Some(crate::api::UserStatus::Disabled);
    let badge = if disabled { "  ✗ Disabled" } else { "" };
    let label = " User: ";
    let name = user.details.display_name().map(|n| sanitize(&n)).unwrap_or_default();
    let email = sanitize(&user.email);
    let full = label.len() + email.chars().count() + badge.chars().count();
    let caller = callers
        .and_then(|(long, short)| {
            [long, short].into_iter().find(|spans| full + width(spans) <= room)
        })
        .unwrap_or_default();
    let mut spans = vec![Span::styled(label, theme.muted())];
    if full <= room {
        spans.push(Span::styled(email, theme.text().add_modifier(Modifier::BOLD)));
        let name_room = room - full - width(&caller);
        if !name.is_empty() && name.chars().count() + 4 <= name_room {
            spans.push(Span::styled(format!("  ({name})"), theme.text()));
        }
    } else {
        let email_room = room.saturating_sub(label.len() + badge.chars().count()).max(8);
        let short = crate::text::sanitize_excerpt(&email, email_room);
        spans.push(Span::styled(short, theme.text().add_modifier(Modifier::BOLD)));
    }
    if disabled {
        spans.push(Span::raw("  "));
        spans.push(Span::styled("✗ Disabled", theme.status(Status::Failed)));
    }
    spans.extend(caller);
    spans
}

fn draw_toast(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(problem) = &app.fatal {
        let line = Line::from(vec![
            Span::raw(" "),
            Status::Failed.span(&app.theme),
            Span::raw(format!("  Cannot talk to the tenant: {problem}")),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if let Some(toast) = &app.toast {
        let status = toast.status.span(&app.theme);
        // One line: a text longer than the room is cut with a mark, never silently.
        let room = usize::from(area.width).saturating_sub(3 + status.width() + 1);
        let line = Line::from(vec![
            Span::raw(" "),
            status,
            Span::raw("  "),
            Span::styled(crate::ui::widgets::fit(&sanitize(&toast.text), room), app.theme.text()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
    }
}

fn draw_footer(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    // While a dialog is open, only its keys work: the footer says so.
    let (screen, global) = if app.overlay == Overlay::None {
        app.help_bindings()
    } else {
        (app.dialog_bindings(), Vec::new())
    };
    let piece = |binding: &Binding| {
        vec![
            Span::styled(binding.keys_label(), theme.accent()),
            Span::styled(format!(" {}  ", binding.label), theme.muted()),
        ]
    };
    let width_of = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let shown: Vec<&Binding> = screen.iter().chain(global.iter()).filter(|b| b.in_footer).collect();
    // The way back, quit and help are always in the footer, at any width; the rest fill the
    // room left, in the order the screen gives them, and help lists what did not fit.
    let essential = |b: &Binding| {
        matches!(b.action, Action::Back | Action::Cancel | Action::Quit | Action::Help)
            || b.keys.contains(&crate::app::keys::Key::Esc)
    };
    let room = (area.width as usize).saturating_sub(1);
    let mut left = room.saturating_sub(
        shown.iter().filter(|b| essential(b)).map(|b| width_of(&piece(b))).sum::<usize>(),
    );
    let mut spans = vec![Span::raw(" ")];
    for binding in shown {
        let next = piece(binding);
        if !essential(binding) {
            let width = width_of(&next);
            if width > left {
                left = 0;
                continue;
            }
            left -= width;
        }
        spans.extend(next);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from(Span::styled("Terminal too small", app.theme.title())),
        Line::raw(format!(
            "casdesk needs {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}.",
            area.width, area.height
        )),
        Line::raw("Enlarge the window, or press Ctrl-C to quit."),
    ];
    let height = 6.min(area.height);
    let y = area.y + area.height.saturating_sub(height) / 2;
    let rect = Rect { x: area.x, y, width: area.width, height };
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).centered(), rect);
}
