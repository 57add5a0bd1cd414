//! The tenant's reports: for each of the three kinds, when it was last generated, when that
//! report is ready, its CSV (taken when it was generated), and when it was last downloaded.
//! The rules (8 hours between generates, 15 minutes between downloads, per tenant and kind)
//! are in `reports.rs`; this file only keeps the values, saved with the tenant.

use crate::sim::serde_time::instant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Duration, OffsetDateTime};

/// "You can generate the reports only every 8 hours" (RSA's page).
pub const GENERATE_EVERY: Duration = Duration::hours(8);
/// "… and they can be downloaded only once every 15 minutes per tenant".
pub const DOWNLOAD_EVERY: Duration = Duration::minutes(15);
/// How long a report takes to be made, by the tenant clock: long enough for a console to show
/// that it waits, short enough for a demo.
pub const GENERATION_TAKES: Duration = Duration::seconds(5);

/// The three kinds, as the path spells them.
pub const KINDS: [&str; 3] = ["users", "hardware_tokens", "mfa_clients"];

/// One kind's report.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    #[serde(with = "instant")]
    pub generated_at: OffsetDateTime,
    #[serde(with = "instant")]
    pub ready_at: OffsetDateTime,
    /// The tenant as it was when generate was asked.
    pub csv: String,
    #[serde(default, with = "maybe_instant")]
    pub downloaded_at: Option<OffsetDateTime>,
}

/// Every kind's latest report, by path name.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Reports(pub BTreeMap<String, Report>);

impl Reports {
    pub fn get(&self, kind: &str) -> Option<&Report> {
        self.0.get(kind)
    }

    /// A new report of `kind` replaces the last one (its download time goes with it: the
    /// download limit is about downloads, and a new report has had none).
    pub fn generated(&mut self, kind: &str, now: OffsetDateTime, csv: String) {
        let report = Report {
            generated_at: now,
            ready_at: now + GENERATION_TAKES,
            csv,
            downloaded_at: None,
        };
        self.0.insert(kind.to_string(), report);
    }

    pub fn downloaded(&mut self, kind: &str, now: OffsetDateTime) {
        if let Some(r) = self.0.get_mut(kind) {
            r.downloaded_at = Some(now);
        }
    }
}

/// When `kind` may be generated again, if not yet at `now`.
pub fn generate_refused_until(
    reports: &Reports,
    kind: &str,
    now: OffsetDateTime,
) -> Option<OffsetDateTime> {
    let until = reports.get(kind)?.generated_at + GENERATE_EVERY;
    (now < until).then_some(until)
}

/// When `kind` may be downloaded again, if not yet at `now`.
pub fn download_refused_until(
    reports: &Reports,
    kind: &str,
    now: OffsetDateTime,
) -> Option<OffsetDateTime> {
    let until = reports.get(kind)?.downloaded_at? + DOWNLOAD_EVERY;
    (now < until).then_some(until)
}

/// An optional moment as RFC 3339 text, or null.
mod maybe_instant {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;

    pub fn serialize<S: Serializer>(t: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.format(&Rfc3339).map_err(serde::ser::Error::custom)?),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| OffsetDateTime::parse(&text, &Rfc3339).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn limits_run_from_the_last_generate_and_the_last_download() {
        let t0 = datetime!(2026-12-08 10:00 UTC);
        let mut r = Reports::default();
        assert_eq!(generate_refused_until(&r, "users", t0), None);
        r.generated("users", t0, "h\r\n".into());
        assert_eq!(
            generate_refused_until(&r, "users", t0 + Duration::hours(7)),
            Some(t0 + GENERATE_EVERY)
        );
        assert_eq!(generate_refused_until(&r, "users", t0 + GENERATE_EVERY), None);
        assert_eq!(generate_refused_until(&r, "mfa_clients", t0), None, "each kind its own");
        assert_eq!(download_refused_until(&r, "users", t0), None);
        r.downloaded("users", t0 + Duration::seconds(10));
        let until = t0 + Duration::seconds(10) + DOWNLOAD_EVERY;
        assert_eq!(download_refused_until(&r, "users", t0 + Duration::minutes(5)), Some(until));
        assert_eq!(download_refused_until(&r, "users", until), None);
        let json = serde_json::to_string(&r).unwrap();
        let back: Reports = serde_json::from_str(&json).unwrap();
        assert_eq!(back.get("users").unwrap().downloaded_at, r.get("users").unwrap().downloaded_at);
    }
}
