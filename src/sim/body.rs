//! Reading a JSON request body the way the service's framework does: the content type must be
//! JSON (415), the body is bounded (413), and a body that does not parse is a 400 that says
//! where it broke. The simulator parses raw bytes itself so it never depends on the client's types.
//!
//! Inferred where the documents are silent: the 415 and "Required request body is missing"
//! texts are Spring's; `application/json` with parameters and `application/*+json` count as
//! JSON; a request with no body and no content type reads as "no body" (which only the
//! emergency tokencode PUT accepts); bodies over 1 MiB are a 413.

use crate::sim::errors::code_description;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde_json::{Map, Value};

/// Largest request body accepted; the biggest legitimate one (100 users) is a few KiB.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A parsed JSON body; `Value::Null` when the request had no body at all.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Response;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Response> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES).await.map_err(|_| {
            code_description(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("Request body exceeds the maximum allowed size ({MAX_BODY_BYTES} bytes)."),
            )
        })?;
        if bytes.is_empty() && content_type.is_none() {
            return Ok(JsonBody(Value::Null));
        }
        if !content_type.as_deref().is_some_and(is_json) {
            let shown = content_type.as_deref().unwrap_or("application/octet-stream");
            return Err(code_description(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Content-Type '{}' is not supported", printable(shown)),
            ));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(Value::Null));
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| malformed(&e.to_string()))
    }
}

impl JsonBody {
    /// The body as an object, or the 400 the service gives for anything else.
    #[expect(clippy::result_large_err, reason = "the error is the answer itself, on a cold path")]
    pub fn object(self) -> Result<Map<String, Value>, Response> {
        match self.0 {
            Value::Object(map) => Ok(map),
            Value::Null => Err(missing()),
            other => Err(malformed(&format!("expected a JSON object, found {}", kind(&other)))),
        }
    }
}

pub fn missing() -> Response {
    code_description(StatusCode::BAD_REQUEST, "Required request body is missing")
}

pub fn malformed(detail: &str) -> Response {
    code_description(StatusCode::BAD_REQUEST, format!("Malformed JSON request body: {detail}"))
}

pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `application/json`, with or without parameters, and `application/<x>+json`.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A header value fit to quote back: printable ASCII, bounded.
fn printable(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_graphic() || *c == ' ').take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=UTF-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/x-www-form-urlencoded"));
    }
}
