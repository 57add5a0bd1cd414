//! The pacing's tests: slow start, cuts, growth and the turns of a unit's later calls.

use super::*;

const RTT: Duration = Duration::from_millis(150);

fn seeded(initial: usize, max: usize, now: Instant) -> Adaptive {
    Adaptive::with_rng(initial, max, now, StdRng::seed_from_u64(7))
}

#[test]
fn a_unit_of_two_calls_is_paced_in_calls() {
    let now = Instant::now();
    let first_pace = |calls| {
        let mut a = seeded(1, 8, now).with_calls_per_unit(calls);
        a.on_send(now);
        a.on_throttled(now + RTT, Some(now), None);
        a.pace().unwrap()
    };
    assert!((first_pace(2) - 2.0 * first_pace(1)).abs() < 1e-9);
}

#[test]
fn later_calls_of_units_wait_their_turn_one_interval_apart_once_paced() {
    let now = Instant::now();
    let mut a = seeded(1, 8, now);
    assert_eq!(a.follow_on_slot(now), now, "no pace yet: at once");
    a.on_send(now);
    a.on_throttled(now + RTT, Some(now), None);
    let pace = a.pace().expect("paced after a 429");
    let later = now + RTT;
    let (first, second) = (a.follow_on_slot(later), a.follow_on_slot(later));
    let gap = second.duration_since(first).as_secs_f64();
    assert!(gap >= (1.0 - JITTER) / pace - 1e-9, "{gap} s apart at {pace}/s");
    assert!(second > later, "the second waits");
}

#[test]
fn slow_start_doubles_a_round_once_all_of_it_is_answered_up_to_the_cap() {
    let now = Instant::now();
    let mut a = seeded(2, 6, now);
    // A round of two; its first answer frees no slot for a third call.
    a.on_send(now);
    a.on_send(now);
    assert!(!a.may_send(now, 2));
    a.on_success(now + RTT, RTT);
    assert!(!a.may_send(now + RTT, 1), "the round waits for all its answers");
    a.on_success(now + RTT, RTT);
    assert_eq!(a.limit(), 4, "two answered, none refused: four next");
    for out in 0..4 {
        assert!(a.may_send(now + RTT, out));
        a.on_send(now + RTT);
    }
    a.on_success(now + RTT * 2, RTT);
    assert!(!a.may_send(now + RTT * 2, 3), "a round sends its limit, then waits for it all");
    for _ in 0..3 {
        a.on_success(now + RTT * 2, RTT);
    }
    assert_eq!(a.limit(), 6, "never above the cap");
    // At the cap there is no growth to wait for: a freed slot is used at once.
    let later = now + RTT * 2;
    for _ in 0..6 {
        a.on_send(later);
    }
    a.on_success(later + RTT, RTT);
    assert!(a.may_send(later + RTT, 5));
    a.on_send(later + RTT);
    a.on_success(later + RTT * 2, RTT);
    assert_eq!(a.slow_start.last_full_round(), 4, "calls at the cap are no round");
    assert_eq!(a.pace(), None, "unpaced until a 429");
}

#[test]
fn a_measured_run_paces_just_under_the_rate_the_service_was_accepting() {
    let start = Instant::now();
    let mut a = seeded(8, 16, start);
    // 40 calls a second accepted for two seconds, then a 429.
    for i in 1..=80 {
        a.on_success(start + Duration::from_millis(25 * i), RTT);
    }
    let now = start + Duration::from_secs(2);
    a.on_throttled(now, Some(now - RTT), None);
    let pace = a.pace().unwrap();
    assert!((34.0..=40.0).contains(&pace), "{pace}");
    // 36 calls a second over 150 ms is 6 in flight, and two spare.
    assert_eq!(a.limit(), 8);
    // Nothing at once; then calls go out about one pace interval (1/36 s) apart.
    assert!(!a.may_send(now, 0));
    let first = now + Duration::from_millis(28);
    assert!(a.may_send(first, 0));
    a.on_send(first);
    assert!(!a.may_send(first + Duration::from_millis(18), 0));
    assert!(a.may_send(first + Duration::from_millis(37), 0));
    // The refusals of calls sent before the cut change nothing but the count...
    a.on_throttled(now + Duration::from_millis(20), Some(now - Duration::from_millis(100)), None);
    assert!((a.pace().unwrap() - pace).abs() < 0.5);
    assert_eq!(a.throttled, 2);
    // ...and neither do those of the first calls after it (the hold)...
    a.on_throttled(first + RTT, Some(first), None);
    assert!((a.pace().unwrap() - pace).abs() < 0.5, "held");
    // ...but one sent after the hold's calls cuts again.
    let mut last = first;
    for i in 1..=HELD_CALLS {
        last = first + Duration::from_millis(40 * u64::from(i));
        a.on_send(last);
    }
    a.on_throttled(last + RTT, Some(last), None);
    let after = a.pace().unwrap();
    assert!((after - pace * (1.0 - CUT)).abs() < 0.5, "{pace} then {after}");
}

