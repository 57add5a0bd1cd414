//! `casdesk failures`: the demo tenant's lockout wave grouped by cause, application and
//! source, as a table, TSV and JSON; `--locked-users` fed to `casdesk unlock -i -` unlocks
//! exactly the locked users of a group, and the next read shows them unlocked.

use crate::support::binary::{demo_command, demo_in, scratch, stderr, stdout};
use std::io::Write;
use std::process::Stdio;

const LOCKED: [&str; 6] = [
    "ava.johnson@example.com",
    "lucas.moreau@example.com",
    "mateo.fernandez@example.com",
    "raj.patel@example.com",
    "sara.lindgren@example.com",
    "viktor.petrov@example.com",
];

#[test]
fn the_groups_with_counts_and_users_in_each_format() {
    let data = scratch("failures");
    let out = demo_in(&data, &["failures"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.starts_with("4"), "the summary first: {table}");
    assert!(table.contains("in 9 groups by cause"), "{table}");
    assert!(
        table.contains("    6  AUTHN_METHOD_LOCKED  Authentication method TOKEN locked"),
        "{table}"
    );
    assert!(table.contains("    1    sara.lindgren@example.com  [locked]"), "{table}");
    let tsv = stdout(&demo_in(&data, &["failures", "--group", "application", "-f", "tsv"]));
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("grouped_by\tgroup\tdescription\tgroup_failures\tuser\tuser_failures\tlock")
    );
    let citrix: Vec<&str> = tsv.lines().filter(|l| l.contains("\tCitrix Gateway\t")).collect();
    assert_eq!(citrix.len(), 12, "a dozen users behind the one application: {tsv}");
    assert!(citrix[0].starts_with("application\tCitrix Gateway\t\t34\tviktor.petrov"), "{tsv}");
    let json = stdout(&demo_in(&data, &["failures", "--group", "source", "-f", "json"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let by_source: usize = rows
        .iter()
        .filter(|r| r["group"] == "198.51.100.77")
        .map(|r| r["user_failures"].as_u64().unwrap() as usize)
        .sum();
    assert_eq!(rows[0]["group"], "198.51.100.77", "the biggest group first");
    assert_eq!(by_source as u64, rows[0]["group_failures"].as_u64().unwrap());
    assert!(rows.iter().all(|r| r["grouped_by"] == "source"));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn locked_users_of_a_group_feed_unlock_and_the_next_read_shows_them_unlocked() {
    let data = scratch("failures-unlock");
    let out = demo_in(&data, &["failures", "--only", "AUTHN_METHOD_LOCKED", "--locked-users"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out);
    let mut names: Vec<&str> = listed.lines().collect();
    names.sort_unstable();
    assert_eq!(names, LOCKED);
    let mut unlock = demo_command(&data, &["unlock", "-i", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    unlock.stdin.take().unwrap().write_all(listed.as_bytes()).unwrap();
    let done = unlock.wait_with_output().unwrap();
    assert!(done.status.success(), "{}{}", stdout(&done), stderr(&done));
    assert_eq!(stdout(&done).lines().count(), 1 + LOCKED.len(), "{}", stdout(&done));
    let after = demo_in(&data, &["failures", "--locked-users"]);
    assert_eq!(stdout(&after), "", "no one locked now");
    let table = stdout(&demo_in(&data, &["failures"]));
    assert!(table.contains("    1    raj.patel@example.com  [unlocked]"), "{table}");
    let looked = stdout(&demo_in(&data, &["lookup", "raj.patel@example.com", "-f", "json"]));
    assert!(looked.contains("\"locked_methods\": null"), "{looked}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_bad_since_is_refused() {
    let data = scratch("failures-since");
    for bad in ["soon", "60d"] {
        let out = demo_in(&data, &["failures", "--since", bad]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("--since"), "{}", stderr(&out));
    }
    let _ = std::fs::remove_dir_all(&data);
}
