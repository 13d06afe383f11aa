//! `wevtutil`.

use crate::host::Host;
use crate::shell::{Output, Session};

/// Runs `wevtutil` with `args` (program name excluded).
pub fn run(_host: &mut Host, _session: &mut Session, _args: &[String], _stdin: Option<&str>) -> Output {
    todo!("wevtutil")
}
