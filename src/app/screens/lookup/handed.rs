//! A user another screen hands over to look up (one chosen among a group's users on
//! Failures): taken when no question or change is under way here, looked up as the screen
//! comes into view, as if typed.

use super::{LookupScreen, Mode};
use crate::app::{Cx, HandedList, LOOK_UP};
use tui_input::Input;

impl LookupScreen {
    pub(super) fn take_handed(&mut self, list: &HandedList) -> bool {
        let [email] = list.emails.as_slice() else { return false };
        let busy = matches!(self.mode, Mode::Confirming { .. } | Mode::Acting { .. });
        if list.action != LOOK_UP || busy {
            return false;
        }
        self.handed = Some(email.clone());
        true
    }

    pub(super) fn look_up_handed(&mut self, cx: &mut Cx) {
        let Some(email) = self.handed.take() else { return };
        self.mode = Mode::Idle;
        self.matches = None;
        self.input = Input::new(email.clone());
        self.look_up(email, false, cx);
    }
}
