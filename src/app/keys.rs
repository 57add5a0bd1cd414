//! Key bindings as data. A screen lists the bindings that work in its current state; the same
//! list decides what a key does, fills the footer and writes the help overlay, so none of the
//! three can disagree with the others.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask for, on any screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    // Global
    GoTo(usize),
    NextScreen,
    PrevScreen,
    Help,
    Quit,
    Reveal,
    // Moving around a form or a table
    Submit,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Edit,
    /// Tab and Shift-Tab (and ↑↓) in a form: to the next or previous field, ready to type.
    NextField,
    PrevField,
    /// The first and last rows of a long table (Home/End, g/G).
    First,
    Last,
    Toggle,
    ToggleBack,
    // Specific
    Copy,
    ToggleMode,
    LoadFile,
    Export,
    Filter,
    Search,
    Clear,
    Confirm,
    Cancel,
    Disable,
    Refresh,
    /// A declared action (`actions/declared/`), by its command name: on the user a lookup
    /// found, on a row of their authenticators, or the form that makes one.
    Declared(&'static str),
    /// From a user picked off search matches back to the matches.
    BackToMatches,
    /// Open the Activity screen for the user a lookup found.
    ShowActivity,
    /// Cycle the time range or the event code a list is filtered by.
    CycleRange,
    CycleCode,
    /// The user's authenticators list, on Lookup.
    ManageAuthenticators,
    /// Copy the ticket note: what was done for the carried user this session.
    TicketNote,
    /// Verify the carried user's caller (Live Verification, or a recorded override).
    VerifyCaller,
    /// Follow the user's sign-ins as they happen (Activity), or stop.
    Follow,
    /// In the verify dialog: Live Verification, the sign-in challenge, an override.
    LiveVerification,
    SignInChallenge,
    Override,
    /// Give (or change, or clear) the ticket this call is for.
    Ticket,
    /// Send the users of a finished bulk run that failed or are in doubt again.
    SendAgain,
    /// Ask the service to make a report (Reports screen).
    GenerateReport,
}

impl Action {
    /// Every action a keymap can rebind, by the name it uses. (Screen digits are not
    /// rebindable: the digits are the screens' numbers.)
    pub const NAMED: [(&'static str, Action); 43] = [
        ("next_screen", Action::NextScreen),
        ("previous_screen", Action::PrevScreen),
        ("help", Action::Help),
        ("quit", Action::Quit),
        ("reveal", Action::Reveal),
        ("submit", Action::Submit),
        ("back", Action::Back),
        ("up", Action::Up),
        ("down", Action::Down),
        ("page_up", Action::PageUp),
        ("page_down", Action::PageDown),
        ("edit", Action::Edit),
        ("next_field", Action::NextField),
        ("previous_field", Action::PrevField),
        ("first", Action::First),
        ("last", Action::Last),
        ("change", Action::Toggle),
        ("change_back", Action::ToggleBack),
        ("copy", Action::Copy),
        ("switch_mode", Action::ToggleMode),
        ("open_file", Action::LoadFile),
        ("export", Action::Export),
        ("filter", Action::Filter),
        ("search", Action::Search),
        ("clear", Action::Clear),
        ("confirm", Action::Confirm),
        ("cancel", Action::Cancel),
        ("disable", Action::Disable),
        ("refresh", Action::Refresh),
        ("back_to_matches", Action::BackToMatches),
        ("show_activity", Action::ShowActivity),
        ("time_range", Action::CycleRange),
        ("event_code", Action::CycleCode),
        ("authenticators", Action::ManageAuthenticators),
        ("ticket_note", Action::TicketNote),
        ("verify_caller", Action::VerifyCaller),
        ("follow_sign_ins", Action::Follow),
        ("live_verification", Action::LiveVerification),
        ("sign_in_challenge", Action::SignInChallenge),
        ("override", Action::Override),
        ("ticket", Action::Ticket),
        ("send_again", Action::SendAgain),
        ("generate_report", Action::GenerateReport),
    ];

    /// An action by its keymap name (a declared action's `key_name`).
    pub fn from_name(name: &str) -> Option<Action> {
        Self::NAMED.iter().find(|(n, _)| *n == name).map(|(_, a)| *a).or_else(|| {
            crate::actions::declared::by_key_name(name).map(|d| Action::Declared(d.command))
        })
    }

    pub fn name(self) -> &'static str {
        if let Action::Declared(command) = self {
            return crate::actions::declared::by_command(command).map_or(command, |d| d.key_name);
        }
        Self::NAMED.iter().find(|(_, a)| *a == self).map_or("go_to_screen", |(n, _)| n)
    }
}

