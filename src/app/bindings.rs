//! Which bindings are in effect: the global ones, the active screen's and the open dialog's,
//! each with the user's keymap applied; and every set of them the console can ever be in, so a
//! keymap is checked against all of them at start-up, not when a key misbehaves.

use super::keymap::KeyMap;
use super::keys::{Action, Binding, Key, KeyContext, KeyState, action_for};
use super::{App, Overlay};

impl App {
    /// A text field on the active screen has the cursor.
    pub(super) fn editing(&self) -> bool {
        self.screens[self.active].key_context().editing
    }

    /// The global bindings in effect (screen switching, help, quit).
    pub fn global_bindings(&self) -> Vec<Binding> {
        self.global_bindings_beside(&self.screens[self.active].key_context())
    }

    /// The global bindings beside a screen's `context`: while a text field has the cursor,
    /// digits and letters are typed, not bound; and a form's Tab moves between its fields, so
    /// Tab switches screens only where the screen does not use it.
    fn global_bindings_beside(&self, context: &KeyContext) -> Vec<Binding> {
        let editing = context.editing;
        let tab = Binding::new(&[Key::Tab], Action::NextScreen, "next screen");
        let mut out = vec![
            // While typing, digits go to the field: on a screen whose Tab is not its own (it is
            // on forms, where it moves between fields), Tab is the way to other screens.
            if editing { tab } else { tab.quiet() },
            Binding::new(&[Key::BackTab], Action::PrevScreen, "previous screen").quiet(),
        ];
        if !editing {
            let digits: Vec<Key> =
                (1..=self.screens.len()).map(|n| Key::Char(char::from(b'0' + n as u8))).collect();
            out.push(Binding {
                keys: digits,
                action: Action::GoTo(0),
                label: "go to screen".into(),
                in_footer: false,
            });
            if let Some(masked) = self.masked {
                let label = if masked { "show codes" } else { "hide codes" };
                out.push(Binding::new(&[Key::Char('v')], Action::Reveal, label));
            }
            out.push(Binding::new(&[Key::Char('?')], Action::Help, "help"));
            out.push(Binding::new(&[Key::Char('q')], Action::Quit, "quit"));
            // Bound with no user too (it says to look one up), so a keymap is checked against
            // it from the start; in the footer only when there is a note to copy.
            let note = Binding::new(&[Key::Char('N')], Action::TicketNote, "ticket note");
            out.push(if self.user.is_some() { note } else { note.quiet() });
            // In the footer while the carried user's caller is not verified and the policy is on.
            let verify = Binding::new(&[Key::Char('V')], Action::VerifyCaller, "verify caller");
            let unverified = self.user.as_ref().is_some_and(|u| {
                self.policy().on
                    && !self
                        .callers
                        .latest(&u.email)
                        .is_some_and(|v| v.fresh(self.policy(), self.clock.now))
            });
            out.push(if unverified { verify } else { verify.quiet() });
            // In the help only, with how to clear it (the dialog says it too).
            let ticket = Binding::new(&[Key::Char('T')], Action::Ticket, "ticket (empty = clear)");
            out.push(ticket.quiet());
        }
        let mut global = self.keymap.in_effect(KeyContext { editing, bindings: out });
        let screen: Vec<Key> =
            self.keymap.in_effect(context.clone()).into_iter().flat_map(|b| b.keys).collect();
        for binding in &mut global {
            if matches!(binding.action, Action::NextScreen | Action::PrevScreen) {
                binding.keys.retain(|k| !screen.contains(k));
            }
        }
        global.retain(|b| !b.keys.is_empty());
        // While typing, q is a letter: the footer names Ctrl-C as the way to quit.
        with_ctrl_c(global, editing)
    }

    /// The active screen's bindings in effect.
    /// Whether `key` closes the y/n question open on the screen, unanswered: any key but the
    /// question's own, help, verifying the caller and Ctrl-C. Letters typed meaning to start
    /// an address (the field is not focused after a lookup) never answer a question, and a
    /// digit, Tab or q does not leave one open behind.
    pub(super) fn closes_question(&self, key: &crossterm::event::KeyEvent) -> bool {
        use crossterm::event::{KeyCode, KeyModifiers};
        let own = self.screen_bindings();
        let asking = own.iter().any(|b| b.action == Action::Confirm);
        if !asking || action_for(&own, key).is_some() {
            return false;
        }
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        let kept = matches!(
            action_for(&self.global_bindings(), key),
            Some(Action::Help | Action::VerifyCaller | Action::Reveal)
        );
        !(ctrl_c || kept)
    }

    pub(super) fn screen_bindings(&self) -> Vec<Binding> {
        self.keymap.in_effect(self.screens[self.active].key_context())
    }

    /// The open dialog's bindings in effect.
    pub fn dialog_bindings(&self) -> Vec<Binding> {
        self.bindings_of(self.overlay)
    }

    fn bindings_of(&self, dialog: Overlay) -> Vec<Binding> {
        with_ctrl_c(self.keymap.in_effect(dialog.context()), false)
    }

    /// Everything for the help overlay: this screen's bindings, then the global ones.
    pub fn help_bindings(&self) -> (Vec<Binding>, Vec<Binding>) {
        (self.screen_bindings(), self.global_bindings())
    }

    /// The user's key overrides, for prompts that name a key.
    pub fn keymap(&self) -> &KeyMap {
        &self.keymap
    }

    /// The user's keymap; returns every key it makes ambiguous anywhere, for the user to see.
    pub fn set_keymap(&mut self, keymap: KeyMap) -> Vec<String> {
        self.keymap = keymap;
        KeyMap::conflicts(&self.every_place())
    }

    /// Every set of bindings in effect together, named: each screen in each state its key
    /// table has, after the global bindings (which are tried first), and each dialog (which
    /// answers only to its own).
    fn every_place(&self) -> Vec<(String, Vec<Binding>)> {
        let mut places = Vec::new();
        for (index, screen) in self.screens.iter().enumerate() {
            let name = format!("{} {}", index + 1, screen.title());
            for context in screen.every_key_context() {
                let mut bindings = self.global_bindings_beside(&context);
                bindings.extend(self.keymap.in_effect(context));
                places.push((name.clone(), bindings));
            }
        }
        for dialog in Overlay::all() {
            places.push((dialog.place().to_string(), self.bindings_of(dialog)));
        }
        places
    }
}

/// `bindings` and then Ctrl-C to quit, on every screen and in every dialog: after the keymap's,
/// so no keymap removes it (one that also gives Ctrl-C to another action is reported).
fn with_ctrl_c(mut bindings: Vec<Binding>, in_footer: bool) -> Vec<Binding> {
    let quit = Binding::new(&[Key::Ctrl('c')], Action::Quit, "quit");
    bindings.push(if in_footer { quit } else { quit.quiet() });
    bindings
}
