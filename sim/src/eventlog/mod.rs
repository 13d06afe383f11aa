//! The event log: channels and records, stored append-only and shared between forks.
//!
//! What lives where:
//! - `store.rs`: interned strings, the compact record, segments with their index, channels;
//! - `payload.rs`: `EventData`/`UserData` as words (simple pairs or an element tree);
//! - `templates.rs`: providers, default channels, English message templates (tables);
//! - `record.rs`: `EventRef`, a borrowed view of one record, with its accessors;
//! - `render.rs`: `wevtutil` renderings (text, XML, RenderedXml);
//! - `xpath/`: the structured-query language (parser, evaluator, QueryList);
//! - `query.rs`: running a query over a channel through the index;
//! - `import.rs`: `events.xml` (wevtutil XML) import and export;
//! - `evtx.rs`: real `.evtx` import through the `evtx` crate; `evtx/write.rs` writes them.

mod evtx;

mod import;
pub(crate) mod payload;
mod query;
mod record;
pub mod render;
pub(crate) mod store;
pub(crate) mod templates;
pub(crate) mod xpath;

pub use evtx::{EvtxWriteError, evtx_crate_records, evtx_file_name};
pub use query::{QueryError, QueryOptions, check_syntax};
pub use record::EventRef;

use crate::clock::FileTime;
use crate::error::InputError;
use crate::principals::Sid;
use std::fmt;
use std::sync::Arc;
use store::{Channel, Interner, Rec, flags};

/// An event about to be written; the log assigns the record id, and the host fills in the time
/// and computer name when they are not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// Channel (`System`, `Microsoft-Windows-TerminalServices-SessionBroker/Operational`).
    pub channel: String,
    /// Provider name (`Schannel`).
    pub provider: String,
    /// EventID.
    pub event_id: u16,
    /// EventID qualifiers (classic events: 49152 for errors).
    pub qualifiers: Option<u16>,
    /// Level (2 Error, 4 Information).
    pub level: u8,
    /// Task.
    pub task: u16,
    /// Keywords bitmask.
    pub keywords: u64,
    /// Time created; `None` = the host's now.
    pub time: Option<FileTime>,
    /// User SID (`Security/@UserID`).
    pub user: Option<Sid>,
    /// `EventData/Data` items: (name, value); unnamed items use an empty name.
    pub data: Vec<(String, String)>,
    /// Version (default 0).
    pub version: u8,
    /// Opcode (default 0).
    pub opcode: u8,
    /// Execution ProcessID; `None` = the provider's usual process (table), else 0.
    pub process_id: Option<u32>,
    /// Execution ThreadID; `None` = derived from the process id.
    pub thread_id: Option<u32>,
    /// Correlation ActivityID (`{...}`), if any.
    pub activity_id: Option<String>,
}

impl NewEvent {
    /// An Information event with no data.
    pub fn new(channel: &str, provider: &str, event_id: u16) -> NewEvent {
        NewEvent {
            channel: channel.to_string(),
            provider: provider.to_string(),
            event_id,
            qualifiers: None,
            level: 4,
            task: 0,
            keywords: 0x8000_0000_0000_0000,
            time: None,
            user: None,
            data: Vec::new(),
            version: 0,
            opcode: 0,
            process_id: None,
            thread_id: None,
            activity_id: None,
        }
    }
    /// Sets the level.
    pub fn level(mut self, level: u8) -> NewEvent {
        self.level = level;
        self
    }
    /// Sets the qualifiers.
    pub fn qualifiers(mut self, q: u16) -> NewEvent {
        self.qualifiers = Some(q);
        self
    }
    /// Sets the task.
    pub fn task(mut self, task: u16) -> NewEvent {
        self.task = task;
        self
    }
    /// Sets the keywords.
    pub fn keywords(mut self, k: u64) -> NewEvent {
        self.keywords = k;
        self
    }
    /// Sets the user SID.
    pub fn user(mut self, sid: Sid) -> NewEvent {
        self.user = Some(sid);
        self
    }
    /// Sets the time.
    pub fn at(mut self, t: FileTime) -> NewEvent {
        self.time = Some(t);
        self
    }
    /// Adds a named data item.
    pub fn data(mut self, name: &str, value: impl Into<String>) -> NewEvent {
        self.data.push((name.to_string(), value.into()));
        self
    }
    /// Sets the opcode.
    pub fn opcode(mut self, opcode: u8) -> NewEvent {
        self.opcode = opcode;
        self
    }
    /// Sets the version.
    pub fn version(mut self, version: u8) -> NewEvent {
        self.version = version;
        self
    }
    /// Sets Execution ProcessID and ThreadID.
    pub fn execution(mut self, process_id: u32, thread_id: u32) -> NewEvent {
        self.process_id = Some(process_id);
        self.thread_id = Some(thread_id);
        self
    }
    /// Sets Correlation ActivityID.
    pub fn activity(mut self, id: &str) -> NewEvent {
        self.activity_id = Some(id.to_string());
        self
    }
}

