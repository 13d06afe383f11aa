//! Text in files as Windows writes it: UTF-16 LE (with or without the `FF FE` byte-order mark),
//! UTF-8 (with or without `EF BB BF`), and the one-byte ANSI of `REGEDIT4` files; and base64
//! (PEM certificates, `powershell -EncodedCommand`, `[Convert]::ToBase64String`).
//!
//! Strict decoders (`decode_file`, `decode_utf16le`, `decode_utf8`) are for inputs we parse and
//! return an `InputError` naming the file and line; lossy ones (`decode_console`,
//! `decode_utf16le_lossy`) are for what a console shows, which never fails.

use crate::error::InputError;

/// The UTF-16 LE byte-order mark.
pub const UTF16LE_BOM: [u8; 2] = [0xFF, 0xFE];
/// The UTF-16 BE byte-order mark.
pub const UTF16BE_BOM: [u8; 2] = [0xFE, 0xFF];
/// The UTF-8 byte-order mark.
pub const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// UTF-16 LE code units of `bytes`; a trailing odd byte is dropped.
pub fn utf16le_units(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
}

/// UTF-16 BE code units of `bytes` (ASN.1 `BMPString`); a trailing odd byte is dropped.
pub fn utf16be_units(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
}

/// UTF-16 LE without BOM, unpaired surrogates replaced by U+FFFD, a trailing odd byte dropped.
pub fn decode_utf16le_lossy(bytes: &[u8]) -> String {
    char::decode_utf16(utf16le_units(bytes))
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// One byte per character (Windows-1252 read as Latin-1, as for `REGEDIT4` files).
pub fn decode_latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

/// Strict UTF-16 LE without BOM: an odd length or an unpaired surrogate is an error (the
/// latter at its 1-based line).
pub fn decode_utf16le(bytes: &[u8], file: &str) -> Result<String, InputError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(InputError::new(
            file,
            0,
            "UTF-16 text with an odd number of bytes",
        ));
    }
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    for c in char::decode_utf16(utf16le_units(bytes)) {
        let Ok(c) = c else {
            return Err(InputError::new(
                file,
                line,
                "invalid UTF-16 (unpaired surrogate)",
            ));
        };
        if c == '\n' {
            line += 1;
        }
        text.push(c);
    }
    Ok(text)
}

/// The 1-based line that byte `offset` of `text` stands on (offsets past the end count as the
/// last line).
pub fn line_at(text: &[u8], offset: usize) -> usize {
    1 + text[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Strict UTF-8 without BOM: invalid bytes are an error at the 1-based line they stand on.
pub fn decode_utf8(bytes: &[u8], file: &str) -> Result<String, InputError> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|e| InputError::new(file, line_at(bytes, e.valid_up_to()), "invalid UTF-8 text"))
}

/// Whether BOM-less bytes look like UTF-16 LE: an ASCII first character followed by a zero byte.
pub fn looks_like_utf16le(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] != 0 && bytes[1] == 0
}

/// Text of a file: UTF-16 LE with BOM, or UTF-8 with or without BOM. Strict.
pub fn decode_file(bytes: &[u8], file: &str) -> Result<String, InputError> {
    if let Some(body) = bytes.strip_prefix(&UTF16LE_BOM) {
        return decode_utf16le(body, file);
    }
    decode_utf8(bytes.strip_prefix(&UTF8_BOM).unwrap_or(bytes), file)
}

/// As [`decode_file`], and BOM-less UTF-16 LE too (recognised by [`looks_like_utf16le`]), as
/// `icacls /save` writes.
pub fn decode_file_or_bomless_utf16(bytes: &[u8], file: &str) -> Result<String, InputError> {
    if !bytes.starts_with(&UTF8_BOM) && looks_like_utf16le(bytes) {
        return decode_utf16le(bytes, file);
    }
    decode_file(bytes, file)
}

/// Text of a file as a console shows it, never failing: UTF-16 LE with BOM (lossy), a UTF-8
/// BOM dropped, other bytes as UTF-8 or else Latin-1; `\r\n` becomes `\n`.
pub fn decode_console(bytes: &[u8]) -> String {
    let text = if let Some(body) = bytes.strip_prefix(&UTF16LE_BOM) {
        decode_utf16le_lossy(body)
    } else {
        let body = bytes.strip_prefix(&UTF8_BOM).unwrap_or(bytes);
        match std::str::from_utf8(body) {
            Ok(s) => s.to_string(),
            Err(_) => decode_latin1(body),
        }
    };
    text.replace("\r\n", "\n")
}

/// `text` as UTF-16 LE bytes, with the `FF FE` BOM first when `bom`.
pub fn encode_utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 * text.len() + 2);
    if bom {
        out.extend_from_slice(&UTF16LE_BOM);
    }
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

