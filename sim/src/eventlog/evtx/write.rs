//! Writing real `.evtx` files, the form Event Viewer and EVTX tools read.
//!
//! The layout is Microsoft's (MS-EVEN6 2.2 for BinXML; the file and chunk headers as libyal's
//! "Windows XML Event Log (EVTX)" notes describe them): a 4 KiB file header, then 64 KiB
//! chunks, each opening with a 512-byte header that holds the chunk's string table (64 buckets
//! of element and attribute names) and template table (32 buckets), then the event records.
//! A record is a fragment header and one template instance, as Windows writes them:
//! - the System template (`Provider` .. `Security`, then the payload slots) is defined once
//!   per chunk and per set of value types; its values keep Windows' types (UInt8 `Level`,
//!   HexInt64 `Keywords`, FILETIME, SID, GUID) whenever the readers give back exactly the
//!   stored text, and are strings otherwise, so a round trip never changes an event's XML;
//! - each payload element (`EventData`, `UserData`) is a nested BinXML value holding an
//!   instance of a template of its own, one per shape: element and attribute names and
//!   attribute values are literal, the texts are substitutions.
//!
//! Names and templates are written inline at their first use in a chunk and referenced by
//! offset afterwards, each linked into its hash bucket. The file header, each chunk header and
//! each chunk's records carry their CRC32. Record IDs rise within a chunk (a record whose ID
//! does not starts a new chunk), because readers stop a chunk at its last record's ID; and
//! readers start a log at the chunk with the lowest first ID (a full log wraps around its
//! file), so a log whose IDs fall somewhere (hand-written events, never Windows or kbsim's own
//! writes) comes back in ID order, each record unchanged.
//!
//! What XML cannot carry cannot be written either: an attribute whose value is empty is left
//! out (readers drop it), and readers show control characters other than tab, CR and LF as `_`.

#[cfg(test)]
mod tests;

use super::values::{push_filetime, push_guid, push_sid};
use super::{CHUNK_HEADER_SIZE, CHUNK_SIZE, FILE_HEADER_SIZE};
use crate::eventlog::payload::TreeNode;
use crate::eventlog::render::NS;
use crate::eventlog::store::{FastMap, flags};
use crate::eventlog::{EventLog, EventRef};
use md5::{Digest, Md5};
use std::borrow::Cow;

/// Why a log cannot be written as an EVTX file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvtxWriteError {
    /// The log does not exist.
    #[error("{0}: the log does not exist")]
    NoSuchLog(String),
    /// One record cannot be written.
    #[error("{channel}: record {record_id}: {reason}")]
    Record {
        /// The log.
        channel: String,
        /// The record's EventRecordID.
        record_id: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// The log needs more chunks than the file header can count.
    #[error("{0}: the log needs more than 65,535 chunks, the most an EVTX file holds")]
    TooLarge(String),
}

