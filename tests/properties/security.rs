//! Properties of the security area: SDDL, the access check, inheritance, paths.

use proptest::prelude::*;
use winsim::fs::normalize;
use winsim::principals::{Privileges, Sid, Token};
use winsim::security::{
    AccessMask, Ace, AceFlags, AceKind, GenericMapping, SecurityDescriptor, access_check,
    canonicalize, format_sddl, granted_access, inherited_acl, is_canonical, parse_sddl,
};

fn sid() -> impl Strategy<Value = Sid> {
    prop_oneof![
        Just(Sid::system()),
        Just(Sid::administrators()),
        Just(Sid::everyone()),
        Just(Sid::network_service()),
        Just(Sid::users()),
        Just(Sid::creator_owner()),
        Just(Sid::service("SessionEnv")),
        (
            prop_oneof![0u64..6, (1u64 << 32)..(1u64 << 48)],
            prop::collection::vec(any::<u32>(), 0..6)
        )
            .prop_map(|(a, s)| Sid::new(a, &s)),
    ]
}

fn mask() -> impl Strategy<Value = AccessMask> {
    prop_oneof![
        Just(AccessMask::FILE_ALL),
        Just(AccessMask::FILE_READ),
        Just(AccessMask::FILE_MODIFY),
        Just(AccessMask(0x12019f)),
        Just(AccessMask::KEY_ALL),
        Just(AccessMask::GENERIC_ALL),
        any::<u32>().prop_map(AccessMask),
        (0u32..0x200).prop_map(AccessMask),
    ]
}

fn ace() -> impl Strategy<Value = Ace> {
    (any::<bool>(), 0u8..0x20, mask(), sid()).prop_map(|(allow, flags, mask, sid)| Ace {
        kind: if allow { AceKind::Allow } else { AceKind::Deny },
        flags: AceFlags(flags),
        mask,
        sid,
    })
}

fn descriptor() -> impl Strategy<Value = SecurityDescriptor> {
    (
        prop::option::of(sid()),
        prop::option::of(sid()),
        prop::option::weighted(0.9, prop::collection::vec(ace(), 0..8)),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(owner, group, dacl, protected, auto_inherited)| SecurityDescriptor {
                owner,
                group,
                dacl,
                protected,
                auto_inherited,
            },
        )
}

fn token() -> impl Strategy<Value = Token> {
    prop_oneof![
        Just(Token::system()),
        Just(Token::network_service()),
        Just(Token::elevated_admin(Sid::new(5, &[21, 1, 2, 3, 500]))),
        sid().prop_map(Token::for_principal),
    ]
}

