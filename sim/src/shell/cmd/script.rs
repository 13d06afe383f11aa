//! `.cmd` and `.bat` scripts: read line by line as cmd reads them (a trailing `^` joins the next
//! line, a line that opens a parenthesised block reads on until the block closes), `%`
//! expanded per line with the script rules (`%1`..`%9`, `%*`, `%~dp0`), `@` hides a line from
//! the echo transcript, `:label` and `goto label` / `goto :eof`, `exit /b N`, and the frames
//! `call` pushes (a subroutine or another batch file, with its own arguments and its own
//! `setlocal` levels, which end with it).
//!
//! With echo on, each line is shown before it runs as cmd shows it: a blank line, the prompt
//! (`C:\Windows\system32>`) and the line after `%` expansion with its redirections re-written
//! (`echo hi > f` shows as `echo hi  1>f`), and each pass of a `for` shows its command with
//! the variable substituted. (cmd also re-renders blocks, `if` and `for` in the transcript;
//! those lines are shown here as read, joined lines and all.)

use super::exec::{Flow, Limits, Run};
use crate::host::Host;
use crate::process::env::Env;
use crate::process::{Output, Process};
use std::rc::Rc;

/// `call` frames, blocks, `if` and `for` bodies (and the `cmd /c` runs around them) nest at
/// most this deep together; cmd itself stops near 1,200 calls with a batch recursion error,
/// a depth no real script needs.
pub const MAX_CALL_DEPTH: usize = 48;

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

/// A script's lines and labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    lines: Vec<String>,
    /// The 1-based number of the text line each logical line starts on.
    starts: Vec<usize>,
    /// Lower-cased label -> index of its line.
    labels: Vec<(String, usize)>,
}

impl Script {
    /// Splits `text` into lines (joining `^` continuations) and finds the labels.
    pub fn parse(text: &str) -> Script {
        let (lines, starts): (Vec<String>, Vec<usize>) = logical_lines(text).into_iter().unzip();
        let labels = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| label_of(l).map(|n| (n.to_ascii_lowercase(), i)))
            .collect();
        Script {
            lines,
            starts,
            labels,
        }
    }

    /// The line after `label`, searched from line `from` to the end, then from the top (as
    /// cmd searches).
    pub fn find_label(&self, label: &str, from: usize) -> Option<usize> {
        let label = label.to_ascii_lowercase();
        let after = self.labels.iter().find(|(n, i)| *n == label && *i >= from);
        after
            .or_else(|| self.labels.iter().find(|(n, _)| *n == label))
            .map(|(_, i)| i + 1)
    }
}

/// What `setlocal` saved.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The variables.
    pub env: Env,
    /// The delayed-expansion switch.
    pub delayed: bool,
    /// The current folder.
    pub cwd: String,
}

/// A running batch file or `call`ed label.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The script's lines and labels.
    pub script: Rc<Script>,
    /// `%0`..: the script (or `:label`) as called, then the arguments (quotes kept).
    pub args: Vec<String>,
    /// The batch file's full path (what `%~f0` gives).
    pub path: String,
    /// What each `setlocal` of this frame saved.
    pub locals: Vec<Saved>,
}

impl Frame {
    /// A frame with no `setlocal` yet.
    pub fn new(script: Rc<Script>, args: Vec<String>, path: String) -> Frame {
        Frame {
            script,
            args,
            path,
            locals: Vec::new(),
        }
    }
}

