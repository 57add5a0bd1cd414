//! Which tenant a command talks to: the embedded demo (`--demo`), or the one a key file
//! (flag, environment or settings file) belongs to.

use super::console_args::ConsoleArgs;
use casdesk::api::{Client, Credentials, LegacyKeyFile};
use casdesk::audit::{AuditLog, Identity, UserResult};
use casdesk::config::CodeDefaults;
use casdesk::sim::{self, RateLimit, SimConfig, SimHandle};

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
    /// The profile's defaults for generating codes.
    pub code_defaults: CodeDefaults,
}

impl Tenant {
    pub async fn connect(args: &ConsoleArgs) -> Result<Self, String> {
        if args.demo {
            return Self::demo().await;
        }
        let prepared = super::credentials::prepare(args)?;
        let (name, identity) = (prepared.name.clone(), prepared.identity.clone());
        let client = prepared.build()?;
        Ok(Self {
            audit: audit_for(identity),
            client,
            name,
            demo: None,
            code_defaults: args.code_defaults,
        })
    }

    /// The embedded simulator on loopback, throttling as a real tenant would so its 429
    /// handling can be seen.
    pub async fn demo() -> Result<Self, String> {
        let config = SimConfig {
            rate_limit: Some(RateLimit { per_second: 20.0, burst: 40 }),
            ..SimConfig::default()
        };
        let handle =
            sim::start(config).await.map_err(|e| format!("cannot start the demo tenant: {e}"))?;
        let key = LegacyKeyFile::parse(&handle.demo_key_file_json()).map_err(|e| e.to_string())?;
        let client = Client::new(Credentials::Legacy(key)).map_err(|e| e.to_string())?;
        Ok(Self {
            // The demo acts under no settings profile, and is the one tenant casdesk knows to
            // be a simulator: it started it.
            audit: audit_for(Identity::demo()),
            client,
            name: "Example Corp (demo tenant)".into(),
            demo: Some(handle),
            code_defaults: CodeDefaults::default(),
        })
    }

    /// Records an action in the audit trail (see [`record`]).
    pub fn record(&self, action: &str, users: Vec<UserResult>) {
        record(self.audit.as_ref(), action, users);
    }

    pub async fn close(self) {
        if let Some(handle) = self.demo {
            handle.shutdown().await;
        }
    }
}
