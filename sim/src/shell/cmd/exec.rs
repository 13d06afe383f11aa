//! Running parsed lines: chaining, pipes, blocks, redirections into the simulated filesystem,
//! command lookup (cmd's built-ins first, then batch files, then programs on PATH),
//! `%ERRORLEVEL%`, and the bounds. `if` and `for` are in `flow.rs`; `call`, `setlocal` and
//! the other commands that steer the run are in `control.rs`; redirections in `redirect.rs`.

use super::builtin::{self, ErrorlevelRule};
use super::parse::{Chain, Command, Pipeline, Statement, parse_line};
use super::script::Frame;
use crate::host::Host;
use crate::process::argv::command_line_to_argv;
use crate::process::{Output, Process, Stdin, Stream, env, programs};

/// How much one run may do before it is stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Simple commands executed (a script's loops count every pass).
    pub max_statements: usize,
    /// Bytes written to stdout and stderr together.
    pub max_output: usize,
    /// Commands in one pipeline.
    pub max_pipeline: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_statements: 10_000,
            max_output: 16 * 1024 * 1024,
            max_pipeline: 32,
        }
    }
}

/// cmd's limit on a command line, in characters (8191).
pub const MAX_LINE: usize = 8191;

/// Bytes all variables together may hold before the run is stopped.
pub const MAX_VARIABLES: usize = 4 * 1024 * 1024;

/// `cmd /c` and `for /f` commands nest at most this deep.
pub const MAX_CHILDREN: usize = 16;

/// What the run should do after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Go on.
    Continue,
    /// `exit`: stop cmd with this code.
    Exit(u32),
    /// `exit /b [N]`: leave the current batch file or `call`ed label (cmd itself on the
    /// command line), with this code.
    Return(u32),
    /// `goto label` (the label is in `Run::goto`; `eof` ends the batch frame).
    Goto,
    /// A bound was exceeded: stop everything.
    Abort,
}

/// One run of the interpreter: the host, the process, the output so far, the counters.
pub struct Run<'a> {
    /// The host commands act on.
    pub host: &'a mut Host,
    /// The console process.
    pub process: &'a mut Process,
    /// Everything printed so far.
    pub out: Output,
    /// Bounds.
    pub limits: Limits,
    /// Running a script (`%` rules and `.cmd` errorlevel rules differ).
    pub batch: bool,
    /// Running a `.bat` script (not `.cmd`).
    pub bat: bool,
    /// The label a `goto` asked for.
    pub goto: Option<String>,
    /// `setlocal enabledelayedexpansion` is in force: `!VAR!` expands at execution.
    pub delayed: bool,
    /// The batch files and `call`ed labels running, innermost last.
    pub frames: Vec<Frame>,
    /// The `for` variables in scope, innermost last.
    pub for_vars: Vec<(char, String)>,
    /// Folders `pushd` saved.
    pub dirs: Vec<String>,
    /// How deep this run is nested in `cmd /c` and `for /f` commands.
    pub depth: usize,
    /// Levels of execution nesting (batch frames, blocks, `if` and `for` bodies) open in
    /// this run and, in `outer_levels`, in the runs it is nested in: one bound for them all
    /// keeps the interpreter's recursion within its stack.
    pub levels: usize,
    /// See `levels`.
    pub outer_levels: usize,
    pub(super) statements: usize,
    pub(super) lines_run: usize,
    pub(super) written: usize,
}

