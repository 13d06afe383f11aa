//! cmd built-ins and small tools: `echo`, `type`, `dir`, `mkdir`/`md`, `cd`/`chdir`, `cls`,
//! `ver`, `set`, `rem`, `pause`, `title`; the tools `whoami`, `hostname` and `more`.
//!
//! A built-in receives its raw text after the command name (`echo` prints it as written,
//! quotes included); the tools receive arguments split like any program. Which built-ins
//! reset `%ERRORLEVEL%` on success follows cmd's measured behaviour (see `ErrorlevelRule`).

mod dir;

use crate::commands::CommandFn;
use crate::error::WinError;
use crate::fs::{self, NodeKind};
use crate::host::Host;
use crate::os::Os;
use crate::shell::argv::split_paths;
use crate::shell::{Output, Session};
use crate::text::{UTF16LE_BOM, decode_console};

/// A built-in's entry point: host, session, the text after its name, piped input.
pub type BuiltinFn = fn(&mut Host, &mut Session, &str, Option<&str>) -> Output;

/// What a command does to `%ERRORLEVEL%` when it succeeds (on failure every command sets it).
/// Source: the experiments published in "Which cmd.exe internal commands clear the ERRORLEVEL
/// to 0 upon success?" (Stack Overflow 34968009): ECHO, CLS, REM, PAUSE, TITLE preserve it;
/// CD, DIR, MD, TYPE, VER clear it; SET clears it only in `.cmd` scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorlevelRule {
    /// Every exit code is stored (external programs).
    Always,
    /// Success stores 0.
    ClearOnSuccess,
    /// Success stores 0 only in a `.cmd` script.
    ClearInCmdScript,
    /// Success leaves `%ERRORLEVEL%` as it was.
    Preserve,
}

/// cmd's built-ins, by name.
const BUILTINS: &[(&str, BuiltinFn, ErrorlevelRule)] = &[
    ("echo", echo, ErrorlevelRule::Preserve),
    ("type", type_, ErrorlevelRule::ClearOnSuccess),
    ("dir", dir::run, ErrorlevelRule::ClearOnSuccess),
    ("mkdir", mkdir, ErrorlevelRule::ClearOnSuccess),
    ("md", mkdir, ErrorlevelRule::ClearOnSuccess),
    ("cd", cd, ErrorlevelRule::ClearOnSuccess),
    ("chdir", cd, ErrorlevelRule::ClearOnSuccess),
    ("cls", cls, ErrorlevelRule::Preserve),
    ("ver", ver, ErrorlevelRule::ClearOnSuccess),
    ("set", set, ErrorlevelRule::ClearInCmdScript),
    ("rem", nothing, ErrorlevelRule::Preserve),
    ("title", nothing, ErrorlevelRule::Preserve),
    ("pause", pause, ErrorlevelRule::Preserve),
];

/// Small programs that live beside cmd (`whoami.exe`, `hostname.exe`).
const TOOLS: &[(&str, CommandFn)] = &[("whoami", whoami), ("hostname", hostname)];

/// Finds a built-in by its (lower-case) name.
pub fn lookup(name: &str) -> Option<(BuiltinFn, ErrorlevelRule)> {
    BUILTINS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, f, r)| (*f, *r))
}

/// Finds one of the small tools (`whoami`, `hostname`; `.exe` optional).
pub fn lookup_tool(name: &str) -> Option<CommandFn> {
    let n = name.to_ascii_lowercase();
    let n = n.strip_suffix(".exe").unwrap_or(&n);
    TOOLS.iter().find(|(k, _)| *k == n).map(|(_, f)| *f)
}

/// Runs the built-in named `args[0]` with the other arguments (joined with spaces, quoted
/// where needed); an unknown name gives cmd's "not recognized" error.
pub fn run(host: &mut Host, session: &mut Session, args: &[String], stdin: Option<&str>) -> Output {
    let Some((name, rest)) = args.split_first() else {
        return Output::default();
    };
    let text: Vec<String> = rest
        .iter()
        .map(|a| crate::shell::argv::quote_arg(a))
        .collect();
    let text = format!(" {}", text.join(" "));
    match lookup(name) {
        Some((f, _)) => f(host, session, &text, stdin),
        None => match lookup_tool(name) {
            Some(f) => f(host, session, rest, stdin),
            None => {
                let mut out = Output::with_code(9009);
                out.errln(format!(
                    "'{name}' is not recognized as an internal or external command,"
                ));
                out.errln("operable program or batch file.");
                out
            }
        },
    }
}

