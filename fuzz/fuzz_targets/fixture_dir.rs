//! A whole fixture directory written from one input (see `split_fixture` for the layout):
//! it loads or fails with an error naming a file inside the directory, never panics, never
//! reads outside it.
#![no_main]

use kbsim_fuzz::{MAX_REG_INPUT, deeper_than_windows_keys, split_fixture, write_fixture};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fn dir() -> PathBuf {
    std::env::temp_dir().join(format!("kbsim-fuzz-fixture-{}", std::process::id()))
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_REG_INPUT || deeper_than_windows_keys(data) {
        return;
    }
    let dir = dir();
    write_fixture(&dir, &split_fixture(data));
    if let Err(e) = winsim::fixture::load(&dir) {
        assert!(
            e.file.starts_with(&*dir.to_string_lossy()),
            "the error names no file of the fixture: {e}"
        );
        assert!(!e.message.trim().is_empty());
    }
});
