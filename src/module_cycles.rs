//! A check that no new import cycle appears between the files of one folder of `src/`: each
//! file's `crate::` and `super::` paths are read as edges to the files they name, and the
//! strongly connected groups of more than one file are compared with the few still known.
//! Written here rather than with `cargo modules`: it needs nothing installed (CI stays as fast
//! and as offline as it is), and it reads files, the unit a person splits or moves.
//! The list of known cycles only shrinks: break one, and remove it here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The cycles still there, each as its files (relative to `src/`), sorted. None now (issue
/// 20 broke the last ones); keep it that way, or list one here with the reason it must stay.
const KNOWN: &[&[&str]] = &[];

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a/b.rs` and `a/b/mod.rs` are module `a::b`; `lib.rs` and `main.rs` are the crate root.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> =
        relative.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts
}

/// The modules a file's text names through `crate::…` or `super::…` paths.
fn named(text: &str, module: &[String], is_mod_file: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // The module `super` means: the parent of this file's module (for mod.rs, of the folder).
    let parent: Vec<String> = if is_mod_file || module.is_empty() {
        module.iter().take(module.len().saturating_sub(1)).cloned().collect()
    } else {
        module[..module.len() - 1].to_vec()
    };
    for (start, base) in [("crate::", Vec::new()), ("super::", parent)] {
        for (at, _) in text.match_indices(start) {
            // Not part of a longer name (`mycrate::`), and not in a line comment.
            let before = text[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            if text[line_start..at].contains("//") {
                continue;
            }
            let rest = &text[at + start.len()..];
            // The path's names, up to the first that is followed by anything but `::`.
            let mut path: Vec<String> = Vec::new();
            for segment in rest.split("::") {
                let name: String =
                    segment.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                let whole = name.len() == segment.len();
                if !name.is_empty() {
                    path.push(name);
                }
                if !whole || path.is_empty() {
                    break;
                }
            }
            let mut full = base.clone();
            full.extend(path);
            // `use crate::a::{b, c}`: each of the braced names may be a module too.
            if let Some(brace) = rest
                .find('{')
                .filter(|b| rest[..*b].chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':'))
            {
                let inner =
                    &rest[brace + 1..rest[brace..].find('}').map_or(rest.len(), |e| brace + e)];
                for name in inner.split(',') {
                    let name: String = name
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        let mut one = full.clone();
                        one.push(name);
                        out.push(one);
                    }
                }
            }
            out.push(full);
        }
    }
    out
}

/// The groups of files (more than one) that import each other, round a cycle, within one
/// top-level folder of `src/`.
fn cycles(src: &Path) -> BTreeSet<Vec<String>> {
    let mut all = Vec::new();
    files(src, &mut all);
    let modules: BTreeMap<Vec<String>, String> = all
        .iter()
        .map(|p| {
            let relative = p.strip_prefix(src).expect("under src/");
            (module_of(relative), relative.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &all {
        let relative = path.strip_prefix(src).expect("under src/");
        let file = relative.to_string_lossy().replace('\\', "/");
        let module = module_of(relative);
        let is_mod = relative.file_name().is_some_and(|n| n == "mod.rs");
        let text = std::fs::read_to_string(path).expect("a source file is readable");
        // Tests may reach anywhere; what the code itself depends on is what counts.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let folder = module.first().cloned();
        for target in named(text, &module, is_mod) {
            // The longest prefix of the path that is a module file.
            let hit = (1..=target.len())
                .rev()
                .find_map(|n| modules.get(&target[..n]).map(|to| (&target[..n], to)));
            // A folder's mod.rs and the files it declares refer to each other by design:
            // only files side by side (or further apart) in one folder count.
            let related = |to: &[String]| to.starts_with(&module) || module.starts_with(to);
            if let Some((to_module, to)) = hit
                && !related(to_module)
                && target.first() == folder.as_ref()
            {
                edges.entry(file.clone()).or_default().insert(to.clone());
            }
        }
    }
    strongly_connected(&edges)
}

/// Tarjan's strongly connected components, keeping those of more than one file.
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        found: BTreeSet<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on_stack.insert(v);
            let edges = self.edges;
            for w in edges.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    group.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.insert(group);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: BTreeSet::new(),
    };
    for v in edges.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_new_import_cycle_within_a_folder() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let found = cycles(&src);
        let known: BTreeSet<Vec<String>> =
            KNOWN.iter().map(|c| c.iter().map(|s| s.to_string()).collect()).collect();
        let new: Vec<&Vec<String>> = found.difference(&known).collect();
        let gone: Vec<&Vec<String>> = known.difference(&found).collect();
        assert!(new.is_empty(), "new import cycles (break them): {new:#?}");
        assert!(gone.is_empty(), "cycles now broken: remove them from KNOWN: {gone:#?}");
    }

    #[test]
    fn a_cycle_is_found_and_a_chain_is_not() {
        let edge = |pairs: &[(&str, &str)]| {
            let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for (a, b) in pairs {
                edges.entry(a.to_string()).or_default().insert(b.to_string());
            }
            edges
        };
        let cycle = strongly_connected(&edge(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]));
        assert_eq!(
            cycle.into_iter().collect::<Vec<_>>(),
            [["a", "b", "c"].map(String::from).to_vec()]
        );
        assert!(strongly_connected(&edge(&[("a", "b"), ("b", "c")])).is_empty());
    }

    #[test]
    fn paths_are_read_from_use_lines_and_code() {
        let module: Vec<String> = ["sim", "void"].map(String::from).to_vec();
        let text = "use crate::sim::state::{AppState, Shared};\nlet x = super::codes::f();\n// crate::not::this\n";
        let named = named(text, &module, false);
        assert!(named.contains(&["sim", "state", "AppState"].map(String::from).to_vec()));
        assert!(named.contains(&["sim", "codes", "f"].map(String::from).to_vec()));
        assert!(!named.iter().any(|p| p.first().is_some_and(|s| s == "not")));
    }
}
