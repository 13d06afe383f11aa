//! The cmd interpreter: a command line is parsed as cmd.exe parses it (quotes, `^`, `&`, `&&`,
//! `||`, `|`, `>`, `>>`, `2>`, `2>&1`, `<`, `%VAR%` and `%ERRORLEVEL%`), commands run against the
//! host, redirection writes simulated files. Hermetic: nothing reaches the real machine.
//! Bounded: statement count, output size, pipeline length (`exec::Limits`).
//!
//! - `mod.rs`    `Output`, `Session`, the entry points `run_line` and `run_script`.
//! - `env.rs`    environment variables, their defaults, `%VAR%` expansion (cmd's phase 1).
//! - `parse.rs`  statements, pipelines and redirections (cmd's phase 2).
//! - `argv.rs`   `CommandLineToArgvW` splitting for programs, cmd's splitting for built-ins.
//! - `exec.rs`   running a line: lookup, redirection, pipes, chaining, errorlevel, bounds.
//! - `script.rs` `.cmd`/`.bat` scripts: lines, labels and `goto`, `echo on` transcripts.
//!
//! The built-ins themselves live in `commands::builtin`.

pub mod argv;
pub mod env;
pub mod exec;
pub mod parse;
pub mod script;

pub use exec::Limits;
pub use script::{ScriptKind, ScriptOptions, run_script_with};

use crate::host::Host;
use crate::principals::Token;
use std::collections::VecDeque;

/// Which stream a chunk of output went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Out,
    /// Standard error.
    Err,
}

/// What a command printed, in order, and its exit code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    /// Chunks in the order written (lines end with `\n`).
    pub chunks: Vec<(Stream, String)>,
    /// The exit code (`%ERRORLEVEL%`).
    pub code: u32,
}

impl Output {
    /// Writes to stdout.
    pub fn out(&mut self, text: impl AsRef<str>) {
        self.push(Stream::Out, text.as_ref());
    }
    /// Writes a line to stdout.
    pub fn outln(&mut self, text: impl AsRef<str>) {
        self.push(Stream::Out, text.as_ref());
        self.push(Stream::Out, "\n");
    }
    /// Writes to stderr.
    pub fn err(&mut self, text: impl AsRef<str>) {
        self.push(Stream::Err, text.as_ref());
    }
    /// Writes a line to stderr.
    pub fn errln(&mut self, text: impl AsRef<str>) {
        self.push(Stream::Err, text.as_ref());
        self.push(Stream::Err, "\n");
    }
    fn push(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((s, t)) if *s == stream => t.push_str(text),
            _ => self.chunks.push((stream, text.to_string())),
        }
    }
    /// Everything written to stdout.
    pub fn stdout(&self) -> String {
        self.stream(Stream::Out)
    }
    /// Everything written to stderr.
    pub fn stderr(&self) -> String {
        self.stream(Stream::Err)
    }
    /// Both streams interleaved, as a console shows them.
    pub fn combined(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }
    fn stream(&self, which: Stream) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == which)
            .map(|(_, t)| t.as_str())
            .collect()
    }
    /// An output with only an exit code.
    pub fn with_code(code: u32) -> Output {
        Output {
            chunks: Vec::new(),
            code,
        }
    }
}

/// A console session: who runs commands, where, and what the user would type at prompts.
#[derive(Debug, Clone)]
pub struct Session {
    /// The token commands run with.
    pub token: Token,
    /// Current directory.
    pub cwd: String,
    /// Answers typed at prompts, in order. Empty means unattended: a prompt reads end-of-input.
    pub answers: VecDeque<String>,
    /// The running program's standard input when it is redirected (`echo y| reg delete ...`,
    /// `< answers.txt`), as lines; `None` when it reads the console (`answers`).
    pub input: Option<VecDeque<String>>,
    /// `%ERRORLEVEL%` / `$LASTEXITCODE`.
    pub last_exit: u32,
    /// Environment variables (filled with the defaults on first use).
    pub env: env::Env,
    /// The `echo on|off` state.
    pub echo: bool,
}

impl Session {
    /// An unattended session as `token` in `C:\Windows\system32`.
    pub fn new(token: Token) -> Session {
        Session {
            token,
            cwd: "C:\\Windows\\system32".to_string(),
            answers: VecDeque::new(),
            input: None,
            last_exit: 0,
            env: env::Env::default(),
            echo: true,
        }
    }

    /// Shows `prompt` on stdout and reads the next answer from standard input: the next
    /// redirected line when input is redirected (not echoed: the program's next output follows
    /// the prompt on the same line, as in a console log of `echo y| reg delete ...`), else the
    /// next typed answer. `None` at end of input (the prompt line is then ended).
    pub fn ask(&mut self, out: &mut Output, prompt: &str) -> Option<String> {
        out.out(prompt);
        if let Some(lines) = self.input.as_mut() {
            let answer = lines.pop_front();
            if answer.is_none() {
                out.out("\n");
            }
            return answer;
        }
        let answer = self.answers.pop_front();
        match &answer {
            Some(a) => out.outln(a),
            None => out.out("\n"),
        }
        answer
    }
}

/// Standard input text as the lines a program reads (CR LF or LF line ends).
pub(crate) fn input_lines(text: &str) -> VecDeque<String> {
    text.split_inclusive('\n')
        .map(|l| l.trim_end_matches(['\n', '\r']).to_string())
        .collect()
}

/// Runs one cmd.exe command line (with `&`, `&&`, `||`, `|`, redirections) and returns what it
/// printed; `session.last_exit` holds `%ERRORLEVEL%` afterwards (also the output's `code`).
pub fn run_line(host: &mut Host, session: &mut Session, line: &str) -> Output {
    let mut run = exec::Run::new(host, session, false);
    run.line(line);
    run.finish()
}

/// Runs a `.cmd`/`.bat` script line by line (bounded), as `cmd /c script.cmd` would, with echo
/// off (no command transcript; see `run_script_with` for Windows' echo-on default).
pub fn run_script(host: &mut Host, session: &mut Session, text: &str) -> Output {
    run_script_with(host, session, text, &ScriptOptions::default())
}

#[cfg(test)]
mod tests;
