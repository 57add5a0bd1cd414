//! The legacy Administration API key file (`<uuid>.key`), exactly as the Cloud Administration
//! Console downloads it: `customerName`, `accessID`, `description`, `accessKey` (an RSA private
//! key in PEM), `adminRestApiUrl`.

use crate::api::AuthError;
use crate::api::base_url::ApiBase;
use crate::api::jwk::WipedJson;
use crate::secret::Secret;
use jsonwebtoken::EncodingKey;
use serde_json::{Map, Value};
use std::fmt;
use std::path::Path;

#[derive(Clone)]
pub struct LegacyKeyFile {
    pub customer_name: String,
    pub access_id: String,
    pub description: String,
    /// The raw string: it is the JWT audience verbatim, whatever its tail.
    pub admin_rest_api_url: String,
    /// `accessKey`, parsed once and checked by signing with it; the PEM text is not kept.
    /// (jsonwebtoken redacts it in `Debug` and wipes it on drop.)
    signing_key: EncodingKey,
}

impl fmt::Debug for LegacyKeyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyKeyFile")
            .field("customer_name", &self.customer_name)
            .field("access_id", &self.access_id)
            .field("admin_rest_api_url", &self.admin_rest_api_url)
            .field("access_key", &"[redacted]")
            .finish()
    }
}

impl LegacyKeyFile {
    pub fn load(path: &Path) -> Result<Self, AuthError> {
        KeyFileFields::load(path)?.into_key_file()
    }

    /// Reads and checks every field, naming the first one that is wrong.
    pub fn parse(text: &str) -> Result<Self, AuthError> {
        KeyFileFields::parse(text)?.into_key_file()
    }
}

/// A key file's fields, all checked except that the key can really sign: that takes tens of
/// milliseconds (an RSA key check and a trial signature), so the console does it after its
/// first frame.
pub struct KeyFileFields {
    pub customer_name: String,
    pub access_id: String,
    pub description: String,
    pub admin_rest_api_url: String,
    pem: Secret,
}

impl std::fmt::Debug for KeyFileFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyFileFields")
            .field("access_id", &self.access_id)
            .field("admin_rest_api_url", &self.admin_rest_api_url)
            .field("access_key", &"[redacted]")
            .finish()
    }
}

/// Refuses a key file that users other than its owner can read, as OpenSSH refuses a private
/// key with loose permissions. (Only Unix has such permissions to check.)
pub fn check_private(path: &Path) -> Result<(), AuthError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|e| AuthError::KeyFileUnreadable {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(AuthError::KeyFileExposed { path: path.display().to_string(), mode });
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

impl KeyFileFields {
    pub fn load(path: &Path) -> Result<Self, AuthError> {
        // The file holds the private key: its text is wiped once parsed.
        let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
            AuthError::KeyFileUnreadable { path: path.display().to_string(), reason: e.to_string() }
        })?);
        Self::parse(&text)
    }

    /// Every field but the key's ability to sign, naming the first one that is wrong.
    pub fn parse(text: &str) -> Result<Self, AuthError> {
        let value: Value =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
                AuthError::KeyFileInvalid {
                    // serde's message names a line and column, never the content.
                    problem: format!("it is not JSON ({e})"),
                }
            })?;
        // Wiped when parsing ends, whichever way: it holds the private key.
        let value = WipedJson(value);
        let Value::Object(map) = &value.0 else {
            return Err(AuthError::KeyFileInvalid { problem: "it is not a JSON object".into() });
        };
        let customer_name = optional_text(map, "customerName")?;
        let access_id = required_text(map, "accessID")?;
        let description = optional_text(map, "description")?;
        let admin_rest_api_url = required_text(map, "adminRestApiUrl")?;
        let pem =
            Secret::new(normalise_pem(&zeroize::Zeroizing::new(required_text(map, "accessKey")?)));
        ApiBase::parse(&admin_rest_api_url).map_err(|e| AuthError::KeyFileField {
            field: "adminRestApiUrl",
            problem: match e {
                AuthError::UnsafeUrl { reason, .. } => reason,
                other => other.to_string(),
            },
        })?;
        Ok(Self { customer_name, access_id, description, admin_rest_api_url, pem })
    }

    /// The usable key file: the key is read and signs once.
    pub fn into_key_file(self) -> Result<LegacyKeyFile, AuthError> {
        let signing_key = signing_key(&self.pem)?;
        Ok(LegacyKeyFile {
            customer_name: self.customer_name,
            access_id: self.access_id,
            description: self.description,
            admin_rest_api_url: self.admin_rest_api_url,
            signing_key,
        })
    }
}

