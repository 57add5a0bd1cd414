//! "Whose token is this?": a SecurID 700 serial typed where an address is (a string of digits,
//! up to 36 of them, is a serial: no address is one; spaces between groups are dropped, as a
//! serial is read out on the phone) is looked up as a token (Retrieve Hardware
//! Token Details): its holder, state, status, PIN and expiry. Enter looks the holder up, and
//! their authenticators list opens with the token's row chosen.
//!
//! RSA's API names the holder by `userId` only, and no documented API looks a user up by id:
//! the holder can be looked up when the answer also gives their address (`userEmail`, which
//! the simulator gives); otherwise the screen shows the id and says so.

use super::authenticators::Manager;
use super::mode::Mode;
use super::{LookupScreen, State};
use crate::api::{MAX_TOKEN_SERIAL_CHARS, RetryNotice, TokenDetails};
use crate::app::Cx;
use crate::messages::{Answer, ApiOutcome, ApiRequest, Failure, Msg, RequestId};
use crate::text::sanitize;
use crate::userlist::email_problem;
use tui_input::Input;

/// A token looked up by serial, as Lookup shows it.
pub(super) enum TokenLookup {
    Loading { id: RequestId, serial: String, retry: Option<RetryNotice> },
    Found(Box<TokenDetails>),
    Failed { serial: String, failure: Failure },
}

/// A serial, not an address nor part of one: digits only, at most 36 of them.
pub(super) fn is_serial(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= MAX_TOKEN_SERIAL_CHARS
        && text.chars().all(|c| c.is_ascii_digit())
}

impl TokenLookup {
    /// The holder's address, if the service gave one that can be looked up.
    pub(super) fn holder_email(&self) -> Option<String> {
        let TokenLookup::Found(t) = self else { return None };
        let email = sanitize(t.user_email.as_deref()?.trim());
        (t.assigned() && email_problem(&email).is_none()).then_some(email)
    }
}

impl LookupScreen {
    pub(super) fn look_up_token(&mut self, serial: String, cx: &mut Cx) {
        let id = cx.request(ApiRequest::TokenLookup { serial: serial.clone() });
        self.state = State::Token(TokenLookup::Loading { id, serial, retry: None });
        self.report = None;
        self.explaining_locks = false;
        self.holder_token = None;
        // Nobody is on screen now: no question or list about the user shown before stays, and
        // no other screen acts on them.
        self.leave_user();
        cx.set_user(None);
        self.held = None;
    }

    pub(super) fn token_loading(&self) -> Option<RequestId> {
        match self.state {
            State::Token(TokenLookup::Loading { id, .. }) => Some(id),
            _ => None,
        }
    }

    /// The token's holder, if they can be looked up.
    pub(super) fn token_holder(&self) -> Option<String> {
        match &self.state {
            State::Token(t) => t.holder_email(),
            _ => None,
        }
    }

    /// Enter on a token: its holder looked up, the token chosen on their list once found.
    pub(super) fn look_up_holder(&mut self, cx: &mut Cx) {
        let (Some(email), State::Token(TokenLookup::Found(t))) = (self.token_holder(), &self.state)
        else {
            return;
        };
        let serial = t.token.token_serial_number.clone();
        self.input = Input::new(email.clone());
        self.look_up(email, false, cx);
        self.holder_token = serial;
    }

    /// After a look-up answered: the holder's list open on the token asked about, if this was
    /// the holder and they still hold it.
    pub(super) fn open_holder_token(&mut self) {
        if self.loading_id().is_some() {
            return;
        }
        let Some(serial) = self.holder_token.take() else { return };
        let Some(found) = self.state.found() else { return };
        let holds = found.listed.is_ok_and(|all| {
            all.sid_tokens.iter().any(|t| t.token_serial_number.as_deref() == Some(&serial))
        });
        if holds && matches!(self.mode, Mode::Idle) {
            let mut manager = Manager::default();
            manager.reselect(Some(found), Some(serial));
            self.mode = Mode::Managing(manager);
        }
    }

    pub(super) fn on_token_answer(&mut self, msg: &mut Option<Msg>) {
        let State::Token(TokenLookup::Loading { id, serial, retry }) = &mut self.state else {
            return;
        };
        match Msg::take_answer(msg, *id) {
            Some(Answer::Retrying(notice)) => *retry = Some(notice),
            Some(Answer::Outcome(ApiOutcome::Token(token))) => {
                self.state = State::Token(TokenLookup::Found(token));
            }
            Some(Answer::Outcome(outcome)) => {
                let failure = match outcome {
                    ApiOutcome::Failed(failure) => failure,
                    other => Failure::new(format!("unexpected answer: {other:?}")),
                };
                let serial = std::mem::take(serial);
                self.state = State::Token(TokenLookup::Failed { serial, failure });
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_serial;

    #[test]
    fn digits_up_to_36_are_a_serial_and_nothing_else_is() {
        assert!(is_serial("000412345678"));
        assert!(is_serial(&"9".repeat(36)));
        assert!(!is_serial(&"9".repeat(37)), "too long for a serial: searched");
        assert!(!is_serial(""));
        assert!(!is_serial("0004 1234"));
        assert!(!is_serial("garcia"));
        assert!(!is_serial("j.doe2"));
        assert!(!is_serial("١٢٣"), "ASCII digits only");
    }
}
