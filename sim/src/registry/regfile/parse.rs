//! `.reg` text to operations. Every error names the file and the 1-based line.
//!
//! Accepted: the header `Windows Registry Editor Version 5.00` or `REGEDIT4` on the first line;
//! `[KEY]` and `[-KEY]` (long or short root names); `"Name"=...` and `@=...` with `\\` and `\"`
//! escapes in names and strings; `"Name"=-`; `dword:` (1 to 8 hex digits); `hex:` and
//! `hex(0)` .. `hex(b):` with lines continued by a final `\`; `;` comment lines; blank lines.
//! Values under a `[-KEY]` are ignored, as regedit ignores them.
//!
//! Types without a variant of their own (`hex(5)`, `hex(6)`, `hex(8)`..`hex(a)`) are kept as
//! REG_BINARY: an approximation. A `hex(4)` that is not 4 bytes or a `hex(b)` that is not 8 is
//! an error (kbsim holds a REG_DWORD as a number), and so is `[-KEY]` on a root or a hive
//! (`[-HKEY_LOCAL_MACHINE\SYSTEM]`): Windows loads those, they cannot be deleted.

use super::RegOp;
use crate::error::InputError;
use crate::registry::{RegValue, canonical_path};
use crate::text;

const HEADER_V5: &str = "Windows Registry Editor Version 5.00";
const HEADER_V4: &str = "REGEDIT4";

/// Where the values of the following lines go.
enum Current {
    /// Before any key line.
    Nothing,
    /// A `[KEY]` line.
    Key(String),
    /// A `[-KEY]` line: values are ignored.
    Deleted,
}

/// Parses `.reg` text; errors name `file` and the line.
pub fn parse(text: &str, file: &str) -> Result<Vec<RegOp>, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if lines.len() > 1 && lines.last() == Some(&"") {
        lines.pop(); // after the final line end
    }
    let err = |line: usize, msg: String| InputError::new(file, line, msg);
    let unicode = match lines.first().map(|l| l.trim_end()) {
        Some(HEADER_V5) => true,
        Some(HEADER_V4) => false,
        _ => {
            let msg = format!(
                "not a registry file: the first line must be `{HEADER_V5}` or `{HEADER_V4}`"
            );
            return Err(err(1, msg));
        }
    };
    let mut ops = Vec::new();
    let mut current = Current::Nothing;
    let mut i = 1;
    while i < lines.len() {
        let number = i + 1;
        let line = lines[i].trim();
        i += 1;
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        if line.starts_with('[') {
            current = key_line(line, &mut ops).map_err(|m| err(number, m))?;
            continue;
        }
        if !line.starts_with('"') && !line.starts_with('@') {
            return Err(err(
                number,
                format!("expected `[KEY]` or a value, found `{}`", clip(line)),
            ));
        }
        let (name, data) = value_head(line).map_err(|m| err(number, m))?;
        let mut data = data.to_string();
        if starts_with_ci(&data, "hex") {
            while data.ends_with('\\') {
                data.pop();
                let Some(next) = lines.get(i) else {
                    return Err(err(
                        number,
                        "hex data continues past the end of the file".into(),
                    ));
                };
                data.push_str(next.trim());
                i += 1;
            }
        }
        let value = value_data(&data, unicode).map_err(|m| err(number, m))?;
        match &current {
            Current::Nothing => {
                return Err(err(
                    number,
                    "value outside a key (no `[KEY]` line before it)".into(),
                ));
            }
            Current::Deleted => {}
            Current::Key(k) => ops.push(match value {
                Some(v) => RegOp::SetValue(k.clone(), name, v),
                None => RegOp::DeleteValue(k.clone(), name),
            }),
        }
    }
    Ok(ops)
}

/// `[KEY]` or `[-KEY]`.
fn key_line(line: &str, ops: &mut Vec<RegOp>) -> Result<Current, String> {
    let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
        return Err("key line without a closing `]`".into());
    };
    let (delete, path) = match inner.strip_prefix('-') {
        Some(p) => (true, p),
        None => (false, inner),
    };
    let Some(full) = canonical_path(path) else {
        return Err(format!(
            "bad key name `{}` (unknown root or empty part)",
            clip(path)
        ));
    };
    let levels = full.split('\\').count() - 1;
    if levels > crate::registry::MAX_DEPTH {
        return Err(format!(
            "key `{}` is {levels} levels deep; the registry allows {}",
            clip(path),
            crate::registry::MAX_DEPTH
        ));
    }
    if delete && crate::registry::is_root_or_hive(&full) {
        return Err(format!(
            "`[-{}]` deletes a root or a hive, which Windows loads and never deletes",
            clip(path)
        ));
    }
    if delete {
        ops.push(RegOp::DeleteKey(full));
        Ok(Current::Deleted)
    } else {
        ops.push(RegOp::CreateKey(full.clone()));
        Ok(Current::Key(full))
    }
}

/// The value's name and the text after `=`.
fn value_head(line: &str) -> Result<(String, &str), String> {
    let (name, rest) = match line.strip_prefix('@') {
        Some(rest) => (String::new(), rest),
        None => quoted(line)?,
    };
    let Some(data) = rest.trim_start().strip_prefix('=') else {
        return Err("expected `=` after the value name".into());
    };
    Ok((name, data.trim()))
}

