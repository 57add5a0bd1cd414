//! Sending one call: the token, the retry loop within one deadline, and turning what comes
//! back (or does not) into a body or an [`ApiError`].

use super::{Client, RetryNotice};
use crate::api::error::{ApiError, ErrorBody, StatusError, TransportError, TransportKind};
use crate::api::retry::{Attempt, Repeat, is_retryable, parse_http_date, parse_retry_after};
use crate::api::token::Token;
use bytes::Bytes;
use reqwest::{Method, header};
use serde::de::DeserializeOwned;
use std::time::{Duration, Instant, SystemTime};
use url::Url;

/// One request as built, re-sendable as is.
pub(super) struct Call {
    pub method: Method,
    pub url: Url,
    pub body: Option<Vec<u8>>,
    pub repeat: Repeat,
}

impl Client {
    pub(super) async fn json<B: serde::Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
        repeat: Repeat,
    ) -> Result<T, ApiError> {
        self.json_sent(method, url, body, repeat).await.map(|(value, _)| value)
    }

    /// [`Client::json`], also telling whether an earlier send may have acted first.
    pub(super) async fn json_sent<B: serde::Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
        repeat: Repeat,
    ) -> Result<(T, bool), ApiError> {
        let body = body
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| ApiError::InvalidRequest(format!("could not encode the request: {e}")))?;
        let sent = self.send(&Call { method, url, body, repeat }).await?;
        let value = serde_json::from_slice(&sent.bytes)
            .map_err(|e| unexpected_body(sent.status, &sent.bytes, &e))?;
        Ok((value, sent.resent_after_uncertain))
    }

    /// Sends a call already built (an empty body, say) and reads its JSON answer.
    pub(super) async fn call_json<T: DeserializeOwned>(&self, call: &Call) -> Result<T, ApiError> {
        let sent = self.send(call).await?;
        serde_json::from_slice(&sent.bytes)
            .map_err(|e| unexpected_body(sent.status, &sent.bytes, &e))
    }

    /// Sends `call` and reads an answer the documents do not show: nothing (an empty body)
    /// reads as `None`, any JSON as its value; only a body that is not JSON is an error.
    pub(super) async fn call_json_or_empty(
        &self,
        call: &Call,
    ) -> Result<Option<serde_json::Value>, ApiError> {
        let sent = self.send(call).await?;
        if sent.bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        serde_json::from_slice(&sent.bytes)
            .map(Some)
            .map_err(|e| unexpected_body(sent.status, &sent.bytes, &e))
    }

    /// Sends `call`, renewing a rejected token once and retrying what the policy allows, all
    /// within one deadline (the request timeout plus the retry budget).
    pub(super) async fn send(&self, call: &Call) -> Result<Sent, ApiError> {
        let inner = &*self.inner;
        let policy = &inner.retry;
        let deadline = Instant::now() + inner.timeout + policy.budget;
        let mut attempts = 0u32;
        let mut renewed_token = false;
        // Once one send may have reached the service, the call's outcome is uncertain for good.
        let mut reached_before = false;
        loop {
            attempts += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            let token = inner.auth.bearer(&inner.http).await?;
            let (attempt, mut error) =
                match self.send_once(call, &token, remaining.min(inner.timeout)).await {
                    Once::Answered(status, bytes) => {
                        return Ok(Sent { status, bytes, resent_after_uncertain: reached_before });
                    }
                    Once::TokenRejected { server_time, error } => {
                        if renewed_token {
                            (Attempt::Status(error.status), ApiError::Status(error))
                        } else {
                            // The service did nothing with a rejected token, so resending is safe.
                            // The usual cause is a clock more than a minute off: mint with theirs.
                            renewed_token = true;
                            if let Some(server_time) = server_time {
                                inner.auth.learn_server_time(server_time);
                            }
                            inner.auth.forget(&token).await;
                            attempts -= 1;
                            continue;
                        }
                    }
                    Once::Failed(attempt, error) => (attempt, error),
                };
            // "gave up after N attempts" only where casdesk did give up: a refusal after a
            // retry (404 once the 429s passed) is the service's answer, said as such.
            let counted = if is_retryable(attempt, call.repeat) { attempts } else { 1 };
            error.set_attempts(counted, reached_before);
            reached_before |= error.may_have_taken_effect();
            let paced_elsewhere = self.caller_paces && attempt == Attempt::Status(429);
            if attempts >= policy.max_attempts
                || !is_retryable(attempt, call.repeat)
                || paced_elsewhere
            {
                // A refusal (4xx, e.g. no such user) is an answer, not a problem with casdesk.
                if paced_elsewhere
                    || matches!(&error, ApiError::Status(s) if s.status < 500 && s.status != 429)
                {
                    tracing::debug!(method = %call.method, path = call.url.path(), error = %crate::api::redact_phone_numbers(&error.to_string()), "refused");
                } else {
                    tracing::warn!(method = %call.method, path = call.url.path(), attempts, error = %crate::api::redact_phone_numbers(&error.to_string()), "call failed");
                }
                return Err(error);
            }
            let server_wait = match &error {
                ApiError::Status(s) => s.retry_after,
                _ => None,
            };
            let wait = server_wait.unwrap_or_else(|| policy.backoff(attempts, &mut rand::rng()));
            // Waiting past the deadline only to try once more would hang the screen: stop now
            // and say what the service asked for.
            if Instant::now() + wait >= deadline {
                tracing::warn!(method = %call.method, path = call.url.path(), attempts, ?wait, error = %crate::api::redact_phone_numbers(&error.to_string()), "call failed: no time left to wait and retry");
                return Err(error);
            }
            tracing::info!(method = %call.method, path = call.url.path(), attempts, ?wait, error = %crate::api::redact_phone_numbers(&error.to_string()), "will send again");
            if let Some(observer) = &self.observer {
                observer(RetryNotice {
                    attempt: attempts,
                    wait,
                    reason: error.to_string(),
                    rate_limited: error.is_rate_limited(),
                    server_asked: server_wait.is_some(),
                });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One send and its answer.
    async fn send_once(&self, call: &Call, token: &Token, timeout: Duration) -> Once {
        let inner = &*self.inner;
        let mut request = inner
            .http
            .request(call.method.clone(), call.url.clone())
            .bearer_auth(token.bearer.expose())
            .header(header::ACCEPT, "application/json")
            .timeout(timeout);
        match &call.body {
            // "Empty body; set Content-Length to zero" (Synchronize User): no type for nothing.
            Some(body) if body.is_empty() => request = request.header(header::CONTENT_LENGTH, 0),
            Some(body) => {
                request =
                    request.header(header::CONTENT_TYPE, "application/json").body(body.clone());
            }
            None => {}
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => {
                tracing::debug!(method = %call.method, path = call.url.path(), "not answered");
                return Once::transport(transport_kind(&e), &e);
            }
        };
        let status = response.status().as_u16();
        tracing::debug!(method = %call.method, path = call.url.path(), status, "answered");
        let header_text = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let retry_after =
            header_text(header::RETRY_AFTER).and_then(|v| parse_retry_after(&v, SystemTime::now()));
        let server_time = header_text(header::DATE).and_then(|v| parse_http_date(&v));
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => {
                let kind = if e.is_timeout() {
                    TransportKind::Timeout
                } else {
                    TransportKind::Interrupted
                };
                return Once::transport(kind, &e);
            }
        };
        if (200..300).contains(&status) {
            return Once::Answered(status, bytes);
        }
        let body = ErrorBody::parse(&bytes);
        let rejected = inner.auth.is_token_rejection(status, &body);
        let error = StatusError {
            status,
            body,
            retry_after,
            attempts: 1,
            earlier_attempt_may_have_acted: false,
        };
        if rejected {
            Once::TokenRejected { server_time, error }
        } else {
            Once::Failed(Attempt::Status(status), ApiError::Status(error))
        }
    }
}

/// A successful answer.
pub(super) struct Sent {
    status: u16,
    bytes: Bytes,
    /// An earlier send may have acted before this one answered (only ever for repeatable calls).
    resent_after_uncertain: bool,
}

enum Once {
    Answered(u16, Bytes),
    TokenRejected { server_time: Option<SystemTime>, error: StatusError },
    Failed(Attempt, ApiError),
}

impl Once {
    fn transport(kind: TransportKind, e: &reqwest::Error) -> Self {
        let error = TransportError {
            kind,
            detail: error_chain(e),
            attempts: 1,
            earlier_attempt_may_have_acted: false,
        };
        Once::Failed(Attempt::Transport(kind), ApiError::Transport(error))
    }
}

pub(super) fn transport_kind(e: &reqwest::Error) -> TransportKind {
    if e.is_connect() {
        TransportKind::Connect
    } else if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_request() || e.is_body() || e.is_decode() {
        TransportKind::Interrupted
    } else {
        TransportKind::Other
    }
}

/// The innermost causes, which is where "connection refused" or "operation timed out" lives.
/// reqwest's own outer text ("error sending request for url (…)") is left out: the screen
/// already says which call failed, and the kind of failure is said in words.
pub(super) fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(err) = source {
        let text = err.to_string();
        if !parts.iter().any(|p: &String| p.contains(&text)) {
            parts.push(text);
        }
        source = err.source();
    }
    let innermost = parts.len().saturating_sub(2);
    let detail = match parts.get(innermost..) {
        Some(inner) if !inner.is_empty() => inner.join(": "),
        // No cause given: reqwest's own text, less the URL.
        _ => {
            let text = e.to_string();
            text.find(" for url (").map_or(text.clone(), |at| text[..at].to_string())
        }
    };
    crate::text::sanitize_excerpt(&detail, 300)
}

