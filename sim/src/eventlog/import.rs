//! Importing events in wevtutil's XML (`events.xml` of fixtures, and the XML the `evtx`
//! crate renders): `<Event>` elements anywhere in the document, with or without a root.
//! The `System` part becomes a record; `EventData`/`UserData` keep their structure.

use super::EventLog;
use super::payload::{TreeBuilder, simplify};
use super::store::{Interner, Rec, Sym, flags};
use crate::clock::FileTime;
use crate::error::InputError;
use crate::text::line_at;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;

/// A parsed event, ready to append.
pub(crate) struct Parsed {
    pub channel: Option<String>,
    /// Whether `<System>` held an `<EventID>` and a `<TimeCreated>` (every event has both).
    pub has_id_and_time: bool,
    pub rec: Rec,
    pub words: Vec<u32>,
}

/// Imports every `<Event>` of `text`; returns how many.
pub(crate) fn import_xml(log: &mut EventLog, text: &str, file: &str) -> Result<usize, InputError> {
    let src = text.as_bytes();
    let mut r = Reader::from_reader(src);
    let mut parsed = Vec::new();
    loop {
        let at = r.buffer_position() as usize;
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"Event" => {
                let p = parse_event(log, &mut r)
                    .map_err(|(pos, m)| InputError::new(file, line_at(src, pos), m))?;
                if p.channel.is_none() {
                    return Err(InputError::new(
                        file,
                        line_at(src, at),
                        "event without <Channel>",
                    ));
                }
                if !p.has_id_and_time {
                    return Err(InputError::new(
                        file,
                        line_at(src, at),
                        "event without <EventID> or <TimeCreated SystemTime=...> in <System> (every event has both)",
                    ));
                }
                parsed.push(p);
            }
            // wevtutil's XML holds elements only: text outside an event means this is not
            // an export (a text rendering, a log file) and would load as no events at all.
            Ok(Event::Text(t)) if !t.iter().all(u8::is_ascii_whitespace) => {
                return Err(InputError::new(
                    file,
                    line_at(
                        src,
                        at + t.iter().take_while(|b| b.is_ascii_whitespace()).count(),
                    ),
                    "text outside any <Event> element: expected the XML of wevtutil qe /f:xml",
                ));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(InputError::new(
                    file,
                    line_at(src, r.error_position() as usize),
                    format!("malformed XML: {e}"),
                ));
            }
        }
    }
    let n = parsed.len();
    for p in parsed {
        let ch = p.channel.unwrap_or_default();
        log.append_raw(&ch, p.rec, &p.words);
    }
    Ok(n)
}

type PErr = (usize, String);

/// `2022-10-16T20:27:36.2228549Z` (any fraction length; a space instead of `T` accepted), the
/// form every `SystemTime` has, read without a general date parser; other forms fall back to
/// RFC 3339.
pub(crate) fn parse_system_time(t: &str) -> Option<FileTime> {
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = b.get(r)?;
        s.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as i64)
        })
    };
    let fast = || -> Option<FileTime> {
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let (hh, mm, ss) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
            return None;
        }
        let mut i = 19;
        let mut frac = 0i64;
        if b[i] == b'.' {
            i += 1;
            let mut n = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                if n < 7 {
                    frac = frac * 10 + (b[i] - b'0') as i64;
                    n += 1;
                }
                i += 1;
            }
            frac *= 10i64.pow(7 - n);
        }
        if &b[i..] != b"Z" {
            return None;
        }
        // Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
        let y2 = if m <= 2 { y - 1 } else { y };
        let era = y2.div_euclid(400);
        let yoe = y2 - era * 400;
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        let ticks = (days * 86_400 + hh * 3600 + mm * 60 + ss) as i128 * 10_000_000
            + frac as i128
            + 116_444_736_000_000_000;
        u64::try_from(ticks).ok().map(FileTime)
    };
    fast().or_else(|| FileTime::parse_rfc3339(&t.replace(' ', "T")))
}

/// The attributes of an element start, as the event builder reads them.
pub(crate) trait Attrs {
    /// The value of the first attribute whose local name is `local`.
    fn value(&self, local: &[u8]) -> Option<Cow<'_, str>>;
    /// Every attribute, in order: (the symbol of its full name, its value).
    fn each(&self, strings: &mut Interner, f: &mut dyn FnMut(&mut Interner, Sym, &str));
    /// True when every attribute's full name passes `ok`.
    fn all_names(&self, ok: fn(&[u8]) -> bool) -> bool;
}

