//! OAuth client credentials with `private_key_jwt`: both demo clients, the token on API calls,
//! and each way a token request can fail.

use super::*;

const HELPDESK_SCOPES: &str = "rsa.user.read rsa.user.factor.manage rsa.authenticator.mobile.read rsa.authenticator.mobile.manage rsa.authenticator.emergency.manage";
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// ---- a minimal DER writer: jsonwebtoken signs with DER keys, not private JWKs ----

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn uint(bytes: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    let mut content = if trimmed.first().is_none_or(|b| b & 0x80 != 0) { vec![0] } else { vec![] };
    content.extend(trimmed);
    tlv(0x02, &content)
}

fn seq(items: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &items.concat())
}

fn b64(jwk: &Value, name: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(jwk[name].as_str().unwrap()).unwrap()
}

/// (alg, kid, key) from one of the demo private JWKs.
fn signing_key(jwk_text: &str) -> (Algorithm, String, EncodingKey) {
    let jwk: Value = serde_json::from_str(jwk_text).unwrap();
    let kid = jwk["kid"].as_str().unwrap().to_string();
    if jwk["kty"] == "RSA" {
        let parts: Vec<Vec<u8>> = ["n", "e", "d", "p", "q", "dp", "dq", "qi"]
            .iter()
            .map(|n| uint(&b64(&jwk, n)))
            .collect();
        let der = seq(&[vec![uint(&[0])], parts].concat());
        (Algorithm::RS256, kid, EncodingKey::from_rsa_der(&der))
    } else {
        let mut point = vec![0x04];
        point.extend(b64(&jwk, "x"));
        point.extend(b64(&jwk, "y"));
        let ec_key = seq(&[
            uint(&[1]),
            tlv(0x04, &b64(&jwk, "d")),
            tlv(0xA1, &tlv(0x03, &[&[0u8][..], &point].concat())),
        ]);
        let ec_public_key = [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
        let p256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
        let der =
            seq(&[uint(&[0]), seq(&[ec_public_key.to_vec(), p256.to_vec()]), tlv(0x04, &ec_key)]);
        (Algorithm::ES256, kid, EncodingKey::from_ec_der(&der))
    }
}

fn token_url(s: &Sim) -> String {
    format!("{}/token", s.sim.oauth_issuer())
}

/// A client assertion for `client_id` signed with `jwk_text`; `overrides` adjust the claims.
fn assertion(s: &Sim, client_id: &str, jwk_text: &str, overrides: Value) -> String {
    let (alg, kid, key) = signing_key(jwk_text);
    let mut header = Header::new(alg);
    header.kid = Some(kid);
    let mut claims = json!({
        "iss": client_id, "sub": client_id, "aud": token_url(s),
        "iat": now(), "exp": now() + 300, "jti": uuid::Uuid::new_v4().to_string(),
    });
    merge(&mut claims, overrides);
    jsonwebtoken::encode(&header, &claims, &key).unwrap()
}

async fn token_request(s: &Sim, form: &[(&str, &str)]) -> Answer {
    let response = s.http.post(token_url(s)).form(form).send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, headers, text, json }
}

async fn request_token(s: &Sim, client_id: &str, assertion: &str, scope: &str) -> Answer {
    token_request(
        s,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("scope", scope),
            ("client_assertion_type", JWT_BEARER),
            ("client_assertion", assertion),
        ],
    )
    .await
}

pub(super) async fn access_token(s: &Sim, client_id: &str, jwk: &str, scope: &str) -> String {
    let a = request_token(s, client_id, &assertion(s, client_id, jwk, json!({})), scope).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json["access_token"].as_str().unwrap().to_string()
}

fn assert_oauth_error(a: &Answer, status: u16, error: &str) {
    assert_eq!(a.status.as_u16(), status, "{}", a.text);
    assert_eq!(a.json["error"], error, "{}", a.text);
    assert!(a.json["error_description"].as_str().is_some_and(|d| !d.is_empty()), "{}", a.text);
}

