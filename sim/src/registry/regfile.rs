//! `.reg` files in the Registry Editor 5.00 format (and REGEDIT4): parse, apply, export.
//! Input may be UTF-16 LE with BOM (as regedit and `reg export` write) or UTF-8.

use super::{RegValue, Registry};
use crate::error::InputError;

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

/// Decodes the bytes of a `.reg` file (UTF-16 LE with BOM, UTF-8 with or without BOM).
pub fn decode(_bytes: &[u8], _file: &str) -> Result<String, InputError> {
    todo!("registry helper")
}

/// Parses `.reg` text; errors name `file` and the line.
pub fn parse(_text: &str, _file: &str) -> Result<Vec<RegOp>, InputError> {
    todo!("registry helper")
}

/// Applies operations to a registry (setup access, no checks).
pub fn apply(_reg: &mut Registry, _ops: &[RegOp]) {
    todo!("registry helper")
}

/// Exports `key` and its subtree as `.reg` text (regedit's layout, `\r\n` line ends, hex lines
/// wrapped as regedit wraps them). Encode with `encode_utf16le` to write it as Windows does.
pub fn export(_reg: &Registry, _key: &str) -> Option<String> {
    todo!("registry helper")
}

/// UTF-16 LE with BOM, as `reg export` writes.
pub fn encode_utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    out
}
