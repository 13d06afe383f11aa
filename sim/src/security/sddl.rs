//! SDDL in and out: `O:<sid>G:<sid>D:<flags>(<ace>)...`.
//!
//! Accepted: the `O:`, `G:` and `D:` parts in any order, each at most once; DACL flags `P`,
//! `AI`, `AR` (accepted, not modelled) and `NO_ACCESS_CONTROL` (a NULL DACL); ACEs of type `A`
//! and `D` with flags `OI CI NP IO ID`, rights as aliases, hex (`0x12019f`) or decimal, SIDs as
//! aliases or `S-1-...`. Rejected with an error: a SACL (`S:`; this model keeps no SACL, and
//! `icacls /save` never writes one), other ACE types, audit flags `SA`/`FA`, object GUIDs.
//!
//! Output follows `ConvertSecurityDescriptorToStringSecurityDescriptor`: a mask equal to an
//! alias is written as that alias (`FA`, `FR`, `KA`, `KR`, ...); else, if every bit has a
//! one-bit alias, as those aliases in ascending bit order (`CCLCSWRPWPDTLOCRRC`, as service
//! SDDLs read); else in lowercase hex (`0x12019f`). 0x120089 is written `FR`, as observed on
//! Windows (code id 63114573668: "0x120089 IS FILE_GENERIC_READ, which SDDL renders as `FR`").

use super::{AccessMask, Ace, AceFlags, AceKind, Acl, SecurityDescriptor};
use crate::error::InputError;
use crate::principals::Sid;

/// Rights aliases whose value is matched exactly first, in Windows' table order.
const RIGHTS: &[(&str, u32)] = &[
    ("GA", 0x1000_0000),
    ("GR", 0x8000_0000),
    ("GW", 0x4000_0000),
    ("GX", 0x2000_0000),
    ("RC", 0x0002_0000),
    ("SD", 0x0001_0000),
    ("WD", 0x0004_0000),
    ("WO", 0x0008_0000),
    ("RP", 0x0000_0010),
    ("WP", 0x0000_0020),
    ("CC", 0x0000_0001),
    ("DC", 0x0000_0002),
    ("LC", 0x0000_0004),
    ("SW", 0x0000_0008),
    ("LO", 0x0000_0080),
    ("DT", 0x0000_0040),
    ("CR", 0x0000_0100),
    ("FA", 0x001F_01FF),
    ("FR", 0x0012_0089),
    ("FW", 0x0012_0116),
    ("FX", 0x0012_00A0),
    ("KA", 0x000F_003F),
    ("KR", 0x0002_0019),
    ("KW", 0x0002_0006),
    ("KX", 0x0002_0019),
];

/// The one-bit alias of each bit, for masks built from bit names.
fn bit_alias(bit: u32) -> Option<&'static str> {
    RIGHTS
        .iter()
        .take(17)
        .find(|(_, v)| *v == bit)
        .map(|(a, _)| *a)
}

/// ACE flag aliases, in the order Windows writes them (ascending bit order).
const FLAGS: &[(&str, AceFlags)] = &[
    ("OI", AceFlags::OBJECT_INHERIT),
    ("CI", AceFlags::CONTAINER_INHERIT),
    ("NP", AceFlags::NO_PROPAGATE),
    ("IO", AceFlags::INHERIT_ONLY),
    ("ID", AceFlags::INHERITED),
];

const FILE: &str = "<sddl>";

/// Parses an SDDL string (owner, group, DACL; a SACL part is rejected with an error).
///
/// An empty string (or one without `D:`) gives a descriptor without a DACL, which, like a
/// NULL DACL, grants everyone everything.
pub fn parse_sddl(text: &str) -> Result<SecurityDescriptor, InputError> {
    Parser {
        text: text.trim(),
        pos: 0,
    }
    .descriptor()
}

/// Formats a descriptor as SDDL, with aliases for well-known SIDs and rights.
pub fn format_sddl(sd: &SecurityDescriptor) -> String {
    let mut out = String::new();
    if let Some(o) = &sd.owner {
        out.push_str("O:");
        out.push_str(&format_sid(o));
    }
    if let Some(g) = &sd.group {
        out.push_str("G:");
        out.push_str(&format_sid(g));
    }
    out.push_str(&format_acl_sddl(sd));
    out
}

