//! The one form model every screen with fields uses: which field has the focus, and whether
//! it is being typed into. Moving never types and typing never moves:
//! - Tab / Shift-Tab and ↑ / ↓ move between fields, and a text field they land on is ready
//!   to type into (as in every web form);
//! - j / k move only while no field is being typed into, and land without typing, so the next
//!   j or k moves again instead of being typed;
//! - e, i or Enter… (the screen's Edit action) starts typing; Esc stops, staying on the field.
//!
//! The bindings come from [`FormCursor::bindings`], so the footer and help say the same.

use super::keys::{Action, Binding, DOWN, Key, UP, choice_bindings};

/// What kind of field a form's field is: what its keys do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Letters and digits are typed into it while it is being edited.
    Text,
    /// One of a few options: Space, → and ← change it.
    Choice,
    /// A table of results: ↑↓ and j/k move its selection, Tab leaves it.
    Table,
}

/// A screen's field names implement this to say what kind each is.
pub trait Field: Copy + PartialEq + std::fmt::Debug {
    fn kind(self) -> FieldKind;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormCursor<F> {
    focus: F,
    editing: bool,
}

/// Where the cursor is, as the key tables need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormFocus {
    /// Typing in a text field: printable keys go into it.
    Typing,
    /// On a choice.
    Choice,
    /// On a text field, not typing in it.
    Text,
    /// In a results table.
    Table,
}

impl<F: Field> FormCursor<F> {
    /// The cursor on `focus`, typing when it is a text field.
    pub fn new(focus: F) -> Self {
        Self { focus, editing: focus.kind() == FieldKind::Text }
    }

    pub fn focus(&self) -> F {
        self.focus
    }

    pub fn is(&self, field: F) -> bool {
        self.focus == field
    }

    /// A text field is being typed into.
    pub fn editing(&self) -> bool {
        self.editing
    }

    pub fn state(&self) -> FormFocus {
        match (self.focus.kind(), self.editing) {
            (FieldKind::Text, true) => FormFocus::Typing,
            (FieldKind::Text, false) => FormFocus::Text,
            (FieldKind::Choice, _) => FormFocus::Choice,
            (FieldKind::Table, _) => FormFocus::Table,
        }
    }

    /// Tab, Shift-Tab, ↑, ↓: `step` fields on among `fields` (wrapping round); a text field
    /// it lands on is ready to type into.
    pub fn tab(&mut self, fields: &[F], step: isize) {
        self.focus = Self::step_in(fields, self.focus, step, true);
        self.editing = self.focus.kind() == FieldKind::Text;
    }

    /// j and k outside a table: `step` fields on, stopping at the ends, landing without typing
    /// (`typing: false`) so the next j or k moves again.
    pub fn step(&mut self, fields: &[F], step: isize, typing: bool) {
        self.focus = Self::step_in(fields, self.focus, step, false);
        self.editing = typing && self.focus.kind() == FieldKind::Text;
    }

    fn step_in(fields: &[F], from: F, step: isize, wrap: bool) -> F {
        if fields.is_empty() {
            return from;
        }
        let len = fields.len() as isize;
        let at = fields.iter().position(|f| *f == from).unwrap_or(0) as isize;
        let next = if wrap { (at + step).rem_euclid(len) } else { (at + step).clamp(0, len - 1) };
        fields[next as usize]
    }

    /// Start typing into the focused field, if it is a text field.
    pub fn edit(&mut self) {
        self.editing = self.focus.kind() == FieldKind::Text;
    }

    /// Stop typing; the focus stays.
    pub fn leave(&mut self) {
        self.editing = false;
    }

    /// Puts the focus on `field`, typing into it or not.
    pub fn focus_on(&mut self, field: F, editing: bool) {
        self.focus = field;
        self.editing = editing && field.kind() == FieldKind::Text;
    }

    /// The focus moves to `fallback` when its field is no longer among `fields` (a field
    /// hidden by a choice is never left with the cursor in it).
    pub fn keep_within(&mut self, fields: &[F], fallback: F) {
        if !fields.contains(&self.focus) {
            self.focus_on(fallback, false);
        }
    }
}

