//! `.reg` files in the Registry Editor 5.00 format (and REGEDIT4): decode, parse, apply, export.
//! Input may be UTF-16 LE with BOM (as regedit and `reg export` write) or UTF-8.
//!
//! - `mod.rs`    the operations, decoding bytes to text, applying operations (setup or checked).
//! - `parse.rs`  text to operations, with file and line in every error.
//! - `export.rs` a subtree to text, in regedit's layout (its 80-column hex wrapping).
//!
//! Format sources: Microsoft KB 310516 ("How to add, modify, or delete registry subkeys and
//! values by using a .reg file") and the layout `reg export` writes (Wine's reg export, checked
//! against Windows by its test suite, code id 3573190363).

mod export;
mod parse;
#[cfg(test)]
mod tests;

pub use export::export;
pub use parse::parse;

use super::{RegValue, Registry, canonical_path};
use crate::error::{InputError, WinError};
use crate::principals::Token;

/// One operation of a `.reg` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegOp {
    /// `[KEY]`: create the key.
    CreateKey(String),
    /// `[-KEY]`: delete the key and its subtree.
    DeleteKey(String),
    /// `"Name"=...` under the current key (`""` for `@`).
    SetValue(String, String, RegValue),
    /// `"Name"=-`.
    DeleteValue(String, String),
}

/// Decodes the bytes of a `.reg` file: UTF-16 LE with BOM, UTF-8 with or without BOM, and
/// (for `REGEDIT4` files, which are ANSI) Windows-1252 read as Latin-1. Anything else is an
/// error naming `file` and the line of the first bad byte.
pub fn decode(bytes: &[u8], file: &str) -> Result<String, InputError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16le(rest, file);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::new(
            file,
            1,
            "UTF-16 big-endian text is not a registry file",
        ));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if body.len() >= 2 && body[0] != 0 && body[1] == 0 {
        let msg = "UTF-16 text without a byte-order mark (regedit needs FF FE first)";
        return Err(InputError::new(file, 1, msg));
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(_) if body.starts_with(b"REGEDIT4") => Ok(body.iter().map(|&b| b as char).collect()),
        Err(e) => {
            let line = 1 + body[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Err(InputError::new(file, line, "not UTF-8 or UTF-16 LE text"))
        }
    }
}

fn decode_utf16le(bytes: &[u8], file: &str) -> Result<String, InputError> {
    if bytes.len() % 2 != 0 {
        return Err(InputError::new(
            file,
            0,
            "UTF-16 text with an odd number of bytes",
        ));
    }
    let units = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                }
                text.push(c);
            }
            Err(_) => {
                return Err(InputError::new(
                    file,
                    line,
                    "invalid UTF-16 (unpaired surrogate)",
                ));
            }
        }
    }
    Ok(text)
}

/// Applies operations to a registry (setup access, no checks). Operations naming an unknown
/// root are skipped (`parse` never produces them); deleting what is absent does nothing.
pub fn apply(reg: &mut Registry, ops: &[RegOp]) {
    for op in ops {
        let path = match op {
            RegOp::CreateKey(p) | RegOp::DeleteKey(p) => p,
            RegOp::SetValue(p, ..) | RegOp::DeleteValue(p, _) => p,
        };
        if canonical_path(path).is_none() {
            continue;
        }
        match op {
            RegOp::CreateKey(k) => {
                reg.put_key_raw(k);
            }
            RegOp::DeleteKey(k) => reg.remove_key_raw(k),
            RegOp::SetValue(k, n, v) => reg.put_value_raw(k, n, v.clone()),
            RegOp::DeleteValue(k, n) => {
                reg.remove_value_raw(k, n);
            }
        }
    }
}

/// Applies operations as `token`, as `reg import` does: each key is created (KEY_CREATE_SUB_KEY
/// on its parent), each value set or deleted (KEY_SET_VALUE), each `[-KEY]` deleted (DELETE).
/// Stops at the first refusal and returns it; what was applied before stays applied, as on
/// Windows. Deleting a key or value that does not exist is not an error.
pub fn apply_as(reg: &mut Registry, ops: &[RegOp], token: &Token) -> Result<(), WinError> {
    for op in ops {
        let done = match op {
            RegOp::CreateKey(k) => reg.create_key(k, token).map(|_| ()),
            RegOp::DeleteKey(k) => reg.delete_key(k, token),
            RegOp::SetValue(k, n, v) => reg.set_value(k, n, v.clone(), token),
            RegOp::DeleteValue(k, n) => reg.delete_value(k, n, token),
        };
        match done {
            Ok(()) => {}
            Err(e) if e == WinError::FILE_NOT_FOUND && is_delete(op) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn is_delete(op: &RegOp) -> bool {
    matches!(op, RegOp::DeleteKey(_) | RegOp::DeleteValue(..))
}

/// UTF-16 LE with BOM, as `reg export` writes.
pub fn encode_utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    out
}

/// The bytes of a string value as stored: UTF-16 LE with its terminating NUL.
pub(crate) fn sz_bytes(s: &str) -> Vec<u8> {
    s.encode_utf16()
        .chain([0])
        .flat_map(|u| u.to_le_bytes())
        .collect()
}

/// The bytes of a REG_MULTI_SZ: each string NUL-terminated, then one more NUL.
pub(crate) fn multi_sz_bytes(items: &[String]) -> Vec<u8> {
    let mut units: Vec<u16> = Vec::new();
    for item in items {
        units.extend(item.encode_utf16());
        units.push(0);
    }
    units.push(0);
    units.into_iter().flat_map(|u| u.to_le_bytes()).collect()
}
