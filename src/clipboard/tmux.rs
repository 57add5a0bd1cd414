//! tmux keeps what an application copies with OSC 52 (under `set -s set-clipboard on`) as a
//! paste buffer, and no OSC 52 can take it back: tmux ignores an empty or non-base64 payload
//! (`input_osc_52` returns before `paste_add`), and a harmless payload only adds a buffer on top
//! of the one holding the code (`tmux list-buffers` still shows it). So when casdesk itself runs
//! inside tmux (`$TMUX` set: the server is on this machine), clearing also asks tmux to delete
//! the buffers that hold a copied code, and says how many it deleted.

use crate::secret::Secret;
use std::ffi::OsString;
use std::process::{Command, Stdio};

/// How to reach the tmux server casdesk runs under.
#[derive(Clone, Debug)]
pub struct TmuxBuffers {
    /// Arguments before each command: none for the server `$TMUX` names, `-L <socket>` in tests.
    server: Vec<OsString>,
}

impl TmuxBuffers {
    /// The tmux server casdesk runs inside, if any (`$TMUX` is set by tmux in every pane).
    pub fn from_env() -> Option<Self> {
        std::env::var_os("TMUX").filter(|v| !v.is_empty()).map(|_| Self { server: Vec::new() })
    }

    /// The server on socket `name` (`tmux -L name`), for tests that start their own.
    pub fn on_socket(name: &str) -> Self {
        Self { server: vec!["-L".into(), name.into()] }
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, String> {
        let out = Command::new("tmux")
            .args(&self.server)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("could not run tmux: {e}"))?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            // tmux's own words ("no server running on …"): never a buffer's contents.
            let words = String::from_utf8_lossy(&out.stderr);
            Err(format!("tmux {}: {}", args[0], crate::text::sanitize(words.trim())))
        }
    }

    /// Deletes every paste buffer whose contents are exactly one of `copied`; how many.
    pub fn delete_holding(&self, copied: &[Secret]) -> Result<usize, String> {
        if copied.is_empty() {
            return Ok(0);
        }
        let list = self.run(&["list-buffers", "-F", "#{buffer_size} #{buffer_name}"])?;
        let list = String::from_utf8_lossy(&list);
        let mut deleted = 0;
        for line in list.lines() {
            let Some((size, name)) = line.split_once(' ') else { continue };
            let size: usize = size.parse().unwrap_or(usize::MAX);
            // Only buffers of a copied code's length are read at all.
            if !copied.iter().any(|c| c.expose().len() == size) {
                continue;
            }
            // A buffer gone meanwhile (or one tmux will not show) is passed over: the rest that
            // hold a copied code are still deleted.
            let Ok(held) = self.run(&["show-buffer", "-b", name]) else { continue };
            let held = zeroize::Zeroizing::new(held);
            if copied.iter().any(|c| c.expose().as_bytes() == held.as_slice())
                && self.run(&["delete-buffer", "-b", name]).is_ok()
            {
                deleted += 1;
            }
        }
        Ok(deleted)
    }
}
