//! `reg add KEY [/v NAME | /ve] [/t TYPE] [/s SEP] [/d DATA] [/f]` and
//! `reg delete KEY [/v NAME | /ve | /va] [/f]`.
//!
//! Without `/f` an existing value asks `Value NAME exists, overwrite(Yes/No)? ` (real captures,
//! e.g. code id 9310765115), a deletion asks `Delete the registry value NAME (Yes/No)? `,
//! `Delete all values under the registry key KEY (Yes/No)? ` or
//! `Permanently delete the registry key KEY (Yes/No)? ` (windows-facts §7). No, or nobody
//! answering, prints `The operation was canceled by the user.` and changes nothing.

use super::{
    NOT_FOUND, SUCCESS, Switches, canceled, confirm, display_name, error_line, fail, key_arg,
    usage_error,
};
use crate::host::Host;
use crate::process::{Output, Process};
use crate::registry::{RegValue, fold};

/// `reg add`.
pub(super) fn add(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let Some(key) = args.first() else {
        return usage_error("ADD");
    };
    let known = ["v", "ve", "t", "s", "d", "f", "reg:32", "reg:64"];
    let Some(sw) = Switches::parse(&args[1..], &known, &["v", "t", "s", "d"]) else {
        return usage_error("ADD");
    };
    if sw.has("v") && sw.has("ve") {
        return usage_error("ADD");
    }
    let full = match key_arg(key, "ADD") {
        Ok(f) => f,
        Err(out) => return out,
    };
    let kind = sw.arg("t").unwrap_or("REG_SZ").to_ascii_uppercase();
    let separator = match sw.arg("s") {
        Some(s) if s.chars().count() != 1 => return usage_error("ADD"),
        s => s,
    };
    let Some(value) = to_value(&kind, sw.arg("d").unwrap_or(""), separator) else {
        return usage_error("ADD");
    };
    let name = sw.arg("v").unwrap_or("");
    let sets_value = sw.has("v") || sw.has("ve") || sw.has("d");
    let mut out = Output::default();
    let token = process.token.clone();
    if let Err(e) = host.registry_mut().create_key(&full, &token) {
        fail(&mut out, &error_line(e));
        return out;
    }
    if sets_value {
        let exists = host
            .registry()
            .key(&full)
            .is_some_and(|k| k.values.contains_key(&fold(name)));
        if exists && !sw.has("f") {
            let prompt = format!("Value {} exists, overwrite(Yes/No)? ", display_name(name));
            if !confirm(process, &mut out, &prompt) {
                canceled(&mut out);
                return out;
            }
        }
        if let Err(e) = host.registry_mut().set_value(&full, name, value, &token) {
            fail(&mut out, &error_line(e));
            return out;
        }
    }
    out.outln(SUCCESS);
    out
}

/// `/d DATA` as a value of type `kind`: REG_DWORD and REG_QWORD take decimal or `0x` hex
/// (empty is 0); REG_BINARY and REG_NONE an even number of hex digits; REG_MULTI_SZ items are
/// separated by `\0` or by `/s SEP`. `None` when the data does not fit the type.
fn to_value(kind: &str, data: &str, separator: Option<&str>) -> Option<RegValue> {
    Some(match kind {
        "REG_SZ" => RegValue::Sz(data.to_string()),
        "REG_EXPAND_SZ" => RegValue::ExpandSz(data.to_string()),
        "REG_MULTI_SZ" => {
            let sep = separator.unwrap_or("\\0");
            let body = data.strip_suffix(sep).unwrap_or(data);
            if body.is_empty() {
                RegValue::MultiSz(Vec::new())
            } else {
                RegValue::MultiSz(body.split(sep).map(str::to_string).collect())
            }
        }
        "REG_DWORD" => RegValue::Dword(u32::try_from(number(data)?).ok()?),
        "REG_QWORD" => RegValue::Qword(number(data)?),
        "REG_BINARY" => RegValue::Binary(hex_bytes(data)?),
        "REG_NONE" => RegValue::None(hex_bytes(data)?),
        _ => return None,
    })
}

/// Decimal or `0x` hex; empty is 0.
fn number(data: &str) -> Option<u64> {
    let d = data.trim();
    if d.is_empty() {
        return Some(0);
    }
    crate::text::parse_number(d)
}

/// `4249E16E...` -> bytes; an odd count or a non-hex digit is refused.
fn hex_bytes(data: &str) -> Option<Vec<u8>> {
    let d = data.trim();
    if !d.len().is_multiple_of(2) || !d.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..d.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&d[i..i + 2], 16).ok())
        .collect()
}

/// `reg delete`.
pub(super) fn delete(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let Some(key) = args.first() else {
        return usage_error("DELETE");
    };
    let known = ["v", "ve", "va", "f", "reg:32", "reg:64"];
    let Some(sw) = Switches::parse(&args[1..], &known, &["v"]) else {
        return usage_error("DELETE");
    };
    if ["v", "ve", "va"].iter().filter(|s| sw.has(s)).count() > 1 {
        return usage_error("DELETE");
    }
    let full = match key_arg(key, "DELETE") {
        Ok(f) => f,
        Err(out) => return out,
    };
    let mut out = Output::default();
    if !host.registry().key_exists(&full) {
        fail(&mut out, NOT_FOUND);
        return out;
    }
    let value = if sw.has("ve") { Some("") } else { sw.arg("v") };
    let prompt = match value {
        Some(name) => format!(
            "Delete the registry value {} (Yes/No)? ",
            display_name(name)
        ),
        None if sw.has("va") => {
            format!("Delete all values under the registry key {full} (Yes/No)? ")
        }
        None => format!("Permanently delete the registry key {full} (Yes/No)? "),
    };
    if !sw.has("f") && !confirm(process, &mut out, &prompt) {
        canceled(&mut out);
        return out;
    }
    let token = process.token.clone();
    let reg = host.registry_mut();
    let done = match value {
        Some(name) => reg.delete_value(&full, name, &token),
        None if sw.has("va") => delete_all_values(reg, &full, &token),
        None => reg.delete_key(&full, &token),
    };
    match done {
        Ok(()) => out.outln(SUCCESS),
        Err(e) => fail(&mut out, &error_line(e)),
    }
    out
}

/// `/va`: every value of the key (subkeys keep theirs).
fn delete_all_values(
    reg: &mut crate::registry::Registry,
    full: &str,
    token: &crate::principals::Token,
) -> Result<(), crate::error::WinError> {
    let names: Vec<String> = reg
        .key(full)
        .map(|k| k.values.values().map(|(n, _)| n.clone()).collect())
        .unwrap_or_default();
    reg.open(full, token, crate::registry::KEY_SET_VALUE)?;
    for n in names {
        reg.delete_value(full, &n, token)?;
    }
    Ok(())
}
