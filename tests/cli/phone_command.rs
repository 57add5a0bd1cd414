//! `casdesk phone`, run as a script would: the real binary against the embedded demo tenant,
//! checking what it prints, its exit codes, and that the audit record and the log say what
//! changed but never hold the number.

use crate::support::binary::{audit_actions, demo_in as casdesk_in, stderr, stdout};
use std::process::Output;

fn scratch() -> std::path::PathBuf {
    crate::support::binary::scratch("phone")
}

fn json_rows(out: &Output) -> Vec<serde_json::Value> {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

#[test]
fn without_flags_it_shows_the_numbers_on_file() {
    let data = scratch();
    let out = casdesk_in(&data, &["phone", "--override", "callback", "alice@example.com"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // CSV defuses a leading + for spreadsheets, as every casdesk CSV does.
    assert_eq!(
        stdout(&out),
        "email,status,action,sms_number,voice_number,result,error\n\
         alice@example.com,OK,show,'+1 555 0105 8527,'+1 555 0105 8527,the numbers on file,\n"
    );
    let out = casdesk_in(
        &data,
        &["phone", "--override", "callback", "bjorn.lindqvist@partner.example.net", "-f", "json"],
    );
    let rows = json_rows(&out);
    assert_eq!(rows[0]["status"], "OK");
    assert!(rows[0]["result"].as_str().unwrap().starts_with("no numbers on file"), "{rows:?}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_change_prints_the_numbers_the_next_lookup_shows() {
    let data = scratch();
    let out = casdesk_in(
        &data,
        &[
            "phone",
            "--override",
            "callback",
            "alice@example.com",
            "--sms",
            " +44 20  7946-0958",
            "--clear-voice",
            "-f",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_rows(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["status"], "OK");
    assert_eq!(rows[0]["action"], "SMS changed, voice cleared");
    assert_eq!(rows[0]["sms_number"], "+44 20 7946 0958", "sent in E.123 form");
    assert!(rows[0]["voice_number"].is_null(), "cleared: {rows:?}");
    assert_eq!(rows[0]["result"], "changed; the numbers now on file");

    let out = casdesk_in(
        &data,
        &["phone", "--override", "callback", "alice@example.com", "--voice", "+1 555 555 5555"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // The demo tenant remembers the first command's SMS number.
    assert!(text.contains(",voice changed,'+44 20 7946 0958,'+1 555 555 5555,"), "{text}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_bad_number_is_a_bad_argument_and_nothing_is_done() {
    let data = scratch();
    for (args, said) in [
        (vec!["--sms", "020 7946 0958"], "the SMS number needs a country code after a +"),
        (vec!["--voice", "+1 555 555 5555 ext 4"], "the voice number cannot have an extension"),
        (vec!["--sms", "+1 555"], "too short"),
        (vec!["--sms", ""], "--sms needs a number; use --clear-sms"),
    ] {
        let args: Vec<&str> = ["phone", "--override", "callback", "alice@example.com"]
            .into_iter()
            .chain(args)
            .collect();
        let out = casdesk_in(&data, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let both = casdesk_in(
        &data,
        &[
            "phone",
            "--override",
            "callback",
            "alice@example.com",
            "--sms",
            "+1 555 555 5555",
            "--clear-sms",
        ],
    );
    assert_eq!(both.status.code(), Some(2), "clap refuses --sms with --clear-sms");
    let address =
        casdesk_in(&data, &["phone", "--override", "callback", "not-an-address", "--clear-sms"]);
    assert_eq!(address.status.code(), Some(2));
    assert!(!data.join("audit.jsonl").exists(), "nothing was done, so nothing is recorded");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn an_unknown_user_fails_the_run() {
    let data = scratch();
    let out = casdesk_in(
        &data,
        &["phone", "--override", "callback", "nobody@example.com", "--clear-sms", "-f", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let rows = json_rows(&out);
    assert_eq!(rows[0]["status"], "FAILED");
    assert!(rows[0]["error"].as_str().unwrap().contains("HTTP 404"), "{rows:?}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn the_audit_record_and_the_log_say_what_changed_but_not_the_number() {
    let data = scratch();
    casdesk_in(
        &data,
        &[
            "phone",
            "--override",
            "callback",
            "alice@example.com",
            "--sms",
            "+44 20 7946 0958",
            "--clear-voice",
        ],
    );
    casdesk_in(
        &data,
        &["phone", "--override", "callback", "john.doe@example.com", "--voice", "+1 555 867 5309"],
    );
    casdesk_in(&data, &["phone", "--override", "callback", "alice@example.com"]);
    casdesk_in(
        &data,
        &["phone", "--override", "callback", "nobody@example.com", "--sms", "+1 555 867 5309"],
    );
    let audit = casdesk_in(&data, &["audit", "-f", "json"]);
    assert_eq!(audit.status.code(), Some(0), "{}", stderr(&audit));
    let rows = json_rows(&audit);
    let actions = audit_actions(&rows);
    assert_eq!(
        actions,
        [
            ("verified caller", "alice@example.com", true),
            ("set phone numbers (SMS changed, voice cleared)", "alice@example.com", true),
            ("verified caller", "john.doe@example.com", true),
            ("set phone numbers (voice changed)", "john.doe@example.com", true),
            // Showing the numbers needs no verified caller: nothing is recorded for it.
            ("show phone numbers", "alice@example.com", true),
            ("verified caller", "nobody@example.com", true),
            ("set phone numbers (SMS changed)", "nobody@example.com", false),
        ]
    );
    let record = std::fs::read_to_string(data.join("audit.jsonl")).unwrap();
    let logs: String = std::fs::read_dir(data.join("logs"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    for text in [&record, &logs] {
        // Whole groups, as random digits in a timestamp or a port would rarely match them.
        for digits in ["7946 0958", "79460958", "867 5309", "8675309", "0105 8527", "01058527"] {
            assert!(!text.contains(digits), "no digits of a number ({digits}):\n{text}");
        }
    }
    let _ = std::fs::remove_dir_all(&data);
}