impl Attrs for BytesStart<'_> {
    fn value(&self, local: &[u8]) -> Option<Cow<'_, str>> {
        self.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == local)
            .map(|a| {
                Cow::Owned(
                    a.unescape_value()
                        .map(|v| v.into_owned())
                        .unwrap_or_default(),
                )
            })
    }
    fn each(&self, strings: &mut Interner, f: &mut dyn FnMut(&mut Interner, Sym, &str)) {
        for a in self.attributes().flatten() {
            let v = a.unescape_value().unwrap_or_default();
            let k = strings.intern(&String::from_utf8_lossy(a.key.as_ref()));
            f(strings, k, &v);
        }
    }
    fn all_names(&self, ok: fn(&[u8]) -> bool) -> bool {
        self.attributes()
            .all(|a| a.is_ok_and(|a| ok(a.key.as_ref())))
    }
}

fn num<T: std::str::FromStr>(s: &str, what: &str, pos: usize) -> Result<T, PErr> {
    s.trim()
        .parse()
        .map_err(|_| (pos, format!("bad {what} '{}'", s.trim())))
}

/// The local part of an XML name (after its prefix), as quick-xml reads it.
fn local_name(name: &str) -> &str {
    name.split_once(':').map_or(name, |(_, l)| l)
}

/// Builds one event from the inside of its `<Event>` element, fed element by element: the XML
/// importer feeds it what quick-xml reads, the EVTX importer what it decodes from BinXML, so
/// both read an event the same way.
pub(crate) struct EventBuilder {
    rec: Rec,
    channel: Option<String>,
    tree: TreeBuilder,
    depth: usize,
    in_system: bool,
    skip_depth: Option<usize>,
    field: Option<usize>,
    text: String,
    had_child: Vec<bool>,
    attrs: Vec<(Sym, Sym)>,
    /// `<EventID>` and `<TimeCreated>` seen in `<System>` (bit 0 and bit 1).
    seen: u8,
}

impl Default for EventBuilder {
    fn default() -> Self {
        EventBuilder {
            rec: Rec::default(),
            channel: None,
            tree: TreeBuilder::default(),
            depth: 1,
            in_system: false,
            skip_depth: None,
            field: None,
            text: String::new(),
            had_child: Vec::new(),
            attrs: Vec::new(),
            seen: 0,
        }
    }
}

impl EventBuilder {
    /// An element starts (`name` with its prefix, if any; `sym` its symbol, if known).
    pub(crate) fn start(
        &mut self,
        log: &mut EventLog,
        name: &str,
        sym: Option<Sym>,
        attrs: &dyn Attrs,
        pos: usize,
    ) -> Result<(), PErr> {
        if self.skip_depth.is_some() {
            self.depth += 1;
            return Ok(());
        }
        // BinXML names are counted strings: a damaged record can hold any (an empty one).
        if !is_xml_name(name.as_bytes()) {
            return Err((pos, format!("{name:?} is not an element name")));
        }
        if !attrs.all_names(is_xml_name) {
            return Err((pos, format!("an attribute of <{name}> has no XML name")));
        }
        let local = local_name(name);
        if self.depth == 1 {
            match local {
                "System" => self.in_system = true,
                "RenderingInfo" => {
                    self.depth += 1;
                    self.skip_depth = Some(self.depth);
                    return Ok(());
                }
                _ => {
                    self.in_system = false;
                    self.open_tree(log, name, sym, attrs);
                }
            }
        } else if self.in_system {
            if self.depth == 2 {
                match local {
                    "EventID" => self.seen |= 1,
                    "TimeCreated" => self.seen |= 2,
                    _ => {}
                }
                system_attrs(log, &mut self.rec, local.as_bytes(), attrs, pos)?;
                self.field = SYSTEM_FIELDS.iter().position(|f| *f == local);
            }
        } else {
            if let Some(last) = self.had_child.last_mut() {
                *last = true;
            }
            self.open_tree(log, name, sym, attrs);
        }
        self.text.clear();
        self.depth += 1;
        self.had_child.push(false);
        Ok(())
    }

    /// Text inside the open element.
    pub(crate) fn text(&mut self, t: &str) {
        if self.skip_depth.is_none() {
            self.text.push_str(t);
        }
    }

