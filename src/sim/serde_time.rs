//! How the saved tenant writes time: a duration as seconds, a moment as RFC 3339 text. For the
//! serde attributes of the model's values (`model.rs`) and of the snapshot (`snapshot.rs`);
//! its own file so the model, which the snapshot saves, does not reach up into it.

/// A duration as seconds (a JSON number).
pub(crate) mod seconds {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &time::Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_seconds_f64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<time::Duration, D::Error> {
        let secs = f64::deserialize(d)?;
        time::Duration::checked_seconds_f64(secs)
            .ok_or_else(|| serde::de::Error::custom("a duration out of range"))
    }
}

/// A moment as RFC 3339 text.
pub(crate) mod instant {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;

    pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format(&Rfc3339).map_err(serde::ser::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let text = String::deserialize(d)?;
        OffsetDateTime::parse(&text, &Rfc3339).map_err(serde::de::Error::custom)
    }
}