/// Runs `more` (pass-through of its input; `more < file` and `more file` read the file).
/// Paging (`-- More --`) is not simulated: output is never a console here.
pub fn run_more(
    host: &mut Host,
    session: &mut Session,
    args: &[String],
    stdin: Option<&str>,
) -> Output {
    let mut out = Output::default();
    let files: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('/') && !a.starts_with('+'))
        .collect();
    if files.is_empty() {
        let text = stdin.unwrap_or("");
        out.out(text);
        if !text.is_empty() && !text.ends_with('\n') {
            out.out("\n");
        }
        return out;
    }
    for f in files {
        match read_text(host, session, f) {
            Ok(text) => {
                out.out(&text);
                if !text.is_empty() && !text.ends_with('\n') {
                    out.out("\n");
                }
            }
            Err(_) => {
                out.errln(format!("Cannot access file {}", full_path(session, f)));
                out.code = 1;
            }
        }
    }
    out
}

fn full_path(session: &Session, path: &str) -> String {
    fs::normalize(path, &session.cwd).unwrap_or_else(|_| path.to_string())
}

fn read_text(host: &Host, session: &Session, path: &str) -> Result<String, WinError> {
    let p = fs::normalize(path, &session.cwd)?;
    match host.fs().node(&p) {
        Some(n) if n.kind == NodeKind::Dir => Err(WinError::ACCESS_DENIED),
        _ => host
            .fs()
            .read_file(&p, &session.token)
            .map(|b| decode_console(&b)),
    }
}

/// `echo`, `echo.`, `echo off|on`, `echo` alone (the state).
fn echo(_host: &mut Host, session: &mut Session, text: &str, _stdin: Option<&str>) -> Output {
    let mut out = Output::default();
    // The first character after `echo` separates; everything after it is printed verbatim.
    let mut chars = text.chars();
    let first = chars.next();
    let body = chars.as_str();
    let trimmed = text.trim();
    if first.is_none() || (matches!(first, Some(' ' | '\t')) && trimmed.is_empty()) {
        out.outln(if session.echo {
            "ECHO is on."
        } else {
            "ECHO is off."
        });
        return out;
    }
    if matches!(first, Some(' ' | '\t')) {
        if trimmed.eq_ignore_ascii_case("off") {
            session.echo = false;
            return out;
        }
        if trimmed.eq_ignore_ascii_case("on") {
            session.echo = true;
            return out;
        }
    }
    out.outln(body);
    out
}

/// `type file...`: prints files (several: each name on stderr first, as cmd does).
fn type_(host: &mut Host, session: &mut Session, text: &str, _stdin: Option<&str>) -> Output {
    let mut out = Output::default();
    let files = split_paths(text);
    if files.is_empty() {
        out.errln("The syntax of the command is incorrect.");
        out.code = 1;
        return out;
    }
    // Wildcards expand to the matching files; with a wildcard or several names, cmd names each
    // file on stderr before its contents.
    let many = files.len() > 1 || files.iter().any(|f| fs::has_wildcard(f));
    let files: Vec<String> = files
        .iter()
        .flat_map(|f| expand_wildcard(host, session, f))
        .collect();
    for f in &files {
        let path = match fs::normalize(f, &session.cwd) {
            Ok(p) => p,
            Err(e) => {
                fail(&mut out, e);
                continue;
            }
        };
        match host.fs().node(&path) {
            None => {
                let parent_ok = host
                    .fs()
                    .node(crate::shell::exec::parent_of(&path))
                    .is_some();
                fail(
                    &mut out,
                    if parent_ok {
                        WinError::FILE_NOT_FOUND
                    } else {
                        WinError::PATH_NOT_FOUND
                    },
                );
                continue;
            }
            Some(n) if n.kind == NodeKind::Dir => {
                fail(&mut out, WinError::ACCESS_DENIED);
                continue;
            }
            Some(_) => {}
        }
        match host.fs().read_file(&path, &session.token) {
            Ok(bytes) => {
                if many {
                    out.err(format!("\n{f}\n\n\n"));
                }
                let bytes = match bytes.iter().position(|&b| b == 0x1A) {
                    // Ctrl-Z ends a text file for `type` (not in UTF-16 files).
                    Some(i) if !bytes.starts_with(&UTF16LE_BOM) => &bytes[..i],
                    _ => &bytes[..],
                };
                out.out(decode_console(bytes).replace('\0', " "));
            }
            Err(e) => fail(&mut out, e),
        }
    }
    out
}

