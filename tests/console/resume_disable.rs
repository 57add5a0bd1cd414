//! A bulk disable killed with SIGKILL mid-run, against a service that acts before it answers
//! and throttles hard (20 calls/s, burst 1): the run is journaled, `casdesk runs` lists it,
//! the `-o` file holds every row settled before the kill, and `casdesk resume` finishes it,
//! settling the users whose call was in flight by reading their state back, never guessing.
//! No 429 ends a user FAILED, and an unknown user reads "not found", not "gave up".

use super::resume::{Scratch, casdesk, kill_when};
use casdesk::bulk::journal::RecordedRun;
use casdesk::sim::{self, RateLimit, SimConfig, SimHandle};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

const LEAVERS: usize = 40;
const UNKNOWN: usize = 10;

fn leaver(i: usize) -> String {
    format!("leaver{i:03}@kill.example.com")
}

/// The demo tenant with `LEAVERS` more users, all enabled.
fn add_leavers(sim: &SimHandle) {
    let mut tenant: serde_json::Value = serde_json::from_str(&sim.control().save_tenant()).unwrap();
    let users = tenant["users"].as_array_mut().unwrap();
    let model = users[1].clone();
    for i in 0..LEAVERS {
        let mut user = model.clone();
        user["id"] = format!("00000000-0000-4000-8000-{i:012}").into();
        user["email"] = leaver(i).into();
        user["principal_username"] = leaver(i).into();
        users.push(user);
    }
    sim.control().restore_tenant(&tenant.to_string()).unwrap();
}

/// Leavers with an unknown address after every fourth.
fn the_list() -> Vec<String> {
    let mut list = Vec::new();
    for i in 0..LEAVERS {
        list.push(leaver(i));
        if i % 4 == 3 && list.len() < LEAVERS + UNKNOWN {
            list.push(format!("gone{i:03}@kill.example.com"));
        }
    }
    list
}

/// CSV rows as header → cell maps (the cells here never hold a comma).
fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut lines = text.lines();
    let Some(header) = lines.next() else { return Vec::new() };
    let header: Vec<&str> = header.split(',').collect();
    lines
        .map(|l| header.iter().map(|h| h.to_string()).zip(l.split(',').map(String::from)).collect())
        .collect()
}

/// The journal's last line is a unit sent with no result yet: a call is in flight.
fn in_flight(journal: &Path) -> bool {
    let text = std::fs::read_to_string(journal).unwrap_or_default();
    text.lines().last().is_some_and(|l| l.contains(r#""t":"sending""#))
}

/// Starts `casdesk disable`, waits until at least 10 rows are in the `-o` file and a call is
/// in flight, and kills it with SIGKILL.
fn start_and_kill(dir: &Path, key: &Path, list: &Path, out: &Path) -> PathBuf {
    let child = casdesk(dir, key)
        .args(["disable", "--input"])
        .arg(list)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    kill_when(child, dir, |journal| rows(out).len() >= 10 && in_flight(journal))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_bulk_disable_is_listed_resumed_and_settled_by_reading_back() {
    let sim = sim::start(SimConfig {
        rate_limit: Some(RateLimit { per_second: 20.0, burst: 1 }),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    add_leavers(&sim);
    sim.control().set_answer_delay(Duration::from_millis(150));
    let dir = std::env::temp_dir().join(format!("casdesk-kill-disable-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let scratch = Scratch(dir.clone());
    let key = dir.join("demo.key");
    sim.write_demo_key_file(&key).unwrap();
    let list = the_list();
    let list_file = dir.join("leavers.txt");
    std::fs::write(&list_file, list.join("\n")).unwrap();
    let (out, out2) = (dir.join("out.csv"), dir.join("resumed.csv"));

    let (d, k, l, o) = (dir.clone(), key.clone(), list_file.clone(), out.clone());
    let journal =
        tokio::task::spawn_blocking(move || start_and_kill(&d, &k, &l, &o)).await.unwrap();

    // Every row settled before the kill is on disk, once each, none a 429.
    let before = rows(&out);
    assert!(before.len() >= 10, "{} rows survived the kill", before.len());
    let named: HashSet<&str> = before.iter().map(|r| r["email"].as_str()).collect();
    assert_eq!(named.len(), before.len(), "no user twice");
    assert!(before.iter().all(|r| !r["error"].contains("429")), "{before:?}");

    // The journal knows the users whose call was in flight.
    let run = RecordedRun::read(&journal).unwrap();
    assert!(!run.finished);
    let in_doubt = run.lost_answers();
    assert!(!in_doubt.is_empty(), "a call was in flight at the kill");

    // `casdesk runs` lists it.
    let (d, k) = (dir.clone(), key.clone());
    let listed = tokio::task::spawn_blocking(move || casdesk(&d, &k).arg("runs").output().unwrap())
        .await
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(listed.contains(&run.header.run_id) && listed.contains("disable user"), "{listed}");
    assert!(listed.contains("casdesk --demo resume"), "a simulator's run says how: {listed}");

    // The service acted on the users in flight before it could answer. (Read without the
    // limit, so the test's own reads take none of the run's share.)
    sim.control().set_rate_limit(None);
    let client = crate::support::simulator::legacy_client(&sim, Default::default());
    let mut acted_unheard = Vec::new();
    for email in in_doubt.iter().filter(|e| e.starts_with("leaver")) {
        let user = client.lookup_user(email, false).await.unwrap();
        if user.user_status == Some(casdesk::api::UserStatus::Disabled) {
            acted_unheard.push(email.clone());
        }
    }

    sim.control().set_rate_limit(Some(RateLimit { per_second: 20.0, burst: 1 }));
    // Named by the first characters of its id, as `casdesk runs` says is enough.
    let (d, k, o) = (dir.clone(), key.clone(), out2.clone());
    let prefix = run.header.run_id[..8].to_string();
    let status = tokio::task::spawn_blocking(move || {
        let mut resume = casdesk(&d, &k);
        resume.args(["resume", &prefix, "-o"]).arg(&o).stderr(Stdio::null()).status().unwrap()
    })
    .await
    .unwrap();
    sim.control().set_rate_limit(None);
    assert_eq!(status.code(), Some(1), "the unknown users need attention");
    let after = rows(&out2);
    assert_eq!(after.len(), list.len(), "every user of the list has a row");
    let by_user: HashMap<&str, &HashMap<String, String>> =
        after.iter().map(|r| (r["email"].as_str(), r)).collect();
    assert_eq!(by_user.len(), list.len(), "once each");
    for email in &list {
        let row = by_user[email.as_str()];
        if email.starts_with("leaver") {
            assert_eq!(row["status"], "OK", "{row:?}");
            let user = client.lookup_user(email, false).await.unwrap();
            assert_eq!(user.user_status, Some(casdesk::api::UserStatus::Disabled), "{email}");
        } else {
            assert_eq!(row["status"], "FAILED", "{row:?}");
            assert!(row["error"].contains("404"), "{row:?}");
            assert!(!row["error"].contains("gave up"), "{row:?}");
        }
        assert!(!row["error"].contains("429"), "no 429 ends a user: {row:?}");
    }
    for email in &acted_unheard {
        let row = by_user[email.as_str()];
        assert!(row["result"].contains("read back"), "settled by reading back: {row:?}");
    }
    let finished = RecordedRun::read(&journal).unwrap();
    assert!(finished.finished && finished.done_count() == list.len());
    drop(scratch);
}
