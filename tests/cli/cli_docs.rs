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
    let out = run(args, &[]);
    assert!(out.status.success(), "casdesk {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs casdesk with `env` set, its data (journals, audit record) in a scratch directory, and
/// no settings file.
fn run(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let scratch = std::env::temp_dir().join(format!("casdesk-cli-docs-{}", uuid::Uuid::new_v4()));
    let mut command = Command::new(env!("CARGO_BIN_EXE_casdesk"));
    command
        .args(args)
        .env("CASDESK_LOG_DIR", std::env::temp_dir().join("casdesk-cli-docs-logs"))
        .env("CASDESK_DATA_DIR", scratch.join("data"))
        .env("CASDESK_CONFIG", scratch.join("none.toml"));
    for var in ["CASDESK_PROFILE", "CASDESK_KEY_FILE", "CASDESK_THEME", "CASDESK_KEYMAP"] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    let out = command.output().expect("runs casdesk");
    let _ = std::fs::remove_dir_all(&scratch);
    out
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
    for word in [
        "lookup",
        "codes",
        "device\\-code",
        "audit",
        "note",
        "\\-\\-since",
        "\\-\\-key\\-file",
        "\\-\\-log\\-level",
    ] {
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
    // Each group is described once, and each command names the groups it takes.
    assert!(section.contains("Tenant options: \\-\\-profile, \\-\\-key\\-file"), "{section}");
    assert!(!section.contains("\\-\\-theme"), "{section}");
    let sim = page.find(".SS \"casdesk sim\"").expect("a section for sim");
    let sim = &page[sim..][..page[sim..].find("\n.SS ").unwrap()];
    assert!(!sim.contains("Tenant options") && !sim.contains("\\-\\-theme"), "{sim}");
    for heading in [".SH \"TENANT OPTIONS\"", ".SH \"CONSOLE OPTIONS\"", ".SH \"GLOBAL OPTIONS\""] {
        assert_eq!(page.matches(heading).count(), 1, "{heading}");
    }
}

/// A `--help` page cut at its headings ("Options", "Tenant options", …), in order, each with
/// the long flags listed under it.
fn help_sections(help: &str) -> Vec<(String, Vec<String>)> {
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in help.lines() {
        if let Some(heading) = line.strip_suffix(':').filter(|h| !h.starts_with(' ')) {
            sections.push((heading.to_string(), Vec::new()));
        } else if let (Some(long), Some((_, flags))) =
            (line.trim_start().strip_prefix('-').and(line.find("--")), sections.last_mut())
        {
            let flag = line[long..].split([' ', ',', '=']).next().unwrap_or_default();
            flags.push(flag.to_string());
        }
    }
    sections
}

/// Every command and nested command, by its words after `casdesk`, from the `Commands:` of
/// each `--help`.
fn every_command() -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut queue = vec![Vec::<String>::new()];
    while let Some(path) = queue.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).chain(["--help"]).collect();
        let help = casdesk(&args);
        let listed = help
            .split("\nCommands:\n")
            .nth(1)
            .map(|rest| rest.split("\n\n").next().unwrap_or_default())
            .unwrap_or_default();
        for name in listed.lines().filter_map(|l| l.split_whitespace().next()) {
            if name != "help" {
                let mut sub = path.clone();
                sub.push(name.to_string());
                found.push(sub.clone());
                queue.push(sub);
            }
        }
    }
    found
}

const TENANT: &[&str] = &[
    "--profile",
    "--key-file",
    "--api-url",
    "--config",
    "--allow-shared-key-file",
    "--ca-bundle",
    "--demo",
    "--ticket",
];
const CONSOLE: &[&str] = &["--theme", "--keymap", "--mask-codes", "--clear-clipboard-after"];

/// Which groups of shared options each command offers: the tenant options where a tenant is
/// talked to (`--demo` only where the demo tenant can stand in), the console options only
/// where the console's look is used or shown, `--log-level` everywhere.
fn groups_offered(command: &str) -> Vec<(&'static str, Vec<&'static str>)> {
    let real_tenant: Vec<&str> =
        TENANT.iter().copied().filter(|f| !["--demo", "--ticket"].contains(f)).collect();
    // Every declared action's list command talks to a tenant.
    let declared =
        casdesk::actions::declared::by_command(command).is_some_and(|d| d.list.is_some());
    let mut groups = match command {
        _ if declared => vec![("Tenant options", TENANT.to_vec())],
        "lookup" | "codes generate" | "codes void" | "device-code" | "eac enable"
        | "eac disable" | "resume" | "search" | "activity" | "token list" | "token assign"
        | "token unassign" | "token enable" | "token disable" | "token clear-pin"
        | "token lookup" | "token rename" | "device delete" | "device list" | "device replace"
        | "phone" | "follow" | "challenge" | "fido suspend" | "fido restore" | "ds100 lookup"
        | "ds100 enable" | "ds100 disable" | "ds100 clear-pin" | "ds100 delete" | "failures"
        | "report generate" | "report download" | "report get" | "report status" => {
            vec![("Tenant options", TENANT.to_vec())]
        }
        "config show" => {
            vec![("Tenant options", real_tenant), ("Console options", CONSOLE.to_vec())]
        }
        "config check" => vec![("Tenant options", real_tenant)],
        // The demo reads the look at the top of the settings file, and no tenant of it.
        "demo" => vec![("Console options", [&["--config"][..], CONSOLE].concat())],
        _ => Vec::new(),
    };
    groups.push(("Global options", vec!["--log-level"]));
    groups
}

