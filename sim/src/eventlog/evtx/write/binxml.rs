//! BinXML as Windows writes a record (MS-EVEN6 2.2.12): the System template and its values,
//! and each payload element as a nested fragment with a template of its own.

use super::values::{Payload, SYSTEM_SLOTS, Value, declared, payload, system_values, ty};
use super::{Chunk, W};
use crate::eventlog::EventRef;
use crate::eventlog::payload::TreeNode;
use crate::eventlog::render::NS;

/// BinXML tokens (MS-EVEN6 2.2.12).
pub(super) mod token {
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

impl Chunk {
    /// One record: header, BinXML, the copy of its size.
    pub(super) fn record(&mut self, e: &EventRef<'_>) -> W {
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