/// Batch arguments as cmd splits them: at spaces, tabs, `,`, `;` and `=` outside quotes,
/// quotes kept.
pub fn batch_args(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
            word.push(c);
        } else if !quoted && crate::process::argv::is_cmd_delimiter(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Runs `text` as a script with `options`; the output's code is the script's exit code.
/// The script is `script.cmd` (or `.bat`) in the current folder, for `%0` and `%~dp0`.
pub fn run_script_with(
    host: &mut Host,
    process: &mut Process,
    text: &str,
    options: &ScriptOptions,
) -> Output {
    let saved_echo = process.echo;
    process.echo = options.echo;
    let mut run = Run::new(host, process, true);
    run.bat = options.kind == ScriptKind::Bat;
    if let Some(l) = options.limits {
        run.limits = l;
    }
    let name = if run.bat { "script.bat" } else { "script.cmd" };
    let path = crate::fs::join(&run.process.cwd, name);
    let frame = Frame::new(Rc::new(Script::parse(text)), vec![path.clone()], path);
    let _ = run.run_frame(frame, 0);
    run.process.journal.line = 0;
    let out = run.finish();
    process.echo = saved_echo;
    out
}

impl Run<'_> {
    /// Runs a frame from line `start` until its end, `goto :eof` or `exit /b`; its
    /// `setlocal` levels end with it. The code is `%ERRORLEVEL%` at the end.
    pub(super) fn run_frame(&mut self, frame: Frame, start: usize) -> Result<u32, Flow> {
        self.enter_level()?;
        let script = frame.script.clone();
        let was_batch = std::mem::replace(&mut self.batch, true);
        self.frames.push(frame);
        let result = self.frame_lines(&script, start);
        if let Some(frame) = self.frames.pop() {
            if let Some(first) = frame.locals.into_iter().next() {
                self.restore(first);
            }
        }
        self.batch = was_batch;
        self.levels -= 1;
        result
    }

    fn frame_lines(&mut self, script: &Script, start: usize) -> Result<u32, Flow> {
        let mut pc = start;
        // The journal follows the lines of the script that was started, not of batch files it
        // calls (their lines would name another file).
        let top = self
            .frames
            .first()
            .is_some_and(|f| std::ptr::eq(&*f.script, script));
        while pc < script.lines.len() {
            let line = script.lines[pc].as_str();
            if top {
                self.process.journal.line = script.starts[pc];
            }
            pc += 1;
            self.lines_run += 1;
            if self.lines_run > self.limits.max_statements {
                let max = self.limits.max_statements;
                self.out.errln(format!(
                    "kbsim: the run was stopped: more than {max} lines were run."
                ));
                self.process.last_exit = 1;
                return Err(Flow::Abort);
            }
            let trimmed = line.trim_start_matches([' ', '\t', '@']);
            if trimmed.is_empty() || trimmed.starts_with(':') {
                continue;
            }
            let Some(mut expanded) = self.expand(line) else {
                self.too_long();
                return Err(Flow::Abort);
            };
            // A line that opens a block reads on until the block closes.
            while pc < script.lines.len() && expanded.contains('(') && incomplete(&expanded) {
                let Some(next) = self.expand(&script.lines[pc]) else {
                    self.too_long();
                    return Err(Flow::Abort);
                };
                pc += 1;
                expanded.push('\n');
                expanded.push_str(&next);
            }
            let shown = expanded.trim_start_matches([' ', '\t']);
            if self.process.echo && !shown.starts_with('@') {
                let rendered = super::parse::parse_line(shown)
                    .ok()
                    .and_then(|st| super::parse::render(&st))
                    .unwrap_or_else(|| shown.to_string());
                let prompt = format!("{}>", self.process.cwd);
                self.out.outln("");
                self.out.outln(format!("{prompt}{rendered}"));
            }
            match self.expanded_line(&expanded) {
                Flow::Continue => {}
                Flow::Return(code) => return Ok(code),
                Flow::Goto => {
                    let label = self.goto.take().unwrap_or_default().to_ascii_lowercase();
                    if label == "eof" {
                        return Ok(self.process.last_exit);
                    }
                    match script.find_label(&label, pc) {
                        Some(i) => pc = i,
                        None => {
                            self.out.errln(format!(
                                "The system cannot find the batch label specified - {label}"
                            ));
                            self.process.last_exit = 1;
                            return Ok(1);
                        }
                    }
                }
                flow @ (Flow::Exit(_) | Flow::Abort) => return Err(flow),
            }
        }
        Ok(self.process.last_exit)
    }

    /// The batch file a command names (`x.cmd`, `C:\x.bat`, or `x` when `x.cmd` or `x.bat`
    /// is in the current folder), as a full path.
    pub(super) fn batch_file(&self, program: &str) -> Option<String> {
        let lower = program.to_ascii_lowercase();
        let fs = self.host.fs();
        let found = |name: &str| {
            crate::fs::normalize(name, &self.process.cwd)
                .ok()
                .filter(|p| fs.node(p).is_some_and(|n| !n.is_dir()))
        };
        if lower.ends_with(".cmd") || lower.ends_with(".bat") {
            return found(program);
        }
        if program.is_empty() || program.contains(['*', '?']) {
            return None;
        }
        found(&format!("{program}.cmd")).or_else(|| found(&format!("{program}.bat")))
    }

    /// Runs a batch file from the simulated disk with `args`; its exit code.
    pub(super) fn run_batch_file(
        &mut self,
        path: &str,
        typed: &str,
        args: Vec<String>,
    ) -> Result<u32, Flow> {
        let text = match self.process.read_text(self.host, path) {
            Ok(t) => t,
            Err(e) => {
                self.out.errln(e.message());
                self.process.last_exit = 1;
                return Ok(1);
            }
        };
        let mut all = vec![typed.to_string()];
        all.extend(args);
        let frame = Frame::new(Rc::new(Script::parse(&text)), all, path.to_string());
        // A `.bat` file follows the `.bat` errorlevel rules while it runs.
        let bat = std::mem::replace(&mut self.bat, path.to_ascii_lowercase().ends_with(".bat"));
        let result = self.run_frame(frame, 0);
        self.bat = bat;
        result
    }
}

/// True when `line` leaves a parenthesised block open.
fn incomplete(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t', '@']);
    super::parse::parse_line(line).is_err_and(|e| e.is_incomplete())
}

/// The script's lines, with `^`-continued lines joined, each with the 1-based number of the
/// text line it starts on.
fn logical_lines(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut start = 1;
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if pending.is_empty() {
            start = i + 1;
        }
        let carets = raw.len() - raw.trim_end_matches('^').len();
        if carets % 2 == 1 {
            pending.push_str(&raw[..raw.len() - 1]);
            continue;
        }
        pending.push_str(raw);
        out.push((std::mem::take(&mut pending), start));
    }
    if !pending.is_empty() {
        out.push((pending, start));
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
        let lines = logical_lines("a ^\r\nb\r\nc^^\nd");
        let text: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(text, vec!["a b", "c^^", "d"]);
        let starts: Vec<usize> = lines.iter().map(|(_, n)| *n).collect();
        assert_eq!(starts, vec![1, 3, 4]);
    }

    #[test]
    fn labels_are_found() {
        assert_eq!(label_of(":end"), Some("end"));
        assert_eq!(label_of("  :Retry now"), Some("Retry"));
        assert_eq!(label_of(":: comment"), None);
        assert_eq!(label_of("echo :x"), None);
    }
}