async fn lookup_as(s: &Sim, token: &str) -> Answer {
    s.call(
        Method::POST,
        LOOKUP,
        Some(token),
        Some(("application/json", br#"{"email":"alice@example.com"}"#)),
    )
    .await
}

#[tokio::test]
async fn both_demo_clients_get_tokens_that_work_on_the_admin_api() {
    let s = start().await;
    for (client, jwk) in [
        (sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_RSA_JWK),
        (sim::DEMO_OAUTH_EC_CLIENT_ID, sim::DEMO_OAUTH_EC_JWK),
    ] {
        let a = request_token(&s, client, &assertion(&s, client, jwk, json!({})), HELPDESK_SCOPES)
            .await;
        assert_eq!(a.status, 200, "{client}: {}", a.text);
        assert_eq!(a.json["token_type"], "Bearer");
        assert_eq!(a.json["expires_in"], 3600);
        assert_eq!(a.json["scope"], HELPDESK_SCOPES);
        assert_eq!(a.headers["cache-control"], "no-store");
        let token = a.json["access_token"].as_str().unwrap();
        assert!(token.len() >= 32 && !token.contains('.'), "an opaque token");
        let user = lookup_as(&s, token).await;
        assert_eq!(user.status, 200, "{client}: {}", user.text);
        assert_eq!(user.json["emailAddress"], "alice@example.com");
    }
    assert_eq!(s.calls("POST /oauth/token"), 2);
}

#[tokio::test]
async fn a_token_only_opens_the_endpoints_its_scopes_cover() {
    let s = start().await;
    let token =
        access_token(&s, sim::DEMO_OAUTH_EC_CLIENT_ID, sim::DEMO_OAUTH_EC_JWK, "rsa.user.read")
            .await;
    assert_eq!(lookup_as(&s, &token).await.status, 200);
    let id = s.user_id("alice@example.com").await;
    let devices = format!("v2/users/{id}/devices");
    let a = s.call(Method::GET, &devices, Some(&token), None).await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(&devices));
    let body = br#"[{"email":"alice@example.com"}]"#;
    let a = s.call(Method::POST, ENROLL, Some(&token), Some(("application/json", body))).await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(ENROLL));
    assert_eq!(
        s.sim.control().live_code("alice@example.com", "ENROLLMENT"),
        None,
        "nothing was generated"
    );
    let status = format!("v1/users/{id}/userStatus");
    let body = br#"{"userStatus":"Disabled"}"#;
    let a = s.call(Method::PUT, &status, Some(&token), Some(("application/json", body))).await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(&status));
    assert_eq!(s.lookup("alice@example.com").await.json["userStatus"], "Enabled");
    let logs = format!("v1/users/{id}/authlogs");
    let a = s.call(Method::GET, &logs, Some(&token), None).await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(&logs));
    let audit =
        access_token(&s, sim::DEMO_OAUTH_EC_CLIENT_ID, sim::DEMO_OAUTH_EC_JWK, "rsa.audit.user")
            .await;
    assert_eq!(s.call(Method::GET, &logs, Some(&audit), None).await.status, 200);
}

#[tokio::test]
async fn an_unknown_or_made_up_token_is_401() {
    let s = start().await;
    for token in ["bm90LWEtdG9rZW4", "x"] {
        let a = lookup_as(&s, token).await;
        assert_spring(
            &a,
            401,
            "Unauthorized",
            "Invalid or expired access token",
            &admin_path(LOOKUP),
        );
    }
}

