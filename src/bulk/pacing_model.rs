//! Runs sharing a rate limit, in virtual time: the real pacing (`Adaptive`) against a model of
//! the service's token bucket, with the engine's sending rules, so that a change to the pacing
//! is judged on hundreds of runs in milliseconds rather than one run of the benchmark in a
//! minute. `cargo test --lib pacing_model -- --nocapture` prints the figures (the scenarios and
//! the issue 23 targets are in `pacing_model_tests.rs`). The benchmark (`benches/sharing.rs`)
//! remains the measure: real processes, real HTTP, a real clock.
//!
//! The model: every call takes `latency` (and up to a fifteenth more) to reach the bucket, and
//! is refused at once if no token is left, else answered a few milliseconds later (the
//! service's work); runs started together start in turn within about 100 ms, as processes
//! started together do; each run's token request takes a token first, as the simulator's does.
//! A unit refused with 429 is queued again, as the engine does. A unit of two calls (a
//! per-user action: the lookup, then the change) sends its change at `follow_on_slot`, and a
//! change refused with 429 is sent again by the client after its own backoff (up to five sends
//! in all, then the unit is refused and queued again), as `actions/mod.rs` does, and the pace
//! hears of the refusal, as `engine.rs` does.

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
        let t = t.max(self.at);
        self.tokens = (self.tokens + (t - self.at) * self.per_second).min(self.burst);
        self.at = t;
        let ok = self.tokens >= 1.0;
        if ok {
            self.tokens -= 1.0;
        }
        ok
    }
}

/// One call of a unit: when the unit began, and which send of the unit's change it is (0: the
/// unit's first call).
#[derive(Clone, Copy)]
struct Call {
    unit_began: f64,
    change_send: u32,
}

struct Run {
    pacing: Adaptive,
    starts: f64,
    signed_in: bool,
    unsent: usize,
    /// Calls on their way to the service, and when they arrive.
    in_flight: Vec<(Call, f64)>,
    /// Calls the service has decided on: when answered, and whether accepted.
    answering: Vec<(Call, f64, bool)>,
    /// Later calls of units under way, waiting for their turn or the client's backoff.
    waiting: Vec<(Call, f64)>,
    finished: Option<f64>,
    accepted: usize,
    refused: usize,
}

impl Run {
    /// Units under way: what the engine counts as in flight.
    fn under_way(&self) -> usize {
        self.in_flight.len() + self.answering.len() + self.waiting.len()
    }
}

/// What one scenario's run came to.
#[derive(Debug)]
pub struct Outcome {
    /// Calls the runs got through per second, together, as a fraction of the limit.
    pub use_of_limit: f64,
    /// The last run's finish over the first's.
    pub slowest_over_fastest: f64,
    /// 429s as a fraction of all calls sent.
    pub refused: f64,
    /// How long the last run to start took, over how long it would have taken with its fair
    /// share of the limit (the limit split evenly between the runs going at each moment).
    pub last_over_fair: f64,
}

/// The service's limit and the network: `per_second` calls a second after a burst of `burst`,
/// each call taking `latency` seconds to reach it.
#[derive(Clone, Copy, Debug)]
pub struct Service {
    pub per_second: f64,
    pub burst: f64,
    pub latency: f64,
}

/// Some runs of one kind of list against one service.
#[derive(Clone, Copy, Debug)]
pub struct Scenario {
    pub runs: usize,
    /// Units each run has; a code list's unit is one call for 100 users.
    pub units: usize,
    /// Calls a unit makes (a per-user action: 2).
    pub calls_per_unit: u32,
    /// Seconds between the runs' starts (about 0.02: started together).
    pub apart: f64,
    pub service: Service,
}

impl Scenario {
    pub fn run(&self, seed: u64) -> Outcome {
        simulate(self, seed)
    }
}

