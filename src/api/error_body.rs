//! Reading an error answer's body, whatever its shape: the service's `{code, description}`, the
//! framework's `{timestamp, status, error, message, path}`, OAuth's `{error,
//! error_description}`, or a proxy's HTML page. Never fails, never quotes what it cannot place.

use crate::text::sanitize_excerpt;

/// How much of a server's text an error message keeps.
const EXCERPT_CHARS: usize = 200;

/// The body of an error answer, in whichever shape it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorBody {
    /// `{"code":"404 NOT_FOUND","description":"User … not found"}`
    Coded {
        code: String,
        description: String,
    },
    /// `{"timestamp":…,"status":403,"error":"Forbidden","message":"…","path":"…"}`
    Framework {
        error: Option<String>,
        message: String,
        path: Option<String>,
    },
    /// `{"error":"invalid_client","error_description":"…"}` from the OAuth token endpoint.
    OAuth {
        error: String,
        description: Option<String>,
    },
    /// Anything that is not JSON in a known shape: an HTML page, plain text, other JSON.
    NotJson {
        excerpt: String,
        html: bool,
    },
    Empty,
}

impl ErrorBody {
    /// Reads an error body. Never fails: what cannot be understood is kept as an excerpt.
    pub fn parse(bytes: &[u8]) -> Self {
        let text = String::from_utf8_lossy(bytes);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Self::Empty;
        }
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(trimmed) {
            let field = |name: &str| {
                map.get(name).and_then(|v| v.as_str()).map(|s| sanitize_excerpt(s, EXCERPT_CHARS))
            };
            if let (Some(code), Some(description)) = (field("code"), field("description")) {
                return Self::Coded { code, description };
            }
            let message = field("message").filter(|m| !m.is_empty());
            // The framework's shape; since Spring Boot 2.3 `message` is often left out.
            let framework =
                map.contains_key("timestamp") || map.contains_key("path") || message.is_some();
            if framework && let Some(message) = message.or_else(|| field("error")) {
                return Self::Framework { error: field("error"), message, path: field("path") };
            }
            if let Some(error) = field("error") {
                return Self::OAuth { error, description: field("error_description") };
            }
            if let Some(description) = field("description") {
                return Self::Coded { code: String::new(), description };
            }
            // JSON of a shape no document describes: named, not quoted, as it could hold anything.
            return Self::NotJson {
                excerpt: "an error body of an unknown shape".into(),
                html: false,
            };
        }
        // The vendor's own example of the 403 body is not valid JSON (missing commas); a server
        // that really answers like that still has its message read.
        if trimmed.starts_with('{') {
            for name in ["message", "description", "error_description"] {
                if let Some(message) = loose_string_field(trimmed, name) {
                    let message = sanitize_excerpt(&message, EXCERPT_CHARS);
                    return Self::Framework { error: None, message, path: None };
                }
            }
        }
        let html = looks_like_html(trimmed);
        let excerpt = if html { html_headline(trimmed) } else { trimmed.to_string() };
        Self::NotJson { excerpt: sanitize_excerpt(&excerpt, EXCERPT_CHARS), html }
    }

    /// The human-readable part of the body.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Coded { description, .. } => Some(description),
            Self::Framework { message, .. } => Some(message),
            Self::OAuth { error, description } => Some(description.as_deref().unwrap_or(error)),
            Self::NotJson { excerpt, .. } if !excerpt.is_empty() => Some(excerpt),
            _ => None,
        }
    }
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(200).collect::<String>().to_ascii_lowercase();
    head.contains("<!doctype html")
        || head.contains("<html")
        || head.contains("<head")
        || head.contains("<body")
        || head.contains("<title")
}

/// The page's `<title>` or first `<h1>`, which is where proxies put "502 Bad Gateway".
fn html_headline(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    for tag in ["title", "h1"] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        // Lower-casing ASCII keeps byte offsets, so positions in `lower` index `html`.
        if let Some(start) = lower.find(&open)
            && let Some(gt) = lower[start..].find('>')
            && let Some(len) = lower[start + gt + 1..].find(&close)
        {
            let from = start + gt + 1;
            return html[from..from + len].trim().to_string();
        }
    }
    String::new()
}

/// Finds `"name" : "value"` in text that is almost JSON.
fn loose_string_field(text: &str, name: &str) -> Option<String> {
    let key = format!("\"{name}\"");
    let after_key = &text[text.find(&key)? + key.len()..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let body = after_colon.strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            c => value.push(c),
        }
    }
    None
}