pub(super) fn unexpected(status: u16, detail: &str) -> ApiError {
    ApiError::UnexpectedBody { status, detail: detail.to_string() }
}

fn unexpected_body(status: u16, bytes: &[u8], e: &serde_json::Error) -> ApiError {
    let detail = match ErrorBody::parse(bytes) {
        ErrorBody::Empty => "the answer was empty".to_string(),
        ErrorBody::NotJson { html: true, excerpt } => {
            format!("a web page (\"{excerpt}\") instead of JSON")
        }
        _ => describe_json_error(e),
    };
    unexpected(status, &detail)
}

/// Where and how the JSON is wrong, without quoting it: a half-read answer may hold a code.
pub(super) fn describe_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "the answer ended early (truncated JSON)",
        Category::Syntax => "the answer is not valid JSON",
        Category::Data => "the JSON has an unexpected shape",
        Category::Io => "the answer could not be read",
    };
    format!("{what} at line {}, column {}", e.line(), e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_are_described_without_quoting_content() {
        let e = serde_json::from_str::<Vec<u32>>(r#"["629211156"]"#).unwrap_err();
        let text = describe_json_error(&e);
        assert!(!text.contains("629211156"), "{text}");
        assert!(text.contains("unexpected shape"), "{text}");
        let e = serde_json::from_str::<serde_json::Value>(r#"[{"verify_code":"62"#).unwrap_err();
        assert!(describe_json_error(&e).contains("truncated"));
    }
}