    /// The open element ends; true when it was the `<Event>` itself.
    pub(crate) fn end(&mut self, log: &mut EventLog, pos: usize) -> Result<bool, PErr> {
        if let Some(d) = self.skip_depth {
            if d == self.depth {
                self.skip_depth = None;
            }
            self.depth -= 1;
            return Ok(false);
        }
        if self.depth == 1 {
            return Ok(true);
        }
        if self.had_child.pop().unwrap_or(false) {
            self.text.clear();
        }
        if self.in_system {
            if self.depth == 3 {
                if let Some(f) = self.field.take() {
                    system_text(
                        log,
                        &mut self.rec,
                        &mut self.channel,
                        SYSTEM_FIELDS[f].as_bytes(),
                        &self.text,
                        pos,
                    )?;
                }
            }
        } else if self.tree.depth() > 0 {
            if !self.text.is_empty() {
                let t = log.strings_mut().intern(&self.text);
                self.tree.text(t);
            }
            self.tree.close();
        }
        self.text.clear();
        self.depth -= 1;
        if self.depth == 1 {
            self.in_system = false;
        }
        Ok(false)
    }

    fn open_tree(&mut self, log: &mut EventLog, name: &str, sym: Option<Sym>, attrs: &dyn Attrs) {
        let s = log.strings_mut();
        let name = sym.unwrap_or_else(|| s.intern(name));
        let mut list = std::mem::take(&mut self.attrs);
        list.clear();
        attrs.each(s, &mut |s, k, v| list.push((k, s.intern(v))));
        self.tree.open(name, &list);
        self.attrs = list;
    }

    /// The event built.
    pub(crate) fn finish(mut self, log: &EventLog) -> Parsed {
        self.take(log)
    }

    /// The event built; the builder is ready for the next one, keeping its buffers (after a
    /// complete event, its tree has no element open).
    pub(crate) fn take(&mut self, log: &EventLog) -> Parsed {
        let mut rec = std::mem::take(&mut self.rec);
        let tree = std::mem::take(&mut self.tree.words);
        let words = match simplify(&tree, log.strings()) {
            Some(simple) => {
                if simple.is_empty() && !tree.is_empty() {
                    rec.flags |= flags::EMPTY_EVENTDATA;
                }
                self.tree.words = tree;
                self.tree.words.clear();
                simple
            }
            None => {
                rec.flags |= flags::TREE;
                tree
            }
        };
        self.depth = 1;
        self.in_system = false;
        self.skip_depth = None;
        self.field = None;
        self.text.clear();
        self.had_child.clear();
        let seen = std::mem::take(&mut self.seen);
        Parsed {
            channel: self.channel.take(),
            has_id_and_time: seen == 3,
            rec,
            words,
        }
    }
}

/// Parses the inside of an `<Event>` element (the reader is just past its start tag).
pub(crate) fn parse_event(log: &mut EventLog, r: &mut Reader<&[u8]>) -> Result<Parsed, PErr> {
    let mut b = EventBuilder::default();
    loop {
        let pos = r.buffer_position() as usize;
        let ev = r
            .read_event()
            .map_err(|e| (r.error_position() as usize, format!("malformed XML: {e}")))?;
        let done = match &ev {
            Event::Start(e) | Event::Empty(e) => {
                check_start(e, pos)?;
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                b.start(log, &name, None, e, pos)?;
                if matches!(ev, Event::Empty(_)) {
                    b.end(log, pos)?;
                }
                false
            }
            Event::Text(t) if b.skip_depth.is_none() => {
                b.text(&t.unescape().map_err(|e| (pos, format!("bad text: {e}")))?);
                false
            }
            Event::CData(t) => {
                b.text(&String::from_utf8_lossy(t));
                false
            }
            Event::End(_) => b.end(log, pos)?,
            Event::Eof => return Err((pos, "unterminated <Event>".into())),
            _ => false,
        };
        if done {
            break;
        }
    }
    Ok(b.finish(log))
}

/// A start tag as XML requires it (quick-xml reads any bytes up to a space as a name, and
/// skips attributes it cannot read): its name and every attribute's name are XML names, each
/// attribute is `name="value"` once, with its references resolved. Event Viewer and wevtutil
/// refuse anything else as not well-formed; kept, it would be exported as XML that no reader
/// (this one included) takes back.
fn check_start(e: &BytesStart<'_>, pos: usize) -> Result<(), PErr> {
    let bad = |what: &str, name: &[u8]| {
        let name = String::from_utf8_lossy(name);
        (
            pos,
            format!("malformed XML: {name:?} is not an {what} name"),
        )
    };
    if !is_xml_name(e.name().as_ref()) {
        return Err(bad("element", e.name().as_ref()));
    }
    if !attributes_separated(e.attributes_raw()) {
        let msg = "malformed XML: attributes without white space between them";
        return Err((pos, msg.to_string()));
    }
    for a in e.attributes() {
        let a = a.map_err(|err| (pos, format!("malformed XML: {err}")))?;
        if !is_xml_name(a.key.as_ref()) {
            return Err(bad("attribute", a.key.as_ref()));
        }
        a.unescape_value()
            .map_err(|err| (pos, format!("malformed XML: {err}")))?;
    }
    Ok(())
}

