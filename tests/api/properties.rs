//! Property tests: whatever the service answers and whatever a file or key file holds, the
//! parsers and readers never panic, and what they hand on is safe to draw.

use casdesk::api::{
    Authenticators, DeviceRegistrationCode, EmergencyTokencode, ErrorBody, GenerateCodeResult,
    KeyFileFields, LegacyKeyFile, UserDetails, VoidResult,
};
use casdesk::bulk::journal::RecordedRun;
use casdesk::bulk::{Answers, per_user};
use casdesk::text::{csv_cell, sanitize};
use casdesk::userlist::UserList;
use proptest::prelude::*;
use serde_json::Value;

/// Field names the parsers look for, so generated JSON reaches deep into them.
const KEYS: &[&str] = &[
    "status",
    "user_email",
    "errorMessage",
    "verify_code",
    "verifyCodeValidityTime",
    "verification_Link",
    "userDetailsRequestForVerifyCodeGeneration",
    "email",
    "emailAddress",
    "id",
    "firstName",
    "lastName",
    "userStatus",
    "devices",
    "fidoTokens",
    "sidTokens",
    "registeredDate",
    "companyID",
    "companyId",
    "deviceRegistrationCode",
    "expirationDate",
    "emergencyTokencode",
    "emergencyTokencodeId",
    "oneTimeUse",
    "configurationsUsed",
    "results",
    "message",
    "description",
    "code",
    "error",
    "timestamp",
    "accessKey",
    "accessID",
    "adminRestApiUrl",
    "customerName",
];

/// Strings with the awkward parts in: escape sequences, controls, bidi overrides, huge ones.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "\\PC*",
        Just("\u{1b}]52;c;AAAA\u{7}\u{1b}[2J\u{1b}[31mred".to_string()),
        Just("\u{9b}31m\u{202e}evil\u{2066}".to_string()),
        Just("2026-11-22T10:10:00.000Z".to_string()),
        Just("user@example.com".to_string()),
        "[0-9]{1,12}",
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        (1000i64..1020).prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![prop::sample::select(KEYS).prop_map(str::to_string), text()];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::from),
            prop::collection::btree_map(key, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn drawable(s: &str) -> bool {
    !s.chars().any(|c| {
        c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}')
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn response_parsers_never_panic(value in json()) {
        let _ = serde_json::from_value::<UserDetails>(value.clone());
        let _ = serde_json::from_value::<Authenticators>(value.clone());
        let _ = serde_json::from_value::<DeviceRegistrationCode>(value.clone());
        let _ = serde_json::from_value::<EmergencyTokencode>(value.clone());
        let _ = serde_json::from_value::<Vec<VoidResult>>(value.clone());
        let one = GenerateCodeResult::from_value(value.clone());
        let _ = one.expires_at();
        let body = ErrorBody::parse(value.to_string().as_bytes());
        if let Some(message) = body.message() {
            prop_assert!(drawable(&sanitize(message)));
        }
    }

    #[test]
    fn every_user_gets_one_outcome_and_no_code_goes_to_anyone_else(
        values in prop::collection::vec(json(), 0..12),
        emails in prop::collection::vec("[a-z]{1,6}@x\\.com", 1..8),
        named in prop::collection::vec((0usize..10, any::<bool>()), 0..12),
    ) {
        // Odd elements, plus elements naming asked users (or others), in any case and order,
        // each carrying a code that says which element it came from.
        let mut elements = values.clone();
        for (i, upper) in &named {
            let address = emails.get(*i).cloned().unwrap_or_else(|| format!("other{i}@x.com"));
            let address = if *upper { address.to_uppercase() } else { address };
            elements.push(serde_json::json!({"status": 1000, "verify_code": format!("C{i}"),
                "userDetailsRequestForVerifyCodeGeneration": {"email": address}}));
        }
        let generated: Vec<GenerateCodeResult> =
            elements.into_iter().map(GenerateCodeResult::from_value).collect();
        let outcomes = per_user(&emails, Ok(Answers::Generated(generated)));
        let (users, strays): (Vec<_>, Vec<_>) = outcomes.iter().partition(|o| o.stray.is_none());
        prop_assert_eq!(users.len(), emails.len());
        for (o, e) in users.iter().zip(&emails) {
            prop_assert_eq!(&o.email, e);
            if let Some(i) = o.code.as_ref().and_then(|c| c.expose().strip_prefix('C')) {
                let from = &emails[i.parse::<usize>().unwrap()];
                prop_assert_eq!(from.to_ascii_lowercase(), e.to_ascii_lowercase());
            }
        }
        prop_assert!(strays.iter().all(|s| s.code.is_none() && !s.is_success()));
        let voided: Vec<VoidResult> =
            values.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect();
        let voids = per_user(&emails, Ok(Answers::Voided(voided)));
        prop_assert_eq!(voids.iter().filter(|o| o.stray.is_none()).count(), emails.len());
    }

    #[test]
    fn error_bodies_of_any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let body = ErrorBody::parse(&bytes);
        if let Some(message) = body.message() {
            prop_assert!(drawable(&sanitize(message)));
        }
    }

    #[test]
    fn sanitised_text_is_drawable(s in text()) {
        prop_assert!(drawable(&sanitize(&s)));
        let cell = csv_cell(&s);
        prop_assert!(!cell.starts_with(['=', '+', '-', '@']), "formula defused: {}", cell);
    }

    #[test]
    fn user_lists_of_any_text_account_for_every_line(lines in prop::collection::vec(text(), 0..40)) {
        let input = lines.join("\n");
        let list = UserList::parse(&input);
        for email in &list.emails {
            prop_assert!(drawable(email), "{:?}", email);
        }
        for bad in &list.malformed {
            prop_assert!(drawable(&bad.text), "{:?}", bad.text);
            prop_assert!(bad.line >= 1);
        }
        let lowered: std::collections::HashSet<String> =
            list.emails.iter().map(|e| e.to_ascii_lowercase()).collect();
        prop_assert_eq!(lowered.len(), list.emails.len(), "no duplicates");
    }

    #[test]
    fn key_files_of_any_text_never_panic_and_never_echo_the_key(value in json(), raw in text()) {
        let _ = KeyFileFields::parse(&raw);
        let _ = LegacyKeyFile::parse(&raw);
        let key = value.get("accessKey").and_then(Value::as_str).filter(|k| k.len() > 8);
        if let (Err(e), Some(key)) = (KeyFileFields::parse(&value.to_string()), key) {
            prop_assert!(!e.to_string().contains(key), "the key is not echoed: {}", e);
        }
    }

    #[test]
    fn run_journals_of_any_lines_never_panic(
        lines in prop::collection::vec(
            prop_oneof![
                json().prop_map(|v| v.to_string()),
                text(),
                Just(r#"{"t":"start","operation":"void_enrollment","tenant":"x","users":["a@x.com"]}"#.to_string()),
                Just(r#"{"t":"results","users":[{"email":"a@x.com","status":1000}]}"#.to_string()),
                Just(r#"{"t":"sending","users":["a@x.com"]}"#.to_string()),
            ],
            0..12,
        ),
    ) {
        let path = std::env::temp_dir()
            .join(format!("casdesk-prop-journal-{}-{:?}.jsonl", std::process::id(), std::thread::current().id()));
        std::fs::write(&path, lines.join("\n")).unwrap();
        if let Ok(run) = RecordedRun::read(&path) {
            let _ = (run.to_send(), run.lost_answers(), run.never_sent(), run.done_count());
        }
        let _ = std::fs::remove_file(&path);
    }
}
