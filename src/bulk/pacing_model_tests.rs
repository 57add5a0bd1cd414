//! Issue 23's settings and targets, in virtual time: every figure over `SEEDS` seeds, printed
//! as min / median / max. `cargo test --lib pacing_model -- --nocapture` prints the table.
//!
//! Two kinds of test. Those that run by default hold what today's pacing does (medians, and
//! the worst seed where it matters), so that a change that makes it worse fails. Those marked
//! `ignore` hold issue 23's targets on the worst of the seeds, so that a lucky seed cannot pass
//! them; today's pacing misses several of them
//! (`cargo test --lib pacing_model -- --ignored --nocapture` says which, and by how much).

use super::*;

/// Seeds each setting is run with.
const SEEDS: u64 = 15;

/// The benchmark's four processes: 20 calls a second, 150 ms away.
const SHARED: f64 = 20.0;

/// A code list's unit is one call; a per-user action's, two (the lookup and the change).
#[derive(Clone, Copy, Debug)]
enum Kind {
    Codes,
    PerUser,
}

impl Kind {
    fn calls_per_unit(self) -> u32 {
        match self {
            Self::Codes => 1,
            Self::PerUser => 2,
        }
    }
}

/// A burst of a quarter of a second's worth (the simulator's default), or a second's worth.
fn far(per_second: f64, burst_seconds: f64) -> Service {
    Service { per_second, burst: (per_second * burst_seconds).ceil(), latency: 0.15 }
}

/// `runs` runs of `calls` calls each (8,000 users: 80; 2,000: 20).
fn scenario(kind: Kind, runs: usize, calls: usize, apart: f64, service: Service) -> Scenario {
    let calls_per_unit = kind.calls_per_unit();
    Scenario { runs, units: calls / calls_per_unit as usize, calls_per_unit, apart, service }
}

/// Min, median and max of one figure over the seeds.
#[derive(Clone, Copy, Debug)]
struct Spread {
    min: f64,
    median: f64,
    max: f64,
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2} / {:.2} / {:.2}", self.min, self.median, self.max)
    }
}

struct Figures {
    use_of_limit: Spread,
    slowest_over_fastest: Spread,
    refused: Spread,
    last_over_fair: Spread,
}

fn figures(scenario: &Scenario) -> Figures {
    let outcomes: Vec<Outcome> = (0..SEEDS).map(|seed| scenario.run(seed)).collect();
    let spread = |f: fn(&Outcome) -> f64| {
        let mut v: Vec<f64> = outcomes.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        Spread { min: v[0], median: v[v.len() / 2], max: v[v.len() - 1] }
    };
    Figures {
        use_of_limit: spread(|o| o.use_of_limit),
        slowest_over_fastest: spread(|o| o.slowest_over_fastest),
        refused: spread(|o| o.refused),
        last_over_fair: spread(|o| o.last_over_fair),
    }
}

/// A target missed, as a line; the table is printed whole before any test fails.
fn check(missed: &mut Vec<String>, what: &str, ok: bool, figure: Spread, target: &str) {
    if !ok {
        missed.push(format!("{what}: {figure} (target {target})"));
    }
}

fn burst_words(service: Service) -> String {
    format!("burst {:>2}", service.burst)
}

/// Four runs of each kind and size, at both bursts, together or 2 s apart.
fn four_runs(apart: f64) -> Vec<String> {
    let mut missed = Vec::new();
    for kind in [Kind::Codes, Kind::PerUser] {
        for burst_seconds in [0.25, 1.0] {
            for calls in [80, 20] {
                let service = far(SHARED, burst_seconds);
                let s = scenario(kind, 4, calls, apart, service);
                let f = figures(&s);
                let what = format!(
                    "{kind:?} {}, 4 x {calls} calls {}",
                    burst_words(service),
                    if apart > 1.0 { "2 s apart" } else { "together" }
                );
                println!(
                    "{what:<44} use {}  slowest/fastest {}  429s {}  last/fair {}",
                    f.use_of_limit, f.slowest_over_fastest, f.refused, f.last_over_fair
                );
                if apart > 1.0 {
                    let (l, ok) = (f.last_over_fair, f.last_over_fair.max <= 1.3);
                    check(&mut missed, &what, ok, l, "last to start <= 1.3 x fair share");
                } else {
                    let u = f.use_of_limit;
                    check(&mut missed, &what, u.min >= 0.9, u, "use >= 0.9");
                    let s = f.slowest_over_fastest;
                    check(&mut missed, &what, s.max <= 1.3, s, "slowest/fastest <= 1.3");
                    let r = f.refused;
                    check(&mut missed, &what, r.max < 0.1, r, "429s < 10%");
                }
            }
        }
    }
    missed
}

