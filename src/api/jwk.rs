//! Private JWKs (what the Cloud Administration Console hands out for an OAuth "Admin API"
//! client) turned into signing keys.
//!
//! jsonwebtoken cannot load a private JWK, so the key is re-encoded in the DER forms it does
//! read: PKCS#1 `RSAPrivateKey` for RSA and PKCS#8 for EC P-256. The encoding is small and
//! fixed, so it is written out here rather than pulling in an ASN.1 crate.

use crate::api::AuthError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::Value;
use zeroize::Zeroizing;

pub(crate) struct JwkSigningKey {
    pub alg: Algorithm,
    pub kid: Option<String>,
    pub key: EncodingKey,
}

pub(crate) fn signing_key_from_jwk(text: &str) -> Result<JwkSigningKey, AuthError> {
    let jwk = WipedJson(
        serde_json::from_str(text).map_err(|e| AuthError::Jwk(format!("it is not JSON ({e})")))?,
    );
    let jwk = &jwk.0;
    let field = |name: &str| jwk.get(name).and_then(Value::as_str);
    let kid = field("kid").map(str::to_string);
    let (alg, key) = match field("kty") {
        Some("RSA") => (Algorithm::RS256, EncodingKey::from_rsa_der(&rsa_pkcs1_der(jwk)?)),
        Some("EC") => {
            if field("crv") != Some("P-256") {
                return Err(AuthError::Jwk(
                    "only EC keys on curve P-256 (ES256) are supported".into(),
                ));
            }
            (Algorithm::ES256, EncodingKey::from_ec_der(&ec_p256_pkcs8_der(jwk)?))
        }
        Some(other) => {
            return Err(AuthError::Jwk(format!(
                "key type `{other}` is not supported; use RSA or EC"
            )));
        }
        None => return Err(AuthError::Jwk("`kty` is missing".into())),
    };
    let expected = match alg {
        Algorithm::ES256 => "ES256",
        _ => "RS256",
    };
    if let Some(declared) = field("alg")
        && declared != expected
    {
        return Err(AuthError::Jwk(format!("`alg` is {declared} but the key is for {expected}")));
    }
    // Sign once now so a broken key is reported when it is loaded.
    jsonwebtoken::encode(&jsonwebtoken::Header::new(alg), &serde_json::json!({}), &key)
        .map_err(|e| AuthError::Jwk(format!("the key cannot sign ({e})")))?;
    Ok(JwkSigningKey { alg, kid, key })
}

/// Parsed JSON that held key material: its strings are wiped when it is dropped.
pub(crate) struct WipedJson(pub Value);

impl Drop for WipedJson {
    fn drop(&mut self) {
        wipe_strings(&mut self.0);
    }
}

fn wipe_strings(value: &mut Value) {
    use zeroize::Zeroize;
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe_strings),
        Value::Object(map) => map.values_mut().for_each(wipe_strings),
        _ => {}
    }
}

fn component(jwk: &Value, name: &str) -> Result<Zeroizing<Vec<u8>>, AuthError> {
    let text = jwk
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| AuthError::Jwk(format!("`{name}` is missing (a private key needs it)")))?;
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map(Zeroizing::new)
        .map_err(|_| AuthError::Jwk(format!("`{name}` is not base64url")))
}

/// RSAPrivateKey ::= SEQUENCE { version 0, n, e, d, p, q, dp, dq, qi }  (RFC 8017 A.1.2)
fn rsa_pkcs1_der(jwk: &Value) -> Result<Zeroizing<Vec<u8>>, AuthError> {
    let mut integers = vec![der_integer(&[0])];
    for name in ["n", "e", "d", "p", "q", "dp", "dq", "qi"] {
        integers.push(der_integer(&component(jwk, name)?));
    }
    Ok(der(0x30, &concat(&integers)))
}

/// The parts one after another, in a buffer sized for them (wiped when dropped).
fn concat(parts: &[Zeroizing<Vec<u8>>]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(parts.iter().map(|p| p.len()).sum()));
    for part in parts {
        out.extend_from_slice(part);
    }
    out
}

/// PrivateKeyInfo { 0, { id-ecPublicKey, prime256v1 }, OCTET STRING ECPrivateKey }  (RFC 5915/5208)
fn ec_p256_pkcs8_der(jwk: &Value) -> Result<Zeroizing<Vec<u8>>, AuthError> {
    const ID_EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const PRIME256V1: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    let (d, x, y) = (component(jwk, "d")?, component(jwk, "x")?, component(jwk, "y")?);
    if d.len() != 32 || x.len() != 32 || y.len() != 32 {
        return Err(AuthError::Jwk("P-256 coordinates must be 32 bytes each".into()));
    }
    let mut point = vec![0x00, 0x04];
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    let ec_private_key = concat(&[der_integer(&[1]), der(0x04, &d), der(0xa1, &der(0x03, &point))]);
    let mut algorithm = ID_EC_PUBLIC_KEY.to_vec();
    algorithm.extend_from_slice(PRIME256V1);
    let info =
        concat(&[der_integer(&[0]), der(0x30, &algorithm), der(0x04, &der(0x30, &ec_private_key))]);
    Ok(der(0x30, &info))
}

