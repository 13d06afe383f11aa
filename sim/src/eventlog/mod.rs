//! The event log: channels and records, stored append-only and shared between forks.
//!
//! (The event-log work fills this folder: record model, message templates, the XPath subset,
//! wevtutil renderings, XML and EVTX import.)

use crate::clock::FileTime;
use crate::error::InputError;
use crate::principals::Sid;

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
}

/// The host's event logs.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    _todo: (),
}

impl EventLog {
    /// Writes an event (time and computer already resolved by the caller).
    pub fn write(&mut self, _event: NewEvent, _computer: &str, _now: FileTime) {
        todo!("eventlog helper")
    }

    /// Imports `wevtutil qe LOG /f:xml` output (`<Event>` elements, with or without a root
    /// element); the channel comes from each event's `<Channel>`. Returns the number imported.
    pub fn import_xml(&mut self, _text: &str, _file: &str) -> Result<usize, InputError> {
        todo!("eventlog helper")
    }

    /// Imports a real `.evtx` file: every record it can; damaged records are reported.
    pub fn import_evtx(&mut self, _bytes: &[u8], _file: &str) -> Result<EvtxImport, InputError> {
        todo!("eventlog helper")
    }

    /// Every record of every channel as `wevtutil /f:xml` prints them, one per line, oldest first.
    pub fn export_xml(&self) -> String {
        todo!("eventlog helper")
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
