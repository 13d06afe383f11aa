//! The commands that steer a run rather than print: `exit`, `goto`, `call`, `setlocal`,
//! `endlocal`, `shift`, `pushd`, `popd`, and `cmd` itself (`cmd /c`, `cmd /k`).
//!
//! Rules (cmd's `/?` texts; the errorlevel rules measured in Stack Overflow 34968009):
//! `call :label` runs the label as a subroutine with its own `%1`..`%9` and returns at the
//! end of the file, `goto :eof` or `exit /b`; an unknown label is `The system cannot find
//! the batch label specified - x` and errorlevel 1. `setlocal` saves the variables, the
//! delayed-expansion switch and the current folder until `endlocal` or the end of the batch
//! file or subroutine (at most 32 levels: `Maximum setlocal recursion level reached.`).

use super::builtin::ErrorlevelRule;
use super::exec::{Flow, MAX_CHILDREN, Run, parse_exit_code, split_name};
use super::script::{Frame, Saved, batch_args};
use crate::fs;
use crate::process::argv::split_builtin_args;
use crate::process::{Output, Process};

/// `setlocal` levels one batch file or subroutine may hold.
const MAX_SETLOCAL: usize = 32;

type Done = Option<(Output, ErrorlevelRule)>;

impl Run<'_> {
    /// Runs `name` if it steers the run; `None` for every other command.
    pub(super) fn control(
        &mut self,
        name: &str,
        rest: &str,
        stdin: Option<&str>,
    ) -> Result<Done, Flow> {
        match name {
            "exit" => Err(self.exit(rest)),
            "goto" if self.batch => {
                let label = rest
                    .trim_start_matches([' ', '\t', ':'])
                    .split([' ', '\t'])
                    .next()
                    .unwrap_or("");
                if label.is_empty() {
                    let mut out = Output::with_code(1);
                    out.errln("No batch label specified to GOTO command.");
                    return Ok(Some((out, ErrorlevelRule::Always)));
                }
                self.goto = Some(label.to_string());
                Err(Flow::Goto)
            }
            "call" => {
                let saved = self.redirect_input(stdin);
                let r = self.call(rest);
                self.restore_input(saved);
                r.map(Some)
            }
            "setlocal" => Ok(Some(self.setlocal(rest))),
            "endlocal" => {
                self.endlocal();
                Ok(Some((Output::default(), ErrorlevelRule::Preserve)))
            }
            "shift" => {
                self.shift(rest);
                Ok(Some((Output::default(), ErrorlevelRule::Preserve)))
            }
            "pushd" => Ok(Some((self.pushd(rest), ErrorlevelRule::ClearOnSuccess))),
            "popd" => {
                let mut out = Output::default();
                match self.dirs.pop() {
                    Some(d) => self.process.cwd = d,
                    None => out.code = 1,
                }
                Ok(Some((out, ErrorlevelRule::Never)))
            }
            _ => Ok(None),
        }
    }

    /// `exit [/b] [N]`.
    fn exit(&mut self, rest: &str) -> Flow {
        let words = split_builtin_args(rest);
        let mut it = words.iter().peekable();
        let batch_only = it.peek().is_some_and(|w| w.eq_ignore_ascii_case("/b"));
        if batch_only {
            it.next();
        }
        let code = match it.next() {
            Some(n) => parse_exit_code(n),
            None => self.process.last_exit,
        };
        self.process.last_exit = code;
        if batch_only && !self.frames.is_empty() {
            Flow::Return(code)
        } else {
            Flow::Exit(code)
        }
    }

    /// `call :label args`, `call script.cmd args`, or `call command` (expanded once more).
    fn call(&mut self, rest: &str) -> Result<(Output, ErrorlevelRule), Flow> {
        let text = rest.trim_start_matches([' ', '\t']);
        if text.is_empty() {
            return Ok((Output::default(), ErrorlevelRule::Preserve));
        }
        if let Some(after) = text.strip_prefix(':') {
            if self.frames.is_empty() {
                let mut out = Output::with_code(1);
                out.errln("Invalid attempt to call batch label outside of batch script.");
                return Ok((out, ErrorlevelRule::Always));
            }
            if let Some(frame) = self.frames.last() {
                let label = after
                    .split([' ', '\t', ',', ';', '='])
                    .next()
                    .unwrap_or("")
                    .to_string();
                let args_text = &after[label.len()..];
                let script = frame.script.clone();
                let path = frame.path.clone();
                let Some(start) = script.find_label(&label, 0) else {
                    let mut out = Output::with_code(1);
                    out.errln(format!(
                        "The system cannot find the batch label specified - {label}"
                    ));
                    return Ok((out, ErrorlevelRule::Always));
                };
                let mut args = vec![format!(":{label}")];
                args.extend(batch_args(args_text));
                let frame = Frame::new(script, args, path);
                let code = self.run_frame(frame, start)?;
                return Ok((Output::with_code(code), ErrorlevelRule::Never));
            }
        }
        // `call` expands percents once more, then runs the command; a batch file returns.
        let Some(again) = self.expand(text) else {
            self.too_long();
            return Err(Flow::Abort);
        };
        let (name, _) = split_name(&again);
        let word = super::exec::first_word(&again);
        let args_text = &again[word.len()..];
        let program = word.replace('"', "");
        if super::builtin::lookup(&name).is_none()
            && super::builtin::lookup_batch_aware(&name).is_none()
        {
            if let Some(path) = self.batch_file(&program) {
                let code = self.run_batch_file(&path, &program, batch_args(args_text))?;
                return Ok((Output::with_code(code), ErrorlevelRule::Never));
            }
        }
        self.enter_level()?;
        let flow = self.expanded_line(&again);
        self.levels -= 1;
        match flow {
            Flow::Continue => {
                let code = self.process.last_exit;
                Ok((Output::with_code(code), ErrorlevelRule::Never))
            }
            other => Err(other),
        }
    }

    fn setlocal(&mut self, rest: &str) -> (Output, ErrorlevelRule) {
        let mut delayed = self.delayed;
        for w in split_builtin_args(rest) {
            match w.to_ascii_lowercase().as_str() {
                "enabledelayedexpansion" => delayed = true,
                "disabledelayedexpansion" => delayed = false,
                "enableextensions" | "disableextensions" => {}
                _ => {
                    let mut out = Output::with_code(1);
                    out.errln("Invalid parameter to SETLOCAL command");
                    return (out, ErrorlevelRule::Always);
                }
            }
        }
        let saved = Saved {
            env: self.process.env.clone(),
            delayed: self.delayed,
            cwd: self.process.cwd.clone(),
        };
        let Some(frame) = self.frames.last_mut() else {
            // On the command line setlocal does nothing.
            return (Output::default(), ErrorlevelRule::ClearOnSuccess);
        };
        if frame.locals.len() >= MAX_SETLOCAL {
            let mut out = Output::default();
            out.errln("Maximum setlocal recursion level reached.");
            return (out, ErrorlevelRule::Preserve);
        }
        frame.locals.push(saved);
        self.delayed = delayed;
        (Output::default(), ErrorlevelRule::ClearOnSuccess)
    }

    /// `endlocal`: back to what the last `setlocal` of this batch frame saved.
    pub(super) fn endlocal(&mut self) {
        if let Some(saved) = self.frames.last_mut().and_then(|f| f.locals.pop()) {
            self.restore(saved);
        }
    }

    pub(super) fn restore(&mut self, saved: Saved) {
        self.process.env = saved.env;
        self.delayed = saved.delayed;
        self.process.cwd = saved.cwd;
    }

    /// `shift` / `shift /N`: the arguments from N (default 1) move down by one.
    fn shift(&mut self, rest: &str) {
        let from = rest
            .trim()
            .strip_prefix('/')
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
            .min(8);
        if let Some(frame) = self.frames.last_mut() {
            if frame.args.len() > from {
                frame.args.remove(from);
            }
        }
    }

    fn pushd(&mut self, rest: &str) -> Output {
        let mut out = Output::default();
        let arg = rest.trim().replace('"', "");
        if arg.is_empty() {
            for d in self.dirs.iter().rev() {
                out.outln(d);
            }
            return out;
        }
        match fs::normalize(&arg, &self.process.cwd) {
            Ok(p) if self.host.fs().is_dir(&p) => {
                let stored = self.host.fs().node(&p).map(|n| n.path.clone()).unwrap_or(p);
                let old = std::mem::replace(&mut self.process.cwd, stored);
                self.dirs.push(old);
            }
            _ => {
                out.errln("The system cannot find the path specified.");
                out.code = 1;
            }
        }
        out
    }

    /// Runs `line` in a new cmd.exe (`cmd /c`): a copy of this process, so its variables and
    /// folder changes stay there; its output is returned.
    pub(super) fn child(&mut self, line: &str, delayed: bool) -> Result<Output, Flow> {
        if self.depth >= MAX_CHILDREN {
            return Err(self.abort(&format!("cmd.exe nested more than {MAX_CHILDREN} deep")));
        }
        let mut process: Process = self.process.clone();
        let mut child = Run::new(&mut *self.host, &mut process, false);
        child.limits = self.limits;
        child.depth = self.depth + 1;
        child.outer_levels = self.outer_levels + self.levels + 1;
        child.delayed = delayed;
        child.statements = self.statements;
        let flow = child.line(line);
        let statements = child.statements;
        let out = child.finish();
        self.statements = statements;
        if flow == Flow::Abort {
            for (s, t) in &out.chunks {
                match s {
                    crate::process::Stream::Out => self.out.out(t),
                    crate::process::Stream::Err => self.out.err(t),
                }
            }
            return Err(Flow::Abort);
        }
        Ok(out)
    }

    /// `cmd [/c|/k] [/q] [/v:on] [/d] [/s] command`: runs the command in a new cmd.exe.
    pub(super) fn cmd_program(&mut self, rest: &str) -> Result<Output, Flow> {
        let mut text = rest.trim_start_matches([' ', '\t']);
        let mut delayed = false;
        let mut run = false;
        let mut strip_s = false;
        while let Some(after) = text.strip_prefix('/') {
            let word: String = after
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            let lower = word.to_ascii_lowercase();
            text = &after[word.len()..];
            text = text.trim_start_matches([' ', '\t']);
            match lower.as_str() {
                "c" | "k" => {
                    run = true;
                    break;
                }
                "v:on" => delayed = true,
                "s" => strip_s = true,
                "q" | "d" | "a" | "u" | "v:off" | "e:on" | "e:off" | "f:on" | "f:off" => {}
                _ => {}
            }
        }
        if !run {
            let mut out = Output::default();
            out.outln(format!(
                "Microsoft Windows [Version {}]",
                super::builtin::version_string(self.host.os())
            ));
            out.outln("(c) 2018 Microsoft Corporation. All rights reserved.");
            return Ok(out);
        }
        let line = strip_outer_quotes(text, strip_s);
        let out = self.child(&line, delayed)?;
        Ok(out)
    }
}

