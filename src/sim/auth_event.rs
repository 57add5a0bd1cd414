//! One entry of a user's authentication log ([`AuthEvent`]), the event codes the simulator
//! writes, and [`event_at`] to start one. Plain values the tenant holds (`tenant.rs`); what
//! records them (`events.rs`), plays sign-ins (`sign_in.rs`) or saves them (`snapshot.rs`)
//! sits above the tenant, so these sit below it.

use time::OffsetDateTime;

/// The codes the simulator writes. Tests and the console's explanations read these names.
pub mod code {
    pub const SIGN_IN_OK: &str = "AUTHN_SUCCESS";
    pub const WRONG_TOKENCODE: &str = "AUTHN_FAILED_INVALID_TOKENCODE";
    pub const WRONG_CODE: &str = "AUTHN_FAILED_INVALID_CODE";
    pub const METHOD_LOCKED: &str = "AUTHN_METHOD_LOCKED";
    pub const REFUSED_LOCKED: &str = "AUTHN_FAILED_METHOD_LOCKED";
    pub const NO_DEVICE: &str = "AUTHN_FAILED_NO_REGISTERED_DEVICE";
    pub const POLICY_DENIED: &str = "AUTHN_DENIED_BY_POLICY";
    pub const USER_DISABLED: &str = "AUTHN_FAILED_USER_DISABLED";
    pub const APPROVE_DENIED: &str = "AUTHN_FAILED_APPROVE_DENIED";
    pub const UNLOCKED: &str = "ADMIN_METHOD_UNLOCKED";
    pub const ENABLED: &str = "ADMIN_USER_ENABLED";
    pub const DISABLED: &str = "ADMIN_USER_DISABLED";
    pub const SYNCED: &str = "ADMIN_USER_SYNCHRONIZED";
    pub const MARKED_DELETED: &str = "ADMIN_USER_MARKED_DELETED";
    pub const UNDELETED: &str = "ADMIN_USER_DELETION_MARK_REMOVED";
    pub const CODE_GENERATED: &str = "ADMIN_VERIFY_CODE_GENERATED";
    pub const CODE_VOIDED: &str = "ADMIN_VERIFY_CODE_VOIDED";
    pub const EAC_ENABLED: &str = "ADMIN_EMERGENCY_TOKENCODE_ENABLED";
    pub const EAC_DISABLED: &str = "ADMIN_EMERGENCY_TOKENCODE_DISABLED";
    pub const DEVICE_CODE: &str = "ADMIN_DEVICE_REGISTRATION_CODE";
    pub const DEVICE_DELETED: &str = "ADMIN_DEVICE_DELETED";
    pub const TOKEN_ASSIGNED: &str = "ADMIN_SID_TOKEN_ASSIGNED";
    pub const TOKEN_UNASSIGNED: &str = "ADMIN_SID_TOKEN_UNASSIGNED";
    pub const TOKEN_ENABLED: &str = "ADMIN_SID_TOKEN_ENABLED";
    pub const TOKEN_DISABLED: &str = "ADMIN_SID_TOKEN_DISABLED";
    pub const TOKEN_PIN_CLEARED: &str = "ADMIN_SID_TOKEN_PIN_CLEARED";
    pub const TOKEN_RENAMED: &str = "ADMIN_SID_TOKEN_RENAMED";
    pub const PHONE_CHANGED: &str = "ADMIN_PHONE_NUMBER_CHANGED";
    pub const PHONE_CLEARED: &str = "ADMIN_PHONE_NUMBER_CLEARED";
    pub const VERIFY_STARTED: &str = "ADMIN_LIVE_VERIFICATION_STARTED";
    pub const VERIFY_VERIFIED: &str = "ADMIN_LIVE_VERIFICATION_VERIFIED";
    pub const VERIFY_DENIED: &str = "ADMIN_LIVE_VERIFICATION_DENIED";
    pub const VERIFY_EXPIRED: &str = "ADMIN_LIVE_VERIFICATION_EXPIRED";
    pub const VERIFY_CANCELLED: &str = "ADMIN_LIVE_VERIFICATION_CANCELLED";
}

/// One recorded event.
#[derive(Clone, Debug)]
pub struct AuthEvent {
    pub id: String,
    pub at: OffsetDateTime,
    pub user_id: String,
    pub code: String,
    pub description: String,
    pub level: &'static str,
    pub admin: bool,
    pub method: Option<String>,
    pub application: Option<String>,
    pub policy: Option<String>,
    pub device_name: Option<String>,
    pub device_id: Option<String>,
    pub source_ip: Option<String>,
    pub details: Option<String>,
}

/// A fresh event with only what every event has; callers add the rest.
pub(super) fn event_at(
    at: OffsetDateTime,
    user_id: &str,
    code: &str,
    description: String,
    level: &'static str,
) -> AuthEvent {
    AuthEvent {
        id: uuid::Uuid::new_v4().to_string(),
        at,
        user_id: user_id.to_string(),
        code: code.to_string(),
        description,
        level,
        admin: false,
        method: None,
        application: None,
        policy: None,
        device_name: None,
        device_id: None,
        source_ip: None,
        details: None,
    }
}
