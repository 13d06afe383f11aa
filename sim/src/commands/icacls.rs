//! `icacls`.

use crate::error::InputError;
use crate::host::Host;
use crate::security::SecurityDescriptor;
use crate::shell::{Output, Session};

/// Runs `icacls` with `args` (program name excluded).
pub fn run(_host: &mut Host, _session: &mut Session, _args: &[String], _stdin: Option<&str>) -> Output {
    todo!("icacls")
}

/// Parses a file in the `icacls /save` layout (pairs of lines: object name, then SDDL; UTF-16 LE
/// with or without BOM, or UTF-8). Errors name `file` and the line.
pub fn parse_acl_file(_bytes: &[u8], _file: &str) -> Result<Vec<(String, SecurityDescriptor)>, InputError> {
    todo!("icacls")
}