#[test]
#[ignore = "issue 23's targets: not met by today's pacing"]
fn issue_23_four_runs_started_together_share_the_limit_evenly_at_every_setting() {
    let missed = four_runs(0.02);
    assert!(missed.is_empty(), "{missed:#?}");
}

#[test]
#[ignore = "issue 23's targets: not met by today's pacing"]
fn issue_23_the_last_of_four_runs_started_2_s_apart_gets_its_fair_share() {
    let missed = four_runs(2.0);
    assert!(missed.is_empty(), "{missed:#?}");
}

/// A lone run of each kind against `service`: its use of the limit over the seeds.
fn lone(what: &str, calls: usize, service: Service, at_least: f64) -> Vec<String> {
    let mut missed = Vec::new();
    for kind in [Kind::Codes, Kind::PerUser] {
        let f = figures(&scenario(kind, 1, calls, 0.0, service));
        let what = format!("{kind:?} alone, {what}, {calls} calls");
        println!("{what:<44} use {}  429s {}", f.use_of_limit, f.refused);
        let u = f.use_of_limit;
        check(&mut missed, &what, u.min >= at_least, u, &format!("use >= {at_least}"));
    }
    missed
}

#[test]
#[ignore = "issue 23's targets: not met by today's pacing"]
fn issue_23_a_lone_run_finds_a_large_limit_within_its_first_second() {
    // The benchmark's one process: 300 calls at 50 calls/s is six seconds.
    let mut missed = lone("50/s burst 13", 300, far(50.0, 0.25), 0.95);
    missed.extend(lone("50/s burst 50", 300, far(50.0, 1.0), 0.95));
    assert!(missed.is_empty(), "{missed:#?}");
}

#[test]
#[ignore = "issue 23's targets: not met by today's pacing"]
fn issue_23_a_lone_run_against_a_tiny_burst_far_away_finds_its_limit() {
    // Refused after three answers, it cannot tell itself from a crowd starting together, so
    // it starts low and must find the rest by growing.
    let tiny = Service { per_second: 10.0, burst: 3.0, latency: 0.15 };
    let missed = lone("10/s burst 3", 60, tiny, 0.85);
    assert!(missed.is_empty(), "{missed:#?}");
}

#[test]
#[ignore = "issue 23's targets: not met by today's pacing"]
fn issue_23_a_lone_run_refused_early_by_a_small_burst_nearby_still_finds_its_limit() {
    // `benches/casdesk.rs`: 100 calls, 25 ms away, a burst of 10 then 50 calls/s.
    let near = Service { per_second: 50.0, burst: 10.0, latency: 0.025 };
    let missed = lone("50/s burst 10 at 25 ms", 100, near, 0.85);
    assert!(missed.is_empty(), "{missed:#?}");
}

#[test]
fn fair_shares_split_the_limit_between_the_runs_going() {
    // 80 calls each at 20/s, 2 s apart: all 320 calls take 16 s; the last starts at 6 s.
    let fair = fair_finishes(&[0.0, 2.0, 4.0, 6.0], 80.0, 20.0);
    assert!((fair[3] - 16.0).abs() < 1e-6, "{fair:?}");
    assert!((fair[0] - 22.0 / 3.0).abs() < 1e-6, "{fair:?}");
    // Together, all four finish at once.
    let together = fair_finishes(&[0.0; 4], 20.0, 20.0);
    assert!(together.iter().all(|t| (t - 4.0).abs() < 1e-6), "{together:?}");
}

/// The figures of one scenario, printed with their spread.
fn medians(what: &str, scenario: &Scenario) -> Figures {
    let f = figures(scenario);
    println!(
        "{what:<44} use {}  slowest/fastest {}  429s {}",
        f.use_of_limit, f.slowest_over_fastest, f.refused
    );
    f
}

#[test]
fn a_lone_run_finds_a_large_limit_within_its_first_second() {
    let s = scenario(Kind::Codes, 1, 300, 0.0, far(50.0, 0.25));
    let f = medians("codes alone, 50/s burst 13", &s);
    assert!(f.use_of_limit.median >= 0.93, "{}", f.use_of_limit);
}