#[tokio::test]
async fn token_requests_that_cannot_authenticate_the_client_are_invalid_client() {
    let s = start().await;
    let rsa = sim::DEMO_OAUTH_RSA_CLIENT_ID;
    let rsa_jwk = sim::DEMO_OAUTH_RSA_JWK;
    let t = now();
    let cases = [
        (
            "EC key presented for the RSA client",
            assertion(&s, rsa, sim::DEMO_OAUTH_EC_JWK, json!({})),
        ),
        ("wrong audience", assertion(&s, rsa, rsa_jwk, json!({"aud": s.sim.oauth_issuer()}))),
        ("iss is not the client", assertion(&s, rsa, rsa_jwk, json!({"iss": "someone-else"}))),
        ("expired", assertion(&s, rsa, rsa_jwk, json!({"iat": t - 900, "exp": t - 600}))),
        ("lives too long", assertion(&s, rsa, rsa_jwk, json!({"exp": t + 3600}))),
        ("no jti", assertion(&s, rsa, rsa_jwk, json!({"jti": null}))),
        ("not a JWT", "garbage".to_string()),
    ];
    for (case, jwt) in &cases {
        let a = request_token(&s, rsa, jwt, HELPDESK_SCOPES).await;
        assert_eq!(a.status, 401, "{case}: {}", a.text);
        assert_oauth_error(&a, 401, "invalid_client");
    }
    // A wrong kid with the right key.
    let (alg, _, key) = signing_key(rsa_jwk);
    let mut header = Header::new(alg);
    header.kid = Some("another-key".into());
    let claims = json!({"iss": rsa, "sub": rsa, "aud": token_url(&s), "iat": t, "exp": t + 300, "jti": "k1"});
    let wrong_kid = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    assert_oauth_error(
        &request_token(&s, rsa, &wrong_kid, HELPDESK_SCOPES).await,
        401,
        "invalid_client",
    );
    // An unknown client, and a replayed assertion.
    let stranger = assertion(&s, "stranger", rsa_jwk, json!({}));
    assert_oauth_error(
        &request_token(&s, "stranger", &stranger, HELPDESK_SCOPES).await,
        401,
        "invalid_client",
    );
    let once = assertion(&s, rsa, rsa_jwk, json!({}));
    assert_eq!(request_token(&s, rsa, &once, HELPDESK_SCOPES).await.status, 200);
    assert_oauth_error(
        &request_token(&s, rsa, &once, HELPDESK_SCOPES).await,
        401,
        "invalid_client",
    );
}

#[tokio::test]
async fn malformed_token_requests_are_400() {
    let s = start().await;
    let rsa = sim::DEMO_OAUTH_RSA_CLIENT_ID;
    let jwt = || assertion(&s, rsa, sim::DEMO_OAUTH_RSA_JWK, json!({}));
    let a = token_request(
        &s,
        &[
            ("grant_type", "password"),
            ("client_id", rsa),
            ("scope", "rsa.user.read"),
            ("client_assertion_type", JWT_BEARER),
            ("client_assertion", &jwt()),
        ],
    )
    .await;
    assert_oauth_error(&a, 400, "unsupported_grant_type");
    let a = token_request(
        &s,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", rsa),
            ("client_assertion_type", JWT_BEARER),
            ("client_assertion", &jwt()),
        ],
    )
    .await;
    assert_oauth_error(&a, 400, "invalid_request");
    let a = request_token(&s, rsa, &jwt(), "rsa.user.read rsa.user.delete").await;
    assert_oauth_error(&a, 400, "invalid_scope");
    let a = token_request(
        &s,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", rsa),
            ("scope", "rsa.user.read"),
            ("client_assertion_type", "urn:other"),
            ("client_assertion", &jwt()),
        ],
    )
    .await;
    assert_oauth_error(&a, 400, "invalid_request");
    let a = token_request(&s, &[("grant_type", "client_credentials"), ("scope", "rsa.user.read")])
        .await;
    assert_oauth_error(&a, 400, "invalid_request");
    let json_body = s
        .http
        .post(token_url(&s))
        .json(&json!({"grant_type": "client_credentials"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), 400, "the token endpoint takes a form");
}

