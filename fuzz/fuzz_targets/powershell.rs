//! PowerShell scripts: any `.ps1` text runs on a fork of the default host, as
//! `powershell -File` runs it, and ends within the interpreter's bounds (statements, output,
//! parse depth), with an exit code.
#![no_main]

use kbsim_fuzz::{MAX_INPUT, default_host};
use libfuzzer_sys::fuzz_target;
use winsim::Process;
use winsim::shell::ps;

/// Room past the output bound for the message that says it was reached.
const SLACK: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let Ok(script) = std::str::from_utf8(data) else {
        return;
    };
    if script.len() > MAX_INPUT {
        return;
    }
    let mut host = default_host();
    let mut admin = Process::new(host.admin_token());
    let out = ps::run_script(&mut host, &mut admin, script);
    let _ = out.code;
    let written: usize = out.chunks.iter().map(|(_, text)| text.len()).sum();
    let bound = ps::interp::Limits::default().output + SLACK;
    assert!(
        written <= bound,
        "{written} bytes written, past the output bound"
    );
});
