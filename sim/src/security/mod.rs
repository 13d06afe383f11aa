//! Windows security: access masks, ACEs, ACLs, security descriptors, and the access check.
//!
//! - `mod.rs`     the types and the access check (explicit deny first, then allow; owner rights).
//! - `sddl.rs`    SDDL in and out (`O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)`).
//! - `inherit.rs` inheritance: what a new child receives, propagation, canonical order.
//! - `savefile.rs` the `icacls /save` layout (name line, SDDL line), read by fixtures and icacls.

mod inherit;
pub mod savefile;
mod sddl;

pub use inherit::{
    canonicalize, inherited_acl, inherited_acl_mapped, is_canonical, propagate, propagate_mapped,
};
pub use sddl::{format_ace, format_acl_sddl, format_mask, format_sddl, format_sid, parse_sddl};

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
        Ace {
            kind: AceKind::Allow,
            flags: AceFlags::default(),
            mask,
            sid,
        }
    }
    /// An explicit deny ACE without inheritance flags.
    pub fn deny(sid: Sid, mask: AccessMask) -> Ace {
        Ace {
            kind: AceKind::Deny,
            flags: AceFlags::default(),
            mask,
            sid,
        }
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
/// READ_CONTROL and WRITE_DAC implicitly (unless the DACL holds an OWNER RIGHTS ACE, which
/// then speaks for the owner); SeTakeOwnershipPrivilege grants WRITE_OWNER; backup/restore
/// privileges grant read/write (callers that open objects without backup semantics, as `fs`
/// and `registry` do, clear those two first). Returns the granted mask (all granted rights for
/// MAXIMUM_ALLOWED) or `AccessDenied`.
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
    let wanted = desired.minus(AccessMask::MAXIMUM_ALLOWED);
    if !granted.contains(wanted) {
        return Err(AccessDenied);
    }
    if desired.contains(AccessMask::MAXIMUM_ALLOWED) {
        // MAXIMUM_ALLOWED returns everything granted; nothing granted at all is a denial.
        return if granted.0 == 0 {
            Err(AccessDenied)
        } else {
            Ok(granted)
        };
    }
    Ok(wanted)
}

/// `S-1-3-4` (OWNER RIGHTS): its ACEs replace the owner's implicit rights.
fn owner_rights() -> Sid {
    Sid::new(3, &[4])
}

