//! The audit record's tests: what is written, read back, and never written.

use super::*;
use crate::bulk::Failure;

#[test]
fn the_account_is_named_from_the_password_file_by_uid() {
    let passwd = "root:x:0:0:root:/root:/bin/bash\nanna:x:1000:1000::/home/anna:/bin/sh\n";
    assert_eq!(account_named(passwd, 1000).as_deref(), Some("anna"));
    assert_eq!(account_named(passwd, 0).as_deref(), Some("root"));
    assert_eq!(account_named(passwd, 42), None);
    assert_eq!(account_named("garbage\n::\n", 0), None);
}

#[cfg(target_os = "linux")]
#[test]
fn the_account_is_the_processes_whatever_user_says() {
    // The owner of this process, not whatever $USER says.
    let account = os_account();
    assert!(!account.is_empty() && account != "unknown", "{account}");
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").unwrap().uid();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let expected = account_named(&passwd, uid).unwrap_or_else(|| format!("uid {uid}"));
    assert_eq!(account, expected);
}

#[test]
fn records_append_and_read_back_without_codes() {
    let path =
        std::env::temp_dir().join(format!("casdesk-audit-{}/audit.jsonl", uuid::Uuid::new_v4()));
    let log = AuditLog::new(path.clone(), "tenant-a");
    let mut generated = UserOutcome::failed("a@x.com", Failure::new(""));
    generated.result = Ok(crate::api::ResultCode::Generated);
    generated.code = Some(crate::secret::Secret::new("629211156"));
    let failed = UserOutcome::failed("b@x.com", Failure::new("HTTP 500 \u{1b}[31mred"));
    log.record_outcomes("generate enrollment codes", &[generated, failed]).unwrap();
    log.record("lookup", vec![UserResult::ok("c@x.com")]).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("629211156"), "never a code: {text}");
    assert!(!text.contains('\u{1b}'), "server text is sanitised");
    let entries = read(&path).unwrap().entries;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].users[0].result_code, Some(1000));
    assert!(!entries[0].users[1].ok);
    assert_eq!(entries[1].action, "lookup");
    assert_eq!(entries[1].tenant, "tenant-a");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn a_broken_line_is_reported_and_the_lines_after_it_still_read() {
    let path =
        std::env::temp_dir().join(format!("casdesk-audit-{}/audit.jsonl", uuid::Uuid::new_v4()));
    let log = AuditLog::new(path.clone(), "tenant-a").with_profile(Some("production".into()));
    log.record("lookup", vec![UserResult::ok("a@x.com")]).unwrap();
    {
        let mut file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"{\"time\": \"cut short by a cra\n").unwrap();
        file.write_all(b"\xff\xfe not UTF-8\n\n").unwrap();
    }
    log.record("void enrollment codes", vec![UserResult::ok("b@x.com")]).unwrap();
    let trail = read(&path).unwrap();
    let actions: Vec<&str> = trail.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["lookup", "void enrollment codes"], "read past the bad lines");
    assert_eq!(trail.unreadable, [2, 3]);
    assert!(trail.entries.iter().all(|e| e.profile.as_deref() == Some("production")));
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn outcomes_are_recorded_in_words_and_never_carry_the_code() {
    let path =
        std::env::temp_dir().join(format!("casdesk-audit-{}/audit.jsonl", uuid::Uuid::new_v4()));
    let log = AuditLog::new(path.clone(), "tenant-a");
    let mut generated = UserOutcome::failed("a@x.com", Failure::new(""));
    generated.result = Ok(crate::api::ResultCode::Generated);
    generated.code = Some(crate::secret::Secret::new("629211156"));
    generated.expires = Some(time::macros::datetime!(2026-12-03 19:00 UTC));
    let device: crate::api::DeviceRegistrationCode = serde_json::from_str(
        r#"{"deviceRegistrationCode":"418273645512","expirationDate":"2026-12-03T18:30:00.000+00:00"}"#,
    )
    .unwrap();
    let eac: crate::api::EmergencyTokencode = serde_json::from_str(
        r#"{"emergencyTokencode":"73829104","expirationDate":"2026-12-04T17:00:00Z","oneTimeUse":true}"#,
    )
    .unwrap();
    log.record_outcomes("generate enrollment codes", &[generated]).unwrap();
    log.record(
        "device registration code",
        vec![UserResult::ok("a@x.com").with_outcome(device_code_outcome(&device))],
    )
    .unwrap();
    log.record(
        "enable emergency tokencode",
        vec![UserResult::ok("a@x.com").with_outcome(eac_outcome(&eac))],
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    for code in ["629211156", "418273645512", "73829104"] {
        assert!(!text.contains(code), "never a code: {text}");
    }
    let outcomes: Vec<String> = read(&path)
        .unwrap()
        .entries
        .iter()
        .map(|e| e.users[0].outcome.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        outcomes,
        [
            "code generated, shown on screen, valid until 2026-12-03 19:00 UTC",
            "device registration code issued, valid until 2026-12-03 18:30 UTC",
            "emergency tokencode enabled for one use, valid until 2026-12-04 17:00 UTC",
        ]
    );
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn results_from_before_outcomes_were_recorded_still_read() {
    let old = r#"{"time":"2026-11-01T10:00:00Z","os_user":"anna","tenant":"t","action":"unlock methods","users":[{"user":"a@x.com","ok":true}]}"#;
    let entry: Entry = serde_json::from_str(old).unwrap();
    assert_eq!(entry.users[0], UserResult::ok("a@x.com"));
    assert_eq!(serde_json::to_string(&entry).unwrap(), old, "written back as it was");
    let new = UserResult::ok("a@x.com").with_outcome("now Disabled");
    let line = serde_json::to_string(&new).unwrap();
    assert_eq!(line, r#"{"user":"a@x.com","ok":true,"outcome":"now Disabled"}"#);
    assert_eq!(serde_json::from_str::<UserResult>(&line).unwrap(), new);
}

#[test]
fn entries_from_before_profiles_still_read() {
    let old = r#"{"time":"2026-11-01T10:00:00Z","os_user":"anna","tenant":"t","action":"lookup","users":[]}"#;
    let entry: Entry = serde_json::from_str(old).unwrap();
    assert_eq!(entry.profile, None);
    assert!(!serde_json::to_string(&entry).unwrap().contains("profile"));
}

#[test]
fn entries_name_the_tenant_customer_and_credentials_given_and_only_the_profile_used() {
    let path =
        std::env::temp_dir().join(format!("casdesk-audit-{}/audit.jsonl", uuid::Uuid::new_v4()));
    let replaced = Identity {
        tenant: "http://127.0.0.1:9000/AdminInterface/restapi/".into(),
        customer: Some("Acme Corp".into()),
        profile: None,
        credentials: Some(
            "key file /k/other.key (--key-file or CASDESK_KEY_FILE), in place of profile \
             production's key file"
                .into(),
        ),
    };
    AuditLog::of(path.clone(), replaced.clone())
        .record("lookup", vec![UserResult::ok("a@x.com")])
        .unwrap();
    AuditLog::of(path.clone(), Identity::demo())
        .record("lookup", vec![UserResult::ok("b@x.com")])
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let first = text.lines().next().unwrap_or_default();
    assert!(!first.contains("\"profile\""), "no profile whose key was not used: {first}");
    assert!(
        first.contains(r#""tenant":"http://127.0.0.1:9000/AdminInterface/restapi/","customer":"Acme Corp","credentials":"key file /k/other.key"#),
        "{first}"
    );
    let entries = read(&path).unwrap().entries;
    assert_eq!(entries[0].customer.as_deref(), Some("Acme Corp"));
    assert_eq!(entries[0].credentials, replaced.credentials);
    assert_eq!(entries[1].tenant, DEMO_TENANT);
    assert_eq!((entries[1].profile.as_deref(), entries[1].customer.as_deref()), (None, None));
    assert_eq!(entries[1].credentials.as_deref(), Some("the demo OAuth client"));
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}
