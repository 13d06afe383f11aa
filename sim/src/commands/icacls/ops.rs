//! What each mode does to one object: list its DACL, edit it, save it; and `/restore`.

use super::walk::{self, Target};
use super::{Tally, rights};
use crate::error::WinError;
use crate::fs::normalize;
use crate::host::Host;
use crate::ops::acl::Edit;
use crate::ops::security::{self as security_ops, Object};
use crate::principals::Sid;
use crate::process::{Output, Process};
use crate::security::SecurityDescriptor;
use crate::security::savefile;

use super::args::Options;

/// ERROR_INVALID_DATA (13).
const INVALID_DATA: &str = "The data is invalid.";

/// The descriptor, read as the process's token would read it (needs READ_CONTROL).
fn read_sd(host: &Host, process: &Process, t: &Target) -> Result<SecurityDescriptor, WinError> {
    security_ops::get_security(host, &process.token, Object::File(&t.path))
}

/// The account name icacls shows: `DOMAIN\name`, or the SID string when it maps to nothing.
fn account(host: &Host, sid: &Sid) -> String {
    host.principals()
        .name_of(sid)
        .unwrap_or_else(|| sid.to_string())
}

/// One object's listing: the first ACE after the name and one space, the others under it,
/// then a blank line (windows-facts §4).
pub fn block(host: &Host, display: &str, sd: &SecurityDescriptor) -> String {
    let lines: Vec<String> = match &sd.dacl {
        // A NULL DACL grants everyone everything; icacls' rendering of it is unconfirmed.
        None => vec!["Everyone:(F)".to_string()],
        Some(acl) => acl
            .iter()
            .map(|a| rights::format_ace(&account(host, &a.sid), a))
            .collect(),
    };
    let pad = " ".repeat(display.chars().count() + 1);
    let mut s = String::from(display);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            s.push_str(&pad);
        } else {
            s.push(' ');
        }
        s.push_str(line);
        s.push('\n');
    }
    if lines.is_empty() {
        // Measured: an empty DACL lists the name alone (code id 71433302377).
        s.push('\n');
    }
    s.push('\n');
    s
}

/// Lists one object.
pub fn list_one(
    host: &mut Host,
    process: &mut Process,
    t: &Target,
    out: &mut Output,
) -> Result<(), WinError> {
    let sd = read_sd(host, process, t)?;
    out.out(block(host, &t.display, &sd));
    Ok(())
}

/// Applies the edits to one object and writes its descriptor as the process's token.
pub fn edit_one(
    host: &mut Host,
    process: &mut Process,
    opts: &Options,
    edits: &[Edit],
    t: &Target,
    out: &mut Output,
) -> Result<(), WinError> {
    security_ops::edit_acl(host, &process.token, Object::File(&t.path), edits)?;
    if !opts.quiet {
        out.outln(format!("processed file: {}", t.display));
    }
    Ok(())
}

/// Reads one object's DACL for `/save`.
pub fn save_one(
    host: &mut Host,
    process: &mut Process,
    opts: &Options,
    t: &Target,
    out: &mut Output,
    saved: &mut Vec<(String, SecurityDescriptor)>,
) -> Result<(), WinError> {
    let sd = read_sd(host, process, t)?;
    saved.push((t.rel.clone(), sd));
    if !opts.quiet {
        out.outln(format!("processed file: {}", t.display));
    }
    Ok(())
}

/// Writes the `/save` file as the process's token.
pub fn write_save(
    host: &mut Host,
    process: &Process,
    file: &str,
    saved: &[(String, SecurityDescriptor)],
    out: &mut Output,
    tally: &mut Tally,
) {
    let bytes = savefile::encode(saved);
    let result = normalize(file, &process.cwd)
        .and_then(|p| host.fs_mut().write_file(&p, &bytes, &process.token));
    if let Err(e) = result {
        out.errln(format!("{file}: {}", e.message()));
        tally.last_error = Some(e);
    }
}

/// `icacls <directory> /restore <file>`: each saved name is joined to the directory and its
/// DACL (with the protected and auto-inherited flags) written back.
pub fn restore(
    host: &mut Host,
    process: &mut Process,
    opts: &Options,
    file: &str,
    out: &mut Output,
    tally: &mut Tally,
) {
    let bytes =
        match normalize(file, &process.cwd).and_then(|p| host.fs().read_file(&p, &process.token)) {
            Ok(b) => b,
            Err(e) => {
                out.errln(format!("{file}: {}", e.message()));
                tally.last_error = Some(e);
                return;
            }
        };
    let Ok(entries) = savefile::parse_acl_file(&bytes, file) else {
        out.errln(format!("{file}: {INVALID_DATA}"));
        tally.last_error = Some(WinError(13));
        return;
    };
    for (name, saved) in entries {
        let display = walk::join(&opts.name, &name);
        let result = normalize(&display, &process.cwd).and_then(|p| {
            let node = host.fs().node(&p).ok_or(WinError::FILE_NOT_FOUND)?;
            let mut sd = node.sd.clone();
            sd.dacl = saved.dacl;
            sd.protected = saved.protected;
            sd.auto_inherited = saved.auto_inherited;
            host.fs_mut().set_security(&p, sd, &process.token)
        });
        if result.is_ok() && !opts.quiet {
            out.outln(format!("processed file: {display}"));
        }
        if !tally.record(out, &display, result, opts.keep_going) {
            break;
        }
    }
}
