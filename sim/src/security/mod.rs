//! Windows security: access masks, ACEs, ACLs, security descriptors, and the access check.
//!
//! - `mod.rs`     the types and the access check (explicit deny first, then allow; owner rights).
//! - `sddl.rs`    SDDL in and out (`O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)`).
//! - `inherit.rs` inheritance: what a new child receives, propagation, canonical order.

mod inherit;
mod sddl;

pub use inherit::{canonicalize, inherited_acl, propagate};
pub use sddl::{format_acl_sddl, format_sddl, parse_sddl};

use crate::principals::{Sid, Token};

/// An access mask: specific, standard and generic rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct AccessMask(pub u32);

impl AccessMask {
    /// FILE_READ_DATA / FILE_LIST_DIRECTORY / KEY_QUERY_VALUE.
    pub const READ_DATA: AccessMask = AccessMask(0x0001);
    /// FILE_WRITE_DATA / FILE_ADD_FILE / KEY_SET_VALUE.
    pub const WRITE_DATA: AccessMask = AccessMask(0x0002);
    /// FILE_APPEND_DATA / FILE_ADD_SUBDIRECTORY / KEY_CREATE_SUB_KEY.
    pub const APPEND_DATA: AccessMask = AccessMask(0x0004);
    /// FILE_READ_EA / KEY_ENUMERATE_SUB_KEYS.
    pub const READ_EA: AccessMask = AccessMask(0x0008);
    /// FILE_WRITE_EA / KEY_NOTIFY.
    pub const WRITE_EA: AccessMask = AccessMask(0x0010);
    /// FILE_EXECUTE / FILE_TRAVERSE / KEY_CREATE_LINK.
    pub const EXECUTE: AccessMask = AccessMask(0x0020);
    /// FILE_DELETE_CHILD.
    pub const DELETE_CHILD: AccessMask = AccessMask(0x0040);
    /// FILE_READ_ATTRIBUTES.
    pub const READ_ATTRIBUTES: AccessMask = AccessMask(0x0080);
    /// FILE_WRITE_ATTRIBUTES.
    pub const WRITE_ATTRIBUTES: AccessMask = AccessMask(0x0100);
    /// DELETE.
    pub const DELETE: AccessMask = AccessMask(0x0001_0000);
    /// READ_CONTROL.
    pub const READ_CONTROL: AccessMask = AccessMask(0x0002_0000);
    /// WRITE_DAC.
    pub const WRITE_DAC: AccessMask = AccessMask(0x0004_0000);
    /// WRITE_OWNER.
    pub const WRITE_OWNER: AccessMask = AccessMask(0x0008_0000);
    /// SYNCHRONIZE.
    pub const SYNCHRONIZE: AccessMask = AccessMask(0x0010_0000);
    /// ACCESS_SYSTEM_SECURITY.
    pub const ACCESS_SYSTEM_SECURITY: AccessMask = AccessMask(0x0100_0000);
    /// MAXIMUM_ALLOWED.
    pub const MAXIMUM_ALLOWED: AccessMask = AccessMask(0x0200_0000);
    /// GENERIC_ALL.
    pub const GENERIC_ALL: AccessMask = AccessMask(0x1000_0000);
    /// GENERIC_EXECUTE.
    pub const GENERIC_EXECUTE: AccessMask = AccessMask(0x2000_0000);
    /// GENERIC_WRITE.
    pub const GENERIC_WRITE: AccessMask = AccessMask(0x4000_0000);
    /// GENERIC_READ.
    pub const GENERIC_READ: AccessMask = AccessMask(0x8000_0000);

    /// FILE_ALL_ACCESS (icacls `F`).
    pub const FILE_ALL: AccessMask = AccessMask(0x001F_01FF);
    /// FILE_GENERIC_READ (icacls `R`).
    pub const FILE_READ: AccessMask = AccessMask(0x0012_0089);
    /// FILE_GENERIC_WRITE (icacls `W`).
    pub const FILE_WRITE: AccessMask = AccessMask(0x0012_0116);
    /// FILE_GENERIC_EXECUTE.
    pub const FILE_EXECUTE: AccessMask = AccessMask(0x0012_00A0);
    /// Read and execute (icacls `RX`).
    pub const FILE_READ_EXECUTE: AccessMask = AccessMask(0x0012_00A9);
    /// Modify (icacls `M`).
    pub const FILE_MODIFY: AccessMask = AccessMask(0x0013_01BF);
    /// KEY_ALL_ACCESS.
    pub const KEY_ALL: AccessMask = AccessMask(0x000F_003F);
    /// KEY_READ.
    pub const KEY_READ: AccessMask = AccessMask(0x0002_0019);
    /// KEY_WRITE.
    pub const KEY_WRITE: AccessMask = AccessMask(0x0002_0006);

