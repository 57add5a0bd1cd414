//! The router, and starting and stopping an instance (the state the handlers share is in
//! `state.rs`, so they need nothing from here).

use crate::sim::config::SimConfig;
use crate::sim::control::SimControl;
use crate::sim::errors::{no_such_path, wrong_method};
use crate::sim::gate::GateState;
use crate::sim::state::{
    ADMIN_PREFIX, AppState, CONTROL_SIGN_IN_PATH, CONTROL_VERIFY_PATH, Shared, TOKEN_PATH,
};
use crate::sim::stats::SimStats;
use crate::sim::tenant::Tenant;
use crate::sim::tenant_file;
use crate::sim::tls_listener::TlsListener;
use crate::sim::trust::{LegacyKey, OAuthClient, OAuthState};
use crate::sim::{DEMO_ACCESS_ID, DEMO_LEGACY_PRIVATE_PEM, DEMO_LEGACY_PUBLIC_PEM};
use crate::sim::{
    DEMO_OAUTH_EC_CLIENT_ID, DEMO_OAUTH_EC_JWK, DEMO_OAUTH_RSA_CLIENT_ID, DEMO_OAUTH_RSA_JWK,
};
use crate::sim::{auth, control_http, counting, faults, oauth};
use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::post;
use serde::Serialize;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// `loopback`: the simulator listens on this machine only, so its own control endpoint may
/// be served (anywhere else it is left out: it takes no token).
fn router(state: AppState, loopback: bool) -> Router {
    let mut router = Router::new().route(TOKEN_PATH, post(oauth::token));
    for endpoint in crate::sim::routes::ENDPOINTS {
        router = router.route(&format!("{ADMIN_PREFIX}{}", endpoint.path), (endpoint.handler)());
    }
    if loopback {
        router = router.route(CONTROL_VERIFY_PATH, post(control_http::verify_answer));
        router = router.route(CONTROL_SIGN_IN_PATH, post(control_http::sign_in));
    }
    router
        .fallback(no_such_path)
        .method_not_allowed_fallback(wrong_method)
        // Outermost last: stats see everything, the gate runs before authentication.
        .layer(from_fn_with_state(state.clone(), auth::authenticate))
        .layer(from_fn_with_state(state.clone(), faults::gate))
        .layer(from_fn_with_state(state.clone(), counting::record))
        .with_state(state)
}

