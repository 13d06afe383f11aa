//! Inheritance: the ACEs a child receives from its parent, propagation, canonical order.
//!
//! The rules are those of `CreatePrivateObjectSecurityEx` for NTFS folders and registry keys
//! (learn.microsoft.com "Inheritance of ACEs", "ACE Inheritance Rules"):
//! - a folder (container) child receives the parent's `CI` ACEs as effective ACEs; they keep
//!   `OI`/`CI` and lose `IO`, unless `NP` is set, which clears every inheritance flag;
//! - a folder child receives an `OI`-only ACE (without `NP`) as inherit-only (`OI IO`), so that
//!   it passes on to the folder's files;
//! - a file (non-container) child receives the parent's `OI` ACEs with every inheritance flag
//!   cleared;
//! - every inherited ACE carries `ID`;
//! - an ACE for CREATOR OWNER (or CREATOR GROUP) becomes an ACE for the creator where it takes
//!   effect; on a folder that passes it on, an inherit-only copy for CREATOR OWNER follows.
//!
//! `inherited_acl` copies generic rights as they are (the access check maps them) and splits
//! only CREATOR OWNER ACEs; `inherited_acl_mapped` also maps and splits generic rights, as
//! Windows stores them.

use super::{Ace, AceFlags, Acl, GenericMapping, SecurityDescriptor};
use crate::principals::Sid;

/// `S-1-3-1` (CREATOR GROUP).
fn creator_group() -> Sid {
    Sid::new(3, &[1])
}

/// The inherited ACEs a child (`is_container`) receives from `parent`, with CREATOR OWNER
/// replaced by `creator`. A NULL DACL passes nothing on. Generic rights are kept as they are
/// (see `inherited_acl_mapped` for the form Windows stores).
pub fn inherited_acl(parent: &SecurityDescriptor, is_container: bool, creator: &Sid) -> Acl {
    inherit(parent, is_container, creator, None)
}

/// As `inherited_acl`, but as Windows stores it: in an ACE that takes effect on the child,
/// generic rights are mapped with `mapping`; an ACE that takes effect and also passes on, and
/// holds generic rights or CREATOR OWNER, is split into the effective ACE and an inherit-only
/// copy (a folder below `(A;OICI;GA;;;SY)` gets `(A;ID;FA;;;SY)(A;OICIIOID;GA;;;SY)`).
pub fn inherited_acl_mapped(
    parent: &SecurityDescriptor,
    is_container: bool,
    creator: &Sid,
    mapping: &GenericMapping,
) -> Acl {
    inherit(parent, is_container, creator, Some(mapping))
}

fn inherit(
    parent: &SecurityDescriptor,
    is_container: bool,
    creator: &Sid,
    mapping: Option<&GenericMapping>,
) -> Acl {
    let mut out = Acl::new();
    for ace in parent.dacl.iter().flatten() {
        let (effective, passed_on) = child_flags(ace.flags, is_container);
        let generic = mapping.is_some() && ace.mask.0 & 0xF000_0000 != 0;
        let split = generic || ace.sid == Sid::creator_owner() || ace.sid == creator_group();
        let inherit_only = |flags: AceFlags| {
            ace.clone()
                .with_flags(flags.with(AceFlags::INHERIT_ONLY).with(AceFlags::INHERITED))
        };
        match (effective, passed_on) {
            (false, None) => {}
            (true, None) => out.push(child_ace(ace, creator, mapping)),
            (true, Some(flags)) if split => {
                out.push(child_ace(ace, creator, mapping));
                out.push(inherit_only(flags));
            }
            (true, Some(flags)) => {
                out.push(ace.clone().with_flags(flags.with(AceFlags::INHERITED)))
            }
            (false, Some(flags)) => out.push(inherit_only(flags)),
        }
    }
    out
}

/// For a parent ACE with `flags`: does it take effect on the child, and with which inheritance
/// flags (OI/CI) does the child pass it on (`None` if it stops at the child).
fn child_flags(flags: AceFlags, is_container: bool) -> (bool, Option<AceFlags>) {
    let oi = flags.contains(AceFlags::OBJECT_INHERIT);
    let ci = flags.contains(AceFlags::CONTAINER_INHERIT);
    let np = flags.contains(AceFlags::NO_PROPAGATE);
    if !is_container {
        return (oi, None);
    }
    let passed_on = (!np && (oi || ci)).then_some(AceFlags(
        flags.0 & (AceFlags::OBJECT_INHERIT.0 | AceFlags::CONTAINER_INHERIT.0),
    ));
    (ci, passed_on)
}

