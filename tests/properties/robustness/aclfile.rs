//! Robustness of `icacls /save` files.

use super::*;

const ACL_LINES: &[&str] = &[
    "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys",
    "MachineKeys",
    "f686aace6942fb7f7ceb231212eef4a4_c5d2b969-b61a-4159-8f78-6391a1c805db",
    "HKEY_LOCAL_MACHINE\\SOFTWARE",
    "",
    "D:PAI(A;;FA;;;SY)(A;;0x120089;;;NS)",
    "D:(D;OICI;FR;;;NS)",
    "O:BAG:SYD:AI(A;ID;FA;;;BA)",
    "D:P",
    "D:(A;;;;;)",
    "D:(A;;0xFFFFFFFFF;;;S-1-5-21-1-2-3-4294967296)",
    "D:(XA;;FA;;;WD;(Member_of {SID(BA)}))",
    "S:(AU;SA;FA;;;WD)",
    "D:(A;;GA;;;S-1-)",
    "D:(",
    "(A;;FA;;;SY)",
];

/// Text in the `icacls /save` shape: lines from real files and broken SDDL.
fn acl_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        3 => prop::sample::select(ACL_LINES).prop_map(str::to_string),
        1 => "[ -~é\u{FFFF}]{0,24}",
    ];
    (
        prop::collection::vec(line, 0..8),
        prop::sample::select(vec!["\r\n", "\n", "\r"]),
    )
        .prop_map(|(lines, eol)| lines.join(eol))
}

fn check_acl(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_acl_file(bytes, "acl.txt") {
        Ok(entries) => prop_assert!(entries.len() <= bytes.len() / 2 + 1),
        Err(e) => {
            prop_assert_eq!(&e.file, "acl.txt");
            prop_assert!(e.to_string().starts_with("acl.txt"), "{}", e);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// always: `icacls /save` text in any encoding parses or fails naming `acl.txt`.
    #[test]
    fn always_an_acl_file_parses_or_names_the_file(text in acl_text(), how in any::<u8>()) {
        check_acl(&encode(&text, how))?;
    }

    /// always: random bytes and damaged real `icacls /save` files never panic the parser.
    #[test]
    fn always_damaged_acl_bytes_return(
        random in prop::collection::vec(any::<u8>(), 0..96),
        damages in prop::collection::vec(damage(), 1..6),
        real in any::<bool>(),
    ) {
        if real {
            let mut bytes = std::fs::read(root().join("fixtures/machinekeys-deny/acl.txt"))
                .expect("the fixture's acl.txt");
            apply(&mut bytes, &damages);
            check_acl(&bytes)?;
        } else {
            check_acl(&random)?;
        }
    }
}
