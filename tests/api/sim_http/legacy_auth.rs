//! Legacy Administration API key JWTs: every documented rule is enforced with the same 403.

use super::*;

const REFUSED: &str = "Server failed to process provided access token";

async fn lookup_with(s: &Sim, token: Option<&str>) -> Answer {
    let body = br#"{"email":"john.doe@example.com"}"#;
    s.call(Method::POST, LOOKUP, token, Some(("application/json", body))).await
}

async fn assert_refused(s: &Sim, case: &str, token: Option<&str>) {
    let a = lookup_with(s, token).await;
    assert_eq!(a.status, 403, "{case}: {}", a.text);
    assert_spring(&a, 403, "Forbidden", REFUSED, &admin_path(LOOKUP));
}

async fn assert_accepted(s: &Sim, case: &str, token: &str) {
    let a = lookup_with(s, Some(token)).await;
    assert_eq!(a.status, 200, "{case}: {}", a.text);
    assert_eq!(a.json["emailAddress"], "john.doe@example.com", "{case}");
}

#[tokio::test]
async fn a_token_minted_from_the_key_file_is_accepted_in_every_documented_form() {
    let s = start().await;
    let k = &s.key_file;
    let t = now();
    assert_accepted(&s, "integers", &s.token).await;
    assert_accepted(&s, "exactly one hour", &legacy_jwt(k, json!({"iat": t, "exp": t + 3600})))
        .await;
    // RSA's own sample quotes iat/exp; NOVASOC sends floats.
    assert_accepted(
        &s,
        "quoted",
        &legacy_jwt(k, json!({"iat": t.to_string(), "exp": (t + 600).to_string()})),
    )
    .await;
    assert_accepted(
        &s,
        "floats",
        &legacy_jwt(k, json!({"iat": t as f64 + 0.25, "exp": t as f64 + 600.5})),
    )
    .await;
    assert_accepted(&s, "aud array", &legacy_jwt(k, json!({"aud": ["x", k["adminRestApiUrl"]]})))
        .await;
    assert_accepted(
        &s,
        "issued 30 s ahead (skew)",
        &legacy_jwt(k, json!({"iat": t + 30, "exp": t + 630})),
    )
    .await;
    assert_accepted(&s, "extra claims ignored", &legacy_jwt(k, json!({"jti": "x", "iss": "me"})))
        .await;
}

#[tokio::test]
async fn the_bare_origin_is_accepted_as_audience() {
    // pydplus sends scheme + host only.
    let s = start().await;
    let token = legacy_jwt(&s.key_file, json!({ "aud": s.sim.base_url() }));
    assert_accepted(&s, "bare origin", &token).await;
}

#[tokio::test]
async fn time_rules_are_enforced() {
    let s = start().await;
    let k = &s.key_file;
    let t = now();
    let cases = [
        ("expired", json!({"iat": t - 3600, "exp": t - 120})),
        ("lifetime over an hour", json!({"iat": t, "exp": t + 3601})),
        ("two hours like the Sentinel script", json!({"iat": t, "exp": t + 7200})),
        ("issued in the future", json!({"iat": t + 300, "exp": t + 900})),
        ("no iat", json!({"iat": null})),
        ("no exp", json!({"exp": null})),
        ("iat not a number", json!({"iat": "yesterday"})),
    ];
    for (case, claims) in cases {
        assert_refused(&s, case, Some(&legacy_jwt(k, claims))).await;
    }
}

