//! The commands as a script or an operator runs them, one test binary: the real `casdesk`
//! binary against the demo tenant or the simulator, checking output, exit codes, settings,
//! the generated help and what is left on disk.

#[path = "../support/mod.rs"]
mod support;

mod admin_activity;
mod cli_docs;
mod config;
mod demo_state;
mod failures_command;
mod follow_command;
mod hangup;
mod headless;
mod lists_from_exports;
mod phone_command;
mod report_command;
mod script_output;
mod sim_command;
mod ticket_command;
mod token_serial;
