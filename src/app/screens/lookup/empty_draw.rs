//! The Lookup screen before anything is typed: how to look someone up and, on the demo
//! tenant, a few of its users and what each is good for trying (see assets/DEMO-TENANT.md).

use super::LookupScreen;
use crate::app::View;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Demo users worth a first look, and what each shows (all in `assets/demo-tenant.json`).
pub(super) const DEMO_USERS: [(&str, &str); 5] = [
    ("viktor.petrov@example.com", "tokencode locked: unlock it, see why (activity)"),
    ("alice@example.com", "lost phone: replace it (authenticators)"),
    ("george.miller@example.com", "SecurID token: clear its PIN; sync a renamed user"),
    ("grace.hopper@example.com", "disabled: enable her"),
    ("kenji.watanabe@example.com", "Approve and Fingerprint locked: no unlock"),
];

impl LookupScreen {
    pub(super) fn draw_empty(
        &self,
        frame: &mut Frame,
        area: Rect,
        submit: Option<&str>,
        view: &View,
    ) {
        let theme = view.theme;
        let mut text = vec![
            Line::raw(""),
            Line::raw(match submit {
                Some(key) => format!(" Type the user's e-mail address and press {key}."),
                None => " Type the user's e-mail address.".into(),
            }),
            Line::raw(" Only know part of it (garcia, j.doe)? Type that to pick from a list."),
            Line::raw(" A SecurID token in hand? Type its serial number to see whose it is."),
            Line::styled(" The user found is carried to the other screens (2–6).", theme.muted()),
        ];
        if self.demo {
            text.push(Line::raw(""));
            text.push(Line::styled(" On this demo tenant, try:", theme.title()));
            let width = DEMO_USERS.iter().map(|(email, _)| email.len()).max().unwrap_or(0);
            for (email, what) in DEMO_USERS {
                text.push(Line::from(vec![
                    Span::styled(format!("   {email:<width$}  "), theme.accent()),
                    Span::styled(what, theme.muted()),
                ]));
            }
            // Said where it is read, not only in the toast as the console opens.
            text.push(Line::raw(""));
            text.push(Line::styled(
                " This demo keeps what you do between runs; casdesk demo --reset starts over.",
                theme.muted(),
            ));
        }
        frame.render_widget(Paragraph::new(text), area);
    }
}

#[cfg(test)]
mod tests {
    use super::DEMO_USERS;
    use serde_json::Value;

    fn demo_user(email: &str) -> Value {
        let tenant: Value =
            serde_json::from_str(include_str!("../../../../assets/demo-tenant.json")).unwrap();
        let users = tenant["users"].as_array().unwrap();
        users.iter().find(|u| u["email"] == email).cloned().unwrap_or_else(|| panic!("{email}"))
    }

    fn locked(user: &Value) -> Vec<&str> {
        user["locked"]
            .as_array()
            .map_or(Vec::new(), |l| l.iter().filter_map(Value::as_str).collect())
    }

    /// Each user the demo's first screen names is in the demo tenant, in the state it says.
    #[test]
    fn the_demo_users_offered_are_in_the_state_they_are_offered_for() {
        let [viktor, alice, george, grace, kenji] = DEMO_USERS.map(|(email, _)| demo_user(email));
        assert_eq!(locked(&viktor), ["TOKEN"]);
        // Replace phone needs an enabled user whose phone is their only device.
        assert_eq!(alice["devices"].as_array().map(Vec::len), Some(1));
        assert_ne!(alice["enabled"], false);
        assert_eq!(george["sidTokens"][0]["pinSet"], "true", "a PIN to clear");
        assert_eq!(grace["enabled"], false);
        assert_eq!(locked(&kenji), ["APPROVE", "FINGERPRINT"]);
    }
}