#[tokio::test]
async fn only_rs256_with_typ_jwt_is_accepted() {
    let s = start().await;
    let mut claims = json!({});
    merge(
        &mut claims,
        json!({"sub": s.key_file["accessID"], "aud": s.key_file["adminRestApiUrl"], "iat": now(), "exp": now() + 600}),
    );
    let hs256 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(b"secret"),
    )
    .unwrap();
    assert_refused(&s, "HS256", Some(&hs256)).await;
    let rs512 = sign(&Header::new(Algorithm::RS512), &claims, DEMO_KEY_PEM);
    assert_refused(&s, "RS512 with the right key", Some(&rs512)).await;
    let mut jose = Header::new(Algorithm::RS256);
    jose.typ = Some("JOSE".into());
    assert_refused(&s, "typ JOSE", Some(&sign(&jose, &claims, DEMO_KEY_PEM))).await;
    let mut no_typ = Header::new(Algorithm::RS256);
    no_typ.typ = None;
    assert_refused(&s, "no typ", Some(&sign(&no_typ, &claims, DEMO_KEY_PEM))).await;
    let none = raw_jwt(&json!({"alg": "none", "typ": "JWT"}), &claims, b"");
    assert_refused(&s, "alg none", Some(&none)).await;
    // The same claims signed properly pass, so the failures above are about the header.
    assert_accepted(&s, "control", &sign(&Header::new(Algorithm::RS256), &claims, DEMO_KEY_PEM))
        .await;
}

#[tokio::test]
async fn audience_subject_and_key_must_match() {
    let s = start().await;
    let k = &s.key_file;
    let url = k["adminRestApiUrl"].as_str().unwrap();
    let cases = [
        (
            "aud without the trailing slash",
            legacy_jwt(k, json!({"aud": url.trim_end_matches('/')})),
        ),
        ("aud with /v1", legacy_jwt(k, json!({"aud": format!("{url}v1")}))),
        (
            "aud of another tenant",
            legacy_jwt(
                k,
                json!({"aud": "https://other.access.securid.com/AdminInterface/restapi/"}),
            ),
        ),
        ("no aud", legacy_jwt(k, json!({"aud": null}))),
        ("unknown sub", legacy_jwt(k, json!({"sub": "00000000-0000-0000-0000-000000000000"}))),
        ("no sub", legacy_jwt(k, json!({"sub": null}))),
    ];
    for (case, token) in &cases {
        assert_refused(&s, case, Some(token)).await;
    }
    let claims = json!({"sub": k["accessID"], "aud": url, "iat": now(), "exp": now() + 600});
    let untrusted = sign(&Header::new(Algorithm::RS256), &claims, UNTRUSTED_KEY_PEM);
    assert_refused(&s, "signed with an untrusted key", Some(&untrusted)).await;
    let mut parts: Vec<String> = s.token.split('.').map(str::to_string).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(
        serde_json::to_vec(
            &json!({"sub": k["accessID"], "aud": url, "iat": now(), "exp": now() + 60}),
        )
        .unwrap(),
    );
    assert_refused(&s, "claims swapped under a valid signature", Some(&parts.join("."))).await;
}

#[tokio::test]
async fn missing_or_garbled_authorization_is_refused() {
    let s = start().await;
    assert_refused(&s, "no header", None).await;
    assert_refused(&s, "dots but not a JWT", Some("not.a.jwt")).await;
    assert_refused(&s, "two segments", Some("e30.e30")).await;
    let basic = s
        .http
        .post(s.url(LOOKUP))
        .header("Authorization", format!("Basic {}", s.token))
        .json(&json!({"email": "john.doe@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 403, "Basic scheme");
    let lowercase = s
        .http
        .post(s.url(LOOKUP))
        .header("Authorization", format!("bearer {}", s.token))
        .json(&json!({"email": "john.doe@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(lowercase.status(), 200, "the scheme is case-insensitive");
}

#[tokio::test]
async fn unknown_paths_still_need_a_token_and_every_endpoint_checks_it() {
    let s = start().await;
    for (method, path) in [
        (Method::GET, "v2/users/x/devices"),
        (Method::POST, ENROLL),
        (Method::POST, VOID),
        (Method::POST, DEVICE_CODE),
        (Method::PUT, "v2/users/x/emergencyTokencode"),
        (Method::DELETE, "v1/users/x/emergencyTokencode/y"),
        (Method::GET, "v1/no/such/thing"),
    ] {
        let a = s.call(method.clone(), path, None, None).await;
        assert_spring(&a, 403, "Forbidden", REFUSED, &admin_path(path));
    }
}
