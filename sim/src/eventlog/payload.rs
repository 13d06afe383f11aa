//! The payload of a record (everything after `<System>`), stored as words in its segment.
//!
//! Two forms:
//! - simple: `EventData` with `Data` items, as pairs `[name, value, name, value, ...]`
//!   (name 0 = an unnamed `<Data>`); what native events and most imports use;
//! - tree: a sequence of top-level elements (`EventData`, `UserData`, ...), each node encoded
//!   as `[name, text, n_attrs, n_children, size, (attr name, attr value)*, children...]`
//!   where `size` counts every word of the node, so siblings are skipped in O(1).

use super::store::{Interner, Sym};

/// Header words of a tree node.
pub const HEADER: usize = 5;

/// A view of a tree node at `off` in `words`.
#[derive(Clone, Copy)]
pub struct TreeNode<'a> {
    words: &'a [u32],
    off: usize,
}

impl<'a> TreeNode<'a> {
    /// The node at `off`.
    pub fn at(words: &'a [u32], off: usize) -> TreeNode<'a> {
        TreeNode { words, off }
    }
    /// Its offset.
    pub fn offset(&self) -> usize {
        self.off
    }
    /// Element name.
    pub fn name(&self) -> Sym {
        self.words[self.off]
    }
    /// Text content (0 = none).
    pub fn text(&self) -> Sym {
        self.words[self.off + 1]
    }
    fn n_attrs(&self) -> usize {
        self.words[self.off + 2] as usize
    }
    fn n_children(&self) -> usize {
        self.words[self.off + 3] as usize
    }
    /// Words of the whole node.
    pub fn size(&self) -> usize {
        self.words[self.off + 4] as usize
    }
    /// Attributes as (name, value).
    pub fn attrs(&self) -> impl Iterator<Item = (Sym, Sym)> + 'a {
        let w = self.words;
        let s = self.off + HEADER;
        (0..self.n_attrs()).map(move |i| (w[s + 2 * i], w[s + 2 * i + 1]))
    }
    /// Child elements.
    pub fn children(&self) -> Children<'a> {
        Children {
            words: self.words,
            off: self.off + HEADER + 2 * self.n_attrs(),
            left: self.n_children(),
        }
    }
}

/// Iterator over sibling nodes.
#[derive(Clone)]
pub struct Children<'a> {
    words: &'a [u32],
    off: usize,
    left: usize,
}

impl<'a> Iterator for Children<'a> {
    type Item = TreeNode<'a>;
    fn next(&mut self) -> Option<TreeNode<'a>> {
        if self.left == 0 || self.off + HEADER > self.words.len() {
            return None;
        }
        let n = TreeNode::at(self.words, self.off);
        self.left -= 1;
        self.off += n.size().max(HEADER);
        Some(n)
    }
}

/// The top-level nodes of a tree payload.
pub fn top_nodes(words: &[u32]) -> Children<'_> {
    Children {
        words,
        off: 0,
        left: usize::MAX,
    }
}

/// Builds a tree payload node by node.
#[derive(Default)]
pub struct TreeBuilder {
    /// The words built so far.
    pub words: Vec<u32>,
    stack: Vec<usize>,
}

impl TreeBuilder {
    /// Opens an element with its attributes.
    pub fn open(&mut self, name: Sym, attrs: &[(Sym, Sym)]) {
        if let Some(&parent) = self.stack.last() {
            self.words[parent + 3] += 1;
        }
        self.stack.push(self.words.len());
        self.words
            .extend_from_slice(&[name, 0, attrs.len() as u32, 0, 0]);
        for (n, v) in attrs {
            self.words.push(*n);
            self.words.push(*v);
        }
    }
    /// Sets the text of the open element.
    pub fn text(&mut self, text: Sym) {
        if let Some(&top) = self.stack.last() {
            self.words[top + 1] = text;
        }
    }
    /// Closes the open element.
    pub fn close(&mut self) {
        if let Some(start) = self.stack.pop() {
            self.words[start + 4] = (self.words.len() - start) as u32;
        }
    }
    /// Depth of open elements.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }
}

/// True if a tree payload is exactly `EventData` holding only `Data` leaves with at most a
/// `Name` attribute: then the simple form stores it in fewer words.
pub fn simplify(words: &[u32], strings: &Interner) -> Option<Vec<u32>> {
    let mut tops = top_nodes(words);
    let ed = tops.next()?;
    if tops.next().is_some() || strings.str(ed.name()) != "EventData" || ed.attrs().next().is_some()
    {
        return None;
    }
    let name_sym = strings.get("Name");
    let mut out = Vec::new();
    for d in ed.children() {
        if strings.str(d.name()) != "Data" || d.children().next().is_some() {
            return None;
        }
        let mut name = 0;
        for (k, v) in d.attrs() {
            if Some(k) != name_sym {
                return None;
            }
            name = v;
        }
        out.push(name);
        out.push(d.text());
    }
    Some(out)
}
