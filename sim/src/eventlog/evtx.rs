//! Importing real `.evtx` files: the `evtx` crate reads the file's chunks; each chunk's records
//! are read straight from their BinXML (`binxml.rs`), and fed to the same event builder as the
//! XML importer, so imported records keep their `EventData`/`UserData` structure. A chunk that
//! reader does not take whole (unusual value types, damage) is read as before: each record
//! rendered to XML by the crate and read by our XML importer. A record or chunk that cannot be
//! read is reported (`file: chunk N record M: reason`) and the import goes on.
//!
//! `write.rs` writes a log as a real `.evtx` file, which both this importer and the crate read
//! back record for record.

mod binxml;
#[cfg(test)]
mod tests;
mod values;
mod write;

pub(crate) use write::write_evtx;
pub use write::{EvtxWriteError, evtx_file_name};

use super::import::parse_event;
use super::{EventLog, EvtxImport};
use crate::error::InputError;
use evtx::{EvtxParser, ParserSettings};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::sync::Arc;

fn reason(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

pub(crate) fn import_evtx(
    log: &mut EventLog,
    bytes: &[u8],
    file: &str,
) -> Result<EvtxImport, InputError> {
    import(log, bytes, file, true).map(|(r, _)| r)
}

/// The import, and how many chunks were read straight from their BinXML.
#[cfg(test)]
fn import_counting(log: &mut EventLog, bytes: &[u8], file: &str) -> (EvtxImport, usize) {
    import(log, bytes, file, true).expect("an EVTX file")
}

/// The import through the crate's XML only, record by record: the reference the BinXML
/// reader is checked against.
#[cfg(test)]
pub(crate) fn import_evtx_via_xml(
    log: &mut EventLog,
    bytes: &[u8],
    file: &str,
) -> Result<EvtxImport, InputError> {
    import(log, bytes, file, false).map(|(r, _)| r)
}

/// The EVTX file header's size: chunks start after it.
const FILE_HEADER_SIZE: usize = 4096;
/// Every chunk is 64 KiB.
const CHUNK_SIZE: usize = 65536;
/// A chunk needs at least its own header (512 bytes) to be worth reading.
const CHUNK_HEADER_SIZE: usize = 512;

/// How many bytes of a last, incomplete chunk the file holds, if it has one worth reading.
fn partial_chunk(len: usize) -> Option<usize> {
    let partial = len.checked_sub(FILE_HEADER_SIZE)? % CHUNK_SIZE;
    (partial >= CHUNK_HEADER_SIZE).then_some(partial)
}

/// Zeroes a chunk cut `len` bytes in from its first record that does not end, whole, before
/// the cut: read with the zeros after the cut, it would come back with its values cut short.
/// Zeros where a record should start end the chunk for the readers.
fn blank_cut_record(chunk: &mut [u8], len: usize) {
    let mut at = CHUNK_HEADER_SIZE;
    while at + 24 <= len && chunk[at..at + 4] == *b"\x2a\x2a\x00\x00" {
        let size = u32::from_le_bytes([chunk[at + 4], chunk[at + 5], chunk[at + 6], chunk[at + 7]]);
        let end = at.saturating_add(size as usize);
        let whole = size >= 28 && end <= len && chunk[end - 4..end] == size.to_le_bytes();
        if !whole {
            break;
        }
        at = end;
    }
    let from = at.min(chunk.len());
    chunk[from..].fill(0);
}

fn import(
    log: &mut EventLog,
    bytes: &[u8],
    file: &str,
    fast: bool,
) -> Result<(EvtxImport, usize), InputError> {
    let mut fast_chunks = 0;
    let mut staged = Vec::new();
    let settings = ParserSettings::new().num_threads(1).indent(false);
    let mut out = EvtxImport::default();
    let mut buffer = bytes.to_vec();
    // A file cut short inside its last chunk (a copy of a log still being written, a damaged
    // disk) would be skipped silently by the crate, which reads whole chunks only. Padding the
    // chunk with zeros lets the records that are complete import; the first one that is not,
    // and everything after it, is blanked, and the cut is reported.
    if let Some(partial) = partial_chunk(bytes.len()) {
        out.errors.push(format!(
            "{file}: chunk {}: the file ends {partial} bytes into this chunk of {CHUNK_SIZE}; \
             records after that point are lost",
            (bytes.len() - FILE_HEADER_SIZE) / CHUNK_SIZE
        ));
        buffer.resize(bytes.len() + CHUNK_SIZE - partial, 0);
        let start = bytes.len() - partial;
        blank_cut_record(&mut buffer[start..], partial);
    }
    let mut parser = EvtxParser::from_buffer(buffer)
        .map_err(|e| InputError::new(file, 0, format!("not an EVTX file: {}", reason(&e))))?
        .with_configuration(settings.clone());
    let settings = Arc::new(settings);
    for (n, chunk) in parser.chunks().enumerate() {
        let mut data = match chunk {
            Ok(c) => c,
            Err(e) => {
                out.errors
                    .push(format!("{file}: chunk {n}: {}", reason(&e)));
                continue;
            }
        };
        let number = data.number.unwrap_or(n as u64);
        let mut chunk = match data.parse(settings.clone()) {
            Ok(c) => c,
            Err(e) => {
                out.errors
                    .push(format!("{file}: chunk {number}: {}", reason(&e)));
                continue;
            }
        };
        if fast {
            staged.clear();
            if binxml::read_chunk(log, chunk.data, chunk.header, &mut staged).is_ok() {
                out.imported += staged.len();
                fast_chunks += 1;
                for p in staged.drain(..) {
                    let channel = p.channel.unwrap_or_default();
                    log.append_raw(&channel, p.rec, &p.words);
                }
                continue;
            }
        }
        for (m, record) in chunk.iter().enumerate() {
            let xml = match record.and_then(|r| r.into_xml_bytes()) {
                Ok(x) => x.data,
                Err(e) => {
                    out.errors
                        .push(format!("{file}: chunk {number} record {m}: {}", reason(&e)));
                    continue;
                }
            };
            match add_record(log, &xml) {
                Ok(()) => out.imported += 1,
                Err(e) => out
                    .errors
                    .push(format!("{file}: chunk {number} record {m}: {e}")),
            }
        }
    }
    Ok((out, fast_chunks))
}

/// Parses one record's XML and appends it to its channel.
fn add_record(log: &mut EventLog, xml: &[u8]) -> Result<(), String> {
    let mut r = Reader::from_reader(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"Event" => break,
            Ok(Event::Eof) => return Err("no <Event> element".into()),
            Ok(_) => {}
            Err(e) => return Err(format!("malformed XML: {e}")),
        }
    }
    let p = parse_event(log, &mut r).map_err(|(_, m)| m)?;
    let channel = p.channel.ok_or("event without <Channel>")?;
    log.append_raw(&channel, p.rec, &p.words);
    Ok(())
}

/// The `evtx` crate's own iteration over a file, records rendered to XML as its `records()`
/// does, single-threaded: (records read, records that failed). The reference the import is
/// checked and measured against.
pub fn evtx_crate_records(bytes: &[u8]) -> Result<(usize, usize), String> {
    let mut parser = EvtxParser::from_buffer(bytes.to_vec())
        .map_err(|e| reason(&e))?
        .with_configuration(ParserSettings::new().num_threads(1));
    let (mut ok, mut bad) = (0, 0);
    for r in parser.records() {
        match r {
            Ok(_) => ok += 1,
            Err(_) => bad += 1,
        }
    }
    Ok((ok, bad))
}
