//! Redirections: files opened (created or truncated) before the command runs, as cmd opens
//! them, input read from a file, `NUL` and `CON`, handles duplicated (`2>&1`), and what a
//! command printed routed to the console, a pipe or its files, written with CRLF line ends.

use super::builtin::ErrorlevelRule;
use super::exec::{Flow, Run, parent_of};
use super::parse::{Redirect, Target};
use crate::error::WinError;
use crate::fs::{self, NodeKind};
use crate::process::{Output, Stream};

/// Where a handle's output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    Console(Stream),
    Pipe,
    Nul,
    File(usize),
}

/// A file opened by a redirection.
struct OpenFile {
    path: String,
    append: bool,
    text: String,
}

impl Run<'_> {
    /// Opens the redirections, runs `run` (with the redirected input, if any), routes what it
    /// printed to the console, the pipe, NUL or the files, and sets `%ERRORLEVEL%`.
    pub(super) fn with_redirects(
        &mut self,
        redirects: &[Redirect],
        stdin: Option<String>,
        piped: bool,
        run: impl FnOnce(&mut Self, Option<&str>) -> Result<(Output, ErrorlevelRule), Flow>,
    ) -> Result<(u32, Option<String>), Flow> {
        let mut stdin = stdin;
        let mut sinks = [
            Sink::Console(Stream::Out),
            if piped {
                Sink::Pipe
            } else {
                Sink::Console(Stream::Out)
            },
            Sink::Console(Stream::Err),
        ];
        let mut files: Vec<OpenFile> = Vec::new();
        for r in redirects {
            let handle = (r.handle as usize).min(2);
            match &r.target {
                Target::Dup(m) => sinks[handle] = sinks[(*m as usize).min(2)],
                Target::Read(name) => {
                    let name = self.prepare(name)?;
                    match self.read_input(&name) {
                        Ok(text) => stdin = Some(text),
                        Err(e) => return Ok((self.redirect_failed(e), None)),
                    }
                }
                Target::Write { path, append } => {
                    let path = self.prepare(path)?;
                    match self.open_output(&path, *append, handle, &mut files) {
                        Ok(sink) => sinks[handle] = sink,
                        Err(e) => return Ok((self.redirect_failed(e), None)),
                    }
                }
            }
        }
        let plain = redirects.is_empty() && !piped;
        let (result, rule) = run(self, stdin.as_deref())?;
        let mut pipe = String::new();
        for (stream, text) in &result.chunks {
            let sink = match stream {
                Stream::Out => sinks[1],
                Stream::Err => sinks[2],
            };
            match sink {
                Sink::Console(s) => {
                    if !plain || rule != ErrorlevelRule::Never {
                        self.written += text.len();
                    }
                    match s {
                        Stream::Out => self.out.out(text),
                        Stream::Err => self.out.err(text),
                    }
                }
                Sink::Pipe => pipe.push_str(text),
                Sink::Nul => {}
                Sink::File(i) => files[i].text.push_str(text),
            }
        }
        for f in &files {
            self.written += f.text.len();
            let data = crlf(&f.text);
            let token = &self.process.token;
            // The file was opened (and checked) before the command ran; a failure now would
            // be a simulator bug, but report it as Windows would rather than panic.
            let res = if f.append || data.is_empty() {
                self.host.fs_mut().append_file(&f.path, &data, token)
            } else {
                self.host.fs_mut().write_file(&f.path, &data, token)
            };
            if let Err(e) = res {
                self.out.errln(e.message());
            }
        }
        if self.written > self.limits.max_output {
            let mib = self.limits.max_output / (1024 * 1024);
            return Err(self.abort(&format!("more than {mib} MiB of output")));
        }
        self.set_errorlevel(result.code, rule);
        Ok((result.code, piped.then_some(pipe)))
    }

    /// A redirection could not be opened: cmd prints why, skips the command, errorlevel 1.
    fn redirect_failed(&mut self, e: WinError) -> u32 {
        self.out.errln(e.message());
        self.process.last_exit = 1;
        1
    }

    fn read_input(&mut self, name: &str) -> Result<String, WinError> {
        let name = name.replace('"', "");
        if is_device(&name, "NUL") {
            return Ok(String::new());
        }
        let path = fs::normalize(&name, &self.process.cwd)?;
        let bytes = self.host.fs().read_file(&path, &self.process.token)?;
        Ok(crate::text::decode_console(&bytes))
    }

    fn open_output(
        &mut self,
        name: &str,
        append: bool,
        handle: usize,
        files: &mut Vec<OpenFile>,
    ) -> Result<Sink, WinError> {
        let name = name.replace('"', "");
        if is_device(&name, "NUL") {
            return Ok(Sink::Nul);
        }
        if is_device(&name, "CON") {
            return Ok(Sink::Console(if handle == 2 {
                Stream::Err
            } else {
                Stream::Out
            }));
        }
        let path = fs::normalize(&name, &self.process.cwd)?;
        if let Some(i) = files
            .iter()
            .position(|f| f.path.eq_ignore_ascii_case(&path))
        {
            return Ok(Sink::File(i));
        }
        let fs = self.host.fs();
        match fs.node(&path) {
            Some(n) if n.kind == NodeKind::Dir => return Err(WinError::ACCESS_DENIED),
            Some(_) => {}
            None => {
                let parent = parent_of(&path);
                if !fs.node(parent).is_some_and(|n| n.kind == NodeKind::Dir) {
                    return Err(WinError::PATH_NOT_FOUND);
                }
            }
        }
        // cmd opens (creates or truncates) the file before the command runs.
        let token = &self.process.token;
        if append {
            self.host.fs_mut().append_file(&path, b"", token)?;
        } else {
            self.host.fs_mut().write_file(&path, b"", token)?;
        }
        files.push(OpenFile {
            path,
            append,
            text: String::new(),
        });
        Ok(Sink::File(files.len() - 1))
    }
}

/// True if the last component of `path` names the device `dev` (`nul`, `C:\x\NUL.txt`).
pub(super) fn is_device(path: &str, dev: &str) -> bool {
    let last = path.rsplit(['\\', '/']).next().unwrap_or(path);
    let stem = last
        .split('.')
        .next()
        .unwrap_or(last)
        .trim_end_matches([' ', ':']);
    stem.eq_ignore_ascii_case(dev)
}

/// Output text with Windows line ends.
pub fn crlf(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 16);
    let mut prev = '\0';
    for c in text.chars() {
        if c == '\n' && prev != '\r' {
            out.push(b'\r');
        }
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        prev = c;
    }
    out
}
