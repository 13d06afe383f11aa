//! Reading a chunk's records straight from their BinXML, for the EVTX importer: each record's
//! template instance is walked with its substitution values and fed to the event builder
//! element by element, without rendering XML and reading it back. Templates are read once per
//! chunk, names once per chunk.
//!
//! It reads the forms Windows writes (MS-EVEN6 2.2.12: fragment header, template instance,
//! elements, attributes, UTF-16 string values and substitutions; value types from strings to
//! SIDs and embedded BinXML). Anything else (arrays, ANSI strings, floats, entity or character
//! references, CDATA, a record the `evtx` crate would not read the same way) makes it give up
//! on the chunk, which the importer then reads through the crate's XML as before. The text it
//! gives each value is the crate's (`evtx` 0.15 `value_render.rs`), so both ways of reading a
//! record store the same event.

use super::values::push_utf16;
use crate::eventlog::EventLog;
use crate::eventlog::import::{Attrs, EventBuilder, Parsed};
use crate::eventlog::store::{FastMap, Interner, Sym};
use evtx::EvtxChunkHeader;
use std::borrow::Cow;
use std::rc::Rc;

/// The reader gives up on the chunk.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Unsupported;

pub(super) type R<T> = Result<T, Unsupported>;

/// Where a chunk's records start (after its 512-byte header).
const CHUNK_HEADER: usize = 512;
/// Deepest nesting of elements and embedded fragments read.
const MAX_DEPTH: usize = 48;
/// Most elements one chunk may produce (a bound against templates that repeat fragments).
const MAX_ELEMENTS: usize = 1 << 20;
/// The largest FILETIME whose record timestamp the crate reads (its clock ends in 9999).
const MAX_RECORD_FILETIME: u64 = 2_650_000_000_000_000_000;

/// A node of a template definition.
enum Node {
    Elem(Elem),
    Text(String),
    Sub(u16),
}

struct Elem {
    name: u32,
    dep: Option<u16>,
    attrs: Vec<(u32, Vec<Node>)>,
    children: Vec<Node>,
}

/// A substitution value: nothing, text (a range of the reader's buffer), embedded BinXML (a
/// range of the chunk), or a string array (`count` items from `items[first..]`).
#[derive(Clone, Copy)]
pub(super) enum Val {
    Null,
    Text(usize, usize),
    Frag(usize, usize),
    Array { first: usize, count: usize },
}

/// What a template node gives in an instance.
enum Piece {
    None,
    Text(usize, usize),
    Frag(usize, usize),
}

/// What the records of a chunk are fed to: skips nothing, accepts one `<Event>` per record.
struct Sink<'l> {
    log: &'l mut EventLog,
    b: EventBuilder,
    /// 0 before `<Event>`, 1 inside it, 2 after it.
    state: u8,
}

impl Sink<'_> {
    fn start(&mut self, name: &str, sym: Sym, attrs: &dyn Attrs) -> R<()> {
        match self.state {
            0 if name.split_once(':').map_or(name, |(_, l)| l) == "Event" => {
                self.state = 1;
                Ok(())
            }
            1 => self
                .b
                .start(self.log, name, Some(sym), attrs, 0)
                .map_err(|_| Unsupported),
            _ => Err(Unsupported),
        }
    }
    fn text(&mut self, t: &str) {
        if self.state == 1 {
            self.b.text(t);
        }
    }
    fn end(&mut self) -> R<()> {
        if self.state != 1 {
            return Err(Unsupported);
        }
        if self.b.end(self.log, 0).map_err(|_| Unsupported)? {
            self.state = 2;
        }
        Ok(())
    }
}

/// The attributes of one element start: names of the chunk, values in a buffer.
struct AttrView<'a> {
    names: &'a [String],
    buf: &'a str,
    list: &'a [(u32, Sym, usize, usize)],
}

impl Attrs for AttrView<'_> {
    fn value(&self, local: &[u8]) -> Option<Cow<'_, str>> {
        self.list
            .iter()
            .find(|(n, _, _, _)| {
                let name = &self.names[*n as usize];
                name.split_once(':')
                    .map_or(name.as_str(), |(_, l)| l)
                    .as_bytes()
                    == local
            })
            .map(|&(_, _, a, b)| Cow::Borrowed(&self.buf[a..b]))
    }
    fn each(&self, strings: &mut Interner, f: &mut dyn FnMut(&mut Interner, Sym, &str)) {
        for &(_, k, a, b) in self.list {
            f(strings, k, &self.buf[a..b]);
        }
    }
    fn all_names(&self, ok: fn(&[u8]) -> bool) -> bool {
        self.list
            .iter()
            .all(|&(n, ..)| ok(self.names[n as usize].as_bytes()))
    }
}