#[tokio::test]
async fn tokens_and_device_delete_need_their_own_scopes() {
    let s = start().await;
    let id = s.user_id("john.doe@example.com").await;
    let jwk = sim::DEMO_OAUTH_RSA_JWK;
    let (client, mobile) = (sim::DEMO_OAUTH_RSA_CLIENT_ID, "rsa.authenticator.mobile.manage");
    // Managing mobile authenticators is not deleting them, nor managing hardware tokens.
    let token = access_token(&s, client, jwk, mobile).await;
    let delete = format!("v1/users/{id}/devices/b1c3ad96-a294-50cf-b2f4-953195d74134");
    let a = s.call(Method::DELETE, &delete, Some(&token), None).await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(&delete));
    let disable = format!("v1/users/{id}/sidTokens/disable");
    let body = br#"{"tokenSerialNumber":"000412345678"}"#;
    let a = s.call(Method::PATCH, &disable, Some(&token), Some(("application/json", body))).await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(&disable));
    assert_eq!(
        s.get(&format!("v2/users/{id}/devices")).await.json["sidTokens"][0]["tokenStatus"],
        "Enabled"
    );

    let token = access_token(&s, client, jwk, "rsa.authenticator.sidtoken.manage").await;
    let a = s.call(Method::PATCH, &disable, Some(&token), Some(("application/json", body))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let token = access_token(&s, client, jwk, "rsa.authenticator.mobile.delete").await;
    assert_eq!(s.call(Method::DELETE, &delete, Some(&token), None).await.status, 200);
}

#[tokio::test]
async fn updating_phone_numbers_needs_the_factor_scope_not_user_manage() {
    let s = start().await;
    let id = s.user_id("alice@example.com").await;
    let (client, jwk) = (sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_RSA_JWK);
    let path = format!("v1/users/{id}");
    let body = br#"{"smsNumber":"+1 555 555 5555"}"#;
    // The reference's permission table: "rsa.user.factor.manage: unlock, update phone, …".
    for refused in ["rsa.user.manage", "rsa.user.read"] {
        let token = access_token(&s, client, jwk, refused).await;
        let a = s.call(Method::PATCH, &path, Some(&token), Some(("application/json", body))).await;
        assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(&path));
    }
    assert_eq!(s.lookup("alice@example.com").await.json["smsNumber"], "+1 555 0105 8527");
    let token = access_token(&s, client, jwk, "rsa.user.factor.manage").await;
    let a = s.call(Method::PATCH, &path, Some(&token), Some(("application/json", body))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(s.lookup("alice@example.com").await.json["smsNumber"], "+1 555 555 5555");
}

#[tokio::test]
async fn fido_and_ds100_changes_need_their_own_scopes() {
    let s = start().await;
    let id = s.user_id("wanjiru.kamau@example.com").await;
    let (client, jwk) = (sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_RSA_JWK);
    let token = access_token(&s, client, jwk, "rsa.authenticator.mobile.manage").await;
    let suspend =
        format!("v1/fido/{id}/authenticators/5b0e9d3a-2c7f-5e41-8a6b-1f4d9c2e7a05/disable");
    let a = s.call(Method::PATCH, &suspend, Some(&token), None).await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(&suspend));
    let lookup = br#"{"deviceSerialNumber":"140100080"}"#;
    let a = s
        .call(Method::POST, "v1/ds100/lookup", Some(&token), Some(("application/json", lookup)))
        .await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path("v1/ds100/lookup"));
    // Managing a DS100 is not deleting its credential.
    let token = access_token(&s, client, jwk, "rsa.authenticator.ds100.manage").await;
    let oskar = s.user_id("oskar.nilsson@example.com").await;
    let body = format!(
        r#"{{"tokenSerialNumber":"014010008035","deviceSerialNumber":"140100080","userId":"{oskar}"}}"#
    );
    let delete = "v1/ds100/delete/otp";
    let a = s
        .call(Method::DELETE, delete, Some(&token), Some(("application/json", body.as_bytes())))
        .await;
    assert_spring(&a, 403, "Forbidden", "Insufficient scope", &admin_path(delete));

    let token = access_token(&s, client, jwk, "rsa.authenticator.fido.manage").await;
    assert_eq!(s.call(Method::PATCH, &suspend, Some(&token), None).await.status, 200);
    let token = access_token(&s, client, jwk, "rsa.authenticator.ds100.read").await;
    let a = s
        .call(Method::POST, "v1/ds100/lookup", Some(&token), Some(("application/json", lookup)))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let token = access_token(&s, client, jwk, "rsa.authenticator.ds100.delete").await;
    let a = s
        .call(Method::DELETE, delete, Some(&token), Some(("application/json", body.as_bytes())))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
}
