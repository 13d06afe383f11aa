//! The edits of a DACL and owner, as pure functions: grant (`icacls /grant`, `Set-Acl` with
//! an added rule), deny, remove (grants, denies or both), reset to inherited, inheritance
//! enable/disable/remove, set owner. The result is always in
//! canonical order ("ICACLS preserves the canonical ordering of ACE entries", icacls /?).

use crate::principals::Sid;
use crate::security::{
    AccessMask, Ace, AceFlags, AceKind, Acl, SecurityDescriptor, canonicalize, inherited_acl,
};

/// Which ACEs `/remove` takes away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// `/remove`: grants and denies.
    All,
    /// `/remove:g`: grants only.
    Grants,
    /// `/remove:d`: denies only.
    Denies,
}

/// `/inheritance:e|d|r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inheritance {
    /// `e`: inherit from the parent again.
    Enable,
    /// `d`: stop inheriting, keep the inherited ACEs as explicit ones.
    Disable,
    /// `r`: stop inheriting, drop the inherited ACEs.
    Remove,
}

/// One edit, with its account already resolved to a SID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// `/grant`: adds rights to the explicit allow ACE with the same flags (or a new one).
    Grant(Sid, AceFlags, AccessMask),
    /// `/deny`: adds an explicit deny and takes the same rights out of explicit grants.
    Deny(Sid, AceFlags, AccessMask),
    /// `/remove[:g|:d]` (and the first half of `/grant:r`).
    Remove(Sid, Which),
    /// `/reset`: only the ACEs inherited from the parent remain.
    Reset,
    /// `/inheritance:e|d|r`.
    Inheritance(Inheritance),
    /// `/setowner`.
    SetOwner(Sid),
}

impl Edit {
    /// True if the edit changes the owner (needs WRITE_OWNER rather than WRITE_DAC).
    pub fn is_owner_edit(&self) -> bool {
        matches!(self, Edit::SetOwner(_))
    }
}

/// Where the object sits: its parent's descriptor (for inheritance) and whether it is a folder.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The parent folder's descriptor, `None` at a volume root.
    pub parent: Option<&'a SecurityDescriptor>,
    /// True for folders: inheritance flags apply only to them (icacls /?).
    pub is_container: bool,
}

/// Applies `edit` to `sd` in place and leaves the DACL canonical.
pub fn apply(sd: &mut SecurityDescriptor, edit: &Edit, place: Place<'_>) {
    let keep_flags = |flags: AceFlags| {
        if place.is_container {
            flags
        } else {
            AceFlags::default()
        }
    };
    match edit {
        Edit::Grant(sid, flags, mask) => {
            let acl = sd.dacl.get_or_insert_with(Acl::new);
            merge(acl, AceKind::Allow, sid, keep_flags(*flags), *mask);
        }
        Edit::Deny(sid, flags, mask) => {
            let acl = sd.dacl.get_or_insert_with(Acl::new);
            merge(acl, AceKind::Deny, sid, keep_flags(*flags), *mask);
            for ace in acl
                .iter_mut()
                .filter(|a| is_explicit(a, AceKind::Allow, sid))
            {
                ace.mask = ace.mask.minus(*mask);
            }
            acl.retain(|a| !(is_explicit(a, AceKind::Allow, sid) && a.mask.0 == 0));
        }
        Edit::Remove(sid, which) => {
            if let Some(acl) = sd.dacl.as_mut() {
                acl.retain(|a| {
                    let kind_matches = match which {
                        Which::All => true,
                        Which::Grants => a.kind == AceKind::Allow,
                        Which::Denies => a.kind == AceKind::Deny,
                    };
                    !(kind_matches && !a.is_inherited() && &a.sid == sid)
                });
            }
        }
        Edit::Reset => {
            sd.protected = false;
            let inherited = from_parent(sd, place);
            sd.dacl = Some(inherited);
        }
        Edit::Inheritance(Inheritance::Enable) => {
            sd.protected = false;
            let mut acl: Acl = explicit_aces(sd);
            acl.extend(from_parent(sd, place));
            sd.dacl = Some(acl);
        }
        Edit::Inheritance(Inheritance::Disable) => {
            sd.protected = true;
            for ace in sd.dacl.iter_mut().flatten() {
                ace.flags = ace.flags.without(AceFlags::INHERITED);
            }
        }
        Edit::Inheritance(Inheritance::Remove) => {
            sd.protected = true;
            let acl = explicit_aces(sd);
            if sd.dacl.is_some() {
                sd.dacl = Some(acl);
            }
        }
        Edit::SetOwner(sid) => sd.owner = Some(sid.clone()),
    }
    if let Some(acl) = sd.dacl.as_mut() {
        canonicalize(acl);
    }
}

fn is_explicit(ace: &Ace, kind: AceKind, sid: &Sid) -> bool {
    ace.kind == kind && !ace.is_inherited() && &ace.sid == sid
}

/// Adds `mask` to the explicit ACE of `kind` for `sid` with exactly `flags`, or adds one.
fn merge(acl: &mut Acl, kind: AceKind, sid: &Sid, flags: AceFlags, mask: AccessMask) {
    if mask.0 == 0 {
        return;
    }
    match acl
        .iter_mut()
        .find(|a| is_explicit(a, kind, sid) && a.flags == flags)
    {
        Some(ace) => ace.mask = ace.mask.union(mask),
        // New entries go in front of the old ones, as SetEntriesInAcl builds its result (Wine's
        // advapi32 does the same); canonical ordering then puts them in their group.
        None => acl.insert(
            0,
            Ace {
                kind,
                flags,
                mask,
                sid: sid.clone(),
            },
        ),
    }
}

