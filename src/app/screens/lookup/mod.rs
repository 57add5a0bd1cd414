//! Screen 1, Lookup: type an address, see the user (status, source, locks, emergency access,
//! last authentication) and their authenticators; type part of one to pick from the users whose
//! address contains it. The user found is carried to every other screen.

use crate::actions::UserAction;
use crate::actions::declared::Offer;
use crate::api::{Authenticators, RetryNotice, UserDetails};
use crate::app::keys::{Action, KeyContext, KeyState};
use crate::app::{CurrentUser, Cx, Screen, View};
use crate::messages::{Answer, ApiOutcome, Failure, Msg, RequestId};
use crate::text::sanitize;
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

mod actions;
mod actions_draw;
mod authenticators;
mod draw;
mod empty_draw;
mod handed;
mod held_code;
mod keys;
mod label_rows;
mod list_draw;
mod list_draw_more;
mod locks;
mod mode;
mod offers;
mod sample_rows;
mod search;
mod search_draw;
mod token;
mod token_draw;
mod typed;

use authenticators::{Found, Manager, Outcome};
use keys::Keys;
use mode::Mode;

/// "Rate limited; retrying in 2.0 s": shared by every screen that waits on a call.
pub(crate) use draw::retry_line;

pub struct LookupScreen {
    input: Input,
    state: State,
    /// What is pending over the state: the field, a question, a change, the list.
    mode: Mode,
    /// What the last change did, until the next lookup.
    report: Option<actions::Report>,
    /// The last search's matches, until the next typed lookup or search.
    matches: Option<search::Matches>,
    /// A replacement's registration code, until hidden or another user is looked up.
    held: Option<held_code::HeldCode>,
    /// `u` asked why Approve or Fingerprint cannot be unlocked: said until the next lookup.
    explaining_locks: bool,
    /// When `r` last looked the user on screen up again.
    refreshed_at: Option<time::OffsetDateTime>,
    /// The demo tenant: the empty screen names users to try.
    demo: bool,
    /// The serial of the token whose holder is being looked up, to choose on their list.
    holder_token: Option<String>,
    /// A user another screen handed over to look up, when this screen opens.
    handed: Option<String>,
}

enum State {
    Empty,
    Invalid(String),
    Loading {
        id: RequestId,
        email: String,
        unsynched: bool,
        retry: Option<RetryNotice>,
        /// `r`: the same user looked up again, which the screen then says.
        refresh: bool,
    },
    Found {
        details: Box<UserDetails>,
        authenticators: Result<Authenticators, Failure>,
    },
    Failed {
        email: String,
        failure: Failure,
        tried_unsynched: bool,
    },
    /// A page of users whose address contains `part` asked for.
    Searching {
        id: RequestId,
        part: String,
        page: u32,
        retry: Option<RetryNotice>,
    },
    /// The matches (in `matches`) on screen to pick from.
    Picking,
    /// A SecurID 700 token looked up by its serial.
    Token(token::TokenLookup),
    SearchFailed {
        part: String,
        failure: Failure,
    },
}

impl State {
    /// The user found, as the authenticators list sees them.
    fn found(&self) -> Option<Found<'_>> {
        match self {
            State::Found { details, authenticators } => {
                Some(Found { details, listed: authenticators.as_ref() })
            }
            _ => None,
        }
    }
}

impl Default for LookupScreen {
    fn default() -> Self {
        Self {
            input: Input::default(),
            state: State::Empty,
            mode: Mode::Typing,
            report: None,
            matches: None,
            held: None,
            explaining_locks: false,
            refreshed_at: None,
            demo: false,
            holder_token: None,
            handed: None,
        }
    }
}