/// Text made mostly of SDDL's own characters, so the parser goes deep before failing.
fn sddl_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("O:".to_string()),
        Just("G:".to_string()),
        Just("D:".to_string()),
        Just("S:".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(";".to_string()),
        Just("PAI".to_string()),
        Just("NO_ACCESS_CONTROL".to_string()),
        Just("OICIID".to_string()),
        Just("SY".to_string()),
        Just("FA".to_string()),
        Just("0x".to_string()),
        Just("S-1-5-".to_string()),
        "[A-Z0-9]{1,3}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// always: SDDL written by us reads back to the same descriptor and the same text.
    #[test]
    fn sddl_round_trip(sd in descriptor()) {
        let text = format_sddl(&sd);
        let back = parse_sddl(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(&back, &sd, "{}", text);
        prop_assert_eq!(format_sddl(&back), text);
    }

    /// always: any text either parses or is an error naming `<sddl>`; never a panic.
    #[test]
    fn parse_never_panics(text in prop_oneof![sddl_like(), any::<String>()]) {
        if let Err(e) = parse_sddl(&text) {
            prop_assert_eq!(e.file, "<sddl>");
            prop_assert!(e.message.starts_with("column "));
        }
    }

    /// always: an explicit deny at the head of the DACL removes the right, whatever follows
    /// (for a token without privileges; file rights, which the owner holds no implicit part of).
    #[test]
    fn explicit_deny_always_removes_the_right(mut sd in descriptor(), t in token(), bit in 0u32..9) {
        let mut t = t;
        t.privileges = Privileges::default();
        let right = AccessMask(1 << bit);
        let deny = Ace::deny(t.user.clone(), right);
        sd.dacl.get_or_insert_with(Vec::new).insert(0, deny);
        prop_assert!(access_check(&sd, &t, right, &GenericMapping::FILE).is_err());
    }

    /// always: appending an allow ACE never takes any right away.
    #[test]
    fn adding_an_allow_ace_never_removes_access(mut sd in descriptor(), t in token(), extra in ace()) {
        let before = granted_access(&sd, &t, &GenericMapping::FILE);
        let extra = Ace { kind: AceKind::Allow, ..extra };
        if let Some(acl) = sd.dacl.as_mut() {
            acl.push(extra);
        }
        let after = granted_access(&sd, &t, &GenericMapping::FILE);
        prop_assert!(after.contains(before), "{:#x} -> {:#x}", before.0, after.0);
    }

    /// always: canonical order is a stable permutation, in order, and idempotent.
    #[test]
    fn canonicalize_orders_and_keeps_aces(acl in prop::collection::vec(ace(), 0..12)) {
        let mut sorted = acl.clone();
        canonicalize(&mut sorted);
        prop_assert!(is_canonical(&sorted));
        let mut a = acl.clone();
        let mut b = sorted.clone();
        let key = |x: &Ace| format!("{x:?}");
        a.sort_by_key(key);
        b.sort_by_key(key);
        prop_assert_eq!(a, b);
        let mut again = sorted.clone();
        canonicalize(&mut again);
        prop_assert_eq!(again, sorted);
    }

    /// always: what a child inherits is marked inherited, and CREATOR OWNER only survives in
    /// inherit-only ACEs.
    #[test]
    fn inherited_acl_only_has_inherited_aces(sd in descriptor(), container in any::<bool>(), creator in sid()) {
        prop_assume!(creator != Sid::creator_owner());
        let acl = inherited_acl(&sd, container, &creator);
        for a in &acl {
            prop_assert!(a.is_inherited());
            prop_assert!(a.sid != Sid::creator_owner() || !a.applies_to_object());
            if !container {
                prop_assert_eq!(a.flags, AceFlags::INHERITED);
            }
        }
    }

    /// always: `..` never leaves the volume; the result is a drive path without `.` or `..`.
    #[test]
    fn dotdot_never_leaves_the_volume(segs in prop::collection::vec(prop_oneof![
        Just("..".to_string()), Just(".".to_string()), Just("".to_string()), "[a-zA-Z0-9 .]{1,6}"
    ], 0..12), slash in any::<bool>()) {
        let sep = if slash { "/" } else { "\\" };
        let path = format!("C:{sep}{}", segs.join(sep));
        let p = normalize(&path, "C:\\Users").map_err(|e| TestCaseError::fail(format!("{path}: {e}")))?;
        prop_assert!(p.starts_with("C:\\"), "{}", p);
        prop_assert!(p.split('\\').skip(1).all(|s| s != "." && s != ".."), "{}", p);
        // A relative path (not starting with a separator, which would make it rooted or UNC).
        let rel = segs.join(sep);
        if !rel.starts_with(sep) && !rel.is_empty() {
            let relative = normalize(&rel, "C:\\Users").map_err(|e| TestCaseError::fail(format!("{rel}: {e}")))?;
            prop_assert!(relative.starts_with("C:\\"), "{}", relative);
        }
        // Climbing above the root first changes nothing.
        let above = format!("C:{sep}..{sep}..{sep}{}", segs.join(sep));
        prop_assert_eq!(normalize(&above, "C:\\Users"), Ok(p));
    }
}
