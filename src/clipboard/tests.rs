use super::*;
use proptest::prelude::*;

fn terminal_only() -> SystemClipboard<Vec<u8>> {
    SystemClipboard::for_terminal(Vec::new(), None)
}

#[test]
fn osc52_carries_the_text_in_base64() {
    assert_eq!(osc52_sequence("629211156"), "\u{1b}]52;c;NjI5MjExMTU2\u{7}");
}

#[test]
fn a_copy_writes_osc52_and_says_only_that_it_was_sent() {
    let mut clipboard = terminal_only();
    let report = clipboard.copy(&Secret::new("123456789"));
    assert_eq!(String::from_utf8(clipboard.terminal.clone()).unwrap(), osc52_sequence("123456789"));
    assert_eq!(report.summary(), "Sent to your terminal with OSC 52; your terminal decides");
    assert_eq!(report.status(), Status::Warning, "OSC 52 alone is never confirmed");
}

#[test]
fn only_this_machines_clipboard_makes_a_copy_ok() {
    let both = CopyReport { destinations: vec![TERMINAL, LOCAL], problems: vec![] };
    assert_eq!(both.status(), Status::Ok);
    assert_eq!(
        both.summary(),
        "Copied to this machine's clipboard; also sent to your terminal (OSC 52)"
    );
    let half =
        CopyReport { destinations: vec![TERMINAL], problems: vec!["local clipboard: busy".into()] };
    assert_eq!(half.status(), Status::Warning);
    assert!(half.summary().ends_with("(not: local clipboard: busy)"), "{}", half.summary());
    let none = CopyReport { destinations: vec![], problems: vec!["terminal: gone".into()] };
    assert_eq!(
        (none.status(), none.summary()),
        (Status::Failed, "Could not copy: terminal: gone".into())
    );
}

#[test]
fn clearing_overwrites_with_a_space_which_tmux_and_windows_terminal_take() {
    let mut clipboard = terminal_only();
    let report = clipboard.clear();
    let written = String::from_utf8(clipboard.terminal.clone()).unwrap();
    // The exact bytes: OSC 52, clipboard `c`, base64 of one space, BEL.
    assert_eq!(written.as_bytes(), b"\x1b]52;c;IA==\x07");
    assert_eq!(written, OSC52_OVERWRITE);
    assert_eq!(written, osc52_sequence(OVERWRITE), "the overwrite is an ordinary copy");
    assert_eq!(report.summary(), "Clipboard overwritten with OSC 52; your terminal decides");
    assert_eq!(report.status(), Status::Warning);
}

#[test]
fn the_panic_path_writes_the_same_overwrite_once() {
    set_clear_pending(true);
    let mut out = Vec::new();
    clear_terminal_if_pending(&mut out);
    clear_terminal_if_pending(&mut out);
    assert_eq!(out, OSC52_OVERWRITE.as_bytes());
    assert!(!clear_pending());
}

#[test]
fn a_clear_says_what_each_place_did() {
    let report = |local, tmux| ClearReport { terminal: Ok(()), local, tmux };
    let r = report(Some(Ok(())), None);
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(r.summary(), "This machine's clipboard cleared; overwrite sent with OSC 52");
    let r = report(None, Some(Ok(2)));
    assert_eq!(r.status(), Status::Warning, "tmux emptied, the terminal still unknown");
    assert_eq!(r.summary(), "Overwrite sent with OSC 52; tmux buffers holding it deleted (2)");
    let r = report(None, Some(Ok(0)));
    assert_eq!(r.summary(), "Clipboard overwritten with OSC 52; your terminal decides");
    let r = report(None, Some(Err("tmux list-buffers: no server running".into())));
    assert_eq!(r.status(), Status::Failed);
    assert!(
        r.summary().ends_with(
            "could not check tmux's paste buffers: tmux list-buffers: no server running"
        ),
        "{}",
        r.summary()
    );
    // The toast line at 80 columns holds " ⚠ WARNING  " and 68 characters.
    for r in [report(None, None), report(None, Some(Ok(3))), report(Some(Ok(())), None)] {
        assert!(r.summary().chars().count() <= 68, "{}", r.summary());
    }
    let r = ClearReport { terminal: Err("broken pipe".into()), local: None, tmux: None };
    assert_eq!(
        (r.status(), r.summary()),
        (Status::Failed, "Could not write to the terminal: broken pipe".into())
    );
}

proptest! {
    /// Whatever went where, a copy is OK only when this machine's clipboard took it and
    /// nothing failed, and the words claim "Copied" only then (or for a named recorder).
    #[test]
    fn a_copy_is_ok_only_when_the_local_clipboard_took_it(
        terminal in any::<bool>(), local in any::<bool>(), problem in any::<bool>()
    ) {
        let mut report = CopyReport::default();
        if terminal { report.destinations.push(TERMINAL); }
        if local { report.destinations.push(LOCAL); }
        if problem { report.problems.push("x: failed".into()); }
        prop_assert_eq!(report.status() == Status::Ok, local && !problem);
        prop_assert_eq!(report.summary().starts_with("Copied"), local);
        prop_assert_eq!(report.summary().contains("OSC 52"), terminal);
    }

    /// The overwrite stays a copy any terminal takes: for every code, the clear is a valid,
    /// non-empty base64 payload of at least 4 characters (tmux drops shorter ones), unlike `!`.
    #[test]
    fn the_overwrite_never_holds_the_code(code in "[0-9]{6,12}") {
        let mut clipboard = terminal_only();
        clipboard.copy(&Secret::new(code.clone()));
        clipboard.terminal.clear();
        clipboard.clear();
        let written = String::from_utf8(clipboard.terminal.clone()).unwrap();
        let payload = written.strip_prefix("\u{1b}]52;c;").and_then(|p| p.strip_suffix('\u{7}')).unwrap();
        prop_assert!(payload.len() >= 4);
        let decoded = base64::engine::general_purpose::STANDARD.decode(payload).unwrap();
        prop_assert!(!decoded.is_empty());
        prop_assert!(decoded != code.as_bytes());
        prop_assert!(clipboard.copied.is_empty(), "a clear forgets the codes");
    }
}
