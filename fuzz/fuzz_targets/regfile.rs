//! `.reg` files, UTF-16 LE (with BOM) and UTF-8: any bytes decode and parse or fail with the
//! file and line. What parses is applied to an empty registry; exporting it, importing the
//! export into another empty registry and exporting again gives the same text.
#![no_main]

use kbsim_fuzz::{MAX_REG_INPUT, assert_located, deeper_than_windows_keys};
use libfuzzer_sys::fuzz_target;
use winsim::registry::{Registry, regfile};

const FILE: &str = "registry.reg";
/// The stored hives (HKCR and HKCC live under HKLM).
const ROOTS: [&str; 3] = ["HKEY_LOCAL_MACHINE", "HKEY_USERS", "HKEY_CURRENT_USER"];

/// Each hive exported on its own, as `reg export` writes one key's subtree.
fn export_all(reg: &Registry) -> Vec<String> {
    ROOTS
        .iter()
        .filter_map(|root| regfile::export(reg, root))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_REG_INPUT || deeper_than_windows_keys(data) {
        return;
    }
    let text = match regfile::decode(data, FILE) {
        Ok(text) => text,
        Err(e) => return assert_located(&e, FILE, data),
    };
    // What decodes from UTF-8 decodes the same from UTF-16 LE with BOM, as Windows writes it.
    let utf16 = regfile::encode_utf16le(&text);
    assert_eq!(regfile::decode(&utf16, FILE).as_deref(), Ok(text.as_str()));
    let ops = match regfile::parse(&text, FILE) {
        Ok(ops) => ops,
        Err(e) => return assert_located(&e, FILE, text.as_bytes()),
    };
    let mut reg = Registry::new();
    regfile::apply(&mut reg, &ops);
    let exported = export_all(&reg);
    let mut back = Registry::new();
    for text in &exported {
        let ops = regfile::parse(text, "export.reg")
            .unwrap_or_else(|e| panic!("an export does not parse: {e}\n{text}"));
        regfile::apply(&mut back, &ops);
    }
    assert_eq!(
        export_all(&back),
        exported,
        "the export does not read back the same"
    );
});