impl<'a> Run<'a> {
    /// A run on `host` in `process`.
    pub fn new(host: &'a mut Host, process: &'a mut Process, batch: bool) -> Run<'a> {
        process.env.init(host, &process.token.user);
        Run {
            host,
            process,
            out: Output::default(),
            limits: Limits::default(),
            batch,
            bat: false,
            goto: None,
            delayed: false,
            frames: Vec::new(),
            for_vars: Vec::new(),
            dirs: Vec::new(),
            depth: 0,
            levels: 0,
            outer_levels: 0,
            statements: 0,
            lines_run: 0,
            written: 0,
        }
    }

    /// Finishes the run: the output, with `%ERRORLEVEL%` as its code.
    pub fn finish(mut self) -> Output {
        self.out.code = self.process.last_exit;
        self.out
    }

    /// Expands `%VAR%` references (and, in a batch frame, `%1`, `%~dp0`, `%*`) in `line`;
    /// `None` when the result would exceed cmd's line limit.
    pub fn expand(&mut self, line: &str) -> Option<String> {
        let batch = self.batch;
        let (args, path) = self
            .frames
            .last()
            .map(|f| (f.args.clone(), f.path.clone()))
            .unwrap_or_default();
        let (cwd, token, last_exit) = (
            self.process.cwd.clone(),
            self.process.token.clone(),
            self.process.last_exit,
        );
        // Dynamic variables a line names, computed first (`%RANDOM%` draws from the host's
        // generator, which needs the host mutably).
        let upper = line.to_ascii_uppercase();
        let dynamic: Vec<(&str, String)> = ["ERRORLEVEL", "CD", "DATE", "TIME", "RANDOM"]
            .into_iter()
            .filter(|n| upper.contains(n))
            .filter_map(|n| env::dynamic(self.host, n, &cwd, last_exit).map(|v| (n, v)))
            .collect();
        let snapshot: &Host = self.host;
        let mut arg = |reference: &str| -> String {
            super::flow::argument(snapshot, &cwd, &token, &args, &path, reference)
        };
        let env = &self.process.env;
        env::expand_bounded(line, batch, MAX_LINE, &mut arg, |name| {
            env.get(name).map(str::to_string).or_else(|| {
                dynamic
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
            })
        })
    }

    /// cmd's answer to a line that is, or expands to, more than 8191 characters.
    pub fn too_long(&mut self) {
        self.out.errln("The input line is too long.");
        self.process.last_exit = 1;
    }

    /// Runs one line as typed (before `%` expansion).
    pub fn line(&mut self, line: &str) -> Flow {
        if line.chars().count() > MAX_LINE {
            self.too_long();
            return Flow::Continue;
        }
        match self.expand(line) {
            Some(expanded) => self.expanded_line(&expanded),
            None => {
                self.too_long();
                Flow::Continue
            }
        }
    }

    /// Runs one line after `%` expansion.
    pub fn expanded_line(&mut self, line: &str) -> Flow {
        let line = line.trim_start_matches([' ', '\t', '@']);
        let statements = match parse_line(line) {
            Ok(s) => s,
            Err(e) => {
                self.out.errln(&e.0);
                self.process.last_exit = 255;
                return Flow::Continue;
            }
        };
        match self.sequence(&statements) {
            Ok(_) => Flow::Continue,
            Err(flow) => flow,
        }
    }

    /// Runs statements joined by `&`, `&&`, `||`; the code of the last one that ran.
    pub(super) fn sequence(&mut self, statements: &[Statement]) -> Result<u32, Flow> {
        let mut ok = true;
        let mut code = 0;
        for (i, st) in statements.iter().enumerate() {
            let run = match st.chain {
                Chain::Always => true,
                Chain::And => ok,
                Chain::Or => !ok,
            };
            if !run {
                continue;
            }
            let mark = self.out.mark();
            code = self.pipeline(&st.pipeline)?;
            ok = code == 0;
            // A failure that `&&` or `||` does not consume is written in the journal.
            let consumed = statements
                .get(i + 1)
                .is_some_and(|next| next.chain != Chain::Always);
            if let (false, false, Some(Command::Simple(simple))) =
                (ok, consumed, st.pipeline.commands.last())
            {
                let message = self.out.stderr_since(mark);
                self.process.journal.failed(&simple.text, code, &message);
            }
        }
        Ok(code)
    }

    fn pipeline(&mut self, p: &Pipeline) -> Result<u32, Flow> {
        if p.commands.len() > self.limits.max_pipeline {
            let max = self.limits.max_pipeline;
            return Err(self.abort(&format!("a pipeline of more than {max} commands")));
        }
        let mut stdin: Option<String> = None;
        let mut code = 0;
        let n = p.commands.len();
        for (i, cmd) in p.commands.iter().enumerate() {
            let (c, piped) = self.command(cmd, stdin.take(), i + 1 < n)?;
            code = c;
            stdin = piped;
        }
        Ok(code)
    }

    /// Stops the run with a clear message; the exit code becomes 1.
    pub(super) fn abort(&mut self, what: &str) -> Flow {
        self.out
            .errln(format!("kbsim: the run was stopped: {what}."));
        self.process.last_exit = 1;
        Flow::Abort
    }

    /// Runs one command of a pipeline with its redirections; returns its code and, when it
    /// feeds a pipe, its captured stdout.
    fn command(
        &mut self,
        cmd: &Command,
        stdin: Option<String>,
        piped: bool,
    ) -> Result<(u32, Option<String>), Flow> {
        match cmd {
            Command::Simple(simple) => {
                self.count()?;
                let text = self.prepare(&simple.text)?;
                self.with_redirects(&simple.redirects, stdin, piped, |run, input| {
                    run.invoke(&text, input)
                })
            }
            Command::Block { body, redirects } => {
                self.with_redirects(redirects, stdin, piped, |run, input| {
                    run.nested(input, |run| run.sequence(body))
                })
            }
            Command::If(node) => self.with_redirects(&[], stdin, piped, |run, input| {
                run.nested(input, |run| run.run_if(node))
            }),
            Command::For(node) => self.with_redirects(&[], stdin, piped, |run, input| {
                run.nested(input, |run| run.run_for(node))
            }),
        }
    }

    /// Opens one level of execution nesting, or stops the run the way cmd stops a batch
    /// file whose recursion exhausts its stack.
    pub(super) fn enter_level(&mut self) -> Result<(), Flow> {
        if self.outer_levels + self.levels >= super::script::MAX_CALL_DEPTH {
            self.out
                .errln("******  B A T C H   R E C U R S I O N  exceeds STACK limits ******");
            self.out.errln(format!(
                "Recursion Count={}, Stack Usage=90 percent",
                self.outer_levels + self.levels
            ));
            self.out
                .errln("******       B A T C H   PROCESSING IS   A B O R T E D      ******");
            self.process.last_exit = 1;
            return Err(Flow::Abort);
        }
        self.levels += 1;
        Ok(())
    }

    /// Counts one command against the bound.
    pub(super) fn count(&mut self) -> Result<(), Flow> {
        self.statements += 1;
        if self.statements > self.limits.max_statements {
            let max = self.limits.max_statements;
            return Err(self.abort(&format!("more than {max} commands were run")));
        }
        if self.process.env.size() > MAX_VARIABLES {
            let mib = MAX_VARIABLES / (1024 * 1024);
            return Err(self.abort(&format!("the variables hold more than {mib} MiB")));
        }
        Ok(())
    }

    /// Runs `body` with its output collected (the caller routes it) and `input` as standard
    /// input; the result leaves `%ERRORLEVEL%` as the inner commands set it.
    fn nested(
        &mut self,
        input: Option<&str>,
        body: impl FnOnce(&mut Self) -> Result<u32, Flow>,
    ) -> Result<(Output, ErrorlevelRule), Flow> {
        self.enter_level()?;
        let saved_out = std::mem::take(&mut self.out);
        let saved_in = self.redirect_input(input);
        let result = body(self);
        self.levels -= 1;
        self.restore_input(saved_in);
        let inner = std::mem::replace(&mut self.out, saved_out);
        match result {
            Ok(code) => {
                let mut out = inner;
                out.code = code;
                Ok((out, ErrorlevelRule::Never))
            }
            Err(flow) => {
                // Keep what was printed before the jump or the stop.
                for (stream, text) in inner.chunks {
                    match stream {
                        Stream::Out => self.out.out(text),
                        Stream::Err => self.out.err(text),
                    }
                }
                Err(flow)
            }
        }
    }

    pub(super) fn set_errorlevel(&mut self, code: u32, rule: ErrorlevelRule) {
        let set = match rule {
            ErrorlevelRule::Always => true,
            ErrorlevelRule::ClearOnSuccess => true,
            ErrorlevelRule::ClearInCmdScript => code != 0 || (self.batch && !self.bat),
            ErrorlevelRule::Preserve => code != 0,
            ErrorlevelRule::Never => false,
        };
        if set {
            self.process.last_exit = code;
        }
    }

    /// Finds and runs the command of `text`: built-ins, then programs; else 9009.
    fn invoke(
        &mut self,
        text: &str,
        stdin: Option<&str>,
    ) -> Result<(Output, ErrorlevelRule), Flow> {
        // Trailing blanks stay: `echo hi > f` writes `hi `, `set X=a ` sets `a `.
        if text.trim_end_matches([' ', '\t']).is_empty() || text.starts_with(':') {
            // Redirections alone, or a label: nothing runs.
            return Ok((Output::default(), ErrorlevelRule::Preserve));
        }
        let (name, rest) = split_name(text);
        if let Some(done) = self.control(&name, rest, stdin)? {
            return Ok(done);
        }
        if let Some((f, rule)) = builtin::lookup_batch_aware(&name) {
            let saved = self.redirect_input(stdin);
            let out = f(self.host, self.process, rest, self.batch);
            self.restore_input(saved);
            return Ok((out, rule));
        }
        if let Some((f, rule)) = builtin::lookup(&name) {
            let saved = self.redirect_input(stdin);
            let out = f(self.host, self.process, rest);
            self.restore_input(saved);
            return Ok((out, rule));
        }
        let word = first_word(text);
        if word.len() == 2 && word.ends_with(':') && word.as_bytes()[0].is_ascii_alphabetic() {
            // A drive change: only C: exists.
            if word.eq_ignore_ascii_case("C:") {
                return Ok((Output::default(), ErrorlevelRule::Preserve));
            }
            let mut out = Output::with_code(1);
            out.errln("The system cannot find the drive specified.");
            return Ok((out, ErrorlevelRule::Always));
        }
        let program = word.replace('"', "");
        if let Some(path) = self.batch_file(&program) {
            let args = super::script::batch_args(&text[word.len()..]);
            let saved = self.redirect_input(stdin);
            let code = self.run_batch_file(&path, &program, args);
            self.restore_input(saved);
            let code = code?;
            let mut out = Output::with_code(code);
            out.code = code;
            if self.batch {
                // Running a batch file from a batch file does not come back (only `call` does).
                self.goto = Some("eof".to_string());
                return Err(Flow::Goto);
            }
            return Ok((out, ErrorlevelRule::Never));
        }
        if programs::lookup(&program).is_some() && is_cmd(&program) {
            let saved = self.redirect_input(stdin);
            let out = self.cmd_program(rest);
            self.restore_input(saved);
            return Ok((out?, ErrorlevelRule::Always));
        }
        match programs::lookup(&program) {
            Some(f) => {
                let mut argv = command_line_to_argv(text);
                argv.remove(0);
                let saved = self.redirect_input(stdin);
                let out = f(self.host, self.process, &argv);
                self.restore_input(saved);
                Ok((out, ErrorlevelRule::Always))
            }
            None => {
                let mut out = Output::with_code(9009);
                out.errln(format!(
                    "'{word}' is not recognized as an internal or external command,"
                ));
                out.errln("operable program or batch file.");
                Ok((out, ErrorlevelRule::Always))
            }
        }
    }

    /// Gives the command about to run its redirected standard input (prompts read it);
    /// returns what to restore afterwards (`None`: the input was not redirected, and what the
    /// command read stays read).
    pub(super) fn redirect_input(&mut self, stdin: Option<&str>) -> Option<Option<Stdin>> {
        stdin.map(|text| self.process.stdin.replace(Stdin::new(text)))
    }

    /// Undoes `redirect_input`.
    pub(super) fn restore_input(&mut self, saved: Option<Option<Stdin>>) {
        if let Some(s) = saved {
            self.process.stdin = s;
        }
    }
}

