//! The last screen, Failures: the tenant's failed sign-ins now, read from the User Event Log
//! (every page of the time range, with progress), grouped by cause, application or source
//! address, with counts and the users behind each group; `r` reads, `t` changes the range. Enter lists a group's users and
//! whether the log shows them locked; `u` hands the group's locked users to the Bulk screen's
//! unlock, which asks its usual question before anything is sent.

use crate::api::{EventLogProgress, EventLogRange, RetryNotice};
use crate::app::keys::{Action, KeyContext, KeyState, cycle};
use crate::app::{Cx, HandedList, Screen, View};
use crate::failures::{FailedSignIn, Group, Grouping, Lock, failures_of, group, lock_states};
use crate::messages::{Answer, ApiOutcome, ApiRequest, EventLogNews, Failure, Msg, RequestId};
use crate::ui::status::Status;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::collections::HashMap;
use time::OffsetDateTime;

mod draw;
mod keys;

use keys::Keys;

/// How far back to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Quarter,
    Hour,
    FourHours,
    Day,
}

const SPANS: [Span; 4] = [Span::Quarter, Span::Hour, Span::FourHours, Span::Day];

impl Span {
    pub fn label(self) -> &'static str {
        match self {
            Self::Quarter => "last 15 min",
            Self::Hour => "last hour",
            Self::FourHours => "last 4 hours",
            Self::Day => "last 24 hours",
        }
    }

    fn length(self) -> time::Duration {
        match self {
            Self::Quarter => time::Duration::minutes(15),
            Self::Hour => time::Duration::hours(1),
            Self::FourHours => time::Duration::hours(4),
            Self::Day => time::Duration::hours(24),
        }
    }
}

/// A read under way, and how far it got.
struct Pending {
    id: RequestId,
    progress: Option<EventLogProgress>,
    retry: Option<RetryNotice>,
}

/// A log read, and what it was read for.
struct Loaded {
    failures: Vec<FailedSignIn>,
    locks: HashMap<String, Lock>,
    span: Span,
    read_at: OffsetDateTime,
    /// Every page was read.
    complete: bool,
    events: usize,
}

pub struct FailuresScreen {
    span: Span,
    by: Grouping,
    pending: Option<Pending>,
    shown: Option<Result<Loaded, Failure>>,
    /// The groups of what is shown, by `by`.
    groups: Vec<Group>,
    selected: usize,
    /// The group whose users are listed (Enter), and the user selected in it.
    opened: Option<usize>,
    user_selected: usize,
    /// Something was handed to Bulk since the read: read again when the screen next opens.
    stale: bool,
}

impl Default for FailuresScreen {
    fn default() -> Self {
        Self {
            span: Span::Hour,
            by: Grouping::Cause,
            pending: None,
            shown: None,
            groups: Vec::new(),
            selected: 0,
            opened: None,
            user_selected: 0,
            stale: false,
        }
    }
}

impl FailuresScreen {
    fn load(&mut self, cx: &mut Cx) {
        if let Some(pending) = self.pending.take() {
            cx.command(crate::messages::Command::Cancel(pending.id));
        }
        let end = cx.clock.now.to_offset(cx.clock.local_offset);
        let range = EventLogRange { start: end - self.span.length(), end };
        let id = cx.request(ApiRequest::UserEventLog { range });
        self.pending = Some(Pending { id, progress: None, retry: None });
        self.stale = false;
    }

    fn regroup(&mut self) {
        self.groups = match &self.shown {
            Some(Ok(loaded)) => group(&loaded.failures, self.by, &loaded.locks),
            _ => Vec::new(),
        };
        self.selected = 0;
        self.opened = None;
        self.user_selected = 0;
    }

    fn group_in_view(&self) -> Option<&Group> {
        self.groups.get(self.opened.unwrap_or(self.selected))
    }

    fn move_by(&mut self, step: isize) {
        let (at, rows) = match self.opened {
            Some(g) => (&mut self.user_selected, self.groups.get(g).map_or(0, |g| g.users.len())),
            None => (&mut self.selected, self.groups.len()),
        };
        let last = rows.saturating_sub(1) as isize;
        *at = (*at as isize + step).clamp(0, last.max(0)) as usize;
    }

