//! `.reg` files: the Microsoft examples, regedit's wrapping, errors with their lines.

use super::*;

const RDP_TCP: &str =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp";

fn file(body: &str) -> String {
    format!("Windows Registry Editor Version 5.00\r\n\r\n{body}")
}

#[test]
fn the_microsoft_thumbprint_example_parses_to_twenty_bytes() {
    // remote-desktop-listener-certificate-configurations.md: the thumbprint as REG_BINARY.
    let text = file(&format!(
        "[{RDP_TCP}]\r\n\"SSLCertificateSHA1Hash\"=hex:42,49,e1,6e,0a,f0,a0,2e,63,c4,5c,93,fd,52,ad,09,27,82,1b,01\r\n"
    ));
    let ops = parse(&text, "cert.reg").unwrap();
    let expected: Vec<u8> = vec![
        0x42, 0x49, 0xe1, 0x6e, 0x0a, 0xf0, 0xa0, 0x2e, 0x63, 0xc4, 0x5c, 0x93, 0xfd, 0x52, 0xad,
        0x09, 0x27, 0x82, 0x1b, 0x01,
    ];
    assert_eq!(
        ops,
        [
            RegOp::CreateKey(RDP_TCP.to_string()),
            RegOp::SetValue(
                RDP_TCP.into(),
                "SSLCertificateSHA1Hash".into(),
                RegValue::Binary(expected)
            ),
        ]
    );
}

#[test]
fn export_wraps_the_thumbprint_after_sixteen_bytes_as_regedit_does() {
    let mut reg = Registry::new();
    let bytes: Vec<u8> = (1..=20).collect();
    reg.put_value_raw(RDP_TCP, "SSLCertificateSHA1Hash", RegValue::Binary(bytes));
    let text = export(&reg, RDP_TCP).unwrap();
    let expected = format!(
        "Windows Registry Editor Version 5.00\r\n\r\n[{RDP_TCP}]\r\n\
         \"SSLCertificateSHA1Hash\"=hex:01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,\\\r\n  \
         11,12,13,14\r\n\r\n"
    );
    assert_eq!(text, expected);
}

#[test]
fn continuation_lines_hold_twenty_five_bytes_and_stay_within_eighty_columns() {
    let mut reg = Registry::new();
    reg.put_value_raw("HKLM\\SOFTWARE\\W", "Data", RegValue::Binary(vec![0; 100]));
    let text = export(&reg, "HKLM\\SOFTWARE\\W").unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| l.contains("00,")).collect();
    assert_eq!(
        lines[0].len(),
        78,
        "first line: `\"Data\"=hex:` and 22 bytes, then `\\`"
    );
    assert_eq!(lines[1], format!("  {}\\", "00,".repeat(25)));
    assert!(lines.iter().all(|l| l.len() <= 80));
    let back = parse(&text, "w.reg").unwrap();
    assert_eq!(
        back[1],
        RegOp::SetValue(
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\W".into(),
            "Data".into(),
            RegValue::Binary(vec![0; 100])
        )
    );
}

#[test]
fn every_value_type_reads_back_from_its_export() {
    let values = [
        ("", RegValue::Sz("default \"quoted\" C:\\path".into())),
        ("Port", RegValue::Dword(3389)),
        ("Big", RegValue::Qword(0x0102_0304_0506_0708)),
        ("Path", RegValue::ExpandSz("%SystemRoot%\\System32".into())),
        (
            "Deps",
            RegValue::MultiSz(vec!["RPCSS".into(), "LanmanWorkstation".into()]),
        ),
        ("Empty", RegValue::MultiSz(vec![])),
        ("Blank", RegValue::MultiSz(vec![String::new()])),
        ("Bin", RegValue::Binary(vec![])),
        ("None", RegValue::None(vec![1, 2])),
        ("Lines", RegValue::Sz("a\r\nb\0".into())),
    ];
    let mut reg = Registry::new();
    for (n, v) in &values {
        reg.put_value_raw("HKLM\\SOFTWARE\\Types", n, v.clone());
    }
    let text = export(&reg, "HKLM\\SOFTWARE\\Types").unwrap();
    assert!(text.contains("\"Port\"=dword:00000d3d\r\n"));
    assert!(text.contains("@=\"default \\\"quoted\\\" C:\\\\path\"\r\n"));
    assert!(text.contains("\"Empty\"=hex(7):00,00\r\n"));
    assert!(text.contains("\"Bin\"=hex:\r\n"));
    let ops = parse(&decode(&encode_utf16le(&text), "t.reg").unwrap(), "t.reg").unwrap();
    let mut fresh = Registry::new();
    apply(&mut fresh, &ops);
    for (n, v) in &values {
        assert_eq!(
            fresh.value_raw("HKLM\\SOFTWARE\\Types", n),
            Some(v),
            "value {n:?}"
        );
    }
}