/// XML needs white space after each attribute's value; quick-xml reads `a='1'b='2'` as two.
fn attributes_separated(raw: &[u8]) -> bool {
    let mut quote = None;
    let mut after_value = false;
    for &b in raw {
        if after_value && !b.is_ascii_whitespace() {
            return false;
        }
        after_value = false;
        match quote {
            Some(q) if b == q => {
                quote = None;
                after_value = true;
            }
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None => {}
        }
    }
    true
}

/// An XML 1.0 `Name`: exact for ASCII (a letter, `_` or `:` first, then also digits, `-` and
/// `.`); characters past ASCII are accepted, as the spec's name ranges cover nearly all of them.
fn is_xml_name(name: &[u8]) -> bool {
    let Ok(name) = std::str::from_utf8(name) else {
        return false;
    };
    let mut chars = name.chars();
    let first = |c: char| !c.is_ascii() || c.is_ascii_alphabetic() || c == '_' || c == ':';
    chars.next().is_some_and(first)
        && chars.all(|c| first(c) || c.is_ascii_digit() || c == '-' || c == '.')
}

fn system_attrs(
    log: &mut EventLog,
    rec: &mut Rec,
    name: &[u8],
    e: &dyn Attrs,
    pos: usize,
) -> Result<(), PErr> {
    let s = log.strings_mut();
    match name {
        b"Provider" => {
            rec.provider = s.intern(&e.value(b"Name").unwrap_or_default());
            rec.guid = e
                .value(b"Guid")
                .filter(|g| !g.is_empty())
                .map_or(0, |g| s.intern(&g));
            rec.source = e
                .value(b"EventSourceName")
                .filter(|g| !g.is_empty())
                .map_or(0, |g| s.intern(&g));
        }
        b"EventID" => {
            if let Some(q) = e.value(b"Qualifiers").filter(|q| !q.trim().is_empty()) {
                rec.qualifiers = num(&q, "Qualifiers", pos)?;
                rec.flags |= flags::QUALIFIERS;
            }
        }
        b"TimeCreated" => {
            let t = e.value(b"SystemTime").unwrap_or_default();
            rec.time = parse_system_time(t.trim())
                .ok_or((pos, format!("bad SystemTime '{t}'")))?
                .0;
        }
        b"Correlation" => {
            rec.activity = e
                .value(b"ActivityID")
                .filter(|g| !g.is_empty())
                .map_or(0, |g| s.intern(&g));
            rec.related = e
                .value(b"RelatedActivityID")
                .filter(|g| !g.is_empty())
                .map_or(0, |g| s.intern(&g));
        }
        b"Execution" => {
            rec.pid = e
                .value(b"ProcessID")
                .map_or(Ok(0), |v| num(&v, "ProcessID", pos))?;
            rec.tid = e
                .value(b"ThreadID")
                .map_or(Ok(0), |v| num(&v, "ThreadID", pos))?;
        }
        b"Security" => {
            rec.user = e
                .value(b"UserID")
                .filter(|g| !g.is_empty())
                .map_or(0, |g| s.intern(&g));
        }
        _ => {}
    }
    Ok(())
}

/// System elements whose text is read.
const SYSTEM_FIELDS: &[&str] = &[
    "EventID",
    "Version",
    "Level",
    "Task",
    "Opcode",
    "Keywords",
    "EventRecordID",
    "Channel",
    "Computer",
];

fn system_text(
    log: &mut EventLog,
    rec: &mut Rec,
    channel: &mut Option<String>,
    name: &[u8],
    text: &str,
    pos: usize,
) -> Result<(), PErr> {
    let t = text.trim();
    match name {
        b"EventID" => rec.event_id = num(t, "EventID", pos)?,
        b"Version" if !t.is_empty() => rec.version = num(t, "Version", pos)?,
        b"Level" if !t.is_empty() => rec.level = num(t, "Level", pos)?,
        b"Task" if !t.is_empty() => rec.task = num(t, "Task", pos)?,
        b"Opcode" if !t.is_empty() => rec.opcode = num(t, "Opcode", pos)?,
        b"Keywords" if !t.is_empty() => {
            rec.keywords =
                crate::text::parse_number(t).ok_or_else(|| (pos, format!("bad Keywords '{t}'")))?;
        }
        b"EventRecordID" if !t.is_empty() => rec.record_id = num(t, "EventRecordID", pos)?,
        b"Channel" => *channel = Some(t.to_string()),
        b"Computer" => rec.computer = log.strings_mut().intern(t),
        _ => {}
    }
    Ok(())
}
