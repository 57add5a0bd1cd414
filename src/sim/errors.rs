//! The error bodies the service sends, built in one place so every handler answers alike:
//! the application shape `{code, description}` and the Spring shape
//! `{timestamp, status, error, message, path}`.
//!
//! Inferred where the documents are silent:
//! - Unknown paths are Spring's 404 ("No message available") and a wrong method Spring's 405
//!   ("Request method 'GET' is not supported"), but only after authentication, as a Spring
//!   Security filter chain would answer: without a valid token every path is the 403.
//! - Status names in `code` are Spring's `HttpStatus` names (`413 PAYLOAD_TOO_LARGE`, ...).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use std::time::{SystemTime, UNIX_EPOCH};

/// What the service says when an access token is refused, whatever the reason.
pub const TOKEN_REFUSED: &str = "Server failed to process provided access token";

/// `{"code":"404 NOT_FOUND","description":"..."}`: the service's application errors.
pub fn code_description(status: StatusCode, description: impl Into<String>) -> Response {
    let body = json!({ "code": status_code_name(status), "description": description.into() });
    (status, Json(body)).into_response()
}

/// `{"timestamp":..,"status":403,"error":"Forbidden","message":..,"path":..}`: Spring's shape,
/// used for authentication failures and some refusals.
pub fn spring(status: StatusCode, message: &str, path: &str) -> Response {
    let body = SpringError {
        timestamp: epoch_millis(),
        status: status.as_u16(),
        error: status.canonical_reason().unwrap_or(""),
        message,
        path,
    };
    (status, Json(body)).into_response()
}

/// A struct rather than `json!` so the fields come out in Spring's order.
#[derive(Serialize)]
struct SpringError<'a> {
    timestamp: i64,
    status: u16,
    error: &'a str,
    message: &'a str,
    path: &'a str,
}

pub fn bad_request(description: impl Into<String>) -> Response {
    code_description(StatusCode::BAD_REQUEST, description)
}

pub fn user_not_found(id_or_email: &str) -> Response {
    code_description(StatusCode::NOT_FOUND, format!("User {id_or_email} not found"))
}

/// The documented 400 for lists over the cap; `count` is the raw number received.
pub fn too_many_users(count: usize) -> Response {
    bad_request(format!(
        "Number of user details ({count}) in request exceeds maximum allowed (100)"
    ))
}

pub fn ok<T: Serialize>(body: T) -> Response {
    (StatusCode::OK, Json(body)).into_response()
}

/// "404 NOT_FOUND", "400 BAD_REQUEST": the number and Spring's enum name.
fn status_code_name(status: StatusCode) -> String {
    let reason = status
        .canonical_reason()
        .unwrap_or("UNKNOWN")
        .to_ascii_uppercase()
        .replace([' ', '-'], "_");
    format!("{} {reason}", status.as_u16())
}

pub fn epoch_millis() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// The 404 for paths the service does not have.
pub async fn no_such_path(uri: axum::http::Uri) -> Response {
    spring(StatusCode::NOT_FOUND, "No message available", uri.path())
}

/// The 405 for a known path called with the wrong method.
pub async fn wrong_method(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    let message = format!("Request method '{method}' is not supported");
    spring(StatusCode::METHOD_NOT_ALLOWED, &message, uri.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_follow_spring() {
        assert_eq!(status_code_name(StatusCode::NOT_FOUND), "404 NOT_FOUND");
        assert_eq!(
            status_code_name(StatusCode::INTERNAL_SERVER_ERROR),
            "500 INTERNAL_SERVER_ERROR"
        );
        assert_eq!(status_code_name(StatusCode::TOO_MANY_REQUESTS), "429 TOO_MANY_REQUESTS");
        assert_eq!(
            status_code_name(StatusCode::UNSUPPORTED_MEDIA_TYPE),
            "415 UNSUPPORTED_MEDIA_TYPE"
        );
    }
}
