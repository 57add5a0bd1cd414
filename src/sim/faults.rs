//! What stands between a client and the service: latency, the rate limiter, and injected faults.
//! This is the layer that applies them; what it applies (latency, bucket, queued faults) is
//! `gate.rs`, held in the shared state.
//!
//! Faults and latency apply to Admin API paths; the rate limiter also covers `/oauth/token`.
//! Queued faults (`SimControl::inject`) come first, FIFO; then random ones by `fault_rate`,
//! drawn from a seeded generator so a run can be repeated.
//!
//! Inferred: gateway errors are the short HTML pages a load balancer (nginx, AWS ALB) sends; a
//! 429 carries `Retry-After` only when switched on (the service documents none), in whole
//! seconds until the bucket has a token, at least 1.

use crate::sim::config::{Fault, STALL};
use crate::sim::errors::code_description;
use crate::sim::lock;
use crate::sim::state::{ADMIN_PREFIX, AppState, TOKEN_PATH};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use std::time::Duration;

pub async fn gate(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let admin = path == ADMIN_PREFIX || path.starts_with(&format!("{ADMIN_PREFIX}/"));
    if !admin && path != TOKEN_PATH {
        return next.run(req).await;
    }
    let (fault, latency, answer_delay) = if admin {
        let mut gate = lock(&s.gate);
        (gate.next_fault(), gate.latency, gate.answer_delay)
    } else {
        (None, Duration::ZERO, Duration::ZERO)
    };
    if fault.is_some() {
        lock(&s.stats).faults_injected += 1;
    }
    if !latency.is_zero() {
        s.sleep_unless_stopped(latency).await;
    }
    if let Some(f) = fault.filter(|f| !f.request_is_handled()) {
        return unhandled(&s, f).await;
    }
    let throttled = lock(&s.gate).take_token();
    let response = match throttled {
        Err(retry_after) => too_many_requests(retry_after),
        Ok(()) => {
            let acted = next.run(req).await;
            if !answer_delay.is_zero() {
                s.sleep_unless_stopped(answer_delay).await;
            }
            acted
        }
    };
    match fault {
        Some(Fault::DropConnection) => cut_off(response).await,
        Some(Fault::TruncatedJson) => truncate(response).await,
        Some(Fault::HostileText) => rewrite_json(response, poison).await,
        Some(f) if f.reshapes_answer() => {
            rewrite_json(response, |json| crate::sim::reshape::reshape(json, f)).await
        }
        _ => response,
    }
}

/// The 429 the rate limiter sends; `Retry-After` only when switched on.
pub fn too_many_requests(retry_after: Option<u64>) -> Response {
    let mut response = code_description(StatusCode::TOO_MANY_REQUESTS, "Too many requests.");
    if let Some(secs) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

async fn unhandled(s: &AppState, fault: Fault) -> Response {
    match fault {
        Fault::ServerError => {
            code_description(StatusCode::INTERNAL_SERVER_ERROR, "An internal error occurred.")
        }
        Fault::BadGatewayHtml => html(StatusCode::BAD_GATEWAY),
        Fault::Unavailable => html(StatusCode::SERVICE_UNAVAILABLE),
        Fault::GatewayTimeoutHtml => html(StatusCode::GATEWAY_TIMEOUT),
        Fault::TooManyRequests => {
            let retry_after = lock(&s.gate).retry_after;
            too_many_requests(retry_after.then_some(1))
        }
        Fault::Stall => {
            s.sleep_unless_stopped(STALL).await;
            html(StatusCode::GATEWAY_TIMEOUT)
        }
        // Handled faults never get here; answering 500 keeps this total.
        Fault::DropConnection
        | Fault::TruncatedJson
        | Fault::HostileText
        | Fault::ForeignElement
        | Fault::MissingElement
        | Fault::ReorderedElements
        | Fault::UnknownResultCode
        | Fault::DuplicateElement
        | Fault::UnnamedElement
        | Fault::AnotherUser => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The page a load balancer sends when the service behind it fails.
fn html(status: StatusCode) -> Response {
    let title = format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or(""));
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n</body>\r\n</html>\r\n"
    );
    (status, [(header::CONTENT_TYPE, "text/html")], page).into_response()
}

/// Sends the headers and half the body, then cuts the connection.
async fn cut_off(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let promised = bytes.len().max(1);
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(promised));
    let head = bytes.slice(..bytes.len() / 2);
    let first = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(head) });
    // A pause lets the server flush what was sent before the connection breaks.
    let then_break = futures_util::stream::once(async {
        tokio::time::sleep(Duration::from_millis(30)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "simulated dropped connection",
        ))
    });
    Response::from_parts(parts, Body::from_stream(first.chain(then_break)))
}

/// A complete, well-formed HTTP answer whose JSON body stops half-way.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let cut =
        if bytes.len() < 2 { Bytes::from_static(b"{") } else { bytes.slice(..bytes.len() / 2) };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Response::from_parts(parts, Body::from(cut))
}

/// What [`Fault::HostileText`] puts around every string: a screen clear, a window title, a
/// colour, a cursor move, a backspace and a bell. Tests look for `HOSTILE` on screen.
const HOSTILE_PREFIX: &str = "\u{1b}[2J\u{1b}]0;HOSTILE\u{7}\u{1b}[31m";
const HOSTILE_SUFFIX: &str = "\u{1b}[0m\u{1b}[1;1H\u{8}\u{7}";

/// The same answer with its JSON body changed by `change` (a body that is not JSON passes).
async fn rewrite_json(response: Response, change: impl FnOnce(&mut serde_json::Value)) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    change(&mut json);
    let text = serde_json::to_vec(&json).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}

/// Wraps every JSON string in escape sequences.
fn poison(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => *s = format!("{HOSTILE_PREFIX}{s}{HOSTILE_SUFFIX}"),
        Value::Array(items) => items.iter_mut().for_each(poison),
        Value::Object(map) => map.values_mut().for_each(poison),
        _ => {}
    }
}
