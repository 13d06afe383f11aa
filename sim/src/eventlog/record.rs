//! `EventRef`: one stored record, borrowed from the log, with typed accessors.

use super::EventLog;
use super::payload::{TreeNode, top_nodes};
use super::store::{Channel, Rec, Segment, Sym, flags};
use super::templates;
use crate::clock::FileTime;

/// A record of the log (borrowed; cheap to copy).
#[derive(Clone, Copy)]
pub struct EventRef<'a> {
    log: &'a EventLog,
    chan: &'a Channel,
    seg: &'a Segment,
    rec: &'a Rec,
}

impl std::fmt::Debug for EventRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} #{}",
            self.channel(),
            self.provider(),
            self.event_id(),
            self.record_id()
        )
    }
}

impl PartialEq for EventRef<'_> {
    fn eq(&self, o: &Self) -> bool {
        std::ptr::eq(self.rec, o.rec)
    }
}

impl<'a> EventRef<'a> {
    pub(crate) fn new(
        log: &'a EventLog,
        chan: &'a Channel,
        seg: &'a Segment,
        rec: &'a Rec,
    ) -> Self {
        EventRef {
            log,
            chan,
            seg,
            rec,
        }
    }
    fn s(&self, sym: Sym) -> &'a str {
        self.log.strings().str(sym)
    }
    fn opt(&self, sym: Sym) -> Option<&'a str> {
        (sym != 0).then(|| self.s(sym))
    }
    pub(crate) fn raw(&self) -> &'a Rec {
        self.rec
    }
    pub(crate) fn words(&self) -> &'a [u32] {
        self.seg.payload(self.rec)
    }

    /// The channel (`System`).
    pub fn channel(&self) -> &'a str {
        &self.chan.name
    }
    /// Provider name.
    pub fn provider(&self) -> &'a str {
        self.s(self.rec.provider)
    }
    /// Provider GUID (`{...}`), if recorded.
    pub fn provider_guid(&self) -> Option<&'a str> {
        self.opt(self.rec.guid)
    }
    /// Classic EventSourceName, if recorded.
    pub fn event_source(&self) -> Option<&'a str> {
        self.opt(self.rec.source)
    }
    /// EventID.
    pub fn event_id(&self) -> u16 {
        self.rec.event_id
    }
    /// EventID qualifiers.
    pub fn qualifiers(&self) -> Option<u16> {
        (self.rec.flags & flags::QUALIFIERS != 0).then_some(self.rec.qualifiers)
    }
    /// Version.
    pub fn version(&self) -> u8 {
        self.rec.version
    }
    /// Level.
    pub fn level(&self) -> u8 {
        self.rec.level
    }
    /// Task.
    pub fn task(&self) -> u16 {
        self.rec.task
    }
    /// Opcode.
    pub fn opcode(&self) -> u8 {
        self.rec.opcode
    }
    /// Keywords.
    pub fn keywords(&self) -> u64 {
        self.rec.keywords
    }
    /// TimeCreated.
    pub fn time(&self) -> FileTime {
        FileTime(self.rec.time)
    }
    /// EventRecordID.
    pub fn record_id(&self) -> u64 {
        self.rec.record_id
    }
    /// Correlation ActivityID.
    pub fn activity_id(&self) -> Option<&'a str> {
        self.opt(self.rec.activity)
    }
    /// Correlation RelatedActivityID.
    pub fn related_activity_id(&self) -> Option<&'a str> {
        self.opt(self.rec.related)
    }
    /// Execution ProcessID.
    pub fn process_id(&self) -> u32 {
        self.rec.pid
    }
    /// Execution ThreadID.
    pub fn thread_id(&self) -> u32 {
        self.rec.tid
    }
    /// Computer.
    pub fn computer(&self) -> &'a str {
        self.s(self.rec.computer)
    }
    /// Security UserID (SID string).
    pub fn user(&self) -> Option<&'a str> {
        self.opt(self.rec.user)
    }

    /// The insertion strings as (name, value), in order: `EventData/Data` items, or the leaf
    /// elements of `UserData`'s child.
    pub fn data(&self) -> Vec<(&'a str, &'a str)> {
        let w = self.words();
        if self.rec.flags & flags::TREE == 0 {
            return w
                .chunks_exact(2)
                .map(|p| (self.s(p[0]), self.s(p[1])))
                .collect();
        }
        let mut out = Vec::new();
        for top in top_nodes(w) {
            match self.s(top.name()) {
                "EventData" => {
                    for d in top.children().filter(|d| self.s(d.name()) == "Data") {
                        let name = d
                            .attrs()
                            .find(|(k, _)| self.s(*k) == "Name")
                            .map_or("", |(_, v)| self.s(v));
                        out.push((name, self.s(d.text())));
                    }
                }
                "UserData" => {
                    for inner in top.children() {
                        self.leaves(inner, &mut out);
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn leaves(&self, n: TreeNode<'a>, out: &mut Vec<(&'a str, &'a str)>) {
        let mut any = false;
        for c in n.children() {
            any = true;
            if c.children().next().is_none() {
                out.push((self.s(c.name()), self.s(c.text())));
            } else {
                self.leaves(c, out);
            }
        }
        if !any && n.text() != 0 {
            out.push((self.s(n.name()), self.s(n.text())));
        }
    }

    /// The value of the data item named `name`.
    pub fn data_value(&self, name: &str) -> Option<&'a str> {
        self.data()
            .into_iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// The rendered English message (from the template table; Windows' "cannot be found" text
    /// when the provider's message is unknown).
    pub fn message(&self) -> String {
        let data = self.data();
        match templates::template(self.provider(), self.event_id()).and_then(|t| t.text) {
            Some(t) => templates::format(t, &data),
            None => templates::not_found(self.provider(), self.event_id(), &data),
        }
    }

    /// The payload as a generic tree, if stored as one.
    pub(crate) fn tree(&self) -> Option<super::payload::Children<'a>> {
        (self.rec.flags & flags::TREE != 0).then(|| top_nodes(self.words()))
    }
    /// A symbol's text.
    pub(crate) fn sym(&self, s: Sym) -> &'a str {
        self.s(s)
    }
}
