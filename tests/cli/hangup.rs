//! The terminal going away under the console (an SSH session dropped): the kernel hangs up the
//! session, and casdesk must end at once with 129, as for SIGHUP, not panic on the first write
//! to the terminal that is gone, and not linger. The demo's tenant is saved on the way out.

#![cfg(unix)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read;
use std::time::{Duration, Instant};

#[test]
fn a_terminal_gone_ends_the_console_at_once_with_129() {
    let data = std::env::temp_dir().join(format!("casdesk-hangup-{}", uuid::Uuid::new_v4()));
    let pair = native_pty_system()
        .openpty(PtySize { rows: 30, cols: 100, pixel_width: 0, pixel_height: 0 })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_casdesk"));
    cmd.args(["demo", "--config"]);
    cmd.arg(data.join("none.toml"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("CASDESK_DATA_DIR", &data);
    cmd.env("CASDESK_LOG_DIR", data.join("logs"));
    for var in ["DISPLAY", "WAYLAND_DISPLAY", "CASDESK_KEY_FILE", "TMUX", "CASDESK_THEME"] {
        cmd.env_remove(var);
    }
    let mut child = pair.slave.spawn_command(cmd).expect("spawns casdesk");
    drop(pair.slave);
    // Read until the first screen is up, then close every descriptor of the terminal's
    // master side: the reader's here, the others below.
    let mut reader = pair.master.try_clone_reader().unwrap();
    // Taken so that dropping the master sends nothing (it types an end-of-file otherwise).
    let mut writer = pair.master.take_writer().unwrap();
    let up = std::thread::spawn(move || {
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(30), size(100), 0);
        let mut buf = [0u8; 8192];
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => return false,
                Ok(n) => parser.process(&buf[..n]),
            }
            if parser.screen().contents().contains("Type the user's e-mail address") {
                return true;
            }
        }
        false
    });
    assert!(up.join().unwrap(), "the console came up");
    // Out of the address field: no cursor on screen, so ratatui has hidden it (and would try
    // to show it again on the terminal that is gone).
    std::io::Write::write_all(&mut writer, b"\x1b").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let gone = Instant::now();
    drop((writer, pair.master));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if gone.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("casdesk still running 10 s after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = gone.elapsed();
    assert_eq!((status.exit_code(), status.signal()), (129, None), "{status:?}");
    assert!(took < Duration::from_millis(800), "ended {took:?} after the terminal went away");
    assert!(data.join("demo-tenant.json").exists(), "the demo tenant was saved");
    let logs: String = std::fs::read_dir(data.join("logs"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(!logs.contains("panic"), "no panic on the way out:\n{logs}");
    let _ = std::fs::remove_dir_all(&data);
}
