//! User Search v2: the paged answer, the substring match, and the documented refusals.

use super::*;

async fn search(s: &Sim, query: &str, body: &Value) -> Answer {
    s.post(&format!("v2/users/search{query}"), body).await
}

fn addresses(page: &Value) -> Vec<String> {
    page["elements"]
        .as_array()
        .expect("elements is an array")
        .iter()
        .map(|u| u["emailAddress"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_part_of_an_address_finds_every_user_containing_it_ascending() {
    let s = start().await;
    let a = search(&s, "?pageSize=25&pageNumber=0", &json!({"emailLike": "GARCIA"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        addresses(&a.json),
        [
            "ana.garcia-lopez@example.com",
            "carlos.garcia@example.com",
            "maria.garcia@example.com",
            "r.garcia@partner.example.net",
        ],
        "any case, ascending by address"
    );
    assert_eq!(
        (a.json["totalPages"].clone(), a.json["totalElements"].clone()),
        (json!(1), json!(4))
    );
    // Each element is the User Details object a lookup answers.
    let one = &a.json["elements"][2];
    let looked_up = s.lookup("maria.garcia@example.com").await.json;
    assert_eq!(one, &looked_up);
}

#[tokio::test]
async fn pages_are_zero_based_and_a_page_past_the_end_is_empty() {
    let s = start().await;
    let body = json!({"emailLike": "garcia"});
    let first = search(&s, "?pageSize=3&pageNumber=0", &body).await.json;
    let second = search(&s, "?pageSize=3&pageNumber=1", &body).await.json;
    assert_eq!(first["totalPages"], 2);
    assert_eq!(addresses(&first).len(), 3);
    assert_eq!(addresses(&second), ["r.garcia@partner.example.net"]);
    let past = search(&s, "?pageSize=3&pageNumber=5", &body).await;
    assert_eq!(past.status, 200);
    assert!(addresses(&past.json).is_empty());
    assert_eq!(past.json["totalElements"], 4, "the totals are still given");
    // Without the parameters: the first page of up to 25.
    let plain = search(&s, "", &json!({"emailLike": "@example.com"})).await.json;
    assert_eq!(addresses(&plain).len(), 25);
    assert!(plain["totalElements"].as_u64().unwrap() > 25);
}

#[tokio::test]
async fn unsynchronised_users_are_not_found_until_a_lookup_brings_them_in() {
    let s = start().await;
    let body = json!({"emailLike": "mei.tanaka"});
    assert!(addresses(&search(&s, "", &body).await.json).is_empty());
    let a = s
        .post(
            "v1/users/lookup",
            &json!({"email": "mei.tanaka@example.com", "searchUnsynched": true}),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(addresses(&search(&s, "", &body).await.json), ["mei.tanaka@example.com"]);
}

#[tokio::test]
async fn bad_pages_and_bodies_are_400s() {
    let s = start().await;
    let good = json!({"emailLike": "garcia"});
    for query in ["?pageSize=0", "?pageSize=26", "?pageSize=ten", "?pageNumber=-1"] {
        let a = search(&s, query, &good).await;
        assert_eq!(a.status, 400, "{query}: {}", a.text);
        assert_eq!(a.json["code"], "400 BAD_REQUEST", "{query}");
    }
    for body in [json!({}), json!({"emailLike": ""}), json!({"emailLike": 7}), json!(["garcia"])] {
        let a = search(&s, "", &body).await;
        assert_eq!(a.status, 400, "{body}: {}", a.text);
    }
}
