//! "Others acted (24 h)": after a user is looked up, the console asks the worker for the
//! administration log's entries on them (never holding up the lookup), keeps them here for
//! every screen (`View::others`), and Lookup shows them under the user. A 403 is said once, in
//! words, and not asked again this session; other failures are said briefly. The confirmation
//! of a change that would replace or undo a colleague's recent one names them
//! ([`OthersActed::warning`]).

use super::App;
use crate::messages::{ApiOutcome, ApiRequest, Command, Msg, RequestId};
use crate::others::{Act, Acted, Warning, acted};
use crate::status::Status;
use crate::ui::widgets::hanging;
use ratatui::text::{Line, Span};
use time::OffsetDateTime;

/// Asked again for the same user after this long (a lookup again, or after a change).
const FRESH_FOR: time::Duration = time::Duration::seconds(30);
/// The most entries shown under the user; the rest are counted.
const SHOWN: usize = 3;

/// What a 403 means, said once.
pub const FORBIDDEN_WORDS: &str =
    "This key may not read the administration log; who else acted is not shown.";

#[derive(Debug, Default)]
pub struct OthersActed {
    state: State,
    /// A 403 came back: not asked again this session.
    refused: bool,
    /// The address of the user asked about (for screens that name users by address).
    email: String,
}

#[derive(Debug, Default)]
enum State {
    #[default]
    Nothing,
    Loading {
        id: RequestId,
        user_id: String,
    },
    Loaded {
        user_id: String,
        list: Vec<Acted>,
        cut_short: bool,
        at: OffsetDateTime,
    },
    /// Said for this user, the once.
    Forbidden {
        user_id: String,
    },
    Failed {
        user_id: String,
        message: String,
    },
}

impl OthersActed {
    fn user_id(&self) -> Option<&str> {
        match &self.state {
            State::Nothing => None,
            State::Loading { user_id, .. }
            | State::Loaded { user_id, .. }
            | State::Forbidden { user_id }
            | State::Failed { user_id, .. } => Some(user_id),
        }
    }

    /// Whether the log is being read (tests wait for it).
    pub fn reading(&self) -> bool {
        matches!(self.state, State::Loading { .. })
    }

    /// The entries on `user_id` by others than this key, newest first (none until loaded).
    fn others_on(&self, user_id: &str) -> &[Acted] {
        match &self.state {
            State::Loaded { user_id: u, list, .. } if u == user_id => list,
            _ => &[],
        }
    }

    /// The colleague's action doing `mine` to `user_id` now would replace or undo, if any.
    pub fn warning(
        &self,
        user_id: Option<&str>,
        mine: &Act,
        now: OffsetDateTime,
    ) -> Option<Warning> {
        crate::others::warning(mine, self.others_on(user_id?), now)
    }

    /// The user id asked about, if it is the user with this address.
    pub fn user_id_of(&self, email: &str) -> Option<&str> {
        let email = email.trim();
        (!email.is_empty() && email.eq_ignore_ascii_case(self.email.trim()))
            .then(|| self.user_id())
            .flatten()
    }

    /// The warning as the lines a confirmation shows under its question.
    pub fn warning_lines(
        &self,
        user_id: Option<&str>,
        mine: &Act,
        now: OffsetDateTime,
        (theme, width): (&crate::ui::theme::Theme, u16),
    ) -> Vec<Line<'static>> {
        match self.warning(user_id, mine, now) {
            Some(w) => hanging(
                vec![Span::raw(" "), Status::Warning.span(theme), Span::raw("  ")],
                &w.words(),
                width,
            ),
            None => Vec::new(),
        }
    }

    /// "Others acted (24 h)" and its entries, for the user shown (`user_id`).
    pub fn lines(
        &self,
        user_id: Option<&str>,
        now: OffsetDateTime,
        (theme, width): (&crate::ui::theme::Theme, u16),
    ) -> Vec<Line<'static>> {
        if user_id.is_none() || user_id != self.user_id() {
            return Vec::new();
        }
        let flagged = |status: Status, words: &str| {
            hanging(vec![Span::raw(" "), status.span(theme), Span::raw("  ")], words, width)
        };
        let mut lines = Vec::new();
        match &self.state {
            // Nothing while it is read: the part appears when there is something to say.
            State::Loading { .. } => return Vec::new(),
            State::Forbidden { .. } => lines.extend(flagged(Status::Warning, FORBIDDEN_WORDS)),
            State::Failed { message, .. } => lines.extend(flagged(
                Status::Failed,
                &format!("Who else acted could not be read: {message}"),
            )),
            State::Loaded { list, cut_short, .. } => {
                let others: Vec<&Acted> = list.iter().filter(|a| !a.by_this_key).collect();
                let own = list.len() - others.len();
                let mut words = match others.len() {
                    0 => "nobody else".to_string(),
                    n => n.to_string(),
                };
                if own > 0 {
                    words.push_str(&format!(" (+{own} by this key)"));
                }
                if *cut_short {
                    words.push_str(" (the log was too long to read whole)");
                }
                let heading = vec![Span::styled(" Others acted (24 h): ", theme.muted())];
                lines.extend(hanging(heading, &words, width));
                // A narrow pane has room for the newest only; the heading has the count.
                let shown = if width >= 60 { SHOWN } else { 1 };
                for a in others.iter().take(shown) {
                    lines.extend(hanging(vec![Span::raw("  · ")], &a.line(now), width));
                }
            }
            State::Nothing => return Vec::new(),
        }
        lines
    }
}

