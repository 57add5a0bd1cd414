//! How well a per-user action over a list (a bulk disable) uses the rate limit, now that it
//! runs on the one bulk engine: each user is a unit of two calls (look up, then act), so the
//! engine's pace, learned in units per second, must find half the limit in users. Figures and
//! ratios are printed beside a baseline run in the same process (one user at a time); nothing
//! fails on a slow machine. `cargo bench --bench user_actions`.
//!
//! Measured at two limits (20 and 50 calls/s), two bursts (a quarter of a second's worth, and
//! one call: the harshest bucket) and two latencies (none, and 150 ms added before the service
//! acts), 200 users each.

use casdesk::actions::{ActionOutcome, UserAction};
use casdesk::api::{Client, ClientOptions, Credentials, LegacyKeyFile};
use casdesk::bulk::{Cancel, EngineConfig, Event};
use casdesk::sim::{self, RateLimit, SimConfig, SimHandle};
use std::time::{Duration, Instant};

const USERS: usize = 200;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    println!(
        "casdesk per-user action benchmarks ({} cores), {USERS} users disabled per run\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>8} {:>6} {:>9} | {:>12} {:>8} {:>6} | {:>14} | {:>8}",
        "limit/s", "burst", "latency", "calls/s", "÷ limit", "429s", "one at a time", "speed-up"
    );
    // `CASDESK_BENCH_QUICK=1`: the first limit only.
    let quick = std::env::var_os("CASDESK_BENCH_QUICK").is_some();
    let limits: &[f64] = if quick { &[20.0] } else { &[20.0, 50.0] };
    let latencies = [Duration::ZERO, Duration::from_millis(150)];
    for &per_second in limits {
        for latency in latencies {
            runtime.block_on(compare(per_second, latency));
        }
    }
    println!(
        "\nTarget: at least 0.7 of the limit once a run has found it (a run of {USERS} users spends \
         part of itself in its opening)."
    );
}

async fn compare(per_second: f64, latency: Duration) {
    let quarter = (per_second / 4.0).ceil() as u32;
    let one =
        EngineConfig { initial_concurrency: 1, max_concurrency: 1, ..EngineConfig::default() };
    let baseline = run(per_second, quarter, latency, one).await;
    for burst in [quarter, 1] {
        let engine = run(per_second, burst, latency, EngineConfig::default()).await;
        let share = engine.calls_per_second / per_second;
        println!(
            "{:>8} {:>6} {:>7}ms | {:>12.1} {:>8.2} {:>6} | {:>12.1}/s | {:>7.1}× {}",
            per_second,
            burst,
            latency.as_millis(),
            engine.calls_per_second,
            share,
            engine.throttled,
            baseline.calls_per_second,
            engine.calls_per_second / baseline.calls_per_second.max(0.001),
            if share >= 0.7 { "target met" } else { "TARGET MISSED" }
        );
    }
}

struct Figures {
    calls_per_second: f64,
    throttled: u64,
}

async fn run(per_second: f64, burst: u32, latency: Duration, config: EngineConfig) -> Figures {
    let sim = sim::start(SimConfig {
        latency,
        rate_limit: Some(RateLimit { per_second, burst }),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let emails = add_users(&sim);
    let key = LegacyKeyFile::parse(&sim.demo_key_file_json()).unwrap();
    let client = Client::with_options(Credentials::Legacy(key), ClientOptions::default()).unwrap();
    // Signed in before the clock starts: the token is not what is measured.
    client.lookup_user("alice@example.com", false).await.unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await; // the bucket full again
    let before = sim.control().stats();
    let mut settled = 0;
    let mut emit = |event: Event<ActionOutcome>| {
        if let Event::Batch { outcomes, .. } = event {
            settled += outcomes.iter().filter(|o| o.result.is_ok()).count();
        }
    };
    let started = Instant::now();
    let report = casdesk::bulk::run(
        &client,
        &UserAction::DISABLE,
        emails,
        &config,
        &Cancel::default(),
        None,
        &mut emit,
    )
    .await;
    let took = started.elapsed().as_secs_f64();
    assert_eq!(settled, USERS, "every user disabled");
    let after = sim.control().stats();
    let answered = |s: &casdesk::sim::SimStats| s.total_requests - s.too_many_requests;
    Figures {
        calls_per_second: (answered(&after) - answered(&before)) as f64 / took,
        throttled: report.throttled,
    }
}

/// `USERS` more enabled users in the simulator's tenant, by address.
fn add_users(sim: &SimHandle) -> Vec<String> {
    let mut tenant: serde_json::Value = serde_json::from_str(&sim.control().save_tenant()).unwrap();
    let users = tenant["users"].as_array_mut().unwrap();
    let model = users[1].clone();
    let emails: Vec<String> =
        (0..USERS).map(|i| format!("leaver{i:04}@bench.example.com")).collect();
    for (i, email) in emails.iter().enumerate() {
        let mut user = model.clone();
        user["id"] = format!("00000000-0000-4000-9000-{i:012}").into();
        user["email"] = email.clone().into();
        user["principal_username"] = email.clone().into();
        users.push(user);
    }
    sim.control().restore_tenant(&tenant.to_string()).unwrap();
    emails
}
