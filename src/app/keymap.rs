//! The user's keymap: a TOML table of action names and the keys for each, overriding only the
//! actions it names. It is applied where bindings are made, so what a key does, the footer,
//! the help overlay and the prompts all show the keys in effect; and checked against every
//! state's bindings at start-up, so a key given two things to do is reported before it is hit.
//!
//! ```toml
//! quit = ["q", "ctrl-q"]     # several keys for one action
//! copy = "c"                 # or one
//! ```

use super::keys::{Action, Binding, Key, KeyContext, KeyState, without_typing};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Built-in keymaps, by name.
const PRESETS: [(&str, &str); 1] = [("vim", include_str!("../../keymaps/vim.toml"))];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyMap {
    keys: HashMap<Action, Vec<Key>>,
}

/// A keymap as read, with what could not be used (unknown actions, keys that are not keys).
#[derive(Debug, Default)]
pub struct Loaded {
    pub keymap: KeyMap,
    pub problems: Vec<String>,
}

/// Names keymap files may still use for actions since named otherwise, when each became a
/// declared action named as the audit record names it: a key that did one of two things
/// (disable or enable a user, enable or disable a token, remove a device or unassign a token)
/// is now two declared actions sharing it (a user or a row is offered one or the other).
const RENAMED: &[(&str, &[&str])] = &[
    ("enable_disable_user", &["disable_user", "enable_user"]),
    ("sync", &["synchronise_user"]),
    ("unlock", &["unlock_methods"]),
    ("remove_authenticator", &["remove_authenticator", "unassign_securid_token"]),
    ("enable_disable_token", &["enable_securid_token", "disable_securid_token"]),
    ("clear_pin", &["clear_pin_of_securid_token"]),
    ("assign_token", &["assign_securid_token"]),
    ("phone_numbers", &["set_phone_numbers"]),
];