#[test]
fn regedit4_strings_in_hex_are_ansi() {
    let text = "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n\"E\"=hex(2):25,41,25,00\r\n\"M\"=hex(7):61,00,62,00,00\r\n";
    let ops = parse(text, "old.reg").unwrap();
    assert_eq!(
        ops[1],
        RegOp::SetValue(
            "HKEY_CURRENT_USER\\X".into(),
            "E".into(),
            RegValue::ExpandSz("%A%".into())
        )
    );
    assert_eq!(
        ops[2],
        RegOp::SetValue(
            "HKEY_CURRENT_USER\\X".into(),
            "M".into(),
            RegValue::MultiSz(vec!["a".into(), "b".into()])
        )
    );
}

#[test]
fn deletions_comments_and_values_under_a_deleted_key() {
    let text = file(
        "; a comment\r\n[-HKLM\\SOFTWARE\\Old]\r\n\"Ignored\"=dword:1\r\n[HKLM\\SOFTWARE\\New]\r\n\"Gone\"=-\r\n@=\"x\"\r\n",
    );
    let ops = parse(&text, "d.reg").unwrap();
    assert_eq!(
        ops,
        [
            RegOp::DeleteKey("HKEY_LOCAL_MACHINE\\SOFTWARE\\Old".into()),
            RegOp::CreateKey("HKEY_LOCAL_MACHINE\\SOFTWARE\\New".into()),
            RegOp::DeleteValue("HKEY_LOCAL_MACHINE\\SOFTWARE\\New".into(), "Gone".into()),
            RegOp::SetValue(
                "HKEY_LOCAL_MACHINE\\SOFTWARE\\New".into(),
                String::new(),
                RegValue::Sz("x".into())
            ),
        ]
    );
}

#[test]
fn errors_name_the_file_and_the_line() {
    let cases = [
        (
            "Windows Registry Editor Version 4.00\r\n",
            1,
            "not a registry file",
        ),
        ("", 1, "not a registry file"),
        (&file("\"A\"=dword:1\r\n") as &str, 3, "value outside a key"),
        (&file("[HKLM\\X]\r\n\"A\"=hex:4g\r\n"), 4, "bad hex byte"),
        (&file("[HKLM\\X]\r\n\"A\"=hex:100\r\n"), 4, "bad hex byte"),
        (
            &file("[HKLM\\X]\r\n\"A\"=dword:123456789\r\n"),
            4,
            "bad dword",
        ),
        (
            &file("[HKLM\\X]\r\n\"A\"=hex(1f):00\r\n"),
            4,
            "unknown value type",
        ),
        (
            &file("[HKLM\\X]\r\n\"A\"=str:x\r\n"),
            4,
            "unknown value type",
        ),
        (&file("[HKLM\\X]\r\n\"A=\"x\r\n"), 4, "expected `=`"),
        (
            &file("[HKLM\\X]\r\n\"A\"=\"x\r\n"),
            4,
            "unterminated string",
        ),
        (&file("[HKLM\\X]\r\n\"A\"=hex:01,\\\r\n"), 4, "past the end"),
        (&file("[HKXX\\X]\r\n"), 3, "bad key name"),
        (&file("[HKLM\\X\r\n"), 3, "closing `]`"),
    ];
    for (text, line, what) in cases {
        let e = parse(text, "bad.reg").unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.line),
            ("bad.reg", line),
            "{text:?}: {e}"
        );
        assert!(e.message.contains(what), "{text:?}: {e}");
    }
}

