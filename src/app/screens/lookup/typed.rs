//! What Enter does with what was typed: a serial looks a token up, a whole address the user,
//! anything else is searched for; and the lookup itself, which forgets the user shown before.

use super::{LookupScreen, State, token};
use crate::app::Cx;
use crate::messages::{ApiRequest, RequestId};
use crate::userlist::email_problem;

impl LookupScreen {
    /// Enter in the field: a whole address is looked up; anything else is searched for.
    pub(super) fn submit_typed(&mut self, cx: &mut Cx) {
        let text = self.input.value().trim().to_string();
        // A serial read out in groups ("0004 1234 5678") is still a serial.
        let bare: String = text.split_whitespace().collect();
        if token::is_serial(&bare) {
            self.matches = None;
            self.look_up_token(bare, cx);
        } else if text.is_empty() {
            self.state = State::Invalid("Type an address, or part of one to search for.".into());
        } else if text.contains(char::is_whitespace) {
            self.state = State::Invalid(
                "No spaces in an address: type it, or a part such as garcia.".into(),
            );
        } else {
            self.matches = None;
            if token::is_serial(&text) {
                self.look_up_token(text, cx);
            } else if email_problem(&text).is_none() {
                self.look_up(text, false, cx);
            } else {
                self.search(text, 0, cx);
            }
        }
    }

    pub(super) fn look_up(&mut self, email: String, unsynched: bool, cx: &mut Cx) {
        if let Some(problem) = email_problem(&email) {
            self.state = State::Invalid(format!("Not a valid e-mail address ({problem})."));
            return;
        }
        let id =
            cx.request(ApiRequest::Lookup { email: email.clone(), search_unsynched: unsynched });
        self.state = State::Loading { id, email, unsynched, retry: None, refresh: false };
        self.report = None;
        self.explaining_locks = false;
        // A question about the user shown before must not survive to be answered for the next.
        self.leave_user();
    }

    /// `r` was answered: says so, with the time, in the toast and the user pane's title.
    pub(super) fn refreshed(&mut self, cx: &mut Cx) {
        self.refreshed_at = Some(cx.clock.now);
        cx.toast_looked_up_again();
    }

    pub(super) fn loading_id(&self) -> Option<RequestId> {
        match self.state {
            State::Loading { id, .. } => Some(id),
            _ => None,
        }
    }
}
