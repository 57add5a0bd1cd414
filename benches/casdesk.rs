//! casdesk's benchmarks: figures and ratios measured in one run, all against the simulator on
//! loopback (and the real binary in a pseudo-terminal). They print; they never fail on a slow
//! machine. `cargo bench --bench casdesk`.
//!
//! With `CASDESK_BENCH_BARE=1` this binary is instead the baseline for the start-up figure: a
//! bare ratatui program that enters the alternate screen, draws one frame and waits for `q`.

use casdesk::api::{Client, ClientOptions, CodeMode, Credentials, LegacyKeyFile, VoidResult};
use casdesk::app::msg::{ApiOutcome, Msg};
use casdesk::app::{App, Clock};
use casdesk::bulk::{Answers, Cancel, EngineConfig, Event, Operation, Report, per_user};
use casdesk::sim::{self, RateLimit, SimConfig, SimHandle};
use casdesk::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const USERS: usize = 10_000;
const RATE: f64 = 50.0;
const BURST: u32 = 10;
const LATENCY: Duration = Duration::from_millis(25);

fn main() {
    if std::env::var_os("CASDESK_BENCH_BARE").is_some() {
        return bare_ratatui();
    }
    // `cargo bench` passes --bench; a filter argument is not supported, everything runs.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    println!(
        "casdesk benchmarks ({} cores)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    runtime.block_on(bulk_void_at_scale());
    runtime.block_on(faults());
    render_100k();
    responsiveness();
}

fn met(ok: bool) -> &'static str {
    if ok { "target met" } else { "TARGET MISSED" }
}

/// Peak resident memory of this process so far (VmHWM), in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn client(sim: &SimHandle) -> Client {
    let key = LegacyKeyFile::parse(&sim.demo_key_file_json()).unwrap();
    Client::with_options(Credentials::Legacy(key), ClientOptions::default()).unwrap()
}

fn users() -> Vec<String> {
    (0..USERS).map(|i| format!("user{i:05}@bench.example.com")).collect()
}

struct Run {
    report: Report,
    wall: Duration,
    outcomes: usize,
    distinct: usize,
    failed: usize,
    throttled_by_sim: u64,
}

async fn void_run(config: SimConfig, engine: EngineConfig) -> Run {
    let sim = sim::start(config).await.unwrap();
    let op = Operation::Void { mode: CodeMode::Enrollment };
    let mut seen = HashSet::new();
    let (mut outcomes, mut failed) = (0, 0);
    let mut emit = |event: Event| {
        if let Event::Batch { outcomes: batch, .. } = event {
            for o in batch {
                outcomes += 1;
                failed += usize::from(o.result.is_err());
                seen.insert(o.email);
            }
        }
    };
    let started = Instant::now();
    let report = casdesk::bulk::run(
        &client(&sim),
        &op,
        users(),
        &engine,
        &Cancel::default(),
        None,
        &mut emit,
    )
    .await;
    let wall = started.elapsed();
    let throttled_by_sim = sim.control().stats().too_many_requests;
    sim.shutdown().await;
    Run { report, wall, outcomes, distinct: seen.len(), failed, throttled_by_sim }
}

async fn bulk_void_at_scale() {
    println!(
        "== 1. Void {USERS} users: {LATENCY:?} added latency, rate limit R = {RATE} calls/s (burst {BURST})"
    );
    let limited = || SimConfig {
        latency: LATENCY,
        rate_limit: Some(RateLimit { per_second: RATE, burst: BURST }),
        ..SimConfig::default()
    };
    let before = peak_rss_mib();
    let adaptive = void_run(limited(), EngineConfig::default()).await;
    let peak = peak_rss_mib();
    let serial = void_run(
        limited(),
        EngineConfig { initial_concurrency: 1, max_concurrency: 1, ..EngineConfig::default() },
    )
    .await;
    for (name, run) in [("adaptive engine", &adaptive), ("one call at a time (baseline)", &serial)]
    {
        let rate = run.report.calls as f64 / run.wall.as_secs_f64();
        println!(
            "  {name:<30} wall {:>6.2} s  calls {:>4}  {:>5.2} calls/s = {:.2} of R  429s {:>4}  peak concurrency {}",
            run.wall.as_secs_f64(),
            run.report.calls,
            rate,
            rate / RATE,
            run.throttled_by_sim,
            run.report.peak_concurrency,
        );
    }
    let fraction = adaptive.report.calls as f64 / adaptive.wall.as_secs_f64() / RATE;
    println!("  achieved rate: {fraction:.2} of R (target >= 0.90: {})", met(fraction >= 0.9));
    println!(
        "  wall time vs baseline: {:.2}x ({:.2} s vs {:.2} s)",
        serial.wall.as_secs_f64() / adaptive.wall.as_secs_f64(),
        adaptive.wall.as_secs_f64(),
        serial.wall.as_secs_f64()
    );
    println!(
        "  peak memory (process VmHWM, simulator included): {peak:.1} MiB (was {before:.1} MiB before the run)"
    );
    println!("  every user once: {} outcomes, {} distinct\n", adaptive.outcomes, adaptive.distinct);
}

