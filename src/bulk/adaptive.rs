//! How fast a bulk run sends, learned from the service's 429s alone. The limit is the
//! tenant's, shared with every other operator's run, and no run knows of the others; so each
//! must find its share from what it is told, quickly, and without taking more than the others.
//! It is TCP's congestion control, in calls per second instead of bytes in flight.
//!
//! - **Slow start**, until the first 429, and the pace it ends at: `slow_start.rs`.
//! - **Each later 429 cuts the pace by `CUT`**, as long as the refused call went out after
//!   the last cut. A call sent before it says nothing about the new pace (TCP cuts once a
//!   window for the same reason); without this, the calls already in flight at the first
//!   refusal cut a run again and again.
//! - **After a cut, the refusals of the run's next `HELD_CALLS` calls do not cut it again.**
//!   The service's bucket refuses whichever call finds it empty, whoever sent it. When runs
//!   together send a little more than the limit, one run's call is refused first; its cut
//!   alone may not bring the total under the limit, and without the hold the same run's next
//!   call, refused too, cut it again while the others went on growing: one unlucky run did all
//!   the slowing down (in the model, one run cut four times in a second and a half while
//!   the others were cut once or not at all). Held, it leaves the next refusals to fall on
//!   the others' calls, so the runs sending too much are cut together, each by the same
//!   fraction: that is what makes shares converge (below). A run alone pays a few more 429s.
//! - **Between cuts the pace grows** by a fixed number of calls per second, the same for every
//!   run, and by a small fraction per answer (so a run alone against a large limit finds it in
//!   a few hundred calls). After `QUIET_ANSWERS` answers without a 429 it also grows by `PROBE`
//!   per second: another run may have ended and freed its share.
//! - **After a cut nothing is sent for one interval at the new pace**, and every interval is
//!   jittered, so runs paced alike do not fall into step with each other and the service's
//!   refills, with the same one refused every time.
//!
//! Why shares converge: runs cut together by the same fraction keep their ratio, and the fixed
//! growth between cuts, the same number of calls for every run, shrinks it; so each round of
//! cuts and growth brings the runs closer (additive increase, multiplicative decrease). A run
//! sending more also meets the empty bucket more often, so it is cut more often. Growth that
//! is a fraction of a run's own pace works the other way: the probe, and above all the growth
//! per answer (a run twice as fast answers twice as often, so it grows four times as fast);
//! which is why the latter is small, and was halved (0.004 to 0.002) at no measurable cost to
//! a run alone in the model. What parts runs most, in the model, is chance: which run's calls
//! meet the empty bucket. Over 80 calls each, four runs get a handful of refusals each, and
//! the spread between them shrinks as the runs grow longer (about as the square root of their
//! length); the hold above takes the worst of it down.
//!
//! A 429 never waits out a backoff of its own: the call goes back in the run's queue and out
//! again at the run's pace (see `engine.rs`). When the service names a wait (`Retry-After`),
//! nothing new is sent until it has passed. `pacing_model.rs` runs this against a token bucket
//! in virtual time, which is how these numbers were chosen; its tests print the figures at
//! issue 23's settings.

use super::slow_start::SlowStart;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Adaptive {
    /// Calls that may be in flight at once.
    limit: usize,
    max: usize,
    slow_start: SlowStart,
    /// Calls per second; `None` until the service first says 429.
    pace: Option<f64>,
    /// When the pace last grew.
    grown_at: Instant,
    next_slot: Option<Instant>,
    paused_until: Option<Instant>,
    last_cut: Option<Instant>,
    /// Smoothed round trip of a call, answered or refused.
    round_trip: Option<Duration>,
    /// Answers since the last 429.
    answered_since_refusal: u64,
    /// Calls sent since the last cut, and when the first call past the hold went: refusals
    /// of calls sent before it do not cut again.
    sent_since_cut: u32,
    held_until: Option<Instant>,
    rng: StdRng,
    /// 429s seen, for the report.
    pub throttled: u64,
    /// Calls each unit makes (a per-user action: two): what the pace, in calls per second,
    /// makes of units answered per second.
    calls_per_unit: f64,
}

