//! `.cmd` and `.bat` scripts: read line by line as cmd reads them (a trailing `^` joins the next
//! line), `%` expanded per line with the script rules, `@` hides a line from the echo
//! transcript, `:label` and `goto label` / `goto :eof`, `exit /b N`.
//!
//! With echo on, each line is shown before it runs as cmd shows it: a blank line, the prompt
//! (`C:\Windows\system32>`) and the line after `%` expansion. (cmd re-renders redirections in
//! the transcript, e.g. `echo hi  1>f`; the transcript here shows the line as expanded.)
//! Not simulated: parenthesised blocks spanning lines, `for`, `call`, `setlocal`.

use super::exec::{Flow, Limits, Run};
use crate::host::Host;
use crate::process::{Output, Process};

/// `.cmd` or `.bat` (they differ in when `set` clears `%ERRORLEVEL%`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScriptKind {
    /// A `.cmd` script.
    #[default]
    Cmd,
    /// A `.bat` script.
    Bat,
}

/// How to run a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScriptOptions {
    /// Start with echo on, as cmd does (`@echo off` in the script turns it off).
    pub echo: bool,
    /// `.cmd` or `.bat`.
    pub kind: ScriptKind,
    /// Bounds (default: 10,000 commands, 16 MiB of output).
    pub limits: Option<Limits>,
}

/// Runs `text` as a script with `options`; the output's code is the script's exit code.
pub fn run_script_with(
    host: &mut Host,
    process: &mut Process,
    text: &str,
    options: &ScriptOptions,
) -> Output {
    let saved_echo = process.echo;
    process.echo = options.echo;
    let lines = logical_lines(text);
    let labels: Vec<(String, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| label_of(l).map(|n| (n.to_ascii_lowercase(), i)))
        .collect();
    let mut run = Run::new(host, process, true);
    run.batch = options.kind == ScriptKind::Cmd || options.kind == ScriptKind::Bat;
    run.bat = options.kind == ScriptKind::Bat;
    if let Some(l) = options.limits {
        run.limits = l;
    }
    let mut pc = 0;
    let mut passes = 0usize;
    while pc < lines.len() {
        let line = lines[pc].as_str();
        pc += 1;
        passes += 1;
        if passes > run.limits.max_statements {
            let max = run.limits.max_statements;
            run.out.errln(format!(
                "kbsim: the run was stopped: more than {max} lines were run."
            ));
            run.process.last_exit = 1;
            break;
        }
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() || trimmed.starts_with(':') {
            continue;
        }
        let expanded = run.expand(line);
        let quiet = expanded.trim_start_matches([' ', '\t']).starts_with('@');
        if run.process.echo && !quiet {
            let shown = expanded.trim_start_matches([' ', '\t']).to_string();
            let prompt = format!("{}>", run.process.cwd);
            run.out.outln("");
            run.out.outln(format!("{prompt}{shown}"));
        }
        match run.expanded_line(&expanded) {
            Flow::Continue => {}
            Flow::Exit(_) | Flow::Abort => break,
            Flow::Goto => {
                let label = run.goto.take().unwrap_or_default().to_ascii_lowercase();
                if label == "eof" {
                    break;
                }
                match labels.iter().find(|(n, _)| *n == label) {
                    Some((_, i)) => pc = i + 1,
                    None => {
                        run.out.errln(format!(
                            "The system cannot find the batch label specified - {label}"
                        ));
                        run.process.last_exit = 1;
                        break;
                    }
                }
            }
        }
    }
    let out = run.finish();
    process.echo = saved_echo;
    out
}

/// The script's lines, with `^`-continued lines joined.
fn logical_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let carets = raw.len() - raw.trim_end_matches('^').len();
        if carets % 2 == 1 {
            pending.push_str(&raw[..raw.len() - 1]);
            continue;
        }
        pending.push_str(raw);
        out.push(std::mem::take(&mut pending));
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// `:name` -> `name` (`::` comments are labels nobody can reach).
fn label_of(line: &str) -> Option<&str> {
    let t = line.trim_start_matches([' ', '\t', '@']);
    let name = t.strip_prefix(':')?;
    let name = name
        .split([' ', '\t', '&', '|', '<', '>'])
        .next()
        .unwrap_or("");
    (!name.is_empty() && !name.starts_with(':')).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_join_lines() {
        assert_eq!(logical_lines("a ^\r\nb\r\nc^^\nd"), vec!["a b", "c^^", "d"]);
    }

    #[test]
    fn labels_are_found() {
        assert_eq!(label_of(":end"), Some("end"));
        assert_eq!(label_of("  :Retry now"), Some("Retry"));
        assert_eq!(label_of(":: comment"), None);
        assert_eq!(label_of("echo :x"), None);
    }
}
