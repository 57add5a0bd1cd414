//! casdesk: a helpdesk console for the RSA SecurID Cloud Access Service Cloud Administration API.
//!
//! The crate has two halves of one contract: [`api`], a typed client, and [`sim`], a faithful
//! simulator of the service that the client (and anyone else) can talk to over loopback HTTP.

pub mod actions;
pub mod activity;
pub mod api;
pub mod app;
pub mod audit;
pub mod audit_stamps;
pub mod bulk;
pub mod call_record;
pub mod clipboard;
pub mod clock;
pub mod config;
pub mod console;
pub mod duration_text;
pub mod failures;
pub mod follow;
pub mod logging;
pub mod messages;
#[cfg(test)]
mod module_cycles;
pub mod others;
pub mod reports;
pub mod secret;
pub mod sim;
pub mod stats;
pub mod status;
pub mod term;
pub mod text;
pub mod ticket;
pub mod ticket_note;
pub mod ui;
pub mod userlist;
pub mod verify;
pub mod worker;
