//! Enumeration, setup access without checks, and inheritance propagation down a tree.

use super::{Fs, Node, NodeKind, join, key, leaf, norm, parent};
use crate::principals::Sid;
use crate::security::{GenericMapping, SecurityDescriptor, inherited_acl_mapped, propagate_mapped};

impl Fs {
    /// Immediate children's full paths (in their stored case), in the order `dir` lists them:
    /// case-insensitive name order, as NTFS keeps its directory index. Empty for a file or a
    /// missing path.
    pub fn children(&self, path: &str) -> Vec<String> {
        let Ok(p) = norm(path) else {
            return Vec::new();
        };
        let prefix = key(&join(&p, ""));
        let mut out: Vec<(String, String)> = self
            .nodes
            .prefixed(prefix.clone())
            .filter(|(k, _)| k.len() > prefix.len() && !k[prefix.len()..].contains('\\'))
            .map(|(k, n)| (k[prefix.len()..].to_string(), n.path.clone()))
            .collect();
        out.sort();
        out.into_iter().map(|(_, p)| p).collect()
    }

    /// The object at `path` and everything below it, depth first, in the order `icacls /t`
    /// visits them: the object, then its contents in `children` order, each folder's contents
    /// right after the folder. Empty if `path` does not exist.
    pub fn descendants(&self, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(n) = self.node(path) {
            self.walk(&n.path, &mut out);
        }
        out
    }

    fn walk(&self, path: &str, out: &mut Vec<String>) {
        out.push(path.to_string());
        for c in self.children(path) {
            self.walk(&c, out);
        }
    }

    /// Setup access (fixtures, presets, faults): creates folders along the way, no checks.
    /// Folders created on the way belong to Administrators and inherit from their parent; the
    /// folder at `path` gets `sd` (replacing the descriptor of an existing node there).
    ///
    /// Panics if `path` is not a drive path (setup code passes known paths; normalize input
    /// with [`super::normalize`] first).
    pub fn put_dir_raw(&mut self, path: &str, sd: SecurityDescriptor) {
        let p = setup_path(path);
        self.ensure_parents(&p);
        self.put_raw(&p, NodeKind::Dir, sd);
    }

    /// Setup access: writes a file, no checks; missing folders on the way are created as by
    /// `put_dir_raw`. Panics on a path that is not a drive path or is a root.
    pub fn put_file_raw(&mut self, path: &str, data: Vec<u8>, sd: SecurityDescriptor) {
        let p = setup_path(path);
        assert!(
            parent(&p).is_some(),
            "a volume root is a folder, not a file: {p}"
        );
        self.ensure_parents(&p);
        self.put_raw(&p, NodeKind::File(data), sd);
    }

    /// Setup access: mutable node.
    pub fn node_mut_raw(&mut self, path: &str) -> Option<&mut Node> {
        self.nodes.get_mut(&key(&norm(path).ok()?))
    }

    /// Setup access: removes a node and everything below it; returns the node.
    pub fn remove_raw(&mut self, path: &str) -> Option<Node> {
        let p = norm(path).ok()?;
        let k = key(&p);
        let prefix = key(&join(&p, ""));
        for b in self.nodes.keys_prefixed(&prefix) {
            self.nodes.remove(&b);
        }
        self.nodes.remove(&k)
    }

    /// What changed from `before` to `self`, entry by entry in key order; parts the two
    /// share (a fork's untouched subtrees) are skipped without being visited.
    pub(crate) fn changes_since<'a>(
        &'a self,
        before: &'a Self,
        walk: crate::store::Walk,
    ) -> impl Iterator<Item = crate::store::Change<'a, Node>> + 'a {
        self.nodes.changes_since(&before.nodes, walk)
    }

    /// Every node, parents before children, in path order.
    pub fn iter(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }

    /// Setup access: recomputes the inherited ACEs of every unprotected object below `path`
    /// from its parent (as Windows does after a folder's DACL changes). Protected objects and
    /// everything below them are left alone.
    pub fn propagate_below(&mut self, path: &str) {
        let Some(n) = self.node(path) else {
            return;
        };
        let top = n.path.clone();
        for child in self.children(&top) {
            let Some(parent_sd) = self.node(&top).map(|n| n.sd.clone()) else {
                return;
            };
            let Some(c) = self.node_mut_raw(&child) else {
                continue;
            };
            if c.sd.protected {
                continue;
            }
            let is_dir = c.is_dir();
            propagate_mapped(&parent_sd, &mut c.sd, is_dir, &GenericMapping::FILE);
            if is_dir {
                self.propagate_below(&child);
            }
        }
    }

    fn ensure_parents(&mut self, p: &str) {
        let Some(pp) = parent(p) else {
            return;
        };
        if self.nodes.get(&key(pp)).is_some_and(Node::is_dir) {
            return;
        }
        self.ensure_parents(pp);
        let owner = Sid::administrators();
        let dacl = parent(pp)
            .and_then(|g| self.nodes.get(&key(g)))
            .map(|g| inherited_acl_mapped(&g.sd, true, &owner, &GenericMapping::FILE))
            .unwrap_or_default();
        let sd = SecurityDescriptor {
            owner: Some(owner),
            group: Some(Sid::system()),
            dacl: Some(dacl),
            protected: false,
            auto_inherited: true,
        };
        self.put_raw(pp, NodeKind::Dir, sd);
    }

    /// Inserts or replaces the node at normalized `p`; a new node keeps its parent's case.
    pub(super) fn put_raw(&mut self, p: &str, kind: NodeKind, sd: SecurityDescriptor) {
        let k = key(p);
        if let Some(n) = self.nodes.get_mut(&k) {
            n.kind = kind;
            n.sd = sd;
            return;
        }
        let stored = parent(p)
            .and_then(|pp| self.nodes.get(&key(pp)))
            .map(|n| join(&n.path, leaf(p)));
        let path = stored.unwrap_or_else(|| p.to_string());
        self.nodes.insert(&k, Node { path, kind, sd });
    }
}

fn setup_path(path: &str) -> String {
    norm(path).unwrap_or_else(|e| panic!("setup path {path:?} is not a drive path: {e}"))
}
