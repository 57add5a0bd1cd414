//! The legacy token's audience over HTTPS: the key file's `adminRestApiUrl`, or the bare origin
//! in the scheme the client reached the simulator by (`https://127.0.0.1:PORT`, what pydplus
//! signs), and nothing else: not the `http://` origin, another port or another host.

use super::{TempDir, https_sim};
use casdesk::sim::SimConfig;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// A legacy token signed with the demo key, for `aud`.
fn token(key_file: &Value, aud: &str) -> String {
    let claims = json!({"sub": key_file["accessID"], "aud": aud, "iat": now(), "exp": now() + 600});
    let pem = key_file["accessKey"].as_str().expect("the demo key's PEM");
    let key = EncodingKey::from_rsa_pem(pem.as_bytes()).expect("the demo key");
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).expect("signs")
}

#[tokio::test]
async fn over_tls_the_bare_https_origin_and_the_full_url_are_the_audiences_accepted() {
    let dir = TempDir::new("audience");
    let (sim, ca_file) = https_sim(&dir, SimConfig::default()).await;
    let key_file: Value = serde_json::from_str(&sim.demo_key_file_json()).unwrap();
    let admin = key_file["adminRestApiUrl"].as_str().unwrap().to_string();
    let ca = reqwest::Certificate::from_pem(&std::fs::read(&ca_file).unwrap()).unwrap();
    let http = reqwest::Client::builder().tls_certs_merge([ca]).build().unwrap();
    let port = sim.local_addr().port();
    let status = |aud: String| {
        let request = http
            .post(format!("{admin}v1/users/lookup"))
            .bearer_auth(token(&key_file, &aud))
            .json(&json!({"email": "john.doe@example.com"}));
        async move { request.send().await.expect("an answer over verified TLS").status() }
    };

    let origin = format!("https://127.0.0.1:{port}");
    assert_eq!(sim.base_url(), origin);
    for accepted in [origin.clone(), admin.clone()] {
        assert_eq!(status(accepted.clone()).await, StatusCode::OK, "aud {accepted}");
    }
    let other_port = if port == 65535 { port - 1 } else { port + 1 };
    for refused in [
        format!("http://127.0.0.1:{port}"),
        format!("https://127.0.0.1:{other_port}"),
        "https://other.access.securid.com".to_string(),
        format!("{origin}/AdminInterface"),
        format!("http://127.0.0.1:{port}/AdminInterface/restapi/"),
    ] {
        assert_eq!(status(refused.clone()).await, StatusCode::FORBIDDEN, "aud {refused}");
    }
}