/// True for cmd.exe itself.
fn is_cmd(program: &str) -> bool {
    let base = program.rsplit(['\\', '/']).next().unwrap_or(program);
    base.eq_ignore_ascii_case("cmd") || base.eq_ignore_ascii_case("cmd.exe")
}

/// `exit /b N` accepts decimal, `0x` hex and negative numbers; anything else is 0.
pub(super) fn parse_exit_code(n: &str) -> u32 {
    crate::text::parse_signed_number(n.trim())
        .map(|v| v as u32)
        .unwrap_or(0)
}

/// The command word and the rest: `echo.` -> (`echo`, `.`), `cd\` -> (`cd`, `\`), else the
/// first word (lower-cased, for built-in lookup) and everything after it.
pub(super) fn split_name(text: &str) -> (String, &str) {
    let alpha = text
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let next = text[alpha..].chars().next();
    if alpha > 0
        && next.is_none_or(|c| {
            matches!(
                c,
                ' ' | '\t' | '.' | '/' | '\\' | '(' | '+' | '[' | ']' | ':' | ',' | ';' | '='
            )
        })
    {
        return (text[..alpha].to_ascii_lowercase(), &text[alpha..]);
    }
    let word = first_word(text);
    (word.to_ascii_lowercase(), &text[word.len()..])
}

