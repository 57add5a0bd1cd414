//! Screen 4, Device registration: a one-time code the user types into the RSA Authenticator app
//! to register it, asked for by e-mail address or username, for the app they use. The service's
//! refusals (already registered, disabled, not found) are explained in plain words.

use crate::api::{AuthenticatorApp, DeviceCodeTarget, DeviceRegistrationCode, RetryNotice};
use crate::app::form::{Field as FormField, FieldKind, FormCursor};
use crate::app::keys::{Action, KeyContext, KeyState, cycle};
use crate::app::{Clock, CurrentUser, Cx, Screen, View};
use crate::messages::{Answer, ApiOutcome, ApiRequest, Failure, Msg, RequestId};
use crate::text::sanitize;
use crate::userlist::email_problem;
use ratatui::Frame;
use ratatui::layout::Rect;
use time::OffsetDateTime;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

mod draw;
mod keys;

use keys::Keys;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    By,
    Target,
    App,
}

impl FormField for Field {
    fn kind(self) -> FieldKind {
        if self == Field::Target { FieldKind::Text } else { FieldKind::Choice }
    }
}

const FIELDS: [Field; 3] = [Field::By, Field::Target, Field::App];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum By {
    Email,
    Username,
}

pub struct DeviceScreen {
    by: By,
    target: Input,
    app: AuthenticatorApp,
    cursor: FormCursor<Field>,
    /// The carried user, to fill the field when switching between e-mail and username.
    carried: Option<(String, Option<String>)>,
    state: State,
}

enum State {
    Empty,
    Invalid(String),
    Loading { id: RequestId, who: String, retry: Option<RetryNotice> },
    Issued(Issued),
    Failed { who: String, failure: Failure },
}

/// A code the service handed out, as the screen shows it.
struct Issued {
    who: String,
    app: AuthenticatorApp,
    code: DeviceRegistrationCode,
    expires: Option<OffsetDateTime>,
}

impl Default for DeviceScreen {
    fn default() -> Self {
        Self {
            by: By::Email,
            target: Input::default(),
            app: AuthenticatorApp::default(),
            cursor: FormCursor::new(Field::Target),
            carried: None,
            state: State::Empty,
        }
    }
}

impl DeviceScreen {
    fn toggle(&mut self, forward: bool) {
        match self.cursor.focus() {
            Field::By => {
                self.by = cycle(&[By::Email, By::Username], self.by, forward);
                self.fill_from_carried();
            }
            Field::App => self.app = cycle(&AuthenticatorApp::ALL, self.app, forward),
            Field::Target => {}
        }
    }

    /// Whether the field holds what was carried in from the looked-up user (not typed here).
    fn target_is_carried(&self) -> bool {
        self.carried.as_ref().is_some_and(|(email, username)| {
            let value = self.target.value();
            value == email || username.as_deref() == Some(value)
        })
    }

    fn fill_from_carried(&mut self) {
        if let Some((email, username)) = &self.carried {
            let value = match self.by {
                By::Email => Some(email.clone()),
                By::Username => username.clone(),
            };
            self.target = Input::new(value.unwrap_or_default());
        }
    }

    fn build_target(&self) -> Result<DeviceCodeTarget, String> {
        let value = self.target.value().trim();
        match self.by {
            By::Email if value.is_empty() => Err("Type the user's e-mail address.".into()),
            By::Email => match email_problem(value) {
                Some(problem) => Err(format!("Not a valid e-mail address ({problem}).")),
                None => Ok(DeviceCodeTarget::Email(value.to_string())),
            },
            By::Username if value.is_empty() => Err("Type the user's username.".into()),
            By::Username if value.chars().any(char::is_control) => {
                Err("A username cannot contain control characters.".into())
            }
            By::Username => Ok(DeviceCodeTarget::Username(value.to_string())),
        }
    }

    fn submit(&mut self, cx: &mut Cx) {
        match self.build_target() {
            Err(problem) => self.state = State::Invalid(problem),
            Ok(target) => {
                let who = match &target {
                    DeviceCodeTarget::Email(v) | DeviceCodeTarget::Username(v) => v.clone(),
                };
                let id = cx.request(ApiRequest::DeviceCode { target, app: self.app });
                self.state = State::Loading { id, who, retry: None };
                self.cursor.leave();
            }
        }
    }

    fn loading_id(&self) -> Option<RequestId> {
        match self.state {
            State::Loading { id, .. } => Some(id),
            _ => None,
        }
    }

    fn issued(&self) -> Option<&Issued> {
        match &self.state {
            State::Issued(issued) => Some(issued),
            _ => None,
        }
    }
}

/// What a refusal means for the person at the helpdesk, and what to do about it. The service's
/// own words are shown as well, underneath.
pub(crate) fn explain_refusal(failure: &Failure) -> Option<(&'static str, &'static str)> {
    let message = failure.message.to_ascii_lowercase();
    let explained = match failure.status {
        Some(403) if message.contains("already has a registered device") => (
            "The user already has a registered device.",
            "A device registration code is only for a user without one. Remove the old device \
             first (Lookup, m, then x on it, or r to replace it in one go), or send a \
             secure-enrollment code (screen 2).",
        ),
        Some(403) if message.contains("disabled") => {
            ("The user is disabled.", "Enable the user first (Lookup, d), then try again.")
        }
        Some(403) if message.contains("not found") => (
            "No such user in this tenant.",
            "Check the spelling, or look the user up (screen 1; u searches users not yet \
             synchronised).",
        ),
        Some(403) if message.contains("licensed") => (
            "Your company is not licensed for SecurID multifactor authentication.",
            "Device registration needs that licence; ask your RSA administrator.",
        ),
        Some(403) => (
            "The service refused the request.",
            "The API key may lack the Help Desk Administrator role, or its token was rejected.",
        ),
        Some(400) => (
            "The service rejected the request as malformed.",
            "This is most likely a casdesk problem; the service's words are below.",
        ),
        _ => return None,
    };
    Some(explained)
}

