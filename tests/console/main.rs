//! The console end to end, one test binary: the screens and the worker against the simulator
//! over loopback, the real binary in a pseudo-terminal and under tmux, and bulk runs killed
//! and resumed.

#[path = "../support/mod.rs"]
mod support;

mod attribution;
mod clipboard_tmux;
mod e2e_pty;
mod failures;
mod faults;
mod follow;
mod others_acted;
mod reports;
mod resume;
mod resume_disable;
mod send_again;
mod ticket;
mod token_lookup;
mod user_actions;
mod worker;
