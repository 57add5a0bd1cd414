//! The DS100s and trusted browsers in the found user's authenticators beside their details:
//! each under its own heading, with its state in words.

use crate::api::Device;
use crate::text::sanitize;
use crate::ui::theme::Theme;
use ratatui::text::Line;

pub(super) fn ds100_and_browsers(devices: &[&Device], theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let text = |v: Option<&str>| v.map(sanitize).unwrap_or_default();
    let ds100: Vec<_> = devices.iter().filter(|d| d.is_ds100()).collect();
    if !ds100.is_empty() {
        lines.push(Line::styled(format!(" DS100 ({})", ds100.len()), theme.title()));
        for d in ds100 {
            let serial = text(d.device_serial_number.as_deref());
            let status = text(d.token_status.as_deref());
            lines.push(Line::styled(format!("  {serial} · OTP {status}"), theme.text()));
        }
    }
    let browsers: Vec<_> = devices.iter().filter(|d| d.is_browser()).collect();
    if !browsers.is_empty() {
        lines.push(Line::styled(format!(" Browsers ({})", browsers.len()), theme.title()));
        for d in browsers {
            let name = text(d.browser.as_deref().or(d.name.as_deref()));
            lines.push(Line::styled(format!("  {name}"), theme.text()));
        }
    }
    lines
}
