//! `note_command`: posting the ticket note to a ticketing system. Any program, never a shell:
//! it is started directly, with the note on its standard input and the ticket id as its last
//! argument, and given [`TIMEOUT`] to finish; then it is stopped. What it says on standard
//! output (its first line) is shown as it succeeded; how it failed (its exit status and the
//! last line of its standard error) is shown as it failed. A failure is reported, never fatal:
//! the note was made and copied all the same.
//!
//! In the settings file it is an array (`["~/bin/post-note", "--queue", "service desk"]`) or a
//! string split at white space (`"~/bin/post-note --queue helpdesk"`: no quotes, no
//! variables, no globs; an argument with a space needs the array). A leading `~/` in the
//! program is the home directory.

use super::Ticket;
use serde::Deserialize;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// How long the program has to post the note.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The most of what the program says that is shown.
const SAID_MOST: usize = 120;

/// `note_command` as the settings file writes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum NoteCommandSetting {
    /// Split at white space.
    Line(String),
    /// The program, then its arguments.
    Words(Vec<String>),
}

/// A program to post ticket notes with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteCommand {
    program: PathBuf,
    args: Vec<String>,
    /// The program as the settings file names it, for messages.
    shown: String,
    timeout: Duration,
}

/// What became of posting a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posting {
    pub ticket: Ticket,
    /// The program as named, for messages.
    pub program: String,
    /// The program's first line on success; why it failed otherwise.
    pub result: Result<Option<String>, String>,
}

impl NoteCommand {
    /// The program and arguments `setting` names, or why it names none.
    pub fn from_setting(setting: &NoteCommandSetting) -> Result<Self, String> {
        let words: Vec<String> = match setting {
            NoteCommandSetting::Line(line) => line.split_whitespace().map(String::from).collect(),
            NoteCommandSetting::Words(words) => words.clone(),
        };
        let Some((program, args)) = words.split_first().filter(|(p, _)| !p.trim().is_empty())
        else {
            return Err("note_command names no program".into());
        };
        Ok(Self {
            program: home_expanded(program),
            args: args.to_vec(),
            shown: crate::text::sanitize(program),
            timeout: TIMEOUT,
        })
    }

    /// The same program, given `timeout` instead of [`TIMEOUT`] (for tests).
    pub fn with_timeout(self, timeout: Duration) -> Self {
        Self { timeout, ..self }
    }

    /// The program as the settings file names it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Runs the program: `note` on its standard input, `ticket` its last argument.
    pub async fn post(&self, note: &str, ticket: &Ticket) -> Posting {
        let result = self.run(note, ticket).await;
        Posting { ticket: ticket.clone(), program: self.shown.clone(), result }
    }

    async fn run(&self, note: &str, ticket: &Ticket) -> Result<Option<String>, String> {
        let shown = &self.shown;
        let mut child = tokio::process::Command::new(&self.program)
            .args(&self.args)
            .arg(ticket.as_str())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Dropped when the time is up: stopped, not left running.
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {shown}: {e}"))?;
        let stdin = child.stdin.take();
        let write = async move {
            // A program that does not read its input fails on its own terms, said below.
            if let Some(mut pipe) = stdin {
                let _ = pipe.write_all(note.as_bytes()).await;
            }
        };
        let run = async { tokio::join!(write, child.wait_with_output()).1 };
        let output = match tokio::time::timeout(self.timeout, run).await {
            Err(_) => {
                return Err(format!(
                    "{shown} did not finish within {} s and was stopped",
                    self.timeout.as_secs().max(1)
                ));
            }
            Ok(output) => output.map_err(|e| format!("{shown}: {e}"))?,
        };
        if output.status.success() {
            return Ok(line_of(&output.stdout, Which::First));
        }
        let how = match output.status.code() {
            Some(code) => format!("exited with status {code}"),
            None => "was ended by a signal".to_string(),
        };
        Err(match line_of(&output.stderr, Which::Last) {
            Some(said) => format!("{shown} {how}: {said}"),
            None => format!("{shown} {how}"),
        })
    }
}

enum Which {
    First,
    Last,
}

/// The first (or last) line with something on it, cleaned and cut short.
fn line_of(bytes: &[u8], which: Which) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let line = match which {
        Which::First => lines.next(),
        Which::Last => lines.next_back(),
    }?;
    Some(crate::text::sanitize_excerpt(line, SAID_MOST))
}

/// `~/x` as the home directory's `x`, as a shell would; anything else as written.
fn home_expanded(program: &str) -> PathBuf {
    match (program.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => PathBuf::from(program),
    }
}

#[cfg(test)]
#[path = "post_tests.rs"]
mod tests;
