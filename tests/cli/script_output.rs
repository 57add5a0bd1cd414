//! What scripts read: every command's JSON has exactly the fields the README's "Output fields"
//! tables list for it, each a value of the type listed there (or null), and its CSV header is
//! the same fields in the same order. Run as a script would: the real binary against the demo.

use crate::support::binary::{demo_in as casdesk_in, scratch};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One field as the README lists it.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    kind: String,
}

/// The README's tables under "### Output fields", by their heading (`codes generate`, …).
fn documented() -> BTreeMap<String, Vec<Field>> {
    let readme = include_str!("../../README.md");
    let start = readme.find("### Output fields").expect("an Output fields section");
    let rest = &readme[start + 3..];
    let section = &rest[..rest.find("\n### ").unwrap_or(rest.len())];
    let mut tables = BTreeMap::new();
    let mut heading: Option<String> = None;
    for line in section.lines() {
        if let Some(h) = line.strip_prefix("#### ") {
            heading = Some(h.to_string());
            tables.insert(h.to_string(), Vec::new());
        } else if let (Some(h), Some(row)) = (&heading, line.strip_prefix("| `")) {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let name = cells[0].trim_end_matches('`').to_string();
            let kind = cells[1].to_string();
            assert!(["text", "boolean", "number"].contains(&kind.as_str()), "{line}");
            tables.get_mut(h).unwrap().push(Field { name, kind });
        }
    }
    tables
}

fn table(heading: &str) -> Vec<Field> {
    documented()
        .into_iter()
        .find(|(h, _)| h.starts_with(&format!("`{heading}`")))
        .unwrap_or_else(|| panic!("a README table for {heading}"))
        .1
}

fn data_dir() -> PathBuf {
    scratch("script-output")
}

/// Runs `args` twice in fresh demo tenants, as JSON and as CSV; checks both against `fields`
/// and returns the JSON rows.
fn check(args: &[&str], fields: &[Field]) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let run = |format: &str| {
        let data = data_dir();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["-f", format]);
        let out = casdesk_in(&data, &all);
        let _ = std::fs::remove_dir_all(&data);
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let csv = run("csv");
    assert_eq!(csv.lines().next(), Some(names.join(",").as_str()), "{args:?} CSV header");
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&run("json")).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    assert!(!rows.is_empty(), "{args:?} printed no row");
    for row in &rows {
        let keys: Vec<&str> = row.keys().map(String::as_str).collect();
        assert_eq!(keys, names, "{args:?}: the fields, in order");
        for field in fields {
            let value = &row[&field.name];
            let right = match field.kind.as_str() {
                _ if value.is_null() => true,
                "boolean" => value.is_boolean(),
                "number" => value.is_i64(),
                _ => value.as_str().is_some_and(|s| !s.is_empty()),
            };
            assert!(right, "{args:?}: {} should be {} or null: {value}", field.name, field.kind);
        }
    }
    rows
}

/// That `field` is a real (non-null) value in at least one of `rows`: the types above are
/// not met by printing null everywhere.
fn seen(rows: &[serde_json::Map<String, serde_json::Value>], field: &str) {
    assert!(rows.iter().any(|r| !r[field].is_null()), "{field} is null in every row");
}

#[test]
fn lookup_and_search() {
    let rows = check(&["lookup", "alice@example.com", "nobody@example.com"], &table("lookup"));
    assert_eq!(rows[0]["high_risk"], false, "a JSON boolean, not \"false\"");
    assert!(rows[0]["devices"].is_u64(), "{:?}", rows[0]["devices"]);
    assert!(rows[1]["error"].is_string() && rows[1]["high_risk"].is_null(), "{:?}", rows[1]);
    check(&["search", "garcia"], &table("search"));
}

#[test]
fn codes_generate_and_void() {
    let fields = table("codes generate");
    let rows = check(
        &[
            "codes",
            "generate",
            "--override",
            "callback",
            "--mode",
            "enrollment",
            "alice@example.com",
        ],
        &fields,
    );
    assert_eq!(rows[0]["result_code"], 1000, "a JSON number, not \"1000\"");
    let through = fields.iter().position(|f| f.name == "service_message").unwrap();
    let rows =
        check(&["codes", "void", "--mode", "enrollment", "alice@example.com"], &fields[..=through]);
    assert!(rows[0]["result_code"].is_i64(), "{:?}", rows[0]);
}

#[test]
fn device_code_and_emergency_tokencodes() {
    let fields = table("device-code");
    let rows = check(&["device-code", "--override", "callback", "ADUser@example.com"], &fields);
    assert_eq!(rows[0]["email"], "ADUser@example.com");
    check(&["device-code", "--override", "callback", "alice@example.com"], &fields);
    let rows = check(
        &["eac", "enable", "--override", "callback", "john.doe@example.com"],
        &table("eac enable"),
    );
    seen(&rows, "one_time_use");
    check(&["eac", "disable", "alice@example.com"], &table("eac disable"));
}

#[test]
fn user_actions() {
    let fields = table("unlock");
    let rows = check(&["unlock", "viktor.petrov@example.com", "nobody@example.com"], &fields);
    assert_eq!(rows[0]["changed"], true);
    assert!(rows[1]["changed"].is_null(), "failed: not known whether anything changed");
    let rows = check(&["disable", "grace.hopper@example.com"], &fields);
    assert_eq!(rows[0]["changed"], false);
}

