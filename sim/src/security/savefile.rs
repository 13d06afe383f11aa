//! The `icacls /save` file: pairs of lines, the object's name relative to the saved object's
//! parent folder, then its DACL as SDDL (`D:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)`). icacls writes
//! UTF-16 LE without a BOM and CRLF after every line, the last included (windows-facts §11.1,
//! measured byte for byte); readers accept a BOM, UTF-8 and LF too.

use crate::error::InputError;
use crate::security::{SecurityDescriptor, format_acl_sddl, parse_sddl};
use crate::text::{decode_file_or_bomless_utf16, decode_utf16le, encode_utf16le};

/// Encodes entries as `icacls /save` writes them.
pub fn encode(entries: &[(String, SecurityDescriptor)]) -> Vec<u8> {
    let mut text = String::new();
    for (name, sd) in entries {
        text.push_str(name);
        text.push_str("\r\n");
        text.push_str(&format_acl_sddl(sd));
        text.push_str("\r\n");
    }
    encode_utf16le(&text, false)
}

/// Parses a file in the `icacls /save` layout into (name, descriptor) pairs.
pub fn parse_acl_file(
    bytes: &[u8],
    file: &str,
) -> Result<Vec<(String, SecurityDescriptor)>, InputError> {
    // icacls ends every line with CRLF: a BOM-less file whose first name starts past Latin-1
    // (or with a NUL) is still recognised as UTF-16 LE by its last line end.
    let text = if bytes.len().is_multiple_of(2) && bytes.ends_with(b"\n\0") {
        decode_utf16le(bytes, file)?
    } else {
        decode_file_or_bomless_utf16(bytes, file)?
    };
    let mut lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let mut out = Vec::new();
    for (i, pair) in lines.chunks(2).enumerate() {
        let name_line = 2 * i + 1;
        let name = pair[0].trim_end();
        // icacls saves the object it was given with a trailing backslash, or a volume root,
        // under an empty name, first (windows-facts §11.1); anywhere else a name is needed.
        if name.trim().is_empty() && i > 0 {
            return Err(InputError::new(file, name_line, "empty object name"));
        }
        if name.contains('\0') {
            let msg = format!("object name {name:?} holds a NUL, which no Windows name can");
            return Err(InputError::new(file, name_line, msg));
        }
        let Some(sddl) = pair.get(1).map(|s| s.trim()) else {
            return Err(InputError::new(
                file,
                name_line,
                format!("object name {name:?} has no SDDL line after it"),
            ));
        };
        if !sddl.contains("D:") {
            return Err(InputError::new(
                file,
                name_line + 1,
                format!("expected a DACL (D:...) for {name:?}, found {sddl:?}"),
            ));
        }
        let sd = parse_sddl(sddl).map_err(|e| {
            InputError::new(file, name_line + 1, format!("bad SDDL: {}", e.message))
        })?;
        out.push((name.to_string(), sd));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str) -> Vec<u8> {
        encode_utf16le(text, false)
    }

    #[test]
    fn only_the_first_object_may_have_an_empty_name() {
        let dacl = "D:PAI(A;;FA;;;BA)";
        let first = utf16(&format!("\r\n{dacl}\r\nsub\r\n{dacl}\r\n"));
        let entries = parse_acl_file(&first, "acl").expect("icacls writes this");
        assert_eq!(entries[0].0, "");
        assert_eq!(entries[1].0, "sub");
        let later = utf16(&format!("sub\r\n{dacl}\r\n \r\n{dacl}\r\n"));
        let e = parse_acl_file(&later, "acl").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (3, "empty object name"));
    }

    #[test]
    fn save_layout_round_trips() {
        let sd = parse_sddl("D:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)").unwrap();
        let bytes = encode(&[("MachineKeys".to_string(), sd.clone())]);
        assert_eq!(
            bytes,
            utf16("MachineKeys\r\nD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)\r\n")
        );
        let back = parse_acl_file(&bytes, "acl.txt").unwrap();
        assert_eq!(back, vec![("MachineKeys".to_string(), sd)]);
    }

    #[test]
    fn every_encoding_reads() {
        let text = "C:\\x\nD:(A;;FA;;;SY)\nC:\\x\\y\r\nO:SYD:P(A;;FR;;;NS)\n";
        let mut bom16 = vec![0xFF, 0xFE];
        bom16.extend(utf16(text));
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(text.as_bytes());
        for bytes in [utf16(text), bom16, bom8, text.as_bytes().to_vec()] {
            let entries = parse_acl_file(&bytes, "acl.txt").unwrap();
            assert_eq!(entries.len(), 2);
            assert_eq!(entries[1].0, "C:\\x\\y");
            assert!(entries[1].1.protected);
            assert!(entries[1].1.owner.is_some());
        }
    }

    /// Found by the `icacls_save` fuzz target: a name starting with NULs was read, then its
    /// encoding (UTF-16 LE without BOM, as icacls writes) was taken for UTF-8; a name starting
    /// past Latin-1 was misread the same way.
    #[test]
    fn what_encodes_reads_back() {
        let sd = parse_sddl("D:(A;;FA;;;SY)").unwrap();
        for name in ["日本.txt", "Ārvalstis", "x"] {
            let entries = vec![(name.to_string(), sd.clone())];
            assert_eq!(parse_acl_file(&encode(&entries), "acl.txt"), Ok(entries));
        }
        let e = parse_acl_file(b"\0\0C:\\x\r\nD:(A;;FA;;;SY)\r\n", "acl.txt").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("acl.txt", 1));
        assert!(e.message.contains("NUL"), "{e}");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = parse_acl_file(b"a\nD:(A;;FA;;;SY)\nb\n", "acl.txt").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("acl.txt", 3));
        let e = parse_acl_file(b"a\nD:(A;;FA;;;BOGUS)\n", "acl.txt").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse_acl_file(b"a\nD:(A;;FA;;;SY)\n\nD:(A;;FA;;;SY)\n", "f").unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse_acl_file(b"a\nhello\n", "f").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(parse_acl_file(&[0xFF, 0xFE, 0x41], "f").is_err());
        assert!(parse_acl_file(&[0x61, 0x0A, 0xC3], "f").is_err());
        assert_eq!(parse_acl_file(b"", "f").unwrap(), vec![]);
    }
}
