//! Default security descriptors of the roots and hives, and of keys created by setup code.
//!
//! An approximation of a Windows Server install, which gives `HKLM\SOFTWARE`
//! `O:BAG:SYD:PAI(A;CIIO;KA;;;CO)(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KR;;;BU)(A;CI;KR;;;AC)`.
//! Every root and hive here gets that DACL; `HKEY_CURRENT_USER` gets SYSTEM and
//! Administrators full control only. OS presets overwrite the descriptors they know better.

use crate::principals::Sid;
use crate::security::{AccessMask, Ace, AceFlags, SecurityDescriptor, inherited_acl};

/// ALL APPLICATION PACKAGES (`AC`).
fn all_app_packages() -> Sid {
    Sid::new(15, &[2, 1])
}

fn ci(ace: Ace) -> Ace {
    ace.with_flags(AceFlags::CONTAINER_INHERIT)
}

/// The descriptor of a root key or hive (`HKEY_LOCAL_MACHINE`, `HKEY_LOCAL_MACHINE\SOFTWARE`, ...).
pub fn hive_sd(storage_path: &str) -> SecurityDescriptor {
    let dacl = if storage_path.eq_ignore_ascii_case("HKEY_CURRENT_USER") {
        vec![
            ci(Ace::allow(Sid::system(), AccessMask::KEY_ALL)),
            ci(Ace::allow(Sid::administrators(), AccessMask::KEY_ALL)),
        ]
    } else {
        vec![
            Ace::allow(Sid::creator_owner(), AccessMask::KEY_ALL)
                .with_flags(AceFlags::CONTAINER_INHERIT.with(AceFlags::INHERIT_ONLY)),
            ci(Ace::allow(Sid::system(), AccessMask::KEY_ALL)),
            ci(Ace::allow(Sid::administrators(), AccessMask::KEY_ALL)),
            ci(Ace::allow(Sid::users(), AccessMask::KEY_READ)),
            ci(Ace::allow(all_app_packages(), AccessMask::KEY_READ)),
        ]
    };
    SecurityDescriptor {
        owner: Some(Sid::administrators()),
        group: Some(Sid::system()),
        dacl: Some(dacl),
        protected: true,
        auto_inherited: true,
    }
}

/// The descriptor of a new key under `parent`, owned by `owner` (who also replaces CREATOR OWNER).
pub fn child_sd(parent: &SecurityDescriptor, owner: &Sid) -> SecurityDescriptor {
    SecurityDescriptor {
        owner: Some(owner.clone()),
        group: parent.group.clone().or_else(|| Some(Sid::system())),
        dacl: Some(inherited_acl(parent, true, owner)),
        protected: false,
        auto_inherited: true,
    }
}

/// The owner Windows gives a new key created with `token`: members of Administrators create
/// objects owned by the Administrators group (the default owner of an elevated token and of
/// LocalSystem), anyone else owns what they create.
pub fn default_owner(token: &crate::principals::Token) -> Sid {
    if token.is_admin() {
        Sid::administrators()
    } else {
        token.user.clone()
    }
}