impl LegacyKeyFile {
    /// Builds a key file (as the simulator and tests need); the key is checked as on load.
    pub fn new(
        customer_name: &str,
        access_id: &str,
        description: &str,
        access_key_pem: &str,
        admin_rest_api_url: &str,
    ) -> Result<Self, AuthError> {
        let json = serde_json::json!({
            "customerName": customer_name, "accessID": access_id, "description": description,
            "accessKey": access_key_pem, "adminRestApiUrl": admin_rest_api_url,
        });
        Self::parse(&json.to_string())
    }

    pub(crate) fn signing_key(&self) -> &EncodingKey {
        &self.signing_key
    }
}

fn signing_key(pem: &Secret) -> Result<EncodingKey, AuthError> {
    let pem = pem.expose();
    let label_ok = pem.contains("-----BEGIN RSA PRIVATE KEY-----")
        || pem.contains("-----BEGIN PRIVATE KEY-----");
    if !label_ok {
        return Err(AuthError::KeyFileField {
            field: "accessKey",
            problem: "expected an RSA private key in PEM form (-----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----)".into(),
        });
    }
    let key = EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| AuthError::KeyFileField {
        field: "accessKey",
        problem: format!("the PEM could not be read as an RSA private key ({e})"),
    })?;
    // Sign once now, so a broken key is reported when the file is loaded, not on the first call.
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &serde_json::json!({}),
        &key,
    )
    .map_err(|e| AuthError::KeyFileField {
        field: "accessKey",
        problem: format!("the key cannot sign with RS256 ({e})"),
    })?;
    Ok(key)
}

fn required_text(map: &Map<String, Value>, field: &'static str) -> Result<String, AuthError> {
    match map.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Some(Value::String(_)) => {
            Err(AuthError::KeyFileField { field, problem: "it is empty".into() })
        }
        Some(_) => Err(AuthError::KeyFileField { field, problem: "it must be a string".into() }),
        None => {
            let near = map.keys().find(|k| k.eq_ignore_ascii_case(field));
            let problem = match near {
                Some(k) => format!(
                    "it is missing (found `{}`; the console's key files spell it `{field}`)",
                    crate::text::sanitize_excerpt(k, 40)
                ),
                None => "it is missing".into(),
            };
            Err(AuthError::KeyFileField { field, problem })
        }
    }
}

fn optional_text(map: &Map<String, Value>, field: &'static str) -> Result<String, AuthError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(AuthError::KeyFileField { field, problem: "it must be a string".into() }),
    }
}

