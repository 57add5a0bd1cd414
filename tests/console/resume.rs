//! Killing casdesk in the middle of a bulk run loses no result and `casdesk resume` sends only
//! the rest: the real binary, killed with SIGKILL, against the simulator over loopback.

use crate::support::simulator::calls;
use casdesk::bulk::journal::RecordedRun;
use casdesk::sim::{self, SimConfig, SimHandle};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const USERS: usize = 2000;
const CALLS: u64 = 20; // 100 users a call

pub(super) struct Scratch(pub(super) PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn setup(name: &str, sim: &SimHandle) -> (Scratch, PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("casdesk-{name}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("demo.key");
    sim.write_demo_key_file(&key).unwrap();
    let list = dir.join("users.txt");
    let text: String = (0..USERS).map(|i| format!("user{i:05}@kill.example.com\n")).collect();
    std::fs::write(&list, text).unwrap();
    (Scratch(dir), key, list)
}

pub(super) fn casdesk(dir: &Path, key: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casdesk"));
    cmd.arg("--key-file")
        .arg(key)
        .arg("--config")
        .arg(dir.join("none.toml"))
        .env("CASDESK_DATA_DIR", dir.join("data"))
        .env("CASDESK_LOG_DIR", dir.join("logs"))
        .env_remove("CASDESK_KEY_FILE")
        .stdin(Stdio::null());
    cmd
}

/// Waits until the run's journal (in `dir`'s data directory) satisfies `ready`, then kills
/// `child` with SIGKILL, giving it no chance to tidy up; returns the journal's path.
pub(super) fn kill_when(
    mut child: std::process::Child,
    dir: &Path,
    ready: impl Fn(&Path) -> bool,
) -> PathBuf {
    let runs = dir.join("data").join("runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    let journal = loop {
        assert!(Instant::now() < deadline, "the run never got going");
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be killed");
        let found =
            std::fs::read_dir(&runs).ok().and_then(|mut d| d.next()).map(|e| e.unwrap().path());
        if let Some(path) = found
            && ready(&path)
        {
            break path;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    journal
}

/// Starts a run, waits until the journal holds a few calls' results, and kills -9 it.
fn start_and_kill(dir: &Path, key: &Path, args: &[&str]) -> RecordedRun {
    let child = casdesk(dir, key)
        .args(args)
        .arg("--concurrency")
        .arg("1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let journal = kill_when(child, dir, |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.matches(r#""t":"results""#).count() >= 3
    });
    let run = RecordedRun::read(&journal).unwrap();
    assert!(!run.finished, "killed, not finished");
    assert!(run.done_count() >= 300 && run.done_count() < USERS, "{}", run.done_count());
    run
}

fn resume(dir: &Path, key: &Path) -> (i32, Vec<HashMap<String, String>>) {
    let out = dir.join("out.csv");
    let status = casdesk(dir, key)
        .args(["resume", "--override", "callback", "--output"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows = lines
        .map(|l| {
            header.iter().map(|h| h.to_string()).zip(l.split(',').map(str::to_string)).collect()
        })
        .collect();
    (status.code().unwrap(), rows)
}

fn each_user_once(rows: &[HashMap<String, String>]) {
    assert_eq!(rows.len(), USERS, "every user of the run is in the results");
    let distinct: std::collections::HashSet<&str> =
        rows.iter().map(|r| r["email"].as_str()).collect();
    assert_eq!(distinct.len(), USERS, "and only once");
}

/// A run of `command` (`--input` is added) killed with SIGKILL a few calls in.
struct Killed {
    sim: SimHandle,
    scratch: Scratch,
    key: PathBuf,
    run: RecordedRun,
}

async fn kill_mid_run(name: &str, command: &[&str]) -> Killed {
    let sim = sim::start(SimConfig { latency: Duration::from_millis(120), ..SimConfig::default() })
        .await
        .unwrap();
    let (scratch, key, list) = setup(name, &sim);
    let mut args: Vec<String> = command.iter().map(|a| a.to_string()).collect();
    args.extend(["--input".to_string(), list.to_str().unwrap().to_string()]);
    let (dir, k) = (scratch.0.clone(), key.clone());
    let run = tokio::task::spawn_blocking(move || {
        start_and_kill(&dir, &k, &args.iter().map(String::as_str).collect::<Vec<_>>())
    })
    .await
    .unwrap();
    Killed { sim, scratch, key, run }
}

impl Killed {
    async fn resume(&self) -> (i32, Vec<HashMap<String, String>>) {
        let (dir, key) = (self.scratch.0.clone(), self.key.clone());
        tokio::task::spawn_blocking(move || resume(&dir, &key)).await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_void_run_resumes_with_only_the_rest() {
    let killed = kill_mid_run("void", &["codes", "void", "--mode", "enrollment"]).await;
    let before = calls(&killed.sim, "POST /v1/users/voidVerifyCode");
    let (code, rows) = killed.resume().await;
    each_user_once(&rows);
    assert!(rows.iter().all(|r| r["result_code"] == "1002"), "every user has the service's answer");
    assert_eq!(code, 1, "unknown users are failures");
    let after = calls(&killed.sim, "POST /v1/users/voidVerifyCode");
    let done_before = killed.run.done_count() as u64 / 100;
    // Voiding again is harmless, so a call whose answer was lost may be sent again; nothing
    // already recorded is.
    assert!(after - before <= CALLS - done_before, "resume sent {} calls", after - before);
    assert!(after <= CALLS + 1, "{after} calls in all");
    let finished = RecordedRun::read(&killed.run.path).unwrap();
    assert!(finished.finished && finished.done_count() == USERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_generate_run_never_generates_twice_for_anyone() {
    let killed = kill_mid_run(
        "generate",
        &["codes", "generate", "--override", "callback", "--mode", "password-reset"],
    )
    .await;
    let lost = killed.run.lost_answers().len();
    let (_, rows) = killed.resume().await;
    each_user_once(&rows);
    // No call went out twice. A call whose answer was lost may have died before it reached the
    // service (SIGKILL between journaling it and sending it), so it counts at most once.
    let sent = calls(&killed.sim, "POST /v1/users/generateVerifyCode/resetPassword");
    let lost_calls = lost.div_ceil(100) as u64;
    assert!(
        (CALLS - lost_calls..=CALLS).contains(&sent),
        "{sent} calls for {CALLS} batches, {lost_calls} of them in doubt"
    );
    let in_doubt = rows.iter().filter(|r| r["status"] == "WARNING").count();
    assert_eq!(in_doubt, lost, "users whose answer was lost are reported, not retried");
}