#[test]
fn after_a_cut_the_refusals_of_the_next_few_calls_do_not_cut_again() {
    // Runs sending a little too much together: the bucket refuses whichever call finds it
    // empty. A run just cut leaves the next refusals to the others' calls, rather than being
    // cut again and again while they grow.
    let start = Instant::now();
    let mut a = seeded(1, 16, start);
    a.on_send(start);
    let mut t = start + RTT;
    a.on_throttled(t, Some(start), None);
    let first = a.pace().unwrap();
    a.on_throttled(t, Some(t), None);
    assert_eq!(a.pace(), Some(first), "a call sent as the first pace was set is held too");
    let mut sent = Vec::new();
    for _ in 0..=HELD_CALLS {
        t += Duration::from_millis(200);
        a.on_send(t);
        sent.push(t);
    }
    // The held calls' refusals, however many, cut nothing; the next call's does, once.
    for &s in &sent[..HELD_CALLS as usize] {
        a.on_throttled(s + RTT, Some(s), None);
    }
    let held = a.pace().unwrap();
    assert!(held >= first, "held: {first} then {held}");
    let last = sent[HELD_CALLS as usize];
    a.on_throttled(last + RTT, Some(last), None);
    let after = a.pace().unwrap();
    assert!((after / held - (1.0 - CUT)).abs() < 0.05, "cut once: {held} then {after}");
    assert_eq!(a.throttled, 2 + u64::from(HELD_CALLS) + 1, "every refusal is counted");
}

#[test]
fn between_cuts_every_run_gains_the_same_calls_per_second_so_shares_converge() {
    let start = Instant::now();
    let (mut small, mut large) = (seeded(1, 16, start), seeded(1, 16, start));
    small.pace = Some(2.0);
    large.pace = Some(8.0);
    let later = start + Duration::from_secs(2);
    small.grow(later);
    large.grow(later);
    let (s, l) = (small.pace().unwrap(), large.pace().unwrap());
    assert!((s - (2.0 + 2.0 * GROW_CALLS)).abs() < 1e-9, "the fixed part is every run's: {s}");
    assert!(l / s < 8.0 / 2.0, "the ratio shrinks: {l} / {s}");
}

#[test]
fn a_run_not_refused_for_a_while_probes_for_freed_capacity() {
    let start = Instant::now();
    let (mut quiet, mut recent) = (seeded(1, 16, start), seeded(1, 16, start));
    for a in [&mut quiet, &mut recent] {
        a.pace = Some(10.0);
    }
    quiet.answered_since_refusal = QUIET_ANSWERS;
    let later = start + Duration::from_secs(1);
    quiet.grow(later);
    recent.grow(later);
    assert!(quiet.pace().unwrap() > recent.pace().unwrap() + 1.5);
}

#[test]
fn retry_after_pauses_everything_until_it_has_passed() {
    let now = Instant::now();
    let mut a = seeded(2, 2, now);
    a.on_throttled(now, None, Some(Duration::from_secs(2)));
    assert!(!a.may_send(now + Duration::from_secs(1), 0));
    assert_eq!(a.wake_at(now), Some(now + Duration::from_secs(2)));
    assert!(a.may_send(now + Duration::from_millis(2001), 0));
    for s in [5, 9, 13, 17, 21] {
        let at = now + Duration::from_secs(s);
        a.on_throttled(at, Some(at - RTT), None);
    }
    assert!(a.pace().unwrap() >= MIN_PACE, "never stopped altogether");
    assert!(a.limit() >= 1, "never below one call");
}
