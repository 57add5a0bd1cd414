use super::*;
use proptest::prelude::*;
use serde_json::json;

fn entry(who: &str, code: &str, app: &str, ip: &str, method: &str) -> UserEventEntry {
    serde_json::from_value(json!({
        "emailAddress": who, "eventCode": code, "application": app, "sourceIPAddress": ip,
        "method": method, "eventType": if code.starts_with("ADMIN_") { "ADMINISTRATION" } else { "AUTHENTICATION" },
        "eventDescription": format!("{code} words"),
    }))
    .unwrap()
}

/// Newest first, as the log gives them.
fn wave() -> Vec<UserEventEntry> {
    vec![
        entry("b@x.com", "AUTHN_FAILED_METHOD_LOCKED", "VPN", "1.1.1.1", "TOKEN"),
        entry(
            "c@x.com",
            "ADMIN_METHOD_UNLOCKED",
            "Cloud Administration API",
            "192.0.2.10",
            "TOKEN",
        ),
        entry("a@x.com", "AUTHN_SUCCESS", "VPN", "1.1.1.1", "APPROVE"),
        entry("c@x.com", "AUTHN_METHOD_LOCKED", "VPN", "1.1.1.1", "TOKEN"),
        entry("b@x.com", "AUTHN_METHOD_LOCKED", "VPN", "1.1.1.1", "TOKEN"),
        entry("b@x.com", "AUTHN_FAILED_INVALID_TOKENCODE", "VPN", "1.1.1.1", "TOKEN"),
        entry("c@x.com", "AUTHN_FAILED_INVALID_TOKENCODE", "VPN", "2.2.2.2", "TOKEN"),
        entry("a@x.com", "AUTHN_FAILED_INVALID_CODE", "", "", "SMS"),
    ]
}

#[test]
fn only_failed_sign_ins_count_not_successes_nor_administrators() {
    let failures = failures_of(&wave());
    assert_eq!(failures.len(), 6);
    assert!(failures.iter().all(|f| !f.code.starts_with("ADMIN_") && f.code != "AUTHN_SUCCESS"));
    assert_eq!(users_failing(&failures), 3);
    let last = failures.last().unwrap();
    assert_eq!((last.application.as_str(), last.source.as_str()), (NO_APPLICATION, NO_SOURCE));
}

#[test]
fn a_lock_counts_until_it_is_unlocked() {
    let locks = lock_states(&wave());
    assert_eq!(locks.get("b@x.com"), Some(&Lock::Locked));
    assert_eq!(locks.get("c@x.com"), Some(&Lock::Unlocked));
    assert_eq!(locks.get("a@x.com"), None, "never locked in the range");
}

#[test]
fn groups_by_cause_with_users_and_their_locks() {
    let entries = wave();
    let groups = group(&failures_of(&entries), Grouping::Cause, &lock_states(&entries));
    let keys: Vec<(&str, usize)> = groups.iter().map(|g| (g.key.as_str(), g.count)).collect();
    assert_eq!(
        keys,
        [
            ("AUTHN_FAILED_INVALID_TOKENCODE", 2),
            ("AUTHN_METHOD_LOCKED", 2),
            ("AUTHN_FAILED_INVALID_CODE", 1),
            ("AUTHN_FAILED_METHOD_LOCKED", 1),
        ]
    );
    let locked = &groups[1];
    assert_eq!(locked.description, "AUTHN_METHOD_LOCKED words");
    assert_eq!(locked.locked_users(), ["b@x.com"], "c was unlocked since");
    let by_source = group(&failures_of(&entries), Grouping::Source, &HashMap::new());
    assert_eq!(by_source[0].key, "1.1.1.1");
    assert_eq!(by_source[0].users[0].who, "b@x.com", "most failures first");
    assert_eq!(by_source[0].users[0].failures, 3);
    assert_eq!(by_source[0].description, "");
}

#[test]
fn server_text_is_sanitised() {
    let e = entry("evil@x.com", "AUTHN_FAILED\u{1b}[31m", "App\u{7}\nName", "1.1.1.1", "TOKEN");
    let f = &failures_of(&[e])[0];
    assert!(!f.code.contains('\u{1b}') && !f.application.contains('\u{7}'), "{f:?}");
    assert!(!f.application.contains('\n'), "{f:?}");
}

#[test]
fn groupings_read_as_the_command_spells_them() {
    for g in Grouping::ALL {
        assert_eq!(Grouping::parse(g.word()), Some(g));
    }
    assert_eq!(Grouping::parse(" Source "), Some(Grouping::Source));
    assert_eq!(Grouping::parse("user"), None);
}

fn any_failure() -> impl Strategy<Value = FailedSignIn> {
    let pick =
        |from: &'static [&'static str]| proptest::sample::select(from).prop_map(String::from);
    (
        pick(&["a@x.com", "b@x.com", "c@x.com", "d@x.com"]),
        pick(&["AUTHN_FAILED_INVALID_TOKENCODE", "AUTHN_METHOD_LOCKED", NO_CODE]),
        pick(&["VPN", "Workday", NO_APPLICATION]),
        pick(&["1.1.1.1", "2.2.2.2", NO_SOURCE]),
    )
        .prop_map(|(who, code, application, source)| FailedSignIn {
            at: None,
            who,
            description: format!("{code} words"),
            code,
            application,
            source,
        })
}

proptest! {
    #[test]
    fn every_failure_lands_in_exactly_one_group_and_counts_add_up(
        failures in proptest::collection::vec(any_failure(), 0..60)
    ) {
        for by in Grouping::ALL {
            let groups = group(&failures, by, &HashMap::new());
            prop_assert_eq!(groups.iter().map(|g| g.count).sum::<usize>(), failures.len());
            let mut keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            prop_assert_eq!(keys.len(), groups.len(), "one group per key");
            for f in &failures {
                let holding: Vec<&Group> = groups.iter().filter(|g| g.key == by.key(f)).collect();
                prop_assert_eq!(holding.len(), 1);
                prop_assert!(holding[0].users.iter().any(|u| u.who == f.who));
            }
            for g in &groups {
                prop_assert_eq!(g.users.iter().map(|u| u.failures).sum::<usize>(), g.count);
                prop_assert!(g.count > 0);
            }
        }
    }
}