/// Every right `token` holds on an object with `sd` (MAXIMUM_ALLOWED semantics).
pub fn granted_access(
    sd: &SecurityDescriptor,
    token: &Token,
    mapping: &GenericMapping,
) -> AccessMask {
    let all = mapping.all;
    let mut granted = AccessMask::default();
    let mut denied = AccessMask::default();
    let is_owner = sd.owner.as_ref().is_some_and(|o| token.has(o));
    let owner_rights = owner_rights();
    let has_owner_rights_ace = sd
        .dacl
        .iter()
        .flatten()
        .any(|a| a.applies_to_object() && a.sid == owner_rights);
    // The owner's implicit rights come before the DACL, so no deny ACE can take them away
    // (unless the DACL speaks for OWNER RIGHTS, which then decides alone).
    if is_owner && !has_owner_rights_ace {
        granted = granted
            .union(AccessMask::READ_CONTROL)
            .union(AccessMask::WRITE_DAC);
    }
    let applies = |sid: &Sid| token.has(sid) || (is_owner && *sid == owner_rights);
    match &sd.dacl {
        None => granted = granted.union(all),
        Some(acl) => {
            for ace in acl
                .iter()
                .filter(|a| a.applies_to_object() && applies(&a.sid))
            {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sd(sddl: &str) -> SecurityDescriptor {
        parse_sddl(sddl).unwrap()
    }

    fn can(sddl: &str, token: &Token, right: AccessMask) -> bool {
        access_check(&sd(sddl), token, right, &GenericMapping::FILE).is_ok()
    }

    #[test]
    fn ace_flags_add_and_take_away_only_the_flags_named() {
        let oi_ci = AceFlags::OBJECT_INHERIT.with(AceFlags::CONTAINER_INHERIT);
        assert_eq!(oi_ci, AceFlags(0x03));
        assert_eq!(oi_ci.with(AceFlags::OBJECT_INHERIT), oi_ci);
        let inherited = oi_ci.with(AceFlags::INHERITED);
        assert_eq!(inherited.without(AceFlags::INHERITED), oi_ci);
        assert_eq!(oi_ci.without(AceFlags::INHERITED), oi_ci);
        assert!(inherited.contains(oi_ci) && !oi_ci.contains(AceFlags::INHERITED));
    }

    /// The generic mappings of learn.microsoft.com, "File Security and Access Rights" and
    /// "Registry Key Security and Access Rights" (KEY_EXECUTE is KEY_READ); the specific and
    /// standard bits of the mask are kept.
    #[test]
    fn generic_rights_map_to_the_object_types_rights_and_keep_the_others() {
        let file = GenericMapping::FILE;
        assert_eq!(
            AccessMask::GENERIC_READ.map_generic(&file),
            AccessMask::FILE_READ
        );
        assert_eq!(
            AccessMask::GENERIC_WRITE.map_generic(&file),
            AccessMask::FILE_WRITE
        );
        assert_eq!(
            AccessMask::GENERIC_EXECUTE.map_generic(&file),
            AccessMask::FILE_EXECUTE
        );
        assert_eq!(
            AccessMask::GENERIC_ALL.map_generic(&file),
            AccessMask::FILE_ALL
        );
        let mixed = AccessMask::GENERIC_READ
            .union(AccessMask::GENERIC_EXECUTE)
            .union(AccessMask::DELETE);
        assert_eq!(
            mixed.map_generic(&file),
            AccessMask::FILE_READ_EXECUTE.union(AccessMask::DELETE)
        );
        assert_eq!(
            AccessMask::GENERIC_EXECUTE.map_generic(&GenericMapping::KEY),
            AccessMask::KEY_READ
        );
    }

    #[test]
    fn network_service_with_read_can_read_but_not_write() {
        let ns = Token::network_service();
        let file = "O:SYG:SYD:(A;;FA;;;SY)(A;;0x120089;;;NS)";
        assert!(can(file, &ns, AccessMask::READ_DATA));
        assert!(can(file, &ns, AccessMask::GENERIC_READ));
        assert!(!can(file, &ns, AccessMask::WRITE_DATA));
        assert!(!can(file, &ns, AccessMask::GENERIC_WRITE));
    }

    #[test]
    fn a_deny_before_the_allow_blocks_the_read() {
        let ns = Token::network_service();
        let file = "O:SYD:(D;;CC;;;NS)(A;;FR;;;NS)";
        assert!(!can(file, &ns, AccessMask::READ_DATA));
        assert!(can(file, &ns, AccessMask::READ_ATTRIBUTES));
        // In ACL order: an allow met first decides the bit; a later deny cannot take it back.
        assert!(can(
            "O:SYD:(A;;FR;;;NS)(D;;CC;;;NS)",
            &ns,
            AccessMask::READ_DATA
        ));
    }

    #[test]
    fn the_owner_keeps_read_control_and_write_dac() {
        let me = Sid::parse("S-1-5-21-1-2-3-1001").unwrap();
        let token = Token::for_principal(me.clone());
        let locked = format!("O:{me}D:(D;;FA;;;WD)");
        assert!(can(
            &locked,
            &token,
            AccessMask::WRITE_DAC.union(AccessMask::READ_CONTROL)
        ));
        assert!(!can(&locked, &token, AccessMask::READ_DATA));
        // OWNER RIGHTS replaces the implicit rights.
        let owner_rights = format!("O:{me}D:(A;;FR;;;S-1-3-4)");
        assert!(can(&owner_rights, &token, AccessMask::READ_DATA));
        assert!(!can(&owner_rights, &token, AccessMask::WRITE_DAC));
        // OWNER RIGHTS speaks for the owner alone, and an entry for someone else gives the
        // owner nothing.
        let other = Sid::parse("S-1-5-21-1-2-3-1002").unwrap();
        assert!(!can(
            &owner_rights,
            &Token::for_principal(other.clone()),
            AccessMask::READ_DATA
        ));
        let for_another = format!("O:{me}D:(A;;FA;;;{other})");
        assert!(!can(&for_another, &token, AccessMask::READ_DATA));
    }

    #[test]
    fn privileges_and_special_dacls() {
        let admin = Token::elevated_admin(Sid::parse("S-1-5-21-1-2-3-500").unwrap());
        assert!(can("O:SYD:", &admin, AccessMask::WRITE_OWNER));
        assert!(!can("O:SYD:", &admin, AccessMask::READ_CONTROL));
        assert!(can("O:SYD:", &Token::system(), AccessMask::GENERIC_READ));
        assert!(can(
            "O:SY",
            &Token::network_service(),
            AccessMask::GENERIC_ALL
        ));
        let granted = access_check(
            &sd("D:(A;;FR;;;WD)"),
            &Token::network_service(),
            AccessMask::MAXIMUM_ALLOWED,
            &GenericMapping::FILE,
        );
        assert_eq!(granted, Ok(AccessMask::FILE_READ));
        assert!(!can(
            "D:(A;;OI;;;WD)".replace("OI", "0x0").as_str(),
            &Token::network_service(),
            AccessMask::MAXIMUM_ALLOWED
        ));
    }
}
