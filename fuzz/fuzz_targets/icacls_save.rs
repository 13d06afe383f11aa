//! `icacls /save` files: any bytes parse or fail with the file and line; what parses encodes
//! as icacls writes it (UTF-16 LE, the DACL only) and reads back to the same entries.
#![no_main]

use kbsim_fuzz::{MAX_INPUT, assert_located};
use libfuzzer_sys::fuzz_target;
use winsim::security::savefile::{encode, parse_acl_file};

const FILE: &str = "acl.txt";

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    match parse_acl_file(data, FILE) {
        Ok(mut entries) => {
            // icacls /save writes the DACL alone: owner and group do not travel.
            for (_, sd) in &mut entries {
                sd.owner = None;
                sd.group = None;
            }
            let bytes = encode(&entries);
            let again = parse_acl_file(&bytes, FILE)
                .unwrap_or_else(|e| panic!("the encoded entries do not read back: {e}"));
            assert_eq!(again, entries);
            assert_eq!(encode(&again), bytes);
        }
        Err(e) => assert_located(&e, FILE, data),
    }
});
