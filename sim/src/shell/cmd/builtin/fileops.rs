//! The built-ins that delete, copy, move and rename: `del`/`erase`, `rd`/`rmdir`, `copy`,
//! `move`, `ren`/`rename`. Every change goes through the access-checked filesystem (`fs`)
//! or the operations layer (`ops::files::move_item`), so what a locked-down host refuses
//! gets Windows' own message.
//!
//! Texts (cmd.exe, en-US): `Could Not Find C:\x\y`, `Access is denied.` after the file's
//! name, `Deleted file - C:\x\y` under `/s`, `C:\x\*, Are you sure (Y/N)? ` before deleting a
//! whole folder, `        1 file(s) copied.` (`%9d`), `Overwrite C:\x? (Yes/No/All): ` at the
//! console (a batch script overwrites without asking, as `copy /?` says), `A duplicate file
//! name exists, or the file cannot be found.` for `ren`.

use super::incorrect_syntax;
use crate::error::WinError;
use crate::fs;
use crate::host::Host;
use crate::process::argv::split_paths;
use crate::process::{Output, Process};

/// Switches (lower-cased, without `/`) and names of a built-in's text.
fn switches_and_names(text: &str) -> (Vec<String>, Vec<String>) {
    let mut switches = Vec::new();
    let mut names = Vec::new();
    for w in split_paths(text) {
        if let Some(s) = w.strip_prefix('/') {
            // `/s/q` is two switches.
            for part in s.split('/') {
                switches.push(part.to_ascii_lowercase());
            }
        } else {
            names.push(w);
        }
    }
    (switches, names)
}

fn has(switches: &[String], s: &str) -> bool {
    switches.iter().any(|x| x == s)
}

/// A typed name split into its folder (normalized) and its last component (a pattern or a
/// name). `None` when the folder part cannot be a path.
fn split_pattern(process: &Process, typed: &str) -> Option<(String, String)> {
    let typed = typed.replace('/', "\\");
    let (dir, pattern) = match typed.rfind('\\') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None if typed.len() >= 2 && typed.as_bytes()[1] == b':' => (&typed[..2], &typed[2..]),
        None => ("", typed.as_str()),
    };
    let dir = fs::normalize(if dir.is_empty() { "." } else { dir }, &process.cwd).ok()?;
    Some((dir, pattern.to_string()))
}

/// Asks `prompt`; true for an answer starting with `y` (the console's default is no).
fn confirm(process: &mut Process, out: &mut Output, prompt: &str) -> bool {
    process
        .ask(out, prompt)
        .is_some_and(|a| a.trim_start().starts_with(['y', 'Y']))
}

