//! How icacls writes and reads rights: `(I)(OI)(CI)(DENY)(R,W)` when listing, `SID:perm`
//! specifications (`NT AUTHORITY\NETWORK SERVICE:(R)`, `Users:(OI)(CI)RX`, `*S-1-1-0:(D,WDAC)`)
//! when editing.
//!
//! Rendering rules, from real listings (windows-facts §4; captures quoted below):
//! - flags in the order `(I)(OI)(CI)(IO)(NP)`, then `(DENY)`, then the rights: real output
//!   `S-1-5-21-…:(I)(OI)(CI)(IO)(DENY)(W,D,Rc,GW,DC)` and `BUILTIN\Users:(I)(OI)(CI)(RX)`;
//! - a mask equal to a simple right (F, M, RX, R, W, ignoring SYNCHRONIZE) prints alone;
//!   GENERIC_ALL alone prints `F` (`CREATOR OWNER:(OI)(CI)(IO)(F)` on `C:\Windows`);
//! - otherwise the simple rights it holds come first (`(R,W)` on MachineKeys, `(RX,W)`,
//!   `(M,DC)`), then the specific rights in the order of `icacls /?` with icacls' own
//!   spellings `D` and `Rc` (`(W,D,Rc,DC)`, `(S,RD)`, `(GR,GE)`). READ_CONTROL is part of
//!   the read rights (R, RX, M, F) but not of W, which is why `(W,D,Rc,DC)` shows `Rc`.

use crate::security::{AccessMask, Ace, AceFlags, AceKind};

const SYNC: u32 = AccessMask::SYNCHRONIZE.0;
const RC: u32 = AccessMask::READ_CONTROL.0;

/// Simple rights for display: name, the bits that must be present, the bits consumed.
const SIMPLE: &[(&str, u32, u32)] = &[
    ("F", AccessMask::FILE_ALL.0 & !SYNC, AccessMask::FILE_ALL.0),
    (
        "M",
        AccessMask::FILE_MODIFY.0 & !SYNC,
        AccessMask::FILE_MODIFY.0,
    ),
    (
        "RX",
        AccessMask::FILE_READ_EXECUTE.0 & !SYNC,
        AccessMask::FILE_READ_EXECUTE.0,
    ),
    (
        "R",
        AccessMask::FILE_READ.0 & !SYNC,
        AccessMask::FILE_READ.0,
    ),
    (
        "W",
        AccessMask::FILE_WRITE.0 & !SYNC & !RC,
        AccessMask::FILE_WRITE.0 & !RC,
    ),
];

/// Specific rights in `icacls /?` order, with the spelling icacls prints.
const SPECIFIC: &[(&str, u32)] = &[
    ("D", AccessMask::DELETE.0),
    ("Rc", RC),
    ("WDAC", AccessMask::WRITE_DAC.0),
    ("WO", AccessMask::WRITE_OWNER.0),
    ("S", SYNC),
    ("AS", AccessMask::ACCESS_SYSTEM_SECURITY.0),
    ("MA", AccessMask::MAXIMUM_ALLOWED.0),
    ("GR", AccessMask::GENERIC_READ.0),
    ("GW", AccessMask::GENERIC_WRITE.0),
    ("GE", AccessMask::GENERIC_EXECUTE.0),
    ("GA", AccessMask::GENERIC_ALL.0),
    ("RD", AccessMask::READ_DATA.0),
    ("WD", AccessMask::WRITE_DATA.0),
    ("AD", AccessMask::APPEND_DATA.0),
    ("REA", AccessMask::READ_EA.0),
    ("WEA", AccessMask::WRITE_EA.0),
    ("X", AccessMask::EXECUTE.0),
    ("DC", AccessMask::DELETE_CHILD.0),
    ("RA", AccessMask::READ_ATTRIBUTES.0),
    ("WA", AccessMask::WRITE_ATTRIBUTES.0),
];

/// The rights part of a listed ACE, without parentheses: `F`, `R,W`, `W,D,Rc,DC`.
pub fn format_rights(mask: AccessMask) -> String {
    let m = mask.0;
    if m == 0 {
        return "N".to_string();
    }
    if m == AccessMask::GENERIC_ALL.0 {
        return "F".to_string();
    }
    let exact = [
        ("F", AccessMask::FILE_ALL),
        ("M", AccessMask::FILE_MODIFY),
        ("RX", AccessMask::FILE_READ_EXECUTE),
        ("R", AccessMask::FILE_READ),
        ("W", AccessMask::FILE_WRITE),
    ];
    if let Some((name, _)) = exact.iter().find(|(_, full)| m | SYNC == full.0) {
        return (*name).to_string();
    }
    let mut rest = m;
    let mut parts: Vec<&str> = Vec::new();
    for (name, need, full) in SIMPLE {
        if rest & need == *need {
            parts.push(name);
            rest &= !full;
        }
    }
    for (name, bit) in SPECIFIC {
        if rest & bit != 0 {
            parts.push(name);
            rest &= !bit;
        }
    }
    parts.join(",")
}