impl KeyMap {
    /// A preset's name (`vim`) or a TOML file's path.
    pub fn load(spec: &str) -> Result<Loaded, String> {
        if let Some((_, text)) = PRESETS.iter().find(|(name, _)| *name == spec) {
            return Self::parse(text).map_err(|e| format!("keymap {spec}: {e}"));
        }
        let path = crate::config::expand_home(Path::new(spec));
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let presets: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
            format!(
                "keymap {spec}: not a preset ({}) and not a readable file: {e}",
                presets.join(", ")
            )
        })?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Reads what can be used; an action or key it does not know is a problem, not an error,
    /// so one typo does not cost the user the rest of their keymap.
    pub fn parse(text: &str) -> Result<Loaded, String> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Keys {
            One(String),
            Many(Vec<String>),
        }
        let table: BTreeMap<String, Keys> =
            toml::from_str(text).map_err(|e| e.message().to_string())?;
        let mut loaded = Loaded::default();
        for (name, keys) in table {
            let actions: Vec<Action> = match RENAMED.iter().find(|(old, _)| *old == name) {
                Some((_, new)) => new.iter().filter_map(|n| Action::from_name(n)).collect(),
                None => Action::from_name(&name).into_iter().collect(),
            };
            if actions.is_empty() {
                loaded.problems.push(format!("keymap: no action called \"{name}\""));
                continue;
            }
            let texts = match keys {
                Keys::One(k) => vec![k],
                Keys::Many(ks) => ks,
            };
            let mut parsed = Vec::new();
            for text in texts {
                match Key::parse(&text) {
                    Some(key) => parsed.push(key),
                    None => {
                        loaded.problems.push(format!("keymap: {name}: \"{text}\" is not a key"))
                    }
                }
            }
            if !parsed.is_empty() {
                for action in actions {
                    loaded.keymap.keys.insert(action, parsed.clone());
                }
            }
        }
        Ok(loaded)
    }

    /// `bindings` with the keys this keymap gives their actions.
    pub fn apply(&self, mut bindings: Vec<Binding>) -> Vec<Binding> {
        for binding in &mut bindings {
            if let Some(keys) = self.keys.get(&binding.action) {
                binding.keys = keys.clone();
            }
        }
        bindings
    }

    /// A state's bindings as they work with this keymap: its keys applied and, while a field
    /// has the cursor, printable keys left to the field.
    pub fn in_effect(&self, context: KeyContext) -> Vec<Binding> {
        let bindings = self.apply(context.bindings);
        if context.editing { without_typing(bindings) } else { bindings }
    }

    /// The binding in effect for `action` in `state`: what a prompt about it names, so a
    /// rebinding shows there too.
    pub fn binding_in<S: KeyState>(&self, state: S, action: Action) -> Option<Binding> {
        self.in_effect(state.context()).into_iter().find(|b| b.action == action)
    }

    /// Keys that do two different things in one place, described for the user: one line per
    /// key and pair of actions, naming every place (`contexts`: a screen or dialog's name and
    /// bindings in effect together; a name may come several times, once per state).
    pub fn conflicts(contexts: &[(String, Vec<Binding>)]) -> Vec<String> {
        // A key, the action that wins it, the one that loses it; and where.
        type Pair = (Key, Action, Action);
        let mut found: Vec<(Pair, Vec<&str>)> = Vec::new();
        for (place, bindings) in contexts {
            let mut seen: Vec<(Key, Action)> = Vec::new();
            for binding in bindings {
                for key in &binding.keys {
                    match seen.iter().find(|(k, _)| k == key) {
                        None => seen.push((*key, binding.action)),
                        Some((_, first)) if *first != binding.action => {
                            let pair = (*key, *first, binding.action);
                            match found.iter_mut().find(|(p, _)| *p == pair) {
                                Some((_, places)) if places.contains(&place.as_str()) => {}
                                Some((_, places)) => places.push(place),
                                None => found.push((pair, vec![place])),
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        found
            .into_iter()
            .map(|((key, first, second), places)| {
                format!(
                    "keymap conflict: {key} is both \"{first}\" and \"{second}\" on {} \
                     ({key} does \"{first}\")",
                    places.join(", "),
                    key = key.label(),
                    first = first.name(),
                    second = second.name(),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_only_what_it_changes() {
        let loaded = KeyMap::parse("quit = [\"ctrl-q\", \"Q\"]\ncopy = \"c\"\n").unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let bindings = loaded.keymap.apply(vec![
            Binding::new(&[Key::Char('q')], Action::Quit, "quit"),
            Binding::new(&[Key::Char('y')], Action::Copy, "copy"),
            Binding::new(&[Key::Enter], Action::Submit, "look up"),
        ]);
        assert_eq!(bindings[0].keys, vec![Key::Ctrl('q'), Key::Char('Q')]);
        assert_eq!(bindings[1].keys_label(), "c");
        assert_eq!(bindings[2].keys, vec![Key::Enter], "what it does not name is kept");
    }

    #[test]
    fn unknown_actions_and_keys_are_problems_not_failures() {
        let loaded = KeyMap::parse("qiut = \"x\"\ncopy = [\"ctrl-\", \"c\"]\n").unwrap();
        assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);
        let all = loaded.problems.join("\n");
        assert!(all.contains("no action called \"qiut\""), "{all}");
        assert!(all.contains("copy: \"ctrl-\" is not a key"), "{all}");
        assert_eq!(loaded.keymap.keys.get(&Action::Copy), Some(&vec![Key::Char('c')]));
        assert!(KeyMap::parse("quit = 3").is_err(), "not keys at all is an error");
    }

    #[test]
    fn conflicts_name_the_key_both_actions_and_every_place_once() {
        let loaded = KeyMap::parse("copy = \"q\"").unwrap();
        let codes = loaded.keymap.apply(vec![
            Binding::new(&[Key::Char('q')], Action::Quit, "quit"),
            Binding::new(&[Key::Char('y')], Action::Copy, "copy"),
        ]);
        let contexts = [
            ("2 Codes".to_string(), codes.clone()),
            ("2 Codes".to_string(), codes.clone()),
            ("4 Device code".to_string(), codes),
            ("1 Lookup".to_string(), vec![Binding::new(&[Key::Char('q')], Action::Quit, "q")]),
        ];
        assert_eq!(
            KeyMap::conflicts(&contexts),
            vec![
                "keymap conflict: q is both \"quit\" and \"copy\" on 2 Codes, 4 Device code \
                 (q does \"quit\")"
                    .to_string()
            ]
        );
    }

    #[test]
    fn printable_keys_do_not_act_while_a_field_has_the_cursor() {
        let loaded = KeyMap::parse("submit = [\"enter\", \"s\"]\nback = \"s\"").unwrap();
        let bindings = vec![
            Binding::new(&[Key::Enter], Action::Submit, "look up"),
            Binding::new(&[Key::Esc], Action::Back, "leave field"),
        ];
        let typing = loaded.keymap.in_effect(KeyContext { editing: true, bindings });
        assert_eq!(typing.len(), 1, "back has no key left but s, which types: {typing:?}");
        assert_eq!(typing[0].keys, vec![Key::Enter]);
    }

    #[test]
    fn an_old_name_still_binds_what_it_bound() {
        let file = "enable_disable_user = \"D\"\nsync = \"S\"\nunlock = \"U\"\n\
                    remove_authenticator = \"X\"\nenable_disable_token = \"T\"\n\
                    clear_pin = \"P\"\nassign_token = \"A\"\nphone_numbers = \"N\"\n";
        let loaded = KeyMap::parse(file).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let old = [
            ("disable", 'D'),
            ("enable", 'D'),
            ("sync", 'S'),
            ("unlock", 'U'),
            ("remove-authenticator", 'X'),
            ("unassign-token", 'X'),
            ("enable-token", 'T'),
            ("disable-token", 'T'),
            ("clear-pin", 'P'),
            ("assign-token", 'A'),
            ("set-phones", 'N'),
        ];
        for (command, key) in old {
            let bound = loaded.keymap.keys.get(&Action::Declared(command));
            assert_eq!(bound, Some(&vec![Key::Char(key)]), "{command}");
        }
    }

    #[test]
    fn presets_load_cleanly_and_files_are_read() {
        let vim = KeyMap::load("vim").unwrap();
        assert!(vim.problems.is_empty(), "{:?}", vim.problems);
        assert!(vim.keymap.keys.contains_key(&Action::PageDown));
        let err = KeyMap::load("emacs").unwrap_err();
        assert!(err.contains("not a preset (vim)"), "{err}");
    }

    #[test]
    fn keys_parse_as_written() {
        assert_eq!(Key::parse("ctrl-d"), Some(Key::Ctrl('d')));
        assert_eq!(Key::parse("G"), Some(Key::Char('G')));
        assert_eq!(Key::parse("space"), Some(Key::Char(' ')));
        assert_eq!(Key::parse("Shift-Tab"), Some(Key::BackTab));
        assert_eq!(Key::parse("ab"), None);
        assert_eq!(Action::from_name("page_down"), Some(Action::PageDown));
        assert_eq!(Action::PageDown.name(), "page_down");
    }
}
