//! Rules that hold for every input: the challenge's verdict does not depend on the order events
//! arrive in, and a log read at any moments brings each event exactly once.

use super::event::sample::entry;
use super::*;
use crate::api::{AuthLogEntry, Authenticators, Device};
use proptest::prelude::*;
use std::collections::HashMap;
use time::OffsetDateTime;
use time::macros::datetime;

const T: OffsetDateTime = datetime!(2025-03-04 10:00 UTC);

fn at(seconds: i64) -> String {
    let t = T + time::Duration::seconds(seconds);
    t.format(&time::format_description::well_known::Rfc3339).unwrap()
}

/// An event around `T`: any code (admin ones too), method and device.
fn any_event() -> impl Strategy<Value = AuthLogEntry> {
    let codes = prop::sample::select(vec![
        "AUTHN_SUCCESS",
        "AUTHN_FAILED_INVALID_TOKENCODE",
        "AUTHN_METHOD_LOCKED",
        "ADMIN_METHOD_UNLOCKED",
        "ADMIN_LIVE_VERIFICATION_VERIFIED",
    ]);
    let methods = prop::sample::select(vec!["APPROVE", "TOKEN", "SMS", "FIDO", ""]);
    let devices = prop::sample::select(vec![None, Some("d1"), Some("stranger")]);
    (any::<u32>(), -200i64..300, codes, methods, devices).prop_map(
        |(id, s, code, method, device)| {
            let mut e = entry(&id.to_string(), &at(s), code, method);
            e.device_id = device.map(str::to_string);
            e
        },
    )
}

fn challenge() -> Challenge {
    let phone = Device { id: Some("d1".into()), ..Device::default() };
    let a = Authenticators { devices: vec![phone], ..Authenticators::default() };
    Challenge::new(T, DEFAULT_LIMIT, Registered::from_authenticators(&a))
}

fn verdict(events: &[AuthLogEntry]) -> (ChallengeEnd, Option<Confirmed>) {
    let mut c = challenge();
    let mut confirm = Confirm::new(T);
    for e in events {
        let e = Followed::new(e.clone());
        c.observe(&e);
        confirm.observe(&e);
    }
    (c.end(), confirm.confirmed().cloned())
}

proptest! {
    #[test]
    fn the_verdicts_do_not_depend_on_the_order_events_arrive_in(
        (events, shuffled) in prop::collection::vec(any_event(), 0..12)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
    ) {
        prop_assert_eq!(verdict(&events), verdict(&shuffled));
    }

    #[test]
    fn a_log_read_at_any_moments_brings_each_event_exactly_once(
        // Each event: arrives at a second, stamped up to 2 minutes earlier (written late),
        // and may share its stamp with another.
        arrivals in prop::collection::vec((0i64..600, 0i64..120), 1..60),
        reads in prop::collection::vec(0i64..700, 1..20),
        without_ids in any::<bool>(),
    ) {
        let log: Vec<(i64, AuthLogEntry)> = arrivals
            .iter()
            .enumerate()
            .map(|(i, (arrive, late))| {
                let id = if without_ids { String::new() } else { format!("e{i}") };
                let mut e = entry(&id, &at(arrive - late), "AUTHN_SUCCESS", "TOKEN");
                e.transaction_id = Some(format!("t{i}"));
                (*arrive, e)
            })
            .collect();
        let mut moments = reads;
        moments.sort_unstable();
        moments.push(1000);
        let mut tail = Tail::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for now in moments {
            let query = tail.query();
            let mut answer: Vec<&AuthLogEntry> = log
                .iter()
                .filter(|(arrive, _)| *arrive <= now)
                .map(|(_, e)| e)
                .filter(|e| query.start_time_after.is_none_or(|s| e.logged_at().unwrap() > s))
                .collect();
            answer.sort_by_key(|e| std::cmp::Reverse(e.logged_at()));
            for f in tail.take(answer.into_iter().cloned().collect()).new {
                *seen.entry(f.entry.transaction_id.clone().unwrap()).or_default() += 1;
            }
        }
        prop_assert_eq!(seen.len(), log.len(), "every event");
        prop_assert!(seen.values().all(|n| *n == 1), "once: {:?}", seen);
    }
}
