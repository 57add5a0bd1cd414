//! The simulator on loopback and the clients the tests speak to it with, made one way.

use casdesk::api::{
    Client, ClientOptions, Credentials, LegacyKeyFile, OAuthClientConfig, RetryPolicy,
};
use casdesk::secret::Secret;
use casdesk::sim::{self, SimConfig, SimHandle};
use std::time::Duration;

/// A simulator as shipped, on an ephemeral loopback port.
pub async fn start_sim() -> SimHandle {
    sim::start(SimConfig::default()).await.expect("simulator starts")
}

/// The legacy admin key the simulator trusts, parsed as a key file on disk would be.
pub fn demo_key(sim: &SimHandle) -> LegacyKeyFile {
    LegacyKeyFile::parse(&sim.demo_key_file_json()).expect("the demo key file parses")
}

/// Client options with short waits between retries, so retry tests take moments.
pub fn retries(max_attempts: u32, base_ms: u64, max_ms: u64, budget_secs: u64) -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            max_attempts,
            base_delay: Duration::from_millis(base_ms),
            max_delay: Duration::from_millis(max_ms),
            budget: Duration::from_secs(budget_secs),
        },
        ..ClientOptions::default()
    }
}

/// A client signing with the demo legacy key.
pub fn legacy_client(sim: &SimHandle, options: ClientOptions) -> Client {
    Client::with_options(Credentials::Legacy(demo_key(sim)), options).expect("a client")
}

/// An OAuth client of the simulator's issuer, asking for the default scopes.
pub fn oauth_client(sim: &SimHandle, client_id: &str, jwk: &str, options: ClientOptions) -> Client {
    oauth_client_asking(sim, client_id, jwk, vec![], options)
}

/// An OAuth client of the simulator's issuer asking for exactly `scopes` (none: the defaults).
pub fn oauth_client_asking(
    sim: &SimHandle,
    client_id: &str,
    jwk: &str,
    scopes: Vec<String>,
    options: ClientOptions,
) -> Client {
    let config = OAuthClientConfig {
        issuer_url: sim.oauth_issuer(),
        client_id: client_id.into(),
        private_jwk: Secret::new(jwk),
        scopes,
        admin_rest_api_url: sim.admin_rest_api_url(),
    };
    Client::with_options(Credentials::OAuth(config), options).expect("a client")
}

/// The demo RSA OAuth client asking for the default (helpdesk) scopes, so they are known to
/// cover what a test does with it.
pub fn helpdesk_client(sim: &SimHandle, options: ClientOptions) -> Client {
    oauth_client(sim, sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_RSA_JWK, options)
}

/// How many calls the simulator has answered on `endpoint` ("POST /v1/users/lookup").
pub fn calls(sim: &SimHandle, endpoint: &str) -> u64 {
    sim.control().stats().by_endpoint.get(endpoint).copied().unwrap_or(0)
}
