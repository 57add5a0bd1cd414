//! The simulated tenant: its users, the codes and emergency tokencodes they hold, the mail the
//! service "sent", and the tenant clock those expire by.
//!
//! The tenant clock is the real clock plus an offset that tests move with `advance_clock`; it
//! governs expiry of codes and tokencodes only, never token (JWT) checks.

use crate::sim::auth_event::AuthEvent;
use crate::sim::model::{
    Company, DueSignIn, Eac, IdentitySource, LiveCode, Mode, PoolToken, SentEmail, User,
};
use crate::sim::verify_session::Session;
use rand::Rng;
use std::collections::HashMap;
use time::OffsetDateTime;
use time::macros::format_description;

const MAX_CLOCK_OFFSET: time::Duration = time::Duration::days(36_500);

/// After this many wrong tokencodes in a row, TOKEN locks (as CAS's default lockout). Here,
/// with the count it ends (`failures`), for the sign-ins that lock (`sign_in.rs`) and the
/// events that say so (`events.rs`).
pub const TOKENCODE_LOCKOUT: u32 = 3;

// Every field but the Live Verification sessions is saved and restored whole by `snapshot.rs`
// (the demo that remembers); a session lasts minutes, as long as the call it is for.
pub struct Tenant {
    pub company: Company,
    pub(super) sources: Vec<IdentitySource>,
    pub(super) users: Vec<User>,
    /// SecurID 700 tokens nobody holds (see `tokens`).
    pub(super) unassigned_tokens: Vec<PoolToken>,
    pub(super) codes: HashMap<(String, Mode), LiveCode>,
    pub(super) eacs: HashMap<String, Eac>,
    pub(super) device_codes: HashMap<String, LiveCode>,
    pub(super) outbox: Vec<SentEmail>,
    pub(super) clock_offset: time::Duration,
    /// Every user's sign-in and administration events, oldest first (see `events`).
    pub(super) events: Vec<AuthEvent>,
    /// Wrong tokencodes in a row, per user id, towards the lockout.
    pub(super) failures: HashMap<String, u32>,
    /// Each user's Live Verification session, by user id (see `verification`).
    pub(super) verifications: HashMap<String, Session>,
    /// Sign-ins demo users will make by themselves after a fix (see `after_fix`).
    pub(super) due_sign_ins: Vec<DueSignIn>,
    /// The tenant-wide Administration Event Log, oldest first (see `admin_events`).
    pub(super) admin_log: Vec<crate::sim::admin_record::AdminRecord>,
    /// Each kind's latest report and when it was generated and downloaded (see `reports`).
    pub(super) reports: crate::sim::report_state::Reports,
}

impl Tenant {
    pub fn new(company: Company, sources: Vec<IdentitySource>) -> Self {
        Self {
            company,
            sources,
            users: Vec::new(),
            unassigned_tokens: Vec::new(),
            codes: HashMap::new(),
            eacs: HashMap::new(),
            device_codes: HashMap::new(),
            outbox: Vec::new(),
            clock_offset: time::Duration::ZERO,
            events: Vec::new(),
            failures: HashMap::new(),
            verifications: HashMap::new(),
            due_sign_ins: Vec::new(),
            admin_log: Vec::new(),
            reports: Default::default(),
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.clock_offset
    }

    /// Moves the tenant clock forward, at most a century ahead, so date arithmetic never
    /// overflows.
    pub fn advance_clock(&mut self, by: std::time::Duration) {
        let by = time::Duration::try_from(by).unwrap_or(MAX_CLOCK_OFFSET);
        self.clock_offset = self.clock_offset.saturating_add(by).min(MAX_CLOCK_OFFSET);
    }

    pub fn has_source(&self, name: &str) -> bool {
        self.sources.iter().any(|s| s.name == name)
    }

    pub fn add_user(&mut self, user: User) -> Result<(), String> {
        let clash =
            self.users.iter().any(|u| u.id == user.id || u.email.eq_ignore_ascii_case(&user.email));
        if clash {
            return Err(format!("demo tenant data: {} is listed twice", user.email));
        }
        for token in &user.sid_tokens {
            if self.serial_taken(&token.token_serial_number) {
                return Err(format!(
                    "demo tenant data: token {} is listed twice",
                    token.token_serial_number
                ));
            }
        }
        self.users.push(user);
        Ok(())
    }

    /// A token for the pool; each serial is in the tenant once.
    pub fn add_unassigned_token(&mut self, token: PoolToken) -> Result<(), String> {
        if self.serial_taken(&token.token_serial_number) {
            return Err(format!(
                "demo tenant data: token {} is listed twice",
                token.token_serial_number
            ));
        }
        self.unassigned_tokens.push(token);
        Ok(())
    }

    fn serial_taken(&self, serial: &str) -> bool {
        self.unassigned_tokens.iter().any(|t| t.token_serial_number == serial)
            || self
                .users
                .iter()
                .any(|u| u.sid_tokens.iter().any(|t| t.token_serial_number == serial))
    }

    #[cfg(test)]
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// A synced user by e-mail (any case); unsynched users are not in CAS yet.
    pub fn by_email(&self, email: &str) -> Option<&User> {
        self.users.iter().find(|u| u.synced && u.email.eq_ignore_ascii_case(email))
    }

    /// Finds an unsynched user and brings them into CAS, as `searchUnsynched` does.
    pub fn sync_by_email(&mut self, email: &str) -> Option<&User> {
        let now = format_api(self.now());
        let user =
            self.users.iter_mut().find(|u| !u.synced && u.email.eq_ignore_ascii_case(email))?;
        user.synced = true;
        user.last_sync = Some(now);
        Some(user)
    }

    /// Synced users whose address contains `part` (any case), ascending by address, as User
    /// Search answers.
    pub fn matching(&self, part: &str) -> Vec<&User> {
        let part = part.to_lowercase();
        let mut found: Vec<&User> = self
            .users
            .iter()
            .filter(|u| u.synced && u.email.to_lowercase().contains(&part))
            .collect();
        found.sort_by_key(|u| u.email.to_lowercase());
        found
    }

    pub fn by_id(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.synced && u.id == id)
    }