/// One key as the user presses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    pub fn label(self) -> String {
        match self {
            Self::Char(' ') => "Space".into(),
            Self::Char(c) => c.to_string(),
            Self::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Self::Enter => "Enter".into(),
            Self::Esc => "Esc".into(),
            Self::Tab => "Tab".into(),
            Self::BackTab => "Shift-Tab".into(),
            Self::Up => "↑".into(),
            Self::Down => "↓".into(),
            Self::Left => "←".into(),
            Self::Right => "→".into(),
            Self::PageUp => "PgUp".into(),
            Self::PageDown => "PgDn".into(),
            Self::Home => "Home".into(),
            Self::End => "End".into(),
        }
    }

    pub fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match (self, event.code) {
            (Self::Char(c), KeyCode::Char(got)) => !ctrl && got == c,
            (Self::Ctrl(c), KeyCode::Char(got)) => ctrl && got.eq_ignore_ascii_case(&c),
            (Self::Enter, KeyCode::Enter) => true,
            (Self::Esc, KeyCode::Esc) => true,
            (Self::Tab, KeyCode::Tab) => !event.modifiers.contains(KeyModifiers::SHIFT),
            (Self::BackTab, KeyCode::BackTab) => true,
            (Self::BackTab, KeyCode::Tab) => event.modifiers.contains(KeyModifiers::SHIFT),
            (Self::Up, KeyCode::Up) => true,
            (Self::Down, KeyCode::Down) => true,
            (Self::Left, KeyCode::Left) => true,
            (Self::Right, KeyCode::Right) => true,
            (Self::PageUp, KeyCode::PageUp) => true,
            (Self::PageDown, KeyCode::PageDown) => true,
            (Self::Home, KeyCode::Home) => true,
            (Self::End, KeyCode::End) => true,
            _ => false,
        }
    }

    /// A key as a keymap file writes it: `q`, `ctrl-q`, `enter`, `esc`, `tab`, `shift-tab`,
    /// `up`, `down`, `left`, `right`, `pgup`, `pgdn`, `space`.
    pub fn parse(text: &str) -> Option<Key> {
        let lower = text.trim().to_ascii_lowercase();
        let named = match lower.as_str() {
            "enter" | "return" => Some(Self::Enter),
            "esc" | "escape" => Some(Self::Esc),
            "tab" => Some(Self::Tab),
            "shift-tab" | "backtab" => Some(Self::BackTab),
            "up" => Some(Self::Up),
            "down" => Some(Self::Down),
            "left" => Some(Self::Left),
            "right" => Some(Self::Right),
            "pgup" | "pageup" => Some(Self::PageUp),
            "pgdn" | "pagedown" => Some(Self::PageDown),
            "home" => Some(Self::Home),
            "end" => Some(Self::End),
            "space" => Some(Self::Char(' ')),
            _ => None,
        };
        if named.is_some() {
            return named;
        }
        let one_char = |s: &str| {
            let mut chars = s.chars();
            chars.next().filter(|_| chars.next().is_none())
        };
        if let Some(rest) = lower.strip_prefix("ctrl-") {
            return one_char(rest).filter(char::is_ascii_alphanumeric).map(Self::Ctrl);
        }
        // Single characters keep their case: `G` is not `g`.
        one_char(text.trim()).filter(|c| !c.is_control()).map(Self::Char)
    }

    /// Printable keys belong to a focused text field, not to bindings.
    pub fn is_printable(self) -> bool {
        matches!(self, Self::Char(_))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    /// What it does, as the footer and help say it: "generate codes".
    pub label: String,
    /// Shown in the footer (the help overlay shows every binding).
    pub in_footer: bool,
}

impl Binding {
    pub fn new(keys: &[Key], action: Action, label: impl Into<String>) -> Self {
        Self { keys: keys.to_vec(), action, label: label.into(), in_footer: true }
    }

    /// A binding listed in the help overlay but not the footer.
    pub fn quiet(mut self) -> Self {
        self.in_footer = false;
        self
    }

    pub fn keys_label(&self) -> String {
        self.keys.iter().map(|k| k.label()).collect::<Vec<_>>().join("/")
    }
}

