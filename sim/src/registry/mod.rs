//! The registry: keys with security descriptors (inherited like folders) and typed values,
//! access-checked as a principal; `.reg` import and export (`regfile`).
//!
//! Paths use full root names (`HKEY_LOCAL_MACHINE\SOFTWARE\...`); `canonical_path` accepts the
//! short forms (`HKLM\...`) and is case-insensitive.
//!
//! - `mod.rs`      values, keys, and the registry's checked and setup (`*_raw`) operations.
//! - `paths.rs`    root keys and short forms, how HKCR/HKCU/HKCC are stored, case folding.
//! - `defaults.rs` default descriptors of roots and hives, and of new keys.
//! - `values.rs`   a key's values in creation order, structurally shared.
//! - `regfile/`    `.reg` files: decode, parse, apply, export.
//!
//! Access rights checked (with `security::access_check` and the key generic mapping):
//! read a value KEY_QUERY_VALUE; set or delete a value KEY_SET_VALUE; create a subkey
//! KEY_CREATE_SUB_KEY on the parent; delete a key DELETE (on every key of the subtree);
//! change a descriptor WRITE_DAC / WRITE_OWNER. Enumeration (`subkeys`, `descendants`) is
//! unchecked here; callers that enumerate as a principal check KEY_ENUMERATE_SUB_KEYS.

mod defaults;
mod paths;
pub mod regfile;
mod values;

pub use values::RegValues;

pub use paths::{canonical_path, fold, storage_path};

use crate::error::WinError;
use crate::principals::{Sid, Token};
use crate::security::{AccessMask, GenericMapping, SecurityDescriptor, access_check, propagate};
use crate::store::SharedMap;
use paths::{leaf, parent};

/// A typed registry value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegValue {
    /// REG_SZ.
    Sz(String),
    /// REG_EXPAND_SZ.
    ExpandSz(String),
    /// REG_MULTI_SZ.
    MultiSz(Vec<String>),
    /// REG_DWORD.
    Dword(u32),
    /// REG_QWORD.
    Qword(u64),
    /// REG_BINARY.
    Binary(Vec<u8>),
    /// REG_NONE (raw bytes).
    None(Vec<u8>),
}

impl RegValue {
    /// The type name as reg.exe prints it (`REG_DWORD`).
    pub fn type_name(&self) -> &'static str {
        match self {
            RegValue::Sz(_) => "REG_SZ",
            RegValue::ExpandSz(_) => "REG_EXPAND_SZ",
            RegValue::MultiSz(_) => "REG_MULTI_SZ",
            RegValue::Dword(_) => "REG_DWORD",
            RegValue::Qword(_) => "REG_QWORD",
            RegValue::Binary(_) => "REG_BINARY",
            RegValue::None(_) => "REG_NONE",
        }
    }

    /// The data as `reg query` prints it: REG_DWORD/REG_QWORD `0x` and lower-case hex,
    /// REG_BINARY and REG_NONE upper-case hex without separators, REG_MULTI_SZ items joined
    /// by a literal `\0`.
    pub fn data_text(&self) -> String {
        match self {
            RegValue::Sz(s) | RegValue::ExpandSz(s) => s.clone(),
            RegValue::MultiSz(items) => items.join("\\0"),
            RegValue::Dword(d) => format!("0x{d:x}"),
            RegValue::Qword(q) => format!("0x{q:x}"),
            RegValue::Binary(b) | RegValue::None(b) => {
                b.iter().map(|x| format!("{x:02X}")).collect()
            }
        }
    }
}

/// A key: its display path, its values in insertion order, its descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegKey {
    /// Full path in the case it was created with.
    pub path: String,
    /// Values keyed by upper-cased name; each holds (name as written, value). `""` is the default value.
    pub values: RegValues,
    /// The key's security descriptor.
    pub sd: SecurityDescriptor,
}

/// The registry hives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    /// Keyed by upper-cased canonical path; structurally shared between forks.
    keys: SharedMap<RegKey>,
}

impl Registry {
    /// The hives: `HKEY_LOCAL_MACHINE` (with `SOFTWARE`, `SOFTWARE\Classes` behind HKCR, `SYSTEM`,
    /// `HARDWARE`, and the `Hardware Profiles\Current` key behind HKCC), `HKEY_USERS` (with
    /// `.DEFAULT`) and `HKEY_CURRENT_USER` (see `paths` for how HKCU, HKCR and HKCC map).
    pub fn new() -> Registry {
        let mut reg = Registry::default();
        for path in [
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes",
            "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current",
            "HKEY_LOCAL_MACHINE\\HARDWARE",
            "HKEY_USERS\\.DEFAULT",
            "HKEY_CURRENT_USER",
        ] {
            reg.put_key_raw(path);
        }
        reg
    }