    pub fn by_id_mut(&mut self, id: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.synced && u.id == id)
    }

    /// By principal or alternate username, any case.
    pub fn by_username(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| {
            u.synced
                && (u.principal_username.eq_ignore_ascii_case(name)
                    || (!u.alternate_username.is_empty()
                        && u.alternate_username.eq_ignore_ascii_case(name)))
        })
    }

    fn source(&self, user: &User) -> Option<&IdentitySource> {
        self.sources.iter().find(|s| s.name == user.identity_source)
    }

    pub fn email_delivery_configured(&self, user: &User) -> bool {
        user.email_configured
            .unwrap_or_else(|| self.source(user).is_some_and(|s| s.email_configured))
    }

    pub fn code_generation_allowed(&self, user: &User) -> bool {
        user.code_generation.unwrap_or_else(|| self.source(user).is_some_and(|s| s.code_generation))
    }

    /// Issues a fresh code that replaces any earlier one of the same mode.
    pub fn issue_code(&mut self, user_id: &str, mode: Mode, expires_at: OffsetDateTime) -> String {
        let code = random_digits(9);
        let live = LiveCode { code: code.clone(), expires_at };
        self.codes.insert((user_id.to_string(), mode), live);
        code
    }

    pub fn live_code(&self, user_id: &str, mode: Mode) -> Option<&LiveCode> {
        let now = self.now();
        self.codes.get(&(user_id.to_string(), mode)).filter(|c| c.expires_at > now)
    }

    /// Voids the user's code of this mode; true when a live one was there to void.
    pub fn void_code(&mut self, user_id: &str, mode: Mode) -> bool {
        let live = self.live_code(user_id, mode).is_some();
        self.codes.remove(&(user_id.to_string(), mode));
        live
    }

    /// Issues an emergency tokencode, removing any the user had.
    pub fn issue_eac(
        &mut self,
        user_id: &str,
        expires_at: OffsetDateTime,
        one_time_use: bool,
    ) -> Eac {
        let offline = (self.now() + self.company.offline_eac).max(expires_at);
        let eac = Eac {
            id: uuid::Uuid::new_v4().to_string(),
            code: random_digits(8),
            expires_at,
            offline_expires_at: offline,
            one_time_use,
        };
        self.eacs.insert(user_id.to_string(), eac.clone());
        eac
    }

    /// The user's tokencode record, expired or not.
    pub fn eac(&self, user_id: &str) -> Option<&Eac> {
        self.eacs.get(user_id)
    }

    pub fn remove_eacs(&mut self, user_id: &str) {
        self.eacs.remove(user_id);
    }

    pub fn issue_device_code(&mut self, user_id: &str) -> LiveCode {
        let live = LiveCode {
            code: random_digits(9),
            expires_at: self.now() + self.company.device_code_validity,
        };
        self.device_codes.insert(user_id.to_string(), live.clone());
        live
    }

    pub fn device_code(&self, user_id: &str) -> Option<&LiveCode> {
        self.device_codes.get(user_id)
    }

    pub fn send_email(&mut self, mail: SentEmail) {
        self.outbox.push(mail);
    }

    pub fn outbox(&self) -> &[SentEmail] {
        &self.outbox
    }

    /// Any user by e-mail, synced or not (for test helpers).
    pub fn any_by_email(&self, email: &str) -> Option<&User> {
        self.users.iter().find(|u| u.email.eq_ignore_ascii_case(email))
    }

    pub fn any_by_email_mut(&mut self, email: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.email.eq_ignore_ascii_case(email))
    }
}

/// `n` random digits, never starting with 0 (some clients read codes as numbers).
pub fn random_digits(n: u32) -> String {
    let low = 10u64.pow(n.saturating_sub(1));
    rand::rng().random_range(low..low * 10).to_string()
}

/// `2024-11-28T04:12:06.000Z`, the service's timestamp form.
pub fn format_api(t: OffsetDateTime) -> String {
    let f =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.to_offset(time::UtcOffset::UTC).format(&f).unwrap_or_default()
}

/// `2023-07-25 05:55:23 UTC`, the form of `verify_code_validity_time`.
pub fn format_code_expiry(t: OffsetDateTime) -> String {
    let f = format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    t.to_offset(time::UtcOffset::UTC).format(&f).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats() {
        let t = datetime!(2023-07-25 05:55:23.045 UTC);
        assert_eq!(format_api(t), "2023-07-25T05:55:23.045Z");
        assert_eq!(format_code_expiry(t), "2023-07-25 05:55:23 UTC");
    }

    #[test]
    fn the_clock_never_overflows() {
        use crate::sim::tenant_file::{DEMO_TENANT_JSON, load};
        let mut t = load(DEMO_TENANT_JSON, OffsetDateTime::now_utc()).unwrap();
        t.advance_clock(std::time::Duration::MAX);
        t.advance_clock(std::time::Duration::MAX);
        let later = t.now() + time::Duration::days(7);
        assert!(later.year() > OffsetDateTime::now_utc().year() + 90);
    }

    #[test]
    fn digits() {
        for _ in 0..100 {
            let c = random_digits(9);
            assert_eq!(c.len(), 9);
            assert!(!c.starts_with('0'));
        }
    }
}