/// The effective copy of `ace` on a child: only ID, CREATOR OWNER/GROUP replaced, generic
/// rights mapped when a mapping is given.
fn child_ace(ace: &Ace, creator: &Sid, mapping: Option<&GenericMapping>) -> Ace {
    let mut a = ace.clone().with_flags(AceFlags::INHERITED);
    if a.sid == Sid::creator_owner() || a.sid == creator_group() {
        a.sid = creator.clone();
    }
    if let Some(m) = mapping {
        a.mask = a.mask.map_generic(m);
    }
    a
}

/// Replaces the inherited ACEs of `child` by those of `parent` (unless `child` is protected):
/// the child's explicit ACEs stay first, in their order, followed by the fresh inherited ones.
/// CREATOR OWNER becomes the child's owner. The child is marked auto-inherited.
pub fn propagate(parent: &SecurityDescriptor, child: &mut SecurityDescriptor, is_container: bool) {
    propagate_with(parent, child, is_container, None);
}

/// As `propagate`, with the inherited ACEs of `inherited_acl_mapped`.
pub fn propagate_mapped(
    parent: &SecurityDescriptor,
    child: &mut SecurityDescriptor,
    is_container: bool,
    mapping: &GenericMapping,
) {
    propagate_with(parent, child, is_container, Some(mapping));
}

fn propagate_with(
    parent: &SecurityDescriptor,
    child: &mut SecurityDescriptor,
    is_container: bool,
    mapping: Option<&GenericMapping>,
) {
    if child.protected {
        return;
    }
    let creator = child.owner.clone().unwrap_or_else(Sid::creator_owner);
    let mut acl: Acl = child
        .dacl
        .iter()
        .flatten()
        .filter(|a| !a.is_inherited())
        .cloned()
        .collect();
    acl.extend(inherit(parent, is_container, &creator, mapping));
    child.dacl = Some(acl);
    child.auto_inherited = true;
}

/// Puts an ACL in canonical order: explicit deny, explicit allow, inherited deny, inherited
/// allow; stable within each group.
pub fn canonicalize(acl: &mut Acl) {
    acl.sort_by_key(|a| (a.is_inherited(), a.kind));
}

