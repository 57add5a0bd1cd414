//! The three reports as CSV, made from the tenant as it is when generate is asked. RSA does not
//! publish the columns; these are the simulator's choice, the fields the Admin API itself
//! shows for users, SecurID 700 tokens and registered devices, under plain headings:
//! - users: one row per user in CAS (synchronised), ascending by address.
//! - hardware_tokens: one row per SecurID 700 token, assigned ones (with their holder) then
//!   the unassigned pool, each by serial number.
//! - mfa_clients: one row per registered device (the RSA Authenticator app and the like; not
//!   browsers, not FIDO credentials, not hardware tokens), by holder then registration date.
//!
//! RFC 4180: CRLF line ends, a field quoted when it holds a comma, a quote or a line end.

use crate::sim::model::User;
use crate::sim::tenant::Tenant;

const USERS: [&str; 15] = [
    "Email",
    "First Name",
    "Last Name",
    "Principal Username",
    "Alternate Username",
    "Identity Source",
    "Status",
    "Marked For Deletion",
    "Locked Methods",
    "High Risk",
    "Created",
    "Last Synchronized",
    "Last Authentication",
    "Registered Devices",
    "Hardware Tokens",
];

const HARDWARE_TOKENS: [&str; 11] = [
    "Serial Number",
    "Token Name",
    "State",
    "Status",
    "Assigned To",
    "Assigned At",
    "Assigned By",
    "Expiry Date",
    "PIN Set",
    "Status Changed At",
    "Status Changed By",
];

const MFA_CLIENTS: [&str; 8] = [
    "User Email",
    "Device Name",
    "Device Type",
    "Capabilities",
    "Serial Number",
    "Registered",
    "Last Updated",
    "Status",
];

/// The report of `kind` (a path name), or `None` for a kind there is none of.
pub fn report(tenant: &Tenant, kind: &str) -> Option<String> {
    let mut users: Vec<&User> = tenant.users.iter().filter(|u| u.synced).collect();
    users.sort_by_key(|u| u.email.to_lowercase());
    let rows: Vec<Vec<String>> = match kind {
        "users" => users.iter().map(|u| user_row(u)).collect(),
        "hardware_tokens" => token_rows(tenant, &users),
        "mfa_clients" => device_rows(&users),
        _ => return None,
    };
    let header: &[&str] = match kind {
        "users" => &USERS,
        "hardware_tokens" => &HARDWARE_TOKENS,
        _ => &MFA_CLIENTS,
    };
    let mut out = line(header.iter().map(|h| h.to_string()));
    for row in rows {
        out.push_str(&line(row.into_iter()));
    }
    Some(out)
}

fn user_row(u: &User) -> Vec<String> {
    let locks = [
        (u.locks.token, "TOKEN"),
        (u.locks.sms, "SMS"),
        (u.locks.voice, "VOICE"),
        (u.locks.fingerprint, "FINGERPRINT"),
        (u.locks.approve, "APPROVE"),
    ];
    let locked: Vec<&str> = locks.iter().filter(|(on, _)| *on).map(|(_, name)| *name).collect();
    let devices = u.devices.iter().filter(|d| !is_browser(&d.device_type)).count();
    vec![
        u.email.clone(),
        u.first_name.clone(),
        u.last_name.clone(),
        u.principal_username.clone(),
        u.alternate_username.clone(),
        u.identity_source.clone(),
        if u.enabled { "Enabled" } else { "Disabled" }.into(),
        yes_no(u.mark_deleted.is_some()),
        locked.join(" "),
        yes_no(u.high_risk),
        u.creation_date.clone(),
        u.last_sync.clone().unwrap_or_default(),
        u.last_authentication.as_ref().map(|a| a.date.clone()).unwrap_or_default(),
        devices.to_string(),
        u.sid_tokens.len().to_string(),
    ]
}

fn token_rows(tenant: &Tenant, users: &[&User]) -> Vec<Vec<String>> {
    let mut assigned: Vec<Vec<String>> = users
        .iter()
        .flat_map(|u| {
            u.sid_tokens.iter().map(move |t| {
                vec![
                    t.token_serial_number.clone(),
                    t.token_name.clone().unwrap_or_default(),
                    t.token_state.clone(),
                    t.token_status.clone(),
                    u.email.clone(),
                    t.assigned_at.clone(),
                    t.assigned_by.clone(),
                    t.expiry_date.clone(),
                    t.pin_set.clone(),
                    t.token_status_changed_at.clone().unwrap_or_default(),
                    t.token_status_changed_by.clone().unwrap_or_default(),
                ]
            })
        })
        .collect();
    assigned.sort_by(|a, b| a[0].cmp(&b[0]));
    let mut pool: Vec<Vec<String>> = tenant
        .unassigned_tokens
        .iter()
        .map(|t| {
            let mut row = vec![String::new(); HARDWARE_TOKENS.len()];
            row[0] = t.token_serial_number.clone();
            row[2] = "Unassigned".into();
            row[7] = t.expiry_date.clone();
            row
        })
        .collect();
    pool.sort_by(|a, b| a[0].cmp(&b[0]));
    assigned.extend(pool);
    assigned
}

fn device_rows(users: &[&User]) -> Vec<Vec<String>> {
    users
        .iter()
        .flat_map(|u| {
            let mut devices: Vec<_> =
                u.devices.iter().filter(|d| !is_browser(&d.device_type)).collect();
            devices.sort_by(|a, b| a.registered_date.cmp(&b.registered_date));
            devices.into_iter().map(move |d| {
                vec![
                    u.email.clone(),
                    d.name.clone(),
                    d.device_type.clone(),
                    d.capabilities.clone(),
                    d.device_serial_number.clone().unwrap_or_default(),
                    d.registered_date.clone(),
                    d.updated_at.clone(),
                    d.status.clone(),
                ]
            })
        })
        .collect()
}

fn is_browser(device_type: &str) -> bool {
    device_type.eq_ignore_ascii_case("BROWSER")
}

fn yes_no(on: bool) -> String {
    if on { "Yes" } else { "No" }.into()
}

/// One CSV record, CRLF-ended.
fn line(fields: impl Iterator<Item = String>) -> String {
    let fields: Vec<String> = fields.map(|f| field(&f)).collect();
    fields.join(",") + "\r\n"
}

fn field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::tenant_file::{DEMO_TENANT_JSON, load};

    #[test]
    fn fields_are_quoted_as_rfc_4180_asks() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(line(["a".to_string(), "b\nc".into()].into_iter()), "a,\"b\nc\"\r\n");
    }

    #[test]
    fn each_report_has_its_header_and_a_row_per_thing() {
        let t = load(DEMO_TENANT_JSON, time::OffsetDateTime::now_utc()).unwrap();
        let users = report(&t, "users").unwrap();
        assert!(users.starts_with("Email,First Name,"));
        let synced = t.users().iter().filter(|u| u.synced).count();
        assert_eq!(users.lines().count(), synced + 1);
        let tokens = report(&t, "hardware_tokens").unwrap();
        let held: usize = t.users().iter().filter(|u| u.synced).map(|u| u.sid_tokens.len()).sum();
        assert_eq!(tokens.lines().count(), 1 + held + t.unassigned_tokens.len());
        assert!(report(&t, "mfa_clients").unwrap().starts_with("User Email,Device Name"));
        assert!(report(&t, "browsers").is_none());
    }
}
