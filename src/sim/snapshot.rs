//! The whole tenant as JSON and back: what `casdesk --demo` keeps under the data directory
//! between runs, so one demo tenant remembers what each command did. Times are saved as they
//! are (RFC 3339), so a code made yesterday has expired today, as on a real tenant.

use crate::sim::auth_event::AuthEvent;
use crate::sim::model::{
    Company, DueSignIn, Eac, IdentitySource, LiveCode, Mode, PoolToken, SentEmail, User,
};
use crate::sim::serde_time::{instant, seconds};
use crate::sim::tenant::Tenant;
use serde::{Deserialize, Serialize};

/// The saved form's version; a file of another version is not read (a fresh tenant instead).
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snapshot {
    casdesk_demo_tenant: u32,
    company: Company,
    sources: Vec<IdentitySource>,
    users: Vec<User>,
    unassigned_tokens: Vec<PoolToken>,
    codes: Vec<(String, Mode, LiveCode)>,
    eacs: Vec<(String, Eac)>,
    device_codes: Vec<(String, LiveCode)>,
    outbox: Vec<SentEmail>,
    #[serde(with = "seconds")]
    clock_offset: time::Duration,
    events: Vec<SavedEvent>,
    failures: Vec<(String, u32)>,
    /// Sign-ins demo users will make by themselves (a tenant saved before these has none).
    #[serde(default)]
    due_sign_ins: Vec<DueSignIn>,
    /// The Administration Event Log (a tenant saved before it has none).
    #[serde(default)]
    admin_log: Vec<crate::sim::admin_record::AdminRecord>,
    /// The reports and their limits' times (a tenant saved before these has none).
    #[serde(default)]
    reports: crate::sim::report_state::Reports,
}

/// The tenant as JSON, keys in a stable order.
pub fn save(t: &Tenant) -> String {
    let mut codes: Vec<_> = t.codes.iter().map(|((u, m), c)| (u.clone(), *m, c.clone())).collect();
    codes.sort_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
    let mut eacs: Vec<_> = t.eacs.iter().map(|(u, e)| (u.clone(), e.clone())).collect();
    eacs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut device_codes: Vec<_> =
        t.device_codes.iter().map(|(u, c)| (u.clone(), c.clone())).collect();
    device_codes.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failures: Vec<_> = t.failures.iter().map(|(u, n)| (u.clone(), *n)).collect();
    failures.sort();
    let snapshot = Snapshot {
        casdesk_demo_tenant: VERSION,
        company: t.company.clone(),
        sources: t.sources.clone(),
        users: t.users.clone(),
        unassigned_tokens: t.unassigned_tokens.clone(),
        codes,
        eacs,
        device_codes,
        outbox: t.outbox.clone(),
        clock_offset: t.clock_offset,
        events: t.events.iter().map(SavedEvent::from).collect(),
        failures,
        due_sign_ins: t.due_sign_ins.clone(),
        admin_log: t.admin_log.clone(),
        reports: t.reports.clone(),
    };
    serde_json::to_string(&snapshot).unwrap_or_default()
}

/// The tenant [`save`] wrote, checked as the demo file is (each user, id and serial once).
pub fn load(json: &str) -> Result<Tenant, String> {
    let version = serde_json::from_str::<serde_json::Value>(json)
        .map_err(|e| format!("not JSON ({e})"))?
        .get("casdesk_demo_tenant")
        .and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(VERSION)) {
        return Err("not a demo tenant this version of casdesk saved".into());
    }
    let s: Snapshot = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut t = Tenant::new(s.company, s.sources);
    for token in s.unassigned_tokens {
        t.add_unassigned_token(token)?;
    }
    for user in s.users {
        if !t.has_source(&user.identity_source) {
            return Err(format!("{} is in unknown identity source", user.email));
        }
        t.add_user(user)?;
    }
    t.codes = s.codes.into_iter().map(|(u, m, c)| ((u, m), c)).collect();
    t.eacs = s.eacs.into_iter().collect();
    t.device_codes = s.device_codes.into_iter().collect();
    t.outbox = s.outbox;
    t.clock_offset = s.clock_offset;
    t.events = s.events.into_iter().map(AuthEvent::try_from).collect::<Result<_, _>>()?;
    t.failures = s.failures.into_iter().collect();
    t.due_sign_ins = s.due_sign_ins;
    t.admin_log = s.admin_log;
    t.reports = s.reports;
    Ok(t)
}

