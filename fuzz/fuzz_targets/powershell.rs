//! PowerShell scripts: any `.ps1` text runs on a fork of the default host, as
//! `powershell -File` runs it, and ends within the interpreter's bounds (statements, output,
//! parse depth), with an exit code.
#![no_main]

use kbsim_fuzz::{assert_output_bounded, default_host, text};
use libfuzzer_sys::fuzz_target;
use winsim::Process;
use winsim::shell::ps;

fuzz_target!(|data: &[u8]| {
    let Some(script) = text(data) else {
        return;
    };
    let mut host = default_host();
    let mut admin = Process::new(host.admin_token());
    let out = ps::run_script(&mut host, &mut admin, script);
    let _ = out.code;
    assert_output_bounded(&out, ps::interp::Limits::default().output);
});