#[test]
fn a_lone_run_refused_early_by_a_small_burst_still_finds_its_limit() {
    let near = Service { per_second: 50.0, burst: 10.0, latency: 0.025 };
    let f =
        medians("codes alone, 50/s burst 10 at 25 ms", &scenario(Kind::Codes, 1, 100, 0.0, near));
    assert!(f.use_of_limit.median >= 0.85, "{}", f.use_of_limit);
}

#[test]
fn a_lone_run_against_a_tiny_burst_far_away_is_slowed_but_not_stalled() {
    // Refused after three answers, it cannot tell itself from a crowd starting together, so it
    // starts low and finds the rest only by growing: about 0.7 of its limit over six seconds.
    let tiny = Service { per_second: 10.0, burst: 3.0, latency: 0.15 };
    let f = medians("codes alone, 10/s burst 3", &scenario(Kind::Codes, 1, 60, 0.0, tiny));
    assert!(f.use_of_limit.median >= 0.6, "{}", f.use_of_limit);
}

/// Four runs of `kind` sharing 20 calls/s, 150 ms away, started together.
fn four_sharing(kind: Kind, calls: usize, burst_seconds: f64) -> Figures {
    let service = far(SHARED, burst_seconds);
    let what = format!("{kind:?}, {}, 4 x {calls} calls together", burst_words(service));
    medians(&what, &scenario(kind, 4, calls, 0.02, service))
}

#[test]
fn four_short_runs_started_together_share_the_limit_evenly() {
    // 2,000 users each: about four seconds, most of which is the opening.
    let f = four_sharing(Kind::Codes, 20, 0.25);
    assert!(f.use_of_limit.median >= 0.85, "{}", f.use_of_limit);
    assert!(f.slowest_over_fastest.median <= 1.2, "{}", f.slowest_over_fastest);
    assert!(f.refused.median <= 0.08, "{}", f.refused);
}

#[test]
fn four_long_runs_stay_even_after_the_opening_at_both_bursts() {
    // 8,000 users each. Before the hold after a cut (adaptive.rs) the medians were 1.33 and
    // 1.28 apart and the worst seeds 1.49 and 1.47.
    for burst_seconds in [0.25, 1.0] {
        let f = four_sharing(Kind::Codes, 80, burst_seconds);
        assert!(f.use_of_limit.median >= 0.9, "{}", f.use_of_limit);
        assert!(f.slowest_over_fastest.median <= 1.25, "{}", f.slowest_over_fastest);
        assert!(f.slowest_over_fastest.max <= 1.5, "{}", f.slowest_over_fastest);
        assert!(f.refused.median <= 0.14, "{}", f.refused);
    }
}

#[test]
fn per_user_runs_share_the_limit_as_code_lists_do() {
    // A per-user action's change is refused too, and waited out by the client; unless the
    // pace hears of it, a run whose lookups got through takes far more than its share (the
    // medians were 1.86 apart for 10 users each, 1.37 for 40).
    let short = four_sharing(Kind::PerUser, 20, 0.25);
    assert!(short.slowest_over_fastest.median <= 1.4, "{}", short.slowest_over_fastest);
    for burst_seconds in [0.25, 1.0] {
        let f = four_sharing(Kind::PerUser, 80, burst_seconds);
        assert!(f.use_of_limit.median >= 0.9, "{}", f.use_of_limit);
        assert!(f.slowest_over_fastest.median <= 1.25, "{}", f.slowest_over_fastest);
        assert!(f.slowest_over_fastest.max <= 1.45, "{}", f.slowest_over_fastest);
        assert!(f.refused.median <= 0.12, "{}", f.refused);
    }
}

#[test]
fn shares_converge_as_runs_grow_longer() {
    // Issue 23's reading: growth in proportion to a run's own pace lets the run ahead stay
    // ahead, so shares do not converge. If so, longer runs would end as far apart or further.
    // In the model the opposite holds, at both bursts: what parts runs of 80 calls is which
    // run's calls happen to meet the empty bucket (a handful of refusals each, each a cut),
    // and that evens out over more calls, about as the square root of the run's length.
    for burst_seconds in [0.25, 1.0] {
        let service = far(SHARED, burst_seconds);
        let spread = |calls| {
            let what = format!("codes, {}, 4 x {calls} calls together", burst_words(service));
            medians(&what, &scenario(Kind::Codes, 4, calls, 0.02, service)).slowest_over_fastest
        };
        let (short, long) = (spread(80), spread(1280));
        assert!(long.median < short.median && long.max < short.max, "{short} then {long}");
        assert!(long.median <= 1.15, "{long}");
    }
}
