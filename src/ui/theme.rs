//! Themes: TOML files naming a colour for each role on screen.
//!
//! Four are built in (`themes/*.toml`, compiled into the binary). A user's theme file names only
//! what it changes and may start from any built-in with `base = "light"`. A broken file never
//! stops the console: whatever can be read is used, and a message says what was not.
//! With `NO_COLOR` set the console is monochrome; selection and focus then show as reverse and
//! bold, and status as symbol and word, which every screen already shows.

use crate::status::Status;
use ratatui::style::{Color, Modifier, Style};
use std::path::Path;
use std::str::FromStr;

pub const BUILTIN: [(&str, &str); 4] = [
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
    ("colorblind", include_str!("../../themes/colorblind.toml")),
];

/// The roles a theme colours, in file order.
const ROLES: [&str; 14] = [
    "text",
    "muted",
    "accent",
    "border",
    "border_focused",
    "selection_fg",
    "selection_bg",
    "ok",
    "failed",
    "warning",
    "pending",
    "code",
    "demo_badge_fg",
    "demo_badge_bg",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    pub monochrome: bool,
    colors: [Color; ROLES.len()],
}

/// A theme plus anything worth telling the user about how it was loaded.
#[derive(Clone, Debug)]
pub struct LoadedTheme {
    pub theme: Theme,
    pub warnings: Vec<String>,
}

impl Theme {
    /// The built-in default theme.
    pub fn default_dark() -> Self {
        Self::builtin("default").expect("the default theme is built in")
    }

    pub fn builtin(name: &str) -> Option<Self> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        let mut warnings = Vec::new();
        let theme = parse(text, None, &mut warnings).ok()?;
        debug_assert!(warnings.is_empty(), "built-in theme {name}: {warnings:?}");
        Some(theme)
    }

    /// A clean monochrome console for `NO_COLOR`.
    pub fn monochrome() -> Self {
        Self { name: "monochrome".into(), monochrome: true, colors: [Color::Reset; ROLES.len()] }
    }

    /// `choice` is a built-in name or a path to a theme file; `None` is the default.
    /// `no_color` wins over everything.
    pub fn load(choice: Option<&str>, no_color: bool) -> LoadedTheme {
        if no_color {
            return LoadedTheme { theme: Self::monochrome(), warnings: Vec::new() };
        }
        let mut warnings = Vec::new();
        let theme = match choice {
            None => Self::default_dark(),
            Some(name) if Self::builtin(name).is_some() => {
                Self::builtin(name).unwrap_or_else(Self::default_dark)
            }
            Some(path) => match std::fs::read_to_string(Path::new(path)) {
                Ok(text) => parse(&text, Some(path), &mut warnings).unwrap_or_else(|message| {
                    warnings.push(message);
                    Self::default_dark()
                }),
                Err(e) => {
                    warnings.push(format!(
                        "theme {path}: cannot read it ({e}); using the default theme. Built-in themes: {}",
                        builtin_names()
                    ));
                    Self::default_dark()
                }
            },
        };
        LoadedTheme { theme, warnings }
    }

    fn color(&self, role: &str) -> Color {
        ROLES.iter().position(|r| *r == role).map(|i| self.colors[i]).unwrap_or(Color::Reset)
    }

    fn plain(&self, role: &str) -> Style {
        Style::default().fg(self.color(role))
    }

    pub fn text(&self) -> Style {
        self.plain("text")
    }

    pub fn muted(&self) -> Style {
        if self.monochrome {
            Style::default().add_modifier(Modifier::DIM)
        } else {
            self.plain("muted")
        }
    }

    pub fn accent(&self) -> Style {
        if self.monochrome {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            self.plain("accent")
        }
    }

    pub fn title(&self) -> Style {
        self.accent().add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (self.monochrome, focused) {
            (true, true) => Style::default().add_modifier(Modifier::BOLD),
            (true, false) => Style::default(),
            (false, true) => self.plain("border_focused"),
            (false, false) => self.plain("border"),
        }
    }

    /// The selected row of a table: bold, colours untouched (status cells keep theirs).
    pub fn selected_row(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn selection(&self) -> Style {
        if self.monochrome {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().fg(self.color("selection_fg")).bg(self.color("selection_bg"))
        }
    }

    /// The colour of a status; the symbol and word carry the meaning.
    pub fn status(&self, status: Status) -> Style {
        let role = match status {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::Warning => "warning",
            Status::Pending => "pending",
        };
        let style = if self.monochrome { Style::default() } else { self.plain(role) };
        match status {
            Status::Failed | Status::Warning => style.add_modifier(Modifier::BOLD),
            _ => style,
        }
    }

    pub fn code(&self) -> Style {
        let base = if self.monochrome { Style::default() } else { self.plain("code") };
        base.add_modifier(Modifier::BOLD)
    }

    pub fn demo_badge(&self) -> Style {
        if self.monochrome {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
                .fg(self.color("demo_badge_fg"))
                .bg(self.color("demo_badge_bg"))
                .add_modifier(Modifier::BOLD)
        }
    }
}

