//! Drawing the Activity screen: the filters, the summary line, then the events newest first,
//! each as its time, status word, what it means and (below, muted) the service's own words.

use super::{ActivityScreen, Keys, Shown};
use crate::activity::{Outcome, explain, filtered_note, short_time, summarize};
use crate::api::AuthLogEntry;
use crate::app::View;
use crate::app::keys::Action;
use crate::text::sanitize_excerpt;
use crate::ui::status::Status;
use crate::ui::widgets::{hanging, wrapped_after};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Where the plain words start: marker, time, status.
const TIME_WIDTH: usize = 12;
const STATUS_WIDTH: usize = 8;
const INDENT: usize = 1 + 1 + TIME_WIDTH + 1 + STATUS_WIDTH + 1;

/// From this width on, each event also says which application and where from.
const WIDE: u16 = 110;

const READY: Keys = Keys::Ready { rows: true, expanded: false };

impl ActivityScreen {
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        if self.user.is_none() {
            let text = "Look a user up on screen 1 (or press a there): their sign-in activity is \
                        shown here, newest first, each failure explained.";
            let lines: Vec<Line> = hanging(vec![Span::raw(" ")], text, area.width)
                .into_iter()
                .map(|l| l.style(theme.muted()))
                .collect();
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
        // The summary takes the lines it needs (two at least, so the list does not jump while
        // it is read), up to three; then the list.
        let summary_lines = self.summary_lines(view, area.width);
        let summary_height = summary_lines.len().clamp(2, 3) as u16;
        let [filters, summary, list] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(summary_height),
            Constraint::Min(3),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(self.filter_line(view, filters.width)), filters);
        frame.render_widget(Paragraph::new(summary_lines).wrap(Wrap { trim: false }), summary);
        self.draw_list(frame, list, view);
    }

    /// The filters in effect and when the list was read; at 80 columns a long event code is
    /// shortened and the time read left out before anything is cut at the edge.
    fn filter_line(&self, view: &View, width: u16) -> Line<'static> {
        let theme = view.theme;
        let key = |a| view.key(READY, a).unwrap_or_default();
        let read_at = match (&self.following, &self.shown) {
            // Following: said where the time read would be, with the latest word on the reads.
            (Some(following), _) => {
                let at = short_time(following.since, view.clock.now, view.clock.local_offset);
                let note = following.note.as_deref().map(|n| format!("; {n}")).unwrap_or_default();
                format!(
                    "   {} following since {at} ({} stops){note}",
                    view.spinner_frame(),
                    key(Action::Follow)
                )
            }
            (None, _) if self.follow_note.is_some() => {
                format!("   {}", self.follow_note.as_deref().unwrap_or_default())
            }
            (None, Some(Ok(shown))) => {
                let at = short_time(shown.fetched_at, view.clock.now, view.clock.local_offset);
                format!("   read at {at}")
            }
            _ => String::new(),
        };
        let build = |code: String, read_at: &str| {
            Line::from(vec![
                Span::styled(" Range ", theme.muted()),
                Span::styled(self.range.label(), theme.text().add_modifier(Modifier::BOLD)),
                Span::styled(format!(" ({})", key(Action::CycleRange)), theme.muted()),
                Span::styled("   Event code ", theme.muted()),
                Span::styled(code, theme.text().add_modifier(Modifier::BOLD)),
                Span::styled(format!(" ({})", key(Action::CycleCode)), theme.muted()),
                Span::styled(read_at.to_string(), theme.muted()),
            ])
        };
        let code = self.code.clone().unwrap_or_else(|| "any".into());
        let room = usize::from(width).saturating_sub(1);
        let full = build(code.clone(), &read_at);
        if full.width() <= room {
            return full;
        }
        let without_time = build(code.clone(), "");
        if without_time.width() <= room {
            return without_time;
        }
        let spare = room.saturating_sub(without_time.width() - code.chars().count());
        build(sanitize_excerpt(&code, spare.max(8)), "")
    }

    fn summary_lines(&self, view: &View, width: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        if let Some((_, retry)) = &self.pending {
            let mut lines = vec![Line::from(vec![
                Span::styled(format!(" {} ", view.spinner_frame()), theme.status(Status::Pending)),
                Span::raw("Reading the sign-in activity…"),
            ])];
            if let Some(notice) = retry {
                lines.push(crate::app::screens::lookup::retry_line(notice, view));
            }
            return lines;
        }
        match &self.shown {
            None => vec![Line::styled(" Press r to read the sign-in activity.", theme.muted())],
            Some(Err(_)) => vec![Line::from(vec![
                Span::raw(" "),
                Status::Failed.span(theme),
                Span::raw("  Could not read the sign-in activity (r to try again)."),
            ])],
            Some(Ok(shown)) if shown.entries.is_empty() => {
                vec![Line::styled(" No sign-in events in this range.", theme.muted())]
            }
            Some(Ok(shown)) if shown.code.is_some() => {
                let code = crate::text::sanitize_excerpt(shown.code.as_deref().unwrap_or(""), 60);
                let text = filtered_note(&code, shown.entries.len());
                wrapped_after(vec![Span::raw(" ")], &text, width, 1)
                    .into_iter()
                    .map(|l| l.style(theme.muted()))
                    .collect()
            }
            Some(Ok(shown)) => {
                let text = summarize(&shown.entries, view.clock.now, view.clock.local_offset);
                // The status agrees with the words: a failure since the last good sign-in
                // warns; OK only when the last sign-in succeeded with nothing failing since;
                // no status at all when there was no sign-in to judge.
                let status = match summary_status(&shown.entries) {
                    Some(status) => status.span(theme),
                    None => Span::raw("·"),
                };
                let prefix = vec![Span::raw(" "), status, Span::raw("  ")];
                let mut lines = wrapped_after(prefix, &text, width, 2);
                if let Some(first) = lines.first_mut() {
                    *first = first.clone().style(theme.text().add_modifier(Modifier::BOLD));
                }
                lines
            }
        }
    }

    fn draw_list(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let (title, rows): (String, Vec<Vec<Line<'static>>>) = match &self.shown {
            Some(Ok(shown)) => (list_title(shown), self.row_lines(shown, view, area.width)),
            Some(Err(_)) => (" Why ".into(), Vec::new()),
            None => (" Events ".into(), Vec::new()),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(view.focused))
            .title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if let Some(Err(failure)) = &self.shown {
            let mut lines = hanging(vec![Span::raw(" ")], &failure.message, inner.width);
            if let Some(hint) = hint(failure) {
                lines.push(Line::raw(""));
                lines.extend(
                    hanging(vec![Span::raw(" ")], hint, inner.width)
                        .into_iter()
                        .map(|l| l.style(theme.muted())),
                );
            }
            frame.render_widget(Paragraph::new(lines), inner);
            return;
        }
        if rows.is_empty() {
            if let Some(Ok(_)) = &self.shown {
                let empty = Line::styled(
                    " No events (widen the range with t, or any code with c).",
                    theme.muted(),
                );
                frame.render_widget(Paragraph::new(empty), inner);
            }
            return;
        }
        // Scroll so the selected event is in full view.
        let height = usize::from(inner.height);
        let mut top = 0;
        while top < self.selected
            && rows[top..=self.selected].iter().map(Vec::len).sum::<usize>() > height
        {
            top += 1;
        }
        let lines: Vec<Line> = rows[top..].iter().flatten().take(height).cloned().collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn row_lines(&self, shown: &Shown, view: &View, width: u16) -> Vec<Vec<Line<'static>>> {
        // One column spare at the right edge, as everywhere else.
        let room = width.saturating_sub(3);
        shown
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let selected = i == self.selected;
                event_lines(e, selected, selected && self.expanded, view, room)
            })
            .collect()
    }
}

