//! Generate and Download Report: `POST v1/report/{kind}/generate` (201, no body) and
//! `GET v1/report/{kind}/download` (the CSV), streamed to a writer so a big tenant's report is
//! never held whole in memory. A 429 is returned at once, never waited out: the service's
//! limits are hours and minutes long, and what to say about them is the caller's (see
//! `crate::reports`).

use super::Client;
use super::transport::{Call, error_chain, transport_kind};
use crate::api::error::{ApiError, ErrorBody, StatusError, TransportError};
use crate::api::model::ReportKind;
use crate::api::retry::{Repeat, parse_retry_after};
use reqwest::{Method, header};
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// The longest a download may take, answer and body: a report of a big tenant is megabytes.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(600);

/// What a download wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downloaded {
    pub bytes: u64,
    /// CSV records after the header (a quoted line end inside a field does not count).
    pub rows: u64,
    /// The file name the service suggested (`Content-Disposition`), cleaned to a plain name.
    pub suggested_name: Option<String>,
}

impl Client {
    /// `POST v1/report/{kind}/generate`: asks the service to make the report. Sent once: a
    /// second generate within 8 hours is refused, so one that may have reached the service is
    /// not sent again.
    pub async fn generate_report(&self, kind: ReportKind) -> Result<(), ApiError> {
        let url = self.inner.base.endpoint(&format!("v1/report/{}/generate", kind.path()));
        let call = Call {
            method: Method::POST,
            url,
            body: Some(Vec::new()),
            repeat: Repeat::OnlyIfNotReceived,
        };
        self.paced_by_caller().send(&call).await.map(|_| ())
    }

    /// `GET v1/report/{kind}/download` into `out`. Only a CSV is written: a web page (a
    /// gateway's, a sign-in page) or JSON in its place is an error, and nothing of it is
    /// written. The token is renewed once if the service rejects it; nothing else is retried
    /// (a download counts against the 15 minutes).
    pub async fn download_report<W: AsyncWrite + Unpin>(
        &self,
        kind: ReportKind,
        out: &mut W,
    ) -> Result<Downloaded, ApiError> {
        let url = self.inner.base.endpoint(&format!("v1/report/{}/download", kind.path()));
        let mut renewed = false;
        let response = loop {
            let token = self.inner.auth.bearer(&self.inner.http).await?;
            let sent = self
                .inner
                .http
                .request(Method::GET, url.clone())
                .bearer_auth(token.bearer.expose())
                .header(header::ACCEPT, "text/csv, application/json;q=0.5")
                .timeout(DOWNLOAD_TIMEOUT)
                .send()
                .await;
            let response = sent.map_err(transport)?;
            let status = response.status().as_u16();
            if (200..300).contains(&status) {
                break response;
            }
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, SystemTime::now()));
            let bytes = response.bytes().await.map_err(transport)?;
            let body = ErrorBody::parse(&bytes);
            if !renewed && self.inner.auth.is_token_rejection(status, &body) {
                renewed = true;
                self.inner.auth.forget(&token).await;
                continue;
            }
            let error = StatusError {
                status,
                body,
                retry_after,
                attempts: 1,
                earlier_attempt_may_have_acted: false,
            };
            tracing::debug!(kind = kind.path(), status, "report download refused");
            return Err(ApiError::Status(error));
        };
        let status = response.status().as_u16();
        let content_type = header_text(&response, header::CONTENT_TYPE).unwrap_or_default();
        let suggested_name =
            header_text(&response, header::CONTENT_DISPOSITION).and_then(|d| file_name(&d));
        let content_type = content_type.to_ascii_lowercase();
        if content_type.contains("html") {
            return Err(not_csv(status, "a web page instead of the CSV report"));
        }
        if content_type.contains("json") {
            return Err(not_csv(status, "JSON instead of the CSV report"));
        }
        let mut response = response;
        let mut counter = RowCounter::default();
        let mut first = true;
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if first && !chunk.iter().all(u8::is_ascii_whitespace) {
                first = false;
                // A page with no content type still starts with a tag.
                if chunk.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
                    return Err(not_csv(status, "a web page instead of the CSV report"));
                }
            }
            counter.feed(&chunk);
            out.write_all(&chunk).await.map_err(|e| write_failed(&e))?;
        }
        out.flush().await.map_err(|e| write_failed(&e))?;
        Ok(Downloaded { bytes: counter.bytes, rows: counter.rows(), suggested_name })
    }
}

fn header_text(response: &reqwest::Response, name: header::HeaderName) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn transport(e: reqwest::Error) -> ApiError {
    ApiError::Transport(TransportError {
        kind: transport_kind(&e),
        detail: error_chain(&e),
        attempts: 1,
        earlier_attempt_may_have_acted: false,
    })
}

fn not_csv(status: u16, what: &str) -> ApiError {
    ApiError::UnexpectedBody { status, detail: what.to_string() }
}

fn write_failed(e: &std::io::Error) -> ApiError {
    ApiError::InvalidRequest(format!("the report could not be written: {e}"))
}

/// `attachment; filename="users-report.csv"` → `users-report.csv`, only if it is a plain name
/// (no directory, nothing odd): it may become a file name on this machine.
fn file_name(disposition: &str) -> Option<String> {
    let value = disposition.split(';').map(str::trim).find_map(|p| p.strip_prefix("filename="))?;
    let name = value.trim_matches('"');
    let plain = !name.is_empty()
        && name.len() <= 120
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    plain.then(|| name.to_string())
}

/// Counts CSV records as bytes go by: a line end outside quotes ends one; the first is the
/// header. A last record without a line end counts too.
#[derive(Default)]
pub(crate) struct RowCounter {
    bytes: u64,
    records: u64,
    in_quotes: bool,
    /// Something since the last record ended.
    open: bool,
}

impl RowCounter {
    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        for &b in chunk {
            match b {
                b'"' => {
                    self.in_quotes = !self.in_quotes;
                    self.open = true;
                }
                b'\n' if !self.in_quotes => {
                    if self.open {
                        self.records += 1;
                    }
                    self.open = false;
                }
                b'\r' if !self.in_quotes => {}
                _ => self.open = true,
            }
        }
    }

    /// Records after the header.
    pub(crate) fn rows(&self) -> u64 {
        (self.records + u64::from(self.open)).saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(chunks: &[&str]) -> u64 {
        let mut c = RowCounter::default();
        for chunk in chunks {
            c.feed(chunk.as_bytes());
        }
        c.rows()
    }

    #[test]
    fn rows_are_records_after_the_header() {
        assert_eq!(rows(&["h1,h2\r\n"]), 0);
        assert_eq!(rows(&["h1,h2\r\na,b\r\nc,d\r\n"]), 2);
        assert_eq!(rows(&["h\r\na\r\nb"]), 2, "a last line without its end");
        assert_eq!(rows(&["h\r\n\"two\r\nlines\",x\r\n"]), 1, "a quoted line end is data");
        assert_eq!(rows(&["h\r", "\na", "\r\n\"b\"\"", "c\"\r\n"]), 2, "split anywhere");
        assert_eq!(rows(&[""]), 0);
    }

    #[test]
    fn only_a_plain_suggested_name_is_taken() {
        assert_eq!(
            file_name("attachment; filename=\"users-report.csv\"").as_deref(),
            Some("users-report.csv")
        );
        assert_eq!(file_name("attachment; filename=\"../etc/passwd\""), None);
        assert_eq!(file_name("attachment; filename=\".hidden\""), None);
        assert_eq!(file_name("attachment"), None);
    }
}
