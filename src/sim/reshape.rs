//! Faults that keep an answer well-formed but change which per-user elements it holds: the
//! irregularities the vendor documents themselves show (seed 001's answer names a user who was
//! not in the request) and those a client must survive (elements missing, reordered, doubled,
//! unnamed, or with a result code nobody documented). The element faults touch only the
//! per-user answers: generate (a JSON array), void (`{"results": [...]}`) and user search
//! (`{"elements": [...]}`);
//! [`Fault::AnotherUser`] touches the single-user answers that name their user by address or id
//! (lookup, device registration code, unlock, user status, sync, phone numbers, the SecurID
//! token calls that name a `userId`) and a user's authentication log
//! (its last entry's `userId`). Any other answer passes unchanged.

use crate::sim::config::Fault;
use serde_json::{Value, json};

/// The address [`Fault::ForeignElement`] answers for: nobody asks for it.
pub const FOREIGN_LOCAL_PART: &str = "not.asked";
/// The code a foreign or duplicated generate element carries, so tests can look for it.
pub const STRAY_CODE: &str = "900000001";
/// The result code [`Fault::UnknownResultCode`] puts in.
pub const UNKNOWN_RESULT: i64 = 1099;

/// Applies `fault` to an answer, in place.
pub fn reshape(answer: &mut Value, fault: Fault) {
    if fault == Fault::AnotherUser {
        return name_another_user(answer);
    }
    let Some(elements) = per_user_elements(answer) else { return };
    if elements.is_empty() {
        return;
    }
    match fault {
        Fault::ForeignElement => {
            let mut foreign = elements[0].clone();
            let foreign_address = foreign_to(address(&foreign));
            set_address(&mut foreign, Some(&foreign_address));
            if is_generate(&foreign) {
                foreign["status"] = json!(1000);
                foreign["verify_code"] = json!(STRAY_CODE);
            }
            elements.push(foreign);
        }
        Fault::MissingElement => {
            elements.pop();
        }
        Fault::ReorderedElements => elements.reverse(),
        Fault::UnknownResultCode => {
            elements[0]["status"] = json!(UNKNOWN_RESULT);
            elements[0]["errorMessage"] = json!("Result not documented (simulated).");
        }
        Fault::DuplicateElement => {
            let mut twice = elements[0].clone();
            twice["status"] = json!(1001);
            twice["errorMessage"] = json!("Some unexpected internal error.");
            if is_generate(&twice) {
                twice["verify_code"] = json!(STRAY_CODE);
            }
            elements.insert(1, twice);
        }
        Fault::UnnamedElement => set_address(&mut elements[0], None),
        _ => {}
    }
}

/// The address nobody asks for, in the domain of `address`.
fn foreign_to(address: Option<&str>) -> String {
    let domain = address.and_then(|a| a.split_once('@')).map_or("example.com", |(_, d)| d);
    format!("{FOREIGN_LOCAL_PART}@{domain}")
}

/// A lookup's `emailAddress`, a device registration code's `email`: another user's.
/// The user id [`Fault::AnotherUser`] puts in an answer that names its user by id.
pub const ANOTHER_USER_ID: &str = "00000000-0000-4000-8000-00000000dead";

fn name_another_user(answer: &mut Value) {
    // A user's log (authlogs): its last entry is someone else's, so a client that checks
    // only the first is caught.
    if let Some(last) = answer.as_array_mut().and_then(|items| items.last_mut())
        && let Some(id) = last.get_mut("userId")
    {
        *id = json!(ANOTHER_USER_ID);
        return;
    }
    let Some(map) = answer.as_object_mut() else { return };
    // `id` in the user answers, `userId` in the SecurID token answers.
    for key in ["id", "userId"] {
        if let Some(id) = map.get_mut(key)
            && id.is_string()
        {
            *id = json!(ANOTHER_USER_ID);
        }
    }
    for key in ["emailAddress", "email"] {
        if let Some(value) = map.get_mut(key)
            && value.is_string()
        {
            *value = json!(foreign_to(value.as_str()));
        }
    }
}

fn per_user_elements(answer: &mut Value) -> Option<&mut Vec<Value>> {
    match answer {
        Value::Array(items) => Some(items),
        Value::Object(map) => {
            let key = if map.contains_key("results") { "results" } else { "elements" };
            map.get_mut(key)?.as_array_mut()
        }
        _ => None,
    }
}

fn is_generate(element: &Value) -> bool {
    element.get("userDetailsRequestForVerifyCodeGeneration").is_some()
}

fn address(element: &Value) -> Option<&str> {
    element
        .get("user_email")
        .or_else(|| element.get("emailAddress"))
        .or_else(|| element.get("userDetailsRequestForVerifyCodeGeneration")?.get("email"))
        .and_then(Value::as_str)
}

