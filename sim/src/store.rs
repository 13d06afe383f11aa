//! `SharedMap`: the persistent, structurally shared map behind the registry, the filesystem
//! and the service manager.
//!
//! Two B-trees of `Arc`s (`imbl::OrdMap`): a large `base`, and `recent`, the writes made since
//! `base` was last folded (an entry, or a tombstone for a removed base entry). Cloning the map
//! (a host fork) copies two pointers. A write goes to `recent`, whose tree is small, so the
//! first write after a fork copies a short path (a few nodes of pointers) and the entry itself,
//! whatever the size of `base`; when `recent` reaches `FOLD_AT` entries it is folded into
//! `base`, one path copy per entry. Two maps are compared by walking only what they do not
//! share: the `recent` trees when the bases are the same, else each map's entries folded into
//! its base, where every untouched subtree is still shared. A diff costs what changed, not the
//! size of the map.

use imbl::OrdMap;
use imbl::ordmap::DiffItem;
use std::cmp::Ordering;
use std::fmt;
use std::iter::Peekable;
use std::ops::Bound;
use std::sync::Arc;

/// How many writes `recent` holds before they are folded into `base`: small enough that its
/// tree stays two levels deep (16-entry nodes), so copying its path is cheap.
const FOLD_AT: usize = 8;

type Base<V> = OrdMap<Arc<str>, Arc<V>>;
type Recent<V> = OrdMap<Arc<str>, Option<Arc<V>>>;

/// An ordered map from folded names (upper-cased paths) to shared entries.
pub(crate) struct SharedMap<V> {
    base: Base<V>,
    /// Writes since the last fold, winning over `base`; `None` removes a base entry.
    recent: Recent<V>,
    /// A Bloom filter of `recent`'s keys (`key_bits`): a read whose bits are not all here
    /// goes straight to `base`, so reads pay for `recent` only when it may hold their key.
    recent_bits: u64,
}

impl<V> Clone for SharedMap<V> {
    fn clone(&self) -> Self {
        SharedMap {
            base: self.base.clone(),
            recent: self.recent.clone(),
            recent_bits: self.recent_bits,
        }
    }
}

impl<V> Default for SharedMap<V> {
    fn default() -> Self {
        SharedMap {
            base: OrdMap::new(),
            recent: OrdMap::new(),
            recent_bits: 0,
        }
    }
}

impl<V: Clone + PartialEq> PartialEq for SharedMap<V> {
    fn eq(&self, other: &Self) -> bool {
        (self.base.ptr_eq(&other.base) && self.recent.ptr_eq(&other.recent))
            || self.changes_since(other, Walk::Shared).next().is_none()
    }
}

impl<V: Clone + Eq> Eq for SharedMap<V> {}