    /// The key at `path` (any root form), unchecked.
    pub fn key(&self, path: &str) -> Option<&RegKey> {
        self.keys.get(&fold(&storage_path(path)?))
    }

    /// True if a key exists at `path` (unchecked).
    pub fn key_exists(&self, path: &str) -> bool {
        self.key(path).is_some()
    }

    /// Opens a key for `desired` access as `token`: FILE_NOT_FOUND for a missing key (or an
    /// unknown root), ACCESS_DENIED when the key's descriptor refuses.
    pub fn open(
        &self,
        path: &str,
        token: &Token,
        desired: AccessMask,
    ) -> Result<&RegKey, WinError> {
        let key = self.key(path).ok_or(WinError::FILE_NOT_FOUND)?;
        check(&key.sd, token, desired)?;
        Ok(key)
    }

    /// Reads a value (KEY_QUERY_VALUE); `name` `""` is the default value.
    pub fn get_value(&self, key: &str, name: &str, token: &Token) -> Result<RegValue, WinError> {
        let k = self.open(key, token, KEY_QUERY_VALUE)?;
        k.values
            .get(&fold(name))
            .map(|(_, v)| v.clone())
            .ok_or(WinError::FILE_NOT_FOUND)
    }

    /// A value, unchecked (for behaviour models and diffs that read as the OS itself).
    pub fn value_raw(&self, key: &str, name: &str) -> Option<&RegValue> {
        self.key(key)?.values.get(&fold(name)).map(|(_, v)| v)
    }

    /// Creates a key and missing parents as `token`; true if created, false if it existed.
    ///
    /// Each level is created as `RegCreateKeyEx` does, one component at a time: the parent must
    /// grant KEY_CREATE_SUB_KEY; the new key inherits its DACL from the parent and is owned by
    /// the token's default owner. A denial part-way leaves the levels already created.
    pub fn create_key(&mut self, path: &str, token: &Token) -> Result<bool, WinError> {
        let full = storage_path(path).ok_or(WinError::FILE_NOT_FOUND)?;
        if self.keys.contains(&fold(&full)) {
            return Ok(false);
        }
        let owner = defaults::default_owner(token);
        let parts: Vec<&str> = full.split('\\').collect();
        // "A registry tree can be 512 levels deep" (learn.microsoft.com, "Opening, Creating, and
        // Closing Keys"); deeper, the kernel refuses with "The parameter is incorrect." (as a
        // regedit paste nesting past the limit reports it).
        if parts.len() - 1 > MAX_DEPTH {
            return Err(WinError::INVALID_PARAMETER);
        }
        let mut current = String::new();
        for (i, part) in parts.iter().enumerate() {
            let parent = current.clone();
            if i > 0 {
                current.push('\\');
            }
            current.push_str(part);
            if let Some(existing) = self.keys.get(&fold(&current)) {
                current.clone_from(&existing.path); // keep the stored case of existing parents
                continue;
            }
            if i == 0 || is_root_or_hive(&current) {
                // Roots and hives are loaded, never created (reg add HKLM\NEW: access denied).
                return Err(WinError::ACCESS_DENIED);
            }
            let parent_sd = &self.keys.get(&fold(&parent)).expect("parents exist").sd;
            check(parent_sd, token, KEY_CREATE_SUB_KEY)?;
            let sd = defaults::child_sd(parent_sd, &owner);
            self.insert(&current, sd);
        }
        Ok(true)
    }

    /// Sets a value (KEY_SET_VALUE). An existing value keeps its position and the case of its name.
    pub fn set_value(
        &mut self,
        key: &str,
        name: &str,
        value: RegValue,
        token: &Token,
    ) -> Result<(), WinError> {
        let k = self.key_mut_raw(key).ok_or(WinError::FILE_NOT_FOUND)?;
        check(&k.sd, token, KEY_SET_VALUE)?;
        store_value(k, name, value);
        Ok(())
    }

    /// Deletes a value (KEY_SET_VALUE); FILE_NOT_FOUND if there is none.
    pub fn delete_value(&mut self, key: &str, name: &str, token: &Token) -> Result<(), WinError> {
        let k = self.key_mut_raw(key).ok_or(WinError::FILE_NOT_FOUND)?;
        check(&k.sd, token, KEY_SET_VALUE)?;
        k.values
            .shift_remove(&fold(name))
            .map(|_| ())
            .ok_or(WinError::FILE_NOT_FOUND)
    }

