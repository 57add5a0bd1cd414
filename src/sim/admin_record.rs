//! One entry of the tenant-wide Administration Event Log (`GET v1/adminlog/exportlogs`), the
//! activity keys the simulator writes, and who is acting now ([`Actor`], set per request by
//! the authentication layer). Plain values the tenant holds (`tenant.rs`); what records them
//! (`admin_events.rs`) and serves them (`adminlog.rs`) sits above.
//!
//! Inferred where the documents are silent (only the entry's field names are known, from
//! INGO-JAVA's `AdminLogEntry`): the activity keys and codes below are this simulator's own;
//! `targetObject1` is the user acted on (`USER`), `targetObject2` what on them, when there is
//! one (the token's serial, the method, the phone kind).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The activity keys (and their codes) the simulator writes. The console reads these names.
pub mod activity {
    pub const UNLOCK_USER: (&str, &str) = ("UNLOCK_USER_METHOD", "ADM-2101");
    pub const ENABLE_USER: (&str, &str) = ("ENABLE_USER", "ADM-2102");
    pub const DISABLE_USER: (&str, &str) = ("DISABLE_USER", "ADM-2103");
    pub const SYNC_USER: (&str, &str) = ("SYNCHRONIZE_USER", "ADM-2104");
    pub const GENERATE_ENROLLMENT_CODE: (&str, &str) = ("GENERATE_ENROLLMENT_CODE", "ADM-2201");
    pub const GENERATE_RESET_CODE: (&str, &str) = ("GENERATE_PASSWORD_RESET_CODE", "ADM-2202");
    pub const VOID_ENROLLMENT_CODE: (&str, &str) = ("VOID_ENROLLMENT_CODE", "ADM-2203");
    pub const VOID_RESET_CODE: (&str, &str) = ("VOID_PASSWORD_RESET_CODE", "ADM-2204");
    pub const ENABLE_EAC: (&str, &str) = ("ENABLE_EMERGENCY_TOKENCODE", "ADM-2301");
    pub const DISABLE_EAC: (&str, &str) = ("DISABLE_EMERGENCY_TOKENCODE", "ADM-2302");
    pub const DEVICE_CODE: (&str, &str) = ("GENERATE_DEVICE_REGISTRATION_CODE", "ADM-2401");
    pub const DELETE_DEVICE: (&str, &str) = ("DELETE_USER_DEVICE", "ADM-2402");
    pub const ASSIGN_TOKEN: (&str, &str) = ("ASSIGN_SID_TOKEN", "ADM-2501");
    pub const UNASSIGN_TOKEN: (&str, &str) = ("UNASSIGN_SID_TOKEN", "ADM-2502");
    pub const ENABLE_TOKEN: (&str, &str) = ("ENABLE_SID_TOKEN", "ADM-2503");
    pub const DISABLE_TOKEN: (&str, &str) = ("DISABLE_SID_TOKEN", "ADM-2504");
    pub const CLEAR_TOKEN_PIN: (&str, &str) = ("CLEAR_SID_TOKEN_PIN", "ADM-2505");
    pub const UPDATE_PHONE: (&str, &str) = ("UPDATE_USER_PHONE_NUMBER", "ADM-2601");
    pub const CLEAR_PHONE: (&str, &str) = ("CLEAR_USER_PHONE_NUMBER", "ADM-2602");
    pub const MARK_DELETED: (&str, &str) = ("MARK_USER_DELETED", "ADM-2105");
    pub const UNMARK_DELETED: (&str, &str) = ("UNMARK_USER_DELETED", "ADM-2106");
    pub const RENAME_TOKEN: (&str, &str) = ("UPDATE_SID_TOKEN_NAME", "ADM-2506");
    pub const SUSPEND_FIDO: (&str, &str) = ("DISABLE_FIDO_AUTHENTICATOR", "ADM-2701");
    pub const RESTORE_FIDO: (&str, &str) = ("ENABLE_FIDO_AUTHENTICATOR", "ADM-2702");
    pub const ENABLE_DS100_OTP: (&str, &str) = ("ENABLE_DS100_OTP", "ADM-2801");
    pub const DISABLE_DS100_OTP: (&str, &str) = ("DISABLE_DS100_OTP", "ADM-2802");
    pub const CLEAR_DS100_PIN: (&str, &str) = ("CLEAR_DS100_OTP_PIN", "ADM-2803");
    pub const DELETE_DS100: (&str, &str) = ("DELETE_DS100_OTP", "ADM-2804");
}

/// The role the simulator gives every API caller.
pub const API_CALLER_ROLE: &str = "Help Desk Administrator";

/// One administrator's action, as the log keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminRecord {
    pub id: String,
    #[serde(with = "crate::sim::serde_time::instant")]
    pub at: OffsetDateTime,
    pub admin_name: String,
    pub admin_role: String,
    pub activity_key: String,
    pub activity_code: String,
    /// The user acted on: id, name (their address).
    pub target_id: String,
    pub target_name: String,
    /// What on them, with its kind: ("TOKEN", serial), ("METHOD", "TOKEN"), ("PHONE", "SMS").
    pub detail: Option<(String, String)>,
    /// The id of what on them, when it is not its name (a FIDO key's id beside its name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail_id: Option<String>,
    pub source_ip: String,
}

/// Who makes the request being handled: the legacy key's access ID or the OAuth client's id,
/// which is the name the log gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
}

tokio::task_local! {
    /// Set by the authentication layer around each Admin API request it lets through.
    pub static ACTOR: Actor;
}

/// The caller of the request being handled; outside one (a test calling the tenant
/// directly), the simulator itself.
pub fn current_actor() -> Actor {
    ACTOR.try_with(Actor::clone).unwrap_or_else(|_| Actor { name: "casdesk-simulator".into() })
}
