//! Waiting for a report just generated: the service has no status call, so the only way to
//! know it is ready is to ask for it. Asked at a steady pace (first after [`FIRST_TRY`], then
//! every [`TRY_EVERY`]), for at most [`GIVE_UP_AFTER`]; a not-ready answer (404) waits on, any
//! other answer ends the wait. The console paces the same way (its Reports screen).

use super::fetch::{FetchError, Saved, download};
use crate::api::{Client, ReportKind};
use std::path::Path;
use std::time::Duration;

/// A report takes seconds to make (the simulator: 5).
pub const FIRST_TRY: Duration = Duration::from_secs(3);
pub const TRY_EVERY: Duration = Duration::from_secs(5);
pub const GIVE_UP_AFTER: Duration = Duration::from_secs(600);

/// The try numbered `n` (from 0) is due this long after the generate was accepted.
pub fn try_due(n: u32) -> Duration {
    FIRST_TRY + TRY_EVERY * n
}

/// Downloads `kind` to `to` once it is ready; `waiting(elapsed)` is told before each pause.
pub async fn download_when_ready(
    client: &Client,
    kind: ReportKind,
    to: &Path,
    replace: bool,
    mut waiting: impl FnMut(Duration),
) -> Result<Saved, FetchError> {
    let started = tokio::time::Instant::now();
    let mut n = 0;
    loop {
        waiting(started.elapsed());
        tokio::time::sleep_until(started + try_due(n)).await;
        match download(client, kind, to, replace).await {
            Err(FetchError::Api(e))
                if e.status() == Some(404) && started.elapsed() < GIVE_UP_AFTER =>
            {
                n += 1;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_are_paced() {
        assert_eq!(try_due(0), Duration::from_secs(3));
        assert_eq!(try_due(2), Duration::from_secs(13));
        let tries = (0..).take_while(|n| try_due(*n) <= GIVE_UP_AFTER).count();
        assert!(tries <= 120, "at most one try every 5 s for 10 minutes: {tries}");
    }
}
