//! Steering a running simulator from tests, benchmarks and the CLI: faults, throttling, latency,
//! the tenant clock, the user's side of Live Verification, and a look at what it did.

use crate::sim::config::{Fault, RateLimit};
use crate::sim::lock;
use crate::sim::model::{Mode, SentEmail};
use crate::sim::sign_in::SignIn;
use crate::sim::state::AppState;
use crate::sim::stats::SimStats;
use crate::sim::verify_session::{SessionStatus, VerifyAnswer};
use std::time::Duration;

/// A cheap handle onto a running simulator (an `Arc` inside).
#[derive(Clone)]
pub struct SimControl {
    shared: AppState,
}

impl SimControl {
    pub(crate) fn new(shared: AppState) -> Self {
        Self { shared }
    }

    /// The tenant's whole state as JSON: what `--demo` keeps between runs (`snapshot.rs`).
    pub fn save_tenant(&self) -> String {
        crate::sim::snapshot::save(&lock(&self.shared.tenant))
    }

    /// Replaces the tenant with one [`Self::save_tenant`] wrote; on an error (with the
    /// reason) the tenant is left as it was.
    pub fn restore_tenant(&self, json: &str) -> Result<(), String> {
        let tenant = crate::sim::snapshot::load(json)?;
        *lock(&self.shared.tenant) = tenant;
        Ok(())
    }

    /// The next `count` Admin API calls meet `fault`, in order, before any random fault.
    pub fn inject(&self, fault: Fault, count: usize) {
        lock(&self.shared.gate).inject(fault, count);
    }

    /// The next `count` Admin API calls go through untouched; faults injected after this meet
    /// the calls that follow them (a fault in the middle of a run).
    pub fn pass(&self, count: usize) {
        lock(&self.shared.gate).pass(count);
    }

    /// Probability (clamped to 0.0..=1.0) that an Admin API call meets a random fault.
    pub fn set_fault_rate(&self, rate: f64) {
        lock(&self.shared.gate).set_fault_rate(rate);
    }

    pub fn set_latency(&self, d: Duration) {
        lock(&self.shared.gate).latency = d;
    }

    /// Admin API calls are acted on at once and answered `d` later (see `GateState`).
    pub fn set_answer_delay(&self, d: Duration) {
        lock(&self.shared.gate).answer_delay = d;
    }

    /// A new limit starts with a full bucket; `None` stops throttling.
    pub fn set_rate_limit(&self, rl: Option<RateLimit>) {
        lock(&self.shared.gate).set_rate_limit(rl);
    }

    pub fn set_retry_after(&self, on: bool) {
        lock(&self.shared.gate).retry_after = on;
    }

    /// Moves the tenant clock (code and tokencode expiry) forward; token checks keep real time.
    pub fn advance_clock(&self, d: Duration) {
        lock(&self.shared.tenant).advance_clock(d);
    }

    pub fn stats(&self) -> SimStats {
        lock(&self.shared.stats).clone()
    }

    /// The OAuth access tokens the simulator has issued and that are still valid (for the
    /// tests that no token is ever written down).
    pub fn oauth_access_tokens(&self) -> Vec<String> {
        lock(&self.shared.oauth).tokens.keys().cloned().collect()
    }

    /// The user's live enrollment (`ENROLLMENT`) or reset (`PASSWORD_RESET`) code, if any.
    pub fn live_code(&self, email: &str, mode: &str) -> Option<String> {
        let mode = Mode::parse(mode)?;
        let tenant = lock(&self.shared.tenant);
        let user = tenant.any_by_email(email)?;
        tenant.live_code(&user.id, mode).map(|c| c.code.clone())
    }

    /// The last device registration code issued for the user, if any (for tests).
    pub fn device_code(&self, email: &str) -> Option<String> {
        let tenant = lock(&self.shared.tenant);
        let user = tenant.any_by_email(email)?;
        tenant.device_code(&user.id).map(|c| c.code.clone())
    }

    /// Every code "sent" by e-mail, oldest first.
    pub fn outbox(&self) -> Vec<SentEmail> {
        lock(&self.shared.tenant).outbox().to_vec()
    }

    /// The user's current emergency tokencode, if one is active (for tests).
    pub fn live_emergency_tokencode(&self, email: &str) -> Option<String> {
        let tenant = lock(&self.shared.tenant);
        let user = tenant.any_by_email(email)?;
        let now = tenant.now();
        tenant.eac(&user.id).filter(|e| e.expires_at > now).map(|e| e.code.clone())
    }

    /// Unregisters all of a user's mobile devices, as deleting them would; false if no such user.
    pub fn revoke_devices(&self, email: &str) -> bool {
        let mut tenant = lock(&self.shared.tenant);
        match tenant.any_by_email_mut(email) {
            Some(user) => {
                user.devices.clear();
                true
            }
            None => false,
        }
    }

    /// A sign-in by the user now, as CAS would log it: three wrong tokencodes in a row lock
    /// TOKEN (visible in the next lookup); a disabled user, a locked method or Approve with no
    /// registered device fail. Returns the event codes recorded (empty if no such user).
    pub fn simulate_sign_in(&self, email: &str, attempt: SignIn) -> Vec<String> {
        let mut tenant = lock(&self.shared.tenant);
        let Some(id) = tenant.by_email(email).map(|u| u.id.clone()) else {
            return Vec::new();
        };
        tenant.sign_in(&id, &attempt).unwrap_or_default()
    }

    /// The event codes in the user's authentication log, newest first (for tests).
    pub fn event_codes(&self, email: &str) -> Vec<String> {
        let mut tenant = lock(&self.shared.tenant);
        tenant.catch_up();
        let Some(user) = tenant.any_by_email(email) else { return Vec::new() };
        tenant.events_of(&user.id).into_iter().map(|e| e.code.clone()).collect()
    }

    /// Company licence for SecurID MFA methods (device registration answers 403 without it).
    pub fn set_mfa_licensed(&self, on: bool) {
        lock(&self.shared.tenant).company.mfa_licensed = on;
    }

    /// Licensed for Live Verification with its policy on; off, every verify call answers 403.
    pub fn set_live_verification(&self, on: bool) {
        lock(&self.shared.tenant).company.live_verification = on;
    }

    /// The user's phone answers their waiting Live Verification prompt. False when no session
    /// of theirs is waiting (none started, or over), or there is no such user.
    pub fn verify_answer(&self, email: &str, answer: VerifyAnswer) -> bool {
        let mut tenant = lock(&self.shared.tenant);
        let Some(id) = tenant.by_email(email).map(|u| u.id.clone()) else { return false };
        tenant.answer_verification(&id, answer).is_ok()
    }

    /// The code the user's app shows with their waiting Live Verification prompt (for tests).
    pub fn verification_code(&self, email: &str) -> Option<String> {
        let mut tenant = lock(&self.shared.tenant);
        let id = tenant.by_email(email)?.id.clone();
        let session = tenant.verification(&id)?;
        (session.status == SessionStatus::Pending).then(|| session.code.clone())
    }

    /// Company Settings lock of the online emergency tokencode configuration.
    pub fn set_eac_config_locked(&self, on: bool) {
        lock(&self.shared.tenant).company.eac_config_locked = on;
    }

    /// Whether legacy keys may read the Administration Event Log; off, they get a 403 (as a
    /// tenant that keeps it for Super Admins would answer a Help Desk key).
    pub fn set_admin_log_for_keys(&self, on: bool) {
        lock(&self.shared.tenant).company.admin_log_for_keys = on;
    }
}