    /// Hands the chosen user of the group to Lookup, which looks them up (why they fail is
    /// on Activity from there; the lock as the service has it now, not as the log last said).
    fn look_up_chosen(&mut self, cx: &mut Cx) {
        let Some(group) = self.group_in_view() else { return };
        let Some(user) = group.users.get(self.user_selected) else { return };
        let (emails, source) = (vec![user.who.clone()], "Failures".to_string());
        cx.hand_off(HandedList { action: crate::app::LOOK_UP, emails, source });
    }

    /// Hands the group's locked users to Bulk's unlock.
    fn unlock_locked(&mut self, cx: &mut Cx) {
        let Some(group) = self.group_in_view() else { return };
        let emails = group.locked_users();
        if emails.is_empty() {
            let text = "No one in this group is locked, as far as the log shows";
            return cx.toast(Status::Warning, text);
        }
        let source = format!("Failures, {}, locked:", group.key);
        cx.hand_off(HandedList { action: "unlock", emails, source });
        self.stale = true;
    }

    fn answered(&mut self, news: EventLogNews, cx: &mut Cx) {
        match news {
            EventLogNews::Progress(progress) => {
                if let Some(pending) = &mut self.pending {
                    pending.progress = Some(progress);
                    pending.retry = None;
                }
            }
            EventLogNews::Read(read) => {
                self.pending = None;
                self.shown = Some(read.map(|log| Loaded {
                    failures: failures_of(&log.entries),
                    locks: lock_states(&log.entries),
                    span: self.span,
                    read_at: cx.clock.now,
                    complete: log.complete,
                    events: log.entries.len(),
                }));
                self.regroup();
            }
        }
    }
}

impl Screen for FailuresScreen {
    fn title(&self) -> &'static str {
        "Failures"
    }

    fn key_context(&self) -> KeyContext {
        self.keys().context()
    }

    fn every_key_context(&self) -> Vec<KeyContext> {
        Keys::every_context()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        match action {
            Action::Refresh => self.load(cx),
            Action::CycleRange => {
                self.span = cycle(&SPANS, self.span, true);
                self.load(cx);
            }
            Action::ToggleMode => {
                self.by = cycle(&Grouping::ALL, self.by, true);
                self.regroup();
            }
            Action::Submit if self.opened.is_none() && !self.groups.is_empty() => {
                self.opened = Some(self.selected);
                self.user_selected = 0;
            }
            Action::Submit => self.look_up_chosen(cx),
            Action::Back | Action::Cancel => self.opened = None,
            Action::Declared("unlock") => self.unlock_locked(cx),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-8),
            Action::PageDown => self.move_by(8),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_by(isize::MAX / 2),
            _ => {}
        }
    }

    /// Passing through with Tab does not read the whole tenant's log (pages of it, under the
    /// rate limit): the first read is `r`. After a hand-off to Bulk, coming back reads again,
    /// so the unlocks show.
    fn opened(&mut self, cx: &mut Cx) {
        if self.pending.is_none() && self.stale {
            self.load(cx);
        }
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        let Some(id) = self.pending.as_ref().map(|p| p.id) else { return };
        match Msg::take_answer(msg, id) {
            Some(Answer::Retrying(notice)) => {
                if let Some(pending) = &mut self.pending {
                    pending.retry = Some(notice);
                }
            }
            Some(Answer::Outcome(ApiOutcome::EventLog(news))) => self.answered(news, cx),
            Some(Answer::Outcome(ApiOutcome::Failed(failure))) => {
                self.pending = None;
                self.shown = Some(Err(failure));
                self.regroup();
            }
            Some(Answer::Outcome(other)) => {
                self.pending = None;
                self.shown = Some(Err(Failure::new(format!("unexpected answer: {other:?}"))));
                self.regroup();
            }
            None => {}
        }
    }

    fn busy(&self) -> bool {
        self.pending.is_some()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.render(frame, area, view);
    }
}
