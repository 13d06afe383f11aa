//! `icacls`: lists and edits the DACLs of files and folders, saves and restores them.
//!
//! - `mod.rs`      `run`: usage errors, account lookup, the per-object loop, the summary line.
//! - `args.rs`     the command line.
//! - `rights.rs`   rights and flags as icacls prints them; `SID:perm` specifications.
//! - `walk.rs`     names, wildcards and `/t` order (shared with `takeown`).
//! - `ops.rs`      what each mode does to one object (list, edit, save, restore), through the
//!   operations layer (`ops::security`, `ops::acl`) and the `/save` format (`security::savefile`).
//! - `usage.rs`    the `/?` text.
//!
//! Output and codes (windows-facts §4, §11.1): every processed object prints its block or
//! `processed file: <name>` (not with `/q`); failures print `<name>: <system message>` on
//! stderr and stop the run unless `/c`; the summary `Successfully processed N files; Failed
//! processing M files` always ends it. The exit code is the last failure's Win32 code (2, 5,
//! ...; measured: 2 for a missing file, 1332 for an unknown account), 0 when nothing failed.

mod args;
mod ops;
pub mod rights;
mod usage;
pub mod walk;

use crate::error::WinError;
use crate::host::Host;
use crate::ops::acl::{Edit, Which};
use crate::principals::Sid;
use crate::process::{Output, Process};
use args::{Options, Pending, Usage};

/// ERROR_NOT_ALL_ASSIGNED (1300): `/restore` without the restore privilege.
const NOT_ALL_ASSIGNED: WinError = WinError(1300);

/// Runs `icacls` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut out = Output::default();
    let opts = match args::parse(args) {
        Ok(o) => o,
        Err(Usage::Help) => {
            out.out(usage::HELP);
            return out;
        }
        Err(Usage::FirstParameter) => {
            // icacls.exe 10.0.17763 without a name (code id 36889752949).
            out.errln("First parameter must be a file name pattern or \"/?\"");
            out.code = WinError::INVALID_PARAMETER.0;
            return out;
        }
        Err(Usage::Invalid(arg)) => {
            out.errln(format!("Invalid parameter \"{arg}\""));
            out.code = WinError::INVALID_PARAMETER.0;
            return out;
        }
    };
    let edits = match resolve(host, &opts.edits) {
        Ok(e) => e,
        Err(account) => {
            // Measured: `NoSuchUser: No mapping between account names and security IDs was
            // done.` and errorlevel 1332, before any file is touched (code ids 71433302377,
            // 664395052).
            out.errln(format!("{account}: {}", WinError::NONE_MAPPED.message()));
            summary(&mut out, &Tally::default());
            out.code = WinError::NONE_MAPPED.0;
            return out;
        }
    };
    let mut tally = Tally::default();
    if let Some(file) = &opts.restore {
        if !process.token.is_admin() {
            // Measured without elevation (code id 71433302377).
            out.errln(NOT_ALL_ASSIGNED.message());
            out.code = NOT_ALL_ASSIGNED.0;
            return out;
        }
        ops::restore(host, process, &opts, file, &mut out, &mut tally);
    } else {
        let mut saved = Vec::new();
        each_target(
            host,
            process,
            &opts,
            &mut out,
            &mut tally,
            |host, process, t, out| match (&opts.save, edits.is_empty()) {
                (Some(_), _) => ops::save_one(host, process, &opts, t, out, &mut saved),
                (None, true) => ops::list_one(host, process, t, out),
                (None, false) => ops::edit_one(host, process, &opts, &edits, t, out),
            },
        );
        if let Some(file) = &opts.save {
            ops::write_save(host, process, file, &saved, &mut out, &mut tally);
        }
    }
    summary(&mut out, &tally);
    out.code = tally.last_error.map_or(0, |e| e.0);
    out
}

/// Successes, failures and the last failure's code.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    ok: usize,
    failed: usize,
    last_error: Option<WinError>,
}

impl Tally {
    /// Records one object's result; prints the failure. Returns false when the run must stop.
    fn record(
        &mut self,
        out: &mut Output,
        display: &str,
        result: Result<(), WinError>,
        keep_going: bool,
    ) -> bool {
        match result {
            Ok(()) => {
                self.ok += 1;
                true
            }
            Err(e) => {
                out.errln(format!("{display}: {}", e.message()));
                self.failed += 1;
                self.last_error = Some(e);
                keep_going
            }
        }
    }
}

fn summary(out: &mut Output, t: &Tally) {
    out.outln(format!(
        "Successfully processed {} files; Failed processing {} files",
        t.ok, t.failed
    ));
}

/// Runs `op` on every object the name stands for, in `/t` order, stopping at the first
/// failure unless `/c`.
fn each_target(
    host: &mut Host,
    process: &mut Process,
    opts: &Options,
    out: &mut Output,
    tally: &mut Tally,
    mut op: impl FnMut(&mut Host, &mut Process, &walk::Target, &mut Output) -> Result<(), WinError>,
) {
    let targets = match walk::expand(host, &process.cwd, &opts.name, opts.recurse) {
        Ok(t) => t,
        Err(m) => {
            tally.record(out, &m.display, Err(m.error), opts.keep_going);
            return;
        }
    };
    for t in &targets {
        let result = op(host, process, t, out);
        if !tally.record(out, &t.display, result, opts.keep_going) {
            break;
        }
    }
}

/// Looks up every account; `Err(account)` for the first that maps to nothing.
fn resolve(host: &Host, pending: &[Pending]) -> Result<Vec<Edit>, String> {
    let sid_of = |account: &str| {
        host.principals()
            .resolve(account)
            .ok_or_else(|| account.to_string())
    };
    let mut edits = Vec::new();
    for p in pending {
        match p {
            Pending::Grant { spec, replace } => {
                let sid: Sid = sid_of(&spec.account)?;
                // `/grant:r` first drops the account's explicit grants, once per account.
                let already = edits
                    .iter()
                    .any(|e| *e == Edit::Remove(sid.clone(), Which::Grants));
                if *replace && !already {
                    edits.push(Edit::Remove(sid.clone(), Which::Grants));
                }
                edits.push(Edit::Grant(sid, spec.flags, spec.mask));
            }
            Pending::Deny(spec) => {
                edits.push(Edit::Deny(sid_of(&spec.account)?, spec.flags, spec.mask))
            }
            Pending::Remove(account, which) => edits.push(Edit::Remove(sid_of(account)?, *which)),
            Pending::Reset => edits.push(Edit::Reset),
            Pending::Inheritance(i) => edits.push(Edit::Inheritance(*i)),
            Pending::SetOwner(account) => edits.push(Edit::SetOwner(sid_of(account)?)),
        }
    }
    Ok(edits)
}

#[cfg(test)]
mod tests;
