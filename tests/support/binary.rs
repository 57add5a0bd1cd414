//! The real `casdesk` binary, run as a script would run it against the demo tenant.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fresh directory name under the system's temp dir, `casdesk-<name>-<uuid>`.
pub fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("casdesk-{name}-{}", uuid::Uuid::new_v4()))
}

/// `casdesk --demo --config <data>/none.toml <args>` with `data` as its data and log
/// directory, and no key file from the environment.
pub fn demo_command(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_casdesk"));
    command
        .arg("--demo")
        .arg("--config")
        .arg(data.join("none.toml"))
        .args(args)
        .env("CASDESK_DATA_DIR", data)
        .env("CASDESK_LOG_DIR", data.join("logs"))
        .env_remove("CASDESK_KEY_FILE");
    command
}

/// Runs the demo with `data` as its data directory (kept between calls), stdin empty.
pub fn demo_in(data: &Path, args: &[&str]) -> Output {
    demo_command(data, args).stdin(Stdio::null()).output().unwrap()
}

/// Runs the demo once in a fresh data directory (`casdesk-<name>-…`, removed after), with
/// `stdin` as its input.
pub fn demo_once(name: &str, args: &[&str], stdin: &[u8]) -> Output {
    let data = scratch(name);
    let mut child = demo_command(&data, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&data);
    out
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `casdesk audit -f json` rows as (action, address, ok), in the order recorded.
pub fn audit_actions(rows: &[serde_json::Value]) -> Vec<(&str, &str, bool)> {
    rows.iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap(),
                r["email"].as_str().unwrap(),
                r["ok"].as_bool().unwrap(),
            )
        })
        .collect()
}
