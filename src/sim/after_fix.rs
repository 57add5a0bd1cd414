//! Demo users who sign in by themselves a few seconds after a fix, so a whole call can be
//! walked in the demo: the operator fixes, follows, and sees the user sign in (issue 21 item 8).
//!
//! The simulator's choices (nothing in the vendor documents covers a simulated user):
//! - Who: users with `signsInSecondsAfterFix` in the demo file (kept in a saved demo tenant).
//! - What is a fix: an administrator's unlock, enable, enrollment or password-reset code,
//!   emergency tokencode, device registration code, SecurID token assigned, enabled or its PIN
//!   cleared, SMS or voice number set. Disabling, voiding, deleting, unassigning, clearing a
//!   number, a sync and Live Verification steps are not.
//! - When: that many seconds after the fix, by the tenant clock (so `advance_clock` moves it
//!   and tests never sleep). The sign-in is recorded when the tenant is next read (the user's
//!   log, a lookup, `SimControl::event_codes`), stamped with the moment it was due.
//! - How: with the method the fix was for (the method unlocked, `EMERGENCY_TOKENCODE`, `TOKEN`
//!   for a SecurID token, `SMS` or `VOICE` for a number, `APPROVE` with the phone a
//!   registration code registers, which is added to their devices first); after a fix that
//!   names no method (enabled, a code issued), with their usual method (`sign_in.rs`).
//! - Several fixes in a row make one sign-in, due after the last, with the first fix's method.
//! - It goes as the tenant then stands, through the same rules as every simulated sign-in: a
//!   fix that did not fix (Approve still locked, the user still disabled) records the failure.

use crate::sim::events::AdminEvent;
use crate::sim::model::{Device, DueSignIn};
use crate::sim::sign_in::{SignIn, usual_method};
use crate::sim::tenant::{Tenant, format_api};
use time::OffsetDateTime;

impl Tenant {
    /// Called for every administrator's event: schedules the user's own sign-in if it was a
    /// fix and they are one who signs in after one.
    pub(super) fn after_admin_event(&mut self, at: OffsetDateTime, user_id: &str, e: AdminEvent) {
        let Some(seconds) = self.by_id(user_id).and_then(|u| u.signs_in_after_fix) else {
            return;
        };
        let (method, registers_phone) = match e {
            AdminEvent::Unlocked(m) | AdminEvent::PhoneChanged(m) => (Some(m.to_string()), false),
            AdminEvent::Enabled | AdminEvent::CodeGenerated(_) => (None, false),
            AdminEvent::EacEnabled => (Some("EMERGENCY_TOKENCODE".into()), false),
            AdminEvent::DeviceCode => (Some("APPROVE".into()), true),
            AdminEvent::TokenAssigned(_)
            | AdminEvent::TokenEnabled(_)
            | AdminEvent::TokenPinCleared(_) => (Some("TOKEN".into()), false),
            _ => return,
        };
        let due = at + time::Duration::seconds(i64::from(seconds));
        match self.due_sign_ins.iter_mut().find(|d| d.user_id == user_id) {
            Some(pending) => {
                pending.at = due;
                pending.method = pending.method.take().or(method);
                pending.registers_phone |= registers_phone;
            }
            None => self.due_sign_ins.push(DueSignIn {
                user_id: user_id.to_string(),
                at: due,
                method,
                registers_phone,
            }),
        }
    }

    /// Records every sign-in that is due by now.
    pub fn settle_sign_ins(&mut self) {
        let now = self.now();
        let (due, later): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.due_sign_ins).into_iter().partition(|d| d.at <= now);
        self.due_sign_ins = later;
        for d in due {
            if d.registers_phone {
                self.register_phone(&d.user_id, d.at);
            }
            let Some(user) = self.by_id(&d.user_id) else { continue };
            let method = d.method.clone().unwrap_or_else(|| usual_method(user));
            self.sign_in_at(d.at, &d.user_id, &SignIn::Succeed(method));
        }
    }

    /// The phone the registration code was for, registered with the app.
    fn register_phone(&mut self, user_id: &str, at: OffsetDateTime) {
        let when = format_api(at);
        let Some(user) = self.by_id_mut(user_id) else { return };
        user.devices.push(Device {
            id: uuid::Uuid::new_v4().to_string(),
            name: "New phone (registered with the code)".into(),
            device_type: "ANDROID".into(),
            registered_date: when.clone(),
            capabilities: "APPROVE,TOKENCODE,BIOMETRICS".into(),
            browser: None,
            device_serial_number: None,
            updated_at: when,
            status: "Active".into(),
            token_serial_number: None,
            token_state: None,
            token_status: None,
            pin_set: None,
            token_status_changed_at: None,
            token_status_changed_by: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::auth_event::code;
    use crate::sim::events::AdminEvent;
    use crate::sim::tenant_file::{DEMO_TENANT_JSON, load};
    use time::OffsetDateTime;

    #[test]
    fn a_sign_in_due_is_kept_with_the_saved_demo_tenant_and_made_when_it_is_due() {
        let mut t = load(DEMO_TENANT_JSON, OffsetDateTime::now_utc()).unwrap();
        let id = t.by_email("viktor.petrov@example.com").unwrap().id.clone();
        t.by_id_mut(&id).unwrap().locks.token = false;
        t.record_event(&id, AdminEvent::Unlocked("TOKEN"));
        t.settle_sign_ins();
        assert_eq!(t.events_of(&id)[0].code, code::UNLOCKED, "not due yet");
        let mut t = crate::sim::snapshot::load(&crate::sim::snapshot::save(&t)).unwrap();
        t.advance_clock(std::time::Duration::from_secs(5));
        t.settle_sign_ins();
        let newest = t.events_of(&id)[0].clone();
        assert_eq!(
            (newest.code.as_str(), newest.method.as_deref()),
            (code::SIGN_IN_OK, Some("TOKEN"))
        );
        t.settle_sign_ins();
        let successes = t.events_of(&id).iter().filter(|e| e.code == code::SIGN_IN_OK).count();
        assert_eq!(successes, 2, "the shipped one and this one, made once");
    }
}
