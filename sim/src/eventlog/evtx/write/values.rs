//! The values of a record: Windows' types where the readers give back the stored text,
//! strings elsewhere; and the payload that follows `System`.

use super::super::values::{push_filetime, push_guid, push_sid};
use crate::eventlog::EventRef;
use crate::eventlog::payload::TreeNode;
use crate::eventlog::store::flags;
use std::borrow::Cow;

/// BinXML value types (MS-EVEN6 2.2.18).
pub(super) mod ty {
    pub const NULL: u8 = 0x00;
    pub const STRING: u8 = 0x01;
    pub const U8: u8 = 0x04;
    pub const U16: u8 = 0x06;
    pub const U32: u8 = 0x08;
    pub const U64: u8 = 0x0a;
    pub const GUID: u8 = 0x0f;
    pub const FILETIME: u8 = 0x11;
    pub const SID: u8 = 0x13;
    pub const HEX64: u8 = 0x15;
    pub const BINXML: u8 = 0x21;
}

/// The System template's slots before the payload's.
pub(super) const SYSTEM_SLOTS: usize = 19;
/// A substitution value.
pub(super) enum Value<'a> {
    Null,
    Str(Cow<'a, str>),
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    Hex64(u64),
    FileTime(u64),
    Guid([u8; 16]),
    Sid(Vec<u8>),
}

impl Value<'_> {
    pub(super) fn ty(&self) -> u8 {
        match self {
            Value::Null => ty::NULL,
            Value::Str(_) => ty::STRING,
            Value::U8(_) => ty::U8,
            Value::U16(_) => ty::U16,
            Value::U32(_) => ty::U32,
            Value::U64(_) => ty::U64,
            Value::Hex64(_) => ty::HEX64,
            Value::FileTime(_) => ty::FILETIME,
            Value::Guid(_) => ty::GUID,
            Value::Sid(_) => ty::SID,
        }
    }
}

/// A GUID as its 16 bytes when readers render them back as `s` (`{...}`, lowercase).
fn guid_value(s: &str) -> Value<'_> {
    let parse = || -> Option<[u8; 16]> {
        let inner = s.strip_prefix('{')?.strip_suffix('}')?;
        let groups: Vec<&str> = inner.split('-').collect();
        let [a, b, c, d, e] = groups[..] else {
            return None;
        };
        if (a.len(), b.len(), c.len(), d.len(), e.len()) != (8, 4, 4, 4, 12) {
            return None;
        }
        let mut g = [0u8; 16];
        g[0..4].copy_from_slice(&u32::from_str_radix(a, 16).ok()?.to_le_bytes());
        g[4..6].copy_from_slice(&u16::from_str_radix(b, 16).ok()?.to_le_bytes());
        g[6..8].copy_from_slice(&u16::from_str_radix(c, 16).ok()?.to_le_bytes());
        let tail = format!("{d}{e}");
        for (i, byte) in g[8..].iter_mut().enumerate() {
            *byte = u8::from_str_radix(tail.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(g)
    };
    match parse() {
        Some(g)
            if rendered(|b| {
                push_guid(b, &g);
                true
            })
            .as_deref()
                == Some(s) =>
        {
            Value::Guid(g)
        }
        _ => Value::Str(Cow::Borrowed(s)),
    }
}

/// A SID as its binary form (revision, count, 48-bit big-endian authority, little-endian
/// sub-authorities) when readers render it back as `s`.
fn sid_value(s: &str) -> Value<'_> {
    let parse = || -> Option<Vec<u8>> {
        let mut parts = s.strip_prefix("S-")?.split('-');
        let revision: u8 = parts.next()?.parse().ok()?;
        let authority: u64 = parts.next()?.parse().ok()?;
        if authority >= 1 << 48 {
            return None;
        }
        let subs: Vec<u32> = parts.map(|p| p.parse().ok()).collect::<Option<_>>()?;
        if subs.len() > 15 {
            return None;
        }
        let mut b = vec![revision, subs.len() as u8];
        b.extend_from_slice(&authority.to_be_bytes()[2..]);
        for sub in subs {
            b.extend_from_slice(&sub.to_le_bytes());
        }
        Some(b)
    };
    match parse() {
        Some(b) if rendered(|buf| push_sid(buf, &b)).as_deref() == Some(s) => Value::Sid(b),
        _ => Value::Str(Cow::Borrowed(s)),
    }
}

/// TimeCreated as a FILETIME when readers can render it, else as the text `wevtutil` prints.
fn time_value(e: &EventRef<'_>) -> Value<'static> {
    let t = e.time();
    if rendered(|b| push_filetime(b, t.0)).is_some() {
        Value::FileTime(t.0)
    } else {
        Value::Str(Cow::Owned(t.to_system_time_string()))
    }
}

fn rendered(f: impl FnOnce(&mut String) -> bool) -> Option<String> {
    let mut s = String::new();
    f(&mut s).then_some(s)
}

fn optional<'a>(v: Option<&'a str>, typed: fn(&'a str) -> Value<'a>) -> Value<'a> {
    v.map_or(Value::Null, typed)
}

fn string(s: &str) -> Value<'_> {
    Value::Str(Cow::Borrowed(s))
}

/// The System template's values, in slot order.
pub(super) fn system_values<'a>(e: &EventRef<'a>) -> [Value<'a>; SYSTEM_SLOTS] {
    [
        string(e.provider()),
        optional(e.provider_guid(), guid_value),
        optional(e.event_source(), string),
        e.qualifiers().map_or(Value::Null, Value::U16),
        Value::U16(e.event_id()),
        Value::U8(e.version()),
        Value::U8(e.level()),
        Value::U16(e.task()),
        Value::U8(e.opcode()),
        Value::Hex64(e.keywords()),
        time_value(e),
        Value::U64(e.record_id()),
        optional(e.activity_id(), guid_value),
        optional(e.related_activity_id(), guid_value),
        Value::U32(e.process_id()),
        Value::U32(e.thread_id()),
        string(e.channel()),
        string(e.computer()),
        optional(e.user(), sid_value),
    ]
}

/// The type a slot declares in the template: its value's, or for a NULL value the type the
/// slot has when it holds one.
pub(super) fn declared(slot: usize, v: &Value<'_>) -> u8 {
    match (v, slot) {
        (Value::Null, 1 | 12 | 13) => ty::GUID,
        (Value::Null, 2) => ty::STRING,
        (Value::Null, 3) => ty::U16,
        (Value::Null, 18) => ty::SID,
        (v, _) => v.ty(),
    }
}

/// What follows `System`: nothing, `EventData` of `Data` pairs, or elements of a tree.
pub(super) enum Payload<'a> {
    None,
    Pairs(&'a [u32]),
    Tree(Vec<TreeNode<'a>>),
}

pub(super) fn payload<'a>(e: &EventRef<'a>) -> Payload<'a> {
    if let Some(tops) = e.tree() {
        return Payload::Tree(tops.collect());
    }
    let words = e.words();
    if words.is_empty() && e.raw().flags & flags::EMPTY_EVENTDATA == 0 {
        Payload::None
    } else {
        Payload::Pairs(words)
    }
}