fn list_title(shown: &Shown) -> String {
    let n = shown.entries.len();
    let capped =
        if n >= crate::api::MAX_AUTH_LOG_EVENTS { ", the most the service gives" } else { "" };
    let code = shown.code.as_deref().map(|c| format!(", code {c}")).unwrap_or_default();
    format!(
        " {n} event{}, newest first ({}{code}{capped}) ",
        if n == 1 { "" } else { "s" },
        shown.range.label()
    )
}

fn outcome_style(outcome: Outcome, view: &View) -> Style {
    let theme = view.theme;
    match outcome {
        Outcome::Success => theme.status(Status::Ok),
        Outcome::Failure | Outcome::Locked => theme.status(Status::Failed),
        Outcome::Change => theme.accent(),
        Outcome::Other => theme.muted(),
    }
}

/// One event: time, status and plain words (wrapped under themselves), then the method, the
/// service's words and where it came from, muted.
fn event_lines(
    e: &AuthLogEntry,
    selected: bool,
    expanded: bool,
    view: &View,
    width: u16,
) -> Vec<Line<'static>> {
    let theme = view.theme;
    let clock = view.clock;
    let explained = explain(e);
    let outcome = explained.outcome();
    let time = match e.logged_at() {
        Some(t) => {
            let local = t.to_offset(clock.local_offset);
            if local.date() == clock.now.to_offset(clock.local_offset).date() {
                format!("{:02}:{:02}:{:02}", local.hour(), local.minute(), local.second())
            } else {
                short_time(t, clock.now, clock.local_offset)
            }
        }
        None => e.event_log_date.as_deref().map_or("?".into(), |d| sanitize_excerpt(d, TIME_WIDTH)),
    };
    let marker = if selected { "›" } else { " " };
    let emphasis = if selected { theme.text().add_modifier(Modifier::BOLD) } else { theme.text() };
    let prefix = vec![
        Span::styled(format!("{marker} "), theme.accent()),
        Span::styled(format!("{time:<TIME_WIDTH$} "), theme.muted()),
        Span::styled(format!("{:<STATUS_WIDTH$} ", outcome.label()), outcome_style(outcome, view)),
    ];
    let mut lines = wrapped_after(prefix, &explained.on_screen(), width, INDENT);
    for line in lines.iter_mut() {
        if let Some(last) = line.spans.last_mut() {
            last.style = emphasis;
        }
    }
    // The service's own words: the method and description; the code when there is no
    // description; where from, when there is room for it.
    let mut said = Vec::new();
    match (given(&e.method), given(&e.device_name)) {
        (Some(method), Some(device)) => said.push(format!(
            "{} on {}",
            sanitize_excerpt(method, 24),
            sanitize_excerpt(device, 40)
        )),
        (Some(method), None) => said.push(sanitize_excerpt(method, 24)),
        (None, Some(device)) => said.push(format!("on {}", sanitize_excerpt(device, 40))),
        (None, None) => {}
    }
    match (given(&e.event_description), given(&e.event_code)) {
        (Some(text), _) => said.push(format!("\"{}\"", sanitize_excerpt(text, 200))),
        (None, Some(code)) => said.push(sanitize_excerpt(code, 60)),
        (None, None) => {}
    }
    if width >= WIDE {
        if let Some(app) = given(&e.application) {
            said.push(sanitize_excerpt(app, 40));
        }
        if let Some(ip) = given(&e.source_ip_address) {
            said.push(format!("from {}", sanitize_excerpt(ip, 45)));
        }
    }
    if !said.is_empty() {
        let indent = vec![Span::raw(" ".repeat(INDENT))];
        lines.extend(
            wrapped_after(indent, &said.join(" · "), width, INDENT)
                .into_iter()
                .map(|l| l.style(theme.muted())),
        );
    }
    if expanded {
        lines.extend(detail_lines(e, view, width));
    }
    lines
}

