//! `cmd.exe` as a program: `cmd /c command` and `cmd /k command` run the cmd interpreter in
//! a new process (a copy of the caller's: its variables and folder changes stay there).

use crate::host::Host;
use crate::process::{Output, Process};

/// Runs `cmd` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    crate::shell::cmd::control::cmd_exe(host, process, args)
}