/// A `"..."` string at the start of `s` with `\\` and `\"` escapes; returns it and the rest.
/// A backslash before any other character is kept as written.
fn quoted(s: &str) -> Result<(String, &str), String> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &s[at + 1..])),
            '\\' => match chars.next() {
                Some((_, e @ ('\\' | '"'))) => out.push(e),
                Some((_, e)) => {
                    out.push('\\');
                    out.push(e);
                }
                None => break,
            },
            c => out.push(c),
        }
    }
    Err("unterminated string (no closing `\"`)".into())
}

/// The data after `=`; `None` for `-` (delete the value).
fn value_data(data: &str, unicode: bool) -> Result<Option<RegValue>, String> {
    if data == "-" {
        return Ok(None);
    }
    if data.starts_with('"') {
        let (s, rest) = quoted(data)?;
        if !rest.trim().is_empty() {
            return Err(format!(
                "unexpected text after the string: `{}`",
                clip(rest.trim())
            ));
        }
        return Ok(Some(RegValue::Sz(s)));
    }
    if starts_with_ci(data, "dword:") {
        let digits = data[6..].trim();
        let ok = !digits.is_empty()
            && digits.len() <= 8
            && digits.chars().all(|c| c.is_ascii_hexdigit());
        return match (ok, u32::from_str_radix(digits, 16)) {
            (true, Ok(d)) => Ok(Some(RegValue::Dword(d))),
            _ => Err(format!("bad dword `{}` (1 to 8 hex digits)", clip(digits))),
        };
    }
    if starts_with_ci(data, "hex") {
        let (kind, bytes) = hex_data(&data[3..])?;
        return typed(kind, bytes, unicode).map(Some);
    }
    Err(format!("unknown value type in `{}`", clip(data)))
}

/// `:01,02` or `(7):01,02` -> (type, bytes).
fn hex_data(s: &str) -> Result<(u32, Vec<u8>), String> {
    let (kind, list) = if let Some(list) = s.strip_prefix(':') {
        (3, list)
    } else if let Some(rest) = s.strip_prefix('(') {
        let Some((digits, list)) = rest.split_once("):") else {
            return Err("bad hex type: expected `hex(N):`".into());
        };
        match u32::from_str_radix(digits.trim(), 16) {
            Ok(k) if !digits.trim().is_empty() && digits.len() <= 8 => (k, list),
            _ => return Err(format!("bad hex type `hex({})`", clip(digits))),
        }
    } else {
        return Err("bad hex value: expected `hex:` or `hex(N):`".into());
    };
    let list = list.trim();
    let list = list.strip_suffix(',').unwrap_or(list);
    if list.is_empty() {
        return Ok((kind, Vec::new()));
    }
    let mut bytes = Vec::new();
    for part in list.split(',') {
        let p = part.trim();
        let ok = !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_hexdigit());
        match (ok, u8::from_str_radix(p, 16)) {
            (true, Ok(b)) => bytes.push(b),
            _ => return Err(format!("bad hex byte `{}`", clip(p))),
        }
    }
    Ok((kind, bytes))
}

/// Bytes of registry type `kind` as a value.
fn typed(kind: u32, bytes: Vec<u8>, unicode: bool) -> Result<RegValue, String> {
    Ok(match kind {
        0 => RegValue::None(bytes),
        1 => RegValue::Sz(strip_nul(bytes_to_text(&bytes, unicode))),
        2 => RegValue::ExpandSz(strip_nul(bytes_to_text(&bytes, unicode))),
        4 if bytes.len() == 4 => {
            RegValue::Dword(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
        }
        4 => {
            return Err(format!(
                "hex(4) holds {} bytes; a REG_DWORD is 4 bytes (write it as dword:XXXXXXXX)",
                bytes.len()
            ));
        }
        7 => RegValue::MultiSz(multi_sz(bytes_to_text(&bytes, unicode))),
        0xb if bytes.len() == 8 => {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes);
            RegValue::Qword(u64::from_le_bytes(b))
        }
        0xb => {
            return Err(format!(
                "hex(b) holds {} bytes; a REG_QWORD is 8 bytes",
                bytes.len()
            ));
        }
        3..=0xb => RegValue::Binary(bytes),
        k => return Err(format!("unknown value type hex({k:x})")),
    })
}

/// UTF-16 LE (Registry Editor 5.00) or one byte per character (REGEDIT4, ANSI); a trailing
/// odd byte of UTF-16 is dropped.
fn bytes_to_text(bytes: &[u8], unicode: bool) -> String {
    if unicode {
        text::decode_utf16le_lossy(bytes)
    } else {
        text::decode_latin1(bytes)
    }
}

/// Removes one terminating NUL, if present.
fn strip_nul(mut s: String) -> String {
    if s.ends_with('\0') {
        s.pop();
    }
    s
}

/// `a\0b\0\0` -> [a, b]; `\0` -> []; `\0\0` -> [""]. Missing terminators are tolerated.
fn multi_sz(text: String) -> Vec<String> {
    let body = strip_nul(text);
    if body.is_empty() {
        return Vec::new();
    }
    let body = body.strip_suffix('\0').unwrap_or(&body);
    body.split('\0').map(str::to_string).collect()
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// At most 40 characters of `s`, for error messages.
fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}