impl LookupScreen {
    /// The screen for a tenant; the demo tenant's names users to try.
    pub fn for_tenant(demo: bool) -> Self {
        Self { demo, ..Self::default() }
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

    fn take_list(&mut self, list: &crate::app::HandedList) -> bool {
        self.take_handed(list)
    }

    fn opened(&mut self, cx: &mut Cx) {
        self.look_up_handed(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        // The list's keys are its own, but for copying and hiding a code held: that is the
        // screen's, shown under the list as in the user pane.
        if let Mode::Managing(manager) = &mut self.mode
            && !matches!(action, Action::Copy | Action::Clear)
        {
            match manager.on_action(action, self.state.found()) {
                Outcome::Stay => {}
                Outcome::Close => self.mode = Mode::Idle,
                Outcome::Ask(change) => self.ask(change),
            }
            return;
        }
        match action {
            Action::Submit if matches!(self.state, State::Picking) && !self.typing() => {
                self.pick(cx)
            }
            Action::Submit if self.token_holder().is_some() && !self.typing() => {
                self.look_up_holder(cx)
            }
            Action::Submit => self.submit_typed(cx),
            Action::Back => self.stop_typing(),
            Action::BackToMatches => self.back_to_matches(),
            Action::Up => self.move_selection(false),
            Action::Down => self.move_selection(true),
            Action::PageDown => self.turn_page(true, cx),
            Action::PageUp => self.turn_page(false, cx),
            Action::Search => {
                if let State::Failed { email, .. } = &self.state {
                    let part = search::similar_to(email);
                    self.input = Input::new(part.clone());
                    self.search(part, 0, cx);
                }
            }
            Action::Edit => {
                // After a user was found the next lookup is someone else: start empty (the
                // header still names who was found). After a failure, keep the address to
                // correct it.
                if matches!(
                    self.state,
                    State::Found { .. } | State::Token(token::TokenLookup::Found(_))
                ) {
                    self.input = Input::default();
                }
                self.mode = Mode::Typing;
            }
            Action::Refresh => {
                // The address as the service gave it, cleaned as the carried user's is.
                if let State::Found { details, .. } = &self.state
                    && let Some(email) = details.email_address.as_deref()
                {
                    self.input = Input::new(sanitize(email));
                }
                let again = matches!(self.state, State::Found { .. });
                match &self.state {
                    State::SearchFailed { part, .. } => self.search(part.clone(), 0, cx),
                    _ => self.look_up(self.input.value().trim().to_string(), false, cx),
                }
                if let State::Loading { refresh, .. } = &mut self.state {
                    *refresh = again;
                }
            }
            Action::Toggle => self.look_up(self.input.value().trim().to_string(), true, cx),
            Action::ManageAuthenticators => {
                // The list (a report, such as a replacement's code, stays until the next change
                // is sent).
                if let Some(Found { listed: Ok(_), .. }) = self.state.found() {
                    self.mode = Mode::Managing(Manager::default());
                }
            }
            Action::Declared(command) => match self.offer_for_key(command) {
                Some((declared, Offer::Act { args, .. })) => {
                    self.start_action(UserAction { declared, args }, cx)
                }
                // Only Approve or Fingerprint locked: say why nothing can be sent.
                Some((_, Offer::Explain { .. })) => self.explaining_locks = true,
                Some((_, Offer::NotNow { .. })) | None => {}
            },
            Action::Copy => {
                if let Some(code) = self.held_code() {
                    cx.copy(&code.code);
                }
            }
            Action::Clear => self.held = None,
            Action::Confirm => {
                if let Some(change) = self.take_question() {
                    self.send_action(change, cx);
                }
            }
            Action::Cancel if matches!(self.state, State::Searching { .. }) => {
                // Its answer, when it comes, is dropped: nobody is asking any more.
                self.state = State::Empty;
                self.mode = Mode::Typing;
            }
            Action::Cancel => {
                self.take_question();
            }
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
        let event = crossterm::event::Event::Key(*key);
        match self.mode.manager_mut().and_then(Manager::field) {
            Some(field) => {
                field.handle_event(&event);
            }
            None => {
                self.input.handle_event(&event);
            }
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        // One address (or serial): the first non-empty line of whatever was pasted.
        let text = crate::userlist::normalise_newlines(text);
        let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) else { return };
        // Not while a question or a change is pending: its answer belongs to the user shown.
        if let Mode::Confirming { .. } | Mode::Acting { .. } = self.mode {
            return;
        }
        if let Some(field) = self.mode.manager_mut().and_then(Manager::field) {
            *field = Input::new(sanitize(line));
        } else if self.mode.manager().is_none() {
            self.input = Input::new(sanitize(line));
            self.mode = Mode::Typing;
        }
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        self.on_action_answer(msg, cx);
        self.on_search_answer(msg);
        self.on_token_answer(msg);
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
                let (email, unsynched, refresh) = match &self.state {
                    State::Loading { email, unsynched, refresh, .. } => {
                        (email.clone(), *unsynched, *refresh)
                    }
                    _ => return,
                };
                self.refreshed_at = None;
                self.state = match outcome {
                    ApiOutcome::User { details, authenticators } => {
                        self.refresh_match(&details);
                        self.keep_code_for(details.id.as_deref());
                        if refresh {
                            self.refreshed(cx);
                        }
                        let shown = details.email_address.clone().unwrap_or(email);
                        cx.set_user(Some(CurrentUser::new(&shown, (*details).clone())));
                        State::Found { details, authenticators }
                    }
                    ApiOutcome::Failed(failure) => {
                        // The user shown before is no longer the one asked about: leaving them
                        // selected would let the next action land on the wrong person.
                        cx.set_user(None);
                        self.held = None;
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
        self.open_holder_token();
    }

    fn registration_code_issued(&mut self, who: &str) {
        // A code made on screen 4 replaced the one a phone replacement made here.
        self.drop_code_replaced_for(who);
    }

    fn user_changed(&mut self, user: Option<&CurrentUser>) {
        // Another screen looked the same user up again (after a change): show the new state.
        if let (State::Found { details, .. }, Some(user)) = (&mut self.state, user)
            && details.id.is_some()
            && details.id.as_deref() == user.id()
        {
            **details = user.details.clone();
            self.refresh_match(&user.details);
        }
    }

    fn busy(&self) -> bool {
        self.loading_id().is_some()
            || self.token_loading().is_some()
            || self.mode.acting().is_some()
            || matches!(self.state, State::Searching { .. })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.render(frame, area, view);
    }
}
