//! The built-ins that read and make files and folders: `type`, `mkdir`/`md`, `cd`/`chdir`.

use super::incorrect_syntax;
use crate::error::WinError;
use crate::fs::{self, NodeKind};
use crate::host::Host;
use crate::process::argv::split_paths;
use crate::process::{Output, Process};
use crate::text::{UTF16LE_BOM, decode_console};

/// `type file...`: prints files (several: each name on stderr first, as cmd does).
pub(super) fn type_(host: &mut Host, process: &mut Process, text: &str) -> Output {
    let mut out = Output::default();
    let files = split_paths(text);
    if files.is_empty() {
        return incorrect_syntax();
    }
    // Wildcards expand to the matching files; with a wildcard or several names, cmd names each
    // file on stderr before its contents.
    let many = files.len() > 1 || files.iter().any(|f| fs::has_wildcard(f));
    let files: Vec<String> = files
        .iter()
        .flat_map(|f| expand_wildcard(host, process, f))
        .collect();
    for f in &files {
        let path = match fs::normalize(f, &process.cwd) {
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
                    .node(crate::shell::cmd::exec::parent_of(&path))
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
        match host.fs().read_file(&path, &process.token) {
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
fn expand_wildcard(host: &Host, process: &Process, typed: &str) -> Vec<String> {
    if !fs::has_wildcard(typed) {
        return vec![typed.to_string()];
    }
    let pattern = fs::leaf(typed);
    let typed_dir = &typed[..typed.len() - pattern.len()];
    let Ok(dir) = fs::normalize(
        if typed_dir.is_empty() { "." } else { typed_dir },
        &process.cwd,
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
pub(super) fn mkdir(host: &mut Host, process: &mut Process, text: &str) -> Output {
    let mut out = Output::default();
    let dirs = split_paths(text);
    if dirs.is_empty() {
        return incorrect_syntax();
    }
    for d in &dirs {
        if let Err(e) = make_dirs(host, process, d) {
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

fn make_dirs(host: &mut Host, process: &Process, dir: &str) -> Result<(), WinError> {
    let path = fs::normalize(dir, &process.cwd)?;
    if host.fs().node(&path).is_some() {
        return Err(WinError::ALREADY_EXISTS);
    }
    let mut missing = Vec::new();
    let mut p = path.as_str();
    while host.fs().node(p).is_none() {
        missing.push(p.to_string());
        let parent = crate::shell::cmd::exec::parent_of(p);
        if parent == p {
            return Err(WinError::PATH_NOT_FOUND);
        }
        p = parent;
    }
    if !host.fs().node(p).is_some_and(|n| n.kind == NodeKind::Dir) {
        return Err(WinError::PATH_NOT_FOUND);
    }
    for m in missing.iter().rev() {
        host.fs_mut().create_dir(m, &process.token)?;
    }
    Ok(())
}

/// `cd` (prints the current folder), `cd path`, `cd /d path`, `cd ..`, `cd\`.
pub(super) fn cd(host: &mut Host, process: &mut Process, text: &str) -> Output {
    let mut out = Output::default();
    let mut arg = text.trim();
    if let Some(rest) = arg.strip_prefix("/d").or_else(|| arg.strip_prefix("/D")) {
        arg = rest.trim();
    }
    // `cd` takes the whole rest as one path (spaces allowed without quotes).
    let arg = arg.replace('"', "");
    let arg = arg.trim_end();
    if arg.is_empty() {
        out.outln(&process.cwd);
        return out;
    }
    if arg.len() == 2 && arg.ends_with(':') {
        // `cd C:` prints that drive's current folder.
        out.outln(&process.cwd);
        return out;
    }
    match fs::normalize(arg, &process.cwd) {
        Ok(p) if host.fs().node(&p).is_some_and(|n| n.kind == NodeKind::Dir) => {
            // cmd keeps the case as stored on disk.
            process.cwd = host.fs().node(&p).map(|n| n.path.clone()).unwrap_or(p);
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
