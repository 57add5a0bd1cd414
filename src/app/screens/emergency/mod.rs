//! Screen 5, Emergency tokencode (Emergency Access Code): the carried user's current emergency
//! access, enabling a code (one-time use and validity, or the tenant's defaults) shown to read
//! out, and disabling it after a confirmation. After either, the user is looked up again so
//! every screen shows the service's state, not a guess.

use crate::api::{EacExpiryUnit, EmergencyTokencode, EnableEmergencyTokencode, RetryNotice};
use crate::app::keys::{Action, KeyContext, KeyState, cycle};
use crate::app::msg::{Answer, ApiOutcome, ApiRequest, Failure, Msg, RequestId};
use crate::app::{Clock, CurrentUser, Cx, Screen, View};
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
    OneTime,
    Validity,
    Unit,
}

const FIELDS: [Field; 3] = [Field::OneTime, Field::Validity, Field::Unit];
const UNITS: [EacExpiryUnit; 3] =
    [EacExpiryUnit::Minutes, EacExpiryUnit::Hours, EacExpiryUnit::Days];
/// Tenant default, yes, no.
const ONE_TIME: [Option<bool>; 3] = [None, Some(true), Some(false)];

pub struct EmergencyScreen {
    user: Option<CurrentUser>,
    one_time: Option<bool>,
    validity: Input,
    unit: EacExpiryUnit,
    focus: Field,
    editing: bool,
    confirming: Option<Pending>,
    state: State,
    /// The look-up that follows a change, so the state shown is the service's.
    refresh: Option<RequestId>,
    refresh_failed: Option<Failure>,
}

/// A change waiting for "y".
#[derive(Clone, Debug)]
enum Pending {
    /// Enabling while a code is active replaces it.
    Enable(EnableEmergencyTokencode),
    Disable {
        eac_id: String,
    },
}

enum State {
    Idle,
    Invalid(String),
    // Disable was asked for, but the service did not say which code is active.
    ActiveCodeUnknown,
    Working { id: RequestId, enabling: bool, retry: Option<RetryNotice> },
    Enabled(Issued),
    Disabled,
    Failed { enabling: bool, failure: Failure },
}

/// A code the service just enabled, for the user it was enabled for.
struct Issued {
    user_id: String,
    code: EmergencyTokencode,
    expires: Option<OffsetDateTime>,
    offline_expires: Option<OffsetDateTime>,
}

impl Default for EmergencyScreen {
    fn default() -> Self {
        Self {
            user: None,
            one_time: None,
            validity: Input::default(),
            unit: EacExpiryUnit::Hours,
            focus: Field::OneTime,
            editing: false,
            confirming: None,
            state: State::Idle,
            refresh: None,
            refresh_failed: None,
        }
    }
}

impl EmergencyScreen {
    fn move_focus(&mut self, step: isize) {
        let at = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        self.focus = FIELDS[(at + step).clamp(0, FIELDS.len() as isize - 1) as usize];
        self.editing = self.focus == Field::Validity;
    }

    fn toggle(&mut self, forward: bool) {
        match self.focus {
            Field::OneTime => self.one_time = cycle(&ONE_TIME, self.one_time, forward),
            Field::Unit => self.unit = cycle(&UNITS, self.unit, forward),
            Field::Validity => {}
        }
    }

    fn options(&self) -> Result<EnableEmergencyTokencode, String> {
        let options = EnableEmergencyTokencode::new(self.one_time);
        match self.validity.value().trim() {
            "" => Ok(options),
            text => {
                let value: u32 = text.parse().map_err(|_| {
                    format!("Validity \"{}\" is not a whole number.", crate::text::sanitize(text))
                })?;
                options.with_expiry(value, self.unit).map_err(|e| {
                    let text = e.to_string();
                    let mut chars = text.chars();
                    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or(text)
                        + "."
                })
            }
        }
    }

    /// The id disable needs: the user's current code as the service last reported it, or the
    /// one just enabled.
    fn active_code_id(&self) -> Option<String> {
        let user = self.user.as_ref()?;
        if let Some(id) = &user.details.emergency_tokencode_id {
            return Some(id.clone());
        }
        match &self.state {
            State::Enabled(issued) if Some(issued.user_id.as_str()) == user.id() => {
                issued.code.emergency_tokencode_id.clone()
            }
            _ => None,
        }
    }