    /// Deletes a key and its subkeys; every key of the subtree must grant DELETE, else nothing
    /// is deleted (ACCESS_DENIED). Roots and hives cannot be deleted (ACCESS_DENIED).
    pub fn delete_key(&mut self, path: &str, token: &Token) -> Result<(), WinError> {
        let full = storage_path(path).ok_or(WinError::FILE_NOT_FOUND)?;
        let key = self
            .keys
            .get(&fold(&full))
            .ok_or(WinError::FILE_NOT_FOUND)?;
        if is_root_or_hive(&key.path) {
            return Err(WinError::ACCESS_DENIED);
        }
        check(&key.sd, token, AccessMask::DELETE)?;
        for k in self.subtree(&full) {
            check(&k.sd, token, AccessMask::DELETE)?;
        }
        self.remove_key_raw(&full);
        Ok(())
    }

    /// Immediate subkeys' full paths (the root as `path` names it, the subkeys' names as stored),
    /// sorted as Windows enumerates them (upper-cased name order). Empty for a missing key.
    pub fn subkeys(&self, path: &str) -> Vec<String> {
        let (Some(display), Some(full)) = (canonical_path(path), storage_path(path)) else {
            return Vec::new();
        };
        let depth = full.split('\\').count();
        self.subtree(&full)
            .filter(|k| k.path.split('\\').count() == depth + 1)
            .map(|k| format!("{display}\\{}", leaf(&k.path)))
            .collect()
    }

    /// Every key below `path` (not `path` itself), parents before children, siblings in
    /// `subkeys` order (depth-first, as `reg query /s` and `reg export` walk them).
    pub fn descendants(&self, path: &str) -> Vec<String> {
        let (Some(display), Some(full)) = (canonical_path(path), storage_path(path)) else {
            return Vec::new();
        };
        let depth = full.split('\\').count();
        let mut found: Vec<(Vec<String>, &str)> = self
            .subtree(&full)
            .map(|k| {
                // Components, not bytes: a name may differ from `path` in case and in length.
                let rest = k
                    .path
                    .splitn(depth + 1, '\\')
                    .nth(depth)
                    .unwrap_or_default();
                (rest.split('\\').map(fold).collect(), rest)
            })
            .collect();
        found.sort();
        found
            .into_iter()
            .map(|(_, rest)| format!("{display}\\{rest}"))
            .collect()
    }

    /// Replaces a key's descriptor: WRITE_DAC to change the DACL or its protection, WRITE_OWNER
    /// to change the owner. Inheritable ACEs then propagate to the subkeys, as regedit's
    /// Permissions dialog (`SetSecurityInfo`) propagates them.
    pub fn set_security(
        &mut self,
        path: &str,
        sd: SecurityDescriptor,
        token: &Token,
    ) -> Result<(), WinError> {
        let full = storage_path(path).ok_or(WinError::FILE_NOT_FOUND)?;
        let key = self
            .keys
            .get(&fold(&full))
            .ok_or(WinError::FILE_NOT_FOUND)?;
        let mut desired = AccessMask::default();
        if key.sd.dacl != sd.dacl || key.sd.protected != sd.protected {
            desired = desired.union(AccessMask::WRITE_DAC);
        }
        if key.sd.owner != sd.owner {
            desired = desired.union(AccessMask::WRITE_OWNER);
        }
        check(&key.sd, token, desired)?;
        self.set_security_raw(&full, sd);
        Ok(())
    }

    /// Setup access: replaces a key's descriptor and propagates inheritance to its subkeys.
    /// Does nothing if the key does not exist.
    pub fn set_security_raw(&mut self, path: &str, sd: SecurityDescriptor) {
        let Some(full) = storage_path(path) else {
            return;
        };
        let Some(key) = self.keys.get_mut(&fold(&full)) else {
            return;
        };
        key.sd = sd;
        let below: Vec<String> = self.descendants(&full);
        for child in below {
            let child = fold(&child);
            let parent_key = parent(&child).map(str::to_string).unwrap_or_default();
            let parent_sd = self
                .keys
                .get(&parent_key)
                .expect("parents exist")
                .sd
                .clone();
            if let Some(k) = self.keys.get_mut(&child) {
                propagate(&parent_sd, &mut k.sd, true);
            }
        }
    }

    /// Setup access: creates the key and missing parents, no checks, and returns it. A new key
    /// under a root gets the hive's default descriptor; any other inherits from its parent and
    /// is owned by SYSTEM, as keys made by Windows setup are.
    ///
    /// # Panics
    /// On a path with an unknown root: setup code names keys it controls.
    pub fn put_key_raw(&mut self, path: &str) -> &mut RegKey {
        let full = storage_path(path).unwrap_or_else(|| panic!("bad registry path {path:?}"));
        let folded = fold(&full);
        if !self.keys.contains(&folded) {
            let mut current = String::new();
            for part in full.split('\\') {
                let parent = current.clone();
                if !current.is_empty() {
                    current.push('\\');
                }
                current.push_str(part);
                if let Some(existing) = self.keys.get(&fold(&current)) {
                    current.clone_from(&existing.path);
                    continue;
                }
                let sd = if is_root_or_hive(&current) {
                    defaults::hive_sd(&current)
                } else {
                    defaults::child_sd(
                        &self.keys.get(&fold(&parent)).expect("parents exist").sd,
                        &Sid::system(),
                    )
                };
                self.insert(&current, sd);
            }
        }
        self.keys.get_mut(&folded).expect("created above")
    }

