//! `casdesk follow` and `casdesk challenge` as a script runs them: the real binary against a
//! simulator in this process (its key file given with `--key-file`), the user signing in through
//! the simulator's control endpoint while the command waits, then its lines and exit code.

use crate::support::binary::{scratch, stderr, stdout};
use casdesk::sim::{self, Fault, SimConfig, SimHandle};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

struct Setup {
    sim: SimHandle,
    dir: PathBuf,
}

async fn setup() -> Setup {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = scratch("follow");
    std::fs::create_dir_all(&dir).unwrap();
    sim.write_demo_key_file(&dir.join("tenant.key")).unwrap();
    Setup { sim, dir }
}

impl Setup {
    /// Starts `casdesk --key-file … ARGS`; its output once it ends.
    fn run(&self, args: &[&str]) -> tokio::task::JoinHandle<Output> {
        let child = Command::new(env!("CARGO_BIN_EXE_casdesk"))
            .arg("--key-file")
            .arg(self.dir.join("tenant.key"))
            .arg("--config")
            .arg(self.dir.join("none.toml"))
            .args(args)
            .env("CASDESK_DATA_DIR", self.dir.join("data"))
            .env("CASDESK_LOG_DIR", self.dir.join("logs"))
            .env_remove("CASDESK_PROFILE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
    }

    /// Waits until the command has read the log `n` times (so what follows is news to it).
    async fn reads(&self, n: u64) {
        for _ in 0..300 {
            let stats = self.sim.control().stats();
            if stats.by_endpoint.get("GET /v1/users/{id}/authlogs").copied().unwrap_or(0) >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the command never read the log {n} times");
    }

    /// `POST /sim/control/sign-in`, as someone trying a console by hand would.
    async fn sign_in(&self, body: Value) {
        let url = format!("{}/sim/control/sign-in", self.sim.base_url());
        let answer = reqwest::Client::new().post(url).json(&body).send().await.unwrap();
        assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_prints_each_new_event_and_stops_at_the_first_sign_in() {
    let s = setup().await;
    let args =
        ["follow", "alice@example.com", "--until-signed-in", "--every", "1", "--minutes", "1"];
    let running = s.run(&args);
    s.reads(2).await;
    s.sign_in(json!({"email": "alice@example.com", "result": "failure"})).await;
    s.sign_in(json!({"email": "alice@example.com", "result": "success", "method": "APPROVE"}))
        .await;
    let out = running.await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "the shipped history is not news:\n{text}");
    assert!(lines[0].contains("  FAILED  Wrong tokencode (PIN + token code"), "{text}");
    assert!(lines[1].contains("  OK      Signed in with Approve push (device \""), "{text}");
    assert!(lines.iter().all(|l| l.len() > 26 && l.as_bytes()[4] == b'-'), "a time first: {text}");
    assert!(
        stderr(&out).contains("casdesk: following alice@example.com until "),
        "{}",
        stderr(&out)
    );
    // The sign-in confirmed the fix, recorded as the console records it.
    let record = std::fs::read_to_string(s.dir.join("data").join("audit.jsonl")).unwrap();
    assert!(record.contains("\"action\":\"confirmed working\""), "{record}");
    assert!(record.contains("signed in at ") && record.contains(" by Approve"), "{record}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_until_signed_in_exits_1_when_nobody_signs_in_and_2_for_nobody() {
    let s = setup().await;
    let out = s.run(&[
        "follow",
        "alice@example.com",
        "--until-signed-in",
        "--every",
        "1",
        "--minutes",
        "0.05",
    ]);
    let out = out.await.unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no successful sign-in in 3 seconds"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    // Without --until-signed-in, the time being up is how it ends.
    let out =
        s.run(&["follow", "alice@example.com", "--every", "1", "--minutes", "0.03"]).await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = s.run(&["follow", "ghost@example.com"]).await.unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ghost@example.com: HTTP 404"), "{}", stderr(&out));
    let out = s.run(&["follow", "alice@example.com", "--minutes", "0"]).await.unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--minutes 0"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn challenge_verifies_only_a_sign_in_from_a_registered_device_and_says_how() {
    let s = setup().await;
    let running = s.run(&["challenge", "alice@example.com", "--every", "1", "--minutes", "1"]);
    s.reads(2).await;
    s.sign_in(json!({"email": "alice@example.com", "result": "failure"})).await;
    s.sign_in(json!({"email": "alice@example.com", "result": "success", "method": "SMS"})).await;
    s.reads(4).await;
    s.sign_in(json!({"email": "alice@example.com", "result": "success", "method": "APPROVE"}))
        .await;
    let out = running.await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}\n{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("FAILED  Wrong tokencode"), "failures told live:\n{text}");
    assert!(
        text.contains(
            "  not counted: SMS code: a code sent to a phone number, not a registered device"
        ),
        "{text}"
    );
    let verdict = text.lines().last().unwrap();
    assert!(verdict.starts_with("VERIFIED: signed in with Approve push on \""), "{verdict}");
    assert!(stderr(&out).contains("ask alice@example.com to sign in now"), "{}", stderr(&out));
    // Recorded, with how it ended, as the sign-in activity it is.
    let audit = std::fs::read_to_string(s.dir.join("data").join("audit.jsonl")).unwrap();
    assert!(
        audit.contains("\"sign-in activity\"") && audit.contains("sign-in challenge: VERIFIED"),
        "{audit}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn challenge_exits_1_unless_verified() {
    let s = setup().await;
    let out = s
        .run(&["challenge", "alice@example.com", "--every", "1", "--minutes", "0.05"])
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "NOT VERIFIED: no sign-in in 3 seconds\n");
    // A sign-in made before the challenge began does not count.
    s.sign_in(json!({"email": "alice@example.com", "result": "success", "method": "APPROVE"}))
        .await;
    let out = s
        .run(&["challenge", "alice@example.com", "--every", "1", "--minutes", "0.05"])
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let out = s.run(&["challenge", "no.device@example.com"]).await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out)
            .starts_with("NOT VERIFIED: a sign-in cannot verify a user with no registered device")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_answer_never_reaches_the_terminal_raw() {
    let s = setup().await;
    let running = s.run(&["follow", "alice@example.com", "--every", "1", "--minutes", "1"]);
    s.reads(1).await;
    s.sim.control().inject(Fault::HostileText, 1_000);
    let out = running.await.unwrap();
    // Every string poisoned, the user id too: the answer is not this user's, and following stops.
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    for text in [stdout(&out), stderr(&out)] {
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
    }
    assert!(stderr(&out).contains("nothing of that answer is shown"), "{}", stderr(&out));
}
