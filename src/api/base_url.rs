//! The request base URL, derived from a key file's `adminRestApiUrl` (or an OAuth client's
//! "Administration API REST URL").
//!
//! Sources disagree on that string's tail (`…/restapi`, `…/restapi/`, `…/restapi/v1`), so the
//! tail is normalised; the JWT `aud` keeps the raw string. Plain `http://` is refused unless the
//! host is a loopback address: a token sent in clear over a network is a token given away.

use crate::api::AuthError;
use std::net::IpAddr;
use url::Url;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiBase {
    /// Always ends in `/`, e.g. `https://co.access.securid.com/AdminInterface/restapi/`.
    root: Url,
}

impl ApiBase {
    pub fn parse(admin_rest_api_url: &str) -> Result<Self, AuthError> {
        let unsafe_url = |reason: &str| AuthError::UnsafeUrl {
            url: crate::text::sanitize_excerpt(&redact_userinfo(admin_rest_api_url), 120),
            reason: reason.to_string(),
        };
        // Without `scheme://`, whatever comes before a colon (a user name, say) would be
        // named as the scheme.
        if !admin_rest_api_url.contains("://") {
            return Err(unsafe_url("it is not a URL; it must start with https://"));
        }
        let mut url =
            Url::parse(admin_rest_api_url.trim()).map_err(|e| unsafe_url(&e.to_string()))?;
        check_transport_is_safe(&url).map_err(|reason| unsafe_url(&reason))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(unsafe_url(USERINFO_REFUSED));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(unsafe_url("it must not have a query or fragment"));
        }
        let mut path = url.path().trim_end_matches('/').to_string();
        // Some older clients keep only the host (https://na3.access.securid.com); the API lives
        // under the documented path.
        if path.is_empty() {
            path = "/AdminInterface/restapi".to_string();
        }
        for version in ["/v1", "/v2"] {
            if let Some(stripped) = path.strip_suffix(version) {
                path = stripped.trim_end_matches('/').to_string();
                break;
            }
        }
        path.push('/');
        url.set_path(&path);
        Ok(Self { root: url })
    }

    pub fn root(&self) -> &Url {
        &self.root
    }

    /// `root` + a fixed relative path such as `v1/users/lookup`.
    pub fn endpoint(&self, path: &str) -> Url {
        self.with_segments(path, &[], &[])
    }

    /// `root` + `prefix` + escaped `ids` + `suffix`, e.g. `v2/users/{id}/devices`. Ids come from
    /// the server or the user, so each is pushed as one escaped path segment: an id containing
    /// `/`, `?` or `#` cannot address another endpoint. (The url crate drops a segment that is
    /// exactly `.` or `..`; the client refuses such ids before they get here.)
    pub fn with_segments(&self, prefix: &str, ids: &[&str], suffix: &[&str]) -> Url {
        let mut url = self.root.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty();
            segments.extend(prefix.split('/').filter(|s| !s.is_empty()));
            segments.extend(ids.iter());
            segments.extend(suffix.iter());
        }
        url
    }
}

/// Why a URL with `user:password@` is refused.
pub(crate) const USERINFO_REFUSED: &str = "it must not carry a user name or password (remove the \
    `user:password@` part; casdesk signs in with the key file or the OAuth client)";

/// `url` fit to show in a message or a log: anything before an `@` (a user name, a password)
/// replaced by `[redacted]`. Works on text that does not parse as a URL too, since that is
/// exactly when it gets quoted. An API URL has no `@`, so over-redacting costs nothing.
pub fn redact_userinfo(url: &str) -> String {
    let Some(at) = url.rfind('@') else { return url.to_string() };
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let start = if after_scheme <= at { after_scheme } else { 0 };
    format!("{}[redacted]{}", &url[..start], &url[at..])
}

/// `https` anywhere; `http` only to the machine itself.
pub fn check_transport_is_safe(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err("plain http is only allowed to a loopback address (127.0.0.1, ::1, localhost); use https".into()),
        other => Err(format!("the scheme `{other}` is not supported; use https")),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_spelling_gives_the_same_base() {
        let want = "https://co.access.securid.com/AdminInterface/restapi/";
        for given in [
            "https://co.access.securid.com/AdminInterface/restapi",
            "https://co.access.securid.com/AdminInterface/restapi/",
            "https://co.access.securid.com/AdminInterface/restapi/v1",
            "https://co.access.securid.com/AdminInterface/restapi/v1/",
            " https://co.access.securid.com/AdminInterface/restapi// ",
            "https://co.access.securid.com",
            "https://co.access.securid.com/",
        ] {
            assert_eq!(ApiBase::parse(given).unwrap().root().as_str(), want, "{given}");
        }
        let base =
            ApiBase::parse("https://co.access.securid.com/AdminInterface/restapi/v1").unwrap();
        assert_eq!(
            base.endpoint("v1/users/lookup").as_str(),
            "https://co.access.securid.com/AdminInterface/restapi/v1/users/lookup"
        );
    }

    #[test]
    fn ids_cannot_escape_their_segment() {
        let base = ApiBase::parse("https://co.access.securid.com/AdminInterface/restapi/").unwrap();
        let url = base.with_segments("v1/users", &["../../x?y#z"], &["emergencyTokencode"]);
        assert_eq!(
            url.as_str(),
            "https://co.access.securid.com/AdminInterface/restapi/v1/users/..%2F..%2Fx%3Fy%23z/emergencyTokencode"
        );
    }

    #[test]
    fn plain_http_only_to_loopback() {
        for ok in [
            "http://127.0.0.1:8080/AdminInterface/restapi/",
            "http://127.5.0.1/AdminInterface/restapi/",
            "http://[::1]:9/AdminInterface/restapi/",
            "http://localhost:1/AdminInterface/restapi/",
        ] {
            assert!(ApiBase::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://co.access.securid.com/AdminInterface/restapi/",
            "http://10.0.0.1/AdminInterface/restapi/",
            "ftp://co.access.securid.com/",
            "https://user:pw@co.access.securid.com/",
            "https://user@co.access.securid.com/",
            "https://co.access.securid.com/?x=1",
            "not a url",
        ] {
            assert!(ApiBase::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_password_in_the_url_is_never_echoed() {
        for given in [
            "https://helpdesk:s3cret@co.access.securid.com/AdminInterface/restapi/",
            "http://helpdesk:s3cret@10.0.0.1/AdminInterface/restapi/",
            "https://helpdesk:s3/cret@co.access.securid.com/",
            "https://helpdesk:s3cret@co.access.securid.com:99999/",
            "helpdesk:s3cret@co.access.securid.com/AdminInterface/restapi/",
            "ftp://helpdesk:s3cret@co.access.securid.com/",
        ] {
            let said = ApiBase::parse(given).unwrap_err().to_string();
            assert!(!said.contains("s3") && !said.contains("helpdesk"), "{given}: {said}");
            assert!(said.contains("[redacted]@"), "{given}: {said}");
        }
        let said = ApiBase::parse("https://helpdesk:s3cret@co.access.securid.com/")
            .unwrap_err()
            .to_string();
        assert!(said.contains("must not carry a user name or password"), "{said}");
        assert_eq!(
            redact_userinfo("https://co.access.securid.com/AdminInterface/restapi/"),
            "https://co.access.securid.com/AdminInterface/restapi/"
        );
    }
}