    /// Setup access: the key at `path`, mutable, if it exists.
    pub fn key_mut_raw(&mut self, path: &str) -> Option<&mut RegKey> {
        self.keys.get_mut(&fold(&storage_path(path)?))
    }

    /// Setup access: sets a value, creating the key; no checks.
    pub fn put_value_raw(&mut self, key: &str, name: &str, value: RegValue) {
        store_value(self.put_key_raw(key), name, value);
    }

    /// Setup access: removes a value; returns it if it was there.
    pub fn remove_value_raw(&mut self, key: &str, name: &str) -> Option<RegValue> {
        self.key_mut_raw(key)?
            .values
            .shift_remove(&fold(name))
            .map(|(_, v)| v)
    }

    /// Setup access: removes a key and its subtree (nothing if it does not exist).
    pub fn remove_key_raw(&mut self, path: &str) {
        let Some(full) = storage_path(path) else {
            return;
        };
        let folded = fold(&full);
        for k in self.keys.keys_prefixed(&format!("{folded}\\")) {
            self.keys.remove(&k);
        }
        self.keys.remove(&folded);
    }

    /// What changed from `before` to `self`, entry by entry in key order; parts the two
    /// share (a fork's untouched subtrees) are skipped without being visited.
    pub(crate) fn changes_since<'a>(
        &'a self,
        before: &'a Self,
        walk: crate::store::Walk,
    ) -> impl Iterator<Item = crate::store::Change<'a, RegKey>> + 'a {
        self.keys.changes_since(&before.keys, walk)
    }

    /// Every key, parents before children (storage paths: HKCR keys appear under
    /// `HKEY_LOCAL_MACHINE\SOFTWARE\Classes`).
    pub fn iter(&self) -> impl Iterator<Item = &RegKey> {
        self.keys.values()
    }

    /// The keys strictly below the storage path `full`.
    fn subtree<'a>(&'a self, full: &str) -> impl Iterator<Item = &'a RegKey> + 'a {
        let prefix = format!("{}\\", fold(full));
        self.keys.prefixed(prefix).map(|(_, v)| v)
    }

    fn insert(&mut self, full: &str, sd: SecurityDescriptor) {
        let key = RegKey {
            path: full.to_string(),
            values: RegValues::new(),
            sd,
        };
        self.keys.insert(&fold(full), key);
    }
}

/// How deep a key may sit below its root: "A registry tree can be 512 levels deep"
/// (learn.microsoft.com, "Registry Element Size Limits").
pub const MAX_DEPTH: usize = 512;

/// KEY_QUERY_VALUE.
pub const KEY_QUERY_VALUE: AccessMask = AccessMask(0x0001);
/// KEY_SET_VALUE.
pub const KEY_SET_VALUE: AccessMask = AccessMask(0x0002);
/// KEY_CREATE_SUB_KEY.
pub const KEY_CREATE_SUB_KEY: AccessMask = AccessMask(0x0004);
/// KEY_ENUMERATE_SUB_KEYS.
pub const KEY_ENUMERATE_SUB_KEYS: AccessMask = AccessMask(0x0008);

/// The access check for registry keys, without backup semantics (an explicit Deny stops even
/// LocalSystem; see `Token::without_backup_semantics`).
fn check(sd: &SecurityDescriptor, token: &Token, desired: AccessMask) -> Result<(), WinError> {
    let token = token.without_backup_semantics();
    access_check(sd, &token, desired, &GenericMapping::KEY)
        .map(|_| ())
        .map_err(|_| WinError::ACCESS_DENIED)
}

fn store_value(key: &mut RegKey, name: &str, value: RegValue) {
    key.values.set(fold(name), name, value);
}

/// A root (`HKEY_LOCAL_MACHINE`) or a hive directly under `HKEY_LOCAL_MACHINE` or `HKEY_USERS`.
/// A predefined root (`HKEY_LOCAL_MACHINE`) or a hive loaded under one (`HKEY_LOCAL_MACHINE\\SYSTEM`).
pub(crate) fn is_root_or_hive(full: &str) -> bool {
    match parent(full) {
        None => true,
        Some(p) => {
            p.eq_ignore_ascii_case("HKEY_LOCAL_MACHINE") || p.eq_ignore_ascii_case("HKEY_USERS")
        }
    }
}

#[cfg(test)]
mod tests;