    /// True if every bit of `other` is set here.
    pub fn contains(self, other: AccessMask) -> bool {
        self.0 & other.0 == other.0
    }
    /// True if any bit of `other` is set here.
    pub fn intersects(self, other: AccessMask) -> bool {
        self.0 & other.0 != 0
    }
    /// Bitwise union.
    pub fn union(self, other: AccessMask) -> AccessMask {
        AccessMask(self.0 | other.0)
    }
    /// Bits of `self` not in `other`.
    pub fn minus(self, other: AccessMask) -> AccessMask {
        AccessMask(self.0 & !other.0)
    }
    /// Maps generic rights to specific ones with `mapping`.
    pub fn map_generic(self, mapping: &GenericMapping) -> AccessMask {
        let mut m = self.0 & 0x0FFF_FFFF;
        if self.0 & Self::GENERIC_READ.0 != 0 {
            m |= mapping.read.0;
        }
        if self.0 & Self::GENERIC_WRITE.0 != 0 {
            m |= mapping.write.0;
        }
        if self.0 & Self::GENERIC_EXECUTE.0 != 0 {
            m |= mapping.execute.0;
        }
        if self.0 & Self::GENERIC_ALL.0 != 0 {
            m |= mapping.all.0;
        }
        AccessMask(m)
    }
}

/// How generic rights map to an object type's specific rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenericMapping {
    /// GENERIC_READ.
    pub read: AccessMask,
    /// GENERIC_WRITE.
    pub write: AccessMask,
    /// GENERIC_EXECUTE.
    pub execute: AccessMask,
    /// GENERIC_ALL.
    pub all: AccessMask,
}

impl GenericMapping {
    /// Files and folders.
    pub const FILE: GenericMapping = GenericMapping {
        read: AccessMask::FILE_READ,
        write: AccessMask::FILE_WRITE,
        execute: AccessMask::FILE_EXECUTE,
        all: AccessMask::FILE_ALL,
    };
    /// Registry keys.
    pub const KEY: GenericMapping = GenericMapping {
        read: AccessMask::KEY_READ,
        write: AccessMask::KEY_WRITE,
        execute: AccessMask::KEY_READ,
        all: AccessMask::KEY_ALL,
    };
}

/// ACE type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AceKind {
    /// ACCESS_DENIED_ACE_TYPE (`D` in SDDL).
    Deny,
    /// ACCESS_ALLOWED_ACE_TYPE (`A` in SDDL).
    Allow,
}

/// ACE inheritance flags: (OI) (CI) (NP) (IO) and (I) = inherited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct AceFlags(pub u8);

impl AceFlags {
    /// OBJECT_INHERIT_ACE (OI).
    pub const OBJECT_INHERIT: AceFlags = AceFlags(0x01);
    /// CONTAINER_INHERIT_ACE (CI).
    pub const CONTAINER_INHERIT: AceFlags = AceFlags(0x02);
    /// NO_PROPAGATE_INHERIT_ACE (NP).
    pub const NO_PROPAGATE: AceFlags = AceFlags(0x04);
    /// INHERIT_ONLY_ACE (IO).
    pub const INHERIT_ONLY: AceFlags = AceFlags(0x08);
    /// INHERITED_ACE (I, `ID` in SDDL).
    pub const INHERITED: AceFlags = AceFlags(0x10);

    /// True if all of `other`'s flags are set.
    pub fn contains(self, other: AceFlags) -> bool {
        self.0 & other.0 == other.0
    }
    /// Union.
    pub fn with(self, other: AceFlags) -> AceFlags {
        AceFlags(self.0 | other.0)
    }
    /// Without `other`'s flags.
    pub fn without(self, other: AceFlags) -> AceFlags {
        AceFlags(self.0 & !other.0)
    }
}

/// One access control entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ace {
    /// Allow or deny.
    pub kind: AceKind,
    /// Inheritance flags.
    pub flags: AceFlags,
    /// Rights granted or denied.
    pub mask: AccessMask,
    /// Whom it applies to.
    pub sid: Sid,
}

