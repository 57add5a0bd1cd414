//! Runs sharing a rate limit, in virtual time: the real pacing (`Adaptive`) against a model of
//! the service's token bucket, with the engine's sending rules, so that a change to the pacing
//! is judged on hundreds of runs in milliseconds rather than one run of the benchmark in a
//! minute. `cargo test --lib pacing_model -- --nocapture` prints the figures. The benchmark
//! (`benches/sharing.rs`) remains the measure: real processes, real HTTP, a real clock.
//!
//! The model: every call takes `latency` (and up to a fifteenth more) to reach the bucket, and
//! is refused at once if no token is left, else answered a few milliseconds later (the
//! service's work); the runs start in turn within about 100 ms, as processes started together
//! do; each run's token request takes a token first, as the simulator's does. A refused call
//! is queued again, as the engine does.

use super::adaptive::Adaptive;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

struct Bucket {
    per_second: f64,
    burst: f64,
    tokens: f64,
    at: f64,
}

impl Bucket {
    fn take(&mut self, t: f64) -> bool {
        self.tokens = (self.tokens + (t - self.at) * self.per_second).min(self.burst);
        self.at = t;
        let ok = self.tokens >= 1.0;
        if ok {
            self.tokens -= 1.0;
        }
        ok
    }
}

struct Run {
    pacing: Adaptive,
    starts: f64,
    unsent: usize,
    /// Calls on their way to the service, as (sent, arrives) in seconds.
    in_flight: Vec<(f64, f64)>,
    /// Calls the service has decided on, as (sent, answered, accepted).
    answering: Vec<(f64, f64, bool)>,
    finished: Option<f64>,
    accepted: usize,
    refused: usize,
}

/// What a scenario came to.
#[derive(Debug)]
pub struct Outcome {
    /// Calls the runs got through per second, together, as a fraction of the limit.
    pub use_of_limit: f64,
    /// The last run's finish over the first's.
    pub slowest_over_fastest: f64,
    /// 429s as a fraction of all calls sent.
    pub refused: f64,
}

/// The service's limit and the network: `per_second` calls a second after a burst of `burst`,
/// each call taking `latency` seconds to reach it.
#[derive(Clone, Copy, Debug)]
pub struct Service {
    pub per_second: f64,
    pub burst: f64,
    pub latency: f64,
}

impl Service {
    /// As `benches/sharing.rs` has it: a quarter second's worth at once, 150 ms away.
    pub fn far(per_second: f64) -> Self {
        Self { per_second, burst: (per_second / 4.0).ceil(), latency: 0.15 }
    }
}

/// `runs` runs of `calls` calls each, sharing `service`'s limit.
pub fn share(runs: usize, calls: usize, service: Service, seed: u64) -> Outcome {
    let Service { per_second, burst, latency } = service;
    let mut rng = StdRng::seed_from_u64(seed);
    let base = Instant::now();
    let at = |t: f64| base + Duration::from_secs_f64(t);
    // Each run's token request has taken a token before its first call.
    let mut bucket = Bucket { per_second, burst, tokens: (burst - runs as f64).max(0.0), at: 0.0 };
    let defaults = super::EngineConfig::default();
    let mut all: Vec<Run> = (0..runs)
        .map(|i| {
            let starts = i as f64 * 0.02 + rng.random_range(0.0..0.04);
            let seeded = StdRng::seed_from_u64(seed.wrapping_mul(31).wrapping_add(i as u64));
            Run {
                pacing: Adaptive::with_rng(
                    defaults.initial_concurrency,
                    defaults.max_concurrency,
                    at(starts),
                    seeded,
                ),
                starts,
                unsent: calls,
                in_flight: Vec::new(),
                answering: Vec::new(),
                finished: None,
                accepted: 0,
                refused: 0,
            }
        })
        .collect();
    let mut now = 0.0_f64;
    loop {
        for run in all.iter_mut().filter(|r| r.finished.is_none() && now >= r.starts) {
            while run.unsent > 0
                && run.pacing.may_send(at(now), run.in_flight.len() + run.answering.len())
            {
                run.pacing.on_send(at(now));
                run.unsent -= 1;
                run.in_flight.push((now, now + latency + rng.random_range(0.0..latency / 15.0)));
            }
        }
        let Some(next) = next_event(&all, now, base) else { break };
        now = next.max(now);
        // Calls due now reach the bucket in the order they arrive, whoever sent them. A refusal
        // is answered at once; an accepted call after the service has done its work.
        let mut arriving: Vec<(f64, usize, f64)> = Vec::new();
        for (i, run) in all.iter_mut().enumerate() {
            let due = run.in_flight.extract_if(.., |&mut (_, arrives)| arrives <= now);
            arriving.extend(due.map(|(sent, arrives)| (arrives, i, sent)));
        }
        arriving.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (arrives, i, sent) in arriving {
            let accepted = bucket.take(arrives);
            let answered = if accepted { arrives + HANDLER } else { arrives };
            all[i].answering.push((sent, answered, accepted));
        }
        for run in all.iter_mut() {
            let mut due: Vec<(f64, f64, bool)> =
                run.answering.extract_if(.., |&mut (_, answered, _)| answered <= now).collect();
            due.sort_by(|a, b| a.1.total_cmp(&b.1));
            for (sent, answered, accepted) in due {
                if accepted {
                    run.accepted += 1;
                    run.pacing.on_success(at(answered), Duration::from_secs_f64(answered - sent));
                } else {
                    run.refused += 1;
                    run.unsent += 1;
                    run.pacing.on_throttled(at(answered), Some(at(sent)), None);
                }
            }
        }
        for run in all.iter_mut().filter(|r| r.finished.is_none() && now >= r.starts) {
            if run.unsent == 0 && run.in_flight.is_empty() && run.answering.is_empty() {
                run.finished = Some(now);
            }
        }
    }
    let ends: Vec<f64> = all.iter().filter_map(|r| r.finished).collect();
    assert_eq!(ends.len(), runs, "every run finishes");
    let last = ends.iter().copied().fold(0.0, f64::max);
    let first = ends.iter().copied().fold(f64::INFINITY, f64::min);
    let accepted: usize = all.iter().map(|r| r.accepted).sum();
    let refused: usize = all.iter().map(|r| r.refused).sum();
    Outcome {
        use_of_limit: accepted as f64 / last / per_second,
        slowest_over_fastest: last / first,
        refused: refused as f64 / (accepted + refused) as f64,
    }
}