#[test]
fn decode_accepts_utf16_with_bom_and_utf8_and_rejects_the_rest() {
    let text = "Windows Registry Editor Version 5.00\r\n";
    assert_eq!(decode(&encode_utf16le(text), "a.reg").unwrap(), text);
    assert_eq!(decode(text.as_bytes(), "a.reg").unwrap(), text);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(decode(&bom, "a.reg").unwrap(), text);
    let no_bom: Vec<u8> = encode_utf16le(text)[2..].to_vec();
    assert!(
        decode(&no_bom, "a.reg")
            .unwrap_err()
            .message
            .contains("byte-order mark")
    );
    assert_eq!(decode(b"ok\r\n\xff\xfe\xfd", "a.reg").unwrap_err().line, 2);
    assert!(decode(&[0xFE, 0xFF, 0, 0x57], "a.reg").is_err());
    assert!(decode(&[0xFF, 0xFE, 0x57], "a.reg").is_err());
    assert_eq!(
        decode(b"REGEDIT4\r\n\"A\"=\"caf\xe9\"", "a.reg").unwrap(),
        "REGEDIT4\r\n\"A\"=\"caf\u{e9}\""
    );
}

#[test]
fn checked_apply_stops_at_the_first_refusal_and_keeps_what_was_done() {
    use crate::principals::{Sid, Token};
    let mut reg = Registry::new();
    let text = file(
        "[HKLM\\SOFTWARE\\Mine]\r\n\"A\"=dword:1\r\n[HKLM\\SOFTWARE\\Locked]\r\n\"B\"=dword:2\r\n",
    );
    let ops = parse(&text, "i.reg").unwrap();
    let key = reg.put_key_raw("HKLM\\SOFTWARE\\Locked");
    key.sd.dacl.as_mut().unwrap().insert(
        0,
        crate::security::Ace::deny(Sid::administrators(), crate::registry::KEY_SET_VALUE),
    );
    let admin = Token::elevated_admin(Sid::new(5, &[21, 9, 500]));
    assert_eq!(
        apply_as(&mut reg, &ops, &admin),
        Err(WinError::ACCESS_DENIED)
    );
    assert_eq!(
        reg.value_raw("HKLM\\SOFTWARE\\Mine", "A"),
        Some(&RegValue::Dword(1))
    );
    assert_eq!(reg.value_raw("HKLM\\SOFTWARE\\Locked", "B"), None);
}

#[test]
fn a_key_deeper_than_the_registry_allows_is_refused_with_its_line() {
    let deep = |levels: usize| {
        let path: Vec<&str> = std::iter::repeat_n("k", levels - 1).collect();
        format!("HKEY_LOCAL_MACHINE\\SOFTWARE\\{}", path.join("\\"))
    };
    let ok = file(&format!("[{}]\r\n", deep(512)));
    let ops = parse(&ok, "deep.reg").expect("512 levels are allowed");
    let mut reg = crate::registry::Registry::new();
    apply(&mut reg, &ops);
    assert!(reg.key_exists(&deep(512)));
    let e = parse(&file(&format!("[{}]\r\n", deep(513))), "deep.reg").unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("deep.reg", 3));
    assert!(
        e.message
            .contains("is 513 levels deep; the registry allows 512"),
        "{e}"
    );
}

#[test]
fn a_dword_or_qword_of_the_wrong_size_is_an_error_naming_its_line() {
    let cases = [
        (
            "\"A\"=hex(4):01,02,03",
            "hex(4) holds 3 bytes; a REG_DWORD is 4 bytes",
        ),
        ("\"A\"=hex(4):", "hex(4) holds 0 bytes"),
        ("\"A\"=hex(4):01,02,03,04,05", "hex(4) holds 5 bytes"),
        (
            "\"A\"=hex(b):01,02,03,04",
            "hex(b) holds 4 bytes; a REG_QWORD is 8 bytes",
        ),
    ];
    for (line, want) in cases {
        let e = parse(
            &file(&format!("[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n{line}\r\n")),
            "x.reg",
        )
        .unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains(want), "{e}");
    }
    let ops = parse(
        &file("[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n\"A\"=hex(4):01,00,00,00\r\n"),
        "x.reg",
    )
    .unwrap();
    assert!(ops.contains(&RegOp::SetValue(
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\X".into(),
        "A".into(),
        RegValue::Dword(1)
    )));
}

#[test]
fn deleting_a_root_or_a_hive_is_an_error_naming_its_line() {
    for key in [
        "HKEY_LOCAL_MACHINE\\SYSTEM",
        "HKLM\\software",
        "HKEY_LOCAL_MACHINE",
        "HKEY_USERS\\.DEFAULT",
        "HKEY_CURRENT_USER",
    ] {
        let e = parse(&file(&format!("[-{key}]\r\n")), "x.reg").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("deletes a root or a hive"), "{e}");
    }
    assert!(parse(&file("[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]\r\n"), "x.reg").is_ok());
}