/// Formats only the DACL part (`D:PAI(...)`), as `icacls /save` writes it.
pub fn format_acl_sddl(sd: &SecurityDescriptor) -> String {
    let mut out = String::from("D:");
    if sd.protected {
        out.push('P');
    }
    if sd.auto_inherited {
        out.push_str("AI");
    }
    match &sd.dacl {
        None => out.push_str("NO_ACCESS_CONTROL"),
        Some(acl) => acl.iter().for_each(|ace| out.push_str(&format_ace(ace))),
    }
    out
}

/// One ACE as `(A;OICIID;FA;;;SY)`.
pub fn format_ace(ace: &Ace) -> String {
    let kind = match ace.kind {
        AceKind::Allow => "A",
        AceKind::Deny => "D",
    };
    let flags: String = FLAGS
        .iter()
        .filter(|(_, f)| ace.flags.contains(*f))
        .map(|(a, _)| *a)
        .collect();
    format!(
        "({kind};{flags};{};;;{})",
        format_mask(ace.mask),
        format_sid(&ace.sid)
    )
}

/// A rights mask as Windows writes it in SDDL (`FA`, `CCLCSWRPWPDTLOCRRC`, `0x12019f`).
pub fn format_mask(mask: AccessMask) -> String {
    if let Some((alias, _)) = RIGHTS.iter().find(|(_, v)| *v == mask.0) {
        return (*alias).to_string();
    }
    let bits: Option<Vec<&str>> = (0..32)
        .map(|i| 1u32 << i)
        .filter(|b| mask.0 & b != 0)
        .map(bit_alias)
        .collect();
    match bits {
        Some(names) if !names.is_empty() => names.concat(),
        _ => format!("{:#x}", mask.0),
    }
}

/// A SID as its SDDL alias if it has one, else `S-1-...`.
pub fn format_sid(sid: &Sid) -> String {
    sid.sddl_alias()
        .map_or_else(|| sid.to_string(), str::to_string)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    /// An error at byte offset `at`, reported as a 1-based character column.
    fn error(&self, at: usize, message: String) -> InputError {
        let column = self.text[..at].chars().count() + 1;
        InputError::new(FILE, 0, format!("column {column}: {message}"))
    }

    /// The text at `at` (a few characters) for error messages.
    fn token_at(&self, at: usize) -> String {
        self.text[at..].chars().take(12).collect()
    }

    /// True if the rest starts with a part header `O:`, `G:`, `D:` or `S:`.
    fn at_part(&self) -> bool {
        let r = self.rest().as_bytes();
        r.len() >= 2 && matches!(r[0], b'O' | b'G' | b'D' | b'S') && r[1] == b':'
    }

    fn descriptor(mut self) -> Result<SecurityDescriptor, InputError> {
        let mut sd = SecurityDescriptor::default();
        let (mut owner, mut group, mut dacl) = (false, false, false);
        while self.pos < self.text.len() {
            if !self.at_part() {
                let t = self.token_at(self.pos);
                return Err(
                    self.error(self.pos, format!("expected O:, G: or D: but found \"{t}\""))
                );
            }
            let start = self.pos;
            let letter = self.text.as_bytes()[start];
            self.pos += 2;
            let seen = match letter {
                b'O' => &mut owner,
                b'G' => &mut group,
                b'D' => &mut dacl,
                _ => {
                    return Err(self.error(start, "a SACL (\"S:\") is not supported".to_string()));
                }
            };
            if std::mem::replace(seen, true) {
                let part = &self.text[start..start + 2];
                return Err(self.error(start, format!("\"{part}\" appears twice")));
            }
            match letter {
                b'O' => sd.owner = Some(self.sid_part()?),
                b'G' => sd.group = Some(self.sid_part()?),
                _ => self.dacl_part(&mut sd)?,
            }
        }
        Ok(sd)
    }

    /// The SID after `O:` or `G:`: up to the next part header or the end.
    fn sid_part(&mut self) -> Result<Sid, InputError> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        // Part headers are ASCII, so `end` is always a character boundary.
        let end = (start..self.text.len())
            .find(|&i| {
                matches!(bytes[i], b'O' | b'G' | b'D' | b'S') && bytes.get(i + 1) == Some(&b':')
            })
            .unwrap_or(self.text.len());
        let value = &self.text[start..end];
        self.pos = end;
        parse_sid(value).ok_or_else(|| self.error(start, format!("unknown SID \"{value}\"")))
    }

    fn dacl_part(&mut self, sd: &mut SecurityDescriptor) -> Result<(), InputError> {
        let mut null = false;
        loop {
            let r = self.rest();
            if r.is_empty() || r.starts_with('(') || self.at_part() {
                break;
            }
            let len = if r.starts_with("NO_ACCESS_CONTROL") {
                null = true;
                17
            } else if r.starts_with('P') {
                sd.protected = true;
                1
            } else if r.starts_with("AI") {
                sd.auto_inherited = true;
                2
            } else if r.starts_with("AR") {
                2
            } else {
                let t = self.token_at(self.pos);
                return Err(self.error(self.pos, format!("unknown DACL flag in \"{t}\"")));
            };
            self.pos += len;
        }
        let mut acl = Acl::new();
        while self.rest().starts_with('(') {
            let start = self.pos;
            let Some(close) = self.rest().find(')') else {
                return Err(self.error(start, "ACE without a closing \")\"".to_string()));
            };
            let body = &self.text[start + 1..start + close];
            acl.push(self.ace(body, start)?);
            self.pos = start + close + 1;
        }
        if null && !acl.is_empty() {
            return Err(self.error(self.pos, "NO_ACCESS_CONTROL with ACEs".to_string()));
        }
        sd.dacl = if null { None } else { Some(acl) };
        Ok(())
    }

    /// One ACE body (between the parentheses) starting at byte `start` (the `(`).
    fn ace(&self, body: &str, start: usize) -> Result<Ace, InputError> {
        let fields: Vec<&str> = body.split(';').collect();
        let whole = format!("({body})");
        if fields.len() != 6 {
            return Err(self.error(
                start,
                format!("ACE \"{whole}\" must have 6 fields separated by \";\""),
            ));
        }
        let kind = match fields[0] {
            "A" => AceKind::Allow,
            "D" => AceKind::Deny,
            other => {
                return Err(self.error(
                    start,
                    format!("unsupported ACE type \"{other}\" in \"{whole}\""),
                ));
            }
        };
        let flags = parse_flags(fields[1])
            .map_err(|why| self.error(start, format!("{why} in \"{whole}\"")))?;
        let mask = parse_mask(fields[2]).ok_or_else(|| {
            self.error(
                start,
                format!("bad rights \"{}\" in \"{whole}\"", fields[2]),
            )
        })?;
        if !fields[3].is_empty() || !fields[4].is_empty() {
            return Err(self.error(
                start,
                format!("object GUIDs are not supported in \"{whole}\""),
            ));
        }
        let sid = parse_sid(fields[5]).ok_or_else(|| {
            self.error(
                start,
                format!("unknown SID \"{}\" in \"{whole}\"", fields[5]),
            )
        })?;
        Ok(Ace {
            kind,
            flags,
            mask,
            sid,
        })
    }
}