fn simulate(scenario: &Scenario, seed: u64) -> Outcome {
    let Scenario { runs, units, calls_per_unit, apart, service } = *scenario;
    let Service { per_second, burst, latency } = service;
    let mut rng = StdRng::seed_from_u64(seed);
    let base = Instant::now();
    let at = |t: f64| base + Duration::from_secs_f64(t);
    let mut bucket = Bucket { per_second, burst, tokens: burst, at: 0.0 };
    let defaults = super::EngineConfig::default();
    let mut all: Vec<Run> = (0..runs)
        .map(|i| {
            let starts = i as f64 * apart + rng.random_range(0.0..0.04);
            let seeded = StdRng::seed_from_u64(seed.wrapping_mul(31).wrapping_add(i as u64));
            let pacing = Adaptive::with_rng(
                defaults.initial_concurrency,
                defaults.max_concurrency,
                at(starts),
                seeded,
            )
            .with_calls_per_unit(calls_per_unit);
            Run {
                pacing,
                starts,
                signed_in: false,
                unsent: units,
                in_flight: Vec::new(),
                answering: Vec::new(),
                waiting: Vec::new(),
                finished: None,
                accepted: 0,
                refused: 0,
            }
        })
        .collect();
    let mut now = 0.0_f64;
    let trip = |rng: &mut StdRng, now: f64| now + latency + rng.random_range(0.0..latency / 15.0);
    loop {
        for run in all.iter_mut().filter(|r| r.finished.is_none() && now >= r.starts) {
            if !run.signed_in {
                // The token request, before any call.
                run.signed_in = true;
                bucket.take(now);
            }
            let due = run.waiting.extract_if(.., |&mut (_, when)| when <= now);
            let due: Vec<_> = due.map(|(call, _)| call).collect();
            for call in due {
                run.in_flight.push((call, trip(&mut rng, now)));
            }
            while run.unsent > 0 && run.pacing.may_send(at(now), run.under_way()) {
                run.pacing.on_send(at(now));
                run.unsent -= 1;
                let call = Call { unit_began: now, change_send: 0 };
                run.in_flight.push((call, trip(&mut rng, now)));
            }
        }
        let Some(next) = next_event(&all, now, base) else { break };
        now = next.max(now);
        // Calls due now reach the bucket in the order they arrive, whoever sent them. A refusal
        // is answered at once; an accepted call after the service has done its work.
        let mut arriving: Vec<(f64, usize, Call)> = Vec::new();
        for (i, run) in all.iter_mut().enumerate() {
            let due = run.in_flight.extract_if(.., |&mut (_, arrives)| arrives <= now);
            arriving.extend(due.map(|(call, arrives)| (arrives, i, call)));
        }
        arriving.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (arrives, i, call) in arriving {
            let accepted = bucket.take(arrives);
            let answered = if accepted { arrives + HANDLER } else { arrives };
            all[i].answering.push((call, answered, accepted));
        }
        for run in all.iter_mut() {
            let mut due: Vec<(Call, f64, bool)> =
                run.answering.extract_if(.., |&mut (_, answered, _)| answered <= now).collect();
            due.sort_by(|a, b| a.1.total_cmp(&b.1));
            for (call, answered, accepted) in due {
                answer(run, call, answered, accepted, calls_per_unit, &mut rng, base);
            }
        }
        for run in all.iter_mut().filter(|r| r.finished.is_none() && now >= r.starts) {
            if run.unsent == 0 && run.under_way() == 0 {
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
    let starts: Vec<f64> = all.iter().map(|r| r.starts).collect();
    let calls = (units * calls_per_unit as usize) as f64;
    let fair = fair_finishes(&starts, calls, per_second);
    let latest = (0..runs).max_by(|&a, &b| starts[a].total_cmp(&starts[b])).unwrap_or(0);
    let took = ends[latest] - starts[latest];
    Outcome {
        use_of_limit: accepted as f64 / last / per_second,
        slowest_over_fastest: last / first,
        refused: refused as f64 / (accepted + refused) as f64,
        last_over_fair: took / (fair[latest] - starts[latest]),
    }
}

/// The engine's and the client's part when a call is answered.
fn answer(
    run: &mut Run,
    call: Call,
    answered: f64,
    accepted: bool,
    calls_per_unit: u32,
    rng: &mut StdRng,
    base: Instant,
) {
    let at = |t: f64| base + Duration::from_secs_f64(t);
    let unit_took = Duration::from_secs_f64(answered - call.unit_began);
    if accepted {
        run.accepted += 1;
        if call.change_send == 0 && calls_per_unit > 1 {
            let turn = run.pacing.follow_on_slot(at(answered));
            let when = turn.duration_since(base).as_secs_f64();
            run.waiting.push((Call { change_send: 1, ..call }, when));
        } else {
            run.pacing.on_success(at(answered), unit_took);
        }
        return;
    }
    run.refused += 1;
    if call.change_send == 0 || call.change_send >= CLIENT_SENDS {
        // Refused before it was acted on: the unit goes back in the queue.
        run.unsent += 1;
        run.pacing.on_throttled(at(answered), Some(at(call.unit_began)), None);
        return;
    }
    // The client waits the change's 429 out itself (`RetryPolicy::default`'s backoff); the
    // engine hears of it from the client's notice, which does not say when the call went.
    run.pacing.on_throttled(at(answered), None, None);
    let step = (0.25 * 2f64.powi(call.change_send as i32 - 1)).min(8.0);
    let wait = step / 2.0 + rng.random_range(0.0..step / 2.0);
    run.waiting.push((Call { change_send: call.change_send + 1, ..call }, answered + wait));
}

/// How much longer an accepted call takes to answer than a refused one: the service's work.
const HANDLER: f64 = 0.004;
/// Sends of one call the client makes before it gives up on 429s (`RetryPolicy::default`).
const CLIENT_SENDS: u32 = 5;

/// When each run would finish with the limit split evenly between the runs going at each
/// moment, each run needing `calls` calls.
pub fn fair_finishes(starts: &[f64], calls: f64, per_second: f64) -> Vec<f64> {
    let mut left: Vec<f64> = vec![calls; starts.len()];
    let mut done: Vec<Option<f64>> = vec![None; starts.len()];
    let mut t = starts.iter().copied().fold(f64::INFINITY, f64::min);
    while done.iter().any(Option::is_none) {
        let going: Vec<usize> =
            (0..starts.len()).filter(|&i| done[i].is_none() && starts[i] <= t).collect();
        let next_start = (0..starts.len())
            .filter(|&i| starts[i] > t)
            .map(|i| starts[i])
            .fold(f64::INFINITY, f64::min);
        if going.is_empty() {
            t = next_start;
            continue;
        }
        let each = per_second / going.len() as f64;
        let least = going.iter().map(|&i| left[i]).fold(f64::INFINITY, f64::min);
        let until = next_start.min(t + least / each);
        for &i in &going {
            left[i] -= each * (until - t);
            if left[i] <= 1e-9 {
                done[i] = Some(until);
            }
        }
        t = until;
    }
    done.into_iter().map(|d| d.unwrap_or(t)).collect()
}

/// The next moment anything happens: a run starts, a call arrives or is answered, a later call
/// of a unit is due, or a pace allows a send.
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
        for &(_, when) in &run.waiting {
            next = next.min(when);
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
#[path = "pacing_model_tests.rs"]
mod tests;