fn explicit_aces(sd: &SecurityDescriptor) -> Acl {
    sd.dacl
        .iter()
        .flatten()
        .filter(|a| !a.is_inherited())
        .cloned()
        .collect()
}

/// The ACEs the object inherits from its parent; at a root, the inherited ones it has.
fn from_parent(sd: &SecurityDescriptor, place: Place<'_>) -> Acl {
    match place.parent {
        Some(parent) => {
            let creator = sd.owner.clone().unwrap_or_else(Sid::creator_owner);
            inherited_acl(parent, place.is_container, &creator)
        }
        None => sd
            .dacl
            .iter()
            .flatten()
            .filter(|a| a.is_inherited())
            .cloned()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::parse_sddl;

    const FILE: Place<'static> = Place {
        parent: None,
        is_container: false,
    };

    fn sd(sddl: &str) -> SecurityDescriptor {
        parse_sddl(sddl).expect("test SDDL")
    }

    fn edited(sddl: &str, edits: &[Edit], place: Place<'_>) -> String {
        let mut d = sd(sddl);
        for e in edits {
            apply(&mut d, e, place);
        }
        crate::security::format_acl_sddl(&d)
    }

    #[test]
    fn grant_merges_into_the_same_explicit_ace() {
        let ns = Sid::network_service();
        let once = [Edit::Grant(
            ns.clone(),
            AceFlags::default(),
            AccessMask::FILE_READ,
        )];
        let twice = [once[0].clone(), once[0].clone()];
        let base = "D:PAI(A;;FA;;;SY)(A;;0x120089;;;NS)";
        assert_eq!(edited(base, &once, FILE), edited(base, &twice, FILE));
        assert_eq!(edited(base, &once, FILE), "D:PAI(A;;FA;;;SY)(A;;FR;;;NS)");
        let w = [Edit::Grant(
            Sid::everyone(),
            AceFlags::default(),
            AccessMask::FILE_ALL,
        )];
        assert_eq!(
            edited("D:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)", &w, FILE),
            "D:PAI(A;;FA;;;WD)(A;;FA;;;BA)"
        );
    }

    #[test]
    fn deny_goes_first_and_takes_rights_out_of_grants() {
        let ns = Sid::network_service();
        let e = [Edit::Deny(ns, AceFlags::default(), AccessMask::FILE_READ)];
        assert_eq!(
            edited("D:(A;;FA;;;SY)(A;;0x120089;;;NS)", &e, FILE),
            "D:(D;;FR;;;NS)(A;;FA;;;SY)"
        );
        // What the deny leaves of a grant stays: FA without FW (0x120116) is 0xd00e9, which
        // SDDL spells with the generic letters CC SW WP DT LO SD WD WO.
        let w = [Edit::Deny(
            Sid::network_service(),
            AceFlags::default(),
            AccessMask::FILE_WRITE,
        )];
        assert_eq!(
            edited("D:(A;;FA;;;SY)(A;;FA;;;NS)", &w, FILE),
            "D:(D;;FW;;;NS)(A;;FA;;;SY)(A;;CCSWWPDTLOSDWDWO;;;NS)"
        );
    }

    #[test]
    fn remove_keeps_inherited_aces_and_the_other_kind() {
        let base = "D:(D;;FR;;;NS)(A;;FR;;;NS)(A;ID;FR;;;NS)";
        let g = [Edit::Remove(Sid::network_service(), Which::Grants)];
        assert_eq!(edited(base, &g, FILE), "D:(D;;FR;;;NS)(A;ID;FR;;;NS)");
        let all = [Edit::Remove(Sid::network_service(), Which::All)];
        assert_eq!(edited(base, &all, FILE), "D:(A;ID;FR;;;NS)");
        let d = [Edit::Remove(Sid::network_service(), Which::Denies)];
        assert_eq!(edited(base, &d, FILE), "D:(A;;FR;;;NS)(A;ID;FR;;;NS)");
    }

    #[test]
    fn inheritance_flags_apply_only_to_folders() {
        let f = AceFlags::OBJECT_INHERIT.with(AceFlags::CONTAINER_INHERIT);
        let e = [Edit::Grant(Sid::users(), f, AccessMask::FILE_READ_EXECUTE)];
        assert_eq!(edited("D:", &e, FILE), "D:(A;;0x1200a9;;;BU)");
        let dir = Place {
            parent: None,
            is_container: true,
        };
        assert_eq!(edited("D:", &e, dir), "D:(A;OICI;0x1200a9;;;BU)");
    }

    #[test]
    fn reset_and_inheritance_follow_the_parent() {
        let parent = sd("D:PAI(A;OICI;FA;;;SY)(A;;FA;;;BA)");
        let place = Place {
            parent: Some(&parent),
            is_container: false,
        };
        assert_eq!(
            edited("D:P(A;;FA;;;WD)", &[Edit::Reset], place),
            "D:(A;ID;FA;;;SY)"
        );
        let e = [Edit::Inheritance(Inheritance::Enable)];
        assert_eq!(
            edited("D:P(A;;FA;;;WD)", &e, place),
            "D:(A;;FA;;;WD)(A;ID;FA;;;SY)"
        );
        let d = [Edit::Inheritance(Inheritance::Disable)];
        assert_eq!(edited("D:(A;ID;FA;;;SY)", &d, place), "D:P(A;;FA;;;SY)");
        let r = [Edit::Inheritance(Inheritance::Remove)];
        assert_eq!(
            edited("D:(A;;FR;;;WD)(A;ID;FA;;;SY)", &r, place),
            "D:P(A;;FR;;;WD)"
        );
    }
}
