//! `casdesk lookup`: users' details, status, locks, emergency access and devices, four at a
//! time, one record each in input order.

use super::{Input, Output, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::UserDetails;
use casdesk::audit::UserResult;
use clap::Args;
use futures_util::StreamExt;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct LookupArgs {
    /// Also search the identity source for users not synchronised yet (slower)
    #[arg(long)]
    unsynched: bool,
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// `casdesk lookup`: four at a time, results in input order.
pub async fn lookup(tenant: &Tenant, args: &LookupArgs) -> Result<ExitCode, String> {
    let list = args.input.read()?;
    let records: Vec<Record> = futures_util::stream::iter(list.emails.iter())
        .map(|email| lookup_one(tenant, email, args.unsynched))
        .buffered(4)
        .collect()
        .await;
    let failed = records.iter().filter(|r| r[1].1.text() != "OK").count() + list.malformed.len();
    args.output.write(&records)?;
    Ok(exit(failed))
}

async fn lookup_one(tenant: &Tenant, email: &str, unsynched: bool) -> Record {
    let client = &tenant.client;
    let details = client.lookup_user(email, unsynched).await;
    tenant.record(
        "lookup",
        vec![match &details {
            Ok(_) => UserResult::ok(email),
            Err(e) => UserResult::failed(email, e.to_string()),
        }],
    );
    // A count, or null with the reason in `error` (the user was still found).
    let devices = match details.as_ref().ok().and_then(|d| d.id.clone()) {
        Some(id) => client
            .user_authenticators(&id)
            .await
            // Trusted browsers are listed too now; they are not registered devices.
            .map(|a| a.devices.iter().filter(|d| !d.is_browser()).count())
            .map_err(|e| format!("the devices could not be listed: {e}")),
        None => Err(String::new()),
    };
    match details {
        Ok(d) => user_record(email, &d, devices),
        Err(e) => {
            // Same columns as a found user, so CSV stays rectangular.
            let mut record = user_record(email, &UserDetails::default(), Err(String::new()));
            for (key, value) in &mut record {
                *value = match *key {
                    "email" => email.into(),
                    "status" => "FAILED".into(),
                    "error" => e.to_string().into(),
                    _ => Value::Null,
                };
            }
            record
        }
    }
}

fn user_record(email: &str, d: &UserDetails, devices: Result<usize, String>) -> Record {
    let text = |v: &Option<String>| Value::from(v.clone());
    let status = Value::from(d.user_status.as_ref().map(|s| s.as_str().to_string()));
    let emergency = if d.has_emergency_tokencode() {
        format!("active until {}", d.emergency_tokencode_expiration.as_deref().unwrap_or(""))
    } else {
        "none".into()
    };
    let (devices, error) = match devices {
        Ok(n) => (Value::from(n), Value::Null),
        Err(e) => (Value::Null, Value::from(e)),
    };
    vec![
        ("email", d.email_address.clone().unwrap_or_else(|| email.to_string()).into()),
        ("status", "OK".into()),
        ("error", error),
        ("id", text(&d.id)),
        ("name", d.display_name().into()),
        ("user_status", status),
        ("identity_source", text(&d.identity_source)),
        ("username", text(&d.principal_username)),
        ("locked_methods", d.locked_methods().join(" ").into()),
        ("high_risk", d.high_risk_user.into()),
        ("marked_for_deletion", d.mark_deleted.into()),
        ("deletion_due", deletion_due(d)),
        ("emergency_tokencode", emergency.into()),
        ("last_sign_in", text(&d.last_successful_authentication_date)),
        ("devices", devices),
    ]
}

/// When the service deletes a marked user: 7 days after the mark (RFC 3339, UTC); null when
/// not marked or the service did not say when.
fn deletion_due(d: &UserDetails) -> Value {
    let due = (d.mark_deleted == Some(true))
        .then(|| casdesk::api::parse_service_time(d.mark_deleted_at.as_deref()?))
        .flatten()
        .map(|at| at + time::Duration::days(7));
    let text = due.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok());
    text.map_or(Value::Null, Value::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(first: Option<&str>, last: Option<&str>) -> Value {
        let details: UserDetails = serde_json::from_value(serde_json::json!({
            "emailAddress": "a@example.com", "firstName": first, "lastName": last,
        }))
        .unwrap();
        let record = user_record("a@example.com", &details, Ok(0));
        record.into_iter().find(|(c, _)| *c == "name").unwrap().1
    }

    #[test]
    fn an_empty_first_name_gives_no_leading_space() {
        assert_eq!(named(Some(""), Some("Okafor")), Value::from("Okafor"));
        assert_eq!(named(None, Some("Okafor")), Value::from("Okafor"));
        assert_eq!(named(Some("Nadia"), Some(" ")), Value::from("Nadia"));
        assert_eq!(named(Some(""), None), Value::Null);
    }

    proptest::proptest! {
        /// Whatever the names, the name column never starts or ends with a space.
        #[test]
        fn a_name_is_never_padded(first in "[ a-z]{0,6}", last in "[ a-z]{0,6}") {
            match named(Some(&first), Some(&last)) {
                Value::Text(name) => {
                    proptest::prop_assert_eq!(name.trim(), name.as_str());
                    proptest::prop_assert!(!name.is_empty());
                }
                other => proptest::prop_assert_eq!(other, Value::Null),
            }
        }
    }
}
