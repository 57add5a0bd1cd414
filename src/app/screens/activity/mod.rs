//! Screen 6, Activity: the carried user's sign-in activity (`GET v1/users/{id}/authlogs`,
//! the 100 most recent events), newest first, each beside what it means in plain words, with
//! one line at the top that sums it up. Fetched when the screen opens and on `r`; the time
//! range and the event code are filters the service applies.

use crate::api::{AuthLogEntry, AuthLogQuery, RetryNotice};
use crate::app::keys::{Action, KeyContext, KeyState, cycle};
use crate::app::{CurrentUser, Cx, Screen, View};
use crate::messages::{Answer, ApiOutcome, ApiRequest, Failure, Msg, RequestId};
use ratatui::Frame;
use ratatui::layout::Rect;
use time::OffsetDateTime;

mod draw;
mod following;
mod keys;

use keys::Keys;

/// How far back to ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// No time filter: the service's latest 100.
    All,
    Hour,
    Day,
    Week,
}

const RANGES: [Range; 4] = [Range::All, Range::Hour, Range::Day, Range::Week];

impl Range {
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "latest 100",
            Self::Hour => "last hour",
            Self::Day => "last 24 hours",
            Self::Week => "last 7 days",
        }
    }

    fn span(self) -> Option<time::Duration> {
        match self {
            Self::All => None,
            Self::Hour => Some(time::Duration::hours(1)),
            Self::Day => Some(time::Duration::days(1)),
            Self::Week => Some(time::Duration::days(7)),
        }
    }
}

pub struct ActivityScreen {
    user: Option<CurrentUser>,
    range: Range,
    /// Only events with this code (`None`: every code).
    code: Option<String>,
    /// Every code seen in this user's answers, to cycle through.
    known_codes: Vec<String>,
    pending: Option<(RequestId, Option<RetryNotice>)>,
    shown: Option<Result<Shown, Failure>>,
    selected: usize,
    /// The selected event shows every field the service gave (Enter).
    expanded: bool,
    /// The user was looked up again (after a change on another screen): read the log again
    /// when the screen next opens.
    stale: bool,
    /// Following the user's sign-ins as they happen (`f`).
    following: Option<following::Following>,
    /// How following last ended, until it starts again.
    follow_note: Option<String>,
    /// A follow of a user no longer carried, for the App to cancel.
    abandoned: Vec<RequestId>,
}

/// A log read this recently is not read again just because the screen was passed through.
const FRESH_FOR: time::Duration = time::Duration::seconds(60);

/// An answer on screen, and what it was asked with.
struct Shown {
    entries: Vec<AuthLogEntry>,
    range: Range,
    code: Option<String>,
    fetched_at: OffsetDateTime,
}

impl Default for ActivityScreen {
    fn default() -> Self {
        Self {
            user: None,
            range: Range::All,
            code: None,
            known_codes: Vec::new(),
            pending: None,
            shown: None,
            selected: 0,
            stale: false,
            expanded: false,
            following: None,
            follow_note: None,
            abandoned: Vec::new(),
        }
    }
}

impl ActivityScreen {
    fn fetch(&mut self, cx: &mut Cx) {
        let Some(user) = &self.user else { return };
        let Some(user_id) = user.id().map(str::to_string) else {
            self.shown = Some(Err(Failure::new(
                "the service gave no user id for this user, so the log cannot be read",
            )));
            return;
        };
        // Times go out at the operator's offset, as they are shown.
        let now = cx.clock.now.to_offset(cx.clock.local_offset);
        let query = AuthLogQuery {
            start_time_after: self.range.span().map(|span| now - span),
            end_time_on_or_before: None,
            event_code: self.code.clone(),
        };
        let email = user.email.clone();
        let id = cx.request(ApiRequest::AuthLogs { user_id, email, query });
        self.pending = Some((id, None));
        self.stale = false;
    }

    fn rows(&self) -> usize {
        match &self.shown {
            Some(Ok(shown)) => shown.entries.len(),
            _ => 0,
        }
    }

