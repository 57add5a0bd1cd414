//! Screen 5, Emergency tokencode (Emergency Access Code): the carried user's current emergency
//! access, enabling a code (one-time use and validity, or the tenant's defaults) shown to read
//! out, and disabling it after a confirmation. After either, the user is looked up again so
//! every screen shows the service's state, not a guess.

use crate::api::{EacExpiryUnit, EmergencyTokencode, EnableEmergencyTokencode, RetryNotice};
use crate::app::duration_field::DurationField;
use crate::app::form::{Field as FormField, FieldKind, FormCursor};
use crate::app::keys::{Action, KeyContext, KeyState};
use crate::app::{Clock, CurrentUser, Cx, Screen, View};
use crate::messages::{Answer, ApiOutcome, ApiRequest, Failure, Msg, RequestId};
use ratatui::Frame;
use ratatui::layout::Rect;
use time::OffsetDateTime;

mod draw;
mod form;
mod keys;
mod words;

use keys::Keys;
use words::explain;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    OneTime,
    Validity,
    Unit,
}

impl FormField for Field {
    fn kind(self) -> FieldKind {
        if self == Field::Validity { FieldKind::Text } else { FieldKind::Choice }
    }
}

const FIELDS: [Field; 3] = [Field::OneTime, Field::Validity, Field::Unit];
const UNITS: [EacExpiryUnit; 3] =
    [EacExpiryUnit::Minutes, EacExpiryUnit::Hours, EacExpiryUnit::Days];
/// Tenant default, yes, no.
const ONE_TIME: [Option<bool>; 3] = [None, Some(true), Some(false)];

pub struct EmergencyScreen {
    user: Option<CurrentUser>,
    one_time: Option<bool>,
    validity: DurationField<EacExpiryUnit>,
    cursor: FormCursor<Field>,
    confirming: Option<Pending>,
    state: State,
    /// The look-up that follows a change, so the state shown is the service's.
    refresh: Option<RequestId>,
    /// The refresh was asked for with `r`: its answer is said, as on Lookup.
    refresh_by_hand: bool,
    refresh_failed: Option<Failure>,
}

/// A change waiting for "y".
#[derive(Clone, Debug)]
enum Pending {
    /// Enabling while a code is active replaces it.
    Enable(EnableEmergencyTokencode),
    Disable {
        eac_id: String,
        /// The offline code's expiry on record before the change (it outlives it).
        offline_until: Option<OffsetDateTime>,
    },
}

enum State {
    Idle,
    Invalid(String),
    // Disable was asked for, but the service did not say which code is active.
    ActiveCodeUnknown,
    Working {
        id: RequestId,
        enabling: bool,
        offline_until: Option<OffsetDateTime>,
        retry: Option<RetryNotice>,
        /// Whom it was sent for: the answer is theirs even if another user is looked up.
        user_id: String,
        email: String,
    },
    Enabled(Issued),
    /// Disabled online; an offline code already on a Windows agent works until its expiry,
    /// when one was on record.
    Disabled {
        offline_until: Option<OffsetDateTime>,
    },
    Failed {
        enabling: bool,
        failure: Failure,
    },
}

/// A code the service just enabled, for the user it was enabled for.
struct Issued {
    user_id: String,
    email: String,
    code: EmergencyTokencode,
    expires: Option<OffsetDateTime>,
    offline_expires: Option<OffsetDateTime>,
}

impl Default for EmergencyScreen {
    fn default() -> Self {
        Self {
            user: None,
            one_time: None,
            validity: DurationField::new(&UNITS, EacExpiryUnit::Hours),
            cursor: FormCursor::new(Field::OneTime),
            confirming: None,
            state: State::Idle,
            refresh: None,
            refresh_by_hand: false,
            refresh_failed: None,
        }
    }
}

