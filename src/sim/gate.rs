//! The gate's adjustable settings: latency, the rate limiter's bucket, and the faults still to
//! inject (queued, or drawn from a seeded generator). Plain state behind one short-lived lock
//! in the shared state (`state.rs`), changed by `SimControl` and read by the layer in
//! `faults.rs`; its own file so the shared state need not reach up into that layer.

use crate::sim::config::{Fault, RateLimit};
use crate::sim::ratelimit::{Bucket, retry_after_secs};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// The adjustable part of the gate, behind one short-lived lock.
pub struct GateState {
    pub latency: Duration,
    /// Time between acting on a call and answering it: a service that acts before it
    /// answers, so a client killed meanwhile has changed a user without hearing so.
    pub answer_delay: Duration,
    pub retry_after: bool,
    pub fault_rate: f64,
    rng: StdRng,
    /// Faults still to inject, as (fault, how many more times); `None` lets calls through
    /// untouched, so a fault can be placed in the middle of a run.
    queue: VecDeque<(Option<Fault>, usize)>,
    bucket: Option<Bucket>,
}

impl GateState {
    pub fn new(
        rate_limit: Option<RateLimit>,
        latency: Duration,
        retry_after: bool,
        fault_rate: f64,
        seed: u64,
    ) -> Self {
        Self {
            latency,
            answer_delay: Duration::ZERO,
            retry_after,
            fault_rate: clamp_rate(fault_rate),
            rng: StdRng::seed_from_u64(seed),
            queue: VecDeque::new(),
            bucket: rate_limit.map(|rl| Bucket::new(rl, Instant::now())),
        }
    }

    pub fn inject(&mut self, fault: Fault, count: usize) {
        if count > 0 {
            self.queue.push_back((Some(fault), count));
        }
    }

    pub fn pass(&mut self, count: usize) {
        if count > 0 {
            self.queue.push_back((None, count));
        }
    }

    pub fn set_fault_rate(&mut self, rate: f64) {
        self.fault_rate = clamp_rate(rate);
    }

    /// A new limit starts with a full bucket.
    pub fn set_rate_limit(&mut self, rl: Option<RateLimit>) {
        self.bucket = rl.map(|rl| Bucket::new(rl, Instant::now()));
    }

    pub(super) fn next_fault(&mut self) -> Option<Fault> {
        if let Some((queued, left)) = self.queue.front_mut() {
            let fault = *queued;
            *left -= 1;
            if *left == 0 {
                self.queue.pop_front();
            }
            return fault;
        }
        // Only draw when faults are on, so the sequence depends on faulty calls alone.
        if self.fault_rate > 0.0 && self.rng.random::<f64>() < self.fault_rate {
            let i = self.rng.random_range(0..Fault::RANDOM.len());
            return Some(Fault::RANDOM[i]);
        }
        None
    }

    /// `Err(retry_after)` when the bucket is empty.
    pub(super) fn take_token(&mut self) -> Result<(), Option<u64>> {
        let retry_after = self.retry_after;
        match self.bucket.as_mut().map(|b| b.take(Instant::now())) {
            Some(Err(wait)) => Err(retry_after.then(|| retry_after_secs(wait))),
            _ => Ok(()),
        }
    }
}

fn clamp_rate(rate: f64) -> f64 {
    if rate.is_finite() { rate.clamp(0.0, 1.0) } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_faults_come_first_then_seeded_random_ones() {
        let mut a = GateState::new(None, Duration::ZERO, false, 0.5, 7);
        a.inject(Fault::TruncatedJson, 2);
        a.inject(Fault::Stall, 0);
        a.inject(Fault::ServerError, 1);
        assert_eq!(a.next_fault(), Some(Fault::TruncatedJson));
        assert_eq!(a.next_fault(), Some(Fault::TruncatedJson));
        assert_eq!(a.next_fault(), Some(Fault::ServerError));
        let mut huge = GateState::new(None, Duration::ZERO, false, 0.0, 1);
        huge.inject(Fault::ServerError, usize::MAX);
        assert_eq!(huge.next_fault(), Some(Fault::ServerError));
        let mut b = GateState::new(None, Duration::ZERO, false, 0.5, 7);
        let seq_a: Vec<_> = (0..50).map(|_| a.next_fault()).collect();
        let seq_b: Vec<_> = (0..50).map(|_| b.next_fault()).collect();
        assert_eq!(seq_a, seq_b, "same seed, same faults");
        assert!(seq_a.iter().any(Option::is_some) && seq_a.iter().any(Option::is_none));
        assert!(seq_a.iter().flatten().all(|f| Fault::RANDOM.contains(f)));
    }

    #[test]
    fn passes_place_a_fault_in_the_middle() {
        let mut g = GateState::new(None, Duration::ZERO, false, 1.0, 3);
        g.pass(2);
        g.inject(Fault::BadGatewayHtml, 1);
        // Passed calls meet no fault, not even a random one.
        assert_eq!(g.next_fault(), None);
        assert_eq!(g.next_fault(), None);
        assert_eq!(g.next_fault(), Some(Fault::BadGatewayHtml));
    }

    #[test]
    fn no_rate_no_faults() {
        let mut g = GateState::new(None, Duration::ZERO, false, f64::NAN, 1);
        assert!((0..100).all(|_| g.next_fault().is_none()));
    }
}
