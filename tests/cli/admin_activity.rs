//! `casdesk activity --admin EMAIL`: the administration log's entries on one user, as a table,
//! CSV or JSON; casdesk's own marked "this key"; a 403 said in words with exit 1.

use crate::support::binary::{demo_in, scratch, stderr, stdout};
use std::process::Command;

#[test]
fn the_table_names_the_colleague_and_when_and_json_marks_this_keys_own() {
    let data = scratch("admin-activity");
    let out = demo_in(&data, &["activity", "--admin", "priya.nair@example.com"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("1 administration event on priya.nair@example.com in the last 24 hours"),
        "{text}"
    );
    let row = text.lines().last().unwrap();
    assert!(row.contains("anna.berg (Help Desk)  generated an enrollment code"), "{text}");
    assert!(row.contains(" min ago)"), "{row}");
    assert!(!text.contains("marcus.reed"), "raj's sync is two days old: {text}");
    // A change made now is this key's, newest first.
    let out = demo_in(&data, &["disable", "carlos.garcia@example.com"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = demo_in(&data, &["activity", "--admin", "carlos.garcia@example.com", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["meaning"], "disabled the user");
    assert_eq!(rows[0]["by_this_key"], true);
    assert_eq!(rows[1]["admin"], "anna.berg");
    assert_eq!(rows[1]["meaning"], "unlocked TOKEN");
    assert_eq!(rows[1]["by_this_key"], false);
    assert!(stderr(&out).contains("1 by this key"), "{}", stderr(&out));
    // --since reaches further back; CSV has the documented columns.
    let out = demo_in(
        &data,
        &["activity", "--admin", "carlos.garcia@example.com", "--since", "7d", "-f", "csv"],
    );
    let csv = stdout(&out);
    assert_eq!(
        csv.lines().next().unwrap(),
        "time,ago,admin,role,by_this_key,meaning,activity_key,activity_code,detail,source_ip,event_id"
    );
    assert!(csv.contains(",3 days ago,anna.berg,"), "{csv}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn event_code_does_not_go_with_admin() {
    let data = scratch("admin-activity-args");
    let out = demo_in(
        &data,
        &["activity", "--admin", "alice@example.com", "--event-code", "AUTHN_SUCCESS"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_that_may_not_read_the_log_is_told_so_in_words_and_exits_1() {
    let sim = casdesk::sim::start(casdesk::sim::SimConfig::default()).await.unwrap();
    sim.control().set_admin_log_for_keys(false);
    let dir = scratch("admin-activity-403");
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("helpdesk.key");
    sim.write_demo_key_file(&key).unwrap();
    let run = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_casdesk"))
            .arg("--key-file")
            .arg(&key)
            .arg("--config")
            .arg(dir.join("none.toml"))
            .args(["activity", "--admin", "priya.nair@example.com"])
            .env("CASDESK_DATA_DIR", dir.join("data"))
            .env("CASDESK_LOG_DIR", dir.join("logs"))
            .output()
            .unwrap()
    });
    let out = run.await.unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("this key may not read the administration log"), "{err}");
    assert!(stdout(&out).is_empty());
}