/// `text` as UTF-16 LE bytes with a terminating NUL (a `REG_SZ` value, a `wchar_t*` field).
pub fn encode_utf16le_nul(text: &str) -> Vec<u8> {
    text.encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect()
}

/// A number as Windows tools write them: `0x` or `0X` and hex digits, or decimal digits;
/// nothing else (no sign, no spaces, no empty digits). `None` on overflow. The one parser
/// behind `reg add /d`, SDDL masks, seeds, SID authorities, exit codes, event keywords and
/// XPath numbers.
pub fn parse_number(text: &str) -> Option<u64> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u64::from_str_radix(hex, 16).ok()
        }
        Some(_) => None,
        None if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
        None => None,
    }
}

/// `parse_number` with an optional leading `-` (exit codes and XPath literals).
pub fn parse_signed_number(text: &str) -> Option<i128> {
    match text.strip_prefix('-') {
        Some(rest) => parse_number(rest).map(|n| -i128::from(n)),
        None => parse_number(text).map(i128::from),
    }
}

/// Base64's alphabet (RFC 4648, with `+` and `/`).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 of `bytes`.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Bytes of a base64 text (whitespace ignored), `None` if it is not base64.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !clean.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        let mut pad = 0;
        for (i, c) in chunk.iter().enumerate() {
            let v = match c {
                b'=' if i >= 2 => {
                    pad += 1;
                    0
                }
                _ if pad > 0 => return None,
                c => ALPHABET.iter().position(|a| a == c)? as u32,
            };
            n = n << 6 | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "caf\u{e9}\r\nline 2\n";

    #[test]
    fn numbers_are_hex_with_0x_or_decimal_and_nothing_else() {
        assert_eq!(parse_number("0x8009030D"), Some(0x8009_030D));
        assert_eq!(parse_number("0Xff"), Some(255));
        assert_eq!(parse_number("3389"), Some(3389));
        assert_eq!(parse_number("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "0x",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1e3",
            "0x1g",
            "18446744073709551616",
        ] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
        assert_eq!(parse_signed_number("-0x10"), Some(-16));
        assert_eq!(parse_signed_number("--1"), None);
    }

    fn with(prefix: &[u8], body: &[u8]) -> Vec<u8> {
        [prefix, body].concat()
    }

    #[test]
    fn encoders_write_windows_bytes() {
        assert_eq!(encode_utf16le("A\n", false), [0x41, 0, 0x0A, 0]);
        assert_eq!(encode_utf16le("A", true), [0xFF, 0xFE, 0x41, 0]);
        assert_eq!(encode_utf16le_nul("A"), [0x41, 0, 0, 0]);
        assert_eq!(encode_utf16le_nul(""), [0, 0]);
    }

    #[test]
    fn decode_file_reads_utf16_with_bom_and_utf8_with_or_without_bom() {
        let utf8 = TEXT.as_bytes();
        for bytes in [
            encode_utf16le(TEXT, true),
            utf8.to_vec(),
            with(&UTF8_BOM, utf8),
        ] {
            assert_eq!(decode_file(&bytes, "f").unwrap(), TEXT);
            assert_eq!(decode_file_or_bomless_utf16(&bytes, "f").unwrap(), TEXT);
        }
        let bomless = encode_utf16le(TEXT, false);
        assert!(decode_file(&bomless, "f").is_err());
        assert_eq!(decode_file_or_bomless_utf16(&bomless, "f").unwrap(), TEXT);
    }

    #[test]
    fn strict_errors_name_the_file_and_line() {
        let e = decode_file(b"ok\r\nok\n\xff", "a.txt").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("a.txt", 3));
        assert_eq!(e.message, "invalid UTF-8 text");
        let e = decode_file(&[0xFF, 0xFE, 0x41], "f").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (0, "UTF-16 text with an odd number of bytes")
        );
        // "a\n" then a lone high surrogate on line 2.
        let e = decode_utf16le(&[0x61, 0, 0x0A, 0, 0x00, 0xD8], "f").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("surrogate"));
        assert_eq!(decode_file(b"", "f").unwrap(), "");
    }

    #[test]
    fn lossy_decoders_never_fail() {
        assert_eq!(
            decode_utf16le_lossy(&[0x41, 0, 0x00, 0xD8, 0x42]),
            "A\u{fffd}"
        );
        assert_eq!(decode_latin1(&[0x41, 0xE9]), "A\u{e9}");
        assert_eq!(decode_console(&encode_utf16le("a\r\nb", true)), "a\nb");
        assert_eq!(decode_console(&with(&UTF8_BOM, b"x\r\ny\r\n")), "x\ny\n");
        assert_eq!(decode_console(&[0x41, 0xE9]), "A\u{e9}");
        let be: String = char::decode_utf16(utf16be_units(&[0, 0x41, 0, 0x42]))
            .map(Result::unwrap)
            .collect();
        assert_eq!(be, "AB");
    }
}
