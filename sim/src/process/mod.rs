//! The process layer: what a running program sees, the same for cmd and PowerShell.
//!
//! A `Process` carries the token it runs as, its current location, its environment, its
//! standard input (piped or redirected text, else the console's typed answers), and the exit
//! code of the last program; a program writes to an `Output` (stdout and stderr in order,
//! and its exit code). One registry of programs (`programs::lookup`: `icacls.exe`,
//! `reg.exe`, ...) serves both shells.
//!
//! - `mod.rs`      `Output`, `Stream`, `Process`, `Stdin`.
//! - `env.rs`      environment variables, their defaults, `%VAR%` expansion.
//! - `argv.rs`     `CommandLineToArgvW` splitting for programs, cmd's splitting for built-ins.
//! - `programs.rs` the programs on PATH, by name.
//! - `journal.rs`  what a run left for its reviewer: unanswered prompts, failures, restarts.

pub mod argv;
pub mod env;
pub mod journal;
pub mod programs;

pub use journal::{Incident, IncidentKind, Journal};

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
    /// Where the output ends now, for `stderr_since`.
    pub fn mark(&self) -> (usize, usize) {
        let last = self.chunks.last().map_or(0, |(_, t)| t.len());
        (self.chunks.len(), last)
    }
    /// What was written to stderr after `mark`.
    pub fn stderr_since(&self, (chunks, len): (usize, usize)) -> String {
        let mut text = String::new();
        for (i, (stream, t)) in self
            .chunks
            .iter()
            .enumerate()
            .skip(chunks.saturating_sub(1))
        {
            if *stream != Stream::Err {
                continue;
            }
            let from = if i + 1 == chunks { len.min(t.len()) } else { 0 };
            text.push_str(t.get(from..).unwrap_or_default());
        }
        text
    }
    /// An output with only an exit code.
    pub fn with_code(code: u32) -> Output {
        Output {
            chunks: Vec::new(),
            code,
        }
    }
}

/// A program's standard input when it is redirected (`echo y| reg delete ...`, `< file`):
/// the text, read line by line by prompts or whole by `more`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stdin {
    lines: VecDeque<String>,
    text: String,
}

impl Stdin {
    /// Input holding `text` (CR LF or LF line ends).
    pub fn new(text: &str) -> Stdin {
        Stdin {
            lines: text
                .split_inclusive('\n')
                .map(|l| l.trim_end_matches(['\n', '\r']).to_string())
                .collect(),
            text: text.to_string(),
        }
    }
    /// The next line, `None` at end of input.
    pub fn read_line(&mut self) -> Option<String> {
        self.lines.pop_front()
    }
    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A running program's context: who, where, with what environment and input. The Gherkin
/// world and `kbsim shell` keep one per process, so the current folder, variables and exit
/// codes carry from command to command.
#[derive(Debug, Clone)]
pub struct Process {
    /// The token programs run with.
    pub token: Token,
    /// Current location (`C:\Windows\system32`).
    pub cwd: String,
    /// Answers typed at the console's prompts, in order. Empty means unattended: a prompt
    /// reads end-of-input.
    pub answers: VecDeque<String>,
    /// The running program's standard input when it is redirected; `None` when it reads the
    /// console (`answers`).
    pub stdin: Option<Stdin>,
    /// The exit code of the last program (`%ERRORLEVEL%`, `$LASTEXITCODE`).
    pub last_exit: u32,
    /// Environment variables (filled with the defaults on first use).
    pub env: env::Env,
    /// The `echo on|off` state of cmd.exe running in this process.
    pub echo: bool,
    /// What the run left for its reviewer (prompts nobody answered, failures, a restart).
    pub journal: Journal,
}

impl Process {
    /// An unattended process as `token` in `C:\Windows\system32`.
    pub fn new(token: Token) -> Process {
        Process {
            token,
            cwd: "C:\\Windows\\system32".to_string(),
            answers: VecDeque::new(),
            stdin: None,
            last_exit: 0,
            env: env::Env::default(),
            echo: true,
            journal: Journal::default(),
        }
    }

    /// `path` made absolute against the current location (as typed if it cannot be).
    pub fn full_path(&self, path: &str) -> String {
        crate::fs::normalize(path, &self.cwd).unwrap_or_else(|_| path.to_string())
    }

    /// Reads a text file as this process (relative to its location), decoded as the console
    /// decodes it (UTF-16 with a BOM, else UTF-8, else the OEM code page); a folder is
    /// ACCESS_DENIED, as opening one for reading is.
    pub fn read_text(
        &self,
        host: &crate::host::Host,
        path: &str,
    ) -> Result<String, crate::error::WinError> {
        let p = crate::fs::normalize(path, &self.cwd)?;
        match host.fs().node(&p) {
            Some(n) if n.is_dir() => Err(crate::error::WinError::ACCESS_DENIED),
            _ => host
                .fs()
                .read_file(&p, &self.token)
                .map(|b| crate::text::decode_console(&b)),
        }
    }

    /// Shows `prompt` on stdout and reads the next answer from standard input: the next
    /// redirected line when input is redirected (not echoed: the program's next output follows
    /// the prompt on the same line, as in a console log of `echo y| reg delete ...`), else the
    /// next typed answer. `None` at end of input (the prompt line is then ended).
    pub fn ask(&mut self, out: &mut Output, prompt: &str) -> Option<String> {
        out.out(prompt);
        if let Some(input) = self.stdin.as_mut() {
            let answer = input.read_line();
            if answer.is_none() {
                out.out("\n");
                self.journal.note(IncidentKind::Unanswered {
                    prompt: prompt.trim().to_string(),
                });
            }
            return answer;
        }
        let answer = self.answers.pop_front();
        match &answer {
            Some(a) => out.outln(a),
            None => {
                out.out("\n");
                self.journal.note(IncidentKind::Unanswered {
                    prompt: prompt.trim().to_string(),
                });
            }
        }
        answer
    }
}