impl OthersActed {
    /// Changes sent for the user asked about count as this key's newest entry on what they
    /// touch, until the log is read again: a second code right after one's own does not warn
    /// again about the colleague's code the first already voided. (A change that then fails
    /// still counts until the next read: one warning fewer, never a wrong one named.)
    pub(super) fn note_sent(&mut self, commands: &[Command], now: OffsetDateTime) {
        let State::Loaded { user_id, list, .. } = &mut self.state else { return };
        for command in commands {
            let Command::Api(_, request) = command else { continue };
            let (act, for_user) = match request {
                ApiRequest::Act { user_id: id, action, .. } => {
                    (crate::others::for_user_action(action), id == user_id)
                }
                ApiRequest::EnableEac { user_id: id, .. } => (Act::EnabledEac, id == user_id),
                ApiRequest::DisableEac { user_id: id, .. } => (Act::DisabledEac, id == user_id),
                ApiRequest::DeviceCode {
                    target: crate::api::DeviceCodeTarget::Email(email),
                    ..
                } => (Act::DeviceCode, email.trim().eq_ignore_ascii_case(self.email.trim())),
                ApiRequest::Generate { mode, users } => (
                    crate::others::for_code(*mode, false),
                    users.iter().any(|u| u.email.trim().eq_ignore_ascii_case(self.email.trim())),
                ),
                _ => continue,
            };
            if for_user {
                list.insert(0, Acted::sent_now(act, now));
            }
        }
    }
}

impl App {
    /// The carried user changed (or was looked up again): ask who else acted on them, unless
    /// the answer at hand is fresh, or the key was refused before.
    pub(super) fn ask_who_else_acted(&mut self, commands: &mut Vec<Command>) {
        let Some(user_id) = self.user.as_ref().and_then(|u| u.id()).map(str::to_string) else {
            self.others.state = State::Nothing;
            return;
        };
        self.others.email = self.user.as_ref().map(|u| u.email.clone()).unwrap_or_default();
        let same = self.others.user_id() == Some(user_id.as_str());
        let fresh = match &self.others.state {
            State::Loading { .. } => same,
            State::Loaded { at, .. } => same && self.clock.now - *at < FRESH_FOR,
            State::Forbidden { .. } => same,
            _ => false,
        };
        if fresh {
            return;
        }
        if self.others.refused {
            self.others.state = State::Nothing;
            return;
        }
        if let State::Loading { id, .. } = &self.others.state {
            commands.push(Command::Cancel(*id));
        }
        self.next_id += 1;
        let id = self.next_id;
        let now = self.clock.now;
        let request = ApiRequest::AdminActivity {
            user_id: user_id.clone(),
            after: now - crate::others::WINDOW,
            until: now + time::Duration::minutes(1),
        };
        commands.push(Command::Api(id, request));
        self.others.state = State::Loading { id, user_id };
    }

    /// Takes the answer to the request above, if `msg` is it.
    pub(super) fn on_others_answer(&mut self, msg: &mut Option<Msg>) {
        let State::Loading { id, user_id } = &self.others.state else { return };
        if !matches!(msg, Some(Msg::Api(answered, _) | Msg::Retrying(answered, _)) if answered == id)
        {
            return;
        }
        let user_id = user_id.clone();
        match msg.take() {
            Some(Msg::Api(_, ApiOutcome::AdminActivity(Ok(read)))) => {
                self.others.state = State::Loaded {
                    user_id,
                    list: acted(&read.entries, &read.own_name),
                    cut_short: read.cut_short,
                    at: self.clock.now,
                };
            }
            Some(Msg::Api(_, ApiOutcome::AdminActivity(Err(failure)))) => {
                if failure.status == Some(403) {
                    self.others.refused = true;
                    self.others.state = State::Forbidden { user_id };
                } else {
                    let message = crate::text::sanitize_excerpt(&failure.message, 120);
                    self.others.state = State::Failed { user_id, message };
                }
            }
            Some(Msg::Api(_, _)) => {
                let message = "the worker answered something else".to_string();
                self.others.state = State::Failed { user_id, message };
            }
            // Retrying (a 429): it is still loading.
            _ => {}
        }
    }
}