/// ACE flags from two-letter aliases; `Err` says which token is bad.
fn parse_flags(text: &str) -> Result<AceFlags, String> {
    let mut flags = AceFlags::default();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(pair) = rest.get(..2) else {
            return Err(format!("bad ACE flag \"{rest}\""));
        };
        match FLAGS.iter().find(|(a, _)| *a == pair) {
            Some((_, f)) => flags = flags.with(*f),
            None if pair == "SA" || pair == "FA" => {
                return Err(format!("audit flag \"{pair}\" belongs to a SACL"));
            }
            None => return Err(format!("bad ACE flag \"{pair}\"")),
        }
        rest = &rest[2..];
    }
    Ok(flags)
}

/// Rights: `0x` hex, decimal, or a concatenation of two-letter aliases.
fn parse_mask(text: &str) -> Option<AccessMask> {
    if text.is_empty() {
        return Some(AccessMask(0));
    }
    if text.starts_with("0x") || text.starts_with("0X") || text.bytes().all(|b| b.is_ascii_digit())
    {
        return crate::text::parse_number(text)
            .and_then(|n| u32::try_from(n).ok())
            .map(AccessMask);
    }
    let mut mask = 0u32;
    let mut rest = text;
    while !rest.is_empty() {
        let pair = rest.get(..2)?;
        mask |= RIGHTS.iter().find(|(a, _)| *a == pair)?.1;
        rest = &rest[2..];
    }
    Some(AccessMask(mask))
}

