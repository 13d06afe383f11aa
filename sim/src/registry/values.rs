//! `RegValues`: a key's values in the order they were created, as `reg query` lists them.
//!
//! Structurally shared (an `imbl::Vector` of shared entries): copying a key, which the first
//! write after a fork does, copies pointers, and changing one value copies that value alone.
//! Lookups compare folded names in order: a key holds a handful of values, tens at most.

use super::RegValue;
use std::sync::Arc;

/// One value: its folded name (the lookup key), then its name as written and its data.
type Entry = Arc<(String, (String, RegValue))>;

/// A key's values, keyed by folded name, in creation order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegValues {
    entries: imbl::Vector<Entry>,
}

impl RegValues {
    /// No values.
    pub fn new() -> RegValues {
        RegValues::default()
    }

    fn position(&self, folded: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.0 == folded)
    }

    /// The value whose folded name is `folded`: (name as written, data).
    pub fn get(&self, folded: &str) -> Option<&(String, RegValue)> {
        self.entries.iter().find(|e| e.0 == folded).map(|e| &e.1)
    }

    /// The value, mutable (copies it if it is shared with a fork).
    pub fn get_mut(&mut self, folded: &str) -> Option<&mut (String, RegValue)> {
        let i = self.position(folded)?;
        Some(&mut Arc::make_mut(&mut self.entries[i]).1)
    }

    /// True if a value has this folded name.
    pub fn contains_key(&self, folded: &str) -> bool {
        self.position(folded).is_some()
    }

    /// Sets a value as `RegSetValueEx` does: an existing one keeps its place and its name as
    /// first written (the old data is dropped, not copied); a new one goes at the end.
    pub fn set(&mut self, folded: String, name: &str, data: RegValue) {
        match self.position(&folded) {
            Some(i) => {
                let kept = self.entries[i].1.0.clone();
                self.entries.set(i, Arc::new((folded, (kept, data))));
            }
            None => self
                .entries
                .push_back(Arc::new((folded, (name.to_string(), data)))),
        }
    }

    /// Adds a value at the end, or replaces the one with the same folded name in place.
    pub fn insert(&mut self, folded: String, value: (String, RegValue)) {
        match self.position(&folded) {
            Some(i) => self.entries[i] = Arc::new((folded, value)),
            None => self.entries.push_back(Arc::new((folded, value))),
        }
    }

    /// Removes a value, keeping the order of the others; returns it.
    pub fn shift_remove(&mut self, folded: &str) -> Option<(String, RegValue)> {
        let i = self.position(folded)?;
        let entry = self.entries.remove(i);
        Some(Arc::try_unwrap(entry).map_or_else(|shared| shared.1.clone(), |owned| owned.1))
    }

    /// (folded name, (name, data)) in creation order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &(String, RegValue))> {
        self.entries.iter().map(|e| (&e.0, &e.1))
    }

    /// (name, data) in creation order.
    pub fn values(&self) -> impl Iterator<Item = &(String, RegValue)> {
        self.entries.iter().map(|e| &e.1)
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True without values.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_order_and_a_copy_is_independent() {
        let mut v = RegValues::new();
        for (i, name) in ["First", "Second", "Third"].iter().enumerate() {
            v.insert(
                name.to_uppercase(),
                (name.to_string(), RegValue::Dword(i as u32)),
            );
        }
        let copy = v.clone();
        v.insert("SECOND".into(), ("second".into(), RegValue::Dword(9)));
        assert_eq!(
            v.shift_remove("FIRST").map(|e| e.0),
            Some("First".to_string())
        );
        let names: Vec<&str> = v.values().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["second", "Third"]);
        assert_eq!(copy.len(), 3);
        assert_eq!(
            copy.get("SECOND"),
            Some(&("Second".to_string(), RegValue::Dword(1)))
        );
        if let Some(e) = v.get_mut("THIRD") {
            e.1 = RegValue::Dword(3);
        }
        assert_eq!(copy.get("THIRD").map(|e| &e.1), Some(&RegValue::Dword(2)));
        assert!(!v.contains_key("FIRST") && v.contains_key("THIRD") && !v.is_empty());
    }
}
