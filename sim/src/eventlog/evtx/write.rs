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
//! - `write.rs`   the file: header, chunks, their string and template tables, CRC32s;
//! - `binxml.rs`  a record's BinXML: the System template, payload templates, the values;
//! - `values.rs`  which type each value is written as, and what the payload is.
//!
//! What XML cannot carry cannot be written either: an attribute whose value is empty is left
//! out (readers drop it), and readers show control characters other than tab, CR and LF as `_`.

mod binxml;
#[cfg(test)]
mod tests;
mod values;

use super::{CHUNK_HEADER_SIZE, CHUNK_SIZE, FILE_HEADER_SIZE};
use crate::eventlog::store::FastMap;
use crate::eventlog::{EventLog, EventRef};
use binxml::token;
use md5::{Digest, Md5};

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
