//! The commands for scripts, run as a script would: the real binary against the embedded demo
//! tenant (`--demo`), checking output, stderr and exit codes.

use crate::support::binary::{audit_actions, demo_command, demo_once, stderr, stdout};
use std::process::{Command, Output, Stdio};

fn casdesk(args: &[&str], stdin: &str) -> Output {
    demo_once("headless", args, stdin.as_bytes())
}

#[test]
fn lookup_exit_code_says_whether_everyone_was_found() {
    let out = casdesk(&["lookup", "alice@example.com", "grace.hopper@example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("email,status,error,id,name,user_status,"), "{text}");
    assert!(
        text.contains("grace.hopper@example.com,OK,,") && text.contains(",Disabled,"),
        "{text}"
    );

    let out = casdesk(&["lookup", "alice@example.com", "nobody@example.com"], "");
    assert_eq!(out.status.code(), Some(1), "some failed");
    assert!(stdout(&out).contains("nobody@example.com,FAILED,HTTP 404 Not Found"));
}

#[test]
fn generate_reads_stdin_reports_junk_lines_and_prints_codes_as_json() {
    let out = casdesk(
        &[
            "codes",
            "generate",
            "--override",
            "callback",
            "--mode",
            "enrollment",
            "--validity",
            "2h",
            "-i",
            "-",
            "-f",
            "json",
        ],
        "alice@example.com\nnot an address\nALICE@example.com\n",
    );
    let err = stderr(&out);
    assert!(err.contains("line 2: \"not an address\" is not an e-mail address"), "{err}");
    assert!(err.contains("1 duplicate address(es) removed"), "{err}");
    assert_eq!(out.status.code(), Some(1), "the junk line counts as failed");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let alice = rows.iter().find(|r| r["email"] == "alice@example.com").unwrap();
    assert_eq!(alice["status"], "OK");
    assert_eq!(alice["code"].as_str().unwrap().len(), 9, "the DISPLAY code is in the output");
    assert!(alice["expires"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn email_delivery_never_prints_a_code_and_options_are_checked_first() {
    let out = casdesk(
        &[
            "codes",
            "generate",
            "--override",
            "callback",
            "--mode",
            "enrollment",
            "--delivery",
            "email",
            "alice@example.com",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let row = text.lines().nth(1).unwrap();
    assert!(row.starts_with("alice@example.com,OK,1000,"), "{row}");
    let code_column = text.lines().next().unwrap().split(',').position(|h| h == "code").unwrap();
    assert_eq!(row.split(',').nth(code_column), Some(""), "no code for EMAIL delivery: {row}");

    let out = casdesk(
        &[
            "codes",
            "generate",
            "--override",
            "callback",
            "--mode",
            "enrollment",
            "--custom-email",
            "x@example.com",
            "alice@example.com",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2), "could not run");
    assert!(stderr(&out).contains("--custom-email is only used with --delivery email"));

    let out = casdesk(
        &[
            "codes",
            "generate",
            "--override",
            "callback",
            "--mode",
            "enrollment",
            "--validity",
            "25h",
            "alice@example.com",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--validity 25h"), "{}", stderr(&out));
}

#[test]
fn device_code_and_its_refusal() {
    let out = casdesk(
        &["device-code", "--override", "callback", "user.one@mycompany.com", "-f", "json"],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["status"], "OK");
    assert!(!rows[0]["code"].as_str().unwrap().is_empty());

    let out = casdesk(&["device-code", "--override", "callback", "alice@example.com"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("User already has a registered device"), "{}", stdout(&out));
}

#[test]
fn emergency_tokencode_enable_and_disable() {
    // The policy, on by default: nothing is sent for a caller not verified, and it says how.
    let out = casdesk(&["eac", "enable", "alice@example.com"], "");
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let said = stderr(&out);
    assert!(said.contains("An emergency tokencode needs a verified caller"), "{said}");
    assert!(said.contains("--verified live") && said.contains("--override REASON"), "{said}");
    assert!(stdout(&out).is_empty(), "no code: {}", stdout(&out));

    let out = casdesk(
        &[
            "eac",
            "enable",
            "--override",
            "in-person",
            "alice@example.com",
            "--expiry",
            "4h",
            "--one-time",
            "true",
            "-f",
            "json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["one_time_use"], true, "a JSON boolean, not a string");
    assert!(!rows[0]["code"].as_str().unwrap().is_empty());

    let out = casdesk(&["eac", "disable", "omar.haddad@example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("omar.haddad@example.com,OK"));

    let out = casdesk(&["eac", "disable", "alice@example.com"], "");
    assert_eq!(out.status.code(), Some(0), "nothing to disable is not a failure");
    assert!(stdout(&out).contains("WARNING"));
}

#[test]
fn runs_lists_nothing_when_nothing_was_interrupted() {
    let out = casdesk(&["runs"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("No interrupted runs"));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_file_others_can_read_is_refused_unless_allowed() {
    use std::os::unix::fs::PermissionsExt;
    let sim = casdesk::sim::start(casdesk::sim::SimConfig::default()).await.unwrap();
    let dir = std::env::temp_dir().join(format!("casdesk-perm-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("shared.key");
    sim.write_demo_key_file(&key).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = |extra: &'static [&'static str]| {
        let (dir, key) = (dir.clone(), key.clone());
        tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_casdesk"))
                .arg("--key-file")
                .arg(&key)
                .arg("--config")
                .arg(dir.join("none.toml"))
                .args(extra)
                .args(["lookup", "alice@example.com"])
                .env("CASDESK_DATA_DIR", dir.join("data"))
                .env("CASDESK_LOG_DIR", dir.join("logs"))
                .output()
                .unwrap()
        })
    };
    let refused = run(&[]).await.unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(
        err.contains("can be read by other users (permissions 0644)") && err.contains("chmod 600"),
        "{err}"
    );
    let allowed = run(&["--allow-shared-key-file"]).await.unwrap();
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs casdesk with `data` as its data directory (kept between calls).
fn casdesk_in(data: &std::path::Path, args: &[&str]) -> Output {
    demo_command(data, args)
        // Anyone can set $USER: the record names the account the process runs as.
        .env("USER", "not-the-real-account")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn every_action_is_in_the_audit_record_but_never_a_code() {
    let data = std::env::temp_dir().join(format!("casdesk-audit-{}", uuid::Uuid::new_v4()));
    let generated = casdesk_in(
        &data,
        &[
            "codes",
            "generate",
            "--override",
            "callback",
            "--mode",
            "enrollment",
            "alice@example.com",
            "-f",
            "json",
        ],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&generated)).unwrap();
    let code = rows[0]["code"].as_str().unwrap().to_string();
    let enabled = casdesk_in(
        &data,
        &["eac", "enable", "--override", "callback", "john.doe@example.com", "-f", "json"],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&enabled)).unwrap();
    let eac = rows[0]["code"].as_str().unwrap().to_string();
    casdesk_in(&data, &["lookup", "nobody@example.com"]);

    let audit = casdesk_in(&data, &["audit", "-f", "json"]);
    assert_eq!(audit.status.code(), Some(0), "{}", stderr(&audit));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "verified caller",
            "generate enrollment codes",
            "verified caller",
            "enable emergency tokencode",
            "lookup"
        ]
    );
    // Each change says how its caller was verified; the lookup, which needs none, does not.
    let caller = |i: usize| rows[i]["caller"].as_str().unwrap_or("").to_string();
    assert!(caller(1).starts_with("override at "), "{:?}", rows[1]);
    assert!(caller(1).ends_with(": called back on the number on file"), "{:?}", rows[1]);
    assert_eq!(caller(4), "", "a lookup needs no verified caller: {:?}", rows[4]);
    // The demo is named as the simulator casdesk started, under no profile.
    assert!(rows.iter().all(|r| r["tenant"] == casdesk::audit::DEMO_TENANT));
    assert!(
        rows.iter().all(|r| r["profile"].is_null() && r["credentials"] == "the demo OAuth client")
    );
    let accounts: std::collections::HashSet<&str> =
        rows.iter().map(|r| r["os_user"].as_str().unwrap()).collect();
    assert_eq!(accounts.len(), 1, "one account did all of it: {accounts:?}");
    let account = *accounts.iter().next().unwrap();
    assert!(!account.is_empty() && account != "unknown", "{account}");
    if cfg!(target_os = "linux") {
        assert_ne!(account, "not-the-real-account", "the system's word, not $USER's");
    }
    assert_eq!(rows[1]["email"], "alice@example.com");
    assert_eq!(rows[1]["result_code"], 1000, "a JSON number");
    assert_eq!(rows[4]["ok"], false, "a JSON boolean");
    assert!(rows[4]["result_code"].is_null(), "no result code: null, not an empty string");
    let text = std::fs::read_to_string(data.join("audit.jsonl")).unwrap();
    assert!(!text.contains(&code) && !text.contains(&eac), "no code in the audit record");
    let since = casdesk_in(&data, &["audit", "--since", "2999-01-01"]);
    assert_eq!(
        stdout(&since),
        "time,os_user,profile,tenant,action,email,ok,result_code,error,outcome,customer,\
         credentials,ticket\n",
        "nothing after a date in the future: the header alone, the columns of a row"
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn when_users_fail_stderr_says_where_the_details_are() {
    let data = std::env::temp_dir().join(format!("casdesk-details-{}", uuid::Uuid::new_v4()));
    let found = casdesk_in(&data, &["lookup", "alice@example.com"]);
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    assert!(!stderr(&found).contains("details:"), "nothing to point at: {}", stderr(&found));

    let failed = casdesk_in(&data, &["lookup", "alice@example.com", "nobody@example.com"]);
    assert_eq!(failed.status.code(), Some(1));
    let err = stderr(&failed);
    let line = err.lines().find(|l| l.starts_with("casdesk: details: ")).expect(&err);
    let log = std::path::PathBuf::from(line.trim_start_matches("casdesk: details: "));
    assert!(log.starts_with(data.join("logs")), "the log file: {line}");
    let logged = std::fs::read_to_string(&log).expect("the named log file exists");
    assert!(logged.contains("nobody@example.com") && logged.contains("failed"), "{logged}");
    let _ = std::fs::remove_dir_all(&data);
}

#[cfg(unix)]
#[test]
fn output_is_private_even_when_the_file_was_not() {
    use std::os::unix::fs::PermissionsExt;
    let data = std::env::temp_dir().join(format!("casdesk-output-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&data).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let generate = |out: &std::path::Path| {
        let out = out.to_str().unwrap().to_string();
        casdesk_in(
            &data,
            &[
                "codes",
                "generate",
                "--override",
                "callback",
                "--mode",
                "enrollment",
                "alice@example.com",
                "-o",
                &out,
            ],
        )
    };

    let fresh = data.join("fresh.csv");
    let done = generate(&fresh);
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(mode(&fresh), 0o600, "a new file");

    let shared = data.join("shared.csv");
    std::fs::write(&shared, "an older, longer file that was left readable by everyone\n".repeat(9))
        .unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
    let done = generate(&shared);
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(mode(&shared), 0o600, "an existing file others could read");
    assert!(stderr(&done).contains("(permissions 0644); made it 0600"), "{}", stderr(&done));
    let text = std::fs::read_to_string(&shared).unwrap();
    assert!(text.starts_with("email,status,") && !text.contains("older"), "replaced: {text}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn an_audit_record_that_cannot_be_written_is_said_on_stderr() {
    let data = std::env::temp_dir().join(format!("casdesk-noaudit-{}", uuid::Uuid::new_v4()));
    // Where the record should be is a folder: no file can be opened there (even as root).
    std::fs::create_dir_all(data.join("audit.jsonl")).unwrap();
    let out = casdesk_in(&data, &["lookup", "alice@example.com"]);
    assert_eq!(out.status.code(), Some(0), "the lookup itself worked: {}", stderr(&out));
    let err = stderr(&out);
    let said =
        format!("the audit record {} could not be written", data.join("audit.jsonl").display());
    assert!(err.contains(&said), "{err}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn audit_skips_a_broken_line_says_so_and_shows_the_entries_after_it() {
    let data = std::env::temp_dir().join(format!("casdesk-badaudit-{}", uuid::Uuid::new_v4()));
    casdesk_in(&data, &["lookup", "alice@example.com"]);
    let path = data.join("audit.jsonl");
    let mut text = std::fs::read(&path).unwrap();
    text.extend_from_slice(b"\xff\xfe{\"time\": \"cut sh\n");
    std::fs::write(&path, text).unwrap();
    casdesk_in(&data, &["lookup", "john.doe@example.com"]);

    let out = casdesk_in(&data, &["audit", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let users: Vec<&str> = rows.iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(users, ["alice@example.com", "john.doe@example.com"]);
    assert!(stderr(&out).contains("1 line(s) of") && stderr(&out).contains("(line 2)"));
    let _ = std::fs::remove_dir_all(&data);
}

/// Scripts read these by column: a failure has the same columns as a success.
#[test]
fn device_code_and_eac_csv_have_the_same_columns_whatever_the_outcome() {
    let data = std::env::temp_dir().join(format!("casdesk-columns-{}", uuid::Uuid::new_v4()));
    let header = |args: &[&str]| {
        let out = casdesk_in(&data, args);
        stdout(&out).lines().next().unwrap_or_default().to_string()
    };
    // ADUser has no device yet (a code is issued); alice has one (the service refuses).
    let issued = header(&["device-code", "--override", "callback", "ADUser@example.com"]);
    let refused = header(&["device-code", "--override", "callback", "alice@example.com"]);
    assert_eq!(issued, "email,username,status,code,expires,company_id,error");
    assert_eq!(refused, issued);
    let enabled = header(&["eac", "enable", "--override", "callback", "john.doe@example.com"]);
    assert_eq!(enabled, "email,status,code,expires,offline_expires,one_time_use,eac_id,error");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn unlock_a_list_from_stdin_in_input_order_with_junk_lines_failed() {
    let list = "viktor.petrov@example.com\nnot an address\nfatima.zahra@example.com\nkenji.watanabe@example.com\nnobody@example.com\n";
    let out = casdesk(&["unlock", "-i", "-", "-f", "json"], list);
    assert_eq!(out.status.code(), Some(1), "a junk line and an unknown user: {}", stderr(&out));
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let users: Vec<&str> = rows.iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(
        users,
        [
            "viktor.petrov@example.com",
            "fatima.zahra@example.com",
            "kenji.watanabe@example.com",
            "nobody@example.com",
            "not an address"
        ]
    );
    assert_eq!(rows[0]["result"], "unlocked Tokencode; now nothing is locked");
    assert_eq!(
        rows[1]["result"],
        "unlocked Tokencode, SMS and Voice; still locked: Fingerprint, Approve"
    );
    // Locked only where RSA's API has no unlock: nothing sent, and not OK either.
    assert_eq!(
        (rows[2]["status"].as_str(), rows[2]["changed"].as_bool()),
        (Some("WARNING"), Some(false))
    );
    assert!(
        rows[2]["result"].as_str().unwrap().starts_with("Approve and Fingerprint still locked"),
        "{}",
        rows[2]
    );
    assert_eq!(rows[3]["status"], "FAILED");
    assert!(rows[3]["error"].as_str().unwrap().contains("404"));
    assert_eq!(rows[4]["status"], "FAILED");

    let out = casdesk(&["unlock", "maria.garcia@example.com", "--methods", "sms"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("unlocked SMS; still locked: Voice"), "{}", stdout(&out));
}

#[test]
fn disable_leavers_enable_and_sync() {
    let out =
        casdesk(&["disable", "-i", "-"], "email\nalice@example.com\ngrace.hopper@example.com\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("email,status,action,changed,result,error\n"), "{text}");
    assert!(text.contains("alice@example.com,OK,disable user,true,now Disabled,"), "{text}");
    assert!(text.contains("grace.hopper@example.com,OK,disable user,false,already disabled,"));

    let out = casdesk(&["enable", "grace.hopper@example.com", "harold.finch@example.com"], "");
    assert_eq!(out.status.code(), Some(1), "harold is marked for deletion");
    let text = stdout(&out);
    assert!(text.contains("grace.hopper@example.com,OK,enable user,true,now Enabled,"), "{text}");
    assert!(text.contains("harold.finch@example.com,FAILED") && text.contains("409"), "{text}");

    let out = casdesk(&["sync", "george.miller@example.com", "-f", "json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "synchronised from the identity source: name George Miller → George Miller-Hayes"
        ),
        "{}",
        stdout(&out)
    );
    // Again: nothing is waiting in the directory any more.
    let out = casdesk(&["sync", "alice@example.com"], "");
    assert!(stdout(&out).contains("nothing had changed"), "{}", stdout(&out));
}

#[test]
fn the_note_says_what_was_done_for_each_user_of_a_run_and_never_a_code() {
    let data = std::env::temp_dir().join(format!("casdesk-note-{}", uuid::Uuid::new_v4()));
    let generated = casdesk_in(
        &data,
        &[
            "codes",
            "generate",
            "--override",
            "callback",
            "--mode",
            "enrollment",
            "alice@example.com",
            "-f",
            "json",
        ],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&generated)).unwrap();
    let code = rows[0]["code"].as_str().unwrap().to_string();
    casdesk_in(&data, &["disable", "alice@example.com", "grace.hopper@example.com"]);
    casdesk_in(&data, &["enable", "harold.finch@example.com"]);
    let note = casdesk_in(
        &data,
        &["note", "ALICE@example.com", "grace.hopper@example.com", "nobody@example.com"],
    );
    assert_eq!(note.status.code(), Some(0), "{}", stderr(&note));
    let text = stdout(&note);
    assert!(!text.contains(&code), "never the code: {text}");
    assert!(text.is_ascii() && !text.contains('\u{1b}'), "plain text: {text}");
    // Times in local time, which the test cannot know: compare what follows them.
    let lines: Vec<String> = text
        .lines()
        .map(|l| match l.as_bytes() {
            [h, m, b':', ..] if h.is_ascii_digit() && m.is_ascii_digit() => l[7..].to_string(),
            _ => l.to_string(),
        })
        .filter(|l| !l.starts_with("Tenant: "))
        .collect();
    let expected = [
        "Ticket note for ALICE@example.com",
        "Verified caller: override: called back on the number on file",
        "Generate enrollment code: code generated, shown on screen, valid until ",
        "Disable user: now Disabled",
        "Caller verified: override (called back on the number on file) at ",
        "Confirmed working: not confirmed",
        "",
        "Ticket note for grace.hopper@example.com",
        "Disable user: nothing to do: already disabled",
        "Caller verified: no",
        "Confirmed working: not confirmed",
    ];
    assert_eq!(lines.len(), expected.len(), "{text}");
    for (got, want) in lines.iter().zip(expected) {
        assert!(got.starts_with(want), "{got:?} should start {want:?}: {text}");
    }
    let tenant = format!("Tenant: {}; by ", casdesk::audit::DEMO_TENANT);
    assert!(text.contains(&tenant), "{text}");
    let err = stderr(&note);
    assert!(err.contains("nothing recorded for nobody@example.com by "), "{err}");
    // A run's users, from the run's own list, since it started.
    let list = data.join("run.txt");
    std::fs::write(&list, "harold.finch@example.com\n").unwrap();
    let run = casdesk_in(&data, &["note", "-i", list.to_str().unwrap(), "--since", "10m"]);
    assert!(stdout(&run).contains("Enable user: FAILED: HTTP 409"), "{}", stdout(&run));
    let later = casdesk_in(&data, &["note", "alice@example.com", "--since", "2999-01-01"]);
    assert_eq!(stdout(&later), "", "nothing after a date in the future");
    let audit = casdesk_in(&data, &["audit", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    let alice_disabled = rows
        .iter()
        .find(|r| r["action"] == "disable user" && r["email"] == "alice@example.com")
        .unwrap();
    assert_eq!(alice_disabled["outcome"], "now Disabled", "the audit export has the words too");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn user_changes_are_in_the_audit_record() {
    let data = std::env::temp_dir().join(format!("casdesk-audit-{}", uuid::Uuid::new_v4()));
    casdesk_in(&data, &["unlock", "viktor.petrov@example.com"]);
    casdesk_in(&data, &["disable", "nobody@example.com"]);
    casdesk_in(&data, &["sync", "george.miller@example.com"]);
    let audit = casdesk_in(&data, &["audit", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    let actions = audit_actions(&rows);
    assert_eq!(
        actions,
        [
            ("unlock methods", "viktor.petrov@example.com", true),
            ("disable user", "nobody@example.com", false),
            ("synchronise user", "george.miller@example.com", true),
        ]
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn search_lists_every_match_and_exits_like_grep() {
    let out = casdesk(&["search", "GARCIA", "-f", "json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["email"].as_str().unwrap(), r["user_status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("ana.garcia-lopez@example.com", "Disabled"),
            ("carlos.garcia@example.com", "Enabled"),
            ("maria.garcia@example.com", "Enabled"),
            ("r.garcia@partner.example.net", "Enabled"),
        ]
    );
    assert_eq!(rows[3]["locked_methods"], "Tokencode");

    // More than one page of 25, cut at the limit, and said so.
    let out = casdesk(&["search", "@example.com", "--limit", "30"], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).lines().count(), 31, "a header and 30 users");
    assert!(stderr(&out).contains("30 of "), "{}", stderr(&out));

    let out = casdesk(&["search", "nobody-like-this"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no synchronised user's address contains"), "{}", stderr(&out));
}

#[test]
fn a_search_records_who_was_shown() {
    let data = std::env::temp_dir().join(format!("casdesk-audit-{}", uuid::Uuid::new_v4()));
    casdesk_in(&data, &["search", "garcia"]);
    let audit = casdesk_in(&data, &["audit", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    let shown: Vec<&str> = rows
        .iter()
        .filter(|r| r["action"] == "search")
        .map(|r| r["email"].as_str().unwrap())
        .collect();
    assert_eq!(shown.len(), 4, "{rows:?}");
    assert!(shown.contains(&"r.garcia@partner.example.net"));

    // A page holds 25; with --limit 3 only the three printed are named.
    let data = std::env::temp_dir().join(format!("casdesk-audit-{}", uuid::Uuid::new_v4()));
    let out = casdesk_in(&data, &["search", "@example.com", "--limit", "3", "-f", "json"]);
    let printed: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let printed: Vec<&str> = printed.iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(printed.len(), 3, "{}", stderr(&out));
    let audit = casdesk_in(&data, &["audit", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    let named: Vec<&str> = rows.iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(named, printed, "the record names the users printed, no more");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn activity_prints_the_summary_and_the_events_newest_first() {
    let out = casdesk(&["activity", "viktor.petrov@example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("3 failed tokencode attempts since ")
            && lines[0].contains(", then locked; 1 more refused while locked"),
        "{text}"
    );
    assert!(lines[2].starts_with("TIME ") && lines[2].contains("SERVICE SAID"), "{text}");
    assert!(lines[3].contains("FAILED") && lines[3].contains("Refused: tokencode is locked"));
    assert!(lines[4].contains("LOCKED") && lines[4].contains("Authentication method TOKEN"));
    assert_eq!(lines.iter().filter(|l| l.contains("Wrong tokencode")).count(), 3, "{text}");
    assert!(!text.contains("on Lookup"), "the console's keys are not in a script's output");

    // Filters go to the service: the code, and a window that leaves out the older events.
    let code = "AUTHN_FAILED_INVALID_TOKENCODE";
    let out =
        casdesk(&["activity", "viktor.petrov@example.com", "--event-code", code, "-f", "csv"], "");
    let text = stdout(&out);
    assert!(text.starts_with("time,status,method,event_code,meaning,service_said,"), "{text}");
    assert_eq!(text.lines().count(), 4, "a header and three wrong tokencodes: {text}");
    // A filtered log gets no verdict: "no failures since" would hide what it leaves out.
    assert!(
        stderr(&out).contains("Only AUTHN_FAILED_INVALID_TOKENCODE events shown (3)"),
        "{}",
        stderr(&out)
    );

    let out =
        casdesk(&["activity", "viktor.petrov@example.com", "--since", "30m", "-f", "json"], "");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["event_code"], "AUTHN_FAILED_METHOD_LOCKED");

    let out = casdesk(&["activity", "viktor.petrov@example.com", "--since", "soon"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--since soon"), "{}", stderr(&out));
    let out = casdesk(&["activity", "nobody@example.com"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nobody@example.com: HTTP 404"), "{}", stderr(&out));
}

#[test]
fn reading_someones_activity_is_in_the_audit_record() {
    let data = std::env::temp_dir().join(format!("casdesk-audit-{}", uuid::Uuid::new_v4()));
    casdesk_in(&data, &["activity", "nadia.okafor@partner.example.net"]);
    casdesk_in(&data, &["activity", "nobody@example.com"]);
    let audit = casdesk_in(&data, &["audit", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    let actions = audit_actions(&rows);
    assert_eq!(
        actions,
        [
            ("sign-in activity", "nadia.okafor@partner.example.net", true),
            ("sign-in activity", "nobody@example.com", false),
        ]
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn token_list_shows_each_token_and_a_row_for_a_user_without_any() {
    let out = casdesk(&["token", "list", "john.doe@example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "email,status,serial,name,token_state,token_status,pin_set,expiry_date,assigned_at,\
             status_changed_at,status_changed_by,error"
        )
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("john.doe@example.com,OK,000412345678,,Assigned,Enabled,true,"),
        "{row}"
    );
    assert_eq!(lines.next(), None, "{text}");

    let out = casdesk(&["token", "list", "alice@example.com", "-f", "json"], "");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    // JSON says null for an empty column: no serial, no error.
    assert_eq!(rows[0]["status"].as_str(), Some("OK"));
    assert!(rows[0]["serial"].is_null() && rows[0]["error"].is_null(), "{rows:?}");

    let out = casdesk(&["token", "list", "nobody@example.com"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("nobody@example.com,FAILED,"), "{}", stdout(&out));
    let out = casdesk(&["token", "list", "not-an-address"], "");
    assert_eq!(out.status.code(), Some(2), "a bad argument");
}

#[test]
fn token_changes_report_the_answer_and_refusals_fail_the_run() {
    let out = casdesk(
        &[
            "token",
            "assign",
            "--override",
            "callback",
            "alice@example.com",
            "000555000101",
            "--name",
            "Desk",
            "-f",
            "json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["action"], "assign");
    assert_eq!(rows[0]["token_state"], "Assigned");
    assert!(rows[0]["error"].is_null(), "{rows:?}");

    let out = casdesk(&["token", "disable", "george.miller@example.com", "000298765432"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "email,status,action,serial,token_state,token_status,pin_set,result,error\n"
        )
    );
    assert!(
        text.contains("george.miller@example.com,OK,disable,000298765432,,Disabled,"),
        "{text}"
    );

    let out = casdesk(
        &["token", "clear-pin", "--override", "callback", "john.doe@example.com", "000412345678"],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(",OK,clear-pin,000412345678,,,false,"), "{}", stdout(&out));

    // Someone else's token, an unknown one: the service refuses, the run fails.
    let out = casdesk(
        &["token", "unassign", "--override", "callback", "alice@example.com", "000412345678"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("alice@example.com,FAILED,unassign,000412345678,"));
    assert!(stdout(&out).contains("HTTP 409"), "{}", stdout(&out));
    let out = casdesk(
        &["token", "enable", "--override", "callback", "alice@example.com", "999999999999"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("HTTP 404"), "{}", stdout(&out));
}

#[test]
fn a_bad_serial_is_a_bad_argument_and_nothing_is_done() {
    let long = "1".repeat(37);
    for (args, said) in [
        (
            vec!["token", "assign", "--override", "callback", "alice@example.com", long.as_str()],
            "at most 36 characters",
        ),
        (vec!["token", "disable", "alice@example.com", " "], "required"),
        (
            vec!["token", "enable", "--override", "callback", "alice@example.com", "0004\t12"],
            "control characters",
        ),
    ] {
        let out = casdesk(&args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn device_delete_removes_a_device_and_an_unknown_id_fails() {
    let phone = "b1c3ad96-a294-50cf-b2f4-953195d74134";
    let out =
        casdesk(&["device", "delete", "--override", "callback", "john.doe@example.com", phone], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "email,status,action,device_id,result,error\njohn.doe@example.com,OK,delete,{phone},deleted,\n"
        )
    );
    let out = casdesk(
        &["device", "delete", "--override", "callback", "alice@example.com", phone, "-f", "json"],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "John's phone is not Alice's");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["status"], "FAILED");
    assert!(rows[0]["error"].as_str().unwrap().contains("HTTP 404"), "{rows:?}");
}

#[test]
fn device_list_gives_the_ids_and_replace_prints_the_new_phones_code() {
    let out = casdesk(&["device", "list", "george.miller@example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("email,status,kind,device_id,name,type,registered,state,serial,error")
    );
    let phone = "57d98c16-f296-5afb-81f2-6ca2a163709d";
    assert_eq!(
        lines.next(),
        Some(
            format!(
                "george.miller@example.com,OK,device,{phone},Pixel 7a,ANDROID,\
                     2024-12-01T09:00:00.000Z,Active,,"
            )
            .as_str()
        )
    );
    let out = casdesk(
        &[
            "device",
            "replace",
            "--override",
            "callback",
            "george.miller@example.com",
            phone,
            "-f",
            "json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["removed"], "yes");
    assert_eq!(rows[0]["device"], "Pixel 7a (ANDROID, registered 2024-12-01)");
    assert_eq!(rows[0]["code"].as_str().map(str::len), Some(9), "{rows:?}");
    // Someone else's device is not this user's phone: nothing is done.
    let out =
        casdesk(&["device", "replace", "--override", "callback", "alice@example.com", phone], "");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("alice@example.com,FAILED,57d98c16"), "{text}");
    assert!(text.contains(",no,,,,nothing was done,the user has no registered device"), "{text}");
}

#[test]
fn a_replacement_the_service_would_leave_half_done_deletes_nothing() {
    // Grace is disabled: the new phone's code would be refused.
    let grace = "08b088a7-d8e9-5863-9426-2451ffee8a08";
    let out = casdesk(
        &[
            "device",
            "replace",
            "--override",
            "callback",
            "grace.hopper@example.com",
            grace,
            "-f",
            "json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["removed"], "no", "{rows:?}");
    let error = rows[0]["error"].as_str().unwrap();
    assert!(error.contains("user enabled") && error.contains("Nothing was done"), "{error}");
    // Daniel's trusted browser is not a registered device: his phone can be replaced.
    let daniel = "1150427d-1df1-5deb-b6e3-a56d3ca962a9";
    let out = casdesk(
        &["device", "replace", "--override", "callback", "daniel.kim@example.com", daniel],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_replaced_phone_is_in_the_audit_record_but_never_its_code() {
    let data = std::env::temp_dir().join(format!("casdesk-audit-{}", uuid::Uuid::new_v4()));
    let phone = "57d98c16-f296-5afb-81f2-6ca2a163709d";
    let out = casdesk_in(
        &data,
        &[
            "device",
            "replace",
            "--override",
            "callback",
            "george.miller@example.com",
            phone,
            "-f",
            "json",
        ],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let code = rows[0]["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 9, "{rows:?}");
    let audit = casdesk_in(&data, &["audit", "-f", "json"]);
    let text = stdout(&audit);
    assert!(text.contains("replace phone Pixel 7a (ANDROID, registered 2024-12-01)"), "{text}");
    assert!(!text.contains(&code), "{text}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn token_and_device_changes_are_in_the_audit_record() {
    let data = std::env::temp_dir().join(format!("casdesk-audit-{}", uuid::Uuid::new_v4()));
    casdesk_in(
        &data,
        &["token", "assign", "--override", "callback", "alice@example.com", "000555000102"],
    );
    casdesk_in(&data, &["token", "disable", "alice@example.com", "000412345678"]);
    casdesk_in(
        &data,
        &["device", "delete", "--override", "callback", "john.doe@example.com", "no-such-device"],
    );
    let audit = casdesk_in(&data, &["audit", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    let actions = audit_actions(&rows);
    assert_eq!(
        actions,
        [
            // Assigning makes a token usable: the caller's verification is recorded first.
            ("verified caller", "alice@example.com", true),
            ("assign SecurID token 000555000102", "alice@example.com", true),
            ("disable SecurID token 000412345678", "alice@example.com", false),
            ("verified caller", "john.doe@example.com", true),
            ("delete device no-such-device", "john.doe@example.com", false),
        ]
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn leavers_are_marked_for_deletion_and_undeleted() {
    let data = std::env::temp_dir().join(format!("casdesk-mark-{}", uuid::Uuid::new_v4()));
    let out = casdesk_in(&data, &["mark-deleted", "alice@example.com", "harold.finch@example.com"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "alice@example.com,OK,mark user for deletion,true,marked for deletion; deleted on "
        ),
        "{text}"
    );
    assert!(
        text.contains("harold.finch@example.com,OK,mark user for deletion,false,already marked"),
        "{text}"
    );
    // Lookup says when the service deletes her: 7 days after the mark.
    let out = casdesk_in(&data, &["lookup", "--format", "json", "alice@example.com"]);
    let records: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let due = records[0]["deletion_due"].as_str().expect("a time while marked");
    let due =
        time::OffsetDateTime::parse(due, &time::format_description::well_known::Rfc3339).unwrap();
    let in_days = (due - time::OffsetDateTime::now_utc()).whole_hours();
    assert!((167..=168).contains(&in_days), "7 days on: {due}");
    // A marked user cannot be disabled until the mark is taken away.
    let out = casdesk_in(&data, &["disable", "alice@example.com"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));

    let out = casdesk_in(&data, &["undelete", "alice@example.com", "grace.hopper@example.com"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("alice@example.com,OK,undelete user,true,no longer marked"), "{text}");
    assert!(text.contains("grace.hopper@example.com,OK,undelete user,false,not marked"), "{text}");
    // The service kept the mark away: marking again marks.
    let out = casdesk_in(&data, &["mark-deleted", "alice@example.com"]);
    assert!(stdout(&out).contains("alice@example.com,OK,mark user for deletion,true,"), "again");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn verified_live_asks_the_users_device_first_and_a_denial_sends_nothing() {
    // The demo's named users answer Live Verification by themselves, a few seconds after it
    // starts: one always approves, one always denies.
    let out = casdesk(&["eac", "enable", "--verified", "live", "approves.always@example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("Live Verification: asked approves.always@example.com"));
    assert!(stdout(&out).contains("approves.always@example.com,OK"), "{}", stdout(&out));

    let out = casdesk(&["eac", "enable", "--verified", "live", "denies.always@example.com"], "");
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("denied the Live Verification prompt: do not go on"));
    assert!(stdout(&out).is_empty(), "nothing sent, no code: {}", stdout(&out));

    // A list is one reason for all, never one verification stretched over many.
    let out = casdesk(
        &["codes", "generate", "--mode", "enrollment", "--verified", "live", "a@x.com", "b@x.com"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("give one --override REASON for all of them"));
}

#[test]
fn fido_keys_are_suspended_and_restored_by_id_or_name_and_recorded() {
    let data = std::env::temp_dir().join(format!("casdesk-fido-{}", uuid::Uuid::new_v4()));
    let who = "wanjiru.kamau@example.com";
    let out = casdesk_in(&data, &["fido", "suspend", who, "yubikey 5c nfc"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("email,status,action,which,authenticator,result,error\n"), "{text}");
    assert!(
        text.contains(&format!(
            "{who},OK,suspend-fido,yubikey 5c nfc,FIDO key YubiKey 5C NFC,suspended FIDO key \
             YubiKey 5C NFC; now Disabled (by "
        )),
        "{text}"
    );
    // Suspended already: nothing is sent, and a script is told.
    let out = casdesk_in(&data, &["fido", "suspend", who, "YubiKey 5C NFC"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("already suspended"), "{}", stdout(&out));
    let spare = "e2d7a915-3b6c-5f80-9d14-7a5c2e8f0b49";
    let out =
        casdesk_in(&data, &["fido", "restore", "--override", "callback", who, spare, "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(rows[0]["result"].as_str().unwrap().contains("now Enabled"), "{rows:?}");
    let out = casdesk_in(&data, &["fido", "restore", "--override", "callback", who, "no such key"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("the user has no such FIDO key"), "{}", stdout(&out));
    let out = casdesk_in(&data, &["audit", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let actions = audit_actions(&rows);
    assert!(
        actions.contains(&("suspend authenticator FIDO key YubiKey 5C NFC", who, true)),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("restore authenticator FIDO key YubiKey 5 Nano (spare)", who, true)),
        "{actions:?}"
    );
    // The ticket note takes its words from the record, as for every declared action.
    let note = stdout(&casdesk_in(&data, &["note", who]));
    assert!(
        note.contains("Suspend authenticator FIDO key YubiKey 5C NFC: suspended FIDO key"),
        "{note}"
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_ds100_is_looked_up_by_serial_and_its_otp_changed_cleared_and_deleted() {
    let data = std::env::temp_dir().join(format!("casdesk-ds100-{}", uuid::Uuid::new_v4()));
    let out = casdesk_in(&data, &["ds100", "lookup", "140100094"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "device_serial,status,user_id,name,token_serial,token_state,token_status,pin_set,\
             registered,error\n140100094,OK,b91d4e27-6c3a-5f08-a2b5-7e0c8d4f1a96,SecurID DS100,\
             014010009412,Activated,Disabled,false,"
        ),
        "{text}"
    );
    let out = casdesk_in(&data, &["ds100", "lookup", "999999999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("999999999,FAILED,"), "{}", stdout(&out));

    let beatriz = "beatriz.lima@example.com";
    let out =
        casdesk_in(&data, &["ds100", "enable", "--override", "callback", beatriz, "140100094"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(",OK,enable-ds100-otp,140100094,140100094 (OTP credential 014010009412),OTP Enabled (by "), "{}", stdout(&out));
    // The OTP credential's serial names it too; no PIN to clear is said, not sent.
    let out = casdesk_in(
        &data,
        &["ds100", "clear-pin", "--override", "callback", beatriz, "014010009412"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("no PIN to clear"), "{}", stdout(&out));

    let oskar = "oskar.nilsson@example.com";
    let out =
        casdesk_in(&data, &["ds100", "clear-pin", "--override", "callback", oskar, "140100080"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("no PIN (set at the next sign-in)"), "{}", stdout(&out));
    // Deleting takes a credential away: guarded, as removing a device is.
    let out = casdesk_in(&data, &["ds100", "delete", oskar, "140100080"]);
    assert_eq!(out.status.code(), Some(2), "refused unverified: {}", stdout(&out));
    let out = casdesk_in(&data, &["ds100", "delete", "--override", "callback", oskar, "140100080"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("deleted the OTP credential of DS100 140100080"),
        "{}",
        stdout(&out)
    );
    let out = casdesk_in(&data, &["device", "list", oskar]);
    assert!(!stdout(&out).contains("ds100"), "gone from the list: {}", stdout(&out));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn device_list_names_ds100s_and_trusted_browsers() {
    let out = casdesk(&["device", "list", "lena.hoffmann@example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(",OK,browser,7d3b1f9e-5a2c-5e84-a6d0-9c4e8b2f1a57,Edge 131,BROWSER,"),
        "{text}"
    );
    let out = casdesk(&["device", "list", "oskar.nilsson@example.com"], "");
    assert!(stdout(&out).contains(",OK,ds100,d4f8b2e7-f6e4-5102-bb28-ee0b5d37c2f2,SecurID DS100,SecurID DS100,2025-06-08T07:58:13.000Z,OTP Enabled,140100080,"), "{}", stdout(&out));
}
