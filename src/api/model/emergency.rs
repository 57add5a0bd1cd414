//! Emergency tokencode (Emergency Access Code): enable with `PUT v2/users/{id}/emergencyTokencode`,
//! disable with `DELETE v1/users/{id}/emergencyTokencode/{eacId}`.

use super::lenient::{opt_bool, opt_object, opt_secret, opt_string};
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EacExpiryUnit {
    Minutes,
    Hours,
    Days,
}

impl EacExpiryUnit {
    pub fn wire(self) -> &'static str {
        match self {
            Self::Minutes => "minutes",
            Self::Hours => "hours",
            Self::Days => "days",
        }
    }

    fn minutes(self) -> u64 {
        match self {
            Self::Minutes => 1,
            Self::Hours => 60,
            Self::Days => 24 * 60,
        }
    }
}

/// Enable options. Everything is optional: the tenant's defaults apply to what is left out,
/// and a locked company configuration overrides the request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EnableEmergencyTokencode {
    #[serde(rename = "oneTimeUse", skip_serializing_if = "Option::is_none")]
    pub one_time_use: Option<bool>,
    #[serde(rename = "expiryUnit", skip_serializing_if = "Option::is_none")]
    expiry_unit: Option<EacExpiryUnit>,
    #[serde(rename = "expiryValue", skip_serializing_if = "Option::is_none")]
    expiry_value: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "emergency tokencode validity must be from 1 minute to 7 days; {given} is outside that range"
)]
pub struct EacExpiryOutOfRange {
    pub given: String,
}

impl EnableEmergencyTokencode {
    /// Options with one-time use set or left to the tenant (`None`), and the tenant's expiry.
    pub fn new(one_time_use: Option<bool>) -> Self {
        Self { one_time_use, ..Self::default() }
    }

    /// The service takes unit and value together, from 1 minute to 7 days.
    pub fn with_expiry(
        mut self,
        value: u32,
        unit: EacExpiryUnit,
    ) -> Result<Self, EacExpiryOutOfRange> {
        let minutes = u64::from(value) * unit.minutes();
        if !(1..=7 * 24 * 60).contains(&minutes) {
            return Err(EacExpiryOutOfRange { given: format!("{value} {}", unit.wire()) });
        }
        self.expiry_unit = Some(unit);
        self.expiry_value = Some(value);
        Ok(self)
    }

    pub fn expiry(&self) -> Option<(u32, EacExpiryUnit)> {
        self.expiry_value.zip(self.expiry_unit)
    }
}

/// What enable returns: the code to read out, its id (needed to disable it) and its expiry.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmergencyTokencode {
    #[serde(default, deserialize_with = "opt_string")]
    pub emergency_tokencode_id: Option<String>,
    #[serde(default, deserialize_with = "opt_secret")]
    pub emergency_tokencode: Option<Secret>,
    #[serde(default, deserialize_with = "opt_string")]
    pub expiration_date: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub offline_expiration_date: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub one_time_use: Option<bool>,
    #[serde(default, deserialize_with = "opt_object")]
    pub configurations_used: Option<EacConfiguration>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub configurations_locked: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EacConfiguration {
    #[serde(default, deserialize_with = "opt_string")]
    pub expiry_value: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub expiry_unit: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    pub one_time_use: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enable_body_matches_the_documented_example() {
        let mut req = EnableEmergencyTokencode { one_time_use: Some(true), ..Default::default() };
        req = req.with_expiry(4, EacExpiryUnit::Hours).unwrap();
        assert_eq!(
            serde_json::to_value(req).unwrap(),
            serde_json::json!({"oneTimeUse": true, "expiryUnit": "hours", "expiryValue": 4})
        );
        assert_eq!(
            serde_json::to_value(EnableEmergencyTokencode::default()).unwrap(),
            serde_json::json!({})
        );
    }

    #[test]
    fn expiry_is_one_minute_to_seven_days() {
        let base = EnableEmergencyTokencode::default();
        assert!(base.with_expiry(1, EacExpiryUnit::Minutes).is_ok());
        assert!(base.with_expiry(7, EacExpiryUnit::Days).is_ok());
        assert!(base.with_expiry(168, EacExpiryUnit::Hours).is_ok());
        assert!(base.with_expiry(169, EacExpiryUnit::Hours).is_err());
        assert!(base.with_expiry(0, EacExpiryUnit::Days).is_err());
        assert!(
            base.with_expiry(8, EacExpiryUnit::Days).unwrap_err().to_string().contains("8 days")
        );
    }

    #[test]
    fn reads_the_v2_response() {
        let r: EmergencyTokencode = serde_json::from_str(
            r#"{"emergencyTokencodeId":"f10d","emergencyTokencode":"12345678",
                "expirationDate":"2018-09-06T15:34:44.000Z","oneTimeUse":true,
                "configurationsUsed":{"expiryValue":4,"expiryUnit":"hours","oneTimeUse":true},
                "configurationsLocked":false}"#,
        )
        .unwrap();
        assert_eq!(r.emergency_tokencode.unwrap().expose(), "12345678");
        assert_eq!(r.configurations_used.unwrap().expiry_value.as_deref(), Some("4"));
    }
}
