//! Storage: interned strings, compact records, append-only segments shared between forks.
//!
//! A channel is a list of frozen segments (`Arc`s, never changed again) plus a tail segment.
//! Cloning a log clones two `Arc`s. After a fork, the first write to a shared tail either copies
//! it (when small) or freezes it, so no write ever copies more than a small, bounded tail.
//! Each segment keeps an index on (provider, EventID) and its time range.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// An interned string's number; 0 is always the empty string.
pub type Sym = u32;

/// A small, fast, deterministic hasher for symbols and short strings (FNV-style multiply-xor).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        self.0 = h;
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u16(&mut self, i: u16) {
        self.write_u32(i as u32);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

/// `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[derive(Default, Clone)]
struct Table {
    strs: Vec<Arc<str>>,
    map: FastMap<Arc<str>, Sym>,
}

/// Strings shared by every record (provider names, computers, SIDs, insertion strings).
///
/// Two levels: a large frozen `base` shared by forks and a small `local` part copied on write;
/// `local` is merged into `base` when it grows, so a write never copies the whole table twice.
#[derive(Clone)]
pub struct Interner {
    base: Arc<Table>,
    local: Arc<Table>,
}

impl Default for Interner {
    fn default() -> Self {
        let mut t = Table::default();
        let e: Arc<str> = Arc::from("");
        t.strs.push(e.clone());
        t.map.insert(e, 0);
        Interner {
            base: Arc::new(t),
            local: Arc::new(Table::default()),
        }
    }
}

impl Interner {
    /// The symbol of `s`, if interned.
    pub fn get(&self, s: &str) -> Option<Sym> {
        self.base
            .map
            .get(s)
            .or_else(|| self.local.map.get(s))
            .copied()
    }

    /// Interns `s`.
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(v) = self.get(s) {
            return v;
        }
        let id = (self.base.strs.len() + self.local.strs.len()) as Sym;
        let a: Arc<str> = Arc::from(s);
        let local = Arc::make_mut(&mut self.local);
        local.strs.push(a.clone());
        local.map.insert(a, id);
        if local.strs.len() > 4096.max(self.base.strs.len() / 4) {
            let local = std::mem::take(Arc::make_mut(&mut self.local));
            let base = Arc::make_mut(&mut self.base);
            base.strs.extend(local.strs);
            base.map.extend(local.map);
        }
        id
    }

    /// The text of a symbol.
    pub fn str(&self, sym: Sym) -> &str {
        let b = self.base.strs.len();
        let i = sym as usize;
        if i < b {
            &self.base.strs[i]
        } else {
            &self.local.strs[i - b]
        }
    }

    /// Bytes held by the strings and the lookup maps (an estimate, for the benchmarks).
    pub fn heap_bytes(&self) -> usize {
        let per = |t: &Table| {
            t.strs.iter().map(|s| s.len() + 16).sum::<usize>()
                + t.strs.capacity() * 16
                + t.map.capacity() * 24
        };
        per(&self.base) + per(&self.local)
    }
}

/// Record flags.
pub mod flags {
    /// `EventID` carries `@Qualifiers`.
    pub const QUALIFIERS: u8 = 1;
    /// The payload is a generic element tree (else simple `EventData/Data` pairs).
    pub const TREE: u8 = 2;
    /// The record has an `EventData` element even with no items.
    pub const EMPTY_EVENTDATA: u8 = 4;
}

/// One stored record: the System part as numbers and symbols, the payload in the segment's words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rec {
    /// TimeCreated (FILETIME).
    pub time: u64,
    /// EventRecordID.
    pub record_id: u64,
    /// Keywords.
    pub keywords: u64,
    /// Provider name.
    pub provider: Sym,
    /// Provider GUID text (0 = none).
    pub guid: Sym,
    /// EventSourceName (0 = none).
    pub source: Sym,
    /// Computer.
    pub computer: Sym,
    /// User SID text (0 = none).
    pub user: Sym,
    /// Correlation ActivityID (0 = none).
    pub activity: Sym,
    /// Correlation RelatedActivityID (0 = none).
    pub related: Sym,
    /// Execution ProcessID.
    pub pid: u32,
    /// Execution ThreadID.
    pub tid: u32,
    /// Payload start in the segment's words.
    pub payload_off: u32,
    /// Payload length in words.
    pub payload_len: u32,
    /// EventID.
    pub event_id: u16,
    /// Qualifiers (valid with `flags::QUALIFIERS`).
    pub qualifiers: u16,
    /// Task.
    pub task: u16,
    /// Version.
    pub version: u8,
    /// Level.
    pub level: u8,
    /// Opcode.
    pub opcode: u8,
    /// `flags::*`.
    pub flags: u8,
}

/// Up to `SEGMENT_MAX` records with their payload words and index.
#[derive(Clone, Default)]
pub struct Segment {
    /// Records in append order.
    pub recs: Vec<Rec>,
    /// Payload words (see `payload.rs`).
    pub words: Vec<u32>,
    /// (provider, EventID) -> positions in `recs`, ascending.
    pub index: FastMap<(Sym, u16), Vec<u32>>,
    /// Smallest TimeCreated.
    pub min_time: u64,
    /// Largest TimeCreated.
    pub max_time: u64,
}