/// `C:\dir\f686*` -> the matching files as typed (`C:\dir\f686aace...`); a name without
/// wildcards, or one that matches nothing, stays as it is (and then fails as a missing file).
fn expand_wildcard(host: &Host, session: &Session, typed: &str) -> Vec<String> {
    if !fs::has_wildcard(typed) {
        return vec![typed.to_string()];
    }
    let pattern = fs::leaf(typed);
    let typed_dir = &typed[..typed.len() - pattern.len()];
    let Ok(dir) = fs::normalize(
        if typed_dir.is_empty() { "." } else { typed_dir },
        &session.cwd,
    ) else {
        return vec![typed.to_string()];
    };
    let found: Vec<String> = host
        .fs()
        .matching(&dir, pattern)
        .into_iter()
        .filter(|p| host.fs().node(p).is_some_and(|n| n.kind != NodeKind::Dir))
        .map(|p| format!("{typed_dir}{}", fs::leaf(&p)))
        .collect();
    if found.is_empty() {
        vec![typed.to_string()]
    } else {
        found
    }
}

fn fail(out: &mut Output, e: WinError) {
    out.errln(e.message());
    out.code = 1;
}

/// `mkdir a b "c d"`: creates each folder and the folders above it.
fn mkdir(host: &mut Host, session: &mut Session, text: &str, _stdin: Option<&str>) -> Output {
    let mut out = Output::default();
    let dirs = split_paths(text);
    if dirs.is_empty() {
        out.errln("The syntax of the command is incorrect.");
        out.code = 1;
        return out;
    }
    for d in &dirs {
        if let Err(e) = make_dirs(host, session, d) {
            match e {
                WinError::ALREADY_EXISTS => {
                    out.errln(format!("A subdirectory or file {d} already exists."))
                }
                e => out.errln(e.message()),
            }
            out.code = 1;
        }
    }
    out
}

fn make_dirs(host: &mut Host, session: &Session, dir: &str) -> Result<(), WinError> {
    let path = fs::normalize(dir, &session.cwd)?;
    if host.fs().node(&path).is_some() {
        return Err(WinError::ALREADY_EXISTS);
    }
    let mut missing = Vec::new();
    let mut p = path.as_str();
    while host.fs().node(p).is_none() {
        missing.push(p.to_string());
        let parent = crate::shell::exec::parent_of(p);
        if parent == p {
            return Err(WinError::PATH_NOT_FOUND);
        }
        p = parent;
    }
    if !host.fs().node(p).is_some_and(|n| n.kind == NodeKind::Dir) {
        return Err(WinError::PATH_NOT_FOUND);
    }
    for m in missing.iter().rev() {
        host.fs_mut().create_dir(m, &session.token)?;
    }
    Ok(())
}

/// `cd` (prints the current folder), `cd path`, `cd /d path`, `cd ..`, `cd\`.
fn cd(host: &mut Host, session: &mut Session, text: &str, _stdin: Option<&str>) -> Output {
    let mut out = Output::default();
    let mut arg = text.trim();
    if let Some(rest) = arg.strip_prefix("/d").or_else(|| arg.strip_prefix("/D")) {
        arg = rest.trim();
    }
    // `cd` takes the whole rest as one path (spaces allowed without quotes).
    let arg = arg.replace('"', "");
    let arg = arg.trim_end();
    if arg.is_empty() {
        out.outln(&session.cwd);
        return out;
    }
    if arg.len() == 2 && arg.ends_with(':') {
        // `cd C:` prints that drive's current folder.
        out.outln(&session.cwd);
        return out;
    }
    match fs::normalize(arg, &session.cwd) {
        Ok(p) if host.fs().node(&p).is_some_and(|n| n.kind == NodeKind::Dir) => {
            // cmd keeps the case as stored on disk.
            session.cwd = host.fs().node(&p).map(|n| n.path.clone()).unwrap_or(p);
        }
        Ok(p) if host.fs().node(&p).is_some() => {
            out.errln("The directory name is invalid.");
            out.code = 1;
        }
        _ => {
            out.errln("The system cannot find the path specified.");
            out.code = 1;
        }
    }
    out
}

