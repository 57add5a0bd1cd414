//! `--help`, `--version`, shell completions and the man page are generated from the one clap
//! definition: these check they come out whole and name the real flags and commands.

use std::io::Write;
use std::process::{Command, Stdio};

/// Every log file in `dir`, one after another.
fn everything_logged(dir: &std::path::Path) -> String {
    std::fs::read_dir(dir)
        .expect("a log directory")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect()
}

fn casdesk(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_casdesk"))
        .args(args)
        .env("CASDESK_LOG_DIR", std::env::temp_dir().join("casdesk-cli-docs-logs"))
        .output()
        .expect("runs casdesk");
    assert!(out.status.success(), "casdesk {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn help_has_examples_and_the_log_directory() {
    let help = casdesk(&["--help"]);
    assert!(help.contains("Examples:\n  casdesk demo"), "{help}");
    assert!(help.contains("--ca-bundle") && help.contains("--log-level"), "{help}");
    assert!(help.contains("Log files: ") && help.contains("casdesk-cli-docs-logs"), "{help}");
    let version = casdesk(&["--version"]);
    assert_eq!(version.trim(), format!("casdesk {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn bash_completions_are_valid_bash_and_know_the_commands() {
    let script = casdesk(&["completions", "bash"]);
    for word in ["lookup", "codes", "device-code", "eac", "--key-file", "--ca-bundle"] {
        assert!(script.contains(word), "bash completions know {word}");
    }
    // `bash -n` parses without running: a broken script fails here, not in someone's shell.
    let mut bash = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash is installed");
    bash.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let checked = bash.wait_with_output().unwrap();
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
}

#[test]
fn zsh_and_fish_completions_are_generated() {
    let zsh = casdesk(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef casdesk"), "{}", &zsh[..zsh.len().min(200)]);
    assert!(zsh.contains("--key-file"));
    let fish = casdesk(&["completions", "fish"]);
    assert!(fish.contains("complete -c casdesk") && fish.contains("key-file"), "{fish}");
}

/// The whole page, as `man casdesk` shows it: every command has a subsection with its own
/// flags (a unit test in `src/cli/shell.rs` walks the clap tree and checks every one).
#[test]
fn the_man_page_names_every_command_and_flag() {
    let page = casdesk(&["man"]);
    assert!(page.contains(".TH casdesk 1"), "a section 1 man page");
    for word in
        ["lookup", "codes", "device\\-code", "audit", "\\-\\-key\\-file", "\\-\\-log\\-level"]
    {
        assert!(page.contains(word), "the man page names {word}");
    }
    let generate =
        page.find(".SS \"casdesk codes generate\"").expect("a section for codes generate");
    let void = page.find(".SS \"casdesk codes void\"").expect("a section for codes void");
    let section = &page[generate..void];
    for flag in
        ["\\-\\-mode", "\\-\\-validity", "\\-\\-delivery", "\\-\\-concurrency", "\\-\\-output"]
    {
        assert!(section.contains(flag), "codes generate's section names {flag}:\n{section}");
    }
    assert!(page.contains(".SS \"casdesk config check\"") && page.contains("\\-\\-email"));
}

#[test]
fn when_casdesk_cannot_run_it_says_where_the_log_is() {
    let logs = std::env::temp_dir().join(format!("casdesk-cli-docs-fail-{}", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_casdesk"))
        .args(["--config", "/nonexistent/casdesk.toml", "--key-file", "/nonexistent/k.key"])
        .args(["lookup", "alice@example.com"])
        .env("CASDESK_LOG_DIR", &logs)
        .output()
        .expect("runs casdesk");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("the log is in {}", logs.display())), "{stderr}");
    let logged = everything_logged(&logs);
    assert!(logged.contains("could not run") && logged.contains("/nonexistent/k.key"), "{logged}");
    let _ = std::fs::remove_dir_all(&logs);
}

/// Debug builds panic on purpose when `CASDESK_TEST_PANIC` is set (before any command runs).
#[test]
fn a_panic_in_a_command_says_where_the_log_is() {
    let logs = std::env::temp_dir().join(format!("casdesk-cli-docs-panic-{}", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_casdesk"))
        .args(["--demo", "lookup", "alice@example.com"])
        .env("CASDESK_LOG_DIR", &logs)
        .env("CASDESK_TEST_PANIC", "1")
        .output()
        .expect("runs casdesk");
    assert_eq!(out.status.code(), Some(101), "a panic");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CASDESK_TEST_PANIC is set"), "the default message: {stderr}");
    let details = format!("casdesk: details: {}", logs.join("casdesk.").display());
    assert!(stderr.contains(&details), "{stderr}");
    let logged = everything_logged(&logs);
    assert!(logged.contains("panic: ") && logged.contains("CASDESK_TEST_PANIC"), "{logged}");
    let _ = std::fs::remove_dir_all(&logs);
}

/// SECURITY.md says what casdesk stores where: every file or folder a real run leaves in the
/// data and log directories must be named there, so a new one cannot appear unannounced.
#[test]
fn security_md_names_everything_casdesk_writes() {
    let root = std::env::temp_dir().join(format!("casdesk-security-md-{}", std::process::id()));
    let (data, logs) = (root.join("data"), root.join("logs"));
    let out = Command::new(env!("CARGO_BIN_EXE_casdesk"))
        .args(["--demo", "codes", "void", "--mode", "enrollment", "alice@example.com"])
        .env("CASDESK_DATA_DIR", &data)
        .env("CASDESK_LOG_DIR", &logs)
        .env_remove("CASDESK_CONFIG")
        .output()
        .expect("runs casdesk");
    assert!(out.status.code() == Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let security = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SECURITY.md"))
        .expect("SECURITY.md");
    let mut named = Vec::new();
    for entry in std::fs::read_dir(&data).expect("the data directory was written") {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let shown = if entry.path().is_dir() { format!("`{name}/`") } else { format!("`{name}`") };
        assert!(
            security.contains(&shown),
            "SECURITY.md does not name {shown}, which casdesk writes"
        );
        named.push(name);
    }
    assert!(named.iter().any(|n| n == "runs") && named.iter().any(|n| n == "audit.jsonl"));
    assert!(std::fs::read_dir(&logs).expect("a log was written").count() > 0);
    assert!(security.contains("$CASDESK_LOG_DIR") && security.contains("$CASDESK_DATA_DIR"));
    assert!(security.contains("## Reporting a problem"), "SECURITY.md says how to report");
    let _ = std::fs::remove_dir_all(&root);
}