impl<V: Clone + fmt::Debug> fmt::Debug for SharedMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries(Bound::Unbounded))
            .finish()
    }
}

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
        match self.recent_entry(key) {
            Some(entry) => entry.as_deref(),
            None => self.base.get(key).map(Arc::as_ref),
        }
    }

    /// `recent`'s entry for `key`, looked up only if the filter says it may be there.
    fn recent_entry(&self, key: &str) -> Option<&Option<Arc<V>>> {
        let bits = key_bits(key);
        if self.recent_bits & bits != bits {
            return None;
        }
        self.recent.get(key)
    }

    /// Writes `entry` to `recent` (after folding a full one), returning what it replaced there.
    fn stage(&mut self, key: Arc<str>, entry: Option<Arc<V>>) -> Option<Option<Arc<V>>> {
        self.fold_if_full();
        self.recent_bits |= key_bits(&key);
        self.recent.insert(key, entry)
    }

    /// True if `key` is present.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The entry at `key`, mutable: copies the entry if it is shared, and the short path to it
    /// in `recent`.
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        if self.recent_entry(key).is_none() {
            let (k, v) = self.base.get_key_value(key)?;
            let (k, v) = (Arc::clone(k), Arc::clone(v));
            self.stage(k, Some(v));
        }
        self.recent.get_mut(key)?.as_mut().map(Arc::make_mut)
    }

    /// Inserts or replaces the entry at `key`.
    pub(crate) fn insert(&mut self, key: &str, value: V) {
        self.stage(Arc::from(key), Some(Arc::new(value)));
    }

    /// Removes the entry at `key`.
    pub(crate) fn remove(&mut self, key: &str) -> Option<V> {
        self.fold_if_full();
        let old = match self.base.get_key_value(key) {
            Some((k, v)) => {
                let (k, v) = (Arc::clone(k), Arc::clone(v));
                self.stage(k, None).unwrap_or(Some(v))
            }
            // Not in `base`: nothing to hide, only a recent entry to drop (its filter bits
            // stay, which costs a lookup at most).
            None => self.recent.remove(key).flatten(),
        };
        old.map(|v| Arc::try_unwrap(v).unwrap_or_else(|shared| (*shared).clone()))
    }

    /// Every entry, in key order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &V> {
        self.entries(Bound::Unbounded).map(|(_, v)| v)
    }

    /// The entries whose keys start with `prefix`, in key order, with their keys.
    pub(crate) fn prefixed(&self, prefix: String) -> impl Iterator<Item = (&str, &V)> {
        let entries = self.entries(Bound::Included(prefix.as_str()));
        entries.take_while(move |(k, _)| k.starts_with(prefix.as_str()))
    }

    /// The keys that start with `prefix`, collected (for removing them).
    pub(crate) fn keys_prefixed(&self, prefix: &str) -> Vec<Arc<str>> {
        self.merged(Bound::Included(prefix))
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, _)| Arc::clone(k))
            .collect()
    }

    /// The entries from key `from` on, in key order: `recent` over `base`.
    fn entries<'a>(
        &'a self,
        from: Bound<&str>,
    ) -> impl Iterator<Item = (&'a str, &'a V)> + use<'a, V> {
        self.merged(from).map(|(k, v)| (k.as_ref(), v.as_ref()))
    }

    /// `entries` with the maps' own keys and values.
    fn merged<'a>(
        &'a self,
        from: Bound<&str>,
    ) -> impl Iterator<Item = (&'a Arc<str>, &'a Arc<V>)> + use<'a, V> {
        Merged {
            base: self
                .base
                .range::<_, str>((from, Bound::Unbounded))
                .peekable(),
            recent: self
                .recent
                .range::<_, str>((from, Bound::Unbounded))
                .peekable(),
        }
    }

    /// Folds `recent` into `base` once it holds `FOLD_AT` writes.
    fn fold_if_full(&mut self) {
        if self.recent.len() >= FOLD_AT {
            self.base = self.folded();
            self.recent = OrdMap::new();
            self.recent_bits = 0;
        }
    }

    /// `base` with `recent` written into it: untouched subtrees stay shared with `base`.
    fn folded(&self) -> Base<V> {
        let mut base = self.base.clone();
        for (k, v) in &self.recent {
            match v {
                Some(v) => {
                    base.insert(Arc::clone(k), Arc::clone(v));
                }
                None => {
                    base.remove(k.as_ref());
                }
            }
        }
        base
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
        let compare = move |key: &str| match (before.get(key), self.get(key)) {
            (None, Some(new)) => Some(Change::Added(new)),
            (Some(old), None) => Some(Change::Removed(old)),
            (Some(old), Some(new)) if old != new => Some(Change::Changed(old, new)),
            _ => None,
        };
        match walk {
            // Same base: only the two `recent` trees can differ.
            Walk::Shared if self.base.ptr_eq(&before.base) => Box::new(
                before
                    .recent
                    .diff(&self.recent)
                    .filter_map(move |item| compare(diff_key(&item))),
            ),
            // One side was folded since the fork: fold both (a path copy per recent entry),
            // then walk what the folded trees do not share.
            Walk::Shared => {
                let (old, new) = (before.folded(), self.folded());
                let keys: Vec<Arc<str>> = old
                    .diff(&new)
                    .map(|item| Arc::clone(diff_key(&item)))
                    .collect();
                Box::new(keys.into_iter().filter_map(move |k| compare(&k)))
            }
            Walk::Scan => Box::new(scan(before, self).into_iter()),
        }
    }
}