/// BinXML value types (MS-EVEN6 2.2.18).
mod ty {
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

/// BinXML tokens (MS-EVEN6 2.2.12).
mod token {
    pub const EOF: u8 = 0x00;
    pub const OPEN_START: u8 = 0x01;
    pub const CLOSE_START: u8 = 0x02;
    pub const CLOSE_EMPTY: u8 = 0x03;
    pub const END_ELEMENT: u8 = 0x04;
    pub const VALUE: u8 = 0x05;
    pub const ATTRIBUTE: u8 = 0x06;
    pub const TEMPLATE_INSTANCE: u8 = 0x0c;
    pub const SUBSTITUTION: u8 = 0x0d;
    pub const OPTIONAL_SUBSTITUTION: u8 = 0x0e;
    pub const FRAGMENT_HEADER: [u8; 4] = [0x0f, 1, 1, 0];
    /// Set on an element start that has attributes, and on an attribute that another follows.
    pub const MORE: u8 = 0x40;
}

/// The System template's slots before the payload's.
const SYSTEM_SLOTS: usize = 19;
/// A record larger than this cannot share a chunk with anything.
const RECORD_MAX: usize = CHUNK_SIZE - CHUNK_HEADER_SIZE;
/// EVTX format version 3.1, which every Windows since Vista reads.
const MAJOR_VERSION: u16 = 3;
const MINOR_VERSION: u16 = 1;

/// The bytes of one log as an `.evtx` file, records oldest first.
pub(crate) fn write_evtx(log: &EventLog, channel: &str) -> Result<Vec<u8>, EvtxWriteError> {
    let name = log
        .channel_name(channel)
        .ok_or_else(|| EvtxWriteError::NoSuchLog(channel.to_string()))?
        .to_string();
    let mut file = vec![0u8; FILE_HEADER_SIZE];
    let mut chunk = Chunk::default();
    let mut chunks = 0usize;
    let mut next_id = 1u64;
    for e in log.events(&name) {
        let id = e.record_id();
        next_id = next_id.max(id.saturating_add(1));
        let rises = chunk.last_id.is_none_or(|last| id > last);
        if rises && chunk.add(&e).map_err(|r| record_error(&name, id, r))? {
            continue;
        }
        if !chunk.is_empty() {
            chunk.finish_into(&mut file);
            chunks += 1;
            chunk.reset();
        }
        if !chunk.add(&e).map_err(|r| record_error(&name, id, r))? {
            return Err(record_error(
                &name,
                id,
                format!(
                    "it needs {} bytes, more than the {RECORD_MAX} a chunk holds",
                    chunk.refused
                ),
            ));
        }
    }
    if !chunk.is_empty() {
        chunk.finish_into(&mut file);
        chunks += 1;
    }
    let count = u16::try_from(chunks).map_err(|_| EvtxWriteError::TooLarge(name.clone()))?;
    file_header(&mut file[..FILE_HEADER_SIZE], count, next_id);
    Ok(file)
}

fn record_error(channel: &str, record_id: u64, reason: String) -> EvtxWriteError {
    EvtxWriteError::Record {
        channel: channel.to_string(),
        record_id,
        reason,
    }
}

/// The file header: its first 120 bytes under a CRC32 stored at 124.
fn file_header(h: &mut [u8], chunks: u16, next_record_id: u64) {
    h[0..8].copy_from_slice(b"ElfFile\0");
    h[8..16].copy_from_slice(&0u64.to_le_bytes());
    h[16..24].copy_from_slice(&u64::from(chunks.saturating_sub(1)).to_le_bytes());
    h[24..32].copy_from_slice(&next_record_id.to_le_bytes());
    h[32..36].copy_from_slice(&128u32.to_le_bytes());
    h[36..38].copy_from_slice(&MINOR_VERSION.to_le_bytes());
    h[38..40].copy_from_slice(&MAJOR_VERSION.to_le_bytes());
    h[40..42].copy_from_slice(&(FILE_HEADER_SIZE as u16).to_le_bytes());
    h[42..44].copy_from_slice(&chunks.to_le_bytes());
    // Flags at 120: neither dirty nor full, as a log closed cleanly.
    h[120..124].copy_from_slice(&0u32.to_le_bytes());
    let crc = crc32fast::hash(&h[..120]);
    h[124..128].copy_from_slice(&crc.to_le_bytes());
}

/// A substitution value.
enum Value<'a> {
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
    fn ty(&self) -> u8 {
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
            }) == Some(s.to_string()) =>
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
        Some(b) if rendered(|buf| push_sid(buf, &b)) == Some(s.to_string()) => Value::Sid(b),
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
fn system_values<'a>(e: &EventRef<'a>) -> [Value<'a>; SYSTEM_SLOTS] {
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
fn declared(slot: usize, v: &Value<'_>) -> u8 {
    match (v, slot) {
        (Value::Null, 1 | 12 | 13) => ty::GUID,
        (Value::Null, 2) => ty::STRING,
        (Value::Null, 3) => ty::U16,
        (Value::Null, 18) => ty::SID,
        (v, _) => v.ty(),
    }
}

/// What follows `System`: nothing, `EventData` of `Data` pairs, or elements of a tree.
enum Payload<'a> {
    None,
    Pairs(&'a [u32]),
    Tree(Vec<TreeNode<'a>>),
}

fn payload<'a>(e: &EventRef<'a>) -> Payload<'a> {
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

/// One chunk being written: its bytes (header space included), its tables, and the names and
/// templates it defines, with what the record being added defined (undone if it does not fit).
struct Chunk {
    buf: Vec<u8>,
    strings: [u32; 64],
    templates: [u32; 32],
    names: FastMap<Box<str>, u32>,
    defined: FastMap<Box<[u8]>, (u32, u32)>,
    new_names: Vec<Box<str>>,
    new_templates: Vec<Box<[u8]>>,
    first_id: u64,
    last_id: Option<u64>,
    last_offset: usize,
    /// A scratch buffer for template keys.
    key: Vec<u8>,
    /// The size of the last record `add` refused.
    refused: usize,
}

impl Default for Chunk {
    fn default() -> Self {
        Chunk {
            buf: vec![0; CHUNK_HEADER_SIZE],
            strings: [0; 64],
            templates: [0; 32],
            names: FastMap::default(),
            defined: FastMap::default(),
            new_names: Vec::new(),
            new_templates: Vec::new(),
            first_id: 0,
            last_id: None,
            last_offset: 0,
            key: Vec::new(),
            refused: 0,
        }
    }
}

type W = Result<(), String>;

impl Chunk {
    fn is_empty(&self) -> bool {
        self.last_id.is_none()
    }

    fn reset(&mut self) {
        self.buf.clear();
        self.buf.resize(CHUNK_HEADER_SIZE, 0);
        self.strings = [0; 64];
        self.templates = [0; 32];
        self.names.clear();
        self.defined.clear();
        self.last_id = None;
    }

    /// Adds a record; `false` (and the chunk as it was) when it does not fit.
    fn add(&mut self, e: &EventRef<'_>) -> Result<bool, String> {
        let start = self.buf.len();
        let (strings, templates) = (self.strings, self.templates);
        self.new_names.clear();
        self.new_templates.clear();
        self.record(e)?;
        if self.buf.len() > CHUNK_SIZE {
            self.refused = self.buf.len() - start;
            self.buf.truncate(start);
            self.strings = strings;
            self.templates = templates;
            for n in self.new_names.drain(..) {
                self.names.remove(&n);
            }
            for k in self.new_templates.drain(..) {
                self.defined.remove(&k);
            }
            return Ok(false);
        }
        if self.last_id.is_none() {
            self.first_id = e.record_id();
        }
        self.last_id = Some(e.record_id());
        self.last_offset = start;
        Ok(true)
    }

    /// The chunk's header (with its CRC32s) and its bytes, zero-padded to 64 KiB, onto `file`.
    fn finish_into(&mut self, file: &mut Vec<u8>) {
        let free = self.buf.len();
        let (first, last) = (self.first_id, self.last_id.unwrap_or(0));
        let records_crc = crc32fast::hash(&self.buf[CHUNK_HEADER_SIZE..free]);
        let h = &mut self.buf[..CHUNK_HEADER_SIZE];
        h[0..8].copy_from_slice(b"ElfChnk\0");
        // Record numbers and identifiers: the same in a log written in one pass.
        for (at, v) in [(8, first), (16, last), (24, first), (32, last)] {
            h[at..at + 8].copy_from_slice(&v.to_le_bytes());
        }
        h[40..44].copy_from_slice(&128u32.to_le_bytes());
        h[44..48].copy_from_slice(&(self.last_offset as u32).to_le_bytes());
        h[48..52].copy_from_slice(&(free as u32).to_le_bytes());
        h[52..56].copy_from_slice(&records_crc.to_le_bytes());
        for (i, v) in self.strings.iter().enumerate() {
            h[128 + 4 * i..132 + 4 * i].copy_from_slice(&v.to_le_bytes());
        }
        for (i, v) in self.templates.iter().enumerate() {
            h[384 + 4 * i..388 + 4 * i].copy_from_slice(&v.to_le_bytes());
        }
        let mut crc = crc32fast::Hasher::new();
        crc.update(&h[..120]);
        crc.update(&h[128..]);
        let crc = crc.finalize();
        h[124..128].copy_from_slice(&crc.to_le_bytes());
        file.extend_from_slice(&self.buf);
        file.resize(file.len() + CHUNK_SIZE - free, 0);
    }

    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn patch_u32(&mut self, at: usize, v: usize) {
        self.buf[at..at + 4].copy_from_slice(&(v as u32).to_le_bytes());
    }
    fn pos(&self) -> u32 {
        self.buf.len() as u32
    }

    /// UTF-16LE units of `s`; `max` bounds their count.
    fn utf16(&mut self, s: &str, max: usize) -> Result<usize, String> {
        let start = self.buf.len();
        for u in s.encode_utf16() {
            self.u16(u);
        }
        let units = (self.buf.len() - start) / 2;
        if units > max {
            return Err(format!(
                "a text of {units} UTF-16 units, more than the {max} a BinXML value holds"
            ));
        }
        Ok(units)
    }

    /// One record: header, BinXML, the copy of its size.
    fn record(&mut self, e: &EventRef<'_>) -> W {
        let start = self.buf.len();
        self.buf.extend_from_slice(&[0x2a, 0x2a, 0, 0]);
        self.u32(0);
        self.u64(e.record_id());
        self.u64(e.time().0);
        self.buf.extend_from_slice(&token::FRAGMENT_HEADER);
        let values = system_values(e);
        let payload = payload(e);
        let slots = match &payload {
            Payload::Tree(tops) => tops.len().max(1),
            _ => 1,
        };
        self.key.clear();
        self.key.push(b'S');
        self.key
            .extend(values.iter().enumerate().map(|(i, v)| declared(i, v)));
        self.key.extend_from_slice(&(slots as u32).to_le_bytes());
        let key = std::mem::take(&mut self.key);
        let mut types = [0u8; SYSTEM_SLOTS];
        types.copy_from_slice(&key[1..=SYSTEM_SLOTS]);
        let r = self.instance(&key, |c| c.system_template(&types, slots));
        self.key = key;
        r?;
        // The values: the System slots, then the payload slots (nested BinXML).
        self.u32((SYSTEM_SLOTS + slots) as u32);
        let descriptors = self.buf.len();
        self.buf.resize(descriptors + 4 * (SYSTEM_SLOTS + slots), 0);
        let mut slot = 0;
        for v in &values {
            let at = self.buf.len();
            self.value(v)?;
            self.descriptor(descriptors, slot, self.buf.len() - at, v.ty())?;
            slot += 1;
        }
        match &payload {
            Payload::None => self.descriptor(descriptors, slot, 0, ty::NULL)?,
            Payload::Pairs(words) => {
                let at = self.buf.len();
                self.fragment(|c| c.pairs(e, words))?;
                self.descriptor(descriptors, slot, self.buf.len() - at, ty::BINXML)?;
            }
            Payload::Tree(tops) if tops.is_empty() => {
                self.descriptor(descriptors, slot, 0, ty::NULL)?
            }
            Payload::Tree(tops) => {
                for top in tops {
                    let at = self.buf.len();
                    self.fragment(|c| c.tree(e, *top))?;
                    self.descriptor(descriptors, slot, self.buf.len() - at, ty::BINXML)?;
                    slot += 1;
                }
            }
        }
        self.u8(token::EOF);
        let size = self.buf.len() + 4 - start;
        self.u32(size as u32);
        self.patch_u32(start + 4, size);
        Ok(())
    }

    /// Sets value descriptor `slot` of the table at `at`: size, type, a zero byte.
    fn descriptor(&mut self, at: usize, slot: usize, size: usize, ty: u8) -> W {
        let size = u16::try_from(size)
            .map_err(|_| format!("a value of {size} bytes, more than the 65,535 one holds"))?;
        let d = at + 4 * slot;
        self.buf[d..d + 2].copy_from_slice(&size.to_le_bytes());
        self.buf[d + 2] = ty;
        self.buf[d + 3] = 0;
        Ok(())
    }

    fn value(&mut self, v: &Value<'_>) -> W {
        match v {
            Value::Null => {}
            Value::Str(s) => {
                self.utf16(s, usize::from(u16::MAX) / 2)?;
            }
            Value::U8(n) => self.u8(*n),
            Value::U16(n) => self.u16(*n),
            Value::U32(n) => self.u32(*n),
            Value::U64(n) | Value::Hex64(n) | Value::FileTime(n) => self.u64(*n),
            Value::Guid(g) => self.buf.extend_from_slice(g),
            Value::Sid(b) => self.buf.extend_from_slice(b),
        }
        Ok(())
    }

    /// A nested BinXML value: fragment header, one template instance, end of stream.
    fn fragment(&mut self, body: impl FnOnce(&mut Chunk) -> W) -> W {
        self.buf.extend_from_slice(&token::FRAGMENT_HEADER);
        body(self)?;
        self.u8(token::EOF);
        Ok(())
    }

    /// A template instance's head: the template's ID and offset, and the definition itself
    /// when this chunk has not defined it yet. The caller writes the values.
    fn instance(&mut self, key: &[u8], define: impl FnOnce(&mut Chunk) -> W) -> W {
        self.u8(token::TEMPLATE_INSTANCE);
        self.u8(1);
        if let Some(&(id, offset)) = self.defined.get(key) {
            self.u32(id);
            self.u32(offset);
            return Ok(());
        }
        // A template's GUID names its shape: the same shape gets the same GUID in every chunk.
        let mut guid = [0u8; 16];
        guid.copy_from_slice(&Md5::digest(key));
        let id = u32::from_le_bytes([guid[0], guid[1], guid[2], guid[3]]);
        self.u32(id);
        let offset = self.pos() + 4;
        self.u32(offset);
        let bucket = (id % 32) as usize;
        self.u32(self.templates[bucket]);
        self.buf.extend_from_slice(&guid);
        let size_at = self.buf.len();
        self.u32(0);
        self.buf.extend_from_slice(&token::FRAGMENT_HEADER);
        define(self)?;
        self.u8(token::EOF);
        self.patch_u32(size_at, self.buf.len() - size_at - 4);
        self.templates[bucket] = offset;
        let key: Box<[u8]> = key.into();
        self.defined.insert(key.clone(), (id, offset));
        self.new_templates.push(key);
        Ok(())
    }

    /// A name reference, with the name itself (linked into its bucket) at its first use.
    fn name(&mut self, name: &str) -> W {
        if let Some(&offset) = self.names.get(name) {
            self.u32(offset);
            return Ok(());
        }
        let offset = self.pos() + 4;
        self.u32(offset);
        let hash = name.encode_utf16().fold(0u32, |h, u| {
            h.wrapping_mul(65599).wrapping_add(u32::from(u))
        }) as u16;
        let bucket = usize::from(hash) % 64;
        self.u32(self.strings[bucket]);
        self.u16(hash);
        let len_at = self.buf.len();
        self.u16(0);
        let units = self.utf16(name, usize::from(u16::MAX))?;
        self.buf[len_at..len_at + 2].copy_from_slice(&(units as u16).to_le_bytes());
        self.u16(0);
        self.strings[bucket] = offset;
        self.names.insert(name.into(), offset);
        self.new_names.push(name.into());
        Ok(())
    }

    /// An element start in a template (no dependency); returns where its sizes go.
    fn open(&mut self, name: &str, attributes: bool) -> Result<Open, String> {
        self.u8(if attributes {
            token::OPEN_START | token::MORE
        } else {
            token::OPEN_START
        });
        self.u16(0xffff);
        let size_at = self.buf.len();
        self.u32(0);
        self.name(name)?;
        let attrs_at = attributes.then(|| {
            let at = self.buf.len();
            self.u32(0);
            at
        });
        Ok(Open { size_at, attrs_at })
    }

    fn attr_name(&mut self, name: &str, more: bool) -> W {
        self.u8(if more {
            token::ATTRIBUTE | token::MORE
        } else {
            token::ATTRIBUTE
        });
        self.name(name)
    }

    fn text(&mut self, s: &str) -> W {
        self.u8(token::VALUE);
        self.u8(ty::STRING);
        let len_at = self.buf.len();
        self.u16(0);
        let units = self.utf16(s, usize::from(u16::MAX))?;
        self.buf[len_at..len_at + 2].copy_from_slice(&(units as u16).to_le_bytes());
        Ok(())
    }

    fn sub(&mut self, id: usize, ty: u8, optional: bool) {
        self.u8(if optional {
            token::OPTIONAL_SUBSTITUTION
        } else {
            token::SUBSTITUTION
        });
        self.u16(id as u16);
        self.u8(ty);
    }

    /// Ends the start tag: `/>` when `empty`, else `>` (content and `end` follow).
    fn close_start(&mut self, o: &Open, empty: bool) {
        if let Some(at) = o.attrs_at {
            self.patch_u32(at, self.buf.len() - at - 4);
        }
        if empty {
            self.u8(token::CLOSE_EMPTY);
            self.patch_u32(o.size_at, self.buf.len() - o.size_at - 4);
        } else {
            self.u8(token::CLOSE_START);
        }
    }

    fn end(&mut self, o: &Open) {
        self.u8(token::END_ELEMENT);
        self.patch_u32(o.size_at, self.buf.len() - o.size_at - 4);
    }

    /// `<name attr=%id .../>` with every attribute an optional substitution.
    fn empty_elem(&mut self, name: &str, attrs: &[(&str, usize)], types: &[u8]) -> W {
        let o = self.open(name, true)?;
        for (i, (attr, id)) in attrs.iter().enumerate() {
            self.attr_name(attr, i + 1 < attrs.len())?;
            self.sub(*id, types[*id], true);
        }
        self.close_start(&o, true);
        Ok(())
    }

    /// `<name>%id</name>`.
    fn text_elem(&mut self, name: &str, id: usize, types: &[u8]) -> W {
        let o = self.open(name, false)?;
        self.close_start(&o, false);
        self.sub(id, types[id], false);
        self.end(&o);
        Ok(())
    }

    /// The System template, in the order `wevtutil` prints the elements; the payload slots
    /// follow `System`.
    fn system_template(&mut self, types: &[u8], payload_slots: usize) -> W {
        let event = self.open("Event", true)?;
        self.attr_name("xmlns", false)?;
        self.text(NS)?;
        self.close_start(&event, false);
        let system = self.open("System", false)?;
        self.close_start(&system, false);
        self.empty_elem(
            "Provider",
            &[("Name", 0), ("Guid", 1), ("EventSourceName", 2)],
            types,
        )?;
        let id = self.open("EventID", true)?;
        self.attr_name("Qualifiers", false)?;
        self.sub(3, types[3], true);
        self.close_start(&id, false);
        self.sub(4, types[4], false);
        self.end(&id);
        for (name, slot) in [
            ("Version", 5),
            ("Level", 6),
            ("Task", 7),
            ("Opcode", 8),
            ("Keywords", 9),
        ] {
            self.text_elem(name, slot, types)?;
        }
        self.empty_elem("TimeCreated", &[("SystemTime", 10)], types)?;
        self.text_elem("EventRecordID", 11, types)?;
        self.empty_elem(
            "Correlation",
            &[("ActivityID", 12), ("RelatedActivityID", 13)],
            types,
        )?;
        self.empty_elem("Execution", &[("ProcessID", 14), ("ThreadID", 15)], types)?;
        self.text_elem("Channel", 16, types)?;
        self.text_elem("Computer", 17, types)?;
        self.empty_elem("Security", &[("UserID", 18)], types)?;
        self.end(&system);
        for slot in 0..payload_slots {
            self.sub(SYSTEM_SLOTS + slot, ty::BINXML, true);
        }
        self.end(&event);
        Ok(())
    }

    /// `EventData` of `Data` items: the names in the template, the values as strings.
    fn pairs(&mut self, e: &EventRef<'_>, words: &[u32]) -> W {
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        key.push(b'D');
        for p in words.chunks_exact(2) {
            push_key(&mut key, e.sym(p[0]));
        }
        let r = self.instance(&key, |c| {
            let data = c.open("EventData", false)?;
            c.close_start(&data, words.is_empty());
            for (i, p) in words.chunks_exact(2).enumerate() {
                let name = e.sym(p[0]);
                let o = c.open("Data", !name.is_empty())?;
                if !name.is_empty() {
                    c.attr_name("Name", false)?;
                    c.text(name)?;
                }
                c.close_start(&o, false);
                c.sub(i, ty::STRING, false);
                c.end(&o);
            }
            if !words.is_empty() {
                c.end(&data);
            }
            Ok(())
        });
        self.key = key;
        r?;
        let n = words.len() / 2;
        self.values(n, words.chunks_exact(2).map(|p| e.sym(p[1])))
    }

    /// A tree's element: names and attributes in the template, texts as strings.
    fn tree(&mut self, e: &EventRef<'_>, top: TreeNode<'_>) -> W {
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        key.push(b'T');
        tree_key(e, top, &mut key);
        let r = self.instance(&key, |c| {
            let mut next = 0;
            c.tree_template(e, top, &mut next)
        });
        self.key = key;
        r?;
        let mut texts = Vec::new();
        tree_texts(e, top, &mut texts);
        self.values(texts.len(), texts.into_iter())
    }

    fn tree_template(&mut self, e: &EventRef<'_>, n: TreeNode<'_>, next: &mut usize) -> W {
        let attrs: Vec<(u32, u32)> = n.attrs().collect();
        let o = self.open(e.sym(n.name()), !attrs.is_empty())?;
        for (i, (k, v)) in attrs.iter().enumerate() {
            self.attr_name(e.sym(*k), i + 1 < attrs.len())?;
            self.text(e.sym(*v))?;
        }
        let has_children = n.children().next().is_some();
        if n.text() == 0 && !has_children {
            self.close_start(&o, true);
            return Ok(());
        }
        self.close_start(&o, false);
        if n.text() != 0 {
            self.sub(*next, ty::STRING, false);
            *next += 1;
        }
        for c in n.children() {
            self.tree_template(e, c, next)?;
        }
        self.end(&o);
        Ok(())
    }

    /// An instance's values: `n` strings.
    fn values<'s>(&mut self, n: usize, texts: impl Iterator<Item = &'s str>) -> W {
        self.u32(n as u32);
        let descriptors = self.buf.len();
        self.buf.resize(descriptors + 4 * n, 0);
        for (slot, t) in texts.enumerate() {
            let at = self.buf.len();
            self.utf16(t, usize::from(u16::MAX) / 2)?;
            self.descriptor(descriptors, slot, self.buf.len() - at, ty::STRING)?;
        }
        Ok(())
    }
}