pub fn builtin_names() -> String {
    BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// Reads a theme file. Unknown keys and unreadable colours are reported and skipped; only text
/// that is not TOML at all fails the whole file.
fn parse(text: &str, origin: Option<&str>, warnings: &mut Vec<String>) -> Result<Theme, String> {
    let label = origin.unwrap_or("built-in theme");
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        format!("theme {label}: not valid TOML ({}); using the default theme", e.message())
    })?;
    let base_name = match table.get("base") {
        None => "default",
        Some(toml::Value::String(name)) if BUILTIN.iter().any(|(n, _)| n == name) => name.as_str(),
        Some(other) => {
            warnings.push(format!(
                "theme {label}: base {other} is not a built-in theme ({}); using default",
                builtin_names()
            ));
            "default"
        }
    };
    let mut theme = if origin.is_some() || base_name != "default" {
        Theme::builtin(base_name).unwrap_or_else(Theme::default_dark)
    } else {
        Theme { name: String::new(), monochrome: false, colors: [Color::Reset; ROLES.len()] }
    };
    theme.name = match table.get("name") {
        Some(toml::Value::String(n)) => n.clone(),
        _ => origin.map(str::to_string).unwrap_or_else(|| base_name.to_string()),
    };
    for key in table.keys().filter(|k| !["name", "base", "colors"].contains(&k.as_str())) {
        warnings.push(format!("theme {label}: unknown setting `{key}` ignored"));
    }
    let Some(colors) = table.get("colors") else {
        return Ok(theme);
    };
    let Some(colors) = colors.as_table() else {
        warnings.push(format!("theme {label}: `colors` must be a table; ignored"));
        return Ok(theme);
    };
    for (key, value) in colors {
        let Some(index) = ROLES.iter().position(|r| r == key) else {
            warnings.push(format!(
                "theme {label}: unknown colour `{key}` ignored (known: {})",
                ROLES.join(", ")
            ));
            continue;
        };
        match value.as_str().map(Color::from_str) {
            Some(Ok(color)) => theme.colors[index] = color,
            _ => warnings.push(format!(
                "theme {label}: `{key}` = {value} is not a colour; kept the base colour"
            )),
        }
    }
    Ok(theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_names_every_role_and_parses_cleanly() {
        for (name, text) in BUILTIN {
            let mut warnings = Vec::new();
            parse(text, None, &mut warnings).unwrap();
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
            let table: toml::Table = text.parse().unwrap();
            let colors = table["colors"].as_table().unwrap();
            for role in ROLES {
                assert!(colors.contains_key(role), "{name} lacks {role}");
            }
        }
    }

    #[test]
    fn status_colours_differ_within_each_theme() {
        for (name, _) in BUILTIN {
            let theme = Theme::builtin(name).unwrap();
            let fgs: std::collections::HashSet<_> =
                [Status::Ok, Status::Failed, Status::Warning, Status::Pending]
                    .map(|s| theme.status(s).fg)
                    .into_iter()
                    .collect();
            assert_eq!(fgs.len(), 4, "{name}");
        }
    }

    #[test]
    fn a_user_theme_overrides_single_keys_on_a_base() {
        let dir = std::env::temp_dir().join(format!("casdesk-theme-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("mine.toml");
        std::fs::write(&path, "base = \"light\"\n[colors]\nok = \"#00ff00\"\nnonsense = \"red\"\nfailed = \"not-a-colour\"\n").unwrap();
        let loaded = Theme::load(Some(path.to_str().unwrap()), false);
        let light = Theme::builtin("light").unwrap();
        assert_eq!(loaded.theme.status(Status::Ok).fg, Some(Color::Rgb(0, 255, 0)));
        assert_eq!(loaded.theme.status(Status::Failed).fg, light.status(Status::Failed).fg);
        assert_eq!(loaded.theme.accent(), light.accent());
        assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
        assert!(loaded.warnings.iter().any(|w| w.contains("nonsense")));
        assert!(loaded.warnings.iter().any(|w| w.contains("`failed`")));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_broken_or_missing_file_falls_back_with_a_message() {
        let dir = std::env::temp_dir().join(format!("casdesk-theme-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("broken.toml");
        std::fs::write(&path, "[colors\nok = ").unwrap();
        let loaded = Theme::load(Some(path.to_str().unwrap()), false);
        assert_eq!(loaded.theme, Theme::default_dark());
        assert!(loaded.warnings[0].contains("not valid TOML"), "{:?}", loaded.warnings);
        let missing = Theme::load(Some("/nonexistent/theme.toml"), false);
        assert_eq!(missing.theme, Theme::default_dark());
        assert!(missing.warnings[0].contains("cannot read"));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn no_color_is_monochrome_but_selection_still_shows() {
        let loaded = Theme::load(Some("light"), true);
        assert!(loaded.theme.monochrome);
        assert_eq!(loaded.theme.status(Status::Ok).fg, None);
        assert!(loaded.theme.selection().add_modifier.contains(Modifier::REVERSED));
    }
}
