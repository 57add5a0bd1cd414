//! What Lookup does to the user it found: unlock, enable or disable, synchronise. Whether it
//! asks first is the action's own rule (`UserAction::asks_first`); the answer is shown
//! under the user, and the user is looked up again so every screen shows the service's state.

use super::{LookupScreen, Mode, State};
use crate::actions::declared::{Declared, Offer};
use crate::actions::{Acted, UserAction};
use crate::api::RetryNotice;
use crate::app::{CurrentUser, Cx};
use crate::messages::{Answer, ApiOutcome, ApiRequest, Failure, Msg, Refreshed, RequestId};

/// An action sent, until it is answered.
pub(super) struct Acting {
    pub id: RequestId,
    pub action: UserAction,
    pub retry: Option<RetryNotice>,
}

/// What the last action did, shown until the next lookup.
pub(super) struct Report {
    pub action: UserAction,
    pub result: Result<Acted, Failure>,
    /// The look-up after it failed: the details shown may be out of date.
    pub refresh_failed: Option<Failure>,
}

impl LookupScreen {
    /// The declared action a key asks for, as offered on the user shown: `None` when it does
    /// not apply to them.
    pub(super) fn offer_for_key(&self, command: &str) -> Option<(&'static Declared, Offer)> {
        let State::Found { details, .. } = &self.state else { return None };
        let declared = crate::actions::declared::by_command(command)?;
        Some((declared, super::offers::for_user(declared, details)?))
    }

    /// Asks first where the action says it does (every change); otherwise sends at once.
    pub(super) fn start_action(&mut self, action: UserAction, cx: &mut Cx) {
        if action.asks_first() {
            self.ask(action);
        } else {
            self.send_action(action, cx);
        }
    }

    pub(super) fn send_action(&mut self, action: UserAction, cx: &mut Cx) {
        let State::Found { details, .. } = &self.state else { return };
        let (Some(user_id), Some(email)) = (details.id.clone(), self.found_email()) else {
            return;
        };
        let id = cx.request(ApiRequest::Act { user_id, email, action: action.clone() });
        self.sent(Acting { id, action, retry: None });
        self.report = None;
    }

    /// The found user's address as the service gave it, cleaned as the carried user's is.
    pub(super) fn found_email(&self) -> Option<String> {
        match &self.state {
            State::Found { details, .. } => {
                details.email_address.as_deref().map(crate::text::sanitize)
            }
            _ => None,
        }
    }

    /// Takes the answer to the action in flight, if `msg` is it.
    pub(super) fn on_action_answer(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        let Mode::Acting { acting, .. } = &mut self.mode else { return };
        match Msg::take_answer(msg, acting.id) {
            Some(Answer::Retrying(notice)) => acting.retry = Some(notice),
            Some(Answer::Outcome(outcome)) => {
                let Some(acting) = self.take_acting() else { return };
                let (mut result, refreshed) = match outcome {
                    ApiOutcome::Acted { result, refreshed } => (result, refreshed),
                    ApiOutcome::Failed(failure) => (Err(failure), None),
                    other => (Err(Failure::new(format!("unexpected answer: {other:?}"))), None),
                };
                // What a sync changed, against the user as shown before it.
                if let State::Found { details, .. } = &self.state {
                    result = result.map(|acted| acted.compared_with(details));
                }
                let refresh_failed = match refreshed {
                    Some(Ok(Refreshed { details, authenticators })) => {
                        self.show_refreshed(details, authenticators, cx);
                        None
                    }
                    Some(Err(failure)) => Some(failure),
                    None => None,
                };
                // A replacement's code is held apart: the next change must not take it away.
                if let Ok(Some(code)) = result.as_ref().map(|acted| acted.code().cloned()) {
                    self.hold_code(&code);
                    if let Some(email) = self.found_email() {
                        cx.registration_code_issued(&email);
                    }
                }
                self.report = Some(Report { action: acting.action, result, refresh_failed });
            }
            None => {}
        }
    }

    /// The user as looked up after the change, if they are still the one on screen.
    fn show_refreshed(
        &mut self,
        details: Box<crate::api::UserDetails>,
        authenticators: Result<crate::api::Authenticators, Failure>,
        cx: &mut Cx,
    ) {
        let same_user = matches!(&self.state, State::Found { details: shown, .. }
            if shown.id.is_some() && shown.id == details.id);
        if !same_user {
            return;
        }
        if let Some(email) = details.email_address.as_deref() {
            cx.set_user(Some(CurrentUser::new(email, (*details).clone())));
        }
        let key = self.selected_key();
        self.state = State::Found { details, authenticators };
        // Looked up again after the change, not by `r`: the title's time no longer applies.
        self.refreshed_at = None;
        // The list stays open even if it could not be read again: a code on it stays shown.
        self.reselect(key);
    }
}