#[test]
fn every_commands_help_lists_its_own_options_first_then_the_groups_it_takes() {
    let commands = every_command();
    assert!(commands.len() >= 19, "every command and nested command: {commands:?}");
    for path in &commands {
        let name = path.join(" ");
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = casdesk(&args);
        let sections = help_sections(&help);
        let options: Vec<&(String, Vec<String>)> =
            sections.iter().filter(|(h, _)| h.ends_with("ptions")).collect();
        assert_eq!(options.first().map(|(h, _)| h.as_str()), Some("Options"), "{name}:\n{help}");
        let own = &options[0].1;
        assert!(own.contains(&"--help".to_string()), "{name}: {own:?}");
        for flag in own {
            // Their own, not the shared ones: where `config init` writes the settings file,
            // where `sim` writes its key file, whose actions `note` tells (it talks to no
            // tenant, so it takes no tenant options).
            let own_here = matches!(
                (name.as_str(), flag.as_str()),
                ("config init", "--config")
                    | ("sim", "--key-file")
                    | ("note", "--profile" | "--ticket")
            );
            let shared = TENANT.contains(&flag.as_str()) || CONSOLE.contains(&flag.as_str());
            assert!(!shared || own_here, "{name}: {flag} among its own options");
        }
        let groups: Vec<(&str, Vec<&str>)> = options[1..]
            .iter()
            .map(|(h, flags)| (h.as_str(), flags.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(groups, groups_offered(&name), "{name}:\n{help}");
    }
}

#[test]
fn script_commands_do_not_offer_the_console_options_and_refuse_them() {
    for help in [casdesk(&["sim", "--help"]), casdesk(&["codes", "void", "--help"])] {
        for flag in ["--theme", "--keymap", "--mask-codes", "--clear-clipboard-after"] {
            assert!(!help.contains(flag), "{flag}:\n{help}");
        }
    }
    let void = ["codes", "void", "--mode", "enrollment", "--demo", "alice@example.com"];
    let after = run(&[&void[..], &["--theme", "light"]].concat(), &[]);
    assert_eq!(after.status.code(), Some(2));
    let said = String::from_utf8_lossy(&after.stderr);
    assert!(said.contains("unexpected argument '--theme'"), "{said}");
    assert!(after.stdout.is_empty(), "nothing was voided");
    // Before the command too: it is not the console that runs.
    let before = run(&[&["--theme", "light"][..], &void].concat(), &[]);
    assert_eq!(before.status.code(), Some(2));
    let said = String::from_utf8_lossy(&before.stderr);
    assert!(said.contains("`--theme` was given before `casdesk codes void`"), "{said}");
    assert!(before.stdout.is_empty(), "nothing was voided");
    // The environment is not the command line: a CASDESK_THEME set for the console does not
    // stop a script.
    let env = run(&void, &[("CASDESK_THEME", "light"), ("CASDESK_KEYMAP", "vim")]);
    assert_eq!(env.status.code(), Some(0), "{}", String::from_utf8_lossy(&env.stderr));
}

#[test]
fn tenant_options_work_before_or_after_the_command_and_console_ones_where_taken() {
    let lookup = |args: &[&str]| {
        let out = run(args, &[]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = lookup(&["--demo", "lookup", "alice@example.com"]);
    let after = lookup(&["lookup", "alice@example.com", "--demo"]);
    assert!(before.contains("Alice Martin") && after.contains("Alice Martin"), "{after}");
    // `config show` shows what the console would use, from a flag or the environment.
    // (It exits 1 here: no tenant is set up.)
    let out = run(&["config", "show", "--theme", "light", "--mask-codes"], &[]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("Theme          light") && shown.contains("masked until v"), "{shown}");
    let out = run(&["config", "show"], &[("CASDESK_THEME", "colorblind")]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("Theme          colorblind"), "{shown}");
    // sim's own --key-file (where to write) is not the tenant's.
    let help = casdesk(&["sim", "--help"]);
    let own = help.lines().find(|l| l.contains("--key-file")).unwrap_or_default();
    assert!(own.contains("Where to write the key file"), "{help}");
    let out = run(&["--key-file", "tenant.key", "sim"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("before `casdesk sim`"));
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