/// `del [/p] [/f] [/s] [/q] [/a] names...`: deletes files (never folders; `/p` asks
/// `C:\x\y, Delete (Y/N)? ` for each, and unattended that is no). `%ERRORLEVEL%`
/// becomes 0 even when nothing could be deleted (measured, Stack Overflow 34968009).
pub(super) fn del(host: &mut Host, process: &mut Process, text: &str) -> Output {
    let (switches, names) = switches_and_names(text);
    if names.is_empty() {
        return incorrect_syntax();
    }
    let quiet = has(&switches, "q");
    let recurse = has(&switches, "s");
    let each = has(&switches, "p");
    let mut out = Output::default();
    for name in &names {
        let Some((dir, mut pattern)) = split_pattern(process, name) else {
            out.errln(WinError::INVALID_NAME.message());
            continue;
        };
        let mut shown_dir = dir.clone();
        if !fs::has_wildcard(&pattern) {
            if let Ok(full) = fs::normalize(name, &process.cwd) {
                if host.fs().is_dir(&full) {
                    // `del folder` means every file in it.
                    shown_dir = full;
                    pattern = "*".to_string();
                }
            }
        }
        if !host.fs().is_dir(&shown_dir) {
            out.errln(WinError::PATH_NOT_FOUND.message());
            continue;
        }
        let whole = pattern == "*" || pattern == "*.*";
        if whole && !quiet {
            let prompt = format!("{}, Are you sure (Y/N)? ", fs::join(&shown_dir, &pattern));
            if !confirm(process, &mut out, &prompt) {
                continue;
            }
        }
        let folders = if recurse {
            host.fs()
                .descendants(&shown_dir)
                .into_iter()
                .filter(|p| host.fs().is_dir(p))
                .collect()
        } else {
            vec![shown_dir.clone()]
        };
        let mut found = false;
        for folder in folders {
            let files: Vec<String> = host
                .fs()
                .matching(&folder, &pattern)
                .into_iter()
                .filter(|p| !host.fs().is_dir(p))
                .collect();
            for f in files {
                found = true;
                if each && !confirm(process, &mut out, &format!("{f}, Delete (Y/N)? ")) {
                    continue;
                }
                match host.fs_mut().delete(&f, &process.token) {
                    Ok(()) if recurse => out.outln(format!("Deleted file - {f}")),
                    Ok(()) => {}
                    Err(e) => {
                        out.errln(&f);
                        out.errln(e.message());
                    }
                }
            }
        }
        if !found {
            out.errln(format!("Could Not Find {}", fs::join(&shown_dir, &pattern)));
        }
    }
    out
}

/// `rd [/s] [/q] folders...`. Like Windows, a failure is reported to `||` but leaves
/// `%ERRORLEVEL%` alone (Wine's cmd tests document RMDIR's return code and errorlevel).
pub(super) fn rd(host: &mut Host, process: &mut Process, text: &str) -> Output {
    let (switches, names) = switches_and_names(text);
    if names.is_empty() {
        return incorrect_syntax();
    }
    let recurse = has(&switches, "s");
    let quiet = has(&switches, "q");
    let mut out = Output::default();
    for name in &names {
        let path = match fs::normalize(name, &process.cwd) {
            Ok(p) => p,
            Err(e) => {
                fail(&mut out, e.message());
                continue;
            }
        };
        match host.fs().node(&path) {
            None => {
                fail(&mut out, WinError::FILE_NOT_FOUND.message());
                continue;
            }
            Some(n) if !n.is_dir() => {
                fail(&mut out, "The directory name is invalid.");
                continue;
            }
            Some(_) => {}
        }
        if recurse {
            if !quiet && !confirm(process, &mut out, &format!("{name}, Are you sure (Y/N)? ")) {
                continue;
            }
            let mut all = host.fs().descendants(&path);
            all.reverse();
            for p in all {
                match host.fs_mut().delete(&p, &process.token) {
                    Ok(()) => {}
                    Err(WinError::DIR_NOT_EMPTY) if p != path => {}
                    Err(WinError::DIR_NOT_EMPTY) => {
                        fail(&mut out, WinError::DIR_NOT_EMPTY.message())
                    }
                    Err(e) if p == path => fail(&mut out, e.message()),
                    Err(e) => {
                        out.errln(format!("{p} - {}", e.message()));
                        out.code = 1;
                    }
                }
            }
        } else if let Err(e) = host.fs_mut().delete(&path, &process.token) {
            fail(&mut out, e.message());
        }
    }
    out
}

fn fail(out: &mut Output, message: &str) {
    out.errln(message);
    out.code = 1;
}

/// The files a source name stands for: a folder's files, a pattern's matches, or the file.
fn sources(host: &Host, process: &Process, name: &str) -> Result<(Vec<String>, bool), WinError> {
    let (dir, pattern) = split_pattern(process, name).ok_or(WinError::INVALID_NAME)?;
    if !fs::has_wildcard(&pattern) {
        let full = fs::normalize(name, &process.cwd)?;
        return match host.fs().node(&full) {
            Some(n) if n.is_dir() => {
                let files = files_in(host, &full, "*");
                Ok((files, true))
            }
            Some(n) => Ok((vec![n.path.clone()], false)),
            None if host.fs().is_dir(&dir) => Err(WinError::FILE_NOT_FOUND),
            None => Err(WinError::PATH_NOT_FOUND),
        };
    }
    if !host.fs().is_dir(&dir) {
        return Err(WinError::PATH_NOT_FOUND);
    }
    Ok((files_in(host, &dir, &pattern), true))
}