/// The keys of a form in `focus`: Enter does `submit`; Tab/Shift-Tab and ↑↓ move between
/// fields; j/k too unless typing; Esc stops typing; a choice changes with Space/←/→; a text
/// field not being typed into starts with e or i. In a results table Enter does nothing (it
/// must not make codes again by accident); ↑↓ and j/k move its selection.
pub fn bindings(submit: &'static str, focus: FormFocus) -> Vec<Binding> {
    let tab = [
        Binding::new(&[Key::Tab], Action::NextField, "next field"),
        Binding::new(&[Key::BackTab], Action::PrevField, "previous field").quiet(),
    ];
    if focus == FormFocus::Table {
        // ↓ alone is in the footer: it implies ↑, and 80 columns need the room.
        let mut out = vec![
            Binding::new(UP, Action::Up, "previous").quiet(),
            Binding::new(DOWN, Action::Down, "next"),
        ];
        out.extend(tab.map(Binding::quiet));
        return out;
    }
    let mut out = vec![Binding::new(&[Key::Enter], Action::Submit, submit)];
    out.extend(tab);
    out.push(Binding::new(&[Key::Up], Action::PrevField, "previous field").quiet());
    out.push(Binding::new(&[Key::Down], Action::NextField, "next field").quiet());
    match focus {
        FormFocus::Typing => {
            out.push(Binding::new(&[Key::Esc], Action::Back, "stop typing"));
        }
        FormFocus::Choice | FormFocus::Text => {
            out.push(Binding::new(&UP[1..], Action::Up, "previous field, not typing").quiet());
            out.push(Binding::new(&DOWN[1..], Action::Down, "next field, not typing").quiet());
            if focus == FormFocus::Choice {
                out.extend(choice_bindings());
            } else {
                out.push(Binding::new(
                    &[Key::Char('e'), Key::Char('i')],
                    Action::Edit,
                    "edit field",
                ));
            }
        }
        FormFocus::Table => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum F {
        Pick,
        Name,
        Other,
        Rows,
    }

    impl Field for F {
        fn kind(self) -> FieldKind {
            match self {
                F::Pick => FieldKind::Choice,
                F::Name | F::Other => FieldKind::Text,
                F::Rows => FieldKind::Table,
            }
        }
    }

    const ALL: [F; 4] = [F::Pick, F::Name, F::Other, F::Rows];

    #[test]
    fn tab_lands_ready_to_type_and_wraps() {
        let mut cursor = FormCursor::new(F::Pick);
        assert_eq!(cursor.state(), FormFocus::Choice);
        cursor.tab(&ALL, 1);
        assert_eq!((cursor.focus(), cursor.state()), (F::Name, FormFocus::Typing));
        cursor.tab(&ALL, 2);
        assert_eq!(cursor.state(), FormFocus::Table);
        cursor.tab(&ALL, 1);
        assert_eq!(cursor.focus(), F::Pick, "Tab wraps round");
        cursor.tab(&ALL, -1);
        assert_eq!(cursor.focus(), F::Rows, "Shift-Tab wraps too");
    }

    #[test]
    fn j_and_k_land_without_typing() {
        let mut cursor = FormCursor::new(F::Pick);
        cursor.step(&ALL, 1, false);
        assert_eq!((cursor.focus(), cursor.state()), (F::Name, FormFocus::Text));
        cursor.step(&ALL, 1, false);
        assert_eq!((cursor.focus(), cursor.state()), (F::Other, FormFocus::Text));
        cursor.step(&ALL, -5, false);
        assert_eq!(cursor.focus(), F::Pick, "stops at the first field");
        cursor.edit();
        assert_eq!(cursor.state(), FormFocus::Choice, "a choice is never typed into");
    }

    #[test]
    fn while_typing_letters_are_not_bound() {
        let typing = bindings("go", FormFocus::Typing);
        assert!(
            typing.iter().all(|b| b.keys.iter().all(|k| !k.is_printable())),
            "every printable key is typed: {typing:?}"
        );
        let on_text = bindings("go", FormFocus::Text);
        let action = |keys: &[Binding], key: Key| {
            keys.iter().find(|b| b.keys.contains(&key)).map(|b| b.action)
        };
        assert_eq!(action(&on_text, Key::Char('j')), Some(Action::Down));
        assert_eq!(action(&on_text, Key::Tab), Some(Action::NextField));
        assert_eq!(action(&typing, Key::Tab), Some(Action::NextField));
        assert_eq!(action(&typing, Key::Esc), Some(Action::Back));
    }

    #[test]
    fn a_hidden_field_gives_the_focus_back() {
        let mut cursor = FormCursor::new(F::Other);
        cursor.keep_within(&[F::Pick, F::Name], F::Pick);
        assert_eq!((cursor.focus(), cursor.editing()), (F::Pick, false));
    }
}
