//! Which tenant a command talks to: the embedded demo (`--demo`), or the one a key file
//! (flag, environment or settings file) belongs to.

use super::console_args::ConsoleArgs;
use super::demo_state::{DemoState, Holder};
use casdesk::api::{Client, Credentials};
use casdesk::audit::{AuditLog, Identity, UserResult};
use casdesk::config::CodeDefaults;
use casdesk::sim::{self, RateLimit, SimConfig, SimHandle};
use std::io::Write;

/// The audit trail, its entries naming `identity`.
pub fn audit_for(identity: Identity) -> Option<AuditLog> {
    AuditLog::default_path().map(|path| AuditLog::of(path, identity))
}

/// Records an action in `log`; says so on stderr if it cannot. Failures are logged too, so the
/// log holds the details stderr points to.
pub fn record(log: Option<&AuditLog>, action: &str, users: Vec<UserResult>) {
    for failed in users.iter().filter(|u| !u.ok) {
        tracing::warn!(
            action,
            user = %failed.user,
            error = failed.error.as_deref().unwrap_or(""),
            "failed"
        );
    }
    if let Some(log) = log
        && let Err(e) = log.record(action, users)
    {
        tracing::warn!(path = %log.path().display(), "audit record not written: {e}");
        eprintln!("casdesk: the audit record {} could not be written: {e}", log.path().display());
    }
}

pub struct Tenant {
    pub client: Client,
    /// Where every action is recorded.
    pub audit: Option<AuditLog>,
    /// For people: the customer name from the key file, or the API URL.
    pub name: String,
    /// The embedded simulator, while it is in use.
    pub demo: Option<SimHandle>,
    /// The saved demo tenant it was loaded from, saved again by [`Self::close`].
    pub demo_state: Option<DemoState>,
    /// The profile's defaults for generating codes.
    pub code_defaults: CodeDefaults,
    /// Which actions need a verified caller (`--verified` / `--override` on the commands).
    pub verify_policy: casdesk::verify::Policy,
    /// Local time, for what is printed while a caller is verified.
    pub local_offset: time::UtcOffset,
}

impl Tenant {
    pub async fn connect(args: &ConsoleArgs) -> Result<Self, String> {
        if args.demo {
            return Self::demo(Holder::Command).await;
        }
        let prepared = super::credentials::prepare(args)?;
        let (name, identity) = (prepared.name.clone(), prepared.identity.clone());
        let client = prepared.build()?;
        Ok(Self {
            audit: audit_for(identity),
            client,
            name,
            demo: None,
            demo_state: None,
            code_defaults: args.code_defaults,
            verify_policy: args.verify_policy.clone(),
            local_offset: time::UtcOffset::UTC,
        })
    }

    /// The embedded simulator on loopback, throttling as a real tenant would so its 429
    /// handling can be seen, with the saved demo tenant loaded (see `demo_state.rs`).
    pub async fn demo(holder: Holder) -> Result<Self, String> {
        // Waiting for another command to finish with the demo tenant blocks.
        let mut state = tokio::task::spawn_blocking(move || DemoState::open(holder))
            .await
            .map_err(|e| format!("cannot open the demo tenant: {e}"))??;
        let config = SimConfig {
            rate_limit: Some(RateLimit { per_second: 20.0, burst: 40 }),
            ..SimConfig::default()
        };
        let handle =
            sim::start(config).await.map_err(|e| format!("cannot start the demo tenant: {e}"))?;
        if let Some(state) = &mut state {
            state.load(&handle.control());
        }
        // The demo's OAuth client, as RSA recommends: Live Verification, which only an OAuth
        // client may use, can then be walked in the demo too.
        let oauth = casdesk::api::OAuthClientConfig {
            issuer_url: handle.oauth_issuer(),
            client_id: sim::DEMO_OAUTH_RSA_CLIENT_ID.into(),
            private_jwk: casdesk::secret::Secret::new(sim::DEMO_OAUTH_RSA_JWK),
            scopes: Vec::new(),
            admin_rest_api_url: handle.admin_rest_api_url(),
        };
        let client = Client::new(Credentials::OAuth(oauth)).map_err(|e| e.to_string())?;
        Ok(Self {
            // The demo acts under no settings profile, and is the one tenant casdesk knows to
            // be a simulator: it started it.
            audit: audit_for(Identity::demo()),
            client,
            name: "Example Corp (demo tenant)".into(),
            demo: Some(handle),
            demo_state: state,
            code_defaults: CodeDefaults::default(),
            verify_policy: casdesk::verify::Policy::default(),
            local_offset: time::UtcOffset::UTC,
        })
    }

    /// Records an action in the audit trail (see [`record`]).
    pub fn record(&self, action: &str, users: Vec<UserResult>) {
        record(self.audit.as_ref(), action, users);
    }

    /// Saves the demo tenant (when one is in use), then stops the simulator.
    pub async fn close(self) {
        if let Some(handle) = self.demo {
            if let Some(state) = &self.demo_state
                && let Err(e) = state.save(&handle.control())
            {
                tracing::warn!("{e}");
                // Not eprintln: after a hang-up stderr may be a terminal that is gone.
                let _ = writeln!(std::io::stderr(), "casdesk: {e}");
            }
            handle.shutdown().await;
        }
    }
}
