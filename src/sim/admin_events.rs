//! What the Administration Event Log records: every change an API caller makes to a user
//! (hooked once, in `Tenant::record_event_at`), named by the caller ([`current_actor`]: the
//! legacy key's access ID or the OAuth client's id, role "Help Desk Administrator"), and the
//! demo file's history of other administrators' actions, relative to start so it never goes
//! stale.
//!
//! Inferred where the documents are silent: Live Verification steps are not logged here (they
//! change nothing, and the user's answers are not an administrator's doing); the source IP of
//! an API call is 192.0.2.10, as the user's authlogs say; the log keeps 90 days
//! ([`ADMIN_LOG_DAYS`]) and at most [`MAX_RECORDS`] entries.

use crate::sim::admin_record::{API_CALLER_ROLE, AdminRecord, activity, current_actor};
use crate::sim::events::AdminEvent;
use crate::sim::model::Mode;
use crate::sim::tenant::Tenant;
use time::OffsetDateTime;

/// How long the service keeps administration events (RSA: 90 days).
pub const ADMIN_LOG_DAYS: i64 = 90;
/// The most the simulator keeps, oldest dropped first.
const MAX_RECORDS: usize = 5000;

impl Tenant {
    /// Logs `event` on `user_id` at `at`, as the caller of the request being handled.
    pub(crate) fn record_admin_event(
        &mut self,
        at: OffsetDateTime,
        user_id: &str,
        event: &AdminEvent,
    ) {
        let Some(((key, code), detail)) = activity_of(event) else { return };
        // A FIDO key is named in words, and known to the console by its id.
        let detail_id = match event {
            AdminEvent::Authenticator { target, name, .. } if target != name => {
                Some(target.to_string())
            }
            _ => None,
        };
        let target_name = self.by_id(user_id).map(|u| u.email.clone()).unwrap_or_default();
        let actor = current_actor();
        self.push_admin(AdminRecord {
            id: uuid::Uuid::new_v4().to_string(),
            at,
            admin_name: actor.name,
            admin_role: API_CALLER_ROLE.into(),
            activity_key: key.into(),
            activity_code: code.into(),
            target_id: user_id.to_string(),
            target_name,
            detail,
            detail_id,
            source_ip: "192.0.2.10".into(),
        });
    }

    /// A colleague's past action from the demo file, `minutes_ago` before `now`.
    pub(crate) fn record_admin_history(
        &mut self,
        now: OffsetDateTime,
        user_id: &str,
        h: &AdminHistoryEntry,
    ) -> Result<(), String> {
        let (key, code) = ALL_ACTIVITIES
            .iter()
            .copied()
            .find(|(k, _)| *k == h.activity)
            .ok_or_else(|| format!("unknown admin activity {}", h.activity))?;
        let target_name = self.by_id(user_id).map(|u| u.email.clone()).unwrap_or_default();
        self.push_admin(AdminRecord {
            id: uuid::Uuid::new_v4().to_string(),
            at: now - time::Duration::seconds((h.minutes_ago * 60.0) as i64),
            admin_name: h.admin.clone(),
            admin_role: h.role.clone(),
            activity_key: key.into(),
            activity_code: code.into(),
            target_id: user_id.to_string(),
            target_name,
            detail: h.detail.clone(),
            detail_id: None,
            source_ip: h.source_ip.clone().unwrap_or_else(|| "198.51.100.7".into()),
        });
        Ok(())
    }

    fn push_admin(&mut self, record: AdminRecord) {
        self.admin_log.push(record);
        if self.admin_log.len() > MAX_RECORDS {
            self.admin_log.remove(0);
        }
    }

    /// The log within the service's 90 days of `now`, oldest first (ties: as recorded).
    pub fn admin_log(&self) -> Vec<&AdminRecord> {
        let kept = self.now() - time::Duration::days(ADMIN_LOG_DAYS);
        let mut out: Vec<&AdminRecord> = self.admin_log.iter().filter(|r| r.at > kept).collect();
        out.sort_by_key(|r| r.at);
        out
    }
}

const ALL_ACTIVITIES: [(&str, &str); 28] = [
    activity::UNLOCK_USER,
    activity::ENABLE_USER,
    activity::DISABLE_USER,
    activity::SYNC_USER,
    activity::GENERATE_ENROLLMENT_CODE,
    activity::GENERATE_RESET_CODE,
    activity::VOID_ENROLLMENT_CODE,
    activity::VOID_RESET_CODE,
    activity::ENABLE_EAC,
    activity::DISABLE_EAC,
    activity::DEVICE_CODE,
    activity::DELETE_DEVICE,
    activity::ASSIGN_TOKEN,
    activity::UNASSIGN_TOKEN,
    activity::ENABLE_TOKEN,
    activity::DISABLE_TOKEN,
    activity::CLEAR_TOKEN_PIN,
    activity::UPDATE_PHONE,
    activity::CLEAR_PHONE,
    activity::MARK_DELETED,
    activity::UNMARK_DELETED,
    activity::RENAME_TOKEN,
    activity::SUSPEND_FIDO,
    activity::RESTORE_FIDO,
    activity::ENABLE_DS100_OTP,
    activity::DISABLE_DS100_OTP,
    activity::CLEAR_DS100_PIN,
    activity::DELETE_DS100,
];

type Detail = Option<(String, String)>;

