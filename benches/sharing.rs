//! How well bulk runs use a rate limit they share with others, on a realistic network: the
//! simulator adds 150 ms to every answer and refuses calls beyond its limit with 429, as the
//! service does. Figures and ratios are printed beside their targets; nothing fails on a slow
//! machine. `cargo bench --bench sharing`.
//!
//! 1. One process, limit 50 calls/s: the rate reached as a fraction of the limit, against one
//!    call at a time measured in the same run.
//! 2. Four processes of the real binary at once against one simulator, limit 20 calls/s, 2,000
//!    users each: the rate they reach together, how evenly they finish, and how many calls
//!    were answered 429. At 20 calls each (about 4 s) most of a run is its opening, when no
//!    run knows anything of the others.
//! 3. The same with 8,000 users each (about 16 s): what follows the opening.
//!
//! `CASDESK_BENCH_PART=1` (or `2`, `3`) runs that part only. The simulator's burst is a
//! quarter of a second's worth of calls; `CASDESK_BENCH_BURST=N` sets another (`1`: the
//! harshest bucket; the rate itself: what issue 23 measures).

use casdesk::api::{Client, ClientOptions, CodeMode, Credentials, LegacyKeyFile};
use casdesk::bulk::{Cancel, EngineConfig, Event, Operation};
use casdesk::sim::{self, RateLimit, SimConfig, SimHandle};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LATENCY: Duration = Duration::from_millis(150);

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    println!(
        "casdesk sharing benchmarks ({} cores), {LATENCY:?} added to every answer, burst {}\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::env::var("CASDESK_BENCH_BURST")
            .ok()
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| "a quarter of the rate".into())
    );
    let part = std::env::var("CASDESK_BENCH_PART").unwrap_or_default();
    let runs = |n: &str| part.is_empty() || part == n;
    if runs("1") {
        runtime.block_on(one_process());
    }
    if runs("2") {
        runtime.block_on(four_processes(2, 2_000));
    }
    if runs("3") {
        runtime.block_on(four_processes(3, 8_000));
    }
}

fn met(ok: bool) -> &'static str {
    if ok { "target met" } else { "TARGET MISSED" }
}

fn limited(per_second: f64) -> SimConfig {
    SimConfig {
        latency: LATENCY,
        // A quarter of a second's worth at once (unless set), then the steady rate.
        rate_limit: Some(RateLimit { per_second, burst: burst(per_second) }),
        ..SimConfig::default()
    }
}

fn burst(per_second: f64) -> u32 {
    std::env::var("CASDESK_BENCH_BURST")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or((per_second / 4.0).ceil() as u32)
}

fn users(n: usize, tag: &str) -> Vec<String> {
    (0..n).map(|i| format!("user{i:05}@{tag}.bench.example.com")).collect()
}

/// Voids `n` users in this process; calls answered (not refused) per second, and 429s.
async fn void_in_process(per_second: f64, n: usize, engine: EngineConfig) -> (f64, u64, Duration) {
    let sim = sim::start(limited(per_second)).await.unwrap();
    let key = LegacyKeyFile::parse(&sim.demo_key_file_json()).unwrap();
    let client = Client::with_options(Credentials::Legacy(key), ClientOptions::default()).unwrap();
    // Signed in before the clock starts: the token is not what is measured.
    client.lookup_user("alice@example.com", false).await.unwrap();
    let op = Operation::Void { mode: CodeMode::Enrollment };
    let mut outcomes = 0;
    let mut emit = |event| {
        if let Event::Batch { outcomes: batch, .. } = event {
            outcomes += batch.len();
        }
    };
    let started = Instant::now();
    casdesk::bulk::run(&client, &op, users(n, "one"), &engine, &Cancel::default(), None, &mut emit)
        .await;
    let wall = started.elapsed();
    assert_eq!(outcomes, n, "every user has an outcome");
    let stats = sim.control().stats();
    sim.shutdown().await;
    let calls = n.div_ceil(100) as f64;
    (calls / wall.as_secs_f64(), stats.too_many_requests, wall)
}