/// A SID alias (`SY`) or `S-1-...`; nothing else (no surrounding spaces).
fn parse_sid(text: &str) -> Option<Sid> {
    if text.is_empty() || text.trim() != text {
        return None;
    }
    Sid::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MACHINE_KEYS: &str = "O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)";

    #[test]
    fn machine_keys_round_trips() {
        let sd = parse_sddl(MACHINE_KEYS).unwrap();
        assert_eq!(sd.owner, Some(Sid::system()));
        assert!(sd.protected && sd.auto_inherited);
        let acl = sd.dacl.as_ref().unwrap();
        assert_eq!(acl[0], Ace::allow(Sid::everyone(), AccessMask(0x12019f)));
        assert_eq!(
            acl[1],
            Ace::allow(Sid::administrators(), AccessMask::FILE_ALL)
        );
        assert_eq!(format_sddl(&sd), MACHINE_KEYS);
        assert_eq!(format_acl_sddl(&sd), "D:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)");
    }

    #[test]
    fn masks_are_written_as_windows_writes_them() {
        assert_eq!(format_mask(AccessMask::FILE_ALL), "FA");
        assert_eq!(format_mask(AccessMask::KEY_ALL), "KA");
        assert_eq!(format_mask(AccessMask::FILE_READ), "FR");
        assert_eq!(format_mask(AccessMask::FILE_READ_EXECUTE), "0x1200a9");
        assert_eq!(format_mask(AccessMask::FILE_MODIFY), "0x1301bf");
        assert_eq!(format_mask(AccessMask(0x201fd)), "CCLCSWRPWPDTLOCRRC");
        assert_eq!(format_mask(AccessMask(0)), "0x0");
    }

    #[test]
    fn rights_flags_and_sids_parse_in_every_form() {
        let sd =
            parse_sddl("D:AR(D;OICINPIOID;GRGX;;;S-1-5-21-1-2-3-1001)(A;CI;1179785;;;NS)").unwrap();
        let acl = sd.dacl.unwrap();
        assert_eq!(acl[0].kind, AceKind::Deny);
        assert_eq!(acl[0].flags, AceFlags(0x1f));
        assert_eq!(acl[0].mask, AccessMask(0xA000_0000));
        assert_eq!(acl[0].sid.to_string(), "S-1-5-21-1-2-3-1001");
        assert_eq!(acl[1].mask, AccessMask::FILE_READ);
        assert_eq!(acl[1].sid, Sid::network_service());
        assert!(!sd.protected && !sd.auto_inherited);
    }

    #[test]
    fn null_and_empty_dacls_differ() {
        let null = parse_sddl("D:PNO_ACCESS_CONTROL").unwrap();
        assert_eq!(null.dacl, None);
        assert_eq!(format_sddl(&null), "D:PNO_ACCESS_CONTROL");
        let empty = parse_sddl("D:P").unwrap();
        assert_eq!(empty.dacl, Some(vec![]));
        assert_eq!(format_sddl(&empty), "D:P");
    }

    #[test]
    fn bad_input_names_the_column_and_token() {
        let cases = [
            ("D:(AU;;FA;;;SY)", "column 3: unsupported ACE type \"AU\""),
            ("D:(A;;ZZ;;;SY)", "bad rights \"ZZ\""),
            ("D:(A;SA;FA;;;SY)", "audit flag \"SA\""),
            ("D:(A;CIFA;FA;;;SY)", "audit flag \"FA\""),
            ("D:(A;CIXX;FA;;;SY)", "bad ACE flag \"XX\""),
            (
                "D:(A;;CC;bf967aba-0de6-11d0-a285-00aa003049e2;;WD)",
                "object GUIDs are not supported",
            ),
            (
                "D:(A;;CC;;bf967aba-0de6-11d0-a285-00aa003049e2;WD)",
                "object GUIDs are not supported",
            ),
            ("D:(A;;FA;;;XX)", "unknown SID \"XX\""),
            ("D:(A;;FA;;; SY)", "unknown SID \" SY\""),
            ("O:SYO:SY", "column 5: \"O:\" appears twice"),
            ("D:(A;;FA;;;SY)S:(AU;SA;FA;;;WD)", "column 15: a SACL"),
            ("D:(A;;FA;;;SY", "closing"),
            ("D:Q", "unknown DACL flag in \"Q\""),
            ("X", "expected O:, G: or D:"),
            (
                "D:NO_ACCESS_CONTROL(A;;FA;;;SY)",
                "NO_ACCESS_CONTROL with ACEs",
            ),
        ];
        for (text, wanted) in cases {
            let err = parse_sddl(text).unwrap_err();
            assert_eq!(err.file, "<sddl>");
            assert!(err.message.contains(wanted), "{text}: {}", err.message);
        }
    }
}