/// Records per segment before it is frozen.
pub const SEGMENT_MAX: usize = 1 << 16;
/// A shared tail smaller than this is copied on write; a larger one is frozen.
const COPY_TAIL_MAX: usize = 512;

impl Segment {
    fn push(&mut self, mut rec: Rec, payload: &[u32]) {
        rec.payload_off = self.words.len() as u32;
        rec.payload_len = payload.len() as u32;
        self.words.extend_from_slice(payload);
        let pos = self.recs.len() as u32;
        if self.recs.is_empty() {
            self.min_time = rec.time;
            self.max_time = rec.time;
        } else {
            self.min_time = self.min_time.min(rec.time);
            self.max_time = self.max_time.max(rec.time);
        }
        self.index
            .entry((rec.provider, rec.event_id))
            .or_default()
            .push(pos);
        self.recs.push(rec);
    }

    /// The payload words of a record.
    pub fn payload(&self, rec: &Rec) -> &[u32] {
        let s = rec.payload_off as usize;
        &self.words[s..s + rec.payload_len as usize]
    }

    /// Heap bytes (for the benchmarks).
    pub fn heap_bytes(&self) -> usize {
        self.recs.capacity() * std::mem::size_of::<Rec>()
            + self.words.capacity() * 4
            + self.index.capacity() * 40
            + self.index.values().map(|v| v.capacity() * 4).sum::<usize>()
    }
}

/// One channel (log): its name and records.
#[derive(Clone)]
pub struct Channel {
    /// The channel's name as Windows spells it.
    pub name: Arc<str>,
    frozen: Arc<Vec<Arc<Segment>>>,
    tail: Arc<Segment>,
    /// The next EventRecordID.
    pub next_id: u64,
    /// Records held.
    pub count: usize,
    /// When the log was created or last cleared (FILETIME), for `gli`.
    pub created: u64,
    /// When the log was last written (FILETIME), for `gli`.
    pub last_write: u64,
}

impl Channel {
    /// An empty channel.
    pub fn new(name: &str, now: u64) -> Channel {
        Channel {
            name: Arc::from(name),
            frozen: Arc::new(Vec::new()),
            tail: Arc::new(Segment::default()),
            next_id: 1,
            count: 0,
            created: now,
            last_write: now,
        }
    }

    /// Appends a record; `rec.record_id == 0` means "the next id".
    pub fn append(&mut self, mut rec: Rec, payload: &[u32]) {
        if rec.record_id == 0 {
            rec.record_id = self.next_id;
        }
        self.next_id = self.next_id.max(rec.record_id.saturating_add(1));
        if Arc::get_mut(&mut self.tail).is_none() {
            if self.tail.recs.len() < COPY_TAIL_MAX {
                self.tail = Arc::new((*self.tail).clone());
            } else {
                self.freeze();
            }
        }
        if self.tail.recs.len() >= SEGMENT_MAX {
            self.freeze();
        }
        self.last_write = self.last_write.max(rec.time);
        self.count += 1;
        Arc::get_mut(&mut self.tail)
            .expect("tail is unique after the checks above")
            .push(rec, payload);
    }

    fn freeze(&mut self) {
        let t = std::mem::replace(&mut self.tail, Arc::new(Segment::default()));
        Arc::make_mut(&mut self.frozen).push(t);
    }

    /// Removes every record (`wevtutil cl`).
    pub fn clear(&mut self, now: u64) {
        self.frozen = Arc::new(Vec::new());
        self.tail = Arc::new(Segment::default());
        self.count = 0;
        self.next_id = 1;
        self.created = now;
    }

    /// Segments, oldest first.
    pub fn segments(&self) -> impl DoubleEndedIterator<Item = &Segment> + Clone {
        self.frozen
            .iter()
            .map(|s| &**s)
            .chain(std::iter::once(&*self.tail))
    }

    /// Heap bytes held by this channel's segments (shared ones included).
    pub fn heap_bytes(&self) -> usize {
        self.segments().map(Segment::heap_bytes).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_keeps_ids_across_merges() {
        let mut i = Interner::default();
        let ids: Vec<Sym> = (0..10_000).map(|n| i.intern(&format!("s{n}"))).collect();
        let fork = i.clone();
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(fork.str(*id), format!("s{n}"));
            assert_eq!(i.get(&format!("s{n}")), Some(*id));
        }
        assert_eq!(i.str(0), "");
    }

    #[test]
    fn a_fork_sees_its_own_appends_only() {
        let mut a = Channel::new("System", 0);
        for t in 0..1000 {
            a.append(
                Rec {
                    time: t,
                    ..Rec::default()
                },
                &[],
            );
        }
        let mut b = a.clone();
        a.append(
            Rec {
                time: 5000,
                event_id: 1,
                ..Rec::default()
            },
            &[],
        );
        b.append(
            Rec {
                time: 6000,
                event_id: 2,
                ..Rec::default()
            },
            &[7],
        );
        let last = |c: &Channel| *c.segments().flat_map(|s| s.recs.iter()).last().unwrap();
        assert_eq!((last(&a).event_id, last(&a).record_id), (1, 1001));
        assert_eq!((last(&b).event_id, last(&b).record_id), (2, 1001));
        assert_eq!(a.count, 1001);
        assert_eq!(b.segments().flat_map(|s| s.recs.iter()).count(), 1001);
    }
}
