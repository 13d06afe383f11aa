//! `net`.

use crate::host::Host;
use crate::shell::{Output, Session};

/// Runs `net` with `args` (program name excluded).
pub fn run(_host: &mut Host, _session: &mut Session, _args: &[String], _stdin: Option<&str>) -> Output {
    todo!("net")
}