async fn faults() {
    println!(
        "== 2. Void {USERS} users with 10% injected faults (500, HTML 502, 503, dropped connections)"
    );
    let run = void_run(
        SimConfig { latency: LATENCY, fault_rate: 0.1, fault_seed: 42, ..SimConfig::default() },
        EngineConfig::default(),
    )
    .await;
    let lost = USERS - run.distinct;
    println!(
        "  users {USERS}  outcomes {}  distinct {}  lost {lost} (target 0: {})  duplicates {}  ended failed {}  calls {}  wall {:.2} s\n",
        run.outcomes,
        run.distinct,
        met(lost == 0),
        run.outcomes - run.distinct,
        run.failed,
        run.report.calls,
        run.wall.as_secs_f64()
    );
}

fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn render_100k() {
    const ROWS: usize = 100_000;
    println!("== 3. The Bulk result table with {ROWS} rows (120x40)");
    let before = peak_rss_mib();
    let clock = Clock { now: time::OffsetDateTime::now_utc(), local_offset: time::UtcOffset::UTC };
    let mut app = App::new(Theme::default_dark(), true, "bench", clock);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('3'));
    let emails: Vec<String> = (0..ROWS).map(|i| format!("user{i:06}@bench.example.com")).collect();
    let started = Instant::now();
    app.update(Msg::Paste(emails.join("\n")));
    let parsed = started.elapsed();
    key(&mut app, KeyCode::Enter);
    let commands = app.update(Msg::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)));
    let id = commands
        .iter()
        .find_map(|c| match c {
            casdesk::app::msg::Command::Api(id, _) => Some(*id),
            _ => None,
        })
        .expect("the void request");
    let started = Instant::now();
    let batches = emails.chunks(100).count();
    for (n, chunk) in emails.chunks(100).enumerate() {
        let results: Vec<VoidResult> = serde_json::from_value(serde_json::Value::Array(
            chunk
                .iter()
                .enumerate()
                .map(|(i, e)| serde_json::json!({"status": if i % 7 == 0 { 1002 } else { 1014 }, "user_email": e}))
                .collect(),
        ))
        .unwrap();
        let outcomes = per_user(chunk, Ok(Answers::Voided(results)));
        app.update(Msg::Api(id, ApiOutcome::Batch { outcomes, last: n + 1 == batches }));
    }
    let applied = started.elapsed();
    let mut frames = Vec::with_capacity(200);
    for i in 0..200 {
        key(&mut app, if i % 2 == 0 { KeyCode::PageDown } else { KeyCode::Down });
        if i == 100 {
            key(&mut app, KeyCode::Char('f')); // the FAILED filter: the view is rebuilt once
        }
        let started = Instant::now();
        terminal.draw(|frame| app.draw(frame)).unwrap();
        frames.push(started.elapsed());
    }
    frames.sort();
    let mean = frames.iter().sum::<Duration>() / frames.len() as u32;
    let p99 = frames[frames.len() * 99 / 100];
    println!("  paste and preview {ROWS} lines: {:.1} ms", parsed.as_secs_f64() * 1e3);
    println!(
        "  apply {batches} batches of results: {:.1} ms in all ({:.1} µs a batch)",
        applied.as_secs_f64() * 1e3,
        applied.as_secs_f64() * 1e6 / batches as f64
    );
    println!(
        "  frame: mean {:.3} ms, p99 {:.3} ms, max {:.3} ms over {} frames (target < 5 ms: {})",
        mean.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        frames.last().unwrap().as_secs_f64() * 1e3,
        frames.len(),
        met(p99 < Duration::from_millis(5))
    );
    println!(
        "  peak memory (process VmHWM): {:.1} MiB (was {before:.1} MiB before)\n",
        peak_rss_mib()
    );
}

// ---- 4. the real binary in a pseudo-terminal ----

struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    output: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn spawn(cmd: CommandBuilder) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize { rows: 40, cols: 120, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Self { child, output, writer, _master: pair.master }
    }

    fn len(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    fn contains(&self, needle: &[u8]) -> bool {
        self.output.lock().unwrap().windows(needle.len()).any(|w| w == needle)
    }

    /// Waits until `needle` has been written; returns when.
    fn wait_for(&self, needle: &[u8]) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.contains(needle) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {:?}",
                String::from_utf8_lossy(needle)
            );
            std::thread::sleep(Duration::from_micros(200));
        }
        Instant::now()
    }

    /// Waits until nothing has been written for `quiet`.
    fn settle(&self, quiet: Duration) -> usize {
        let mut last = self.len();
        let mut since = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(10));
            let now = self.len();
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return now;
            }
        }
    }

    fn cpu_seconds(&self) -> f64 {
        let pid = self.child.process_id().unwrap();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // Fields after the command name (which is in parentheses): utime is 14th, stime 15th.
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks: f64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
            + fields.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
        ticks / clock_ticks_per_second()
    }

    fn quit(mut self) {
        let _ = self.writer.write_all(b"\x03");
        let _ = self.writer.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
    }
}

fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn responsiveness() {
    println!("== 4. Console responsiveness (release binary in a 120x40 pseudo-terminal)");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let sim = runtime.block_on(sim::start(SimConfig::default())).unwrap();
    let dir = std::env::temp_dir().join(format!("casdesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("demo.key");
    sim.write_demo_key_file(&key).unwrap();
    let casdesk = || {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_casdesk"));
        cmd.args([
            "--key-file",
            key.to_str().unwrap(),
            "--config",
            dir.join("none.toml").to_str().unwrap(),
        ]);
        cmd.env("CASDESK_DATA_DIR", dir.join("data"));
        cmd.env("CASDESK_LOG_DIR", dir.join("logs"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
        cmd
    };
    let bare = || {
        let mut cmd = CommandBuilder::new(std::env::current_exe().unwrap());
        cmd.env("CASDESK_BENCH_BARE", "1");
        cmd.env("TERM", "xterm-256color");
        cmd
    };
    const RUNS: usize = 7;
    let first_frame = |make: &dyn Fn() -> CommandBuilder, marker: &[u8]| {
        median(
            (0..RUNS)
                .map(|_| {
                    let started = Instant::now();
                    let pty = Pty::spawn(make());
                    let at = pty.wait_for(marker);
                    pty.settle(Duration::from_millis(50));
                    pty.quit();
                    at - started
                })
                .collect(),
        )
    };
    let ours = first_frame(&casdesk, b"1 Lookup");
    let baseline = first_frame(&bare, b"bare-ratatui");
    let ratio = ours.as_secs_f64() / baseline.as_secs_f64();
    println!(
        "  start-up to first frame (median of {RUNS}): casdesk {:.1} ms, bare ratatui {:.1} ms, ratio {ratio:.2} (target <= 1.5: {})",
        ours.as_secs_f64() * 1e3,
        baseline.as_secs_f64() * 1e3,
        met(ratio <= 1.5)
    );

    let mut pty = Pty::spawn(casdesk());
    pty.wait_for(b"1 Lookup");
    let full = pty.settle(Duration::from_millis(300));
    let before = full;
    pty.writer.write_all(b"a").unwrap();
    pty.writer.flush().unwrap();
    let after = pty.settle(Duration::from_millis(300));
    let keystroke = after - before;
    let share = keystroke as f64 / full as f64;
    println!(
        "  one keystroke in the lookup field: {keystroke} bytes; full first frame: {full} bytes; {:.1}% (target <= 5%: {})",
        share * 100.0,
        met(share <= 0.05)
    );
    let cpu_before = pty.cpu_seconds();
    std::thread::sleep(Duration::from_secs(10));
    let idle = pty.cpu_seconds() - cpu_before;
    println!(
        "  CPU time over 10 idle seconds: {idle:.3} s (target <= 0.05 s: {})",
        met(idle <= 0.05)
    );
    pty.quit();
    let _ = std::fs::remove_dir_all(&dir);
    runtime.block_on(sim.shutdown());
}

/// The start-up baseline: the least a ratatui program does to show a frame.
fn bare_ratatui() {
    let mut terminal = ratatui::init();
    terminal
        .draw(|frame| {
            frame.render_widget(ratatui::widgets::Paragraph::new("bare-ratatui"), frame.area())
        })
        .unwrap();
    loop {
        if let Ok(crossterm::event::Event::Key(k)) = crossterm::event::read()
            && matches!(k.code, KeyCode::Char('q' | 'c'))
        {
            break;
        }
    }
    ratatui::restore();
}
