//! The API side, one test binary: the typed client, `casdesk::actions` and the bulk engine
//! against the simulator over loopback (HTTP and HTTPS), the simulator spoken to as a
//! third-party client would (`sim_http`, `sim_tls`), and the parsers' properties.

#[path = "../support/mod.rs"]
mod support;

mod admin_log;
mod authenticator_actions;
mod bulk;
mod client;
mod declared_scopes;
mod fido_ds100;
mod live_verification;
mod phones;
mod properties;
mod reports;
mod search;
mod sim_http;
mod sim_tls;
mod tls;
mod token_serial;
mod tokens;
mod user_event_log;
