//! `hostname`: the computer name.

use crate::host::Host;
use crate::process::{Output, Process};

/// `hostname`: the computer name.
pub fn run(host: &mut Host, _session: &mut Process, args: &[String]) -> Output {
    let mut out = Output::default();
    if !args.is_empty() {
        out.errln("sethostname: Use the Network Control Panel Applet to set hostname.");
        out.code = 1;
        return out;
    }
    out.outln(host.name());
    out
}