/// A running simulator. Dropping it stops the server too; [`SimHandle::shutdown`] also waits.
pub struct SimHandle {
    shared: AppState,
    /// Where it listens (the origin may be a front end's).
    bound: std::net::SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

/// Binds, loads the demo tenant, and serves in a background task.
pub async fn start(config: SimConfig) -> io::Result<SimHandle> {
    let invalid = |e: String| io::Error::new(io::ErrorKind::InvalidData, e);
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let bound = listener.local_addr()?;
    // With TLS the origin names the bound IP, as without: the certificate covers 127.0.0.1
    // and ::1, and an IP cannot resolve to the other family the way `localhost` can.
    let scheme = if config.tls.is_some() { "https" } else { "http" };
    let origin = config
        .public_origin
        .map(|o| o.trim_end_matches('/').to_string())
        .unwrap_or_else(|| format!("{scheme}://{bound}"));
    let tenant = Tenant::from_demo(time::OffsetDateTime::now_utc()).map_err(invalid)?;
    let legacy = LegacyKey {
        access_id: DEMO_ACCESS_ID.to_string(),
        public_key: jsonwebtoken::DecodingKey::from_rsa_pem(DEMO_LEGACY_PUBLIC_PEM.as_bytes())
            .map_err(|e| invalid(format!("demo legacy key: {e}")))?,
        admin_rest_api_url: format!("{origin}{ADMIN_PREFIX}/"),
    };
    let mut oauth_clients = vec![
        OAuthClient::from_jwk(DEMO_OAUTH_RSA_CLIENT_ID, DEMO_OAUTH_RSA_JWK).map_err(invalid)?,
        OAuthClient::from_jwk(DEMO_OAUTH_EC_CLIENT_ID, DEMO_OAUTH_EC_JWK).map_err(invalid)?,
    ];
    if let Some(scopes) = &config.oauth_scopes {
        for client in &mut oauth_clients {
            client.scopes = scopes.clone();
        }
    }
    let (stop_tx, stop_rx) = watch::channel(false);
    let shared = Arc::new(Shared {
        origin,
        tenant: Mutex::new(tenant),
        gate: Mutex::new(GateState::new(
            config.rate_limit,
            config.latency,
            config.retry_after,
            config.fault_rate,
            config.fault_seed,
        )),
        stats: Mutex::new(SimStats::default()),
        oauth: Mutex::new(OAuthState::default()),
        legacy_keys: vec![legacy],
        oauth_clients,
        stop: stop_rx.clone(),
    });
    let app = router(shared.clone(), bound.ip().is_loopback());
    let tls = config.tls.map(|tls| tls.server_config());
    let mut stop = stop_rx;
    let task = tokio::spawn(async move {
        let signal = async move {
            let _ = stop.wait_for(|stopped| *stopped).await;
        };
        let _ = match tls {
            Some(tls) => {
                let listener = TlsListener::new(listener, tls);
                axum::serve(listener, app).with_graceful_shutdown(signal).await
            }
            None => axum::serve(listener, app).with_graceful_shutdown(signal).await,
        };
    });
    Ok(SimHandle { shared, bound, stop: stop_tx, task: Some(task) })
}

impl Tenant {
    fn from_demo(now: time::OffsetDateTime) -> Result<Tenant, String> {
        tenant_file::load(tenant_file::DEMO_TENANT_JSON, now)
    }
}

/// The legacy key file as the Cloud Administration Console downloads it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KeyFile<'a> {
    customer_name: &'a str,
    #[serde(rename = "accessID")]
    access_id: &'a str,
    description: &'a str,
    access_key: &'a str,
    admin_rest_api_url: String,
}

impl SimHandle {
    /// The address the server listens on.
    pub fn local_addr(&self) -> std::net::SocketAddr {
        self.bound
    }

    /// The tenant origin, `http://127.0.0.1:PORT`, `https://` with [`SimConfig::tls`] (or
    /// [`SimConfig::public_origin`]).
    pub fn base_url(&self) -> String {
        self.shared.origin.clone()
    }

    /// `http://127.0.0.1:PORT/AdminInterface/restapi/`, with the trailing slash real key files have.
    pub fn admin_rest_api_url(&self) -> String {
        self.shared.admin_rest_api_url()
    }

    /// `http://127.0.0.1:PORT/oauth`; the token endpoint is this plus `/token`.
    pub fn oauth_issuer(&self) -> String {
        format!("{}/oauth", self.shared.origin)
    }

    /// The demo legacy key file for this instance (its `adminRestApiUrl` names this port).
    pub fn demo_key_file_json(&self) -> String {
        let customer = crate::sim::lock(&self.shared.tenant).company.name.clone();
        let file = KeyFile {
            customer_name: &customer,
            access_id: DEMO_ACCESS_ID,
            description: "casdesk demo key (trusted by the casdesk simulator only)",
            access_key: DEMO_LEGACY_PRIVATE_PEM.trim_end(),
            admin_rest_api_url: self.admin_rest_api_url(),
        };
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Writes [`Self::demo_key_file_json`] readable by the owner only (0600 on unix).
    pub fn write_demo_key_file(&self, path: &Path) -> io::Result<()> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            options.mode(0o600);
            let mut file = options.open(path)?;
            // An existing file keeps its old mode on open; tighten it before writing the key.
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            file.write_all(self.demo_key_file_json().as_bytes())?;
            file.sync_all()
        }
        #[cfg(not(unix))]
        {
            let mut file = options.open(path)?;
            file.write_all(self.demo_key_file_json().as_bytes())?;
            file.sync_all()
        }
    }

    pub fn control(&self) -> SimControl {
        SimControl::new(self.shared.clone())
    }

    /// Stops accepting, lets answers in flight finish (stalls end at once), then returns.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), task).await.is_err() {
                abort.abort();
            }
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