/// The flags part of a listed ACE: `(I)(OI)(CI)(IO)(NP)` as they apply, then `(DENY)`.
pub fn format_flags(ace: &Ace) -> String {
    let mut s = String::new();
    for (flag, text) in [
        (AceFlags::INHERITED, "(I)"),
        (AceFlags::OBJECT_INHERIT, "(OI)"),
        (AceFlags::CONTAINER_INHERIT, "(CI)"),
        (AceFlags::INHERIT_ONLY, "(IO)"),
        (AceFlags::NO_PROPAGATE, "(NP)"),
    ] {
        if ace.flags.contains(flag) {
            s.push_str(text);
        }
    }
    if ace.kind == AceKind::Deny {
        s.push_str("(DENY)");
    }
    s
}

/// One ACE as a listing shows it: `NT AUTHORITY\SYSTEM:(I)(OI)(CI)(F)`.
pub fn format_ace(name: &str, ace: &Ace) -> String {
    format!("{name}:{}({})", format_flags(ace), format_rights(ace.mask))
}

/// A parsed `SID:perm` specification (the account is still a name here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermSpec {
    /// The account as typed (`NT AUTHORITY\NETWORK SERVICE`, `*S-1-5-20`).
    pub account: String,
    /// Inheritance flags given before the rights.
    pub flags: AceFlags,
    /// The rights.
    pub mask: AccessMask,
}

/// Simple rights accepted in a specification: `N F M RX R W D` (icacls /?).
fn simple_right(name: &str) -> Option<AccessMask> {
    Some(match name.to_ascii_uppercase().as_str() {
        "N" => AccessMask(0),
        "F" => AccessMask::FILE_ALL,
        "M" => AccessMask::FILE_MODIFY,
        "RX" => AccessMask::FILE_READ_EXECUTE,
        "R" => AccessMask::FILE_READ,
        "W" => AccessMask::FILE_WRITE,
        "D" => AccessMask::DELETE,
        _ => return None,
    })
}

/// A right inside a parenthesized list: a specific right (`DE`, `RC`, `WDAC`, ...) or a
/// simple one (`(R,W)` and `(RC,R,W,D)` are accepted by icacls).
fn listed_right(name: &str) -> Option<AccessMask> {
    let upper = name.trim().to_ascii_uppercase();
    if upper == "DE" {
        return Some(AccessMask::DELETE);
    }
    if let Some((_, bit)) = SPECIFIC
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(&upper))
    {
        return Some(AccessMask(*bit));
    }
    simple_right(&upper)
}

/// The inheritance flag named inside parentheses, if it is one (`(I)` is display-only).
fn inheritance_flag(name: &str) -> Option<AceFlags> {
    Some(match name.to_ascii_uppercase().as_str() {
        "OI" => AceFlags::OBJECT_INHERIT,
        "CI" => AceFlags::CONTAINER_INHERIT,
        "IO" => AceFlags::INHERIT_ONLY,
        "NP" => AceFlags::NO_PROPAGATE,
        _ => return None,
    })
}

/// Parses the permission part: inheritance prefixes, then simple rights (`RX`, `F`) or a
/// parenthesized list (`(R,W)`). `None` when icacls would say `Invalid parameter`.
pub fn parse_perm(text: &str) -> Option<(AceFlags, AccessMask)> {
    let mut flags = AceFlags::default();
    let mut mask = AccessMask(0);
    let mut rest = text.trim();
    let mut rights_seen = false;
    while let Some(inner) = rest.strip_prefix('(') {
        let end = inner.find(')')?;
        let group = &inner[..end];
        rest = &inner[end + 1..];
        match inheritance_flag(group) {
            Some(f) if !rights_seen => flags = flags.with(f),
            Some(_) => return None,
            None => {
                for right in group.split(',') {
                    mask = mask.union(listed_right(right)?);
                }
                rights_seen = true;
            }
        }
    }
    if !rest.is_empty() {
        if rights_seen {
            return None;
        }
        mask = mask.union(simple_rights(rest)?);
        rights_seen = true;
    }
    rights_seen.then_some((flags, mask))
}

