//! A key and its subtree as `.reg` text, in the layout `reg export` and regedit write:
//! the header, then for each key a blank line, `[KEY]`, and its values one per line, keys
//! depth-first with subkeys in enumeration order, a final blank line; `\r\n` line ends.
//!
//! Hex data wraps as regedit wraps it: after a `xx,` that brings the line to 77 characters or
//! more (the `"Name"=hex:` prefix counted), `\` ends the line and the next starts with two
//! spaces, so full continuation lines hold 25 bytes (Wine's reg export, `MAX_HEX_CHARS 77`,
//! whose tests compare against Windows; code id 3573190363).

use super::multi_sz_bytes;
use crate::registry::{RegValue, Registry, canonical_path};
use crate::text::encode_utf16le_nul;

/// Column at or past which a hex line breaks (not counting the `\`).
const MAX_HEX_CHARS: usize = 77;

/// Exports `key` and its subtree as `.reg` text (regedit's layout, `\r\n` line ends, hex lines
/// wrapped as regedit wraps them); `None` if the key does not exist. The top key is written
/// as `key` names it, with its root expanded (`HKLM\x` -> `[HKEY_LOCAL_MACHINE\x]`). Encode
/// with `encode_utf16le` to write it as Windows does.
///
/// A REG_SZ holding a CR, LF or NUL is written as `hex(1):` so that it reads back unchanged.
pub fn export(reg: &Registry, key: &str) -> Option<String> {
    let top = canonical_path(key)?;
    reg.key(key)?;
    let mut out = String::from("Windows Registry Editor Version 5.00\r\n");
    for path in std::iter::once(top).chain(reg.descendants(key)) {
        out.push_str("\r\n[");
        out.push_str(&path);
        out.push_str("]\r\n");
        if let Some(k) = reg.key(&path) {
            for (name, value) in k.values.values() {
                write_value(&mut out, name, value);
            }
        }
    }
    out.push_str("\r\n");
    Some(out)
}

/// One `"Name"=data` line (possibly wrapped), with its `\r\n`.
pub(crate) fn write_value(out: &mut String, name: &str, value: &RegValue) {
    let head = if name.is_empty() {
        "@=".to_string()
    } else {
        format!("\"{}\"=", escape(name))
    };
    out.push_str(&head);
    let column = head.encode_utf16().count();
    match value {
        RegValue::Sz(s) if !s.contains(['\r', '\n', '\0']) => {
            out.push('"');
            out.push_str(&escape(s));
            out.push('"');
        }
        RegValue::Sz(s) => write_hex(out, column, "hex(1):", &encode_utf16le_nul(s)),
        RegValue::Dword(d) => out.push_str(&format!("dword:{d:08x}")),
        RegValue::ExpandSz(s) => write_hex(out, column, "hex(2):", &encode_utf16le_nul(s)),
        RegValue::MultiSz(items) => write_hex(out, column, "hex(7):", &multi_sz_bytes(items)),
        RegValue::Qword(q) => write_hex(out, column, "hex(b):", &q.to_le_bytes()),
        RegValue::Binary(b) => write_hex(out, column, "hex:", b),
        RegValue::None(b) => write_hex(out, column, "hex(0):", b),
    }
    out.push_str("\r\n");
}

/// `\` -> `\\`, `"` -> `\"`.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn write_hex(out: &mut String, column: usize, prefix: &str, bytes: &[u8]) {
    out.push_str(prefix);
    let mut column = column + prefix.len();
    for (i, b) in bytes.iter().enumerate() {
        out.push_str(&format!("{b:02x}"));
        if i + 1 == bytes.len() {
            break;
        }
        out.push(',');
        column += 3;
        if column >= MAX_HEX_CHARS {
            out.push_str("\\\r\n  ");
            column = 2;
        }
    }
}
