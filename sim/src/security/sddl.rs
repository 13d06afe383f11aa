//! SDDL in and out: `O:<sid>G:<sid>D:<flags>(<ace>)...`.

use super::{Acl, SecurityDescriptor};
use crate::error::InputError;

/// Parses an SDDL string (owner, group, DACL; SACL parts are rejected with an error).
pub fn parse_sddl(_text: &str) -> Result<SecurityDescriptor, InputError> {
    todo!("security helper")
}

/// Formats a descriptor as SDDL, with aliases for well-known SIDs and rights.
pub fn format_sddl(_sd: &SecurityDescriptor) -> String {
    todo!("security helper")
}

/// Formats only the DACL part (`D:PAI(...)`), as `icacls /save` writes it.
pub fn format_acl_sddl(_sd: &SecurityDescriptor) -> String {
    let _: Option<&Acl> = None;
    todo!("security helper")
}