impl Screen for DeviceScreen {
    fn title(&self) -> &'static str {
        "Device code"
    }

    fn short_title(&self) -> &'static str {
        "Device"
    }

    fn key_context(&self) -> KeyContext {
        self.keys().context()
    }

    fn every_key_context(&self) -> Vec<KeyContext> {
        Keys::every_context()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        match action {
            Action::Submit => self.submit(cx),
            Action::Back => self.cursor.leave(),
            Action::Up => self.cursor.step(&FIELDS, -1, false),
            Action::Down => self.cursor.step(&FIELDS, 1, false),
            Action::NextField => self.cursor.tab(&FIELDS, 1),
            Action::PrevField => self.cursor.tab(&FIELDS, -1),
            Action::Toggle => self.toggle(true),
            Action::ToggleBack => self.toggle(false),
            Action::Edit => self.cursor.edit(),
            Action::Copy => {
                if let Some(issued) = self.issued() {
                    cx.copy(&issued.code.code);
                }
            }
            _ => {}
        }
    }

    fn opened(&mut self, _cx: &mut Cx) {
        // A field already filled (the looked-up user carried in) is not typed into on arrival:
        // a digit pressed to switch screens, or a j to move, must not land in the address.
        if self.cursor.is(Field::Target) && !self.target.value().trim().is_empty() {
            self.cursor.leave();
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        self.target.handle_event(&crossterm::event::Event::Key(*key));
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        let text = crate::userlist::normalise_newlines(text);
        if let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) {
            self.target = Input::new(sanitize(line));
            self.cursor.focus_on(Field::Target, true);
        }
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
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
                let who = match &self.state {
                    State::Loading { who, .. } => who.clone(),
                    _ => return,
                };
                self.state = match outcome {
                    ApiOutcome::DeviceCode(Ok(code)) => {
                        let expires = code
                            .expiration_date
                            .as_deref()
                            .and_then(crate::api::parse_service_time);
                        cx.registration_code_issued(&who);
                        State::Issued(Issued { who, app: self.app, code, expires })
                    }
                    ApiOutcome::DeviceCode(Err(failure)) | ApiOutcome::Failed(failure) => {
                        State::Failed { who, failure }
                    }
                    other => State::Failed {
                        who,
                        failure: Failure::new(format!("unexpected answer: {other:?}")),
                    },
                };
            }
            _ => {}
        }
    }

    fn registration_code_issued(&mut self, who: &str) {
        if let State::Issued(issued) = &self.state {
            // The same user by either name: the code was asked for by address or username,
            // and the other screen names them by the other.
            let carried = self.carried.as_ref();
            let names: Vec<&str> = std::iter::once(issued.who.as_str())
                .chain(carried.map(|(email, _)| email.as_str()))
                .chain(carried.and_then(|(_, username)| username.as_deref()))
                .collect();
            let is_carried = |name: &str| {
                carried.is_some_and(|(email, username)| {
                    email.eq_ignore_ascii_case(name)
                        || username.as_deref().is_some_and(|u| u.eq_ignore_ascii_case(name))
                })
            };
            let same = issued.who.eq_ignore_ascii_case(who)
                || (is_carried(&issued.who) && names.iter().any(|n| n.eq_ignore_ascii_case(who)));
            if same {
                self.state = State::Invalid(format!(
                    "The code made here for {} no longer works: a newer one was made for them \
                     on Lookup (replace phone).",
                    sanitize(&issued.who)
                ));
            }
        }
    }

    fn user_changed(&mut self, user: Option<&CurrentUser>) {
        let carried = user.map(|u| (u.email.clone(), u.details.principal_username.clone()));
        let someone_else = carried.as_ref().map(|c| &c.0) != self.carried.as_ref().map(|c| &c.0);
        let was_carried = self.target_is_carried();
        self.carried = carried;
        // The answer on its way is for the user asked about; it is shown when it comes.
        if self.loading_id().is_some() {
            return;
        }
        // A code or refusal shown for someone else would read as this user's (the same user
        // looked up again, after a refresh, keeps theirs).
        if someone_else
            && matches!(self.state, State::Issued(_) | State::Failed { .. } | State::Invalid(_))
        {
            self.state = State::Empty;
        }
        match (&self.carried, was_carried) {
            (Some(_), _) => self.fill_from_carried(),
            // The user was cleared: so is the address carried in for them, not one typed here.
            (None, true) => self.target = Input::default(),
            (None, false) => {}
        }
    }

    fn subject(&self) -> Option<String> {
        match &self.state {
            State::Loading { who, .. } | State::Failed { who, .. } => Some(who.clone()),
            State::Issued(issued) => Some(issued.who.clone()),
            State::Empty | State::Invalid(_) => None,
        }
    }

    fn busy(&self) -> bool {
        self.loading_id().is_some()
    }

    fn counting_down(&self, clock: &Clock) -> bool {
        self.issued().and_then(|i| i.expires).is_some_and(|e| e > clock.now)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.render(frame, area, view);
    }
}