    fn has_active_code(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.details.has_emergency_tokencode())
            || matches!(self.state, State::Enabled(_))
    }

    fn enable(&mut self, cx: &mut Cx) {
        if self.user.as_ref().and_then(CurrentUser::id).is_none() {
            return;
        }
        match self.options() {
            Err(problem) => self.state = State::Invalid(problem),
            Ok(options) if self.has_active_code() => {
                self.confirming = Some(Pending::Enable(options));
                self.editing = false;
            }
            Ok(options) => self.send(Pending::Enable(options), cx),
        }
    }

    fn disable(&mut self) {
        match self.active_code_id() {
            Some(eac_id) => {
                self.confirming = Some(Pending::Disable { eac_id });
                self.editing = false;
            }
            None if self.has_active_code() => self.state = State::ActiveCodeUnknown,
            None => self.state = State::Invalid("This user has no emergency tokencode.".into()),
        }
    }

    fn send(&mut self, pending: Pending, cx: &mut Cx) {
        let Some(user) = self.user.as_ref() else { return };
        let Some(user_id) = user.id().map(str::to_string) else { return };
        let email = user.email.clone();
        let (request, enabling) = match pending {
            Pending::Enable(options) => (ApiRequest::EnableEac { user_id, email, options }, true),
            Pending::Disable { eac_id } => {
                (ApiRequest::DisableEac { user_id, email, eac_id }, false)
            }
        };
        let id = cx.request(request);
        self.state = State::Working { id, enabling, retry: None };
        self.refresh_failed = None;
    }

    fn refresh(&mut self, cx: &mut Cx) {
        let Some(user) = &self.user else { return };
        let email = user.details.email_address.clone().unwrap_or_else(|| user.email.clone());
        self.refresh = Some(cx.request(ApiRequest::Lookup { email, search_unsynched: false }));
        self.refresh_failed = None;
    }

    fn working_id(&self) -> Option<RequestId> {
        match self.state {
            State::Working { id, .. } => Some(id),
            _ => None,
        }
    }

    fn issued(&self) -> Option<&Issued> {
        match &self.state {
            State::Enabled(issued) => Some(issued),
            _ => None,
        }
    }

    fn answered(&mut self, enabling: bool, outcome: ApiOutcome, cx: &mut Cx) {
        let user_id = self.user.as_ref().and_then(CurrentUser::id).unwrap_or_default().to_string();
        self.state = match outcome {
            ApiOutcome::EacEnabled(Ok(code)) => {
                let parse =
                    |t: &Option<String>| t.as_deref().and_then(crate::api::parse_service_time);
                State::Enabled(Issued {
                    user_id,
                    expires: parse(&code.expiration_date),
                    offline_expires: parse(&code.offline_expiration_date),
                    code,
                })
            }
            ApiOutcome::EacDisabled(Ok(())) => State::Disabled,
            ApiOutcome::EacEnabled(Err(failure))
            | ApiOutcome::EacDisabled(Err(failure))
            | ApiOutcome::Failed(failure) => State::Failed { enabling, failure },
            other => State::Failed {
                enabling,
                failure: Failure::new(format!("unexpected answer: {other:?}")),
            },
        };
        // Whatever happened, ask the service where things stand now.
        self.refresh(cx);
    }
}

/// What a failure means here, in plain words, when the status says more than the message.
fn explain(enabling: bool, failure: &Failure) -> Option<&'static str> {
    let message = failure.message.to_ascii_lowercase();
    Some(match failure.status {
        Some(400) if message.contains("disabled") => {
            "The user is disabled: enable the user first, then the emergency tokencode."
        }
        Some(404) if !enabling && message.contains("emergency") => {
            "That code is no longer the user's current one (replaced or already disabled)."
        }
        Some(404) => "The service no longer knows this user; look them up again on screen 1.",
        Some(403) => "The service refused: the API key may lack the Help Desk Administrator role.",
        _ => return None,
    })
}

impl Screen for EmergencyScreen {
    fn title(&self) -> &'static str {
        "Emergency"
    }

    fn key_context(&self) -> KeyContext {
        self.keys().context()
    }

    fn every_key_context(&self) -> Vec<KeyContext> {
        Keys::every_context()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        // One change at a time: the answer to the first decides what the next one means.
        if self.working_id().is_some()
            && matches!(action, Action::Submit | Action::Disable | Action::Confirm)
        {
            return;
        }
        match action {
            Action::Confirm => {
                if let Some(pending) = self.confirming.take() {
                    self.send(pending, cx);
                }
            }
            Action::Cancel => self.confirming = None,
            Action::Submit => self.enable(cx),
            Action::Disable => self.disable(),
            Action::Refresh => self.refresh(cx),
            Action::Back => self.editing = false,
            Action::Up => self.move_focus(-1),
            Action::Down => self.move_focus(1),
            Action::Toggle => self.toggle(true),
            Action::ToggleBack => self.toggle(false),
            Action::Edit => self.editing = self.focus == Field::Validity,
            Action::Copy => {
                if let Some(code) = self.issued().and_then(|i| i.code.emergency_tokencode.clone()) {
                    cx.copy(&code);
                }
            }
            _ => {}
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        if let crossterm::event::KeyCode::Char(c) = key.code
            && !c.is_ascii_digit()
        {
            return;
        }
        self.validity.handle_event(&crossterm::event::Event::Key(*key));
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        if let Some(working) = self.working_id() {
            match Msg::take_answer(msg, working) {
                Some(Answer::Retrying(notice)) => {
                    if let State::Working { retry, .. } = &mut self.state {
                        *retry = Some(notice);
                    }
                }
                Some(Answer::Outcome(outcome)) => {
                    let enabling = matches!(self.state, State::Working { enabling: true, .. });
                    self.answered(enabling, outcome, cx);
                }
                None => {}
            }
        }
        if let Some(refresh) = self.refresh {
            // A refresh waiting to be retried needs no notice: the box title says it is working.
            if let Some(Answer::Outcome(outcome)) = Msg::take_answer(msg, refresh) {
                self.refresh = None;
                match outcome {
                    ApiOutcome::User { details, .. } => {
                        let email = self.user.as_ref().map(|u| u.email.clone()).unwrap_or_default();
                        cx.set_user(Some(CurrentUser::new(&email, *details)));
                    }
                    ApiOutcome::Failed(failure) => self.refresh_failed = Some(failure),
                    _ => {}
                }
            }
        }
    }

    fn user_changed(&mut self, user: Option<&CurrentUser>) {
        let same = self.user.as_ref().and_then(CurrentUser::id) == user.and_then(CurrentUser::id);
        if !same {
            // What was shown belongs to someone else.
            self.state = State::Idle;
            self.confirming = None;
            self.refresh = None;
            self.refresh_failed = None;
        }
        self.user = user.cloned();
    }

    fn busy(&self) -> bool {
        self.working_id().is_some() || self.refresh.is_some()
    }

    fn counting_down(&self, clock: &Clock) -> bool {
        self.issued().and_then(|i| i.expires).is_some_and(|e| e > clock.now)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.render(frame, area, view);
    }
}