fn files_in(host: &Host, dir: &str, pattern: &str) -> Vec<String> {
    host.fs()
        .matching(dir, pattern)
        .into_iter()
        .filter(|p| !host.fs().is_dir(p))
        .collect()
}

/// Where a source goes: into the target folder under its own name, or to the target name.
fn target_of(host: &Host, target: &Option<String>, source: &str) -> String {
    match target {
        Some(t) if host.fs().is_dir(t) => fs::join(t, fs::leaf(source)),
        Some(t) => t.clone(),
        None => source.to_string(),
    }
}

/// Whether an existing target may be replaced: `/y` yes, `/-y` asks, else a batch script
/// replaces silently and the console asks.
fn may_replace(
    process: &mut Process,
    out: &mut Output,
    switches: &[String],
    batch: bool,
    target: &str,
    all: &mut bool,
) -> bool {
    let ask = if has(switches, "-y") {
        true
    } else {
        !has(switches, "y") && !batch
    };
    if !ask || *all {
        return true;
    }
    match process.ask(out, &format!("Overwrite {target}? (Yes/No/All): ")) {
        Some(a) if a.trim_start().starts_with(['a', 'A']) => {
            *all = true;
            true
        }
        Some(a) => a.trim_start().starts_with(['y', 'Y']),
        None => false,
    }
}

/// `copy [/y|/-y] [/b|/a|/v] source [target]`.
pub(super) fn copy(host: &mut Host, process: &mut Process, text: &str, batch: bool) -> Output {
    transfer(host, process, text, batch, false)
}

/// `move [/y|/-y] source [target]`.
pub(super) fn move_(host: &mut Host, process: &mut Process, text: &str, batch: bool) -> Output {
    transfer(host, process, text, batch, true)
}

fn transfer(
    host: &mut Host,
    process: &mut Process,
    text: &str,
    batch: bool,
    moving: bool,
) -> Output {
    let (switches, names) = switches_and_names(text);
    let verb = if moving { "moved" } else { "copied" };
    let mut out = Output::default();
    let (source, target) = match names.as_slice() {
        [s] => (s.clone(), None),
        [s, t] => (s.clone(), Some(t.clone())),
        _ => return incorrect_syntax(),
    };
    let target = match target.map(|t| fs::normalize(&t, &process.cwd)).transpose() {
        Ok(t) => t,
        Err(e) => {
            fail(&mut out, e.message());
            out.outln(format!("{:>9} file(s) {verb}.", 0));
            return out;
        }
    };
    // `move folder target` moves the folder itself.
    if moving {
        if let Ok(full) = fs::normalize(&source, &process.cwd) {
            if host.fs().is_dir(&full) {
                let to = target_of(host, &target, &full);
                return match crate::ops::files::move_item(host, &process.token, &full, &to, false) {
                    Ok(()) => {
                        out.outln(format!("{:>9} dir(s) moved.", 1));
                        out
                    }
                    Err(e) => {
                        fail(&mut out, e.message());
                        out.outln(format!("{:>9} dir(s) moved.", 0));
                        out
                    }
                };
            }
        }
    }
    let (files, many) = match sources(host, process, &source) {
        Ok((f, _)) if f.is_empty() => (Err(WinError::FILE_NOT_FOUND), false),
        Ok((f, many)) => (Ok(f), many),
        Err(e) => (Err(e), false),
    };
    let files = match files {
        Ok(f) => f,
        Err(e) => {
            fail(&mut out, e.message());
            out.outln(format!("{:>9} file(s) {verb}.", 0));
            return out;
        }
    };
    let target = target.or_else(|| Some(process.cwd.clone()));
    let mut done = 0;
    let mut all = false;
    for f in &files {
        let to = target_of(host, &target, f);
        if many {
            out.outln(f);
        }
        if to.eq_ignore_ascii_case(f) {
            fail(&mut out, "The file cannot be copied onto itself.");
            continue;
        }
        let exists = host.fs().node(&to).is_some();
        if exists && !may_replace(process, &mut out, &switches, batch, &to, &mut all) {
            continue;
        }
        let result = if moving {
            crate::ops::files::move_item(host, &process.token, f, &to, true)
        } else {
            copy_file(host, process, f, &to)
        };
        match result {
            Ok(()) => done += 1,
            Err(e) => fail(&mut out, e.message()),
        }
    }
    out.outln(format!("{done:>9} file(s) {verb}."));
    out
}