/// `cmd.exe` as a program (for PowerShell and any other caller): a new cmd.exe in a copy of
/// `process`, running `args` (`/c command`), its output and exit code.
pub(crate) fn cmd_exe(host: &mut crate::host::Host, process: &Process, args: &[String]) -> Output {
    let line: Vec<String> = args
        .iter()
        .map(|a| crate::process::argv::quote_arg(a))
        .collect();
    let mut copy = process.clone();
    let mut run = Run::new(host, &mut copy, false);
    match run.cmd_program(&line.join(" ")) {
        Ok(mut out) => {
            let mut all = std::mem::take(&mut run.out);
            all.chunks.append(&mut out.chunks);
            all.code = out.code;
            all
        }
        Err(_) => run.finish(),
    }
}

/// cmd's rule for `/c "..."`: the first and last quotes are removed unless the text is
/// exactly one quoted name with a space and no special character (`cmd /?`).
fn strip_outer_quotes(text: &str, forced: bool) -> String {
    let text = text.trim_end_matches([' ', '\t']);
    if !text.starts_with('"') {
        return text.to_string();
    }
    let quotes = text.matches('"').count();
    let last = text.rfind('"').unwrap_or(0);
    let inner = if last > 0 { &text[1..last] } else { "" };
    let keep = !forced
        && quotes == 2
        && text.ends_with('"')
        && inner.contains(' ')
        && !inner.contains(['&', '<', '>', '(', ')', '@', '^', '|']);
    if keep {
        return text.to_string();
    }
    match text.rfind('"') {
        Some(last) if last > 0 => format!("{}{}", &text[1..last], &text[last + 1..]),
        _ => text[1..].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmd_strips_the_outer_quotes_as_cmd_says() {
        assert_eq!(
            strip_outer_quotes(r#""echo a & echo b""#, false),
            "echo a & echo b"
        );
        assert_eq!(
            strip_outer_quotes(r#""C:\a b\x.cmd""#, false),
            r#""C:\a b\x.cmd""#
        );
        assert_eq!(
            strip_outer_quotes(r#""C:\a b\x.cmd" "y""#, false),
            r#"C:\a b\x.cmd" "y"#
        );
        assert_eq!(strip_outer_quotes("ver", false), "ver");
        assert_eq!(strip_outer_quotes("\"ver", false), "ver");
    }
}
