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
use crate::text;

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
    if let Some(rest) = bytes.strip_prefix(&text::UTF16LE_BOM) {
        return text::decode_utf16le(rest, file);
    }
    if bytes.starts_with(&text::UTF16BE_BOM) {
        return Err(InputError::new(
            file,
            1,
            "UTF-16 big-endian text is not a registry file",
        ));
    }
    let body = bytes.strip_prefix(&text::UTF8_BOM).unwrap_or(bytes);
    if text::looks_like_utf16le(body) {
        let msg = "UTF-16 text without a byte-order mark (regedit needs FF FE first)";
        return Err(InputError::new(file, 1, msg));
    }
    match text::decode_utf8(body, file) {
        Err(_) if body.starts_with(b"REGEDIT4") => Ok(text::decode_latin1(body)),
        Err(e) => Err(InputError::new(file, e.line, "not UTF-8 or UTF-16 LE text")),
        ok => ok,
    }
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
    text::encode_utf16le(text, true)
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
