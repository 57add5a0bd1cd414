//! Device registration code (`POST v1/users/deviceRegistrationCode`): a one-time code the user
//! types into the authenticator app to register it.

use super::lenient::opt_string;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// The documented `appId` of the RSA Authenticator app for iOS and Android.
pub const MOBILE_APP_ID: &str = "1f00c62b-a5c0-49d3-9ffb-92314d717187";

/// Who the code is for: the service accepts either an e-mail address or a username.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeviceCodeTarget {
    Email(String),
    Username(String),
}

/// Which app will be registered. The vendor table gives an `appId` only for iOS/Android and
/// "N/A" for Windows and macOS, so for those no `appId` is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AuthenticatorApp {
    #[default]
    IosAndroid,
    Windows,
    MacOs,
}

impl AuthenticatorApp {
    pub const ALL: [AuthenticatorApp; 3] = [Self::IosAndroid, Self::Windows, Self::MacOs];

    pub fn app_id(self) -> Option<&'static str> {
        match self {
            Self::IosAndroid => Some(MOBILE_APP_ID),
            Self::Windows | Self::MacOs => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::IosAndroid => "RSA Authenticator for iOS and Android",
            Self::Windows => "RSA Authenticator for Windows",
            Self::MacOs => "RSA Authenticator for macOS",
        }
    }
}

#[derive(Serialize)]
pub(crate) struct DeviceCodeRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<&'a str>,
    #[serde(rename = "appId", skip_serializing_if = "Option::is_none")]
    pub app_id: Option<&'a str>,
}

impl<'a> DeviceCodeRequest<'a> {
    pub fn new(target: &'a DeviceCodeTarget, app: AuthenticatorApp) -> Self {
        let (email, username) = match target {
            DeviceCodeTarget::Email(e) => (Some(e.as_str()), None),
            DeviceCodeTarget::Username(u) => (None, Some(u.as_str())),
        };
        Self { email, username, app_id: app.app_id() }
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct DeviceRegistrationCode {
    /// The example spells it `companyID`, the property table `companyId`: both are read.
    #[serde(default, rename = "companyID", alias = "companyId", deserialize_with = "opt_string")]
    pub company_id: Option<String>,
    /// A string in the example, a Number in the property table: both are read.
    #[serde(rename = "deviceRegistrationCode")]
    pub code: Secret,
    #[serde(default, deserialize_with = "opt_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub username: Option<String>,
    #[serde(default, rename = "expirationDate", deserialize_with = "opt_string")]
    pub expiration_date: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_vendor_example_and_the_table_spelling() {
        let example = include_str!("../../../tests/fixtures/seeds/device-code.response.json");
        let r: DeviceRegistrationCode = serde_json::from_str(example).unwrap();
        assert_eq!(r.company_id.as_deref(), Some("MyCompany"));
        assert_eq!(r.code.expose(), "110690571");
        let table: DeviceRegistrationCode =
            serde_json::from_str(r#"{"companyId":"X","deviceRegistrationCode":110690571}"#)
                .unwrap();
        assert_eq!(table.company_id.as_deref(), Some("X"));
        assert_eq!(table.code.expose(), "110690571");
    }

    #[test]
    fn request_bodies_match_the_vendor_examples() {
        let by_email = DeviceCodeTarget::Email("user.one@mycompany.com".into());
        let sent =
            serde_json::to_value(DeviceCodeRequest::new(&by_email, AuthenticatorApp::IosAndroid))
                .unwrap();
        let example: serde_json::Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/seeds/device-code-by-email.request.json"
        ))
        .unwrap();
        assert_eq!(sent, example);
        let by_name = DeviceCodeTarget::Username("usersusername".into());
        let sent =
            serde_json::to_value(DeviceCodeRequest::new(&by_name, AuthenticatorApp::IosAndroid))
                .unwrap();
        let example: serde_json::Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/seeds/device-code-by-username.request.json"
        ))
        .unwrap();
        assert_eq!(sent, example);
        let windows =
            serde_json::to_value(DeviceCodeRequest::new(&by_name, AuthenticatorApp::Windows))
                .unwrap();
        assert_eq!(windows, serde_json::json!({"username":"usersusername"}));
    }
}
