//! What the simulator saw and answered, counted for tests and benchmarks. Plain numbers held in
//! the shared state (`state.rs`); the layer that counts them is `counting.rs`.

use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimStats {
    /// Every request that reached the server.
    pub total_requests: u64,
    /// Per `METHOD path-template`, e.g. `POST /v1/users/generateVerifyCode/enroll`,
    /// `GET /v2/users/{id}/devices`, `POST /oauth/token`; unknown paths count as
    /// `METHOD (unmatched)`.
    pub by_endpoint: BTreeMap<String, u64>,
    /// Per HTTP status sent (a dropped answer counts under the status it started with).
    pub by_status: BTreeMap<u16, u64>,
    /// 429 answers, whether from the rate limiter or an injected fault.
    pub too_many_requests: u64,
    /// Faults injected, queued or random.
    pub faults_injected: u64,
}
