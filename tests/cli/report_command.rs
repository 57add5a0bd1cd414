//! `casdesk report`: a report written to a file with its rows counted, a change made just
//! before in it, the limits said before anything is sent (and the service's 429 in words when
//! sent anyway), a file never replaced unasked, and the audit record naming where it went.

use crate::support::binary::{demo_in, scratch, stderr, stdout};

#[test]
fn get_writes_the_csv_with_a_change_made_just_before_and_records_where() {
    let data = scratch("report-get");
    let out = demo_in(&data, &["disable", "alice@example.com"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = data.join("users.csv");
    let path = file.to_str().unwrap();
    let out = demo_in(&data, &["report", "get", "users", "--out", path, "-f", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with("Email,First Name,"), "{csv}");
    let alice = csv.lines().find(|l| l.starts_with("alice@example.com,")).expect("alice");
    assert!(alice.contains(",Disabled,"), "the change made just before: {alice}");
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["report"], "users");
    assert_eq!(rows[0]["action"], "downloaded");
    assert_eq!(rows[0]["rows"], csv.lines().count() as i64 - 1);
    assert!(rows[0]["path"].as_str().unwrap().ends_with("users.csv"));
    assert!(stderr(&out).contains("waiting for the users report to be ready"), "{}", stderr(&out));
    // The record: both steps, where it was written, nothing of its content.
    let audit = demo_in(&data, &["audit", "-f", "json"]);
    let entries: Vec<serde_json::Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    let report: Vec<_> =
        entries.iter().filter(|e| e["action"].as_str().unwrap().ends_with("report")).collect();
    assert_eq!(report.len(), 2, "{entries:?}");
    assert_eq!(
        (report[0]["action"].as_str(), report[0]["email"].as_str()),
        (Some("generate report"), Some("users report"))
    );
    let outcome = report[1]["outcome"].as_str().unwrap();
    assert!(outcome.starts_with("written to ") && outcome.contains("users.csv"), "{outcome}");
    assert!(!stdout(&audit).contains("alice@example.com,"), "no CSV content in the record");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn the_limit_is_said_before_sending_and_a_429_in_words() {
    let data = scratch("report-limit");
    let out = demo_in(&data, &["report", "generate", "mfa-clients"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("report,action,at,next_allowed,path,rows,bytes\n"),
        "{}",
        stdout(&out)
    );
    let again = demo_in(&data, &["report", "generate", "mfa-clients"]);
    assert_eq!(again.status.code(), Some(1));
    let said = stderr(&again);
    assert!(said.contains("The MFA clients report was generated from here at"), "{said}");
    assert!(
        said.contains("so it would refuse until") && said.contains("Nothing was sent"),
        "{said}"
    );
    // Sent anyway: the service (the demo tenant remembers) refuses, in words.
    let anyway = demo_in(&data, &["report", "generate", "mfa-clients", "--anyway"]);
    assert_eq!(anyway.status.code(), Some(1));
    let said = stderr(&anyway);
    assert!(said.contains("The service refused: a MFA clients report may be generated once every 8 hours per tenant; try again at "), "{said}");
    assert!(said.contains("(in 7 h 59 min)") || said.contains("(in 8 h 00 min)"), "{said}");
    // Another kind is its own.
    let other = demo_in(&data, &["report", "generate", "hardware-tokens"]);
    assert!(other.status.success(), "{}", stderr(&other));
    let status = demo_in(&data, &["report", "status"]);
    let text = stdout(&status);
    assert!(
        text.starts_with(
            "report,generated,next_generate,downloaded,next_download,written_to,rows\n"
        ),
        "{text}"
    );
    assert!(text.contains("\nusers,,now,,now,,\n"), "{text}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_file_there_is_never_replaced_unasked() {
    let data = scratch("report-exists");
    std::fs::create_dir_all(&data).unwrap();
    let file = data.join("mine.csv");
    std::fs::write(&file, "mine").unwrap();
    let out = demo_in(&data, &["report", "download", "users", "--out", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("exists; nothing was sent (--force replaces it)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    // `-o` and `--output` name the file as `--out` does, as on every other command.
    for flag in ["-o", "--output"] {
        let out = demo_in(&data, &["report", "download", "users", flag, file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{flag}: {}", stderr(&out));
        assert!(stderr(&out).contains("exists; nothing was sent"), "{}", stderr(&out));
    }
    // Nothing generated yet: the service's 404, in words.
    let out = demo_in(
        &data,
        &["report", "download", "users", "--out", file.to_str().unwrap(), "--force"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("No users report is ready to download"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine", "a refusal writes nothing");
    let _ = std::fs::remove_dir_all(&data);
}
