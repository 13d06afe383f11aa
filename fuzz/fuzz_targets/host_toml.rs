//! `host.toml`: any text parses or fails with the file and line; what parses builds a host and
//! applies its services, or fails with the file and line of the bad value.
#![no_main]

use kbsim_fuzz::{assert_located, text};
use libfuzzer_sys::fuzz_target;
use winsim::fixture::hosttoml;

const FILE: &str = "host.toml";

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else {
        return;
    };
    let spec = match hosttoml::parse(text, FILE) {
        Ok(spec) => spec,
        Err(e) => return assert_located(&e, FILE, data),
    };
    let mut host = match spec.builder(text, FILE, 7) {
        Ok(b) => b.build(),
        Err(e) => return assert_located(&e, FILE, data),
    };
    if let Err(e) = spec.apply(&mut host, text, FILE) {
        assert_located(&e, FILE, data);
    }
});
