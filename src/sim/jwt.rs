//! Reading a JWT the way the service does, for both kinds of caller: the legacy Admin API
//! token (`auth.rs`) and the OAuth client assertion (`oauth.rs`). Its own file so neither of
//! those reaches into the other: the signature alone, each segment's JSON, the numeric dates
//! with their clock skew, `aud`, and the bare origins a client may name there.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

/// Clock skew allowed on each time check.
pub const SKEW_SECS: f64 = 60.0;

/// The bare origins a client may name as `aud`: the simulator's own, and the one the `Host`
/// header gives, in the scheme clients reach it by (`https` under TLS or behind a TLS front
/// end: never `http` there, which a client of the HTTPS simulator cannot have meant).
pub fn bare_origins(origin: &str, host: Option<&str>) -> Vec<String> {
    let scheme = origin.split_once("://").map_or("http", |(scheme, _)| scheme);
    let mut origins = vec![origin.trim_end_matches('/').to_string()];
    if let Some(host) = host.map(str::trim).filter(|h| !h.is_empty()) {
        let by_host = format!("{scheme}://{host}");
        if !origins.contains(&by_host) {
            origins.push(by_host);
        }
    }
    origins
}

/// Verifies only the signature (and that the header names `alg`); claims are checked by hand
/// because the service accepts forms of `iat`/`exp` that a strict JWT library would not.
pub fn signature_is_valid(token: &str, key: &DecodingKey, alg: Algorithm) -> bool {
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(token, key, &validation).is_ok()
}

/// The decoded JSON of a JWT segment (0: header, 1: claims), if it is an object.
pub fn segment_json(token: &str, index: usize) -> Option<Value> {
    let mut parts = token.split('.');
    if token.split('.').count() != 3 {
        return None;
    }
    let raw = parts.nth(index)?;
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim_end_matches('=')).ok()?;
    serde_json::from_slice::<Value>(&bytes).ok().filter(Value::is_object)
}

/// A NumericDate given as an integer, a float, or a numeric string.
pub fn numeric(v: Option<&Value>) -> Option<f64> {
    let n = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// `aud` as a string, or an array containing one of `accepted`.
pub fn audience_matches(aud: Option<&Value>, accepted: &[&str]) -> bool {
    match aud {
        Some(Value::String(a)) => accepted.contains(&a.as_str()),
        Some(Value::Array(items)) => {
            items.iter().filter_map(Value::as_str).any(|a| accepted.contains(&a))
        }
        _ => false,
    }
}

pub fn now_secs() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn audiences() {
        let a = ["http://x/AdminInterface/restapi/"];
        assert!(audience_matches(Some(&json!("http://x/AdminInterface/restapi/")), &a));
        assert!(audience_matches(Some(&json!(["other", "http://x/AdminInterface/restapi/"])), &a));
        assert!(!audience_matches(Some(&json!("http://x/AdminInterface/restapi")), &a));
        assert!(!audience_matches(None, &a));
    }

    #[test]
    fn bare_origins_keep_the_scheme_clients_reach_the_simulator_by() {
        let tls = bare_origins("https://127.0.0.1:8443", Some("localhost:8443"));
        assert_eq!(tls, ["https://127.0.0.1:8443", "https://localhost:8443"]);
        let same = bare_origins("https://127.0.0.1:8443", Some("127.0.0.1:8443"));
        assert_eq!(same, ["https://127.0.0.1:8443"]);
        let plain = bare_origins("http://127.0.0.1:8778", Some("[::1]:8778"));
        assert_eq!(plain, ["http://127.0.0.1:8778", "http://[::1]:8778"]);
        assert_eq!(bare_origins("https://127.0.0.1:8443", Some(" ")), ["https://127.0.0.1:8443"]);
        assert_eq!(bare_origins("https://localhost:9/", None), ["https://localhost:9"]);
    }

    proptest::proptest! {
        /// Whatever the Host header says, an origin accepted over TLS is an https one, and the
        /// simulator's own comes first.
        #[test]
        fn no_host_header_makes_an_http_origin_acceptable_over_tls(host in "\\PC{0,40}") {
            let origins = bare_origins("https://127.0.0.1:8443", Some(&host));
            proptest::prop_assert_eq!(origins[0].as_str(), "https://127.0.0.1:8443");
            proptest::prop_assert!(origins.iter().all(|o| o.starts_with("https://")));
        }
    }

    #[test]
    fn garbage_is_not_a_jwt() {
        assert!(segment_json("a.b", 0).is_none());
        assert!(segment_json("!!!.e30.x", 0).is_none());
        assert!(segment_json("e30.e30.x", 1).is_some());
        assert!(segment_json("e30.e30.x.y", 0).is_none());
    }
}