/// What `wevtutil gli` reports about a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelInfo {
    /// The channel's name.
    pub name: String,
    /// Records held.
    pub records: usize,
    /// The oldest EventRecordID (0 when empty).
    pub oldest_record_id: u64,
    /// Created or last cleared.
    pub created: FileTime,
    /// Last written.
    pub last_write: FileTime,
}

/// The host's event logs.
#[derive(Clone)]
pub struct EventLog {
    chans: Arc<Vec<Channel>>,
    strings: Interner,
}

impl Default for EventLog {
    fn default() -> Self {
        let mut strings = Interner::default();
        let chans = templates::DEFAULT_CHANNELS
            .iter()
            .map(|n| {
                strings.intern(n);
                Channel::new(n, 0)
            })
            .collect();
        EventLog {
            chans: Arc::new(chans),
            strings,
        }
    }
}

impl fmt::Debug for EventLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for c in self.chans.iter() {
            m.entry(&&*c.name, &c.count);
        }
        m.finish()
    }
}

impl EventLog {
    /// Writes an event (time and computer already resolved by the caller).
    pub fn write(&mut self, event: NewEvent, computer: &str, now: FileTime) {
        let info = templates::provider(&event.provider);
        let s = &mut self.strings;
        let pid = event.process_id.unwrap_or(info.map_or(0, |p| p.process_id));
        let mut rec = Rec {
            time: event.time.unwrap_or(now).0,
            keywords: event.keywords,
            provider: s.intern(&event.provider),
            guid: info.map_or(0, |p| s.intern(p.guid)),
            source: info.map_or(0, |p| s.intern(p.source)),
            computer: s.intern(computer),
            user: event.user.as_ref().map_or(0, |u| s.intern(&u.to_string())),
            activity: event.activity_id.as_deref().map_or(0, |a| s.intern(a)),
            pid,
            tid: event
                .thread_id
                .unwrap_or(if pid == 0 { 0 } else { pid + 4 }),
            event_id: event.event_id,
            qualifiers: event.qualifiers.unwrap_or(0),
            task: event.task,
            version: event.version,
            level: event.level,
            opcode: event.opcode,
            ..Rec::default()
        };
        if event.qualifiers.is_some() {
            rec.flags |= flags::QUALIFIERS;
        }
        let mut words = Vec::with_capacity(event.data.len() * 2);
        for (n, v) in &event.data {
            words.push(s.intern(n));
            words.push(s.intern(v));
        }
        let idx = self.channel_index_or_create(&event.channel, rec.time);
        Arc::make_mut(&mut self.chans)[idx].append(rec, &words);
    }

    /// Imports `wevtutil qe LOG /f:xml` output (`<Event>` elements, with or without a root
    /// element); the channel comes from each event's `<Channel>`. Returns the number imported.
    pub fn import_xml(&mut self, text: &str, file: &str) -> Result<usize, InputError> {
        import::import_xml(self, text, file)
    }

    /// Imports a real `.evtx` file: every record it can; damaged records are reported.
    pub fn import_evtx(&mut self, bytes: &[u8], file: &str) -> Result<EvtxImport, InputError> {
        evtx::import_evtx(self, bytes, file)
    }

    /// One log as a real `.evtx` file (what `wevtutil epl` writes), records oldest first.
    pub fn export_evtx(&self, channel: &str) -> Result<Vec<u8>, EvtxWriteError> {
        evtx::write_evtx(self, channel)
    }