impl Ace {
    /// An explicit allow ACE without inheritance flags.
    pub fn allow(sid: Sid, mask: AccessMask) -> Ace {
        Ace { kind: AceKind::Allow, flags: AceFlags::default(), mask, sid }
    }
    /// An explicit deny ACE without inheritance flags.
    pub fn deny(sid: Sid, mask: AccessMask) -> Ace {
        Ace { kind: AceKind::Deny, flags: AceFlags::default(), mask, sid }
    }
    /// The same ACE with `flags`.
    pub fn with_flags(mut self, flags: AceFlags) -> Ace {
        self.flags = flags;
        self
    }
    /// True if the ACE was inherited (I).
    pub fn is_inherited(&self) -> bool {
        self.flags.contains(AceFlags::INHERITED)
    }
    /// True if the ACE applies to the object itself (not inherit-only).
    pub fn applies_to_object(&self) -> bool {
        !self.flags.contains(AceFlags::INHERIT_ONLY)
    }
}

/// A discretionary ACL: ordered ACEs.
pub type Acl = Vec<Ace>;

/// A security descriptor: owner, group, DACL and the control flags that matter here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecurityDescriptor {
    /// Owner (`O:`).
    pub owner: Option<Sid>,
    /// Primary group (`G:`).
    pub group: Option<Sid>,
    /// The DACL (`D:`); `None` is a NULL DACL, which grants everyone everything.
    pub dacl: Option<Acl>,
    /// SE_DACL_PROTECTED (`P`): inheritance from the parent is blocked.
    pub protected: bool,
    /// SE_DACL_AUTO_INHERITED (`AI`).
    pub auto_inherited: bool,
}

/// What the access check decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessDenied;

/// The Windows access check for `desired` rights (after generic mapping):
/// ACEs are evaluated in order; a deny for a still-undecided right denies it; the owner has
/// READ_CONTROL and WRITE_DAC implicitly; SeTakeOwnershipPrivilege grants WRITE_OWNER;
/// backup/restore privileges grant read/write. Returns the granted mask or `AccessDenied`.
///
/// The order of the ACL is the order evaluated: a non-canonical ACL (allow before deny)
/// behaves as Windows would with it.
pub fn access_check(
    sd: &SecurityDescriptor,
    token: &Token,
    desired: AccessMask,
    mapping: &GenericMapping,
) -> Result<AccessMask, AccessDenied> {
    let desired = desired.map_generic(mapping);
    let granted = granted_access(sd, token, mapping);
    if desired == AccessMask::MAXIMUM_ALLOWED {
        return if granted.0 == 0 { Err(AccessDenied) } else { Ok(granted) };
    }
    let wanted = desired.minus(AccessMask::MAXIMUM_ALLOWED);
    if granted.contains(wanted) { Ok(wanted) } else { Err(AccessDenied) }
}

/// Every right `token` holds on an object with `sd` (MAXIMUM_ALLOWED semantics).
pub fn granted_access(sd: &SecurityDescriptor, token: &Token, mapping: &GenericMapping) -> AccessMask {
    let all = mapping.all;
    let mut granted = AccessMask::default();
    let mut denied = AccessMask::default();
    if sd.owner.as_ref().is_some_and(|o| token.has(o)) {
        granted = granted.union(AccessMask::READ_CONTROL).union(AccessMask::WRITE_DAC);
    }
    match &sd.dacl {
        None => granted = granted.union(all),
        Some(acl) => {
            for ace in acl.iter().filter(|a| a.applies_to_object() && token.has(&a.sid)) {
                let mask = ace.mask.map_generic(mapping);
                match ace.kind {
                    AceKind::Allow => granted = granted.union(mask.minus(denied)),
                    AceKind::Deny => denied = denied.union(mask.minus(granted)),
                }
            }
        }
    }
    let p = token.privileges;
    if p.take_ownership {
        granted = granted.union(AccessMask::WRITE_OWNER);
    }
    if p.backup {
        granted = granted.union(mapping.read).union(AccessMask::READ_CONTROL);
    }
    if p.restore {
        granted = granted
            .union(mapping.write)
            .union(AccessMask::WRITE_DAC)
            .union(AccessMask::WRITE_OWNER)
            .union(AccessMask::DELETE);
    }
    granted
}
