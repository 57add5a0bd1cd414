//! The embedded simulator of the CAS Cloud Administration API: an axum server on loopback over
//! an in-memory demo tenant ("Example Corp"), faithful to the vendor documents.
//!
//! It verifies legacy RS256 JWTs and OAuth client-credentials tokens as the service documents
//! them, enforces the 100-user cap, filters duplicates, answers per-user result codes, expires
//! codes on a tenant clock tests can move, throttles with 429, and injects latency and faults.
//! It serves plain HTTP, or HTTPS with a throwaway CA made at start ([`SimConfig::tls`]).
//!
//! It parses requests and builds answers itself, never with the client's types in `crate::api`:
//! the two are independent readings of the same documents, so a test between them means something.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = casdesk::sim::start(casdesk::sim::SimConfig::default()).await?;
//! println!("Admin API at {}", sim.admin_rest_api_url());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod admin_events;
mod admin_record;
mod adminlog;
mod after_fix;
mod auth;
mod auth_event;
mod authlogs;
mod body;
mod codes;
mod config;
mod control;
mod control_http;
mod counting;
mod device_code;
mod ds100;
mod emergency;
mod errors;
mod events;
mod faults;
mod gate;
mod jwt;
mod log_query;
mod model;
mod oauth;
mod pending_deletion;
mod phones;
mod ratelimit;
mod report_csv;
mod report_state;
mod reports;
pub mod reshape;
pub(crate) mod routes;
mod search;
mod serde_time;
mod server;
mod sign_in;
mod snapshot;
pub(crate) mod state;
mod stats;
mod tenant;
mod tenant_file;
mod tls;
mod tls_listener;
mod token_serial;
mod tokens;
mod trust;
mod user_admin;
mod usereventlog;
mod users;
mod verification;
mod verify;
mod verify_session;
mod void;

pub use auth_event::code as event_code;
pub use config::{Fault, RateLimit, STALL, SimConfig};
pub use control::SimControl;
pub use model::SentEmail;
pub use server::{SimHandle, start};
pub use sign_in::SignIn;
pub use stats::SimStats;
pub use tenant::TOKENCODE_LOCKOUT;
pub use tls::{SERVER_NAMES, SimTls};
pub use verify_session::{APPROVES_ALWAYS, DENIES_ALWAYS, VerifyAnswer};

/// The access ID of the demo legacy Administration API key (the key file's `accessID`).
pub const DEMO_ACCESS_ID: &str = "3f6c2a9e-8b14-4d7a-9e25-6c0b1d4f7a83";
/// The demo OAuth Admin API client whose private key is [`DEMO_OAUTH_RSA_JWK`] (RS256).
pub const DEMO_OAUTH_RSA_CLIENT_ID: &str = "casdesk-demo-rsa";
/// The demo OAuth Admin API client whose private key is [`DEMO_OAUTH_EC_JWK`] (ES256).
pub const DEMO_OAUTH_EC_CLIENT_ID: &str = "casdesk-demo-ec";
/// Private RSA JWK (kid `casdesk-demo-rsa`), trusted by the simulator only.
pub const DEMO_OAUTH_RSA_JWK: &str = include_str!("../../assets/demo/oauth-client-rsa.jwk");
/// Private EC P-256 JWK (kid `casdesk-demo-ec`), trusted by the simulator only.
pub const DEMO_OAUTH_EC_JWK: &str = include_str!("../../assets/demo/oauth-client-ec.jwk");

/// The demo legacy key: the private half goes into the key file, the public half is trusted.
const DEMO_LEGACY_PRIVATE_PEM: &str = include_str!("../../assets/demo/legacy-admin-key.pem");
const DEMO_LEGACY_PUBLIC_PEM: &str = include_str!("../../assets/demo/legacy-admin-key.pub.pem");

/// Locks a mutex even if a panicking thread poisoned it: the data are plain values that stay
/// consistent, and a simulator that stops answering helps nobody.
fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