/// Each later 429 takes this fraction off the pace.
const CUT: f64 = 0.2;
/// Growth between cuts: this many calls per second, every second, the same for every run...
const GROW_CALLS: f64 = 0.5;
/// ...and this fraction of the pace with every answer (a run's answers come as fast as it
/// sends, so this favours the run ahead: kept small).
const GROW_PER_ANSWER: f64 = 0.002;
/// After this many answers without a 429, the pace also grows by `PROBE` of itself per second.
const QUIET_ANSWERS: u64 = 30;
const PROBE: f64 = 0.2;
/// After a cut, the refusals of this many calls sent after it do not cut again.
const HELD_CALLS: u32 = 3;
/// How much each pace interval varies, either way.
const JITTER: f64 = 0.3;
/// Never slower than this: a run always makes progress, even after a storm in which the
/// service took nothing.
const MIN_PACE: f64 = 1.0;
/// When a refused call's send time is not known, 429s within this long of a cut (or one round
/// trip, if longer) are taken to be from before it.
const STORM: Duration = Duration::from_millis(250);

impl Adaptive {
    pub fn new(initial: usize, max: usize, now: Instant) -> Self {
        Self::with_rng(initial, max, now, StdRng::from_rng(&mut rand::rng()))
    }

    /// With the jitter drawn from `rng` (a seeded one repeats a run exactly).
    pub fn with_rng(initial: usize, max: usize, now: Instant, rng: StdRng) -> Self {
        let max = max.max(1);
        let initial = initial.clamp(1, max);
        Self {
            limit: initial,
            max,
            slow_start: SlowStart::new(initial, now),
            pace: None,
            grown_at: now,
            next_slot: None,
            paused_until: None,
            last_cut: None,
            round_trip: None,
            answered_since_refusal: 0,
            sent_since_cut: 0,
            held_until: None,
            rng,
            throttled: 0,
            calls_per_unit: 1.0,
        }
    }