/// The first word: up to whitespace outside quotes.
pub(super) fn first_word(text: &str) -> &str {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && (c == ' ' || c == '\t') {
            return &text[..i];
        }
    }
    text
}

/// The folder that holds normalized `path`; a root (or a bare name) is its own.
pub fn parent_of(path: &str) -> &str {
    crate::fs::parent(path).unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::super::redirect::{crlf, is_device};
    use super::*;

    #[test]
    fn names_split_where_cmd_splits_them() {
        assert_eq!(split_name("echo."), ("echo".to_string(), "."));
        assert_eq!(split_name("cd\\"), ("cd".to_string(), "\\"));
        assert_eq!(split_name("icacls C:\\x"), ("icacls".to_string(), " C:\\x"));
        assert_eq!(first_word("icacls.exe C:\\x"), "icacls.exe");
        assert_eq!(
            split_name("\"C:\\a b\\x.exe\" y"),
            ("\"c:\\a b\\x.exe\"".to_string(), " y")
        );
    }

    #[test]
    fn devices_and_parents() {
        assert!(is_device("nul", "NUL"));
        assert!(is_device(r"C:\x\Nul.txt", "NUL"));
        assert!(!is_device("null", "NUL"));
        assert_eq!(parent_of(r"C:\temp\a.txt"), r"C:\temp");
        assert_eq!(parent_of(r"C:\temp"), r"C:\");
    }

    #[test]
    fn files_get_windows_line_ends() {
        assert_eq!(crlf("a\nb\r\n"), b"a\r\nb\r\n");
    }

    #[test]
    fn exit_codes_parse_like_cmd() {
        assert_eq!(parse_exit_code("3"), 3);
        assert_eq!(parse_exit_code("-1"), u32::MAX);
        assert_eq!(parse_exit_code("0x10"), 16);
        assert_eq!(parse_exit_code("x"), 0);
    }
}