/// True if `acl` is in canonical order.
pub fn is_canonical(acl: &Acl) -> bool {
    acl.windows(2)
        .all(|w| (w[0].is_inherited(), w[0].kind) <= (w[1].is_inherited(), w[1].kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::{AccessMask, AceKind};

    fn parent(aces: Vec<Ace>) -> SecurityDescriptor {
        SecurityDescriptor {
            dacl: Some(aces),
            ..SecurityDescriptor::default()
        }
    }

    const OI: AceFlags = AceFlags::OBJECT_INHERIT;
    const CI: AceFlags = AceFlags::CONTAINER_INHERIT;
    const NP: AceFlags = AceFlags::NO_PROPAGATE;
    const IO: AceFlags = AceFlags::INHERIT_ONLY;
    const ID: AceFlags = AceFlags::INHERITED;

    fn flags_of(acl: &Acl) -> Vec<AceFlags> {
        acl.iter().map(|a| a.flags).collect()
    }

    #[test]
    fn a_folder_child_follows_the_windows_rules() {
        let s = Sid::system();
        let p = parent(vec![
            Ace::allow(s.clone(), AccessMask::FILE_ALL).with_flags(OI.with(CI).with(IO)),
            Ace::allow(s.clone(), AccessMask::FILE_READ).with_flags(OI),
            Ace::allow(s.clone(), AccessMask::FILE_WRITE).with_flags(CI.with(NP)),
            Ace::allow(s.clone(), AccessMask::DELETE).with_flags(OI.with(NP)),
            Ace::allow(s.clone(), AccessMask::READ_CONTROL),
        ]);
        let acl = inherited_acl(&p, true, &Sid::users());
        assert_eq!(
            flags_of(&acl),
            vec![OI.with(CI).with(ID), OI.with(IO).with(ID), ID]
        );
        assert_eq!(acl[2].mask, AccessMask::FILE_WRITE);
    }

    #[test]
    fn a_file_child_gets_object_inherit_aces_with_flags_cleared() {
        let s = Sid::system();
        let p = parent(vec![
            Ace::deny(s.clone(), AccessMask::WRITE_DATA).with_flags(OI.with(IO)),
            Ace::allow(s.clone(), AccessMask::FILE_READ).with_flags(CI),
            Ace::allow(s.clone(), AccessMask::FILE_ALL).with_flags(OI.with(CI).with(NP).with(ID)),
        ]);
        let acl = inherited_acl(&p, false, &Sid::users());
        assert_eq!(flags_of(&acl), vec![ID, ID]);
        assert_eq!(acl[0].kind, AceKind::Deny);
    }

    #[test]
    fn creator_owner_becomes_the_creator() {
        let me = Sid::parse("S-1-5-21-1-2-3-1001").unwrap();
        let p = parent(vec![
            Ace::allow(Sid::creator_owner(), AccessMask::GENERIC_ALL)
                .with_flags(OI.with(CI).with(IO)),
        ]);
        let dir = inherited_acl(&p, true, &me);
        assert_eq!(
            dir[0],
            Ace::allow(me.clone(), AccessMask::GENERIC_ALL).with_flags(ID)
        );
        assert_eq!(
            dir[1],
            Ace::allow(Sid::creator_owner(), AccessMask::GENERIC_ALL)
                .with_flags(OI.with(CI).with(IO).with(ID))
        );
        let file = inherited_acl(&p, false, &me);
        assert_eq!(
            file,
            vec![Ace::allow(me, AccessMask::GENERIC_ALL).with_flags(ID)]
        );
    }

    #[test]
    fn generic_rights_are_mapped_and_split_as_windows_stores_them() {
        let p = parent(vec![
            Ace::allow(Sid::system(), AccessMask::GENERIC_ALL).with_flags(OI.with(CI)),
        ]);
        let dir = inherited_acl_mapped(&p, true, &Sid::users(), &GenericMapping::FILE);
        assert_eq!(
            dir,
            vec![
                Ace::allow(Sid::system(), AccessMask::FILE_ALL).with_flags(ID),
                Ace::allow(Sid::system(), AccessMask::GENERIC_ALL)
                    .with_flags(OI.with(CI).with(IO).with(ID)),
            ]
        );
        let key = inherited_acl_mapped(&p, false, &Sid::users(), &GenericMapping::KEY);
        assert_eq!(
            key,
            vec![Ace::allow(Sid::system(), AccessMask::KEY_ALL).with_flags(ID)]
        );
    }

    #[test]
    fn propagation_keeps_explicit_aces_and_respects_protection() {
        let p = parent(vec![
            Ace::allow(Sid::system(), AccessMask::FILE_ALL).with_flags(OI.with(CI)),
        ]);
        let mut child = parent(vec![
            Ace::allow(Sid::users(), AccessMask::FILE_READ).with_flags(ID),
            Ace::allow(Sid::network_service(), AccessMask::FILE_READ),
        ]);
        propagate(&p, &mut child, false);
        let acl = child.dacl.clone().unwrap();
        assert_eq!(acl.len(), 2);
        assert_eq!(acl[0].sid, Sid::network_service());
        assert_eq!(
            acl[1],
            Ace::allow(Sid::system(), AccessMask::FILE_ALL).with_flags(ID)
        );
        assert!(child.auto_inherited);
        let mut locked = parent(vec![]);
        locked.protected = true;
        propagate(&p, &mut locked, true);
        assert_eq!(locked.dacl, Some(vec![]));
    }

    #[test]
    fn canonical_order_is_stable() {
        let a = |k: AceKind, f: AceFlags, m: u32| Ace {
            kind: k,
            flags: f,
            mask: AccessMask(m),
            sid: Sid::users(),
        };
        let mut acl = vec![
            a(AceKind::Allow, ID, 1),
            a(AceKind::Deny, ID, 2),
            a(AceKind::Allow, AceFlags::default(), 3),
            a(AceKind::Deny, AceFlags::default(), 4),
            a(AceKind::Allow, AceFlags::default(), 5),
        ];
        canonicalize(&mut acl);
        let masks: Vec<u32> = acl.iter().map(|x| x.mask.0).collect();
        assert_eq!(masks, vec![4, 3, 5, 2, 1]);
        assert!(is_canonical(&acl));
        // An allow before a deny of the same kind, or an inherited entry before an explicit
        // one, is out of order (what `AreAccessRulesCanonical` reports as False).
        assert!(!is_canonical(&vec![acl[1].clone(), acl[0].clone()]));
        assert!(!is_canonical(&vec![acl[3].clone(), acl[1].clone()]));
    }

    /// A child takes its parent's inheritable entries again, generic rights mapped, after
    /// its own explicit entries; the inherited entries it had are replaced.
    #[test]
    fn propagating_with_a_mapping_replaces_the_inherited_entries_mapped() {
        let p = parent(vec![
            Ace::allow(Sid::users(), AccessMask::GENERIC_READ).with_flags(OI),
        ]);
        let explicit = Ace::allow(Sid::system(), AccessMask::FILE_ALL);
        let stale = Ace::allow(Sid::network_service(), AccessMask::FILE_READ).with_flags(ID);
        let mut child = parent(vec![stale, explicit.clone()]);
        propagate_mapped(&p, &mut child, false, &GenericMapping::FILE);
        assert_eq!(
            child.dacl,
            Some(vec![
                explicit,
                Ace::allow(Sid::users(), AccessMask::FILE_READ).with_flags(ID),
            ])
        );
        assert!(child.auto_inherited);
    }
}