impl EmergencyScreen {
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
        let user = self.user.as_ref();
        user.is_some_and(|u| u.details.has_emergency_tokencode())
            || matches!(&self.state, State::Enabled(issued) if user.and_then(CurrentUser::id) == Some(issued.user_id.as_str()))
    }

    fn enable(&mut self, cx: &mut Cx) {
        if self.user.as_ref().and_then(CurrentUser::id).is_none() {
            return;
        }
        match self.options() {
            Err(problem) => self.state = State::Invalid(problem),
            Ok(options) if self.has_active_code() => {
                self.confirming = Some(Pending::Enable(options));
                self.cursor.leave();
            }
            Ok(options) => self.send(Pending::Enable(options), cx),
        }
    }

    fn disable(&mut self) {
        match self.active_code_id() {
            Some(eac_id) => {
                let offline_until = self.offline_until();
                self.confirming = Some(Pending::Disable { eac_id, offline_until });
                self.cursor.leave();
            }
            None if self.has_active_code() => self.state = State::ActiveCodeUnknown,
            None => self.state = State::Invalid("This user has no emergency tokencode.".into()),
        }
    }

    fn send(&mut self, pending: Pending, cx: &mut Cx) {
        let Some(user) = self.user.as_ref() else { return };
        let Some(user_id) = user.id().map(str::to_string) else { return };
        let email = user.email.clone();
        let (to, to_email) = (user_id.clone(), email.clone());
        let (request, enabling, offline) = match pending {
            Pending::Enable(options) => {
                (ApiRequest::EnableEac { user_id, email, options }, true, None)
            }
            Pending::Disable { eac_id, offline_until } => {
                (ApiRequest::DisableEac { user_id, email, eac_id }, false, offline_until)
            }
        };
        let id = cx.request(request);
        self.state = State::Working {
            id,
            enabling,
            offline_until: offline,
            retry: None,
            user_id: to,
            email: to_email,
        };
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

    /// The offline code's expiry as last known: the service's record of the user, or the code
    /// enabled here.
    fn offline_until(&self) -> Option<OffsetDateTime> {
        let details = &self.user.as_ref()?.details;
        details
            .offline_emergency_tokencode_expiration
            .as_deref()
            .and_then(crate::api::parse_service_time)
            .or_else(|| self.issued().and_then(|i| i.offline_expires))
    }

    fn answered(&mut self, outcome: ApiOutcome, cx: &mut Cx) {
        let State::Working { enabling, offline_until, user_id, email, .. } =
            std::mem::replace(&mut self.state, State::Idle)
        else {
            return;
        };
        self.state = match outcome {
            ApiOutcome::EacEnabled(Ok(code)) => {
                let parse =
                    |t: &Option<String>| t.as_deref().and_then(crate::api::parse_service_time);
                State::Enabled(Issued {
                    user_id,
                    email,
                    expires: parse(&code.expiration_date),
                    offline_expires: parse(&code.offline_expiration_date),
                    code,
                })
            }
            ApiOutcome::EacDisabled(Ok(())) => State::Disabled { offline_until },
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

impl Screen for EmergencyScreen {
    fn title(&self) -> &'static str {
        "Emergency"
    }

    fn short_title(&self) -> &'static str {
        "Emerg."
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
            Action::Refresh => {
                self.refresh(cx);
                self.refresh_by_hand = true;
            }
            Action::Back => self.cursor.leave(),
            Action::Up => self.cursor.step(&FIELDS, -1, false),
            Action::Down => self.cursor.step(&FIELDS, 1, false),
            Action::NextField => self.cursor.tab(&FIELDS, 1),
            Action::PrevField => self.cursor.tab(&FIELDS, -1),
            Action::Toggle | Action::ToggleBack => {
                self.form_changed();
                self.toggle(action == Action::Toggle);
            }
            Action::Edit => self.cursor.edit(),
            Action::Copy => {
                if let Some(code) = self.issued().and_then(|i| i.code.emergency_tokencode.clone()) {
                    cx.copy(&code);
                }
            }
            _ => {}
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        self.form_changed();
        self.validity.type_key(key);
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        // The one text field takes a paste while the cursor is on it.
        if self.user.is_some() && self.confirming.is_none() && self.cursor.is(Field::Validity) {
            self.form_changed();
            if let Err(problem) = self.validity.paste(text) {
                self.state = State::Invalid(problem);
            }
            self.cursor.focus_on(Field::Validity, true);
        }
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        if let Some(working) = self.working_id() {
            match Msg::take_answer(msg, working) {
                Some(Answer::Retrying(notice)) => {
                    if let State::Working { retry, .. } = &mut self.state {
                        *retry = Some(notice);
                    }
                }
                Some(Answer::Outcome(outcome)) => self.answered(outcome, cx),
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
                        if std::mem::take(&mut self.refresh_by_hand) {
                            cx.toast_looked_up_again();
                        }
                    }
                    ApiOutcome::Failed(failure) => self.refresh_failed = Some(failure),
                    _ => {}
                }
                self.refresh_by_hand = false;
            }
        }
    }

    fn user_changed(&mut self, user: Option<&CurrentUser>) {
        // The same user by id when both have one, else by address.
        let key = |u: &CurrentUser| u.id().map(str::to_string).unwrap_or_else(|| u.email.clone());
        let same = self.user.as_ref().map(key) == user.map(key);
        if !same {
            // What was shown, and what was typed, belongs to someone else; a change on its way
            // is still shown when it is answered (a code must never be lost), under its user.
            if self.working_id().is_none() {
                self.state = State::Idle;
            }
            self.reset_form();
            self.confirming = None;
            self.refresh = None;
            self.refresh_failed = None;
        }
        self.user = user.cloned();
    }

    fn subject(&self) -> Option<String> {
        match &self.state {
            State::Working { email, .. } => Some(email.clone()),
            State::Enabled(issued) => Some(issued.email.clone()),
            _ => None,
        }
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
