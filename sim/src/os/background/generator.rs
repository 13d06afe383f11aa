//! The generator: queued events (time, kind, data words) appended in time order with records
//! built directly from interned strings.

use super::kinds::{Kind, MIN};
use crate::clock::FileTime;
use crate::eventlog::payload::TreeBuilder;
use crate::eventlog::store::{Rec, Sym, flags};
use crate::eventlog::{EventLog, templates};
use crate::random::Rng;

/// Slots of `Gen::sym`'s cache.
pub(super) const SYM_CACHE: usize = 509;

/// One event waiting to be appended: its time (FILETIME), order of generation, kind and data.
pub(super) struct Pending {
    time: u64,
    seq: u32,
    kind: &'static Kind,
    off: u32,
    len: u32,
}

/// The generator: the host's log (for interning), the stream, and what it has generated.
pub(super) struct Gen<'a> {
    pub(super) log: &'a mut EventLog,
    pub(super) rng: Rng,
    /// The clock's now, in seconds since 1601.
    pub(super) now: i64,
    pub(super) pending: Vec<Pending>,
    pub(super) words: Vec<u32>,
    pub(super) tree: TreeBuilder,
    pub(super) cache: Box<[(usize, Sym); SYM_CACHE]>,
    pub(super) xmlns: (Sym, Sym),
    pub(super) user_data: Sym,
    pub(super) event_xml: Sym,
}

impl<'a> Gen<'a> {
    pub(super) fn new(log: &'a mut EventLog, rng: Rng, now: i64) -> Gen<'a> {
        let s = log.strings_mut();
        let xmlns = (s.intern("xmlns"), s.intern("Event_NS"));
        let user_data = s.intern("UserData");
        let event_xml = s.intern("EventXML");
        Gen {
            log,
            rng,
            now,
            pending: Vec::with_capacity(4096),
            words: Vec::with_capacity(16_384),
            tree: TreeBuilder::default(),
            cache: Box::new([(0, 0); SYM_CACHE]),
            xmlns,
            user_data,
            event_xml,
        }
    }

    /// The symbol of `s`. Most data strings are constants of this file, so a small cache
    /// keyed by the string's address (and checked against its text) spares hashing them.
    pub(super) fn sym(&mut self, s: &str) -> Sym {
        let slot = ((s.as_ptr() as usize >> 3) ^ s.len()) % SYM_CACHE;
        let (ptr, sym) = self.cache[slot];
        if ptr == s.as_ptr() as usize && self.log.strings().str(sym) == s {
            return sym;
        }
        let sym = self.log.strings_mut().intern(s);
        self.cache[slot] = (s.as_ptr() as usize, sym);
        sym
    }

    /// Queues an event at `secs` (seconds since 1601, a random fraction added) unless it
    /// would be later than a minute before now.
    pub(super) fn at(&mut self, secs: i64, kind: &'static Kind, data: &[(&str, &str)]) -> bool {
        if secs > self.now - MIN || secs < 0 {
            return false;
        }
        let off = self.words.len() as u32;
        if kind.user_data {
            self.tree.words.clear();
            self.tree.open(self.user_data, &[]);
            self.tree.open(self.event_xml, &[self.xmlns]);
            for (n, v) in data {
                let (n, v) = (self.sym(n), self.sym(v));
                self.tree.open(n, &[]);
                self.tree.text(v);
                self.tree.close();
            }
            self.tree.close();
            self.tree.close();
            self.words.extend_from_slice(&self.tree.words);
        } else {
            for (n, v) in data {
                let (n, v) = (self.sym(n), self.sym(v));
                self.words.push(n);
                self.words.push(v);
            }
        }
        let frac = self.rng.below(FileTime::TICKS_PER_SEC);
        self.pending.push(Pending {
            time: ticks(secs).0.saturating_add(frac),
            seq: self.pending.len() as u32,
            kind,
            off,
            len: self.words.len() as u32 - off,
        });
        true
    }

    pub(super) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.between(lo, hi)
    }

    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.rng.below(100) < percent
    }

    /// Appends every queued event in time order (ties in generation order).
    pub(super) fn flush(self, computer: &str) {
        let Gen {
            log,
            mut pending,
            words,
            ..
        } = self;
        pending.sort_unstable_by_key(|p| (p.time, p.seq));
        let computer = log.strings_mut().intern(computer);
        // The constant part of each kind's records, built once per kind.
        let mut bases: Vec<(*const Kind, Rec)> = Vec::with_capacity(40);
        for p in &pending {
            let base = match bases.iter().find(|(k, _)| std::ptr::eq(*k, p.kind)) {
                Some((_, rec)) => *rec,
                None => {
                    let rec = kind_rec(log, p.kind, computer);
                    bases.push((p.kind, rec));
                    rec
                }
            };
            let rec = Rec {
                time: p.time,
                ..base
            };
            let payload = &words[p.off as usize..(p.off + p.len) as usize];
            log.append_raw(p.kind.channel, rec, payload);
        }
    }
}

/// `secs` seconds since 1601 as a FILETIME (saturating: a clock near FILETIME's end).
pub(super) fn ticks(secs: i64) -> FileTime {
    FileTime((secs.max(0) as u64).saturating_mul(FileTime::TICKS_PER_SEC))
}

/// The constant part of a kind's records.
pub(super) fn kind_rec(log: &mut EventLog, k: &Kind, computer: Sym) -> Rec {
    let info = templates::provider(k.provider);
    let s = log.strings_mut();
    let pid = info.map_or(0, |p| p.process_id);
    let mut flags_ = 0;
    if k.qualifiers.is_some() {
        flags_ |= flags::QUALIFIERS;
    }
    if k.user_data {
        flags_ |= flags::TREE;
    }
    Rec {
        keywords: k.keywords,
        provider: s.intern(k.provider),
        guid: info.map_or(0, |p| s.intern(p.guid)),
        source: info.map_or(0, |p| s.intern(p.source)),
        computer,
        user: if k.user.is_empty() {
            0
        } else {
            s.intern(k.user)
        },
        pid,
        tid: if pid == 0 { 0 } else { pid + 4 },
        event_id: k.id,
        qualifiers: k.qualifiers.unwrap_or(0),
        task: k.task,
        level: k.level,
        flags: flags_,
        ..Rec::default()
    }
}
