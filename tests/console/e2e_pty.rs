//! End to end: the real `casdesk` binary in a pseudo-terminal, driven by keystrokes, against a
//! simulator each test starts on loopback.
//!
//! The terminal's output is read on a background thread into a shared buffer and fed, one whole
//! frame at a time (frames are synchronized updates), to a VT parser. Every wait polls "until the
//! screen shows X" against a generous deadline and fails with the screen it saw, so a slow,
//! shared machine makes these tests slower, never wrong. Nothing asserts on timing.

#![cfg(unix)]

use base64::Engine;
use casdesk::sim::{self, SimControl, SimHandle};
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any one thing may take before the test gives up. Generous on purpose: it is only
/// ever reached when something is broken.
const DEADLINE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(20);

/// What casdesk writes around each frame (synchronized update) and when it gives the terminal
/// back (`src/term.rs`).
const FRAME_BEGIN: &[u8] = b"\x1b[?2026h";
const FRAME_END: &[u8] = b"\x1b[?2026l";
const PASTE_ON: &[u8] = b"\x1b[?2004h";
const PASTE_OFF: &[u8] = b"\x1b[?2004l";
const ALT_SCREEN_ON: &[u8] = b"\x1b[?1049h";
const ALT_SCREEN_OFF: &[u8] = b"\x1b[?1049l";
const CURSOR_HIDE: &[u8] = b"\x1b[?25l";
const CURSOR_SHOW: &[u8] = b"\x1b[?25h";

/// On the Lookup screen before anything is typed: the console is up, in raw mode, and its
/// SIGTERM/SIGHUP handlers are in place (`src/console.rs` sets them up before the first draw).
const FIRST_FRAME: &str = "Type the user's e-mail address and press Enter.";

const USER: &str = "alice@example.com";

// ---- a temporary directory (no extra crate for it) ----

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("casdesk-e2e-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("creates a temporary directory");
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---- the simulated tenant ----

/// A simulator on 127.0.0.1 (ephemeral port) and the key file it trusts, written 0600.
struct Tenant {
    sim: SimHandle,
    key_file: PathBuf,
    dir: TempDir,
    // Last: the server task runs on it, so it must outlive `sim`.
    _runtime: tokio::runtime::Runtime,
}

impl Tenant {
    fn start(name: &str) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime for the simulator");
        let sim = runtime
            .block_on(sim::start(sim::SimConfig::default()))
            .expect("the simulator starts on loopback");
        assert!(
            sim.base_url().starts_with("http://127.0.0.1:"),
            "the simulator listens on loopback only: {}",
            sim.base_url()
        );
        let dir = TempDir::new(name);
        let key_file = dir.0.join("demo-admin-api.key");
        sim.write_demo_key_file(&key_file).expect("writes the demo key file");
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key_file).expect("key file exists").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "the key file is readable by its owner only");
        }
        Self { sim, key_file, dir, _runtime: runtime }
    }

    fn control(&self) -> SimControl {
        self.sim.control()
    }

    /// casdesk in a `cols`×`rows` terminal, pointed at this tenant.
    fn console(&self, cols: u16, rows: u16) -> Console {
        self.console_with(cols, rows, &[], &[])
    }

    /// [`Tenant::console`] with extra arguments and environment variables.
    fn console_with(&self, cols: u16, rows: u16, args: &[&str], env: &[(&str, &str)]) -> Console {
        Console::spawn(&self.key_file, &self.dir.0, (cols, rows), args, env)
    }
}

// ---- the console in a pseudo-terminal ----

#[derive(Default)]
struct Output {
    bytes: Vec<u8>,
    /// The reader saw end of file or an error: every slave descriptor is closed.
    eof: bool,
}

/// The running binary, its terminal, and what it has drawn so far. Dropping it kills the
/// process if it is still running, so a failed test leaves nothing behind.
struct Console {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Output>>,
    /// The screen as a terminal would show it, fed up to `fed` bytes of `output`.
    parser: vt100::Parser,
    fed: usize,
    exit: Option<ExitStatus>,
    /// The terminal's local modes before casdesk started.
    modes_before: BTreeSet<String>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal has at least one row and column")
}

fn lock(output: &Mutex<Output>) -> std::sync::MutexGuard<'_, Output> {
    output.lock().unwrap_or_else(|e| e.into_inner())
}