/// How much longer an accepted call takes to answer than a refused one: the service's work.
const HANDLER: f64 = 0.004;

/// The next moment anything happens: a run starts, a call arrives or is answered, or a pace
/// allows a send.
fn next_event(all: &[Run], now: f64, base: Instant) -> Option<f64> {
    let mut next = f64::INFINITY;
    for run in all.iter().filter(|r| r.finished.is_none()) {
        if now < run.starts {
            next = next.min(run.starts);
            continue;
        }
        for &(_, arrives) in &run.in_flight {
            next = next.min(arrives);
        }
        for &(_, answered, _) in &run.answering {
            next = next.min(answered);
        }
        let now_instant = base + Duration::from_secs_f64(now);
        if run.unsent > 0
            && let Some(wake) = run.pacing.wake_at(now_instant)
        {
            next = next.min(wake.duration_since(base).as_secs_f64());
        }
    }
    next.is_finite().then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The median of each figure over `seeds` runs of the scenario.
    fn median(runs: usize, calls: usize, service: Service, seeds: u64) -> Outcome {
        let outcomes: Vec<Outcome> = (0..seeds).map(|s| share(runs, calls, service, s)).collect();
        let mid = |f: fn(&Outcome) -> f64| {
            let mut v: Vec<f64> = outcomes.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let outcome = Outcome {
            use_of_limit: mid(|o| o.use_of_limit),
            slowest_over_fastest: mid(|o| o.slowest_over_fastest),
            refused: mid(|o| o.refused),
        };
        println!("{runs} runs x {calls} calls, {service:?}: {outcome:.3?}");
        outcome
    }

    #[test]
    fn a_lone_run_finds_a_large_limit_within_its_first_second() {
        // 300 calls at 50 calls/s is six seconds; slow start and the first cut cost it little.
        let lone = median(1, 300, Service::far(50.0), 21);
        assert!(lone.use_of_limit >= 0.93, "{lone:?}");
    }

    #[test]
    fn a_lone_run_refused_early_by_a_small_burst_still_finds_its_limit() {
        // `benches/casdesk.rs`: 100 calls, 25 ms away, a burst of 10 then 50 calls/s. The first
        // 429 comes after a handful of answers, as it does to runs starting together.
        let near = Service { per_second: 50.0, burst: 10.0, latency: 0.025 };
        let lone = median(1, 100, near, 21);
        assert!(lone.use_of_limit >= 0.85, "{lone:?}");
    }

    #[test]
    fn a_lone_run_against_a_tiny_burst_far_away_is_slowed_but_not_stalled() {
        // Refused after three answers, it cannot tell itself from a crowd starting together,
        // so it starts low and finds the rest only by growing: about 0.7 of its limit over
        // six seconds. A known cost of starting crowds out equal.
        let tiny = Service { per_second: 10.0, burst: 3.0, latency: 0.15 };
        let lone = median(1, 60, tiny, 21);
        assert!(lone.use_of_limit >= 0.6, "{lone:?}");
    }

    /// Four runs sharing 20 calls/s, 150 ms away, judged on their medians.
    fn four_sharing(calls: usize, use_at_least: f64, apart_at_most: f64, refused_at_most: f64) {
        let four = median(4, calls, Service::far(20.0), 41);
        assert!(four.use_of_limit >= use_at_least, "{four:?}");
        assert!(four.slowest_over_fastest <= apart_at_most, "{four:?}");
        assert!(four.refused <= refused_at_most, "{four:?}");
    }

    #[test]
    fn four_short_runs_started_together_share_the_limit_evenly() {
        // The benchmark's four processes: 20 calls each, about four seconds, most of which is
        // the opening, when no run knows anything.
        four_sharing(20, 0.85, 1.3, 0.12);
    }

    #[test]
    fn four_long_runs_stay_even_after_the_opening() {
        four_sharing(80, 0.85, 1.45, 0.11);
    }
}