/// Names `to` in the element (or no address at all, with `None`): a generate element's
/// address is the `email` of its echoed request, a void element's is `user_email`, a search
/// match's is `emailAddress`.
fn set_address(element: &mut Value, to: Option<&str>) {
    let (map, key) = if is_generate(element) {
        (element["userDetailsRequestForVerifyCodeGeneration"].as_object_mut(), "email")
    } else if element.get("emailAddress").is_some() {
        (element.as_object_mut(), "emailAddress")
    } else {
        (element.as_object_mut(), "user_email")
    };
    let Some(map) = map else { return };
    match to {
        Some(address) => {
            map.insert(key.to_string(), json!(address));
        }
        None => {
            map.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn void_answer() -> Value {
        json!({"results": [
            {"status": 1014, "user_email": "a@x.com"},
            {"status": 1013, "user_email": "b@x.com", "errorMessage": "none"}
        ]})
    }

    fn generate_answer() -> Value {
        json!([
            {"status": 1000, "verify_code": "111111111",
             "userDetailsRequestForVerifyCodeGeneration": {"email": "a@x.com", "code_send_to": "DISPLAY"}},
            {"status": 1002, "userDetailsRequestForVerifyCodeGeneration": {"email": "b@x.com"}}
        ])
    }

    #[test]
    fn a_foreign_element_names_nobody_asked_and_carries_a_code() {
        let mut v = void_answer();
        reshape(&mut v, Fault::ForeignElement);
        assert_eq!(v["results"][2]["user_email"], "not.asked@x.com");
        let mut g = generate_answer();
        reshape(&mut g, Fault::ForeignElement);
        assert_eq!(g[2]["userDetailsRequestForVerifyCodeGeneration"]["email"], "not.asked@x.com");
        assert_eq!(g[2]["verify_code"], STRAY_CODE);
        assert_eq!(g[0]["userDetailsRequestForVerifyCodeGeneration"]["email"], "a@x.com");
    }

    #[test]
    fn a_foreign_search_match_names_nobody_asked() {
        let mut page = json!({"totalElements": 1, "elements": [{"emailAddress": "a@x.com"}]});
        reshape(&mut page, Fault::ForeignElement);
        assert_eq!(page["elements"][1]["emailAddress"], "not.asked@x.com");
        assert_eq!(page["elements"][0]["emailAddress"], "a@x.com");
    }

    #[test]
    fn missing_reordered_unknown_duplicated_and_unnamed() {
        let mut v = void_answer();
        reshape(&mut v, Fault::MissingElement);
        assert_eq!(v["results"].as_array().unwrap().len(), 1);
        let mut v = void_answer();
        reshape(&mut v, Fault::ReorderedElements);
        assert_eq!(v["results"][0]["user_email"], "b@x.com");
        let mut v = void_answer();
        reshape(&mut v, Fault::UnknownResultCode);
        assert_eq!(v["results"][0]["status"], UNKNOWN_RESULT);
        let mut g = generate_answer();
        reshape(&mut g, Fault::DuplicateElement);
        assert_eq!(g.as_array().unwrap().len(), 3);
        assert_eq!(g[1]["userDetailsRequestForVerifyCodeGeneration"]["email"], "a@x.com");
        assert_eq!(
            (g[1]["status"].clone(), g[1]["verify_code"].clone()),
            (json!(1001), json!(STRAY_CODE))
        );
        let mut g = generate_answer();
        reshape(&mut g, Fault::UnnamedElement);
        assert!(g[0]["userDetailsRequestForVerifyCodeGeneration"].get("email").is_none());
        let mut v = void_answer();
        reshape(&mut v, Fault::UnnamedElement);
        assert!(v["results"][0].get("user_email").is_none());
    }

    #[test]
    fn another_user_is_named_in_a_single_users_answer() {
        let mut lookup = json!({"id": "u1", "emailAddress": "a@x.com"});
        reshape(&mut lookup, Fault::AnotherUser);
        assert_eq!(lookup["emailAddress"], "not.asked@x.com");
        assert_eq!(lookup["id"], ANOTHER_USER_ID);
        let mut code = json!({"deviceRegistrationCode": "1", "email": "a@x.com"});
        reshape(&mut code, Fault::AnotherUser);
        assert_eq!(code["email"], "not.asked@x.com");
    }

    #[test]
    fn other_answers_pass_unchanged() {
        let mut lookup = json!({"id": "u1", "emailAddress": "a@x.com"});
        let before = lookup.clone();
        reshape(&mut lookup, Fault::ForeignElement);
        assert_eq!(lookup, before);
    }
}
