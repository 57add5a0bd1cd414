//! The API side, one test binary: the typed client, `casdesk::actions` and the bulk engine
//! against the simulator over loopback (HTTP and HTTPS), the simulator spoken to as a
//! third-party client would (`sim_http`, `sim_tls`), and the parsers' properties.

#[path = "../support/mod.rs"]
mod support;

mod authenticator_actions;
mod bulk;
mod client;
mod declared_scopes;
mod live_verification;
mod phones;
mod properties;
mod reports;
mod search;
mod sim_http;
mod sim_tls;
mod tls;
mod tokens;