    /// For units of `calls` calls each, every later one waiting its turn (`follow_on_slot`):
    /// the pace measured in units answered is this many times that in calls.
    pub fn with_calls_per_unit(mut self, calls: u32) -> Self {
        self.calls_per_unit = f64::from(calls.max(1));
        self
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn pace(&self) -> Option<f64> {
        self.pace
    }

    /// May a call start at `now`, with `in_flight` calls already out?
    pub fn may_send(&self, now: Instant, in_flight: usize) -> bool {
        // Slow start's rounds decide its growth, and there is none past the cap (where a slow
        // answer holds up nothing).
        let round_open =
            !self.in_slow_start_rounds() || self.slow_start.round_open(self.limit, in_flight);
        in_flight < self.limit
            && round_open
            && self.paused_until.is_none_or(|until| now >= until)
            && self.next_slot.is_none_or(|slot| now >= slot)
    }

    /// The next moment worth checking again, if waiting on time (a pause or the pace).
    pub fn wake_at(&self, now: Instant) -> Option<Instant> {
        [self.paused_until, self.next_slot].into_iter().flatten().filter(|t| *t > now).max()
    }

    /// A call started: the next may start one pace interval later.
    pub fn on_send(&mut self, now: Instant) {
        if self.in_slow_start_rounds() {
            self.slow_start.on_send(now, self.limit);
        }
        self.sent_since_cut += 1;
        if self.sent_since_cut == HELD_CALLS + 1 {
            self.held_until = Some(now);
        }
        self.grow(now);
        if let Some(pace) = self.pace {
            let from = self.next_slot.map_or(now, |slot| slot.max(now));
            let jitter = self.rng.random_range(1.0 - JITTER..=1.0 + JITTER);
            self.next_slot = Some(from + Duration::from_secs_f64(jitter / pace));
        }
    }

    /// When a later call of a unit already under way may go (a per-user action's change, after
    /// its lookup), its slot taken at once, so later calls waiting together go one pace
    /// interval apart rather than all at the moment the first refill comes.
    pub fn follow_on_slot(&mut self, now: Instant) -> Instant {
        let Some(pace) = self.pace else { return now };
        let at = [self.next_slot, self.paused_until].into_iter().flatten().fold(now, Instant::max);
        let jitter = self.rng.random_range(1.0 - JITTER..=1.0 + JITTER);
        self.next_slot = Some(at + Duration::from_secs_f64(jitter / pace));
        at
    }

    /// A call was answered (not refused) after `round_trip`.
    pub fn on_success(&mut self, now: Instant, round_trip: Duration) {
        self.slow_start.on_success(now, self.rtt());
        self.answered_since_refusal += 1;
        self.measure(round_trip);
        match self.pace {
            None => {
                if let Some(next) = self.slow_start.round_answered() {
                    self.limit = next.clamp(self.limit, self.max);
                }
            }
            Some(_) => {
                self.grow(now);
                self.pace = self.pace.map(|pace| pace * (1.0 + GROW_PER_ANSWER));
                if let Some(measured) = self.slow_start.second_look(now, round_trip, self.rtt()) {
                    self.raise_pace_to(now, measured * self.calls_per_unit);
                }
                self.limit = self.in_flight_for_pace();
            }
        }
    }

    /// The service answered 429 to a call sent at `sent_at` (if known); `asked_wait` is how
    /// long it asked for, if it did.
    pub fn on_throttled(
        &mut self,
        now: Instant,
        sent_at: Option<Instant>,
        asked_wait: Option<Duration>,
    ) {
        self.throttled += 1;
        self.answered_since_refusal = 0;
        if let Some(sent) = sent_at {
            self.measure(now.saturating_duration_since(sent));
        }
        if let Some(wait) = asked_wait {
            let until = now + wait;
            self.paused_until = Some(self.paused_until.map_or(until, |p| p.max(until)));
        }
        if self.sent_before_last_cut(now, sent_at) {
            return;
        }
        self.last_cut = Some(now);
        (self.sent_since_cut, self.held_until) = (0, None);
        self.grow(now);
        let pace = match self.pace {
            None => self.slow_start.first_pace(now, self.rtt()) * self.calls_per_unit,
            Some(pace) => pace * (1.0 - CUT),
        }
        .max(MIN_PACE);
        self.pace = Some(pace);
        // The calls after a cut go out at the new pace from now, not at once.
        let gap = now + Duration::from_secs_f64(1.0 / pace);
        self.next_slot = Some(self.next_slot.map_or(gap, |slot| slot.max(gap)));
        self.limit = self.in_flight_for_pace();
        tracing::debug!(limit = self.limit, pace, "throttled: slowing down");
    }

    /// Slow start's measure, come late, was more than the opening share it took.
    fn raise_pace_to(&mut self, now: Instant, measured: f64) {
        let pace = self.pace.unwrap_or(MIN_PACE).max(measured);
        self.pace = Some(pace);
        let gap = now + Duration::from_secs_f64(1.0 / pace);
        self.next_slot = Some(self.next_slot.map_or(gap, |slot| slot.min(gap)));
    }

    /// Unpaced and below the cap, where slow start's rounds decide growth.
    fn in_slow_start_rounds(&self) -> bool {
        self.pace.is_none() && self.limit < self.max
    }

    fn rtt(&self) -> Duration {
        self.round_trip.unwrap_or(STORM)
    }

    /// Whether a refusal is of a call that went out before the last cut (and so says nothing
    /// about the pace since), or of one the cut holds (see the module's comment).
    fn sent_before_last_cut(&self, now: Instant, sent_at: Option<Instant>) -> bool {
        let Some(cut) = self.last_cut else { return false };
        match sent_at {
            // Until the hold's last call has gone, every refusal is held.
            Some(sent) => self.held_until.is_none_or(|held| sent < held),
            None => now.duration_since(cut) < self.rtt().max(STORM),
        }
    }

    fn measure(&mut self, round_trip: Duration) {
        self.round_trip = Some(match self.round_trip {
            Some(rtt) => rtt.mul_f64(0.875) + round_trip.mul_f64(0.125),
            None => round_trip,
        });
    }

    /// The pace as it has grown since it last did.
    fn grow(&mut self, now: Instant) {
        let dt = now.saturating_duration_since(self.grown_at).as_secs_f64();
        self.grown_at = now;
        let quiet = self.answered_since_refusal >= QUIET_ANSWERS;
        let fraction = if quiet { PROBE } else { 0.0 };
        if let Some(pace) = &mut self.pace {
            *pace = *pace * (1.0 + fraction * dt) + GROW_CALLS * dt;
        }
    }

    /// Enough calls in flight to keep the pace over one round trip, and two spare for a slow
    /// answer.
    fn in_flight_for_pace(&self) -> usize {
        let (Some(pace), Some(rtt)) = (self.pace, self.round_trip) else { return self.limit };
        ((pace * rtt.as_secs_f64()).ceil() as usize + 2).clamp(1, self.max)
    }
}

#[cfg(test)]
#[path = "adaptive_tests.rs"]
mod tests;
