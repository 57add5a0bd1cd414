//! Serde helpers for reading what the service sends rather than what the documents promise.
//!
//! The documents disagree with themselves about types (a code typed as Number in one table and
//! quoted in the example, booleans shown as `"true"`), and every field may be absent or null.
//! These readers accept each plausible spelling and never fail on an odd scalar.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A string from a string, number or boolean; `None` for null, objects and arrays.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// A boolean from `true`/`false`, `"true"`/`"false"` (any case) or 0/1; `None` otherwise.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        _ => None,
    })
}

/// An object, or the first object of an array (one vendor table types an object field as
/// Array); `None` for anything else or an object that does not fit `T`.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = match Value::deserialize(d)? {
        Value::Array(items) => items.into_iter().find(Value::is_object),
        object @ Value::Object(_) => Some(object),
        _ => None,
    };
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}

/// A secret from a string or a number; `None` for anything else, rather than failing the
/// response that carries it.
pub fn opt_secret<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::secret::Secret>, D::Error> {
    let text = opt_string(d)?.map(zeroize::Zeroizing::new);
    Ok(text.filter(|s| !s.is_empty()).map(|s| crate::secret::Secret::from_service(&s)))
}

/// A list where null (or a missing field, with `#[serde(default)]`) means empty; elements that do
/// not parse are skipped rather than failing the whole response.
pub fn vec_skip_bad<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => {
            items.into_iter().filter_map(|item| serde_json::from_value(item).ok()).collect()
        }
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Default)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "vec_skip_bad")]
        v: Vec<u32>,
    }

    #[test]
    fn accepts_each_spelling() {
        let p: Probe = serde_json::from_str(r#"{"s":110690571,"b":"TRUE","v":[1,"x",3]}"#).unwrap();
        assert_eq!(p.s.as_deref(), Some("110690571"));
        assert_eq!(p.b, Some(true));
        assert_eq!(p.v, vec![1, 3]);
        let empty: Probe = serde_json::from_str(r#"{"s":null,"b":null,"v":null}"#).unwrap();
        assert_eq!((empty.s, empty.b, empty.v.len()), (None, None, 0));
        let missing: Probe = serde_json::from_str("{}").unwrap();
        assert_eq!((missing.s, missing.b), (None, None));
        let odd: Probe = serde_json::from_str(r#"{"s":{"a":1},"b":"maybe"}"#).unwrap();
        assert_eq!((odd.s, odd.b), (None, None));
    }
}
