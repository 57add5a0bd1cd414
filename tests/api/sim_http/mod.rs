//! The simulator over real loopback HTTP, spoken to the way any third-party client would: reqwest
//! for transport and jsonwebtoken for tokens, with no help from `casdesk::api`. Each test starts
//! its own simulator on an ephemeral port.
//!
//! This file holds the shared helpers; the tests are grouped by endpoint beside it.

#![allow(dead_code)] // not every group uses every helper

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use casdesk::sim::{self, SimConfig, SimHandle};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{SystemTime, UNIX_EPOCH};

mod adminlog;
mod authlogs;
mod device_code;
mod emergency;
mod faults;
mod fido_ds100;
mod framework;
mod generate;
mod legacy_auth;
mod lookup;
mod oauth;
mod phones;
mod reports;
mod search;
mod seeds;
mod sign_in;
mod token_serial;
mod tokens;
mod user_admin;
mod usereventlog;
mod void;

pub const DEMO_KEY_PEM: &str = include_str!("../../../assets/demo/legacy-admin-key.pem");
pub const UNTRUSTED_KEY_PEM: &str = include_str!("../../fixtures/keys/untrusted-rsa.pem");

pub const LOOKUP: &str = "v1/users/lookup";
pub const ENROLL: &str = "v1/users/generateVerifyCode/enroll";
pub const RESET: &str = "v1/users/generateVerifyCode/resetPassword";
pub const VOID: &str = "v1/users/voidVerifyCode";
pub const DEVICE_CODE: &str = "v1/users/deviceRegistrationCode";

/// A running simulator, an HTTP client, and the demo key file it trusts.
pub struct Sim {
    pub sim: SimHandle,
    pub http: reqwest::Client,
    /// The parsed demo key file (`accessID`, `adminRestApiUrl`, ...).
    pub key_file: Value,
    /// A valid legacy token, minted once.
    pub token: String,
}

pub async fn start() -> Sim {
    start_with(SimConfig::default()).await
}

pub async fn start_with(config: SimConfig) -> Sim {
    let sim = sim::start(config).await.expect("the simulator starts");
    let key_file: Value =
        serde_json::from_str(&sim.demo_key_file_json()).expect("key file is JSON");
    let aud = key_file["adminRestApiUrl"].as_str().expect("adminRestApiUrl").to_string();
    let token = legacy_jwt(&key_file, json!({ "aud": aud }));
    Sim { sim, http: reqwest::Client::new(), key_file, token }
}

pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Signs `claims` with a PEM RSA key and the given header.
pub fn sign(header: &Header, claims: &Value, pem: &str) -> String {
    let key = EncodingKey::from_rsa_pem(pem.as_bytes()).expect("test key loads");
    jsonwebtoken::encode(header, claims, &key).expect("signs")
}

/// A legacy JWT from the key file: RS256/JWT, `sub` = accessID, an hour's lifetime; `overrides`
/// replace or add claims (`null` removes one).
pub fn legacy_jwt(key_file: &Value, overrides: Value) -> String {
    let mut claims = json!({
        "sub": key_file["accessID"],
        "aud": key_file["adminRestApiUrl"],
        "iat": now(),
        "exp": now() + 3600,
    });
    merge(&mut claims, overrides);
    sign(&Header::new(Algorithm::RS256), &claims, key_file["accessKey"].as_str().unwrap())
}

pub fn merge(target: &mut Value, overrides: Value) {
    if let (Value::Object(t), Value::Object(o)) = (target, overrides) {
        for (k, v) in o {
            if v.is_null() {
                t.remove(&k);
            } else {
                t.insert(k, v);
            }
        }
    }
}

/// A JWT with a hand-written header, for algorithms and types jsonwebtoken would not produce.
pub fn raw_jwt(header: &Value, claims: &Value, signature: &[u8]) -> String {
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());
    format!("{}.{}.{}", enc(header), enc(claims), URL_SAFE_NO_PAD.encode(signature))
}