/// An unsigned big-endian integer as DER: no redundant leading zeros, one added if the top
/// bit is set so it does not read as negative.
fn der_integer(bytes: &[u8]) -> Zeroizing<Vec<u8>> {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len().saturating_sub(1));
    let trimmed = &bytes[first.min(bytes.len())..];
    let mut content = Zeroizing::new(Vec::with_capacity(trimmed.len() + 1));
    if trimmed.is_empty() || trimmed[0] & 0x80 != 0 {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    der(0x02, &content)
}

/// Every buffer here may hold key material: each is wiped when dropped, and sized up front so
/// that growing it never leaves an unwiped copy behind in freed memory.
fn der(tag: u8, content: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(content.len() + 2 + size_of::<usize>()));
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let be = len.to_be_bytes();
        let skip = be.iter().position(|b| *b != 0).unwrap_or(be.len() - 1);
        out.push(0x80 | (be.len() - skip) as u8);
        out.extend_from_slice(&be[skip..]);
    }
    out.extend_from_slice(content);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSA_JWK: &str = include_str!("../../assets/demo/oauth-client-rsa.jwk");
    const EC_JWK: &str = include_str!("../../assets/demo/oauth-client-ec.jwk");

    #[test]
    fn parsed_key_json_is_wiped_string_by_string() {
        let mut value: Value = serde_json::from_str(RSA_JWK).unwrap();
        wipe_strings(&mut value);
        let Value::Object(map) = &value else { panic!("a JWK is an object") };
        assert!(map.contains_key("d"), "the keys stay, so the shape is still visible");
        assert!(map.values().all(|v| v.as_str().is_none_or(str::is_empty)), "every value wiped");
    }

    #[test]
    fn der_primitives() {
        assert_eq!(*der_integer(&[0]), vec![0x02, 0x01, 0x00]);
        assert_eq!(*der_integer(&[0x00, 0x00, 0x7f]), vec![0x02, 0x01, 0x7f]);
        assert_eq!(*der_integer(&[0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(der(0x04, &[0u8; 200])[..3], [0x04, 0x81, 200]);
        assert_eq!(der(0x04, &[0u8; 300])[..4], [0x04, 0x82, 0x01, 0x2c]);
    }

    /// The keys must really verify against their public halves, not merely encode.
    #[test]
    fn demo_jwks_sign_tokens_their_public_keys_verify() {
        use jsonwebtoken::{DecodingKey, Validation, decode};
        for text in [RSA_JWK, EC_JWK] {
            let signer = signing_key_from_jwk(text).unwrap();
            assert!(signer.kid.is_some());
            let token = jsonwebtoken::encode(
                &jsonwebtoken::Header::new(signer.alg),
                &serde_json::json!({"sub":"x","exp": 4_000_000_000u64}),
                &signer.key,
            )
            .unwrap();
            let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_str(text).unwrap();
            let public = DecodingKey::from_jwk(&jwk).unwrap();
            let mut validation = Validation::new(signer.alg);
            validation.validate_aud = false;
            decode::<serde_json::Value>(&token, &public, &validation).unwrap();
        }
    }

    #[test]
    fn incomplete_or_foreign_keys_are_refused_with_the_reason() {
        let mut public_only: Value = serde_json::from_str(RSA_JWK).unwrap();
        public_only.as_object_mut().unwrap().remove("d");
        let err = signing_key_from_jwk(&public_only.to_string()).err().unwrap().to_string();
        assert!(err.contains("`d` is missing"), "{err}");
        let err = signing_key_from_jwk(r#"{"kty":"oct","k":"AAAA"}"#).err().unwrap().to_string();
        assert!(err.contains("oct"), "{err}");
        let mut other_curve: Value = serde_json::from_str(EC_JWK).unwrap();
        other_curve["crv"] = "P-384".into();
        assert!(signing_key_from_jwk(&other_curve.to_string()).is_err());
        let mut wrong_alg: Value = serde_json::from_str(EC_JWK).unwrap();
        wrong_alg["alg"] = "RS256".into();
        assert!(signing_key_from_jwk(&wrong_alg.to_string()).is_err());
    }
}