/// The activity an event is, and what on the user it touched; `None`: not logged here.
fn activity_of(event: &AdminEvent) -> Option<((&'static str, &'static str), Detail)> {
    let of = |kind: &str, value: &str| Some((kind.to_string(), value.to_string()));
    Some(match *event {
        AdminEvent::Unlocked(method) => (activity::UNLOCK_USER, of("METHOD", method)),
        AdminEvent::Enabled => (activity::ENABLE_USER, None),
        AdminEvent::Disabled => (activity::DISABLE_USER, None),
        AdminEvent::Synced => (activity::SYNC_USER, None),
        AdminEvent::CodeGenerated(Mode::Enrollment) => (activity::GENERATE_ENROLLMENT_CODE, None),
        AdminEvent::CodeGenerated(Mode::PasswordReset) => (activity::GENERATE_RESET_CODE, None),
        AdminEvent::CodeVoided(Mode::Enrollment) => (activity::VOID_ENROLLMENT_CODE, None),
        AdminEvent::CodeVoided(Mode::PasswordReset) => (activity::VOID_RESET_CODE, None),
        AdminEvent::EacEnabled => (activity::ENABLE_EAC, None),
        AdminEvent::EacDisabled => (activity::DISABLE_EAC, None),
        AdminEvent::DeviceCode => (activity::DEVICE_CODE, None),
        AdminEvent::DeviceDeleted(name) => (activity::DELETE_DEVICE, of("DEVICE", name)),
        AdminEvent::TokenAssigned(s) => (activity::ASSIGN_TOKEN, of("TOKEN", s)),
        AdminEvent::TokenUnassigned(s) => (activity::UNASSIGN_TOKEN, of("TOKEN", s)),
        AdminEvent::TokenEnabled(s) => (activity::ENABLE_TOKEN, of("TOKEN", s)),
        AdminEvent::TokenDisabled(s) => (activity::DISABLE_TOKEN, of("TOKEN", s)),
        AdminEvent::TokenPinCleared(s) => (activity::CLEAR_TOKEN_PIN, of("TOKEN", s)),
        AdminEvent::PhoneChanged(m) => (activity::UPDATE_PHONE, of("PHONE", m)),
        AdminEvent::PhoneCleared(m) => (activity::CLEAR_PHONE, of("PHONE", m)),
        AdminEvent::MarkedDeleted(true) => (activity::MARK_DELETED, None),
        AdminEvent::MarkedDeleted(false) => (activity::UNMARK_DELETED, None),
        AdminEvent::TokenRenamed(s) => (activity::RENAME_TOKEN, of("TOKEN", s)),
        AdminEvent::Authenticator { code, name, .. } => {
            use crate::sim::ds100::code;
            let (activity, kind) = match code {
                code::FIDO_DISABLED => (activity::SUSPEND_FIDO, "FIDO"),
                code::FIDO_ENABLED => (activity::RESTORE_FIDO, "FIDO"),
                code::OTP_ENABLED => (activity::ENABLE_DS100_OTP, "DS100"),
                code::OTP_DISABLED => (activity::DISABLE_DS100_OTP, "DS100"),
                code::PIN_CLEARED => (activity::CLEAR_DS100_PIN, "DS100"),
                code::DELETED => (activity::DELETE_DS100, "DS100"),
                _ => return None,
            };
            (activity, of(kind, name))
        }
        AdminEvent::Verification(_) => return None,
    })
}

/// A colleague's past action as the demo file gives it (a user's `adminHistory`).
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AdminHistoryEntry {
    pub minutes_ago: f64,
    /// "anna.berg"
    pub admin: String,
    /// "Help Desk Administrator"
    pub role: String,
    /// One of the keys in [`activity`].
    pub activity: String,
    /// What on the user, as `["TOKEN", "000311122233"]`.
    #[serde(default)]
    pub detail: Option<(String, String)>,
    #[serde(default)]
    pub source_ip: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::tenant_file::{DEMO_TENANT_JSON, load};

    #[test]
    fn a_change_is_logged_as_the_callers_and_a_verification_is_not() {
        let mut t = load(DEMO_TENANT_JSON, OffsetDateTime::now_utc()).unwrap();
        let id = t.by_email("carlos.garcia@example.com").unwrap().id.clone();
        let before = t.admin_log().len();
        t.record_event(&id, AdminEvent::TokenAssigned("000123"));
        t.record_event(
            &id,
            AdminEvent::Verification(crate::sim::verify_session::VerifyStep::Started),
        );
        let log = t.admin_log();
        assert_eq!(log.len(), before + 1, "the verification step is not logged");
        let last = log.last().unwrap();
        assert_eq!(last.activity_key, "ASSIGN_SID_TOKEN");
        assert_eq!(last.target_name, "carlos.garcia@example.com");
        assert_eq!(last.detail, Some(("TOKEN".into(), "000123".into())));
        assert_eq!(last.admin_name, "casdesk-simulator", "no request: the simulator itself");
    }

    #[test]
    fn entries_older_than_ninety_days_are_gone() {
        let mut t = load(DEMO_TENANT_JSON, OffsetDateTime::now_utc()).unwrap();
        let id = t.by_email("carlos.garcia@example.com").unwrap().id.clone();
        let old = AdminHistoryEntry {
            minutes_ago: (ADMIN_LOG_DAYS * 24 * 60 + 5) as f64,
            admin: "old.timer".into(),
            role: "Super Administrator".into(),
            activity: "ENABLE_USER".into(),
            detail: None,
            source_ip: None,
        };
        t.record_admin_history(t.now(), &id, &old).unwrap();
        assert!(t.admin_log().iter().all(|r| r.admin_name != "old.timer"));
        let wrong = AdminHistoryEntry { activity: "TELEPORT_USER".into(), ..old };
        assert!(t.record_admin_history(t.now(), &id, &wrong).is_err());
    }
}