/// An answer: status, headers and the body parsed as JSON (`Value::Null` if it is not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Sim {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.admin_rest_api_url())
    }

    /// Any call with full control over token, content type and raw body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
    ) -> Answer {
        let mut request =
            self.http.request(method, self.url(path)).header("Accept", "application/json");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some((content_type, bytes)) = body {
            request = request.header("Content-Type", content_type).body(bytes.to_vec());
        }
        let response = request.send().await.expect("the simulator answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("the body arrives");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, headers, text, json }
    }

    /// JSON body, the demo legacy token.
    pub async fn send(&self, method: Method, path: &str, body: &Value) -> Answer {
        let bytes = serde_json::to_vec(body).unwrap();
        self.call(method, path, Some(&self.token), Some(("application/json", &bytes))).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.send(Method::POST, path, body).await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: &[u8]) -> Answer {
        self.call(Method::POST, path, Some(&self.token), Some((content_type, body))).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, Some(&self.token), None).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.call(Method::DELETE, path, Some(&self.token), None).await
    }

    pub async fn lookup(&self, email: &str) -> Answer {
        self.post(LOOKUP, &json!({ "email": email })).await
    }

    pub async fn user_id(&self, email: &str) -> String {
        let a = self.lookup(email).await;
        assert_eq!(a.status, 200, "{email}: {}", a.text);
        a.json["id"].as_str().expect("an id").to_string()
    }

    /// Generates codes; returns the per-user results.
    pub async fn generate(&self, path: &str, users: Value) -> Vec<Value> {
        let a = self.post(path, &users).await;
        assert_eq!(a.status, 200, "{}", a.text);
        a.json.as_array().expect("an array of results").clone()
    }

    pub async fn void(&self, mode: &str, emails: &[&str]) -> Vec<Value> {
        let a =
            self.post(VOID, &json!({ "code_generation_mode": mode, "user_emails": emails })).await;
        assert_eq!(a.status, 200, "{}", a.text);
        a.json["results"].as_array().expect("results").clone()
    }

    pub fn calls(&self, endpoint: &str) -> u64 {
        self.sim.control().stats().by_endpoint.get(endpoint).copied().unwrap_or(0)
    }
}

pub fn statuses(results: &[Value]) -> Vec<i64> {
    results.iter().map(|r| r["status"].as_i64().expect("a numeric status")).collect()
}

/// Asserts the `{code, description}` shape exactly.
pub fn assert_code_description(a: &Answer, status: u16, code: &str, description: &str) {
    assert_eq!(a.status.as_u16(), status, "{}", a.text);
    assert_eq!(a.json, json!({ "code": code, "description": description }), "{}", a.text);
}

/// Asserts Spring's `{timestamp, status, error, message, path}` shape.
pub fn assert_spring(a: &Answer, status: u16, error: &str, message: &str, path: &str) {
    assert_eq!(a.status.as_u16(), status, "{}", a.text);
    let o = a.json.as_object().unwrap_or_else(|| panic!("not an object: {}", a.text));
    let mut keys: Vec<_> = o.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["error", "message", "path", "status", "timestamp"]);
    assert!(o["timestamp"].as_i64().is_some_and(|t| (t / 1000 - now()).abs() < 60), "{}", a.text);
    assert_eq!(o["status"], status);
    assert_eq!(o["error"], error);
    assert_eq!(o["message"], message);
    assert_eq!(o["path"], path);
}

pub fn admin_path(path: &str) -> String {
    format!("/AdminInterface/restapi/{path}")
}

/// `2023-07-25T05:55:23.045Z`
pub fn is_api_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 24
        && b[4] == b'-'
        && b[10] == b'T'
        && b[19] == b'.'
        && s.ends_with('Z')
        && time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

/// Seconds from now until an API timestamp.
pub fn seconds_until(s: &str) -> i64 {
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .expect("RFC 3339");
    t.unix_timestamp() - now()
}

pub fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}