/// A sequence of simple rights without separators (`F`, `RX`, `RXW`): two-letter names first.
fn simple_rights(text: &str) -> Option<AccessMask> {
    if let Some(m) = simple_right(text) {
        return Some(m);
    }
    let mut mask = AccessMask(0);
    let mut rest = text;
    while !rest.is_empty() {
        let two = rest.get(..2).and_then(simple_right);
        let (m, used) = match two {
            Some(m) => (m, 2),
            None => (rest.get(..1).and_then(simple_right)?, 1),
        };
        mask = mask.union(m);
        rest = &rest[used..];
    }
    Some(mask)
}

/// Parses `SID:perm`. The account is everything before the last colon.
pub fn parse_spec(text: &str) -> Option<PermSpec> {
    let (account, perm) = text.rsplit_once(':')?;
    if account.trim().is_empty() {
        return None;
    }
    let (flags, mask) = parse_perm(perm)?;
    Some(PermSpec {
        account: account.to_string(),
        flags,
        mask,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::principals::Sid;

    fn shown(mask: u32) -> String {
        format_rights(AccessMask(mask))
    }

    #[test]
    fn simple_masks_print_their_letter() {
        assert_eq!(shown(0x001f_01ff), "F");
        assert_eq!(shown(0x1000_0000), "F");
        assert_eq!(shown(0x0013_01bf), "M");
        assert_eq!(shown(0x0012_00a9), "RX");
        assert_eq!(shown(0x0012_0089), "R");
        assert_eq!(shown(0x0012_0116), "W");
        // icacls' own deny of W (without SYNCHRONIZE) still reads (W).
        assert_eq!(shown(0x0002_0116), "W");
    }

    #[test]
    fn mixed_masks_print_as_real_listings_do() {
        assert_eq!(shown(0x0012_019f), "R,W"); // MachineKeys: Everyone
        assert_eq!(shown(0x0012_01bf), "RX,W");
        assert_eq!(shown(0x0013_01ff), "M,DC");
        assert_eq!(shown(0x0013_0156), "W,D,Rc,DC");
        assert_eq!(shown(0x4013_0156), "W,D,Rc,GW,DC");
        assert_eq!(shown(0xa000_0000), "GR,GE");
        assert_eq!(shown(0x0010_0001), "S,RD");
        assert_eq!(shown(0x0012_00af), "RX,WD,AD");
        assert_eq!(shown(0x0000_0004), "AD");
        assert_eq!(shown(0), "N");
    }

    #[test]
    fn flags_come_before_deny() {
        let ace = Ace::deny(Sid::everyone(), AccessMask::FILE_READ).with_flags(
            AceFlags::INHERITED
                .with(AceFlags::OBJECT_INHERIT)
                .with(AceFlags::CONTAINER_INHERIT)
                .with(AceFlags::INHERIT_ONLY),
        );
        assert_eq!(
            format_ace("Everyone", &ace),
            "Everyone:(I)(OI)(CI)(IO)(DENY)(R)"
        );
        let plain = Ace::allow(Sid::administrators(), AccessMask::FILE_ALL);
        assert_eq!(
            format_ace("BUILTIN\\Administrators", &plain),
            "BUILTIN\\Administrators:(F)"
        );
    }

    #[test]
    fn specifications_parse_in_every_form() {
        let s = parse_spec("NT AUTHORITY\\NETWORK SERVICE:(R)").unwrap();
        assert_eq!(s.account, "NT AUTHORITY\\NETWORK SERVICE");
        assert_eq!(
            (s.flags, s.mask),
            (AceFlags::default(), AccessMask::FILE_READ)
        );
        let s = parse_spec("Users:(OI)(CI)RX").unwrap();
        assert_eq!(
            s.flags,
            AceFlags::OBJECT_INHERIT.with(AceFlags::CONTAINER_INHERIT)
        );
        assert_eq!(s.mask, AccessMask::FILE_READ_EXECUTE);
        let s = parse_spec("*S-1-1-0:(D,WDAC)").unwrap();
        assert_eq!(s.account, "*S-1-1-0");
        assert_eq!(s.mask, AccessMask(0x0005_0000));
        assert_eq!(
            parse_spec("x:(rc,s,ad)").unwrap().mask,
            AccessMask(0x0012_0004)
        );
        assert_eq!(parse_spec("x:f").unwrap().mask, AccessMask::FILE_ALL);
        assert_eq!(
            parse_spec("x:(OI)(CI)(F)").unwrap().mask,
            AccessMask::FILE_ALL
        );
    }

    #[test]
    fn bad_specifications_are_refused() {
        for bad in [
            "Users",
            "Users:",
            "Users:Q",
            "Users:(R",
            "Users:(XX)",
            ":F",
            "Users:(R)(OI)",
            "Users:(I)F",
        ] {
            assert_eq!(parse_spec(bad), None, "{bad}");
        }
    }
}
