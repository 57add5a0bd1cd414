//! The outermost layer of the router: counts every request into `SimStats` as it arrives and
//! its status as it leaves. Apart from the numbers (`stats.rs`), which the shared state holds,
//! so that state sits below this layer and not round a cycle with it.

use crate::sim::lock;
use crate::sim::state::{ADMIN_PREFIX, AppState};
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

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
