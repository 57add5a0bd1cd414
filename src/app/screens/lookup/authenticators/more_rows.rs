//! How a SecurID DS100 and a trusted browser are drawn on the authenticators list: their row
//! and what is known of the one chosen. Status in words, never by colour alone.

use crate::api::Device;
use crate::app::View;
use crate::text::sanitize;
use crate::ui::widgets::{service_date, service_time};

fn text(value: Option<&str>) -> String {
    value.map(sanitize).filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "—".into())
}

/// "DS100 140100080 · OTP Disabled · no PIN".
pub(super) fn ds100_row(d: &Device) -> String {
    let mut parts = vec![format!("DS100 {}", text(d.device_serial_number.as_deref()))];
    parts.push(format!("OTP {}", text(d.token_status.as_deref().or(d.token_state.as_deref()))));
    match d.pin_set {
        Some(true) => parts.push("PIN set".into()),
        Some(false) => parts.push("no PIN".into()),
        None => {}
    }
    parts.join(" · ")
}

/// "Chrome 131 · Chrome on Windows · trusted 11 Oct 2025".
pub(super) fn browser_row(d: &Device, view: &View) -> String {
    let mut parts = vec![text(d.browser.as_deref().or(d.name.as_deref()))];
    if d.browser.is_some() {
        parts.push(text(d.name.as_deref()));
    }
    if let Some(date) = &d.registered_date {
        parts.push(format!("trusted {}", service_date(date, &view.clock)));
    }
    parts.join(" · ")
}

pub(super) fn ds100_details(d: &Device, view: &View) -> Vec<(&'static str, Option<String>)> {
    let time = |t: &Option<String>| t.as_deref().map(|t| service_time(t, &view.clock));
    vec![
        ("SecurID DS100", d.device_serial_number.as_deref().map(sanitize)),
        ("Name", d.name.as_deref().map(sanitize)),
        ("OTP serial", d.token_serial_number.as_deref().map(sanitize)),
        ("OTP status", d.token_status.as_deref().map(sanitize)),
        ("State", d.token_state.as_deref().map(sanitize)),
        ("PIN", d.pin_set.map(|p| if p { "set" } else { "not set" }.to_string())),
        ("Registered", time(&d.registered_date)),
    ]
}

pub(super) fn browser_details(d: &Device, view: &View) -> Vec<(&'static str, Option<String>)> {
    let time = |t: &Option<String>| t.as_deref().map(|t| service_time(t, &view.clock));
    vec![
        ("Browser", d.browser.as_deref().map(sanitize)),
        ("Name", d.name.as_deref().map(sanitize)),
        ("Trusted since", time(&d.registered_date)),
        ("Last used", time(&d.updated_at)),
        ("Status", d.status.as_deref().map(sanitize)),
        ("Id", d.id.as_deref().map(sanitize)),
    ]
}
