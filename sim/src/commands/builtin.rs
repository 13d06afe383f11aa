//! cmd built-ins and small tools: `echo`, `type`, `dir`, `mkdir`, `cd`, `more`, `ver`.

use crate::host::Host;
use crate::shell::{Output, Session};

/// Runs `builtin` with `args` (program name excluded).
pub fn run(_host: &mut Host, _session: &mut Session, _args: &[String], _stdin: Option<&str>) -> Output {
    todo!("builtin")
}

/// Runs `more` (pass-through of its input; `more < file` and `more file` read the file).
pub fn run_more(_host: &mut Host, _session: &mut Session, _args: &[String], _stdin: Option<&str>) -> Output {
    todo!("more")
}