    /// Every record of every channel as `wevtutil /f:xml` prints them, one per line, oldest first.
    pub fn export_xml(&self) -> String {
        let mut out = String::new();
        for c in self.chans.iter() {
            for e in self.events_of(c) {
                out.push_str(&render::xml(&e, false));
                out.push('\n');
            }
        }
        out
    }

    /// The channel names, in `wevtutil el` order (case-insensitive alphabetical).
    pub fn channels(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.chans.iter().map(|c| &*c.name).collect();
        v.sort_by_key(|n| n.to_ascii_lowercase());
        v
    }

    /// The channel's name as Windows spells it, if it exists (lookup is case-insensitive).
    pub fn channel_name(&self, name: &str) -> Option<&str> {
        self.channel(name).map(|c| &*c.name)
    }

    /// Facts about a channel (`wevtutil gli`).
    pub fn channel_info(&self, name: &str) -> Option<ChannelInfo> {
        let c = self.channel(name)?;
        let oldest = c
            .segments()
            .flat_map(|s| s.recs.first())
            .map(|r| r.record_id)
            .next();
        Some(ChannelInfo {
            name: c.name.to_string(),
            records: c.count,
            oldest_record_id: oldest.unwrap_or(0),
            created: FileTime(c.created),
            last_write: FileTime(c.last_write),
        })
    }

    /// Creates an empty channel if none has that name (case-insensitive).
    pub fn ensure_channel(&mut self, name: &str) {
        self.channel_index_or_create(name, 0);
    }

    /// Clears a channel (`wevtutil cl`); false if there is no such channel.
    pub fn clear(&mut self, name: &str, now: FileTime) -> bool {
        let Some(i) = self
            .chans
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
        else {
            return false;
        };
        Arc::make_mut(&mut self.chans)[i].clear(now.0);
        true
    }

    /// Records in a channel (0 if it does not exist).
    pub fn len(&self, channel: &str) -> usize {
        self.channel(channel).map_or(0, |c| c.count)
    }

    /// Records in every channel.
    pub fn total_len(&self) -> usize {
        self.chans.iter().map(|c| c.count).sum()
    }

    /// True if no channel holds a record.
    pub fn is_empty(&self) -> bool {
        self.total_len() == 0
    }

    /// Every record of a channel, oldest first (empty if the channel does not exist).
    pub fn events(&self, channel: &str) -> Vec<EventRef<'_>> {
        self.channel(channel)
            .map(|c| self.events_of(c).collect())
            .unwrap_or_default()
    }

    /// Heap bytes held by records, payloads, indexes and strings (for the benchmarks).
    pub fn heap_bytes(&self) -> usize {
        self.chans.iter().map(Channel::heap_bytes).sum::<usize>() + self.strings.heap_bytes()
    }

    fn events_of<'a>(&'a self, c: &'a Channel) -> impl Iterator<Item = EventRef<'a>> + 'a {
        c.segments().flat_map(move |seg| {
            seg.recs
                .iter()
                .map(move |rec| EventRef::new(self, c, seg, rec))
        })
    }

    fn channel(&self, name: &str) -> Option<&Channel> {
        self.chans
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    fn channel_index_or_create(&mut self, name: &str, now: u64) -> usize {
        if let Some(i) = self
            .chans
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
        {
            return i;
        }
        self.strings.intern(name);
        let chans = Arc::make_mut(&mut self.chans);
        chans.push(Channel::new(name, now));
        chans.len() - 1
    }

    pub(crate) fn strings(&self) -> &Interner {
        &self.strings
    }

    pub(crate) fn strings_mut(&mut self) -> &mut Interner {
        &mut self.strings
    }

    pub(crate) fn append_raw(&mut self, channel: &str, rec: Rec, payload: &[u32]) {
        let idx = self.channel_index_or_create(channel, rec.time);
        Arc::make_mut(&mut self.chans)[idx].append(rec, payload);
    }

    pub(crate) fn chans(&self) -> &[Channel] {
        &self.chans
    }
}

/// What an EVTX import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvtxImport {
    /// Records imported.
    pub imported: usize,
    /// Records or chunks that could not be read: `file: chunk N record M: reason`.
    pub errors: Vec<String>,
}

#[cfg(test)]
mod tests;