fn copy_file(host: &mut Host, process: &Process, from: &str, to: &str) -> Result<(), WinError> {
    let data = host.fs().read_file(from, &process.token)?;
    host.fs_mut().write_file(to, &data, &process.token)
}

/// `ren source newname`: the new name is a name, not a path.
pub(super) fn ren(host: &mut Host, process: &mut Process, text: &str) -> Output {
    let (_, names) = switches_and_names(text);
    let [source, new] = names.as_slice() else {
        return incorrect_syntax();
    };
    if new.contains(['\\', '/', ':']) {
        return incorrect_syntax();
    }
    let mut out = Output::default();
    let from = match fs::normalize(source, &process.cwd) {
        Ok(p) => p,
        Err(e) => {
            fail(&mut out, e.message());
            return out;
        }
    };
    let Some(node) = host.fs().node(&from) else {
        fail(&mut out, WinError::FILE_NOT_FOUND.message());
        return out;
    };
    let parent = fs::parent(&node.path).unwrap_or(&node.path).to_string();
    let to = fs::join(&parent, new);
    if host.fs().node(&to).is_some() && !to.eq_ignore_ascii_case(&from) {
        fail(
            &mut out,
            "A duplicate file name exists, or the file cannot be found.",
        );
        return out;
    }
    if let Err(e) = crate::ops::files::move_item(host, &process.token, &from, &to, false) {
        fail(&mut out, e.message());
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::host::Host;
    use crate::process::Process;
    use crate::shell::{run_line, run_script};

    fn setup() -> (Host, Process) {
        let mut host = Host::builder().build();
        let mut p = Process::new(host.admin_token());
        let out = run_line(
            &mut host,
            &mut p,
            r"mkdir C:\t\sub & echo a> C:\t\a.txt & echo b> C:\t\b.log & echo c> C:\t\sub\c.txt",
        );
        assert_eq!(out.combined(), "");
        (host, p)
    }

    #[test]
    fn del_deletes_matches_and_names_what_it_cannot_find() {
        let (mut host, mut p) = setup();
        let out = run_line(&mut host, &mut p, r"del C:\t\*.txt & del C:\t\nope.txt");
        assert_eq!(out.stderr(), "Could Not Find C:\\t\\nope.txt\n");
        assert_eq!(out.code, 0, "del clears ERRORLEVEL even when it fails");
        assert!(host.fs().node(r"C:\t\a.txt").is_none());
        assert!(host.fs().node(r"C:\t\sub\c.txt").is_some());
        let out = run_line(&mut host, &mut p, r"del /s /q C:\t\*.txt");
        assert_eq!(out.stdout(), "Deleted file - C:\\t\\sub\\c.txt\n");
        let out = run_line(&mut host, &mut p, r"del C:\t");
        assert_eq!(out.stdout(), "C:\\t\\*, Are you sure (Y/N)? \n");
        assert!(
            host.fs().node(r"C:\t\b.log").is_some(),
            "unattended means no"
        );
        let out = run_line(&mut host, &mut p, r"del /p C:\t\b.log");
        assert_eq!(out.stdout(), "C:\\t\\b.log, Delete (Y/N)? \n");
        assert!(host.fs().node(r"C:\t\b.log").is_some());
        let out = run_line(&mut host, &mut p, r"del");
        assert_eq!(out.stderr(), "The syntax of the command is incorrect.\n");
    }

    #[test]
    fn del_as_a_service_account_is_denied_per_file() {
        let (mut host, mut p) = setup();
        run_line(&mut host, &mut p, r"echo x> C:\Windows\t.txt");
        let mut ns = Process::new(crate::principals::Token::network_service());
        let out = run_line(&mut host, &mut ns, r"del /q C:\Windows\t.txt");
        assert_eq!(out.stderr(), "C:\\Windows\\t.txt\nAccess is denied.\n");
        assert!(host.fs().node(r"C:\Windows\t.txt").is_some());
    }

    #[test]
    fn rd_needs_s_for_a_full_folder_and_leaves_errorlevel_alone() {
        let (mut host, mut p) = setup();
        let out = run_line(&mut host, &mut p, r"rd C:\t || echo failed");
        assert_eq!(out.stderr(), "The directory is not empty.\n");
        assert_eq!(out.stdout(), "failed\n");
        let out = run_line(&mut host, &mut p, r"rd C:\nope & echo %ERRORLEVEL%");
        assert_eq!(out.stderr(), "The system cannot find the file specified.\n");
        assert_eq!(out.stdout(), "0\n");
        let out = run_line(&mut host, &mut p, r"rd /s /q C:\t");
        assert_eq!(out.combined(), "");
        assert!(host.fs().node(r"C:\t").is_none());
    }

    #[test]
    fn copy_move_and_ren_report_like_cmd() {
        let (mut host, mut p) = setup();
        let out = run_line(&mut host, &mut p, r"copy C:\t\a.txt C:\t\sub");
        assert_eq!(out.stdout(), "        1 file(s) copied.\n");
        let out = run_line(&mut host, &mut p, r"copy C:\t\*.txt C:\t\sub");
        assert_eq!(
            out.stdout(),
            "C:\\t\\a.txt\nOverwrite C:\\t\\sub\\a.txt? (Yes/No/All): \n        0 file(s) copied.\n"
        );
        let out = run_script(&mut host, &mut p, "copy C:\\t\\*.txt C:\\t\\sub\r\n");
        assert_eq!(out.stdout(), "C:\\t\\a.txt\n        1 file(s) copied.\n");
        let out = run_line(&mut host, &mut p, r"copy C:\t\x.txt C:\t\sub");
        assert_eq!(
            out.combined(),
            "The system cannot find the file specified.\n        0 file(s) copied.\n"
        );
        assert_eq!(out.code, 1);
        let out = run_line(&mut host, &mut p, r"move C:\t\b.log C:\t\sub\b.txt");
        assert_eq!(out.stdout(), "        1 file(s) moved.\n");
        assert!(host.fs().node(r"C:\t\b.log").is_none());
        let out = run_line(&mut host, &mut p, r"move C:\t\sub C:\moved");
        assert_eq!(out.stdout(), "        1 dir(s) moved.\n");
        assert!(host.fs().node(r"C:\moved\b.txt").is_some());
        let out = run_line(&mut host, &mut p, r"ren C:\moved\b.txt a.txt");
        assert_eq!(
            out.stderr(),
            "A duplicate file name exists, or the file cannot be found.\n"
        );
        let out = run_line(&mut host, &mut p, r"ren C:\moved\b.txt z.txt");
        assert_eq!(out.combined(), "");
        assert!(host.fs().node(r"C:\moved\z.txt").is_some());
    }
}