async fn one_process() {
    const LIMIT: f64 = 50.0;
    println!("== 1. One process, rate limit {LIMIT} calls/s");
    let (rate, throttled, wall) = void_in_process(LIMIT, 30_000, EngineConfig::default()).await;
    let serial = EngineConfig { initial_concurrency: 1, max_concurrency: 1, ..Default::default() };
    let (one_rate, _, one_wall) = void_in_process(LIMIT, 4_000, serial).await;
    println!(
        "  engine:              30000 users (300 calls) in {:.2} s = {rate:.1} calls/s = {:.2} of the limit (target >= 0.95: {}), {throttled} answered 429",
        wall.as_secs_f64(),
        rate / LIMIT,
        met(rate / LIMIT >= 0.95)
    );
    println!(
        "  one call at a time:   4000 users (40 calls) in {:.2} s = {one_rate:.1} calls/s = {:.2} of the limit",
        one_wall.as_secs_f64(),
        one_rate / LIMIT
    );
    let ratio = rate / one_rate;
    println!("  engine vs one at a time: {ratio:.1}x (target >= 6x: {})\n", met(ratio >= 6.0));
}

/// One `casdesk codes void` of the real binary against `sim`; when it started and ended.
fn void_process(
    sim: &SimHandle,
    dir: &std::path::Path,
    tag: &str,
    n: usize,
) -> std::process::Child {
    let key = dir.join("demo.key");
    if !key.exists() {
        sim.write_demo_key_file(&key).unwrap();
    }
    let list = dir.join(format!("{tag}.txt"));
    std::fs::write(&list, users(n, tag).join("\n")).unwrap();
    Command::new(env!("CARGO_BIN_EXE_casdesk"))
        .arg("--key-file")
        .arg(&key)
        .arg("--config")
        .arg(dir.join("none.toml"))
        .args(["codes", "void", "--mode", "enrollment", "-f", "json", "-o"])
        .arg(dir.join(format!("{tag}.json")))
        .arg("--input")
        .arg(&list)
        .env("CASDESK_DATA_DIR", dir.join(format!("data-{tag}")))
        .env("CASDESK_LOG_DIR", dir.join(format!("logs-{tag}")))
        .env_remove("CASDESK_KEY_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the casdesk binary starts")
}

async fn four_processes(part: u32, each: usize) {
    const LIMIT: f64 = 20.0;
    println!(
        "== {part}. Four processes of the real binary at once, {each} users each, rate limit {LIMIT} calls/s"
    );
    let sim = sim::start(limited(LIMIT)).await.unwrap();
    let dir = std::env::temp_dir().join(format!("casdesk-sharing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let started = Instant::now();
    let children: Vec<_> =
        (0..4).map(|i| void_process(&sim, &dir, &format!("p{i}"), each)).collect();
    let mut finished = Vec::new();
    for mut child in children {
        // Each is waited on by a thread so a slow one does not hold up the others' times.
        finished.push(tokio::task::spawn_blocking(move || {
            let status = child.wait().unwrap();
            (status, Instant::now())
        }));
    }
    let mut ends = Vec::new();
    for f in finished {
        let (status, end) = f.await.unwrap();
        assert!(status.success() || status.code() == Some(1), "a run failed to run: {status}");
        ends.push(end.duration_since(started));
    }
    let stats = sim.control().stats();
    sim.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
    let calls = (4 * each.div_ceil(100)) as f64;
    let last = ends.iter().max().unwrap().as_secs_f64();
    let first = ends.iter().min().unwrap().as_secs_f64();
    let rate = calls / last;
    let voids = stats.by_endpoint.get("POST /v1/users/voidVerifyCode").copied().unwrap_or(0);
    let share = stats.too_many_requests as f64 / voids.max(1) as f64;
    let times: Vec<String> = ends.iter().map(|d| format!("{:.2} s", d.as_secs_f64())).collect();
    println!("  finished after {}", times.join(", "));
    println!(
        "  together: {calls} calls in {last:.2} s = {rate:.1} calls/s = {:.2} of the limit (target >= 0.9: {})",
        rate / LIMIT,
        met(rate / LIMIT >= 0.9)
    );
    println!(
        "  slowest / fastest: {:.2} (target <= 1.3: {})",
        last / first,
        met(last / first <= 1.3)
    );
    println!(
        "  void calls answered 429: {} of {voids} = {:.1}% (target < 10%: {})",
        stats.too_many_requests,
        share * 100.0,
        met(share < 0.1)
    );
    println!();
}