/// `cls`: a form feed, which is what cls writes when its output is not a console.
fn cls(_host: &mut Host, _session: &mut Session, _text: &str, _stdin: Option<&str>) -> Output {
    let mut out = Output::default();
    out.out("\u{c}");
    out
}

/// `ver`: a blank line, then `Microsoft Windows [Version ...]`.
fn ver(host: &mut Host, _session: &mut Session, _text: &str, _stdin: Option<&str>) -> Output {
    let mut out = Output::default();
    out.outln("");
    out.outln(format!(
        "Microsoft Windows [Version {}]",
        version_string(host.os())
    ));
    out
}

/// The version `ver` prints. The revision (UBR) depends on the updates installed; these are
/// plausible patched values [unconfirmed: any real image differs in the last number].
pub fn version_string(os: Os) -> String {
    match os {
        Os::Server2008R2 => "6.1.7601".to_string(),
        Os::Server2012R2 => "6.3.9600".to_string(),
        Os::Server2016 => "10.0.14393.7428".to_string(),
        Os::Server2019 => "10.0.17763.6414".to_string(),
        Os::Server2022 => "10.0.20348.2762".to_string(),
    }
}

/// `set`, `set NAME=value`, `set NAME=`, `set PREFIX`, `set "NAME=value"`, `set /p NAME=prompt`.
fn set(_host: &mut Host, session: &mut Session, text: &str, _stdin: Option<&str>) -> Output {
    let mut out = Output::default();
    let mut arg = text.trim_start_matches([' ', '\t']);
    if let Some(rest) = arg.strip_prefix("/p").or_else(|| arg.strip_prefix("/P")) {
        let rest = rest.trim_start();
        let Some((name, prompt)) = rest.split_once('=') else {
            out.errln("The syntax of the command is incorrect.");
            out.code = 1;
            return out;
        };
        match session.ask(&mut out, prompt) {
            Some(answer) => session.env.set(name, &answer),
            None => out.code = 1,
        }
        return out;
    }
    if arg.starts_with("/a") || arg.starts_with("/A") {
        return set_arith(session, &arg[2..]);
    }
    let quoted;
    if let Some(inner) = arg.strip_prefix('"') {
        quoted = inner
            .rfind('"')
            .map(|q| &inner[..q])
            .unwrap_or(inner)
            .to_string();
        arg = &quoted;
    }
    match arg.split_once('=') {
        Some((name, value)) if !name.is_empty() => session.env.set(name, value),
        Some(_) => {
            out.errln("The syntax of the command is incorrect.");
            out.code = 1;
        }
        None => {
            let prefix = arg.trim_end().to_uppercase();
            let lines: Vec<String> = session
                .env
                .iter()
                .filter(|(n, _)| n.to_uppercase().starts_with(&prefix))
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            if lines.is_empty() {
                out.errln(format!(
                    "Environment variable {} not defined",
                    arg.trim_end()
                ));
                out.code = 1;
            }
            for l in lines {
                out.outln(l);
            }
        }
    }
    out
}

/// `set /a NAME=expr` with integers, `+ - * / %` and variables (left to right, `*/%` first).
fn set_arith(session: &mut Session, expr: &str) -> Output {
    let mut out = Output::default();
    let expr = expr.replace('"', "");
    let (name, rhs) = match expr.split_once('=') {
        Some((n, r)) => (Some(n.trim().to_string()), r.to_string()),
        None => (None, expr.clone()),
    };
    match eval(&rhs, &session.env) {
        Some(v) => {
            if let Some(n) = name {
                session.env.set(&n, &v.to_string());
            }
            out.out(v.to_string());
        }
        None => {
            out.errln("Missing operand.");
            out.code = 1073750988;
        }
    }
    out
}

