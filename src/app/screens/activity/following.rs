//! Following on the Activity screen (`f`): the user's new sign-ins appear at the top as they
//! happen, read from the last event seen (the worker paces the reads and backs off when the
//! service throttles), until the operator stops it, leaves the user, or 15 minutes pass.

use super::{ActivityScreen, Shown};
use crate::app::Cx;
use crate::follow::{FollowNews, FollowRequest, Stop};
use crate::messages::{ApiRequest, Command, RequestId};
use time::OffsetDateTime;

pub(super) struct Following {
    pub id: RequestId,
    pub since: OffsetDateTime,
    /// The latest word on the reads (throttled, a read failed), if any.
    pub note: Option<String>,
}

impl ActivityScreen {
    /// `f`: starts following the user, or stops.
    pub(super) fn toggle_following(&mut self, cx: &mut Cx) {
        if let Some(following) = self.following.take() {
            cx.command(Command::Cancel(following.id));
            self.follow_note = Some("Stopped following.".into());
            return;
        }
        let Some(user) = &self.user else { return };
        let Some(user_id) = user.id().map(str::to_string) else { return };
        let request = FollowRequest::events(&user_id, &user.email);
        let id = cx.request(ApiRequest::Follow(Box::new(request)));
        self.following = Some(Following { id, since: cx.clock.now, note: None });
        self.follow_note = None;
    }

    /// News of the follow: new events go on top of the list, newest first.
    pub(super) fn followed(&mut self, news: FollowNews, cx: &mut Cx) {
        let Some(following) = self.following.as_mut() else { return };
        match news {
            FollowNews::Events { events, .. } => {
                following.note = None;
                let entries = match &mut self.shown {
                    Some(Ok(shown)) => &mut shown.entries,
                    other => {
                        *other = Some(Ok(Shown {
                            entries: Vec::new(),
                            range: self.range,
                            code: self.code.clone(),
                            fetched_at: cx.clock.now,
                        }));
                        match other {
                            Some(Ok(shown)) => &mut shown.entries,
                            _ => return,
                        }
                    }
                };
                // Oldest first in the news; the list is newest first. The cursor stays on
                // the event it was on.
                for event in events {
                    entries.insert(0, event.entry);
                    if self.selected > 0 || self.expanded {
                        self.selected += 1;
                    }
                }
            }
            FollowNews::Throttled { wait, .. } => {
                following.note =
                    Some(format!("rate limited: next read in {}s", wait.as_secs().max(1)));
            }
            FollowNews::ReadFailed { failure, wait } => {
                following.note = Some(format!(
                    "a read failed ({}); trying again in {}s",
                    failure.message,
                    wait.as_secs().max(1)
                ));
            }
            FollowNews::Stopped(stop) => {
                self.following = None;
                self.follow_note = Some(match stop {
                    Stop::TimeUp => {
                        "Stopped following: 15 minutes are up (f follows again).".into()
                    }
                    Stop::Failed(f) => format!("Stopped following: {}", f.message),
                    Stop::Cancelled | Stop::Answered => "Stopped following.".into(),
                });
            }
            _ => {}
        }
    }

    /// The follow's request, if one runs.
    pub(super) fn following_id(&self) -> Option<RequestId> {
        self.following.as_ref().map(|f| f.id)
    }
}