/// Reads the records of one chunk (`data`, 64 KiB, header included) into `out`, in order.
pub(crate) fn read_chunk(
    log: &mut EventLog,
    data: &[u8],
    header: &EvtxChunkHeader,
    out: &mut Vec<Parsed>,
) -> R<()> {
    let mut r = Reader {
        data,
        names: Vec::new(),
        syms: Vec::new(),
        name_at: FastMap::default(),
        templates: FastMap::default(),
        buf: String::new(),
        vals: Vec::new(),
        items: Vec::new(),
        attr_buf: String::new(),
        attr_list: Vec::new(),
        elements: 0,
    };
    let live_end = (header.free_space_offset as usize).min(data.len());
    let mut sink = Sink {
        log,
        b: EventBuilder::default(),
        state: 0,
    };
    let mut off = CHUNK_HEADER;
    while off < live_end {
        if data.get(off..off + 4) != Some(b"\x2a\x2a\x00\x00") {
            return Err(Unsupported);
        }
        let size = r.u32(off + 4)? as usize;
        let id = r.u64(off + 8)?;
        if r.u64(off + 16)? >= MAX_RECORD_FILETIME || size < 28 || off + size > data.len() {
            return Err(Unsupported);
        }
        sink.state = 0;
        r.stream(off + 24, off + size - 4, &mut sink, 0)?;
        if sink.state != 2 {
            return Err(Unsupported);
        }
        let p = sink.b.take(sink.log);
        if p.channel.is_none() {
            return Err(Unsupported);
        }
        out.push(p);
        if id == header.last_event_record_id {
            break;
        }
        off += size;
    }
    Ok(())
}

