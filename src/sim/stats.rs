//! Counting what the simulator saw and answered, for tests and benchmarks.

use crate::sim::lock;
use crate::sim::state::{ADMIN_PREFIX, AppState};
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
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

/// The outermost layer: counts the request on arrival and its status on the way out.
pub async fn record(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let key = endpoint_key(&req);
    {
        let mut stats = lock(&s.stats);
        stats.total_requests += 1;
        *stats.by_endpoint.entry(key).or_default() += 1;
    }
    let response = next.run(req).await;
    let status = response.status().as_u16();
    let mut stats = lock(&s.stats);
    *stats.by_status.entry(status).or_default() += 1;
    if status == 429 {
        stats.too_many_requests += 1;
    }
    response
}

fn endpoint_key(req: &Request) -> String {
    let method = req.method().as_str();
    match req.extensions().get::<MatchedPath>() {
        Some(path) => {
            let path = path.as_str();
            format!("{method} {}", path.strip_prefix(ADMIN_PREFIX).unwrap_or(path))
        }
        None => format!("{method} (unmatched)"),
    }
}
