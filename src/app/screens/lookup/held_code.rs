//! The registration code a phone replacement made, held on screen until the operator hides it
//! or leaves the user: the next change (clearing a token PIN, say) or going back from the list
//! never loses it. Shown in full under the authenticators list, and in short in the user pane.

use super::authenticators;
use super::keys::Keys;
use super::offers::Offers;
use super::{LookupScreen, State};
use crate::api::DeviceRegistrationCode;
use crate::app::View;
use crate::app::keys::Action;
use crate::text::sanitize;
use crate::ui::widgets::{hanging, service_time};
use ratatui::text::{Line, Span};

/// A code, and whose it is (by id, and by the names other screens know them by).
pub(super) struct HeldCode {
    pub user_id: String,
    pub names: Vec<String>,
    pub code: DeviceRegistrationCode,
}

impl LookupScreen {
    /// Holds the code the last replacement made for the user on screen.
    pub(super) fn hold_code(&mut self, code: &DeviceRegistrationCode) {
        if let State::Found { details, .. } = &self.state
            && let Some(id) = &details.id
        {
            let names = [&details.email_address, &details.principal_username]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            self.held = Some(HeldCode { user_id: id.clone(), names, code: code.clone() });
        }
    }

    /// The code held for the user on screen, if any.
    pub(super) fn held_code(&self) -> Option<&DeviceRegistrationCode> {
        let held = self.held.as_ref()?;
        match &self.state {
            State::Found { details, .. } if details.id.as_deref() == Some(&held.user_id) => {
                Some(&held.code)
            }
            _ => None,
        }
    }

    /// A newer code was made for `who` on another screen: the one held for them no longer
    /// works, so it is no longer shown.
    pub(super) fn drop_code_replaced_for(&mut self, who: &str) {
        // By the names kept with the code: whatever Lookup shows now (a search, a failure).
        if self.held.as_ref().is_some_and(|h| h.names.iter().any(|n| n.eq_ignore_ascii_case(who))) {
            self.held = None;
        }
    }

    /// A user was found: the code stays only if it is theirs (a refresh, a change).
    pub(super) fn keep_code_for(&mut self, user_id: Option<&str>) {
        if self.held.as_ref().is_some_and(|h| Some(h.user_id.as_str()) != user_id) {
            self.held = None;
        }
    }
}

/// "c to copy · h to hide" (or, `short`, "c copy · h hide"), with the keys in effect.
fn keys_hint(view: &View, state: Keys, short: bool) -> String {
    let to = if short { "" } else { " to" };
    let copy = view.key(state, Action::Copy).map(|k| format!("{k}{to} copy"));
    let hide = view.key(state, Action::Clear).map(|k| format!("{k}{to} hide"));
    let both: Vec<String> = [copy, hide].into_iter().flatten().collect();
    if both.is_empty() { String::new() } else { format!("  ({})", both.join(" · ")) }
}

/// The new phone's registration code under the authenticators list, masked until revealed.
pub(super) fn code_lines(
    code: &DeviceRegistrationCode,
    view: &View,
    width: u16,
) -> Vec<Line<'static>> {
    let theme = view.theme;
    let list = authenticators::Keys::List { offers: Offers::for_row(None), code: true };
    let hint = keys_hint(view, Keys::Authenticators(list), false);
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::styled(" Registration code ", theme.muted()),
            Span::styled(view.code(code.code.expose()), theme.accent()),
            Span::styled(hint, theme.muted()),
        ]),
    ];
    if let Some(expires) = &code.expiration_date {
        lines.push(Line::from(vec![
            Span::styled(" Expires           ", theme.muted()),
            Span::raw(service_time(expires, &view.clock)),
        ]));
    }
    if let Some(company) = &code.company_id {
        lines.push(Line::from(vec![
            Span::styled(" Company ID        ", theme.muted()),
            Span::raw(sanitize(company)),
        ]));
    }
    let how = "On the new phone: install RSA Authenticator and register it with this code (and \
               the Company ID). It works once.";
    lines.extend(
        hanging(vec![Span::raw(" ")], how, width).into_iter().map(|line| line.style(theme.muted())),
    );
    lines
}

/// The same code in the user pane, in rows under the labels there.
pub(super) fn code_rows(code: &DeviceRegistrationCode, view: &View) -> Vec<Line<'static>> {
    let theme = view.theme;
    let state = Keys::Found { listed: false, code: true, offers: super::offers::Offers::NONE };
    let label = |text: &str| Span::styled(format!(" {text:<16}"), theme.muted());
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            label("New phone code"),
            Span::styled(view.code(code.code.expose()), theme.accent()),
            Span::styled(keys_hint(view, state, true), theme.muted()),
        ]),
    ];
    if let Some(expires) = &code.expiration_date {
        lines.push(Line::from(vec![
            label("Code expires"),
            Span::raw(service_time(expires, &view.clock)),
        ]));
    }
    if let Some(company) = &code.company_id {
        lines.push(Line::from(vec![label("Company ID"), Span::raw(sanitize(company))]));
    }
    lines
}