pub(super) struct Reader<'a> {
    data: &'a [u8],
    names: Vec<String>,
    /// The symbol of each name, once interned.
    syms: Vec<Option<Sym>>,
    name_at: FastMap<u32, u32>,
    templates: FastMap<u32, Rc<Elem>>,
    /// Text of the values of the instances being walked.
    pub(super) buf: String,
    vals: Vec<Val>,
    /// The items of string arrays: ranges of `buf`.
    pub(super) items: Vec<(usize, usize)>,
    attr_buf: String,
    attr_list: Vec<(u32, Sym, usize, usize)>,
    elements: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn bytes(&self, at: usize, n: usize) -> R<&'a [u8]> {
        self.data
            .get(at..at.checked_add(n).ok_or(Unsupported)?)
            .ok_or(Unsupported)
    }
    fn u8(&self, at: usize) -> R<u8> {
        self.data.get(at).copied().ok_or(Unsupported)
    }
    fn u16(&self, at: usize) -> R<u16> {
        Ok(u16::from_le_bytes(
            self.bytes(at, 2)?.try_into().expect("2 bytes"),
        ))
    }
    fn u32(&self, at: usize) -> R<u32> {
        Ok(u32::from_le_bytes(
            self.bytes(at, 4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&self, at: usize) -> R<u64> {
        Ok(u64::from_le_bytes(
            self.bytes(at, 8)?.try_into().expect("8 bytes"),
        ))
    }

    /// Walks the token stream `[at, end)`: a record's, or an embedded fragment's.
    fn stream(&mut self, mut at: usize, end: usize, sink: &mut Sink<'_>, depth: usize) -> R<()> {
        if depth > MAX_DEPTH || end > self.data.len() {
            return Err(Unsupported);
        }
        while at < end {
            let token = self.u8(at)?;
            at += 1;
            match token {
                0x00 => return Ok(()),
                0x0f => at += 3,
                0x0c => at = self.instance(at, sink, depth)?,
                0x01 | 0x41 => {
                    let (e, next) = self.element(at, token, false, depth)?;
                    at = next;
                    self.emit(&e, self.vals.len(), sink, depth, true)?;
                }
                _ => return Err(Unsupported),
            }
        }
        if at == end { Ok(()) } else { Err(Unsupported) }
    }

    /// A template instance (just past its token): its values decoded, its template walked.
    fn instance(&mut self, mut at: usize, sink: &mut Sink<'_>, depth: usize) -> R<usize> {
        let def = self.u32(at + 5)? as usize;
        at += 9;
        if at == def {
            at += 24 + self.u32(at + 20)? as usize;
        }
        let template = self.template(def, depth)?;
        let count = self.u32(at)? as usize;
        at += 4;
        let descriptors = at;
        at = at.checked_add(count * 4).ok_or(Unsupported)?;
        let (base, buf_len, items) = (self.vals.len(), self.buf.len(), self.items.len());
        for i in 0..count {
            let size = self.u16(descriptors + 4 * i)? as usize;
            let ty = self.u8(descriptors + 4 * i + 2)?;
            let v = self.value(ty, at, size)?;
            self.vals.push(v);
            at += size;
        }
        if at > self.data.len() {
            return Err(Unsupported);
        }
        self.emit(&template, base, sink, depth + 1, true)?;
        self.vals.truncate(base);
        self.buf.truncate(buf_len);
        self.items.truncate(items);
        Ok(at)
    }

    /// The template defined at `def` (its 24-byte header, then its fragment).
    fn template(&mut self, def: usize, depth: usize) -> R<Rc<Elem>> {
        if let Some(t) = self.templates.get(&(def as u32)) {
            return Ok(t.clone());
        }
        let end = (def + 24)
            .checked_add(self.u32(def + 20)? as usize)
            .ok_or(Unsupported)?;
        let mut at = def + 24;
        if self.u8(at)? == 0x0f {
            at += 4;
        }
        let token = self.u8(at)?;
        if token & !0x40 != 0x01 {
            return Err(Unsupported);
        }
        let (e, next) = self.element(at + 1, token, true, depth)?;
        if next != end && self.u8(next)? != 0x00 {
            return Err(Unsupported);
        }
        let t = Rc::new(e);
        self.templates.insert(def as u32, t.clone());
        Ok(t)
    }

    /// A name reference (just past it, the name itself when it is stored inline).
    fn name(&mut self, at: &mut usize) -> R<u32> {
        let off = self.u32(*at)?;
        *at += 4;
        if *at == off as usize {
            *at += 6 + 2 * self.u16(*at + 6)? as usize + 4;
        }
        if let Some(&n) = self.name_at.get(&off) {
            return Ok(n);
        }
        let len = self.u16(off as usize + 6)? as usize;
        let name = utf16(self.bytes(off as usize + 8, 2 * len)?)?;
        let n = self.names.len() as u32;
        self.names.push(name);
        self.syms.push(None);
        self.name_at.insert(off, n);
        Ok(n)
    }

    /// An element (just past its start token); in a template, with dependency IDs.
    fn element(
        &mut self,
        mut at: usize,
        token: u8,
        template: bool,
        depth: usize,
    ) -> R<(Elem, usize)> {
        if depth > MAX_DEPTH {
            return Err(Unsupported);
        }
        let mut dep = None;
        if template {
            dep = Some(self.u16(at)?).filter(|&d| d != 0xffff);
            at += 2;
        }
        at += 4;
        let name = self.name(&mut at)?;
        if token & 0x40 != 0 {
            at += 4;
        }
        let mut e = Elem {
            name,
            dep,
            attrs: Vec::new(),
            children: Vec::new(),
        };
        loop {
            let t = self.u8(at)?;
            at += 1;
            match t {
                0x06 | 0x46 => {
                    let n = self.name(&mut at)?;
                    let mut value = Vec::new();
                    while let Some(node) = self.content(&mut at, template)? {
                        value.push(node);
                    }
                    e.attrs.push((n, value));
                }
                0x02 => break,
                0x03 => return Ok((e, at)),
                _ => return Err(Unsupported),
            }
        }
        loop {
            if let Some(node) = self.content(&mut at, template)? {
                e.children.push(node);
                continue;
            }
            let t = self.u8(at)?;
            at += 1;
            match t {
                0x01 | 0x41 => {
                    let (child, next) = self.element(at, t, template, depth + 1)?;
                    e.children.push(Node::Elem(child));
                    at = next;
                }
                0x04 => return Ok((e, at)),
                _ => return Err(Unsupported),
            }
        }
    }

    /// A value or substitution token at `at`, if that is what comes next.
    fn content(&mut self, at: &mut usize, template: bool) -> R<Option<Node>> {
        match self.u8(*at)? {
            0x05 | 0x45 => {
                // Only UTF-16 text values occur in the streams Windows writes.
                if self.u8(*at + 1)? != 0x01 {
                    return Err(Unsupported);
                }
                let n = self.u16(*at + 2)? as usize;
                let s = utf16(self.bytes(*at + 4, 2 * n)?)?;
                *at += 4 + 2 * n;
                Ok(Some(Node::Text(s)))
            }
            0x09 | 0x49 => {
                // An entity reference: the five XML predefines, as an XML reader resolves them.
                *at += 1;
                let n = self.name(at)?;
                let c = match self.names[n as usize].as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => return Err(Unsupported),
                };
                Ok(Some(Node::Text(c.to_string())))
            }
            0x08 | 0x48 => {
                // A character reference.
                let c = char::from_u32(self.u16(*at + 1)?.into())
                    .filter(|c| push_utf16(&mut String::new(), &(*c as u16).to_le_bytes()))
                    .ok_or(Unsupported)?;
                *at += 3;
                Ok(Some(Node::Text(c.to_string())))
            }
            0x0d | 0x0e if template => {
                let id = self.u16(*at + 1)?;
                self.u8(*at + 3)?;
                *at += 4;
                Ok(Some(Node::Sub(id)))
            }
            _ => Ok(None),
        }
    }

    /// Feeds one element of a template (values from `vals[base..]`) or of a record's stream.
    /// An element holding a string array of several items is fed once per item (MS-EVEN6
    /// 3.1.4.7.5), except a template's root, as the crate does.
    fn emit(
        &mut self,
        e: &Elem,
        base: usize,
        sink: &mut Sink<'_>,
        depth: usize,
        root: bool,
    ) -> R<()> {
        let mut expand = None;
        let nodes = e
            .children
            .iter()
            .chain(e.attrs.iter().flat_map(|(_, v)| v.iter()));
        for node in nodes {
            if let Node::Sub(id) = node
                && let Val::Array { first, count } = self.val(base, *id)
                && count > 1
            {
                if expand.is_some() || root {
                    return Err(Unsupported);
                }
                expand = Some((node as *const Node, first, count));
            }
        }
        match expand {
            Some((at, first, count)) => {
                for i in first..first + count {
                    self.emit_one(e, base, sink, depth, Some((at, i)))?;
                }
                Ok(())
            }
            None => self.emit_one(e, base, sink, depth, None),
        }
    }

    /// What a node of a template gives: text (a range of `buf`), a fragment, or nothing.
    /// `pick` is the array node being expanded and the item it stands for.
    fn piece(&self, base: usize, node: &Node, pick: Option<(*const Node, usize)>) -> Piece {
        let Node::Sub(id) = node else {
            return Piece::None;
        };
        match self.val(base, *id) {
            Val::Null => Piece::None,
            Val::Text(a, b) => Piece::Text(a, b),
            Val::Frag(a, b) => Piece::Frag(a, b),
            Val::Array { first, count } => {
                let item = match pick {
                    Some((at, i)) if std::ptr::eq(at, node) => i,
                    _ if count == 1 => first,
                    _ => return Piece::None,
                };
                let (a, b) = self.items[item];
                Piece::Text(a, b)
            }
        }
    }

    fn emit_one(
        &mut self,
        e: &Elem,
        base: usize,
        sink: &mut Sink<'_>,
        depth: usize,
        pick: Option<(*const Node, usize)>,
    ) -> R<()> {
        self.elements += 1;
        if depth > MAX_DEPTH || self.elements > MAX_ELEMENTS {
            return Err(Unsupported);
        }
        self.attr_buf.clear();
        self.attr_list.clear();
        for (name, value) in &e.attrs {
            let start = self.attr_buf.len();
            for node in value {
                match (node, self.piece(base, node, pick)) {
                    (Node::Text(t), _) => self.attr_buf.push_str(t),
                    (_, Piece::Text(a, b)) => self.attr_buf.push_str(&self.buf[a..b]),
                    (Node::Sub(_), Piece::None) => {}
                    _ => return Err(Unsupported),
                }
            }
            // An attribute whose value comes out empty is left out.
            if self.attr_buf.len() > start {
                let k = self.sym(*name, sink);
                self.attr_list.push((*name, k, start, self.attr_buf.len()));
            }
        }
        let sym = self.sym(e.name, sink);
        let view = AttrView {
            names: &self.names,
            buf: &self.attr_buf,
            list: &self.attr_list,
        };
        sink.start(&self.names[e.name as usize], sym, &view)?;
        for node in &e.children {
            match (node, self.piece(base, node, pick)) {
                (Node::Text(t), _) => sink.text(t),
                (_, Piece::Text(a, b)) => sink.text(&self.buf[a..b]),
                (_, Piece::Frag(a, b)) => self.stream(a, b, sink, depth + 1)?,
                (Node::Elem(child), _) => {
                    // MS-EVEN6 2.2.12: an element whose dependency is a NULL value is left out.
                    let left_out = child.dep.is_some_and(|d| {
                        matches!(self.vals.get(base + d as usize), Some(Val::Null))
                    });
                    if !left_out {
                        self.emit(child, base, sink, depth + 1, false)?;
                    }
                }
                (Node::Sub(_), Piece::None) => {}
            }
        }
        sink.end()
    }

    /// The symbol of name `n`.
    fn sym(&mut self, n: u32, sink: &mut Sink<'_>) -> Sym {
        let slot = &mut self.syms[n as usize];
        *slot.get_or_insert_with(|| sink.log.strings_mut().intern(&self.names[n as usize]))
    }

    fn val(&self, base: usize, id: u16) -> Val {
        self.vals
            .get(base + id as usize)
            .copied()
            .unwrap_or(Val::Null)
    }
}

/// UTF-16LE text as a string; `None` where `push_utf16` says `false`.
fn utf16(b: &[u8]) -> R<String> {
    let mut s = String::with_capacity(b.len() / 2);
    if push_utf16(&mut s, b) {
        Ok(s)
    } else {
        Err(Unsupported)
    }
}
