//! What real tmux does with the bytes casdesk writes: a copied code becomes a paste buffer
//! (`set -s set-clipboard on`), the empty and `!` payloads are ignored (the old "clear"), the
//! overwrite casdesk sends now is taken, and clearing deletes the buffer holding the code.
//! Skipped, with a message, where tmux is not installed.

use casdesk::clipboard::{Clipboard, OSC52_OVERWRITE, SystemClipboard, TmuxBuffers};
use casdesk::secret::Secret;
use std::process::Command;
use std::time::{Duration, Instant};

struct Server {
    socket: String,
    dir: std::path::PathBuf,
}

impl Server {
    fn start() -> Option<Self> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("tmux is not installed: skipping the tmux clipboard test");
            return None;
        }
        let socket = format!("casdesk-clip-{}", std::process::id());
        let dir = std::env::temp_dir().join(&socket);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let server = Self { socket, dir };
        server.tmux(&["-f", "/dev/null", "new-session", "-d", "-s", "t", "sleep 60"]);
        server.tmux(&["set", "-s", "set-clipboard", "on"]);
        Some(server)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket]).args(args).output().unwrap();
        assert!(out.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Plays `bytes` in a new pane, as if casdesk had written them to its terminal.
    fn play(&self, name: &str, bytes: &[u8]) {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        self.tmux(&["new-window", "-d", &format!("cat {}; sleep 2", path.display())]);
    }

    /// The paste buffers, newest first, once `done` holds for them (or after 5 s).
    fn buffers_when(&self, done: impl Fn(&[String]) -> bool) -> Vec<String> {
        let start = Instant::now();
        loop {
            let list = self.tmux(&["list-buffers", "-F", "#{buffer_name}"]);
            let contents: Vec<String> =
                list.lines().map(|name| self.tmux(&["show-buffer", "-b", name])).collect();
            if done(&contents) || start.elapsed() > Duration::from_secs(5) {
                return contents;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn in_tmux_clearing_overwrites_the_clipboard_and_deletes_the_buffer_holding_the_code() {
    let Some(server) = Server::start() else { return };
    let code = "629211156";
    let tmux = TmuxBuffers::on_socket(&server.socket);
    let mut clipboard = SystemClipboard::for_terminal(Vec::new(), Some(tmux));
    clipboard.copy(&Secret::new(code));
    server.play("copy", &take(&mut clipboard));
    let buffers = server.buffers_when(|b| b.iter().any(|c| c == code));
    assert!(buffers.iter().any(|c| c == code), "tmux keeps a copy as a buffer: {}", buffers.len());

    // What casdesk used to send to clear, and an empty payload: tmux ignores both.
    server.play("old-clear", b"\x1b]52;c;!\x07\x1b]52;c;\x07");
    std::thread::sleep(Duration::from_millis(500));
    let after_old = server.buffers_when(|_| true);
    assert_eq!(
        after_old.first().map(String::as_str),
        Some(code),
        "`!` and empty leave the code on top"
    );

    let report = clipboard.clear();
    let written = take(&mut clipboard);
    assert_eq!(written, OSC52_OVERWRITE.as_bytes());
    assert_eq!(report.tmux, Some(Ok(1)), "the buffer holding the code is deleted");
    server.play("clear", &written);
    let after = server.buffers_when(|b| b.first().is_some_and(|c| c == " "));
    assert_eq!(after.first().map(String::as_str), Some(" "), "the overwrite is the newest buffer");
    assert!(!after.iter().any(|c| c == code), "no buffer holds the code any more");
    assert_eq!(report.summary(), "Overwrite sent with OSC 52; tmux buffers holding it deleted (1)");
}

fn take(clipboard: &mut SystemClipboard<Vec<u8>>) -> Vec<u8> {
    std::mem::take(clipboard.terminal_mut())
}
