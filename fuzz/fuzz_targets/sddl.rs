//! SDDL: any text parses or fails with a column, never panics; what parses prints as SDDL
//! that parses to the same descriptor and prints the same again.
#![no_main]

use kbsim_fuzz::{assert_located, text};
use libfuzzer_sys::fuzz_target;
use winsim::security::{format_sddl, parse_sddl};

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else {
        return;
    };
    match parse_sddl(text) {
        Ok(sd) => {
            let printed = format_sddl(&sd);
            let again = parse_sddl(&printed)
                .unwrap_or_else(|e| panic!("{printed:?} (printed from {text:?}) fails: {e}"));
            assert_eq!(again, sd, "{text:?} printed as {printed:?}");
            assert_eq!(format_sddl(&again), printed);
        }
        Err(e) => {
            assert_located(&e, "<sddl>", data);
            assert!(e.message.starts_with("column "), "no column: {e}");
        }
    }
});
