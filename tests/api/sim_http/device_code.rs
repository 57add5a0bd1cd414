//! Retrieve Device Registration Code: the 200, each documented 400 and 403.

use super::*;

const APP_ID: &str = "1f00c62b-a5c0-49d3-9ffb-92314d717187";

async fn forbidden(s: &Sim, body: Value, message: &str) {
    let a = s.post(DEVICE_CODE, &body).await;
    assert_spring(&a, 403, "Forbidden", message, &admin_path(DEVICE_CODE));
}

#[tokio::test]
async fn a_code_by_email_or_by_username() {
    let s = start().await;
    let a = s.post(DEVICE_CODE, &json!({"email": "user.one@mycompany.com", "appId": APP_ID})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let mut keys: Vec<&str> = a.json.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["companyID", "deviceRegistrationCode", "email", "expirationDate"],
        "the example's keys"
    );
    assert_eq!(a.json["companyID"], "ExampleCorp");
    assert!(is_digits(a.json["deviceRegistrationCode"].as_str().unwrap(), 9));
    assert_eq!(a.json["email"], "user.one@mycompany.com");
    let expires = a.json["expirationDate"].as_str().unwrap();
    assert!(is_api_timestamp(expires), "{expires}");
    assert!((23 * 3600..=24 * 3600).contains(&seconds_until(expires)));

    let a = s.post(DEVICE_CODE, &json!({"username": "USERSUSERNAME", "appId": APP_ID})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json["username"], "USERSUSERNAME");
    assert_eq!(a.json["email"], "pat.morgan@example.com");
    // The Windows and macOS apps have no appId.
    let a = s.post(DEVICE_CODE, &json!({"email": "alice@example.com"})).await;
    assert_eq!(a.status, 403, "Alice has a phone already");
    assert_eq!(s.post(DEVICE_CODE, &json!({"email": "ADUser@example.com"})).await.status, 200);
}

#[tokio::test]
async fn wrong_properties_are_400() {
    let s = start().await;
    let invalid = |name: &str| format!("Invalid property specified: {name}");
    let count = "Incorrect number of properties in the request body.";
    let cases = [
        (json!({"emailId": "user.one@mycompany.com"}), invalid("emailId")),
        (
            json!({"email": "user.one@mycompany.com", "appId": APP_ID, "phone": "1"}),
            invalid("phone"),
        ),
        (
            json!({"email": "user.one@mycompany.com", "username": "usersusername"}),
            count.to_string(),
        ),
        (json!({"appId": APP_ID}), count.to_string()),
        (json!({}), count.to_string()),
        (json!({"email": ""}), count.to_string()),
        (
            json!({"email": "user.one@mycompany.com", "appId": "not-an-app"}),
            "Invalid appId specified.".to_string(),
        ),
    ];
    for (body, description) in cases {
        let a = s.post(DEVICE_CODE, &body).await;
        assert_code_description(&a, 400, "400 BAD_REQUEST", &description);
    }
}

#[tokio::test]
async fn refusals_are_403_with_the_documented_messages() {
    let s = start().await;
    forbidden(
        &s,
        json!({"email": "ghost@example.com", "appId": APP_ID}),
        "User ghost@example.com not found.",
    )
    .await;
    forbidden(&s, json!({"username": "nobody"}), "User nobody not found.").await;
    forbidden(&s, json!({"email": "grace.hopper@example.com"}), "User is disabled.").await;
    forbidden(&s, json!({"email": "harold.finch@example.com"}), "User is disabled.").await;
    forbidden(
        &s,
        json!({"email": "john.doe@example.com", "appId": APP_ID}),
        "User already has a registered device.",
    )
    .await;
    // FIDO keys and hardware tokens are not "a registered device".
    assert_eq!(
        s.post(DEVICE_CODE, &json!({"email": "elena.popescu@example.com"})).await.status,
        200
    );
    assert_eq!(
        s.post(DEVICE_CODE, &json!({"email": "hannah.schmidt@example.com"})).await.status,
        200
    );
    // Once the phone is gone, a code can be issued.
    assert!(s.sim.control().revoke_devices("john.doe@example.com"));
    assert_eq!(s.post(DEVICE_CODE, &json!({"email": "john.doe@example.com"})).await.status, 200);
}

#[tokio::test]
async fn the_already_registered_answer_matches_the_vendor_example() {
    // The vendor's example is not valid JSON (a missing comma, a semicolon), so compare fields.
    let example = include_str!("../../fixtures/seeds/device-code-already-registered.response.json");
    assert!(
        serde_json::from_str::<Value>(example).is_err(),
        "the documented body is itself malformed"
    );
    let s = start().await;
    let a = s.post(DEVICE_CODE, &json!({"email": "john.doe@example.com"})).await;
    for value in [
        "403",
        "\"Forbidden\"",
        "\"User already has a registered device.\"",
        "\"/AdminInterface/restapi/v1/users/deviceRegistrationCode\"",
    ] {
        assert!(example.contains(value), "{value}");
    }
    assert_spring(
        &a,
        403,
        "Forbidden",
        "User already has a registered device.",
        "/AdminInterface/restapi/v1/users/deviceRegistrationCode",
    );
}

#[tokio::test]
async fn an_unlicensed_company_gets_403() {
    let s = start().await;
    s.sim.control().set_mfa_licensed(false);
    forbidden(
        &s,
        json!({"email": "user.one@mycompany.com"}),
        "Your company is not licensed to use SecurID multifactor authentication methods.",
    )
    .await;
}