impl Console {
    fn spawn(
        key_file: &Path,
        dir: &Path,
        (cols, rows): (u16, u16),
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Self {
        let pair = native_pty_system().openpty(size(cols, rows)).expect("opens a pseudo-terminal");
        let modes_before = local_modes(pair.master.as_ref());
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_casdesk"));
        // A settings file that does not exist is an empty one: the developer's own
        // ~/.config/casdesk/config.toml cannot interfere. A test that gives its own settings
        // file says there how to sign in.
        if !args.contains(&"--config") {
            cmd.arg("--key-file");
            cmd.arg(key_file);
            cmd.arg("--config");
            cmd.arg(dir.join("no-such-config.toml"));
        }
        cmd.args(args);
        cmd.cwd(dir);
        // No display: OSC 52 is the only way a copy can go.
        for var in [
            "DISPLAY",
            "WAYLAND_DISPLAY",
            "CASDESK_KEY_FILE",
            "CASDESK_THEME",
            "CASDESK_CONFIG",
            "CASDESK_KEYMAP",
            "CASDESK_LOG_LEVEL",
            "CASDESK_TEST_PANIC_KEY",
            "NO_COLOR",
            "TMUX",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("TERM", "xterm-256color");
        // Run journals go to the test's own directory, never the developer's.
        cmd.env("CASDESK_DATA_DIR", dir.join("data"));
        cmd.env("CASDESK_LOG_DIR", dir.join("logs"));
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawns casdesk in the pty");
        // Only the child holds the slave now, so the reader sees end of file when it exits.
        drop(pair.slave);

        let mut reader = pair.master.try_clone_reader().expect("a reader on the pty");
        let writer = pair.master.take_writer().expect("a writer on the pty");
        let output = Arc::new(Mutex::new(Output::default()));
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => lock(&sink).bytes.extend_from_slice(&buf[..n]),
                }
            }
            lock(&sink).eof = true;
        });
        Self {
            child,
            master: pair.master,
            writer,
            output,
            parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            fed: 0,
            exit: None,
            modes_before,
        }
    }

    fn pid(&self) -> String {
        self.child.process_id().expect("the child has a pid").to_string()
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("writes to the pty");
        self.writer.flush().expect("flushes the pty");
        // Lets the console take each key separately; correctness never depends on it.
        std::thread::sleep(Duration::from_millis(30));
    }

    fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid()])
            .status()
            .expect("runs kill");
        assert!(status.success(), "kill -{name} failed: {status}");
    }

    /// Resizes the terminal, as a window manager would, and the parser with it.
    fn resize(&mut self, cols: u16, rows: u16) {
        // What was drawn at the old size is parsed at the old size.
        self.pump(&mut |_| false);
        self.master.resize(size(cols, rows)).expect("resizes the pty");
        self.parser.set_size(nonzero(rows), nonzero(cols));
    }

    fn raw(&self) -> Vec<u8> {
        lock(&self.output).bytes.clone()
    }

    fn screen_text(&self) -> String {
        self.parser.screen().contents()
    }

    /// Feeds the parser one whole frame at a time and asks `done` after each, so a state that
    /// lasts a single frame is still seen. At end of output the rest (restore sequences, any
    /// error message) is fed too. True as soon as `done` holds.
    fn pump(&mut self, done: &mut dyn FnMut(&vt100::Screen) -> bool) -> bool {
        let (bytes, eof) = {
            let out = lock(&self.output);
            (out.bytes[self.fed..].to_vec(), out.eof)
        };
        let mut at = 0;
        while let Some(end) = find(&bytes[at..], FRAME_END) {
            let stop = at + end + FRAME_END.len();
            self.parser.process(&bytes[at..stop]);
            self.fed += stop - at;
            at = stop;
            if done(self.parser.screen()) {
                return true;
            }
        }
        if eof && at < bytes.len() {
            self.parser.process(&bytes[at..]);
            self.fed += bytes.len() - at;
        }
        done(self.parser.screen())
    }

    /// Waits until `done` holds for the screen, or fails showing what the screen was.
    fn wait_until(&mut self, what: &str, mut done: impl FnMut(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if self.pump(&mut done) {
                return;
            }
            let finished = {
                let out = lock(&self.output);
                out.eof && self.fed == out.bytes.len()
            };
            if finished {
                panic!("casdesk ended before {what}\n{}", self.describe());
            }
            if Instant::now() >= deadline {
                panic!("gave up after {DEADLINE:?} waiting for {what}\n{}", self.describe());
            }
            std::thread::sleep(POLL);
        }
    }

    /// Types `email` on the Lookup screen and waits for the user to be found.
    fn look_up(&mut self, email: &str) {
        self.send(email.as_bytes());
        self.send(b"\r");
        self.wait_for_text(&format!("User: {email}"));
    }

    /// The found user's caller verified, as an operator who called them back records it.
    fn verify_caller(&mut self) {
        self.send(b"V");
        self.wait_for_text("Is the caller");
        self.send(b"o");
        self.wait_for_text("manager approved");
        self.send(b"1");
        self.wait_for_text("caller verified (override");
    }

    /// From a found user, screen 2's default (an enrollment code by DISPLAY); waits for it.
    fn generate_displayed_code(&mut self, email: &str) {
        // A code hands the caller a way in: the caller is verified first.
        self.verify_caller();
        self.send(b"2");
        self.wait_for_text("[Secure enrollment]");
        self.send(b"\r");
        self.wait_for_text(&format!("Code for {email} (c to copy)"));
    }

    fn wait_for_text(&mut self, text: &str) {
        self.wait_until(&format!("the screen to show {text:?}"), |s| s.contents().contains(text));
    }

    /// Waits for the process to end and for all it wrote; returns how it ended.
    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        let status = loop {
            match self.child.try_wait().expect("polls the child") {
                Some(status) => break status,
                None if Instant::now() >= deadline => {
                    panic!("casdesk still running after {DEADLINE:?}\n{}", self.describe())
                }
                None => std::thread::sleep(POLL),
            }
        };
        self.exit = Some(status.clone());
        while !lock(&self.output).eof {
            if Instant::now() >= deadline {
                panic!("the pty never reached end of file after casdesk exited");
            }
            std::thread::sleep(POLL);
        }
        self.pump(&mut |_| false);
        status
    }

    fn local_modes(&self) -> BTreeSet<String> {
        local_modes(self.master.as_ref())
    }

    fn describe(&self) -> String {
        let (rows, cols) = self.parser.screen().size();
        let state = match &self.exit {
            Some(status) => format!("exited: {status:?}"),
            None => "running".to_string(),
        };
        format!(
            "--- screen {cols}x{rows} (casdesk {state}) ---\n{}\n--- end of screen ---",
            self.screen_text()
        )
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        if self.exit.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The terminal's local modes (ICANON, ECHO, ISIG, …) as the kernel holds them.
fn local_modes(master: &dyn MasterPty) -> BTreeSet<String> {
    let termios = master.get_termios().expect("the pty's termios can be read");
    // The flags are nix's bitflags; their names are read from Debug so the test needs no nix
    // (or libc) of its own.
    format!("{:?}", termios.local_flags)
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

// ---- byte helpers ----

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn find_from(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    find(&hay[from..], needle).map(|i| i + from)
}

/// The payloads (`c;<base64>`) of every OSC 52 sequence, ended by BEL or ST.
fn osc52_payloads(raw: &[u8]) -> Vec<Vec<u8>> {
    let start = b"\x1b]52;";
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = find_from(raw, at, start) {
        let body = found + start.len();
        match raw[body..].iter().position(|&b| b == 0x07 || b == 0x1b) {
            Some(len) => {
                out.push(raw[body..body + len].to_vec());
                at = body + len;
            }
            None => {
                out.push(raw[body..].to_vec());
                break;
            }
        }
    }
    out
}

/// "629 211 156": how the console shows a code in its results table.
fn grouped(code: &str) -> String {
    code.as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_raw(modes: &BTreeSet<String>) -> bool {
    ["ICANON", "ECHO", "ISIG"].iter().all(|m| !modes.contains(*m))
}

fn is_cooked(modes: &BTreeSet<String>) -> bool {
    ["ICANON", "ECHO", "ISIG"].iter().all(|m| modes.contains(*m))
}

/// After the last frame, the terminal is given back: bracketed paste off, alternate screen
/// left, cursor shown, in that order, nothing turning them on again, the parser agreeing, and
/// the line discipline out of raw mode.
fn assert_restored(console: &Console) {
    let raw = console.raw();
    let text = console.describe();
    let last_frame = rfind(&raw, FRAME_BEGIN).expect("casdesk drew at least one frame");
    let frame_end = find_from(&raw, last_frame, FRAME_END)
        .unwrap_or_else(|| panic!("the last frame was never finished\n{text}"));
    let paste_off = find_from(&raw, frame_end, PASTE_OFF)
        .unwrap_or_else(|| panic!("bracketed paste not turned off after the last frame\n{text}"));
    let alt_off = find_from(&raw, paste_off, ALT_SCREEN_OFF)
        .unwrap_or_else(|| panic!("alternate screen not left after the last frame\n{text}"));
    let cursor_on = find_from(&raw, alt_off, CURSOR_SHOW)
        .unwrap_or_else(|| panic!("cursor not shown after leaving the alternate screen\n{text}"));
    for (undo, name) in [
        (PASTE_ON, "bracketed paste on"),
        (ALT_SCREEN_ON, "alternate screen"),
        (CURSOR_HIDE, "cursor hidden"),
    ] {
        assert!(
            find_from(&raw, cursor_on, undo).is_none(),
            "{name} again after the terminal was restored\n{text}"
        );
    }
    let screen = console.parser.screen();
    assert!(!screen.alternate_screen(), "the parser is still on the alternate screen\n{text}");
    assert!(!screen.bracketed_paste(), "the parser still has bracketed paste on\n{text}");
    assert!(!screen.hide_cursor(), "the parser still has the cursor hidden\n{text}");
    let modes = console.local_modes();
    assert!(is_cooked(&modes), "the terminal was left in raw mode: local modes {modes:?}");
}

fn assert_exited_cleanly(console: &mut Console) {
    let status = console.wait_exit();
    assert!(status.success(), "casdesk exited with {status:?}\n{}", console.describe());
    assert_restored(console);
}

// ---- the tests ----

#[test]
fn n_copies_the_ticket_note_over_osc52_and_it_never_holds_the_code() {
    let tenant = Tenant::start("note");
    let control = tenant.control();
    let mut console = tenant.console(120, 40);
    console.wait_for_text(FIRST_FRAME);
    console.look_up(USER);
    console.generate_displayed_code(USER);
    let code = control.live_code(USER, "ENROLLMENT").expect("a live code");
    // The results have the focus: N is a key, not a letter typed into a field.
    console.send(b"N");
    console.wait_for_text("Ticket note (3 actions) sent by OSC 52, unconfirmed");
    let payloads = osc52_payloads(&console.raw());
    assert_eq!(payloads.len(), 1, "one copy, one OSC 52 sequence");
    let payload = payloads[0].strip_prefix(b"c;").expect("OSC 52 targets the clipboard (c)");
    let note = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .map(|b| String::from_utf8(b).expect("UTF-8"))
        .expect("the OSC 52 payload is base64");
    // Checked before anything that prints the note: a mismatch must not print a code.
    assert!(!note.contains(&code), "the ticket note never holds the code");
    assert!(note.starts_with("Ticket note for alice@example.com\nTenant: "), "{note}");
    assert!(note.contains("  Lookup: done\n"), "{note}");
    // How the caller was verified, before the code it allowed.
    assert!(
        note.contains("  Verified caller: override: called back on the number on file\n"),
        "{note}"
    );
    assert!(
        note.contains("  Generate enrollment code: code generated, shown on screen, valid until "),
        "{note}"
    );
    console.send(b"q");
    assert_exited_cleanly(&mut console);
}

#[test]
fn lookup_generate_display_code_and_copy_it_with_osc52() {
    let tenant = Tenant::start("copy");
    let control = tenant.control();
    assert_eq!(control.live_code(USER, "ENROLLMENT"), None, "{USER} starts with no code");
    let mut console = tenant.console(120, 40);
    // Before casdesk touches it, a pseudo-terminal is in cooked mode: the raw-mode checks can
    // tell the two apart.
    let before = &console.modes_before;
    assert!(is_cooked(before), "a new pty starts in cooked mode: local modes {before:?}");
    console.wait_for_text(FIRST_FRAME);
    let modes = console.local_modes();
    assert!(is_raw(&modes), "the console runs in raw mode: local modes {modes:?}");

    // Screen 1: look the user up.
    console.send(USER.as_bytes());
    console.wait_for_text(USER);
    console.send(b"\r");
    console.wait_until("the user's details and device", |s| {
        let text = s.contents();
        text.contains("User: alice@example.com  (Alice Martin)")
            && text.contains("✓ Enabled")
            && text.contains("Pixel 8")
    });

    // A code hands the caller a way in: the caller is verified first.
    console.verify_caller();
    // Screen 2: the user is carried over; enrollment, DISPLAY are the defaults.
    console.send(b"2");
    console.wait_until("the Codes form for the user, enrollment by DISPLAY", |s| {
        let text = s.contents();
        text.contains("Users (one, or a list")
            && text.contains("[Secure enrollment]")
            && text.contains("[DISPLAY]")
            && text.lines().filter(|l| l.contains(USER)).count() >= 2
    });
    // One user: no confirmation step (only lists are confirmed), Enter generates.
    console.send(b"\r");
    let mut code = None;
    console.wait_until("the code the simulator holds, shown on screen", |s| {
        let live = control.live_code(USER, "ENROLLMENT");
        let text = s.contents();
        let shown = live.as_deref().is_some_and(|c| text.contains(&grouped(c)))
            && text.contains("Code for alice@example.com (c to copy)")
            && text.contains("Enrollment codes: 1 of 1");
        if shown {
            code = live;
        }
        shown
    });
    let code = code.expect("a live code");
    assert!(control.outbox().is_empty(), "DISPLAY delivery sends no e-mail");
    assert!(osc52_payloads(&console.raw()).is_empty(), "nothing was copied before c");

    console.send(b"c");
    console.wait_for_text("Sent to your terminal with OSC 52; your terminal decides");
    assert!(
        !console.screen_text().contains("this machine's clipboard"),
        "without DISPLAY or WAYLAND_DISPLAY only OSC 52 is used\n{}",
        console.describe()
    );
    let payloads = osc52_payloads(&console.raw());
    assert_eq!(payloads.len(), 1, "one copy, one OSC 52 sequence");
    let payload = payloads[0].strip_prefix(b"c;").expect("OSC 52 targets the clipboard (c)");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .expect("the OSC 52 payload is base64");
    // Not assert_eq: a mismatch must not print codes.
    assert!(
        decoded == code.as_bytes(),
        "the OSC 52 payload is not the code the simulator holds for {USER}"
    );
    // The sequence is terminated with BEL, as osc52_sequence writes it.
    let raw = console.raw();
    let start = find(&raw, b"\x1b]52;c;").expect("the OSC 52 sequence");
    assert_eq!(raw.get(start + 7 + payload.len()), Some(&0x07), "OSC 52 ends with BEL");

    // Results have the focus, so q quits.
    console.send(b"q");
    assert_exited_cleanly(&mut console);

    // The run was journaled, finished, and the journal never holds the code.
    let runs: Vec<PathBuf> = std::fs::read_dir(tenant.dir.0.join("data").join("runs"))
        .expect("a runs directory in CASDESK_DATA_DIR")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    assert_eq!(runs.len(), 1, "one run, one journal: {runs:?}");
    let journal = std::fs::read_to_string(&runs[0]).expect("the journal reads");
    assert!(journal.contains(r#""t":"end""#), "the run finished");
    assert!(journal.contains(USER) && journal.contains(r#""status":1000"#));
    assert!(!journal.contains(code.as_str()), "the journal never holds a code");

    // So was every action, in the audit record, without the code.
    let audit = std::fs::read_to_string(tenant.dir.0.join("data").join("audit.jsonl"))
        .expect("an audit record in CASDESK_DATA_DIR");
    assert!(audit.contains(r#""action":"lookup""#), "{audit}");
    assert!(audit.contains(r#""action":"generate enrollment codes""#), "{audit}");
    assert!(!audit.contains(code.as_str()), "the audit record never holds a code");
}

/// Stopped by `signal`, casdesk gives the terminal back and ends at once with 128 + the
/// signal's number, so a script or service manager does not take it for a normal quit.
fn a_signal_ends_the_console_at_once(console: &mut Console, signal: &str, code: u32) {
    console.wait_for_text(FIRST_FRAME);
    let sent = Instant::now();
    console.signal(signal);
    let status = console.wait_exit();
    let took = sent.elapsed();
    assert_eq!(
        (status.exit_code(), status.signal()),
        (code, None),
        "SIG{signal}: {status:?}\n{}",
        console.describe()
    );
    assert!(took < Duration::from_millis(800), "SIG{signal}: ended after {took:?}");
    assert_restored(console);
}

#[test]
fn sigterm_restores_the_terminal() {
    let tenant = Tenant::start("term");
    a_signal_ends_the_console_at_once(&mut tenant.console(100, 30), "TERM", 143);
}

#[test]
fn sighup_restores_the_terminal() {
    let tenant = Tenant::start("hup");
    a_signal_ends_the_console_at_once(&mut tenant.console(100, 30), "HUP", 129);
}

/// The demo says as it opens that it remembers, and how to start over; opened again, that
/// it is as it was left.
#[test]
fn the_demo_says_it_remembers_and_how_to_start_over() {
    let tenant = Tenant::start("demo-remembers");
    let mut console = tenant.console_with(80, 24, &["demo"], &[]);
    console.wait_for_text("Demo tenant as shipped; what you do is kept (demo --reset starts over)");
    console.send(b"\x03");
    assert_exited_cleanly(&mut console);
    let mut again = tenant.console_with(80, 24, &["demo"], &[]);
    again.wait_for_text("Demo tenant as you left it; casdesk demo --reset starts over");
    again.send(b"\x03");
    assert_exited_cleanly(&mut again);
}

/// The demo saves its tenant on the way out, and still ends at once.
#[test]
fn the_demo_ends_at_once_on_sigterm_and_keeps_its_tenant() {
    let tenant = Tenant::start("demo-term");
    let mut console = tenant.console_with(100, 30, &["demo"], &[]);
    a_signal_ends_the_console_at_once(&mut console, "TERM", 143);
    assert!(tenant.dir.0.join("data").join("demo-tenant.json").exists(), "saved on SIGTERM");
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let tenant = Tenant::start("ctrlc");
    let mut console = tenant.console(100, 30);
    console.wait_for_text(FIRST_FRAME);
    // Raw mode: 0x03 reaches casdesk as a key. In cooked mode the line discipline would turn it
    // into SIGINT, which casdesk does not handle: it would die by the signal and fail below.
    console.send(b"\x03");
    assert_exited_cleanly(&mut console);
}

#[test]
fn too_small_then_resized_shows_the_console() {
    let tenant = Tenant::start("resize");
    let mut console = tenant.console(60, 20);
    console.wait_until("the too-small notice", |s| {
        let text = s.contents();
        text.contains("Terminal too small")
            && text.contains("casdesk needs 80×24; this one is 60×20.")
    });
    let text = console.screen_text();
    assert!(
        !text.contains("1 Lookup") && !text.contains(FIRST_FRAME),
        "nothing of the console is drawn at 60x20\n{}",
        console.describe()
    );

    console.resize(100, 30);
    console.wait_until("the console after the resize", |s| {
        let text = s.contents();
        text.contains(" 1 Lookup ") && text.contains(FIRST_FRAME) && !text.contains("too small")
    });
    // The frame is drawn across the new width: the tenant sits at the user line's right edge.
    let user_line = console.parser.screen().rows(0, 100).nth(1).unwrap_or_default();
    assert!(
        user_line.trim_end().ends_with("Tenant: Example Corp")
            && (99..=100).contains(&user_line.trim_end().chars().count()),
        "the user line spans 100 columns: {user_line:?}"
    );

    console.send(b"\x03");
    assert_exited_cleanly(&mut console);
}

#[test]
fn the_demo_shows_no_profile_of_the_settings_file() {
    let tenant = Tenant::start("demo-profile");
    // `Console::spawn` points casdesk at this settings file; a real profile is the default.
    std::fs::write(
        tenant.dir.0.join("no-such-config.toml"),
        "default_profile = \"production\"\n[profiles.production]\nkey_file = \"/nonexistent/p.key\"\n",
    )
    .unwrap();
    let mut console = tenant.console_with(100, 30, &["demo"], &[]);
    console.wait_for_text(FIRST_FRAME);
    let header = console.parser.screen().rows(0, 100).next().unwrap_or_default();
    assert!(header.contains(" DEMO "), "the DEMO badge: {header:?}");
    assert!(!header.contains("production"), "no real profile's badge: {header:?}");
    console.send(b"\x03");
    assert_exited_cleanly(&mut console);
}

/// Every file under `dir`, recursively, as (path, contents).
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                found.push((path, bytes));
            }
        }
    }
    found
}

/// Sends `text` as a terminal paste (bracketed, as casdesk asks the terminal for).
fn paste(console: &mut Console, text: &str) {
    let mut bytes = b"\x1b[200~".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes.extend_from_slice(b"\x1b[201~");
    console.send(&bytes);
}

#[test]
fn a_whole_session_logged_at_trace_leaves_no_secret_in_any_file() {
    const AD_USER: &str = "ADUser@example.com";
    let tenant = Tenant::start("secrets");
    let control = tenant.control();
    // The most verbose logging there is: every crate, every level.
    let mut console = tenant.console_with(120, 40, &["--log-level", "trace,casdesk=trace"], &[]);
    console.wait_for_text(FIRST_FRAME);

    // 1 Lookup.
    console.look_up(AD_USER);
    console.verify_caller();
    // 4 Device code, for the user just found.
    console.send(b"4");
    console.wait_for_text("Find by");
    console.send(b"\r");
    console.wait_for_text("Code issued for RSA Authenticator");
    let device_code = control.device_code(AD_USER).expect("a device registration code");
    // 5 Emergency: enable with the tenant's defaults.
    console.send(b"5");
    console.wait_for_text("Emergency access of ADUser@example.com");
    console.send(b"\r");
    console.wait_for_text("Emergency tokencode enabled for ADUser@example.com.");
    let tokencode = control.live_emergency_tokencode(AD_USER).expect("an emergency tokencode");
    // 2 Codes: an enrollment code by DISPLAY.
    console.generate_displayed_code(AD_USER);
    let enrollment_code = control.live_code(AD_USER, "ENROLLMENT").expect("an enrollment code");
    // A password-reset code whose answer is cut short: the service made a code, the console
    // shows an error, and neither the screen's error text nor the log quotes the half answer.
    control.inject(sim::Fault::TruncatedJson, 1);
    // From the results: e edits the form (the users field), Esc leaves it, up to the mode.
    console.send(b"e");
    console.send(b"\x1b");
    std::thread::sleep(Duration::from_millis(100)); // a lone Esc, not the start of a sequence
    console.send(b"\x1b[A ");
    console.wait_for_text("[Password reset]");
    console.send(b"\r");
    console.wait_for_text("Password reset codes: 1 of 1");
    console.wait_for_text("truncated JSON");
    let reset_code = control.live_code(AD_USER, "PASSWORD_RESET").expect("a password-reset code");
    assert!(
        !console.screen_text().contains(&grouped(&reset_code))
            && !console.screen_text().contains(reset_code.as_str()),
        "the error text quotes nothing of the cut answer"
    );
    // 3 Bulk: the code just made, and a user with nothing to void.
    console.send(b"3");
    console.wait_for_text("Paste a list of e-mail addresses");
    paste(&mut console, &format!("{AD_USER}\nalice@example.com\n"));
    console.wait_for_text("2 users to void");
    console.send(b"\r");
    console.wait_for_text("Void the ENROLLMENT codes of exactly 2 users?");
    console.send(b"y");
    console.wait_for_text("2 of 2 (done)");
    assert_eq!(control.live_code(AD_USER, "ENROLLMENT"), None, "the void reached the service");
    console.send(b"q");
    assert_exited_cleanly(&mut console);

    // What must never be written down.
    let key_file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&tenant.key_file).expect("the key file reads"))
            .expect("the key file is JSON");
    let access_key = key_file["accessKey"].as_str().expect("an accessKey");
    let key_lines: Vec<&str> =
        access_key.lines().filter(|l| !l.starts_with("-----") && l.len() > 40).collect();
    assert!(!key_lines.is_empty(), "the private key has a body");
    let secrets: Vec<(&str, &str)> = [
        ("device registration code", device_code.as_str()),
        ("emergency tokencode", tokencode.as_str()),
        ("enrollment code", enrollment_code.as_str()),
        ("password-reset code", reset_code.as_str()),
        // Every JWT starts with the base64 of `{"`: no token, whole or in part.
        ("an access token", "eyJ"),
    ]
    .into_iter()
    .chain(key_lines.iter().map(|l| ("a line of the private key", *l)))
    .collect();

    let files = files_under(&tenant.dir.0.join("logs"))
        .into_iter()
        .chain(files_under(&tenant.dir.0.join("data")))
        .collect::<Vec<_>>();
    let log: String = files
        .iter()
        .filter(|(path, _)| path.starts_with(tenant.dir.0.join("logs")))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    // The log really is at its most verbose, and covers every call of the session.
    for seen in [
        "TRACE hyper_util",
        "new access token",
        "users/lookup",
        "users/deviceRegistrationCode",
        "emergencyTokencode",
        "generateVerifyCode/enroll",
        "generateVerifyCode/resetPassword",
        "users/voidVerifyCode",
    ] {
        assert!(log.contains(seen), "the trace log mentions {seen:?}");
    }
    let names: Vec<_> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    assert!(
        names.iter().any(|n| n.ends_with("audit.jsonl"))
            && names.iter().any(|n| n.contains("runs")),
        "the audit record and the run journal were written: {names:?}"
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for (what, secret) in &secrets {
            // Not assert_eq or a quote: a failure must not print the secret either.
            assert!(!text.contains(secret), "{} holds {what}", path.display());
        }
    }
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "the panic key exists in debug builds only")]
fn a_panic_restores_the_terminal_and_prints_no_code() {
    let tenant = Tenant::start("panic");
    let control = tenant.control();
    let mut console = tenant.console_with(100, 30, &[], &[("CASDESK_TEST_PANIC_KEY", "F12")]);
    console.wait_for_text(FIRST_FRAME);
    // A code on screen and in memory when it happens.
    console.look_up(USER);
    console.generate_displayed_code(USER);
    let code = control.live_code(USER, "ENROLLMENT").expect("a live code");

    console.send(b"\x1b[24~"); // F12
    let status = console.wait_exit();
    assert!(!status.success(), "a panic is a failure exit: {status:?}");
    assert_restored(&console);
    // The message comes after the terminal is given back, so it is readable in the shell.
    let raw = console.raw();
    let restored_at = rfind(&raw, ALT_SCREEN_OFF).expect("the alternate screen was left");
    let after = String::from_utf8_lossy(&raw[restored_at..]).into_owned();
    assert!(after.contains("deliberate panic"), "the panic message follows the restore: {after}");
    assert!(!after.contains(code.as_str()), "the panic output holds no code");
}

/// How casdesk is made to end, for the clipboard-clearing tests.
enum Exit {
    Quit,
    Hangup,
    Panic,
}

/// With `--clear-clipboard-after`, a copied code must not outlive casdesk: however it ends
/// before the timer fires, the terminal's clipboard is emptied (OSC 52) on the way out.
fn a_copied_code_is_cleared_when_casdesk_ends(exit: Exit) {
    let tenant = Tenant::start("clear-on-exit");
    let mut console = tenant.console_with(
        100,
        30,
        &["--clear-clipboard-after", "600"],
        &[("CASDESK_TEST_PANIC_KEY", "F12")],
    );
    console.wait_for_text(FIRST_FRAME);
    console.look_up(USER);
    console.generate_displayed_code(USER);
    console.send(b"c");
    console.wait_for_text("Sent to your terminal with OSC 52; your terminal decides");
    assert_eq!(osc52_payloads(&console.raw()).len(), 1, "copied once, not yet cleared");

    let clean = match exit {
        Exit::Quit => {
            console.send(b"q");
            true
        }
        Exit::Hangup => {
            console.signal("HUP");
            false
        }
        Exit::Panic => {
            console.send(b"\x1b[24~"); // F12
            false
        }
    };
    let status = console.wait_exit();
    assert_eq!(status.success(), clean, "{status:?}\n{}", console.describe());
    assert_restored(&console);
    let payloads = osc52_payloads(&console.raw());
    assert_eq!(payloads.len(), 2, "the copy, then one clear: {payloads:?}");
    assert_eq!(payloads[1], b"c;IA==", "the second OSC 52 overwrites the code with a space");
}

#[test]
fn quitting_clears_a_copied_code_from_the_clipboard() {
    a_copied_code_is_cleared_when_casdesk_ends(Exit::Quit);
}

#[test]
fn a_dropped_ssh_session_clears_a_copied_code_from_the_clipboard() {
    a_copied_code_is_cleared_when_casdesk_ends(Exit::Hangup);
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "the panic key exists in debug builds only")]
fn a_panic_clears_a_copied_code_from_the_clipboard() {
    a_copied_code_is_cleared_when_casdesk_ends(Exit::Panic);
}

#[test]
fn without_clearing_quitting_leaves_the_clipboard_alone() {
    let tenant = Tenant::start("keep-on-exit");
    let mut console = tenant.console(100, 30);
    console.wait_for_text(FIRST_FRAME);
    console.look_up(USER);
    console.generate_displayed_code(USER);
    console.send(b"c");
    console.wait_for_text("Sent to your terminal with OSC 52; your terminal decides");
    console.send(b"q");
    assert_exited_cleanly(&mut console);
    assert_eq!(osc52_payloads(&console.raw()).len(), 1, "the copy only: the user asked to keep it");
}

/// The timer's clear: the exact overwrite bytes, and a toast that claims no more than casdesk
/// knows (no display here, so only OSC 52: a WARNING, never "cleared").
#[test]
fn the_timed_clear_overwrites_and_says_only_what_it_knows() {
    let tenant = Tenant::start("timed-clear");
    let mut console = tenant.console_with(100, 30, &["--clear-clipboard-after", "1"], &[]);
    console.wait_for_text(FIRST_FRAME);
    console.look_up(USER);
    console.generate_displayed_code(USER);
    console.send(b"c");
    console.wait_for_text("⚠ WARNING  Sent to your terminal with OSC 52; your terminal decides");
    console.wait_for_text("⚠ WARNING  Clipboard overwritten with OSC 52; your terminal decides");
    let payloads = osc52_payloads(&console.raw());
    assert_eq!(payloads.len(), 2, "the copy, then the overwrite: {payloads:?}");
    assert_eq!(payloads[1], b"c;IA==", "a space, which tmux and Windows Terminal take");
    console.send(b"q");
    assert_exited_cleanly(&mut console);
}

#[test]
fn mask_codes_hides_the_code_until_it_is_revealed() {
    let tenant = Tenant::start("mask");
    let control = tenant.control();
    let mut console = tenant.console_with(100, 30, &["--mask-codes"], &[]);
    console.wait_for_text(FIRST_FRAME);
    console.look_up(USER);
    console.generate_displayed_code(USER);
    let code = control.live_code(USER, "ENROLLMENT").expect("a live code");
    assert!(
        !console.screen_text().contains(&grouped(&code)),
        "--mask-codes: the code is not on screen before it is revealed"
    );
    console.send(b"v");
    console.wait_until("the code, revealed", |s| s.contents().contains(&grouped(&code)));
    console.send(b"q");
    assert_exited_cleanly(&mut console);
}

#[test]
fn a_hostile_services_escape_sequences_never_reach_the_terminal() {
    let tenant = Tenant::start("hostile");
    let control = tenant.control();
    // Every string in every answer is wrapped in a screen clear, a window title ("HOSTILE"),
    // colours, a cursor move, a backspace and a bell.
    control.inject(sim::Fault::HostileText, 10_000);
    let mut console = tenant.console(120, 40);
    console.wait_for_text(FIRST_FRAME);
    console.look_up(USER);
    console.wait_for_text("Alice Martin");
    console.generate_displayed_code(USER);
    let code = control.live_code(USER, "ENROLLMENT").expect("a live code");
    console.wait_for_text(&grouped(&code));
    console.send(b"c");
    console.wait_for_text("Sent to your terminal with OSC 52; your terminal decides");
    console.send(b"q");
    assert_exited_cleanly(&mut console);

    let raw = console.raw();
    assert!(find(&raw, b"HOSTILE").is_none(), "the service's window title reached the terminal");
    assert!(find(&raw, b"\x1b[2J").is_none(), "the service's screen clear reached the terminal");
    assert!(!raw.contains(&0x08), "the service's backspace reached the terminal");
    // The code itself is shown and copied clean: what is pasted is what was read out.
    let payloads = osc52_payloads(&raw);
    let payload = payloads[0].strip_prefix(b"c;").expect("OSC 52 targets the clipboard");
    let decoded = base64::engine::general_purpose::STANDARD.decode(payload).expect("base64");
    assert!(decoded == code.as_bytes(), "the copied code is the code, without escape sequences");
}

#[test]
fn the_console_names_its_profile_in_the_header_and_the_audit_record() {
    let tenant = Tenant::start("profile");
    let config = tenant.dir.0.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "default_profile = \"helpdesk-eu\"\n[profiles.helpdesk-eu]\nkey_file = {:?}\n",
            tenant.key_file.display().to_string()
        ),
    )
    .expect("writes config.toml");
    let mut console = tenant.console_with(100, 30, &["--config", config.to_str().unwrap()], &[]);
    console.wait_for_text(FIRST_FRAME);
    assert!(console.screen_text().contains(" helpdesk-eu "), "{}", console.describe());
    console.look_up(USER);
    console.send(b"q");
    assert_exited_cleanly(&mut console);
    let audit = std::fs::read_to_string(tenant.dir.0.join("data").join("audit.jsonl"))
        .expect("an audit record");
    assert!(audit.contains(r#""profile":"helpdesk-eu""#), "{audit}");

    // Another key file given in place of the profile's: neither the header nor the record
    // names the profile; the record says which key was used instead.
    let other = tenant.dir.0.join("other.key");
    std::fs::copy(&tenant.key_file, &other).expect("copies the key");
    let args = ["--config", config.to_str().unwrap(), "--key-file", other.to_str().unwrap()];
    let mut console = tenant.console_with(100, 30, &args, &[]);
    console.wait_for_text(FIRST_FRAME);
    assert!(!console.screen_text().contains("helpdesk-eu"), "{}", console.describe());
    console.look_up(USER);
    console.send(b"q");
    assert_exited_cleanly(&mut console);
    let audit = std::fs::read_to_string(tenant.dir.0.join("data").join("audit.jsonl"))
        .expect("an audit record");
    let last = audit.lines().last().unwrap_or_default();
    assert!(!last.contains(r#""profile""#), "{last}");
    let instead =
        format!("key file {} (--key-file or CASDESK_KEY_FILE), in place of", other.display());
    assert!(last.contains(&instead) && last.contains("profile helpdesk-eu's key file"), "{last}");
}

/// A keymap that moves quit to Q and gives export the key filter already has on the Bulk
/// results table (a state the console is nowhere near at start-up).
const KEYMAP: &str = "quit = \"Q\"\nexport = \"f\"\n";

/// Started with `KEYMAP` (by `--keymap` or `CASDESK_KEYMAP`, as `how` says): the conflict is
/// shown at once and stays until dismissed, q no longer quits and Q does.
fn the_keymap_is_in_effect(how: &str) {
    let tenant = Tenant::start(how);
    let file = tenant.dir.0.join("keys.toml");
    std::fs::write(&file, KEYMAP).expect("writes the keymap");
    let file = file.to_str().expect("a UTF-8 path");
    let mut console = match how {
        "flag" => tenant.console_with(100, 30, &["--keymap", file], &[]),
        _ => tenant.console_with(100, 30, &[], &[("CASDESK_KEYMAP", file)]),
    };
    console.wait_until("the keymap conflict, reported at start-up", |s| {
        let text = s.contents();
        text.contains("Check your settings")
            && text.contains("1 problem in your settings")
            && text.contains("keymap conflict: f is both \"filter\" and \"export\" on 3 Bulk")
    });
    // Only Esc or Enter close it: had 3 reached the console, Bulk would show after it.
    console.send(b"3");
    console.send(b"\x1b");
    console.wait_until("the dialog to close", |s| !s.contents().contains("Check your settings"));
    console.wait_for_text(FIRST_FRAME);
    // Off the address field, the footer shows the rebound key.
    console.send(b"\x1b");
    console.wait_for_text("Q quit");
    console.send(b"q");
    // Had q quit, casdesk would end before drawing the help.
    console.send(b"?");
    console.wait_for_text("Keys (Esc or ? to close)");
    console.send(b"\x1b");
    console.wait_until("the help to close", |s| !s.contents().contains("Keys (Esc or ?"));
    console.send(b"Q");
    assert_exited_cleanly(&mut console);
}

#[test]
fn a_keymap_file_given_by_flag_rebinds_keys_and_reports_its_conflicts_at_start() {
    the_keymap_is_in_effect("flag");
}

#[test]
fn a_keymap_file_given_by_casdesk_keymap_rebinds_keys_and_reports_its_conflicts_at_start() {
    the_keymap_is_in_effect("env");
}

#[test]
fn an_oauth_session_logged_at_trace_leaves_no_assertion_token_or_key_in_any_file() {
    let tenant = Tenant::start("oauth-secrets");
    let control = tenant.control();
    let jwk_text = casdesk::sim::DEMO_OAUTH_RSA_JWK;
    let jwk_file = tenant.dir.0.join("client.jwk");
    std::fs::write(&jwk_file, jwk_text).expect("writes the JWK");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&jwk_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let config = tenant.dir.0.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.oauth]\napi_url = {:?}\noauth = {{ client_id = {:?}, private_jwk_file = {:?}, \
             issuer_url = {:?} }}\n",
            tenant.sim.admin_rest_api_url(),
            casdesk::sim::DEMO_OAUTH_RSA_CLIENT_ID,
            jwk_file.display().to_string(),
            tenant.sim.oauth_issuer(),
        ),
    )
    .expect("writes config.toml");
    let args = ["--config", config.to_str().unwrap(), "--log-level", "trace,casdesk=trace"];
    let mut console = tenant.console_with(120, 40, &args, &[]);
    console.wait_for_text(FIRST_FRAME);
    console.look_up(USER);
    console.generate_displayed_code(USER);
    let code = control.live_code(USER, "ENROLLMENT").expect("a live code");
    console.send(b"q");
    assert_exited_cleanly(&mut console);
    assert!(
        control.stats().by_endpoint.keys().any(|k| k.contains("/oauth/token")),
        "signed in with the OAuth client, not a key file"
    );

    let tokens = control.oauth_access_tokens();
    assert!(!tokens.is_empty(), "the simulator issued an access token");
    let jwk: serde_json::Value = serde_json::from_str(jwk_text).expect("the JWK is JSON");
    let private: Vec<&str> =
        ["d", "p", "q", "dp", "dq", "qi"].iter().filter_map(|k| jwk[*k].as_str()).collect();
    assert_eq!(private.len(), 6, "an RSA private JWK has six private parts");
    let files: Vec<_> = files_under(&tenant.dir.0.join("logs"))
        .into_iter()
        .chain(files_under(&tenant.dir.0.join("data")))
        .collect();
    let log: String = files.iter().map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
    assert!(log.contains("TRACE") && log.contains("new access token"), "the log is at trace");
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        // The client assertion and a JWT access token both start with the base64 of `{"`.
        assert!(!text.contains("eyJ"), "{} holds a JWT", path.display());
        assert!(!text.contains(code.as_str()), "{} holds the code", path.display());
        for token in &tokens {
            assert!(!text.contains(token.as_str()), "{} holds the access token", path.display());
        }
        for part in &private {
            assert!(!text.contains(&part[..24]), "{} holds the private key", path.display());
        }
    }
}
