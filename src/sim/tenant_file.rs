//! The schema of `assets/demo-tenant.json` and its conversion into a live [`Tenant`].
//!
//! Dates that describe the past (creation, last sync, device registration) are absolute strings
//! shown as they are. Things that expire (codes, emergency tokencodes) are given in minutes
//! relative to the moment the simulator starts, so the demo never goes stale; so is each user's
//! sign-in `history` (minutes before start).

use crate::sim::model::{
    Company, Device, DirectoryChanges, EacConfig, EacUnit, FidoToken, IdentitySource, LastAuth,
    Locks, MarkDeleted, Mode, PoolToken, SidToken, User,
};
use crate::sim::tenant::{Tenant, format_api};
use serde::Deserialize;
use time::OffsetDateTime;

/// The embedded demo tenant.
pub const DEMO_TENANT_JSON: &str = include_str!("../../assets/demo-tenant.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TenantFile {
    company: CompanyFile,
    identity_sources: Vec<IdentitySource>,
    users: Vec<UserFile>,
    /// SecurID 700 tokens in the tenant that nobody holds yet (what Assign takes from).
    #[serde(default)]
    unassigned_tokens: Vec<PoolToken>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CompanyFile {
    name: String,
    #[serde(rename = "companyID")]
    company_id: String,
    sms_enabled: bool,
    voice_enabled: bool,
    mfa_licensed: bool,
    eac_config_locked: bool,
    /// Licensed for Live Verification and its policy on.
    live_verification: bool,
    eac_defaults: EacDefaultsFile,
    offline_eac_days: i64,
    device_code_validity_hours: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EacDefaultsFile {
    expiry_value: i64,
    expiry_unit: String,
    one_time_use: bool,
}

/// One user as the file describes them. Absent flags mean the ordinary case.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UserFile {
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    identity_source: String,
    created: String,
    #[serde(default)]
    last_sync: Option<String>,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    principal_username: Option<String>,
    #[serde(default)]
    alternate_username: String,
    #[serde(default)]
    secondary_unique_identifier: Option<String>,
    #[serde(default)]
    sms_number: Option<String>,
    #[serde(default)]
    voice_number: Option<String>,
    /// Any of TOKEN, SMS, VOICE, FINGERPRINT, APPROVE.
    #[serde(default)]
    locked: Vec<String>,
    #[serde(default)]
    high_risk: bool,
    #[serde(default)]
    mark_deleted: Option<MarkDeletedFile>,
    #[serde(default)]
    unsynched: bool,
    #[serde(default)]
    email_configured: Option<bool>,
    #[serde(default)]
    code_generation: Option<bool>,
    #[serde(default)]
    internal_error: bool,
    #[serde(default)]
    month_last_authenticated: Option<String>,
    #[serde(default)]
    last_authentication: Option<LastAuth>,
    #[serde(default)]
    source_groups: Vec<String>,
    #[serde(default)]
    global_groups: Vec<String>,
    #[serde(default)]
    devices: Vec<Device>,
    #[serde(default)]
    fido_tokens: Vec<FidoToken>,
    #[serde(default)]
    sid_tokens: Vec<SidToken>,
    /// What the identity source holds that CAS has not synchronised yet.
    #[serde(default)]
    directory_changes: Option<DirectoryChanges>,
    #[serde(default)]
    emergency_tokencode: Option<EacFile>,
    #[serde(default)]
    codes: Vec<CodeFile>,
    /// Past sign-in and administration events, in minutes before the simulator starts.
    #[serde(default)]
    history: Vec<crate::sim::events::HistoryEntry>,
    /// Other administrators' past actions on this user, in minutes before start.
    #[serde(default)]
    admin_history: Vec<crate::sim::admin_events::AdminHistoryEntry>,
    /// Signs in by themselves this many seconds after an administrator's fix (`after_fix.rs`).
    #[serde(default)]
    signs_in_seconds_after_fix: Option<u32>,
    /// Free text for people reading the file; ignored.
    #[serde(default, rename = "_note")]
    _note: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EacFile {
    expires_in_minutes: i64,
    one_time_use: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CodeFile {
    mode: String,
    expires_in_minutes: i64,
}

/// A pending deletion, marked `minutesAgo` before start: the demo's leavers stay inside their
/// 7 days however late the demo is run.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MarkDeletedFile {
    minutes_ago: i64,
    by: String,
}

/// Builds the live tenant; `now` is the tenant clock at start, to resolve relative expiries.
pub fn load(json: &str, now: OffsetDateTime) -> Result<Tenant, String> {
    let file: TenantFile =
        serde_json::from_str(json).map_err(|e| format!("demo tenant data: {e}"))?;
    let c = file.company;
    let eac_unit = EacUnit::parse(&c.eac_defaults.expiry_unit)
        .ok_or("demo tenant data: eacDefaults.expiryUnit must be days, hours or minutes")?;
    let company = Company {
        name: c.name,
        company_id: c.company_id,
        sms_enabled: c.sms_enabled,
        voice_enabled: c.voice_enabled,
        mfa_licensed: c.mfa_licensed,
        eac_config_locked: c.eac_config_locked,
        live_verification: c.live_verification,
        admin_log_for_keys: true,
        eac_defaults: EacConfig {
            expiry_value: c.eac_defaults.expiry_value,
            expiry_unit: eac_unit,
            one_time_use: c.eac_defaults.one_time_use,
        },
        offline_eac: time::Duration::days(c.offline_eac_days),
        device_code_validity: time::Duration::hours(c.device_code_validity_hours),
    };
    let mut tenant = Tenant::new(company, file.identity_sources);
    for token in file.unassigned_tokens {
        tenant.add_unassigned_token(token)?;
    }
    for u in file.users {
        if !tenant.has_source(&u.identity_source) {
            return Err(format!(
                "demo tenant data: {} is in unknown identity source {}",
                u.email, u.identity_source
            ));
        }
        let locks = parse_locks(&u.locked).map_err(|m| format!("{}: {m}", u.email))?;
        let user = User {
            principal_username: u.principal_username.unwrap_or_else(|| u.email.clone()),
            id: u.id,
            email: u.email,
            first_name: u.first_name,
            last_name: u.last_name,
            identity_source: u.identity_source,
            creation_date: u.created,
            last_sync: u.last_sync,
            enabled: u.enabled,
            alternate_username: u.alternate_username,
            secondary_unique_identifier: u.secondary_unique_identifier,
            sms_number: u.sms_number,
            voice_number: u.voice_number,
            locks,
            high_risk: u.high_risk,
            mark_deleted: u.mark_deleted.map(|m| MarkDeleted {
                at: format_api(now - time::Duration::minutes(m.minutes_ago)),
                by: m.by,
            }),
            synced: !u.unsynched,
            email_configured: u.email_configured,
            code_generation: u.code_generation,
            internal_error: u.internal_error,
            month_last_authenticated: u.month_last_authenticated,
            last_authentication: u.last_authentication,
            source_groups: u.source_groups,
            global_groups: u.global_groups,
            devices: u.devices,
            fido_tokens: u.fido_tokens,
            sid_tokens: u.sid_tokens,
            directory_changes: u.directory_changes,
            signs_in_after_fix: u.signs_in_seconds_after_fix,
        };
        let id = user.id.clone();
        tenant.add_user(user)?;
        if let Some(eac) = u.emergency_tokencode {
            let expires = now + time::Duration::minutes(eac.expires_in_minutes);
            tenant.issue_eac(&id, expires, eac.one_time_use);
        }
        for code in u.codes {
            let mode = Mode::parse(&code.mode)
                .ok_or_else(|| format!("demo tenant data: unknown code mode {}", code.mode))?;
            let expires = now + time::Duration::minutes(code.expires_in_minutes);
            tenant.issue_code(&id, mode, expires);
        }
        for past in &u.history {
            tenant.record_history(now, &id, past);
        }
        for past in &u.admin_history {
            tenant
                .record_admin_history(now, &id, past)
                .map_err(|e| format!("demo tenant data: {e}"))?;
        }
    }
    Ok(tenant)
}

fn parse_locks(names: &[String]) -> Result<Locks, String> {
    let mut locks = Locks::default();
    for name in names {
        match name.as_str() {
            "TOKEN" => locks.token = true,
            "SMS" => locks.sms = true,
            "VOICE" => locks.voice = true,
            "FINGERPRINT" => locks.fingerprint = true,
            "APPROVE" => locks.approve = true,
            other => return Err(format!("unknown locked method {other}")),
        }
    }
    Ok(locks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_tenant_loads_and_is_big_enough() {
        let tenant = load(DEMO_TENANT_JSON, OffsetDateTime::now_utc()).expect("demo tenant loads");
        assert!(tenant.users().len() >= 55, "{} users", tenant.users().len());
    }
}
