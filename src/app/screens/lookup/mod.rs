//! Screen 1, Lookup: type an address, see the user (status, source, locks, emergency access,
//! last authentication) and their authenticators. The user found is carried to every other
//! screen.

use crate::api::{Authenticators, RetryNotice, UserDetails};
use crate::app::keys::{Action, KeyContext, KeyState};
use crate::app::msg::{Answer, ApiOutcome, ApiRequest, Failure, Msg, RequestId};
use crate::app::{CurrentUser, Cx, Screen, View};
use crate::text::sanitize;
use crate::userlist::email_problem;
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

mod actions;
mod actions_draw;
mod draw;
mod keys;

use keys::Keys;

/// "Rate limited; retrying in 2.0 s": shared by every screen that waits on a call.
pub(crate) use draw::retry_line;

pub struct LookupScreen {
    input: Input,
    editing: bool,
    state: State,
    /// A change to the found user, waiting for "y".
    confirming: Option<crate::actions::UserAction>,
    acting: Option<actions::Acting>,
    /// What the last change did, until the next lookup.
    report: Option<actions::Report>,
}

enum State {
    Empty,
    Invalid(String),
    Loading { id: RequestId, email: String, unsynched: bool, retry: Option<RetryNotice> },
    Found { details: Box<UserDetails>, authenticators: Result<Authenticators, Failure> },
    Failed { email: String, failure: Failure, tried_unsynched: bool },
}

impl Default for LookupScreen {
    fn default() -> Self {
        Self {
            input: Input::default(),
            editing: true,
            state: State::Empty,
            confirming: None,
            acting: None,
            report: None,
        }
    }
}

impl LookupScreen {
    fn submit(&mut self, unsynched: bool, cx: &mut Cx) {
        let email = self.input.value().trim().to_string();
        if let Some(problem) = email_problem(&email) {
            self.state = State::Invalid(format!("Not a valid e-mail address ({problem})."));
            return;
        }
        let id =
            cx.request(ApiRequest::Lookup { email: email.clone(), search_unsynched: unsynched });
        self.state = State::Loading { id, email, unsynched, retry: None };
        self.editing = false;
        self.report = None;
    }

    fn loading_id(&self) -> Option<RequestId> {
        match self.state {
            State::Loading { id, .. } => Some(id),
            _ => None,
        }
    }
}

impl Screen for LookupScreen {
    fn title(&self) -> &'static str {
        "Lookup"
    }

    fn key_context(&self) -> KeyContext {
        self.keys().context()
    }

    fn every_key_context(&self) -> Vec<KeyContext> {
        Keys::every_context()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        match action {
            Action::Submit => self.submit(false, cx),
            Action::Back => self.editing = false,
            Action::Edit => {
                // After a user was found the next lookup is someone else: start empty (the
                // header still names who was found). After a failure, keep the address to
                // correct it.
                if matches!(self.state, State::Found { .. }) {
                    self.input = Input::default();
                }
                self.editing = true;
            }
            Action::Refresh => {
                // The address as the service gave it, cleaned as the carried user's is.
                if let State::Found { details, .. } = &self.state
                    && let Some(email) = details.email_address.as_deref()
                {
                    self.input = Input::new(sanitize(email));
                }
                self.submit(false, cx);
            }
            Action::Toggle => self.submit(true, cx),
            Action::Unlock | Action::ToggleUserStatus | Action::Sync => {
                if let Some(change) = self.action_for_key(action) {
                    self.start_action(change, cx);
                }
            }
            Action::Confirm => {
                if let Some(change) = self.confirming.take() {
                    self.send_action(change, cx);
                }
            }
            Action::Cancel => self.confirming = None,
            // The user found is carried there; the screen reads their log as it opens.
            Action::ShowActivity => {
                if matches!(self.state, State::Found { .. }) {
                    cx.go_to(crate::app::screens::ACTIVITY);
                }
            }
            _ => {}
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        self.input.handle_event(&crossterm::event::Event::Key(*key));
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        // One address: the first non-empty line of whatever was pasted.
        let text = crate::userlist::normalise_newlines(text);
        if let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) {
            self.input = Input::new(sanitize(line));
            self.editing = true;
        }
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        self.on_action_answer(msg, cx);
        let Some(loading) = self.loading_id() else {
            return;
        };
        match Msg::take_answer(msg, loading) {
            Some(Answer::Retrying(notice)) => {
                if let State::Loading { retry, .. } = &mut self.state {
                    *retry = Some(notice);
                }
            }
            Some(Answer::Outcome(outcome)) => {
                let (email, unsynched) = match &self.state {
                    State::Loading { email, unsynched, .. } => (email.clone(), *unsynched),
                    _ => return,
                };
                self.state = match outcome {
                    ApiOutcome::User { details, authenticators } => {
                        let shown = details.email_address.clone().unwrap_or(email);
                        cx.set_user(Some(CurrentUser::new(&shown, (*details).clone())));
                        State::Found { details, authenticators }
                    }
                    ApiOutcome::Failed(failure) => {
                        // The user shown before is no longer the one asked about: leaving them
                        // selected would let the next action land on the wrong person.
                        cx.set_user(None);
                        State::Failed { email, failure, tried_unsynched: unsynched }
                    }
                    other => State::Failed {
                        email,
                        failure: Failure::new(format!("unexpected answer: {other:?}")),
                        tried_unsynched: unsynched,
                    },
                };
            }
            _ => {}
        }
    }

    fn user_changed(&mut self, user: Option<&CurrentUser>) {
        // Another screen looked the same user up again (after a change): show the new state.
        if let (State::Found { details, .. }, Some(user)) = (&mut self.state, user)
            && details.id.is_some()
            && details.id.as_deref() == user.id()
        {
            **details = user.details.clone();
        }
    }

    fn busy(&self) -> bool {
        self.loading_id().is_some() || self.acting.is_some()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.render(frame, area, view);
    }
}