/// Where an open element's sizes go once known.
struct Open {
    size_at: usize,
    attrs_at: Option<usize>,
}

fn push_key(key: &mut Vec<u8>, s: &str) {
    key.extend_from_slice(&(s.len() as u32).to_le_bytes());
    key.extend_from_slice(s.as_bytes());
}

/// The shape of a tree element: names, attributes, which elements have text, nesting.
fn tree_key(e: &EventRef<'_>, n: TreeNode<'_>, key: &mut Vec<u8>) {
    push_key(key, e.sym(n.name()));
    let attrs: Vec<(u32, u32)> = n.attrs().collect();
    key.extend_from_slice(&(attrs.len() as u32).to_le_bytes());
    for (k, v) in attrs {
        push_key(key, e.sym(k));
        push_key(key, e.sym(v));
    }
    key.push(u8::from(n.text() != 0));
    let children: Vec<TreeNode<'_>> = n.children().collect();
    key.extend_from_slice(&(children.len() as u32).to_le_bytes());
    for c in children {
        tree_key(e, c, key);
    }
}

/// The texts of a tree element, in document order.
fn tree_texts<'a>(e: &EventRef<'a>, n: TreeNode<'_>, out: &mut Vec<&'a str>) {
    if n.text() != 0 {
        out.push(e.sym(n.text()));
    }
    for c in n.children() {
        tree_texts(e, c, out);
    }
}

/// The file name Windows gives a log (`Microsoft-Windows-X/Operational` is
/// `Microsoft-Windows-X%4Operational.evtx`); characters no file name may hold become `_`.
pub fn evtx_file_name(channel: &str) -> String {
    let mut s: String = channel
        .chars()
        .map(|c| match c {
            '/' => '\u{0}',
            '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c < ' ' => '_',
            c => c,
        })
        .collect::<String>()
        .replace('\u{0}', "%4");
    if s.is_empty() || s.trim_matches('.').is_empty() {
        s.insert(0, '_');
    }
    s.push_str(".evtx");
    s
}
