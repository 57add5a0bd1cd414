//! The Emergency screen's form: its choices, what Enable sends as the form reads, and the form
//! reset or its refusal cleared as it changes.

use super::{EmergencyScreen, Field, ONE_TIME, State};
use crate::api::EnableEmergencyTokencode;
use crate::app::keys::cycle;

impl EmergencyScreen {
    pub(super) fn toggle(&mut self, forward: bool) {
        match self.cursor.focus() {
            Field::OneTime => self.one_time = cycle(&ONE_TIME, self.one_time, forward),
            Field::Unit => self.validity.change_unit(forward),
            Field::Validity => {}
        }
    }

    /// What Enable sends, exactly as the form reads, or why it cannot be sent.
    pub(super) fn options(&self) -> Result<EnableEmergencyTokencode, String> {
        let options = EnableEmergencyTokencode::new(self.one_time);
        match self.validity.amount().map_err(|e| format!("Validity {e}."))? {
            None => Ok(options),
            Some(amount) => options
                .with_expiry(amount.value, amount.unit)
                .map_err(|e| crate::text::capitalised(&e.to_string()) + "."),
        }
    }

    /// The form changed: a refusal of it as it was no longer holds (a result stays on screen).
    pub(super) fn form_changed(&mut self) {
        if matches!(self.state, State::Invalid(_)) {
            self.state = State::Idle;
        }
    }

    /// The form as it was when no user had been chosen: nothing typed for one user is sent
    /// for the next.
    pub(super) fn reset_form(&mut self) {
        let fresh = Self::default();
        self.one_time = fresh.one_time;
        self.validity = fresh.validity;
        self.cursor = fresh.cursor;
    }
}
