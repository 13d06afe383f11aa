//! The `icacls /save` file: pairs of lines, the object's name relative to the saved object's
//! parent folder, then its DACL as SDDL (`D:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)`). icacls writes
//! UTF-16 LE without a BOM and CRLF after every line, the last included (windows-facts §11.1,
//! measured byte for byte); readers accept a BOM, UTF-8 and LF too.

use crate::error::InputError;
use crate::security::{SecurityDescriptor, format_acl_sddl, parse_sddl};
use crate::text::{decode_file_or_bomless_utf16, encode_utf16le};

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
    let text = decode_file_or_bomless_utf16(bytes, file)?;
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
        if name.trim().is_empty() {
            return Err(InputError::new(file, name_line, "empty object name"));
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