    fn move_by(&mut self, step: isize) {
        let last = self.rows().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + step).clamp(0, last.max(0)) as usize;
    }

    fn answered(&mut self, outcome: ApiOutcome, cx: &mut Cx) {
        self.shown = Some(match outcome {
            ApiOutcome::AuthLogs(Ok(entries)) => {
                for code in entries.iter().filter_map(|e| e.event_code.as_deref()) {
                    let code = crate::text::sanitize_excerpt(code, 60);
                    if !code.is_empty() && !self.known_codes.contains(&code) {
                        self.known_codes.push(code);
                    }
                }
                self.known_codes.sort();
                self.selected = 0;
                self.expanded = false;
                Ok(Shown {
                    entries,
                    range: self.range,
                    code: self.code.clone(),
                    fetched_at: cx.clock.now,
                })
            }
            ApiOutcome::AuthLogs(Err(failure)) | ApiOutcome::Failed(failure) => Err(failure),
            other => Err(Failure::new(format!("unexpected answer: {other:?}"))),
        });
    }
}

impl Screen for ActivityScreen {
    fn title(&self) -> &'static str {
        "Activity"
    }

    fn key_context(&self) -> KeyContext {
        self.keys().context()
    }

    fn every_key_context(&self) -> Vec<KeyContext> {
        Keys::every_context()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        if self.user.is_none() {
            return;
        }
        match action {
            Action::Refresh => self.fetch(cx),
            Action::Follow => self.toggle_following(cx),
            Action::CycleRange => {
                self.range = cycle(&RANGES, self.range, true);
                self.fetch(cx);
            }
            Action::CycleCode => {
                let mut choices: Vec<Option<String>> = vec![None];
                choices.extend(self.known_codes.iter().cloned().map(Some));
                let at = choices.iter().position(|c| *c == self.code).unwrap_or(0);
                self.code = choices[(at + 1) % choices.len()].clone();
                self.fetch(cx);
            }
            Action::Submit => self.expanded = !self.expanded && self.rows() > 0,
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-8),
            Action::PageDown => self.move_by(8),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_by(isize::MAX / 2),
            _ => {}
        }
    }

    fn opened(&mut self, cx: &mut Cx) {
        // Fresh on arrival: read unless a read is under way, or one was made moments ago and
        // nothing has been done to the user since (an unlock on Lookup looks them up again,
        // which marks the log stale). Passing through with Tab does not read it each time.
        let recent = matches!(&self.shown, Some(Ok(s)) if cx.clock.now - s.fetched_at < FRESH_FOR);
        if self.pending.is_none() && (self.stale || !recent) {
            self.fetch(cx);
        }
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        if let Some(id) = self.following_id()
            && let Some(Answer::Outcome(ApiOutcome::Follow(news))) = Msg::take_answer(msg, id)
        {
            return self.followed(news, cx);
        }
        let Some((id, _)) = self.pending else { return };
        match Msg::take_answer(msg, id) {
            Some(Answer::Retrying(notice)) => self.pending = Some((id, Some(notice))),
            Some(Answer::Outcome(outcome)) => {
                self.pending = None;
                self.answered(outcome, cx);
            }
            None => {}
        }
    }

    fn user_changed(&mut self, user: Option<&CurrentUser>) {
        let same = self.user.as_ref().and_then(CurrentUser::id) == user.and_then(CurrentUser::id);
        if same {
            // Looked up again, most likely after a change: the log has news.
            self.stale = true;
        } else {
            // Someone else's history must not stay on screen under this user's name, and the
            // filters chosen for them would hide this user's events (a lock three hours ago
            // outside "last hour"): the next user starts from the latest 100.
            self.shown = None;
            self.pending = None;
            self.range = Range::All;
            self.code = None;
            self.known_codes.clear();
            self.selected = 0;
            // Following stops when the operator leaves the user.
            if let Some(following) = self.following.take() {
                self.abandoned.push(following.id);
            }
            self.follow_note = None;
        }
        self.user = user.cloned();
    }

    fn stopped_requests(&mut self) -> Vec<RequestId> {
        std::mem::take(&mut self.abandoned)
    }

    fn busy(&self) -> bool {
        self.pending.is_some() || self.following.is_some()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.render(frame, area, view);
    }
}
