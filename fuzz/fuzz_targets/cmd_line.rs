//! cmd command lines: any line runs on a fork of the default host and ends (no panic, no
//! hang, bounded output) with an exit code, as cmd.exe always returns one.
#![no_main]

use kbsim_fuzz::default_host;
use libfuzzer_sys::fuzz_target;
use winsim::shell::Limits;
use winsim::{Process, run_line};

/// Room past the shell's output bound for the message that says it was reached.
const SLACK: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let mut host = default_host();
    let mut admin = Process::new(host.admin_token());
    let out = run_line(&mut host, &mut admin, line);
    assert_eq!(
        out.code, admin.last_exit,
        "%ERRORLEVEL% differs from the exit code"
    );
    let written: usize = out.chunks.iter().map(|(_, text)| text.len()).sum();
    let bound = Limits::default().max_output + SLACK;
    assert!(
        written <= bound,
        "{written} bytes written, past the output bound"
    );
});