/// The action bound to `event`, if any.
pub fn action_for(bindings: &[Binding], event: &KeyEvent) -> Option<Action> {
    bindings.iter().find(|b| b.keys.iter().any(|k| k.matches(event))).map(|b| b.action)
}

/// `bindings` as they work while a text field has the cursor: printable keys are typed into
/// it, so each binding keeps only its other keys, and one left with none is gone.
pub fn without_typing(bindings: Vec<Binding>) -> Vec<Binding> {
    bindings
        .into_iter()
        .filter_map(|mut b| {
            b.keys.retain(|k| !k.is_printable());
            (!b.keys.is_empty()).then_some(b)
        })
        .collect()
}

/// The bindings of one state a screen (or dialog) can be in, as its own table gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyContext {
    /// A text field has the cursor: printable keys are typed, not bound.
    pub editing: bool,
    pub bindings: Vec<Binding>,
}

/// What a screen's keys depend on, as a small value with a table of bindings for each. The
/// one table serves key handling, the footer, the help overlay and prompts; `all` lets a
/// keymap be checked against every state before the console is ever in it.
pub trait KeyState: Copy {
    /// Every state there is.
    fn all() -> Vec<Self>;
    /// Whether a text field has the cursor in this state.
    fn editing(self) -> bool;
    fn bindings(self) -> Vec<Binding>;

    fn context(self) -> KeyContext {
        KeyContext { editing: self.editing(), bindings: self.bindings() }
    }

    fn every_context() -> Vec<KeyContext> {
        Self::all().into_iter().map(Self::context).collect()
    }
}

/// Shortcuts for the arrow-or-vim pairs every list uses.
pub const UP: &[Key] = &[Key::Up, Key::Char('k')];
pub const DOWN: &[Key] = &[Key::Down, Key::Char('j')];
/// The first and last rows of a long table.
pub fn ends_bindings() -> [Binding; 2] {
    [
        Binding::new(&[Key::Home, Key::Char('g')], Action::First, "first").quiet(),
        Binding::new(&[Key::End, Key::Char('G')], Action::Last, "last").quiet(),
    ]
}

/// Changing a choice: Space, → or l for the next option; ← or h for the previous one.
pub fn choice_bindings() -> [Binding; 2] {
    [
        Binding::new(&[Key::Char(' '), Key::Right, Key::Char('l')], Action::Toggle, "change"),
        Binding::new(&[Key::Left, Key::Char('h')], Action::ToggleBack, "change back").quiet(),
    ]
}

/// Copying the code on screen: `c` only, on every screen, so that `y` always means "yes" to
/// a question and never copies (a screen may show a code and ask something at once).
pub fn copy_binding() -> Binding {
    Binding::new(&[Key::Char('c')], Action::Copy, "copy code")
}

/// The option after (or before) `current` in `all`, wrapping around.
pub fn cycle<T: Copy + PartialEq>(all: &[T], current: T, forward: bool) -> T {
    let at = all.iter().position(|v| *v == current).unwrap_or(0);
    let step = if forward { 1 } else { all.len() - 1 };
    all[(at + step) % all.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn printable_keys_go_to_a_field_being_edited() {
        let bindings = vec![
            Binding::new(&[Key::Enter], Action::Submit, "look up"),
            Binding::new(DOWN, Action::Down, "next"),
        ];
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(action_for(&bindings, &j), Some(Action::Down));
        let typing = without_typing(bindings.clone());
        assert_eq!(action_for(&typing, &j), None);
        let down = key(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(action_for(&typing, &down), Some(Action::Down));
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action_for(&typing, &enter), Some(Action::Submit));
        let only_typed = vec![Binding::new(&[Key::Char('x')], Action::Copy, "copy")];
        assert!(without_typing(only_typed).is_empty(), "a binding with no key left is gone");
    }

    #[test]
    fn ctrl_and_shift_tab_are_distinct_keys() {
        assert!(Key::Ctrl('c').matches(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(!Key::Char('c').matches(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(Key::BackTab.matches(&key(KeyCode::BackTab, KeyModifiers::SHIFT)));
        assert!(!Key::Tab.matches(&key(KeyCode::Tab, KeyModifiers::SHIFT)));
        assert_eq!(Binding::new(UP, Action::Up, "previous").keys_label(), "↑/k");
    }
}
