//! Generated from the clap definition, so they never drift from the real flags: shell
//! completions (`casdesk completions bash|zsh|fish|…`) and the man page (`casdesk man`).

use super::options::{CONSOLE_OPTIONS, GLOBAL_OPTIONS, TENANT_OPTIONS};
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: Shell,
}

/// Prints the completion script for `args.shell` on stdout.
pub fn completions(args: &CompletionsArgs) -> Result<ExitCode, String> {
    let mut command = super::Cli::command();
    clap_complete::generate(args.shell, &mut command, "casdesk", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page (roff) on stdout.
pub fn man() -> Result<ExitCode, String> {
    let page = man_page().map_err(|e| format!("cannot render the man page: {e}"))?;
    std::io::stdout().write_all(&page).map_err(|e| format!("cannot write the man page: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// One page, as `man casdesk` readers expect: the console's options by group (each group said
/// once, with which commands take it), then a COMMANDS section with a subsection for every
/// command, nested ones included (`casdesk codes generate`), each with its synopsis,
/// description, its own options and the groups it takes, by name.
fn man_page() -> std::io::Result<Vec<u8>> {
    let mut root = super::Cli::command();
    root.build();
    let top = clap_mangen::Man::new(root.clone());
    let mut out = Vec::new();
    top.render_title(&mut out)?;
    top.render_name_section(&mut out)?;
    top.render_synopsis_section(&mut out)?;
    top.render_description_section(&mut out)?;
    let mut options = Vec::new();
    top.render_options_section(&mut options)?;
    for line in String::from_utf8_lossy(&options).lines() {
        writeln!(out, "{line}")?;
        if let Some(heading) = line.strip_prefix(".SH ")
            && let Some(note) = group_note(&root, heading.trim_matches('"'))
        {
            writeln!(out, ".PP\n{}", escape(&note))?;
        }
    }
    out.extend_from_slice(
        b".SH COMMANDS\nEach command lists its own options, then the groups of options above \
          that it takes. Exit codes of the commands for scripts: 0 every user succeeded, 1 some \
          users failed, 2 nothing could be done.\n",
    );
    for (path, command) in commands(&root) {
        render_command(&mut out, &path, command)?;
    }
    top.render_extra_section(&mut out)?;
    top.render_version_section(&mut out)?;
    Ok(out)
}

/// What the man page says under a group's heading: who takes it, worked out from the tree so
/// it cannot drift from what clap accepts.
fn group_note(root: &clap::Command, heading: &str) -> Option<String> {
    let takers = |group: &str| {
        let mut names: Vec<String> = commands(root)
            .into_iter()
            .filter(|(_, c)| c.get_arguments().any(|a| a.get_help_heading() == Some(group)))
            .map(|(path, _)| path)
            .collect();
        let last = names.pop().unwrap_or_default();
        if names.is_empty() { last } else { format!("{} and {last}", names.join(", ")) }
    };
    match heading {
        h if h == TENANT_OPTIONS.to_uppercase() => Some(format!(
            "Which tenant to talk to: taken by casdesk itself (the console) and by {}, as the \
             section of each says. Given before a command's name they apply to it too \
             (casdesk --demo lookup alice@example.com); runs and audit let them through there, \
             sim, completions and man refuse them.",
            takers(TENANT_OPTIONS)
        )),
        h if h == CONSOLE_OPTIONS.to_uppercase() => Some(format!(
            "How the console looks and behaves: taken by casdesk itself (the console) and by {} \
             only; every other command refuses them.",
            takers(CONSOLE_OPTIONS)
        )),
        h if h == GLOBAL_OPTIONS.to_uppercase() => {
            Some("Taken by every command, before or after its name.".into())
        }
        _ => None,
    }
}

/// Every command under `root`, depth first, with its full name (`casdesk codes generate`);
/// clap's own `help` commands are left out.
fn commands(root: &clap::Command) -> Vec<(String, &clap::Command)> {
    fn walk<'a>(prefix: &str, cmd: &'a clap::Command, out: &mut Vec<(String, &'a clap::Command)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
            let path = format!("{prefix} {}", sub.get_name());
            out.push((path.clone(), sub));
            walk(&path, sub, out);
        }
    }
    let mut out = Vec::new();
    walk(root.get_name(), root, &mut out);
    out
}

/// One command's subsection: its description, synopsis and own options, then the shared
/// groups it takes, by flag (they are described once, above).
fn render_command(out: &mut Vec<u8>, path: &str, command: &clap::Command) -> std::io::Result<()> {
    let shared = |a: &clap::Arg| {
        a.is_global_set()
            || [TENANT_OPTIONS, CONSOLE_OPTIONS].contains(&a.get_help_heading().unwrap_or(""))
    };
    let own = command.clone().mut_args(|a| if shared(&a) { a.hide(true) } else { a });
    let page = clap_mangen::Man::new(own.clone());
    writeln!(out, ".SS \"{}\"", escape(path))?;
    out.extend(without_headings(&page, clap_mangen::Man::render_description_section)?);
    out.extend_from_slice(b".PP\n");
    out.extend(without_headings(&page, clap_mangen::Man::render_synopsis_section)?);
    if own.get_arguments().any(|a| !a.is_hide_set()) {
        out.extend(without_headings(&page, clap_mangen::Man::render_options_section)?);
    }
    for group in [TENANT_OPTIONS, CONSOLE_OPTIONS] {
        let flags: Vec<String> = command
            .get_arguments()
            .filter(|a| !a.is_global_set() && a.get_help_heading() == Some(group))
            .filter_map(|a| a.get_long().map(|long| format!("--{long}")))
            .collect();
        if !flags.is_empty() {
            writeln!(out, ".PP\n{}", escape(&format!("{group}: {}.", flags.join(", "))))?;
        }
    }
    let subs: Vec<String> = commands(&own)
        .iter()
        .filter(|(p, _)| p.matches(' ').count() == 1)
        .map(|(p, _)| format!("{path}{}", &p[own.get_name().len()..]))
        .collect();
    if !subs.is_empty() {
        writeln!(out, ".PP\nCommands: {}.", escape(&subs.join(", ")))?;
    }
    Ok(())
}

/// A section rendered by clap_mangen without its `.SH` heading line, so it can sit inside
/// another section.
fn without_headings(
    page: &clap_mangen::Man,
    render: fn(&clap_mangen::Man, &mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Vec<u8>> {
    let mut rendered = Vec::new();
    render(page, &mut rendered)?;
    let text = String::from_utf8_lossy(&rendered);
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with(".SH")).collect();
    let mut out = kept.join("\n").into_bytes();
    if !out.is_empty() {
        out.push(b'\n');
    }
    Ok(out)
}

/// Text for a roff line: backslashes and hyphens escaped, nothing read as a request.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-").replace('"', "\\(dq");
    if escaped.starts_with(['.', '\'']) { format!("\\&{escaped}") } else { escaped }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roff(text: &str) -> String {
        text.replace('-', "\\-")
    }

    /// The text of one command's subsection, from its heading to the next heading.
    fn section<'a>(page: &'a str, path: &str) -> &'a str {
        let heading = format!(".SS \"{}\"\n", roff(path));
        let start = page.find(&heading).unwrap_or_else(|| panic!("a section for {path}"));
        let body = &page[start + heading.len()..];
        let end = [body.find("\n.SS "), body.find("\n.SH ")].into_iter().flatten().min();
        &body[..end.unwrap_or(body.len())]
    }

    #[test]
    fn every_command_has_a_section_with_every_one_of_its_flags() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        let mut root = crate::cli::Cli::command();
        root.build();
        let paths = commands(&root);
        assert!(paths.iter().any(|(p, _)| p == "casdesk codes generate"), "nested commands");
        assert!(paths.iter().any(|(p, _)| p == "casdesk config check"), "nested commands");
        let globals = &page[..page.find(".SH COMMANDS").expect("a COMMANDS section")];
        for arg in root.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(long) = arg.get_long() {
                assert!(globals.contains(&roff(&format!("--{long}"))), "global --{long}");
            }
        }
        for (path, command) in &paths {
            let text = section(&page, path);
            for arg in command.get_arguments().filter(|a| !a.is_hide_set() && !a.is_global_set()) {
                if let Some(long) = arg.get_long() {
                    assert!(text.contains(&roff(&format!("--{long}"))), "{path} --{long}:\n{text}");
                }
                if let Some(short) = arg.get_short() {
                    assert!(text.contains(&roff(&format!("-{short}"))), "{path} -{short}");
                }
                if arg.is_positional() {
                    let name = arg
                        .get_value_names()
                        .map(|v| v.join(" "))
                        .unwrap_or_else(|| arg.get_id().to_string());
                    assert!(text.contains(&name), "{path} <{name}>:\n{text}");
                }
                for value in arg.get_possible_values().iter().filter(|v| !v.is_hide_set()) {
                    assert!(text.contains(&roff(value.get_name())), "{path} value {value:?}");
                }
            }
        }
    }
}