/// PEM pasted through a text field often arrives with its newlines as the two characters `\n`
/// (the Splunk add-on un-escapes them for the same reason) or with CRLF endings.
/// Written into one buffer sized up front, so no unwiped copy of the key is left behind.
fn normalise_pem(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len() + 1);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let newline = ["\\r\\n", "\\n", "\r\n"].iter().find_map(|nl| rest.strip_prefix(nl));
        match newline {
            Some(after) => {
                out.push('\n');
                rest = after;
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    // An escaped newline at either end is white space too; trimming in place keeps the buffer.
    let end = out.trim_end().len();
    out.truncate(end);
    let start = out.len() - out.trim_start().len();
    out.drain(..start);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_newlines_pasted_as_text_are_restored_in_one_buffer() {
        let pem =
            normalise_pem("\\n-----BEGIN X-----\\nQUJD\\r\\nREVG\r\nR0hJ\\n-----END X-----\\n  ");
        assert_eq!(pem, "-----BEGIN X-----\nQUJD\nREVG\nR0hJ\n-----END X-----\n");
        assert_eq!(normalise_pem("a\nb"), "a\nb\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let path = std::env::temp_dir().join(format!("casdesk-perm-{}.key", std::process::id()));
        std::fs::write(&path, "{}").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = check_private(&path).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("permissions 0644") && text.contains("chmod 600"), "{text}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(check_private(&path).is_err(), "group-readable is refused too");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(check_private(&path).is_ok());
        let _ = std::fs::remove_file(&path);
    }

    const PKCS1: &str = include_str!("../../assets/demo/legacy-admin-key.pem");
    const PKCS8: &str = include_str!("../../tests/fixtures/keys/demo-admin-key.pkcs8.pem");
    const URL: &str = "https://co.access.securid.com/AdminInterface/restapi/";

    fn file(access_key: &str) -> String {
        serde_json::json!({"customerName":"Example Corp","accessID":"139f6495-e447-4a26-a765-5c01b6b152d5",
            "description":"helpdesk","accessKey":access_key,"adminRestApiUrl":URL})
        .to_string()
    }

    #[test]
    fn reads_pkcs1_pkcs8_and_escaped_newlines() {
        for pem in [
            PKCS1.to_string(),
            PKCS8.to_string(),
            PKCS1.replace('\n', "\\n"),
            PKCS1.replace('\n', "\r\n"),
        ] {
            let key = LegacyKeyFile::parse(&file(&pem)).unwrap();
            assert_eq!(key.access_id, "139f6495-e447-4a26-a765-5c01b6b152d5");
            assert_eq!(key.admin_rest_api_url, URL);
        }
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut v: Value = serde_json::from_str(&file(PKCS1)).unwrap();
        v["accessKey"] =
            Value::String("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----".into());
        let err = LegacyKeyFile::parse(&v.to_string()).unwrap_err();
        assert!(matches!(err, AuthError::KeyFileField { field: "accessKey", .. }), "{err}");

        let mut v: Value = serde_json::from_str(&file(PKCS1)).unwrap();
        v["adminRestApiUrl"] =
            Value::String("http://co.access.securid.com/AdminInterface/restapi/".into());
        let err = LegacyKeyFile::parse(&v.to_string()).unwrap_err();
        assert!(matches!(err, AuthError::KeyFileField { field: "adminRestApiUrl", .. }), "{err}");
        assert!(err.to_string().contains("https"), "{err}");

        let mut v: Value = serde_json::from_str(&file(PKCS1)).unwrap();
        let id = v.as_object_mut().unwrap().remove("accessID").unwrap();
        v["accessId"] = id;
        let err = LegacyKeyFile::parse(&v.to_string()).unwrap_err().to_string();
        assert!(err.contains("`accessID`") && err.contains("found `accessId`"), "{err}");

        let mut v: Value = serde_json::from_str(&file(PKCS1)).unwrap();
        v["customerName"] = Value::from(7);
        assert!(matches!(
            LegacyKeyFile::parse(&v.to_string()).unwrap_err(),
            AuthError::KeyFileField { field: "customerName", .. }
        ));

        assert!(matches!(
            LegacyKeyFile::parse("[1]").unwrap_err(),
            AuthError::KeyFileInvalid { .. }
        ));
        assert!(matches!(
            LegacyKeyFile::parse("{oops").unwrap_err(),
            AuthError::KeyFileInvalid { .. }
        ));
    }

    #[test]
    fn neither_errors_nor_debug_reveal_the_key() {
        let key = LegacyKeyFile::parse(&file(PKCS1)).unwrap();
        let body_line = PKCS1.lines().nth(1).unwrap();
        assert!(!format!("{key:?}").contains(body_line));
        let broken = PKCS1.replace(body_line, "AAAA");
        let err = LegacyKeyFile::parse(&file(&broken)).unwrap_err().to_string();
        assert!(!err.contains(PKCS1.lines().nth(2).unwrap()), "{err}");
    }
}
