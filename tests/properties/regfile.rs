//! Properties of `.reg` files: always, export then import gives back the same keys and values;
//! always, parsing any text returns (an error or operations) without panicking.

use proptest::prelude::*;
use winsim::registry::RegValue;
use winsim::registry::Registry;
use winsim::registry::regfile::{apply, decode, encode_utf16le, export, parse};

const TOP: &str = "HKEY_LOCAL_MACHINE\\SOFTWARE\\RoundTrip";

/// Any character but the path separator; spaces, quotes, brackets and non-ASCII included.
fn key_name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 _.\\-\\[\\]\"'é漢]{1,12}"
}

/// Value names cannot hold a line break in a `.reg` file; anything else goes, `""` is `@`.
fn value_name() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[A-Za-z0-9 _\\\\\"=@;\\[\\]é]{1,12}"]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,20}",
        any::<String>().prop_map(|s| s.chars().take(20).collect())
    ]
}

fn value() -> impl Strategy<Value = RegValue> {
    prop_oneof![
        text().prop_map(RegValue::Sz),
        text().prop_map(RegValue::ExpandSz),
        proptest::collection::vec("[ -~é]{0,8}", 0..4).prop_map(RegValue::MultiSz),
        any::<u32>().prop_map(RegValue::Dword),
        any::<u64>().prop_map(RegValue::Qword),
        proptest::collection::vec(any::<u8>(), 0..120).prop_map(RegValue::Binary),
        proptest::collection::vec(any::<u8>(), 0..12).prop_map(RegValue::None),
    ]
}

/// A key below `TOP` (its path as components) and the values to put in it.
type KeySpec = (Vec<String>, Vec<(String, RegValue)>);

/// Up to eight keys, up to three levels deep.
fn tree() -> impl Strategy<Value = Vec<KeySpec>> {
    let key = proptest::collection::vec(key_name(), 0..3);
    let values = proptest::collection::vec((value_name(), value()), 0..5);
    proptest::collection::vec((key, values), 1..8)
}

/// Every key of the subtree with its values, in order, as comparable data.
fn snapshot(reg: &Registry) -> Vec<(String, Vec<(String, RegValue)>)> {
    std::iter::once(TOP.to_string())
        .chain(reg.descendants(TOP))
        .map(|p| {
            let k = reg.key(&p).expect("listed keys exist");
            (k.path.clone(), k.values.values().cloned().collect())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Always: export then parse and apply into a fresh registry gives the same keys, the same
    /// value names in the same order, and the same typed values.
    #[test]
    fn reg_file_round_trip(tree in tree()) {
        let mut reg = Registry::new();
        reg.put_key_raw(TOP);
        for (path, values) in &tree {
            let key = std::iter::once(TOP.to_string()).chain(path.iter().cloned()).collect::<Vec<_>>().join("\\");
            reg.put_key_raw(&key);
            for (name, v) in values {
                reg.put_value_raw(&key, name, v.clone());
            }
        }
        let text = export(&reg, TOP).expect("the key exists");
        let decoded = decode(&encode_utf16le(&text), "rt.reg").expect("our own export decodes");
        let ops = parse(&decoded, "rt.reg").map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let mut fresh = Registry::new();
        apply(&mut fresh, &ops);
        prop_assert_eq!(snapshot(&fresh), snapshot(&reg), "{}", text);
    }

    /// Always: any text, with or without a header, parses or fails with a located error.
    #[test]
    fn parse_never_panics(body in any::<String>(), header in any::<bool>()) {
        let text = if header { format!("Windows Registry Editor Version 5.00\r\n{body}") } else { body };
        if let Err(e) = parse(&text, "fuzz.reg") {
            prop_assert_eq!(e.file.as_str(), "fuzz.reg");
            prop_assert!(e.line >= 1 && e.line <= text.split('\n').count());
        }
    }

    /// Always: `.reg`-shaped noise (keys, quotes, hex, continuations) never panics either.
    #[test]
    fn parse_never_panics_on_reg_shaped_lines(
        lines in proptest::collection::vec("(\\[-?(HKLM|HKEY_USERS|HK)?[\\\\a-z\\]]{0,6}|\"[a-z\\\\\"]{0,4}\"?|@)?=?(dword:|hex(\\([0-9a-f]{0,3}\\))?:)?[0-9a-f,\\\\ \"-]{0,12}", 0..12)
    ) {
        let text = format!("REGEDIT4\n{}", lines.join("\n"));
        let _ = parse(&text, "fuzz.reg");
    }

    /// Always: decoding any bytes returns text or an error, never a panic.
    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = decode(&bytes, "fuzz.reg");
    }
}