/// Two bits of a 64-bit Bloom filter for `key`, from its length and its last eight bytes
/// (keys are paths: siblings share a long prefix and differ at the end), mixed by one
/// multiplication; cheap next to the `base` lookup it may spare.
fn key_bits(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let mut tail = [0u8; 8];
    let n = bytes.len().min(8);
    tail[8 - n..].copy_from_slice(&bytes[bytes.len() - n..]);
    let x = (u64::from_le_bytes(tail) ^ bytes.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (1 << (x >> 58)) | (1 << ((x >> 52) & 63))
}

/// The key a diff item is about.
fn diff_key<'a, V>(item: &DiffItem<'a, 'a, Arc<str>, V>) -> &'a Arc<str> {
    match item {
        DiffItem::Add(k, _) | DiffItem::Remove(k, _) => k,
        DiffItem::Update { new: (k, _), .. } => k,
    }
}

/// The entries of `base` and `recent` merged in key order: `recent`'s entry wins over
/// `base`'s for the same key, and a tombstone hides it.
struct Merged<'a, V, B, R>
where
    B: Iterator<Item = (&'a Arc<str>, &'a Arc<V>)>,
    R: Iterator<Item = (&'a Arc<str>, &'a Option<Arc<V>>)>,
    V: 'a,
{
    base: Peekable<B>,
    recent: Peekable<R>,
}

impl<'a, V, B, R> Iterator for Merged<'a, V, B, R>
where
    B: Iterator<Item = (&'a Arc<str>, &'a Arc<V>)>,
    R: Iterator<Item = (&'a Arc<str>, &'a Option<Arc<V>>)>,
{
    type Item = (&'a Arc<str>, &'a Arc<V>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let order = match (self.base.peek(), self.recent.peek()) {
                (None, None) => return None,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((a, _)), Some((b, _))) => a.cmp(b),
            };
            if order == Ordering::Less {
                return self.base.next();
            }
            if order == Ordering::Equal {
                self.base.next();
            }
            let (k, v) = self.recent.next().expect("peeked");
            if let Some(v) = v {
                return Some((k, v));
            }
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
    let mut old = before.entries(Bound::Unbounded).peekable();
    let mut new = after.entries(Bound::Unbounded).peekable();
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
                out.push(Change::Removed(v));
            }
            std::cmp::Ordering::Greater => {
                let (_, v) = new.next().expect("peeked");
                out.push(Change::Added(v));
            }
            std::cmp::Ordering::Equal => {
                let ((_, a), (_, b)) = (old.next().expect("peeked"), new.next().expect("peeked"));
                if a != b {
                    out.push(Change::Changed(a, b));
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

    /// A map driven by random writes, forks and removals against a `BTreeMap` model, far past
    /// `FOLD_AT`: every read, iteration and diff (both walks, across folds on either side)
    /// agrees with the model.
    #[test]
    fn recent_writes_and_folds_agree_with_a_plain_map() {
        use std::collections::BTreeMap;
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut map: SharedMap<u32> = SharedMap::default();
        let mut model: BTreeMap<String, u32> = BTreeMap::new();
        let mut forks: Vec<(SharedMap<u32>, BTreeMap<String, u32>)> = Vec::new();
        for step in 0..2_000u32 {
            let key = format!("K\\{:03}", next(300));
            match next(10) {
                0..=3 => {
                    map.insert(&key, step);
                    model.insert(key.clone(), step);
                }
                4..=5 => {
                    let got = map.get_mut(&key).map(|v| {
                        *v += 1;
                        *v
                    });
                    let want = model.get_mut(&key).map(|v| {
                        *v += 1;
                        *v
                    });
                    assert_eq!(got, want, "get_mut {key}");
                }
                6..=7 => assert_eq!(map.remove(&key), model.remove(&key), "remove {key}"),
                8 => forks.push((map.clone(), model.clone())),
                _ => assert_eq!(map.get(&key), model.get(&key), "get {key}"),
            }
            assert_eq!(
                map.contains(&key),
                model.contains_key(&key),
                "step {step} {key}"
            );
        }
        let all: Vec<(&str, u32)> = map
            .entries(Bound::Unbounded)
            .map(|(k, v)| (k, *v))
            .collect();
        let want: Vec<(&str, u32)> = model.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(all, want);
        let prefix = "K\\1".to_string();
        let got: Vec<&str> = map.prefixed(prefix.clone()).map(|(k, _)| k).collect();
        let want: Vec<&str> = model
            .keys()
            .map(String::as_str)
            .filter(|k| k.starts_with(&prefix))
            .collect();
        assert_eq!(got, want);
        assert_eq!(map.keys_prefixed(&prefix).len(), want.len());
        assert!(forks.len() > 100, "the walk forks often");
        for (fork, fork_model) in &forks {
            let fork_entries: Vec<(&str, &u32)> = fork.entries(Bound::Unbounded).collect();
            let fork_want: Vec<(&str, &u32)> =
                fork_model.iter().map(|(k, v)| (k.as_str(), v)).collect();
            assert_eq!(fork_entries, fork_want, "a fork keeps its own entries");
            let shared: Vec<_> = map.changes_since(fork, Walk::Shared).collect();
            let scanned: Vec<_> = map.changes_since(fork, Walk::Scan).collect();
            assert_eq!(shared, scanned);
            let expected = model
                .iter()
                .filter(|(k, v)| fork_model.get(*k) != Some(*v))
                .count()
                + fork_model
                    .keys()
                    .filter(|k| !model.contains_key(*k))
                    .count();
            assert_eq!(shared.len(), expected);
            assert_eq!(map == *fork, expected == 0);
        }
    }

    #[test]
    fn prefixed_stops_at_the_first_key_outside_the_prefix() {
        let m = map(&[("A\\", 0), ("A\\B", 1), ("A\\C", 2), ("AB", 3), ("B", 4)]);
        let got: Vec<_> = m.prefixed("A\\".to_string()).map(|(k, _)| k).collect();
        assert_eq!(got, vec!["A\\", "A\\B", "A\\C"]);
        assert_eq!(m.keys_prefixed("A\\B").len(), 1);
    }
}
