//! `.cmd`/`.bat` scripts: any script runs on a fork of the default host and ends within the
//! shell's bounds (statements, output), with an exit code.
#![no_main]

use kbsim_fuzz::{assert_output_bounded, default_host, text};
use libfuzzer_sys::fuzz_target;
use winsim::shell::Limits;
use winsim::{Process, run_script};

fuzz_target!(|data: &[u8]| {
    let Some(script) = text(data) else {
        return;
    };
    let mut host = default_host();
    let mut admin = Process::new(host.admin_token());
    let out = run_script(&mut host, &mut admin, script);
    let _ = out.code;
    assert_output_bounded(&out, Limits::default().max_output);
});
