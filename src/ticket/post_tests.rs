//! Posting a note with a real program: small scripts written into a scratch directory.

use super::*;

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("casdesk-post-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// An executable shell script named `name` with `body`.
    fn script(&self, name: &str, body: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn ticket(id: &str) -> Ticket {
    Ticket::parse(id).unwrap().unwrap()
}

#[test]
fn a_line_is_split_at_white_space_and_an_array_taken_as_written() {
    let line = NoteCommandSetting::Line("  /bin/post  --queue   help  ".into());
    let command = NoteCommand::from_setting(&line).unwrap();
    assert_eq!(command.program, PathBuf::from("/bin/post"));
    assert_eq!(command.args, ["--queue", "help"]);
    let words = NoteCommandSetting::Words(vec!["/bin/post".into(), "service desk".into()]);
    assert_eq!(NoteCommand::from_setting(&words).unwrap().args, ["service desk"]);
    for empty in [NoteCommandSetting::Line(" ".into()), NoteCommandSetting::Words(vec![])] {
        let e = NoteCommand::from_setting(&empty).unwrap_err();
        assert!(e.contains("names no program"), "{e}");
    }
    let home = directories::BaseDirs::new().unwrap().home_dir().to_path_buf();
    let tilde = NoteCommand::from_setting(&NoteCommandSetting::Line("~/bin/post".into())).unwrap();
    assert_eq!((tilde.program, tilde.shown.as_str()), (home.join("bin/post"), "~/bin/post"));
}

#[tokio::test]
async fn the_note_goes_to_standard_input_and_the_ticket_is_the_last_argument() {
    let scratch = Scratch::new();
    let got = scratch.0.join("got");
    let script = scratch.script(
        "post",
        &format!(
            "cat > '{0}'; printf '%s|' \"$@\" >> '{0}'; echo; echo 'posted as #42'",
            got.display()
        ),
    );
    let setting = NoteCommandSetting::Words(vec![script, "--queue".into(), "help desk".into()]);
    let command = NoteCommand::from_setting(&setting).unwrap();
    let posting =
        command.post("Ticket note for alice\n10:01  Lookup: done\n", &ticket("INC-7")).await;
    assert_eq!(posting.result, Ok(Some("posted as #42".into())), "its first line, shown");
    assert_eq!(posting.ticket, ticket("INC-7"));
    let written = std::fs::read_to_string(&got).unwrap();
    assert_eq!(written, "Ticket note for alice\n10:01  Lookup: done\n--queue|help desk|INC-7|");
}

#[tokio::test]
async fn a_failure_says_how_it_ended_and_what_the_program_said_last() {
    let scratch = Scratch::new();
    let script = scratch.script(
        "fail",
        "cat > /dev/null; echo 'trying' >&2; echo 'HTTP 401 \u{1b}[31mdenied' >&2; exit 3",
    );
    let command = NoteCommand::from_setting(&NoteCommandSetting::Line(script.clone())).unwrap();
    let posting = command.post("note", &ticket("INC-7")).await;
    assert_eq!(posting.result, Err(format!("{script} exited with status 3: HTTP 401 denied")));
    let silent = scratch.script("silent", "exit 1");
    let command = NoteCommand::from_setting(&NoteCommandSetting::Line(silent.clone())).unwrap();
    assert_eq!(
        command.post("", &ticket("X")).await.result,
        Err(format!("{silent} exited with status 1"))
    );
    let missing = NoteCommandSetting::Line("/nonexistent/casdesk-post".into());
    let e = NoteCommand::from_setting(&missing).unwrap().post("", &ticket("X")).await.result;
    assert!(e.unwrap_err().starts_with("cannot start /nonexistent/casdesk-post: "));
}

#[tokio::test]
async fn a_program_that_takes_too_long_is_stopped() {
    let scratch = Scratch::new();
    let script = scratch.script("slow", "exec sleep 30");
    let command = NoteCommand::from_setting(&NoteCommandSetting::Line(script.clone()))
        .unwrap()
        .with_timeout(Duration::from_secs(1));
    let started = std::time::Instant::now();
    let posting = command.post("note", &ticket("INC-7")).await;
    assert!(started.elapsed() < Duration::from_secs(5), "not waited for");
    assert_eq!(posting.result, Err(format!("{script} did not finish within 1 s and was stopped")));
}
