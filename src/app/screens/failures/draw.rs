//! Drawing the Failures screen: what was read (range, grouping, when), how far a read got, then
//! the groups with their counts, or one group's users with whether the log shows them locked.
//! Locks are a symbol and a word, never a colour alone.

use super::{FailuresScreen, Loaded};
use crate::activity::short_time;
use crate::app::View;
use crate::failures::{Group, Lock};
use crate::ui::status::Status;
use crate::ui::widgets::{fit, hanging};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// From this width on, each cause also shows the service's words.
const WIDE: u16 = 110;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl FailuresScreen {
    pub(super) fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let [head, status, _, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(self.head_line(view)), head);
        frame.render_widget(Paragraph::new(self.status_line(view, status.width)), status);
        let Some(Ok(loaded)) = &self.shown else { return };
        match self.opened.and_then(|g| self.groups.get(g)) {
            Some(group) => self.draw_users(frame, body, group, view),
            None => self.draw_groups(frame, body, loaded, view),
        }
    }

    /// The range, the grouping and when it was read.
    fn head_line(&self, view: &View) -> Line<'static> {
        let theme = view.theme;
        let read_at = match &self.shown {
            Some(Ok(l)) => {
                let at = short_time(l.read_at, view.clock.now, view.clock.local_offset);
                let range = if l.span == self.span { String::new() } else { l.span.label().into() };
                format!("   read at {at} {range}").trim_end().to_string()
            }
            _ => String::new(),
        };
        Line::from(vec![
            Span::styled(" Failed sign-ins, ", theme.title()),
            Span::styled(self.span.label(), theme.accent()),
            Span::styled(", by ", theme.title()),
            Span::styled(self.by.word(), theme.accent()),
            Span::styled(read_at, theme.muted()),
        ])
    }

    /// How far a read got, why it failed, or what was found.
    fn status_line(&self, view: &View, width: u16) -> Line<'static> {
        let theme = view.theme;
        if let Some(pending) = &self.pending {
            let progress = match pending.progress {
                Some(p) => format!(
                    "page {} of {} read ({})",
                    p.pages_read,
                    p.total_pages.map_or("?".into(), |t| t.to_string()),
                    plural(p.events, "event", "events")
                ),
                None => "asking for the first page".into(),
            };
            let retry = match &pending.retry {
                Some(r) => format!("; waiting {}s: {}", r.wait.as_secs().max(1), r.reason),
                None => String::new(),
            };
            let text =
                format!(" {} Reading the user event log: {progress}{retry}", view.spinner_frame());
            return Line::styled(fit(&text, usize::from(width)), theme.text());
        }
        match &self.shown {
            None => {
                let key = view.key(
                    super::Keys::Groups { rows: false, locked: false },
                    crate::app::keys::Action::Refresh,
                );
                let text = format!(
                    " Press {} to read the {} of the user event log (every user's sign-ins)",
                    key.unwrap_or_default(),
                    self.span.label()
                );
                Line::styled(fit(&text, usize::from(width)), theme.muted())
            }
            Some(Err(failure)) => {
                let text = crate::text::sanitize_excerpt(&failure.message, 300);
                Line::from(vec![
                    Span::raw(" "),
                    Status::Failed.span(theme),
                    Span::raw(format!("  {}", fit(&text, usize::from(width).saturating_sub(12)))),
                ])
            }
            Some(Ok(l)) => {
                let users = crate::failures::users_failing(&l.failures);
                let mut text = format!(
                    " {} by {} in {} of {}",
                    plural(l.failures.len(), "failure", "failures"),
                    plural(users, "user", "users"),
                    plural(self.groups.len(), "group", "groups"),
                    plural(l.events, "event", "events"),
                );
                let mut spans = vec![];
                if !l.complete {
                    text.push_str("; ");
                    spans.push(Span::raw(text));
                    spans.push(Status::Warning.span(theme));
                    spans.push(Span::raw(" not every page was read: choose a shorter range"));
                } else {
                    spans.push(Span::raw(text));
                }
                Line::from(spans)
            }
        }
    }

    fn draw_groups(&self, frame: &mut Frame, area: Rect, loaded: &Loaded, view: &View) {
        let theme = view.theme;
        if self.groups.is_empty() {
            let text = format!("No failed sign-ins in the {}.", loaded.span.label());
            frame.render_widget(
                Paragraph::new(Line::styled(format!(" {text}"), theme.muted())),
                area,
            );
            return;
        }
        let wide = area.width >= WIDE;
        let key_width = if wide { 36 } else { usize::from(area.width).saturating_sub(34).max(12) };
        let [table, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(area);
        let mut lines = vec![Line::styled(
            format!(
                "   {:>5}  {:<key_width$}  {:<9}  {}",
                "COUNT",
                self.by.word().to_uppercase(),
                "USERS",
                "LOCKED"
            ),
            theme.muted(),
        )];
        let room = usize::from(table.height).saturating_sub(1).max(1);
        let first = self.selected.saturating_sub(room - 1);
        for (i, g) in self.groups.iter().enumerate().skip(first).take(room) {
            let locked = g.locked_users().len();
            let marker = if i == self.selected { " › " } else { "   " };
            let mut spans = vec![Span::raw(format!(
                "{marker}{:>5}  {:<key_width$}  {:<9}  ",
                g.count,
                fit(&g.key, key_width),
                plural(g.users.len(), "user", "users"),
            ))];
            // Padded, so the words after it line up.
            if locked > 0 {
                let text = format!("{:<11}", format!("⚠ {locked} locked"));
                spans.push(Span::styled(text, theme.status(Status::Warning)));
            } else {
                spans.push(Span::styled(format!("{:<11}", "–"), theme.muted()));
            }
            if wide && !g.description.is_empty() {
                let room = usize::from(area.width).saturating_sub(key_width + 40);
                spans.push(Span::styled(format!(" {}", fit(&g.description, room)), theme.muted()));
            }
            let line = Line::from(spans);
            lines.push(if i == self.selected { line.style(theme.selected_row()) } else { line });
        }
        frame.render_widget(Paragraph::new(lines), table);
        // The selected group in words, under the table.
        if let Some(g) = self.groups.get(self.selected) {
            let words = if g.description.is_empty() {
                format!("{}: {}", g.key, names(g))
            } else {
                format!("{} Users: {}", g.description, names(g))
            };
            let lines: Vec<Line> = hanging(vec![Span::raw(" ")], &words, detail.width)
                .into_iter()
                .take(2)
                .map(|l| l.style(theme.muted()))
                .collect();
            frame.render_widget(Paragraph::new(lines), detail);
        }
    }

    fn draw_users(&self, frame: &mut Frame, area: Rect, group: &Group, view: &View) {
        let theme = view.theme;
        let locked = group.locked_users().len();
        let mut title = format!(
            " {}: {} by {}",
            group.key,
            plural(group.count, "failure", "failures"),
            plural(group.users.len(), "user", "users"),
        );
        if locked > 0 {
            title.push_str(&format!(", {locked} locked as the log shows"));
        }
        let mut lines = vec![Line::styled(fit(&title, usize::from(area.width)), theme.title())];
        if !group.description.is_empty() {
            let text =
                format!(" {}", fit(&group.description, usize::from(area.width).saturating_sub(2)));
            lines.push(Line::styled(text, theme.muted()));
        }
        let who_width = usize::from(area.width).saturating_sub(30).clamp(12, 48);
        lines.push(Line::styled(
            format!("   {:<who_width$}  {:>8}  {}", "USER", "FAILURES", "LOCK"),
            theme.muted(),
        ));
        let room = usize::from(area.height).saturating_sub(lines.len()).max(1);
        let first = self.user_selected.saturating_sub(room - 1);
        for (i, u) in group.users.iter().enumerate().skip(first).take(room) {
            let marker = if i == self.user_selected { " › " } else { "   " };
            let lock = match u.lock {
                Lock::Locked => Span::styled("⚠ locked", theme.status(Status::Warning)),
                Lock::Unlocked => Span::styled("✓ unlocked since", theme.status(Status::Ok)),
                Lock::NotSeen => Span::styled("–", theme.muted()),
            };
            let line = Line::from(vec![
                Span::raw(format!(
                    "{marker}{:<who_width$}  {:>8}  ",
                    fit(&u.who, who_width),
                    u.failures
                )),
                lock,
            ]);
            lines.push(if i == self.user_selected {
                line.style(theme.selected_row())
            } else {
                line
            });
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// "a@x.com, b@x.com and 3 more".
fn names(g: &Group) -> String {
    const SHOWN: usize = 3;
    let mut text: Vec<&str> = g.users.iter().take(SHOWN).map(|u| u.who.as_str()).collect();
    let more = g.users.len().saturating_sub(SHOWN);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    let last = if more.is_empty() && text.len() > 1 { text.pop() } else { None };
    match last {
        Some(last) => format!("{} and {last}", text.join(", ")),
        None => format!("{}{more}", text.join(", ")),
    }
}
