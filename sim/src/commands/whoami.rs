//! `whoami`: the account the process runs as, in lower case.

use crate::host::Host;
use crate::process::{Output, Process};

/// `whoami`: the account in lower case (`rds01\azureuser`, `nt authority\network service`).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut out = Output::default();
    if let Some(a) = args.first() {
        out.errln(format!("ERROR: Invalid argument/option - '{a}'."));
        out.errln("Type \"WHOAMI /?\" for usage.");
        out.code = 1;
        return out;
    }
    let user = &process.token.user;
    let name = host
        .principals()
        .name_of(user)
        .unwrap_or_else(|| user.to_string());
    out.outln(name.to_lowercase());
    out
}
