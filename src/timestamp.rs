//! The one spelling of "now" that journals and the audit record write: RFC 3339, UTC. Apart
//! from both, so neither reaches into the other for it.

pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
