//! The demo that remembers: `--demo` commands run one after another (or at once) share one
//! demo tenant kept in the data directory; `casdesk demo --reset` starts over; a saved tenant
//! that cannot be read is set aside with a message and the demo starts as shipped.

use crate::support::binary::{scratch, stderr};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Data(PathBuf);

impl Data {
    fn new() -> Self {
        Self(scratch("demo-state"))
    }
}

impl Drop for Data {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn command(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_casdesk"));
    command
        .args(args)
        .env("CASDESK_DATA_DIR", data)
        .env("CASDESK_LOG_DIR", data.join("logs"))
        .env("CASDESK_CONFIG", data.join("none.toml"))
        .env_remove("CASDESK_KEY_FILE")
        .env_remove("CASDESK_PROFILE")
        .stdin(Stdio::null());
    command
}

fn casdesk(data: &Path, args: &[&str]) -> Output {
    command(data, args).output().unwrap()
}

/// The user's locked methods, as `--demo lookup` shows them.
fn locked(data: &Path, email: &str) -> String {
    let out = casdesk(data, &["--demo", "lookup", email, "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows[0]["locked_methods"].as_str().unwrap_or("").to_string()
}

#[test]
fn commands_one_after_another_share_the_demo_tenant() {
    let data = Data::new();
    let first = casdesk(&data.0, &["--demo", "unlock", "viktor.petrov@example.com"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stderr(&first).contains("a fresh demo tenant"), "said once: {}", stderr(&first));
    assert!(stderr(&first).contains("casdesk demo --reset"), "{}", stderr(&first));
    assert_eq!(locked(&data.0, "viktor.petrov@example.com"), "", "the unlock was kept");
    let again = casdesk(&data.0, &["--demo", "lookup", "alice@example.com"]);
    assert!(!stderr(&again).contains("fresh"), "{}", stderr(&again));
    let saved = data.0.join("demo-tenant.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "it holds the demo's codes");
    }
}

#[test]
fn reset_starts_over() {
    let data = Data::new();
    let out = casdesk(&data.0, &["demo", "--reset"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("already as shipped"));
    casdesk(&data.0, &["--demo", "unlock", "maria.garcia@example.com"]);
    assert_eq!(locked(&data.0, "maria.garcia@example.com"), "");
    let out = casdesk(&data.0, &["demo", "--reset"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("starts over"));
    assert!(!data.0.join("demo-tenant.json").exists());
    assert_eq!(locked(&data.0, "maria.garcia@example.com"), "SMS Voice", "as shipped again");
}

#[test]
fn a_broken_saved_tenant_is_set_aside_with_a_message() {
    let data = Data::new();
    std::fs::create_dir_all(&data.0).unwrap();
    for junk in ["{\"casdesk_demo_tenant\": 1, \"cut", "[]", ""] {
        std::fs::write(data.0.join("demo-tenant.json"), junk).unwrap();
        let out = casdesk(&data.0, &["--demo", "lookup", "viktor.petrov@example.com"]);
        assert_eq!(out.status.code(), Some(0), "not a crash: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("could not be read") && err.contains("starts as shipped"), "{err}");
        assert!(err.contains("demo-tenant.json.broken"), "{err}");
        assert!(String::from_utf8_lossy(&out.stdout).contains(",Tokencode,"), "a fresh tenant");
        assert_eq!(std::fs::read_to_string(data.0.join("demo-tenant.json.broken")).unwrap(), junk);
    }
    assert_eq!(locked(&data.0, "viktor.petrov@example.com"), "Tokencode");
}

#[test]
fn commands_at_once_take_turns_and_every_change_is_kept() {
    let data = Data::new();
    let users = [
        "viktor.petrov@example.com",
        "maria.garcia@example.com",
        "r.garcia@partner.example.net",
        "fatima.zahra@example.com",
    ];
    let running: Vec<_> = users
        .iter()
        .map(|u| {
            command(&data.0, &["--demo", "unlock", u])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in running {
        let out = child.wait_with_output().unwrap();
        // fatima keeps Approve and Fingerprint, which cannot be unlocked: still a success.
        assert!(out.status.code() == Some(0), "{}", stderr(&out));
    }
    let out = casdesk(&data.0, &["--demo", "lookup", users[0]]);
    assert!(!stderr(&out).contains("could not be read"), "the file is whole: {}", stderr(&out));
    for user in &users[..3] {
        assert_eq!(locked(&data.0, user), "", "{user}'s unlock was kept");
    }
    assert_eq!(locked(&data.0, users[3]), "Fingerprint Approve");
}
