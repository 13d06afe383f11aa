//! Inheritance: the ACEs a new child receives from its parent, propagation, canonical order.

use super::{Acl, SecurityDescriptor};
use crate::principals::Sid;

/// The inherited ACEs a child (`is_container`) receives from `parent`, with CREATOR OWNER
/// replaced by `creator`.
pub fn inherited_acl(_parent: &SecurityDescriptor, _is_container: bool, _creator: &Sid) -> Acl {
    todo!("security helper")
}

/// Replaces the inherited ACEs of `child` by those of `parent` (unless `child` is protected).
pub fn propagate(_parent: &SecurityDescriptor, _child: &mut SecurityDescriptor, _is_container: bool) {
    todo!("security helper")
}

/// Puts an ACL in canonical order: explicit deny, explicit allow, inherited deny, inherited
/// allow; stable within each group.
pub fn canonicalize(_acl: &mut Acl) {
    todo!("security helper")
}
