//! Rules that hold for every audit record: every entry about one caller is in exactly one
//! call, of its own user; the ways of verifying share out all calls, adding up to 100%; the
//! override reasons add up to the calls verified by override; a median is never above its 90th
//! percentile, and both are times a call really took.

use super::*;
use crate::audit::{CallerRecord, UserResult};
use crate::call_record::{CONFIRMED_WORKING, VERIFIED_CALLER};
use proptest::prelude::*;

const ACTIONS: [&str; 7] = [
    "lookup",
    "search",
    "unlock methods",
    "disable user",
    VERIFIED_CALLER,
    CONFIRMED_WORKING,
    "sign-in activity",
];
const HOWS: [&str; 4] = ["live", "sign-in", "override", "later-kind"];

fn an_entry() -> impl Strategy<Value = Entry> {
    (
        0u32..600,
        0usize..2,
        0usize..ACTIONS.len(),
        prop::collection::vec(0usize..4, 1..3),
        prop::option::of(0usize..3),
        prop::option::of((0usize..HOWS.len(), 0usize..3)),
    )
        .prop_map(|(minute, operator, action, users, ticket, caller)| Entry {
            time: format!("2026-12-03T{:02}:{:02}:00Z", 8 + minute / 60, minute % 60),
            os_user: ["anna", "bert"][operator].into(),
            profile: None,
            tenant: "t".into(),
            customer: None,
            credentials: None,
            ticket: ticket.map(|t| format!("INC-{t}")),
            action: ACTIONS[action].into(),
            users: users
                .iter()
                .map(|u| UserResult {
                    caller: caller.map(|(how, reason)| CallerRecord {
                        how: HOWS[how].into(),
                        at: "2026-12-03T07:00:00Z".into(),
                        reason: Some(
                            ["callback", "manager approved", "other words"][reason].into(),
                        ),
                    }),
                    ..UserResult::ok(["a@x.com", "B@x.com", "b@x.com", "c@x.com"][*u])
                })
                .collect(),
        })
}

proptest! {
    #[test]
    fn the_figures_hold_together_for_any_record(
        entries in prop::collection::vec(an_entry(), 0..40),
    ) {
        let (calls, left_out) = calls(&entries, None);
        let single = entries.iter().filter(|e| e.users.len() == 1 && e.action != "search").count();
        prop_assert_eq!(left_out, entries.iter().filter(|e| e.users.len() > 1).count());
        prop_assert_eq!(calls.iter().map(|c| c.events.len()).sum::<usize>(), single);
        for call in &calls {
            prop_assert!(call.events.iter().all(|e| e.result.user.to_lowercase() == call.user));
            prop_assert!(call.events.windows(2).all(|w| w[0].at <= w[1].at));
            if let Some(ticket) = &call.ticket {
                prop_assert!(call.events.iter().all(|e| e.entry.ticket.as_ref().is_none_or(|t| t == ticket)));
            }
        }
        let stats = compute(&entries, None);
        prop_assert_eq!(stats.calls, calls.len());
        prop_assert_eq!(stats.verified.iter().map(|s| s.calls).sum::<usize>(), stats.calls);
        let percent: u32 = stats.verified.iter().map(|s| s.percent).sum();
        prop_assert_eq!(percent, if stats.calls == 0 { 0 } else { 100 });
        let overridden = stats.verified.iter().find(|s| s.how == "override").map_or(0, |s| s.calls);
        prop_assert_eq!(stats.overrides.iter().map(|(_, n)| n).sum::<usize>(), overridden);
        prop_assert!(stats.confirmed <= stats.with_change && stats.with_change <= stats.calls);
        prop_assert!(stats.with_ticket <= stats.calls);
        let took: Vec<Duration> = calls.iter().filter_map(|c| c.confirmed_fix()).map(|(_, d)| d).collect();
        for fix in &stats.to_fix {
            prop_assert!(fix.median <= fix.p90);
            prop_assert!(fix.median >= Duration::ZERO);
            prop_assert!(took.contains(&fix.median) && took.contains(&fix.p90));
        }
    }
}
