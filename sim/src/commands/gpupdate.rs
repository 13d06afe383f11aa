//! `gpupdate [/force] [/target:computer|user]`: group policy is not modelled, so a refresh
//! changes nothing and succeeds, with Windows' text (powershell-and-tools-formats §3
//! "gpupdate": `Updating policy...`, a blank line, one line per target, a blank line).

use crate::host::Host;
use crate::process::{Output, Process};

/// Runs `gpupdate` with `args` (program name excluded).
pub fn run(_host: &mut Host, _process: &mut Process, args: &[String]) -> Output {
    let mut computer = true;
    let mut user = true;
    for a in args {
        let lower = a.to_ascii_lowercase();
        match lower.as_str() {
            "/force" | "/wait:0" | "/sync" | "/boot" | "/logoff" => {}
            "/target:computer" => user = false,
            "/target:user" => computer = false,
            _ if lower.starts_with("/wait:") => {}
            _ => {
                let mut out = Output::with_code(1);
                out.errln(format!("Invalid Syntax: \"{a}\" is an invalid option."));
                return out;
            }
        }
    }
    let mut out = Output::default();
    out.outln("Updating policy...");
    out.outln("");
    if computer {
        out.outln("Computer Policy update has completed successfully.");
    }
    if user {
        out.outln("User Policy update has completed successfully.");
    }
    out.outln("");
    out
}
