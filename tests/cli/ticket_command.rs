//! The ticket for the commands: `--ticket` (before or after the command) or `CASDESK_TICKET`
//! lands in every audit entry of the run; `casdesk note --post` gives the note to the settings
//! file's `note_command` for the ticket; `casdesk stats` counts calls from a prepared record.

use crate::support::binary::{demo_command, scratch, stderr, stdout};
use std::path::Path;
use std::process::{Output, Stdio};

/// The demo with `data` as its data directory, `env` set and no ticket from the environment.
fn casdesk(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = demo_command(data, args);
    command.env_remove("CASDESK_TICKET").envs(env.iter().copied());
    command.stdin(Stdio::null()).output().unwrap()
}

fn audit_tickets(data: &Path) -> Vec<(String, serde_json::Value)> {
    let audit = casdesk(data, &["audit", "-f", "json"], &[]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    rows.iter().map(|r| (r["action"].as_str().unwrap().to_string(), r["ticket"].clone())).collect()
}

#[test]
fn the_ticket_given_is_in_every_entry_of_the_run() {
    let data = scratch("ticket");
    let alice = "alice@example.com";
    let ok = |out: Output| assert!(out.status.success(), "{}", stderr(&out));
    ok(casdesk(&data, &["--ticket", "INC-1", "unlock", "viktor.petrov@example.com"], &[]));
    ok(casdesk(&data, &["lookup", alice, "--ticket", " INC-2\n"], &[]));
    ok(casdesk(&data, &["lookup", alice], &[("CASDESK_TICKET", "INC-3")]));
    ok(casdesk(&data, &["lookup", alice], &[("CASDESK_TICKET", "")]));
    ok(casdesk(&data, &["--ticket", "INC-5", "lookup", alice, "--ticket", "INC-4"], &[]));
    let tickets = audit_tickets(&data);
    let expected = [
        ("unlock methods", "INC-1"),
        ("lookup", "INC-2"),
        ("lookup", "INC-3"),
        ("lookup", ""),
        ("lookup", "INC-4"),
    ];
    assert_eq!(tickets.len(), expected.len(), "{tickets:?}");
    for ((action, ticket), (want_action, want)) in tickets.iter().zip(expected) {
        assert_eq!(action, want_action);
        let want = if want.is_empty() { serde_json::Value::Null } else { want.into() };
        assert_eq!(ticket, &want, "{tickets:?}");
    }
    let long = "X".repeat(65);
    let refused = casdesk(&data, &["lookup", alice, "--ticket", &long], &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("at most 64 characters"), "{}", stderr(&refused));
    let _ = std::fs::remove_dir_all(&data);
}

/// A settings file in `data` whose note_command is a script that keeps what it was given.
fn settings_posting_with(data: &Path, body: &str) {
    std::fs::create_dir_all(data).unwrap();
    let script = data.join("post-note");
    std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let settings = format!("note_command = [\"{}\", \"--queue\"]\n", script.display());
    std::fs::write(data.join("none.toml"), settings).unwrap();
}

#[test]
fn note_post_gives_the_note_to_note_command_for_the_ticket() {
    let data = scratch("note-post");
    let got = data.join("posted");
    settings_posting_with(
        &data,
        &format!("cat > '{0}'; echo \"$@\" >> '{0}'; echo 'comment 7 added'", got.display()),
    );
    let viktor = "viktor.petrov@example.com";
    casdesk(&data, &["--ticket", "INC-7", "unlock", viktor], &[]);
    let posted = casdesk(&data, &["note", viktor, "--post", "--ticket", "INC-7"], &[]);
    assert_eq!(posted.status.code(), Some(0), "{}", stderr(&posted));
    let note = stdout(&posted);
    assert!(note.contains("Ticket: INC-7\n") && note.contains("Unlock methods: "), "{note}");
    assert_eq!(std::fs::read_to_string(&got).unwrap(), format!("{note}--queue INC-7\n"));
    let said = stderr(&posted);
    assert!(said.contains("posted to INC-7 by ") && said.contains(": comment 7 added"), "{said}");
    // The ticket from the environment will do.
    let from_env = casdesk(&data, &["note", viktor, "--post"], &[("CASDESK_TICKET", "INC-8")]);
    assert_eq!(from_env.status.code(), Some(0), "{}", stderr(&from_env));
    assert!(std::fs::read_to_string(&got).unwrap().ends_with("--queue INC-8\n"));
    // No ticket: nothing to post to, said before anything is read.
    let none = casdesk(&data, &["note", viktor, "--post"], &[]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("--post needs the ticket"), "{}", stderr(&none));
    // A program that fails: the note is printed all the same, the failure said, exit 1.
    settings_posting_with(&data, "cat >/dev/null; echo 'HTTP 401' >&2; exit 4");
    let failed = casdesk(&data, &["note", viktor, "--post", "--ticket", "INC-7"], &[]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(stdout(&failed).contains("Unlock methods: "), "printed anyway");
    assert!(stderr(&failed).contains("NOT posted to INC-7: "), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("exited with status 4: HTTP 401"), "{}", stderr(&failed));
    std::fs::write(data.join("none.toml"), "").unwrap();
    let unset = casdesk(&data, &["note", viktor, "--post", "--ticket", "INC-7"], &[]);
    assert!(stderr(&unset).contains("--post needs a note_command in "), "{}", stderr(&unset));
    let _ = std::fs::remove_dir_all(&data);
}

/// A record of four calls and one list, on 2026-12-01 (UTC).
const RECORD: &str = r#"{"time":"2026-12-01T09:00:00Z","os_user":"anna","tenant":"t","action":"lookup","users":[{"user":"alice@example.com","ok":true}]}
{"time":"2026-12-01T09:01:00Z","os_user":"anna","tenant":"t","ticket":"INC-1","action":"verified caller","users":[{"user":"alice@example.com","ok":true,"outcome":"Live Verification","caller":{"how":"live","at":"2026-12-01T09:01:00Z"}}]}
{"time":"2026-12-01T09:02:00Z","os_user":"anna","tenant":"t","ticket":"INC-1","action":"unlock methods","users":[{"user":"alice@example.com","ok":true,"caller":{"how":"live","at":"2026-12-01T09:01:00Z"}}]}
{"time":"2026-12-01T09:06:00Z","os_user":"anna","tenant":"t","ticket":"INC-1","action":"confirmed working","users":[{"user":"alice@example.com","ok":true,"outcome":"signed in at 10:05 by Approve"}]}
{"time":"2026-12-01T10:00:00Z","os_user":"anna","tenant":"t","action":"lookup","users":[{"user":"bob@example.com","ok":true}]}
{"time":"2026-12-01T10:01:00Z","os_user":"anna","tenant":"t","action":"verified caller","users":[{"user":"bob@example.com","ok":true,"outcome":"override: manager approved","caller":{"how":"override","at":"2026-12-01T10:01:00Z","reason":"manager approved"}}]}
{"time":"2026-12-01T10:03:00Z","os_user":"anna","tenant":"t","action":"generate enrollment codes","users":[{"user":"bob@example.com","ok":true}]}
{"time":"2026-12-01T10:13:00Z","os_user":"anna","tenant":"t","action":"confirmed working","users":[{"user":"bob@example.com","ok":true,"outcome":"signed in at 11:12 by tokencode"}]}
{"time":"2026-12-01T11:00:00Z","os_user":"bert","tenant":"t","action":"lookup","users":[{"user":"carol@example.com","ok":true}]}
{"time":"2026-12-01T11:02:00Z","os_user":"bert","tenant":"t","action":"disable user","users":[{"user":"carol@example.com","ok":true}]}
not a line of the record
{"time":"2026-12-01T12:00:00Z","os_user":"bert","tenant":"t","action":"disable user","users":[{"user":"x@example.com","ok":true},{"user":"y@example.com","ok":true}]}
{"time":"2026-12-01T13:00:00Z","os_user":"bert","tenant":"t","action":"lookup","users":[{"user":"dave@example.com","ok":true}]}
{"time":"2026-12-01T13:01:00Z","os_user":"bert","tenant":"t","action":"verified caller","users":[{"user":"dave@example.com","ok":true,"outcome":"sign-in from a registered device","caller":{"how":"sign-in","at":"2026-12-01T13:01:00Z"}}]}
"#;

#[test]
fn stats_count_calls_verification_times_to_a_fix_and_overrides() {
    let data = scratch("stats");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("audit.jsonl"), RECORD).unwrap();
    let table = casdesk(&data, &["stats"], &[]);
    assert_eq!(table.status.code(), Some(0), "{}", stderr(&table));
    let text = stdout(&table);
    let body: Vec<&str> = text.lines().skip(1).collect();
    assert!(text.starts_with("4 call(s), 2026-12-01 "), "{text}");
    assert_eq!(
        body.join("\n"),
        "  with a ticket                  1  25%
  with a change                  3  75%
  confirmed working              2  50%
Caller verified
  by Live Verification           1  25%
  by a sign-in                   1  25%
  by an override                 1  25%
  not verified                   1  25%
From the first lookup to a confirmed fix (median, 90th percentile)
  generate enrollment codes      1  13 min, 13 min
  unlock methods                 1  6 min, 6 min
Overrides, by reason
  manager approved               1
A call: one user's actions by one operator, each within 30 minutes of the last, or under one ticket.
1 action(s) on several users at once (lists, bulk runs) are no one's call and were not counted.",
        "{text}"
    );
    assert!(
        stderr(&table).contains("1 line(s) of "),
        "the broken line is said: {}",
        stderr(&table)
    );

    let json = casdesk(&data, &["stats", "-f", "json"], &[]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&json)).unwrap();
    let find = |figure: &str, kind: &str| {
        rows.iter()
            .find(|r| r["figure"] == figure && r["kind"] == kind)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(find("calls", "all")["calls"], 4);
    assert_eq!(find("verified", "override")["percent"], 25);
    let unlock = find("time to confirmed fix", "unlock methods");
    assert_eq!((&unlock["median_seconds"], &unlock["p90_seconds"]), (&360.into(), &360.into()));
    assert_eq!(find("override reason", "manager approved")["calls"], 1);

    let since = casdesk(&data, &["stats", "--since", "2026-12-01T10:30:00Z", "-f", "csv"], &[]);
    let csv = stdout(&since);
    assert!(csv.starts_with("figure,kind,calls,percent,median_seconds,p90_seconds\n"), "{csv}");
    assert!(csv.contains("\ncalls,all,2,100,,\n"), "carol and dave: {csv}");
    let _ = std::fs::remove_dir_all(&data);
}
