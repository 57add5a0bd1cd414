//! What the simulator's handlers share: the tenant, the fault gate, the statistics, the OAuth
//! state and the keys it trusts, and where the Admin API and the token endpoint live. Its own
//! file, so a handler depends on this and not on the server that starts it; and it holds only
//! plain state from files below it (`tenant.rs`, `gate.rs`, `stats.rs`, `trust.rs`), never a
//! handler's or a layer's file, so nothing it names reaches back up.

use crate::sim::gate::GateState;
use crate::sim::stats::SimStats;
use crate::sim::tenant::Tenant;
use crate::sim::trust::{LegacyKey, OAuthClient, OAuthState};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

/// Where the Admin API lives on the tenant host.
pub const ADMIN_PREFIX: &str = "/AdminInterface/restapi";
/// The OAuth token endpoint (issuer `<origin>/oauth`).
pub const TOKEN_PATH: &str = "/oauth/token";
/// The simulator's own control endpoint for the user's answer to a Live Verification prompt
/// (`control_http.rs`): outside the Admin API, served on loopback only.
pub const CONTROL_VERIFY_PATH: &str = "/sim/control/verify";
/// The simulator's own control endpoint that makes a user sign in now (`control_http.rs`):
/// outside the Admin API, served on loopback only.
pub const CONTROL_SIGN_IN_PATH: &str = "/sim/control/sign-in";

pub type AppState = Arc<Shared>;

/// Everything the handlers share. Each lock is held for a few statements, never across `.await`.
pub struct Shared {
    /// `http://127.0.0.1:PORT`, or `https://` with TLS
    pub origin: String,
    pub tenant: Mutex<Tenant>,
    pub gate: Mutex<GateState>,
    pub stats: Mutex<SimStats>,
    pub oauth: Mutex<OAuthState>,
    pub legacy_keys: Vec<LegacyKey>,
    pub oauth_clients: Vec<OAuthClient>,
    pub(super) stop: watch::Receiver<bool>,
}

impl Shared {
    pub fn admin_rest_api_url(&self) -> String {
        format!("{}{ADMIN_PREFIX}/", self.origin)
    }

    /// Sleeps, but wakes early when the simulator is shutting down.
    pub async fn sleep_unless_stopped(&self, d: Duration) {
        let mut stop = self.stop.clone();
        tokio::select! {
            _ = tokio::time::sleep(d) => {}
            _ = stop.wait_for(|stopped| *stopped) => {}
        }
    }
}