/// Every field the service gave that the row does not show, for the selected event when
/// opened with Enter: what RSA support asks for (event and transaction ids) and the rest.
fn detail_lines(e: &AuthLogEntry, view: &View, width: u16) -> Vec<Line<'static>> {
    let theme = view.theme;
    let verbose = e.verbose_flag.map(|v| v.to_string());
    let fields: [(&str, Option<&str>); 15] = [
        ("Event code", given(&e.event_code)),
        ("When (service)", given(&e.event_log_date)),
        ("Type", given(&e.event_type)),
        ("Level", given(&e.event_level)),
        ("Category", given(&e.event_category)),
        ("Application", given(&e.application)),
        ("From", given(&e.source_ip_address)),
        ("Device", given(&e.device_id)),
        ("Policy", given(&e.policy_name)),
        ("Policy id", given(&e.policy_id)),
        ("Assurance", given(&e.assurance_level)),
        ("Details", given(&e.authentication_details)),
        ("Event id", given(&e.event_id)),
        ("Transaction", given(&e.transaction_id)),
        ("Verbose", verbose.as_deref()),
    ];
    let label_width = 15;
    let mut out = Vec::new();
    for (label, value) in fields {
        let Some(value) = value else { continue };
        let prefix = vec![
            Span::raw(" ".repeat(INDENT)),
            Span::styled(format!("{label:<label_width$}"), theme.muted()),
        ];
        out.extend(wrapped_after(
            prefix,
            &sanitize_excerpt(value, 300),
            width,
            INDENT + label_width,
        ));
    }
    out
}

/// A field the service filled in (not missing, not blank).
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|t| !t.trim().is_empty())
}

/// What to do about a failure to read the log, when the status says more than the message.
fn hint(failure: &crate::messages::Failure) -> Option<&'static str> {
    Some(match failure.status {
        Some(403) => {
            "The key or OAuth client may lack the rsa.audit.user scope (or the Help Desk role)."
        }
        Some(404) => "The service no longer knows this user; look them up again on screen 1.",
        Some(400) => "The service refused the filters; try another time range (t).",
        _ => return None,
    })
}

/// `Warning` when a sign-in failed after the newest good one, `Ok` when the newest attempt
/// succeeded, `None` when no event is a sign-in attempt.
fn summary_status(entries: &[crate::api::AuthLogEntry]) -> Option<Status> {
    let mut dated: Vec<_> =
        entries.iter().filter_map(|e| e.logged_at().map(|t| (t, explain(e).kind))).collect();
    // Newest first as the service sends them; a stable sort keeps that order among equals.
    dated.reverse();
    dated.sort_by_key(|(t, _)| *t);
    let last_ok = dated.iter().rposition(|(_, k)| *k == crate::activity::Kind::SignedIn);
    let since = last_ok.map_or(0, |i| i + 1);
    if dated[since..].iter().any(|(_, k)| k.is_failure()) {
        Some(Status::Warning)
    } else {
        last_ok.map(|_| Status::Ok)
    }
}