fn eval(expr: &str, env: &crate::shell::env::Env) -> Option<i32> {
    let mut terms: Vec<(char, i32)> = Vec::new();
    let mut op = '+';
    let mut prod: Option<i32> = None;
    let mut pending = '*';
    let tokens = tokenize(expr);
    if tokens
        .last()
        .is_none_or(|t| matches!(t.as_str(), "+" | "-" | "*" | "/" | "%"))
    {
        return None;
    }
    let mut it = tokens.iter().peekable();
    while let Some(tok) = it.next() {
        let v = match tok.as_str() {
            t if t.chars().all(|c| c.is_ascii_digit()) => t.parse::<i64>().ok()? as i32,
            t if t.chars().all(|c| c.is_alphanumeric() || c == '_') => env
                .get(t)
                .and_then(|v| v.trim().parse::<i32>().ok())
                .unwrap_or(0),
            _ => return None,
        };
        prod = Some(match prod {
            None => v,
            Some(p) => match pending {
                '*' => p.wrapping_mul(v),
                '/' => p.checked_div(v)?,
                _ => p.checked_rem(v)?,
            },
        });
        match it.next().map(String::as_str) {
            Some(o @ ("*" | "/" | "%")) => pending = o.chars().next()?,
            Some(o @ ("+" | "-")) => {
                terms.push((op, prod.take()?));
                op = o.chars().next()?;
                pending = '*';
            }
            None => {
                terms.push((op, prod.take()?));
                break;
            }
            _ => return None,
        }
    }
    if prod.is_some() || terms.is_empty() {
        return None;
    }
    Some(terms.iter().fold(0i32, |acc, (o, v)| {
        if *o == '+' {
            acc.wrapping_add(*v)
        } else {
            acc.wrapping_sub(*v)
        }
    }))
}

fn tokenize(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in expr.chars() {
        if matches!(c, '+' | '-' | '*' | '/' | '%') {
            if !cur.trim().is_empty() {
                out.push(cur.trim().to_string());
            }
            cur.clear();
            out.push(c.to_string());
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn nothing(_host: &mut Host, _session: &mut Session, _text: &str, _stdin: Option<&str>) -> Output {
    Output::default()
}

/// `pause`: waits for a key (an answer); unattended, end-of-input continues at once.
fn pause(_host: &mut Host, session: &mut Session, _text: &str, _stdin: Option<&str>) -> Output {
    let mut out = Output::default();
    session.ask(&mut out, "Press any key to continue . . . ");
    out
}

/// `whoami`: the account in lower case (`rds01\azureuser`, `nt authority\network service`).
fn whoami(host: &mut Host, session: &mut Session, args: &[String], _stdin: Option<&str>) -> Output {
    let mut out = Output::default();
    if let Some(a) = args.first() {
        out.errln(format!("ERROR: Invalid argument/option - '{a}'."));
        out.errln("Type \"WHOAMI /?\" for usage.");
        out.code = 1;
        return out;
    }
    let user = &session.token.user;
    let name = host
        .principals()
        .name_of(user)
        .unwrap_or_else(|| user.to_string());
    out.outln(name.to_lowercase());
    out
}

/// `hostname`: the computer name.
fn hostname(
    host: &mut Host,
    _session: &mut Session,
    args: &[String],
    _stdin: Option<&str>,
) -> Output {
    let mut out = Output::default();
    if !args.is_empty() {
        out.errln("sethostname: Use the Network Control Panel Applet to set hostname.");
        out.code = 1;
        return out;
    }
    out.outln(host.name());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::env::Env;

    #[test]
    fn builtins_are_found_case_insensitively() {
        assert!(lookup("ECHO").is_some());
        assert!(lookup("icacls").is_none());
        assert!(lookup_tool("WhoAmI.exe").is_some());
    }

    #[test]
    fn set_a_evaluates_left_to_right_with_precedence() {
        let mut env = Env::default();
        env.set("X", "4");
        assert_eq!(eval("1+2*3", &env), Some(7));
        assert_eq!(eval("X*2-1", &env), Some(7));
        assert_eq!(eval("7 % 4", &env), Some(3));
        assert_eq!(eval("1/0", &env), None);
        assert_eq!(eval("1+", &env), None);
    }
}