#[test]
fn tokens_and_devices() {
    let rows = check(&["token", "list", "george.miller@example.com"], &table("token list"));
    seen(&rows, "pin_set");
    let rows = check(
        &["token", "assign", "--override", "callback", "alice@example.com", "000555000102"],
        &table("token assign"),
    );
    seen(&rows, "pin_set");
    let rows = check(&["token", "lookup", "000311122233"], &table("token lookup"));
    seen(&rows, "pin_set");
    seen(&rows, "status_reason");
    let renamed = ["token", "rename", "john.doe@example.com", "000412345678", "Desk token"];
    let rows = check(&renamed, &table("token rename"));
    seen(&rows, "result");
    check(&["device", "list", "george.miller@example.com"], &table("device list"));
    check(
        &[
            "device",
            "delete",
            "--override",
            "callback",
            "john.doe@example.com",
            "b1c3ad96-a294-50cf-b2f4-953195d74134",
        ],
        &table("device delete"),
    );
    check(
        &[
            "device",
            "replace",
            "--override",
            "callback",
            "george.miller@example.com",
            "57d98c16-f296-5afb-81f2-6ca2a163709d",
        ],
        &table("device replace"),
    );
    check(&["phone", "alice@example.com"], &table("phone"));
    check(&["activity", "viktor.petrov@example.com"], &table("activity"));
    let rows = check(
        &["activity", "--admin", "carlos.garcia@example.com", "--since", "7d"],
        &table("activity --admin"),
    );
    assert_eq!(rows[0]["by_this_key"], false, "a JSON boolean: {rows:?}");
    seen(&rows, "detail");
}

#[test]
fn fido_keys_ds100s_and_browsers() {
    let rows = check(&["device", "list", "oskar.nilsson@example.com"], &table("device list"));
    seen(&rows, "serial");
    check(&["device", "list", "lena.hoffmann@example.com"], &table("device list"));
    let fields = table("fido suspend");
    let rows = check(&["fido", "suspend", "wanjiru.kamau@example.com", "YubiKey 5C NFC"], &fields);
    seen(&rows, "authenticator");
    check(&["ds100", "disable", "oskar.nilsson@example.com", "140100080"], &fields);
    // Nothing to do: FAILED with why, the same fields.
    let rows = check(
        &["ds100", "clear-pin", "--override", "callback", "beatriz.lima@example.com", "140100094"],
        &fields,
    );
    seen(&rows, "error");
    let rows = check(&["ds100", "lookup", "140100080"], &table("ds100 lookup"));
    seen(&rows, "pin_set");
}

#[test]
fn the_audit_record() {
    let data = data_dir();
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
        ],
    );
    casdesk_in(&data, &["lookup", "nobody@example.com"]);
    let fields = table("audit");
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let csv = String::from_utf8(casdesk_in(&data, &["audit"]).stdout).unwrap();
    assert_eq!(csv.lines().next(), Some(names.join(",").as_str()));
    let json = casdesk_in(&data, &["audit", "-f", "json"]);
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&json.stdout).unwrap();
    let _ = std::fs::remove_dir_all(&data);
    // The override recorded, the code generated, the lookup.
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["action"], "verified caller");
    assert_eq!((&rows[1]["ok"], &rows[1]["result_code"]), (&true.into(), &1000.into()));
    assert_eq!(rows[2]["ok"], false);
    assert!(rows[2]["result_code"].is_null() && rows[1]["error"].is_null(), "{rows:?}");
    for row in &rows {
        assert_eq!(row.keys().map(String::as_str).collect::<Vec<_>>(), names);
    }
}

#[test]
fn the_figures() {
    // A fresh record has no calls: every row is there all the same, counting none.
    let rows = check(&["stats"], &table("stats"));
    assert_eq!((&rows[0]["figure"], &rows[0]["calls"]), (&"calls".into(), &0.into()));
    // With calls, every field has a value somewhere (ticket_command.rs checks the figures).
    let data = data_dir();
    casdesk_in(&data, &["--ticket", "INC-1", "unlock", "viktor.petrov@example.com"]);
    let json = casdesk_in(&data, &["stats", "-f", "json"]);
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&json.stdout).unwrap();
    let _ = std::fs::remove_dir_all(&data);
    let names: Vec<String> = table("stats").iter().map(|f| f.name.clone()).collect();
    assert!(rows.iter().all(|r| r.keys().cloned().collect::<Vec<_>>() == names), "{rows:?}");
    seen(&rows, "percent");
    assert_eq!(rows[1]["kind"], "with a ticket");
    assert_eq!(rows[1]["calls"], 1, "{rows:?}");
}

#[test]
fn the_tenants_failures() {
    let rows = check(&["failures"], &table("failures"));
    seen(&rows, "description");
    seen(&rows, "lock");
    assert!(rows.iter().all(|r| r["group_failures"].is_u64() && r["user_failures"].is_u64()));
    assert!(rows.iter().any(|r| r["lock"] == "locked"), "the demo's lockout wave");
}

/// Every table in the README is checked by one of the tests above.
#[test]
fn reports() {
    let rows = check(&["report", "generate", "users"], &table("report generate"));
    assert_eq!(rows[0]["action"], "generated");
    assert!(rows[0]["bytes"].is_null(), "a generate writes no file");
    let rows = check(&["report", "status"], &table("report status"));
    assert_eq!(rows.len(), 3, "one row per report");
}

#[test]
fn every_documented_command_is_checked() {
    let checked = [
        "lookup",
        "search",
        "codes generate",
        "device-code",
        "eac enable",
        "eac disable",
        "unlock",
        "token list",
        "token assign",
        "token lookup",
        "token rename",
        "device list",
        "device delete",
        "device replace",
        "fido suspend",
        "ds100 lookup",
        "phone",
        "activity",
        "failures",
        "activity --admin",
        "audit",
        "stats",
        "report generate",
        "report status",
    ];
    for heading in documented().keys() {
        assert!(
            checked.iter().any(|c| heading.starts_with(&format!("`{c}`"))),
            "no test runs the command of {heading}"
        );
    }
}
