//! `casdesk token lookup SERIAL` and `casdesk token rename EMAIL SERIAL NAME`, run as a script
//! would over a persisted demo: the holder of a token (or nobody), an unknown serial failing
//! the run, a rename seen by the next lookup and list, a name too long refused as a bad
//! argument before anything is sent, and each in the audit record.

use crate::support::binary::{audit_actions, demo_in, scratch, stderr, stdout};

const LOOKUP_HEADER: &str = "serial,status,email,user_id,name,token_state,token_status,pin_set,\
                             expiry_date,assigned_at,assigned_by,status_changed_at,\
                             status_changed_by,status_reason,error";

#[test]
fn token_lookup_names_the_holder_of_a_token_or_nobody() {
    let data = scratch("token-lookup");
    let out = demo_in(&data, &["token", "lookup", "000311122233"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(LOOKUP_HEADER));
    let row = lines.next().unwrap();
    assert!(row.starts_with("000311122233,OK,hannah.schmidt@example.com,"), "{row}");
    assert!(row.contains(",Assigned,Disabled,false,"), "{row}");
    assert!(row.ends_with(",admin@example.com,Reported lost,"), "{row}");

    let out = demo_in(&data, &["token", "lookup", "000555000101", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["token_state"], "Unassigned");
    assert!(rows[0]["email"].is_null() && rows[0]["user_id"].is_null(), "{rows:?}");

    let out = demo_in(&data, &["token", "lookup", "000999999999"]);
    assert_eq!(out.status.code(), Some(1), "an unknown serial fails the run");
    assert!(stdout(&out).contains("000999999999,FAILED,") && stdout(&out).contains("HTTP 404"));
    let out = demo_in(&data, &["token", "lookup", &"9".repeat(37)]);
    assert_eq!(out.status.code(), Some(2), "a bad argument");
    assert!(stderr(&out).contains("at most 36 characters"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn token_rename_is_seen_by_the_next_lookup_and_recorded() {
    let data = scratch("token-rename");
    let out =
        demo_in(&data, &["token", "rename", "john.doe@example.com", "000412345678", "Desk token"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "email,status,action,serial,name,result,error\n\
         john.doe@example.com,OK,rename,000412345678,Desk token,named \u{201c}Desk token\u{201d},\n"
    );
    let out = demo_in(&data, &["token", "lookup", "000412345678", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["name"], "Desk token");
    let out = demo_in(&data, &["token", "list", "john.doe@example.com"]);
    assert!(stdout(&out).contains(",OK,000412345678,Desk token,Assigned,"), "{}", stdout(&out));

    // Someone else's token: the service's 409, the run fails.
    let out = demo_in(&data, &["token", "rename", "john.doe@example.com", "000311122233", "Mine"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(",FAILED,rename,000311122233,Mine,,HTTP 409"),
        "{}",
        stdout(&out)
    );

    let out = demo_in(&data, &["audit", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let actions = audit_actions(&rows);
    assert!(
        actions.contains(&("rename SecurID token 000412345678", "john.doe@example.com", true)),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("rename SecurID token 000311122233", "john.doe@example.com", false)),
        "{actions:?}"
    );
    assert!(actions.contains(&("token lookup", "john.doe@example.com", true)), "{actions:?}");
    let holds = rows.iter().find(|r| r["action"] == "token lookup").unwrap();
    assert_eq!(holds["outcome"], "holds SecurID token 000412345678", "{holds}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_name_too_long_or_empty_is_a_bad_argument_and_nothing_is_sent() {
    let data = scratch("token-rename-long");
    let long = "n".repeat(256);
    for (name, said) in [
        (long.as_str(), "at most 255 characters; this one has 256"),
        ("  ", "a new token name is required"),
    ] {
        let args = ["token", "rename", "john.doe@example.com", "000412345678", name];
        let out = demo_in(&data, &args);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
    let out = demo_in(
        &data,
        &[
            "token",
            "assign",
            "--override",
            "callback",
            "alice@example.com",
            "000555000101",
            "--name",
            &long,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--name: a token name is at most 255"), "{}", stderr(&out));
    let out = demo_in(&data, &["token", "lookup", "000412345678", "-f", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(rows[0]["name"].is_null(), "nothing was renamed: {rows:?}");
    let _ = std::fs::remove_dir_all(&data);
}