/// An [`AuthEvent`] as saved: the same fields, its level as text.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedEvent {
    id: String,
    #[serde(with = "instant")]
    at: time::OffsetDateTime,
    user_id: String,
    code: String,
    description: String,
    level: String,
    admin: bool,
    method: Option<String>,
    application: Option<String>,
    policy: Option<String>,
    device_name: Option<String>,
    device_id: Option<String>,
    source_ip: Option<String>,
    details: Option<String>,
}

impl From<&AuthEvent> for SavedEvent {
    fn from(e: &AuthEvent) -> Self {
        let e = e.clone();
        Self {
            id: e.id,
            at: e.at,
            user_id: e.user_id,
            code: e.code,
            description: e.description,
            level: e.level.to_string(),
            admin: e.admin,
            method: e.method,
            application: e.application,
            policy: e.policy,
            device_name: e.device_name,
            device_id: e.device_id,
            source_ip: e.source_ip,
            details: e.details,
        }
    }
}

impl TryFrom<SavedEvent> for AuthEvent {
    type Error = String;

    fn try_from(e: SavedEvent) -> Result<Self, String> {
        // The three levels the simulator writes; the field is `&'static str`.
        let level = match e.level.as_str() {
            "INFO" => "INFO",
            "WARN" => "WARN",
            "ERROR" => "ERROR",
            other => return Err(format!("unknown event level {other}")),
        };
        Ok(Self {
            id: e.id,
            at: e.at,
            user_id: e.user_id,
            code: e.code,
            description: e.description,
            level,
            admin: e.admin,
            method: e.method,
            application: e.application,
            policy: e.policy,
            device_name: e.device_name,
            device_id: e.device_id,
            source_ip: e.source_ip,
            details: e.details,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::tenant_file::{DEMO_TENANT_JSON, load as load_demo};
    use time::OffsetDateTime;

    #[test]
    fn a_saved_tenant_loads_as_it_was() {
        let now = OffsetDateTime::now_utc();
        let mut t = load_demo(DEMO_TENANT_JSON, now).unwrap();
        let alice = t.any_by_email("alice@example.com").unwrap().id.clone();
        t.any_by_email_mut("alice@example.com").unwrap().locks.token = true;
        let code = t.issue_code(&alice, Mode::Enrollment, now + time::Duration::hours(1));
        let eac = t.issue_eac(&alice, now + time::Duration::hours(4), true);
        t.advance_clock(std::time::Duration::from_secs(90));
        let saved = save(&t);
        let back = load(&saved).unwrap();
        assert_eq!(save(&back), saved, "the same JSON again");
        assert!(back.by_id(&alice).unwrap().locks.token);
        assert_eq!(back.live_code(&alice, Mode::Enrollment).unwrap().code, code);
        assert_eq!(back.eac(&alice).unwrap().code, eac.code);
        assert_eq!(back.users.len(), t.users.len());
        assert_eq!(back.events.len(), t.events.len());
        assert!(back.now() - t.now() < time::Duration::seconds(5), "the clock offset kept");
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        assert!(load("{\"cut").err().unwrap().starts_with("not JSON"));
        assert!(load("{}").err().unwrap().contains("not a demo tenant"));
        let t = load_demo(DEMO_TENANT_JSON, OffsetDateTime::now_utc()).unwrap();
        let saved = save(&t).replacen("\"users\":[", "\"users\":[7,", 1);
        assert!(load(&saved).is_err());
    }
}
