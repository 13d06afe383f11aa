//! `reg export KEY FILE [/y]` and `reg import FILE`, on the simulated filesystem.
//!
//! export writes UTF-16 LE with a BOM (regedit's layout, `registry::regfile::export`); an
//! existing file asks `File FILE already exists. Overwrite (Yes/No)?` unless `/y` (the
//! prompt text as reimplementations print it, code ids 6689067501, 3573190363).
//! import applies the file as the process's token. Failures print
//! `ERROR: Error opening the file. There may be a disk or file system error.` (file cannot be
//! read) or `ERROR: Error accessing the registry.` (a key or value refused, or a file that is
//! not a registry script), exit 1; what was applied before a refusal stays. On success
//! `reg import` writes `The operation completed successfully.` to **stderr**, as scripts
//! wrapping reg.exe observe (code id 14158027240).

use super::{SUCCESS, Switches, canceled, confirm, error_line, fail, key_arg, usage_error};
use crate::fs::normalize;
use crate::host::Host;
use crate::process::{Output, Process};
use crate::registry::regfile;
use crate::security::AccessMask;

const OPEN_FAILED: &str =
    "ERROR: Error opening the file. There may be a disk or file system error.";
const REGISTRY_FAILED: &str = "ERROR: Error accessing the registry.";

/// `reg export`.
pub(super) fn export(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let (Some(key), Some(file)) = (args.first(), args.get(1)) else {
        return usage_error("EXPORT");
    };
    let known = ["y", "reg:32", "reg:64"];
    let Some(sw) = Switches::parse(&args[2..], &known, &[]) else {
        return usage_error("EXPORT");
    };
    let full = match key_arg(key, "EXPORT") {
        Ok(f) => f,
        Err(out) => return out,
    };
    let mut out = Output::default();
    if let Err(e) = host
        .registry()
        .open(&full, &process.token, AccessMask::KEY_READ)
    {
        fail(&mut out, &error_line(e));
        return out;
    }
    let path = match normalize(file, &process.cwd) {
        Ok(p) => p,
        Err(e) => {
            fail(&mut out, &format!("ERROR: {}", e.message()));
            return out;
        }
    };
    if host.fs().node(&path).is_some() && !sw.has("y") {
        let prompt = format!("File {file} already exists. Overwrite (Yes/No)?");
        if !confirm(process, &mut out, &prompt) {
            canceled(&mut out);
            return out;
        }
    }
    let text = regfile::export(host.registry(), &full).expect("the key was opened above");
    let token = process.token.clone();
    match host
        .fs_mut()
        .write_file(&path, &regfile::encode_utf16le(&text), &token)
    {
        Ok(()) => out.outln(SUCCESS),
        Err(e) => fail(&mut out, &format!("ERROR: {}", e.message())),
    }
    out
}

/// `reg import`.
pub(super) fn import(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let Some(file) = args.first() else {
        return usage_error("IMPORT");
    };
    let Some(_) = Switches::parse(&args[1..], &["reg:32", "reg:64"], &[]) else {
        return usage_error("IMPORT");
    };
    let mut out = Output::default();
    let bytes = normalize(file, &process.cwd).and_then(|p| host.fs().read_file(&p, &process.token));
    let Ok(bytes) = bytes else {
        fail(&mut out, OPEN_FAILED);
        return out;
    };
    let ops = regfile::decode(&bytes, file).and_then(|text| regfile::parse(&text, file));
    let Ok(ops) = ops else {
        fail(&mut out, REGISTRY_FAILED);
        return out;
    };
    let token = process.token.clone();
    match regfile::apply_as(host.registry_mut(), &ops, &token) {
        Ok(()) => out.errln(SUCCESS),
        Err(_) => fail(&mut out, REGISTRY_FAILED),
    }
    out
}
