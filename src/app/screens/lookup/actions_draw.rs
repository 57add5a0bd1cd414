//! The lines under the found user about a change to them: the question before it, progress
//! while it is sent, and what the service said after.

use super::LookupScreen;
use super::draw::retry_line;
use super::keys::Keys;
use crate::app::View;
use crate::status::Status;
use crate::ui::widgets::hanging;
use ratatui::text::{Line, Span};

impl LookupScreen {
    pub(super) fn action_lines(&self, view: &View, width: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let mut lines = Vec::new();
        if let Some(action) = self.mode.confirming() {
            let who = self.found_email().unwrap_or_default();
            lines.extend(view.question(Keys::Confirming, &action.question(&who), width));
            // What the action warns of for this user (an unlock leaves Approve as it is).
            if let (Some(caveat), super::State::Found { details, .. }) =
                (action.declared.caveat, &self.state)
                && let Some(words) = caveat(details)
            {
                lines.extend(
                    hanging(vec![Span::raw("            ")], &words, width)
                        .into_iter()
                        .map(|line| line.style(theme.muted())),
                );
            }
            // The gate would refuse it: said before `y`, with the way on.
            if view.caller_unverified(action.declared.guard, &who) {
                lines.extend(hanging(
                    vec![Span::raw(" "), Status::Warning.span(theme), Span::raw("  ")],
                    "The caller is not verified: y sends nothing. V verifies them first.",
                    width,
                ));
            }
            // A colleague's recent action this would replace or undo, named.
            let user_id = self.state.found().and_then(|f| f.details.id.as_deref());
            let mine = crate::others::for_user_action(action);
            lines.extend(view.others.warning_lines(user_id, &mine, view.clock.now, (theme, width)));
        } else if let Some(acting) = self.mode.acting() {
            lines.push(Line::from(vec![
                Span::styled(format!(" {} ", view.spinner_frame()), theme.status(Status::Pending)),
                Status::Pending.span(theme),
                Span::raw(format!("  {}…", acting.action.doing())),
            ]));
            if let Some(notice) = &acting.retry {
                lines.push(retry_line(notice, view));
            }
        } else if let Some(report) = &self.report {
            let (status, words) = match &report.result {
                Ok(acted) => (acted.status(), acted.summary()),
                Err(failure) => failure.status_and_words(),
            };
            let what = crate::text::capitalised(&report.action.headline());
            lines.extend(hanging(
                vec![Span::raw(" "), status.span(theme), Span::raw("  ")],
                &format!("{what}: {words}"),
                width,
            ));
            // What was and was not done, where the failure alone does not say.
            if let (Some(after), Err(failure)) =
                (report.action.declared.after_failure, &report.result)
                && let Some(words) = after(&report.action.args, failure)
            {
                lines.extend(hanging(vec![Span::raw("       ")], &words, width));
            }
            if let Some(failure) = &report.refresh_failed {
                lines.extend(hanging(
                    vec![Span::raw(" "), Status::Warning.span(theme), Span::raw("  ")],
                    &format!(
                        "Could not look the user up again, so what is shown may be out of date: {}",
                        failure.message
                    ),
                    width,
                ));
            }
        }
        if !lines.is_empty() {
            lines.insert(0, Line::raw(""));
        }
        lines
    }
}
