//! `SharedMap`: the persistent, structurally shared map behind the registry, the filesystem
//! and the service manager.
//!
//! A B-tree of `Arc`s (`imbl::OrdMap<Arc<str>, Arc<V>>`): cloning it (a host fork) copies one
//! pointer; the first write after a fork copies the tree nodes on the path to the entry (each
//! a handful of pointers) and the entry itself, never the whole map. Two maps that share
//! structure are compared by walking only the nodes they do not share, so a diff costs what
//! changed, not the size of the map.

use imbl::OrdMap;
use imbl::ordmap::DiffItem;
use std::ops::Bound;
use std::sync::Arc;

/// An ordered map from folded names (upper-cased paths) to shared entries.
#[derive(Debug)]
pub(crate) struct SharedMap<V> {
    map: OrdMap<Arc<str>, Arc<V>>,
}

impl<V> Clone for SharedMap<V> {
    fn clone(&self) -> Self {
        SharedMap {
            map: self.map.clone(),
        }
    }
}

impl<V> Default for SharedMap<V> {
    fn default() -> Self {
        SharedMap { map: OrdMap::new() }
    }
}

impl<V: PartialEq> PartialEq for SharedMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.map.ptr_eq(&other.map) || self.map == other.map
    }
}

impl<V: Eq> Eq for SharedMap<V> {}

/// One difference between two maps, entry by entry, in key order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change<'a, V> {
    /// In the new map only.
    Added(&'a V),
    /// In both, with different contents.
    Changed(&'a V, &'a V),
    /// In the old map only.
    Removed(&'a V),
}

impl<V: Clone> SharedMap<V> {
    /// The entry at `key` (already folded).
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.map.get(key).map(Arc::as_ref)
    }

    /// True if `key` is present.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The entry at `key`, mutable: copies the path to it and the entry if they are shared.
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.map.get_mut(key).map(Arc::make_mut)
    }

    /// Inserts or replaces the entry at `key`.
    pub(crate) fn insert(&mut self, key: &str, value: V) {
        self.map.insert(Arc::from(key), Arc::new(value));
    }

    /// Removes the entry at `key`.
    pub(crate) fn remove(&mut self, key: &str) -> Option<V> {
        self.map
            .remove(key)
            .map(|v| Arc::try_unwrap(v).unwrap_or_else(|shared| (*shared).clone()))
    }

    /// Every entry, in key order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &V> {
        self.map.values().map(Arc::as_ref)
    }

    /// The entries whose keys start with `prefix`, in key order, with their keys.
    pub(crate) fn prefixed(&self, prefix: String) -> impl Iterator<Item = (&str, &V)> {
        self.map
            .range::<_, str>((Bound::Included(prefix.as_str()), Bound::Unbounded))
            .take_while(move |(k, _)| k.starts_with(prefix.as_str()))
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
    }

    /// The keys that start with `prefix`, collected (for removing them).
    pub(crate) fn keys_prefixed(&self, prefix: &str) -> Vec<Arc<str>> {
        self.map
            .range::<_, str>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, _)| Arc::clone(k))
            .collect()
    }

    /// What differs from `before` to `self`, in key order. With `Walk::Shared`, subtrees the
    /// two maps share are skipped without being visited; `Walk::Scan` compares every entry
    /// (the reference the shared walk is checked against).
    pub(crate) fn changes_since<'a>(
        &'a self,
        before: &'a SharedMap<V>,
        walk: Walk,
    ) -> Box<dyn Iterator<Item = Change<'a, V>> + 'a>
    where
        V: PartialEq,
    {
        match walk {
            Walk::Shared => Box::new(before.map.diff(&self.map).map(|item| match item {
                DiffItem::Add(_, v) => Change::Added(v.as_ref()),
                DiffItem::Remove(_, v) => Change::Removed(v.as_ref()),
                DiffItem::Update { old, new } => Change::Changed(old.1.as_ref(), new.1.as_ref()),
            })),
            Walk::Scan => Box::new(scan(before, self).into_iter()),
        }
    }
}

/// How `changes_since` walks the two maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    /// Skip what the maps share (the cost follows the change).
    Shared,
    /// Visit every entry of both (the cost follows the maps' size); the reference that tests
    /// check `Shared` against.
    #[cfg_attr(not(test), allow(dead_code))]
    Scan,
}

/// Every difference, found by walking both maps in key order entry by entry.
fn scan<'a, V: Clone + PartialEq>(
    before: &'a SharedMap<V>,
    after: &'a SharedMap<V>,
) -> Vec<Change<'a, V>> {
    let mut out = Vec::new();
    let mut old = before.map.iter().peekable();
    let mut new = after.map.iter().peekable();
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((a, _)), Some((b, _))) => a.cmp(b),
        };
        match order {
            std::cmp::Ordering::Less => {
                let (_, v) = old.next().expect("peeked");
                out.push(Change::Removed(v.as_ref()));
            }
            std::cmp::Ordering::Greater => {
                let (_, v) = new.next().expect("peeked");
                out.push(Change::Added(v.as_ref()));
            }
            std::cmp::Ordering::Equal => {
                let ((_, a), (_, b)) = (old.next().expect("peeked"), new.next().expect("peeked"));
                if a != b {
                    out.push(Change::Changed(a.as_ref(), b.as_ref()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, u32)]) -> SharedMap<u32> {
        let mut m = SharedMap::default();
        for (k, v) in entries {
            m.insert(k, *v);
        }
        m
    }

    #[test]
    fn a_fork_is_independent_of_its_parent() {
        let parent = map(&[("A", 1), ("B", 2)]);
        let mut child = parent.clone();
        *child.get_mut("A").expect("present") = 10;
        child.remove("B");
        child.insert("C", 3);
        assert_eq!(parent.get("A"), Some(&1));
        assert_eq!(parent.get("B"), Some(&2));
        assert!(!parent.contains("C"));
        assert_eq!(child.values().copied().collect::<Vec<_>>(), vec![10, 3]);
    }

    #[test]
    fn changes_list_additions_edits_and_removals_in_key_order() {
        let before = map(&[("A", 1), ("B", 2), ("D", 4)]);
        let mut after = before.clone();
        assert_eq!(after.changes_since(&before, Walk::Shared).count(), 0);
        *after.get_mut("B").expect("present") = 20;
        after.insert("C", 3);
        after.remove("D");
        after.insert("A", 1); // same value again: no change
        let changes: Vec<_> = after.changes_since(&before, Walk::Shared).collect();
        let scanned: Vec<_> = after.changes_since(&before, Walk::Scan).collect();
        assert_eq!(changes, scanned);
        assert_eq!(
            changes,
            vec![
                Change::Changed(&2, &20),
                Change::Added(&3),
                Change::Removed(&4)
            ]
        );
    }

    #[test]
    fn prefixed_stops_at_the_first_key_outside_the_prefix() {
        let m = map(&[("A\\", 0), ("A\\B", 1), ("A\\C", 2), ("AB", 3), ("B", 4)]);
        let got: Vec<_> = m.prefixed("A\\".to_string()).map(|(k, _)| k).collect();
        assert_eq!(got, vec!["A\\", "A\\B", "A\\C"]);
        assert_eq!(m.keys_prefixed("A\\B").len(), 1);
    }
}
