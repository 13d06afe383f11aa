//! The registry: keys with security descriptors (inherited like folders) and typed values,
//! access-checked as a principal; `.reg` import and export (`regfile`).
//!
//! Paths use full root names (`HKEY_LOCAL_MACHINE\SOFTWARE\...`); `canonical_path` accepts the
//! short forms (`HKLM\...`) and is case-insensitive.

pub mod regfile;

use crate::error::WinError;
use crate::principals::Token;
use crate::security::SecurityDescriptor;
use indexmap::IndexMap;
use std::collections::BTreeMap;

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
}

/// A key: its display path, its values in insertion order, its descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegKey {
    /// Full path in the case it was created with.
    pub path: String,
    /// Values keyed by upper-cased name; each holds (name as written, value). `""` is the default value.
    pub values: IndexMap<String, (String, RegValue)>,
    /// The key's security descriptor.
    pub sd: SecurityDescriptor,
}

/// The registry hives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    /// Keyed by upper-cased canonical path.
    keys: BTreeMap<String, RegKey>,
}

/// `HKLM\Software` -> `HKEY_LOCAL_MACHINE\Software`; `None` for an unknown root.
pub fn canonical_path(_path: &str) -> Option<String> {
    todo!("registry helper")
}

impl Registry {
    /// The hives HKEY_LOCAL_MACHINE, HKEY_USERS (with HKCU and HKCR mapped as reg.exe maps them).
    pub fn new() -> Registry {
        todo!("registry helper")
    }
    /// The key at `path`, unchecked.
    pub fn key(&self, _path: &str) -> Option<&RegKey> {
        todo!("registry helper")
    }
    /// Opens a key for `desired` access as `token`.
    pub fn open(&self, _path: &str, _token: &Token, _desired: crate::security::AccessMask) -> Result<&RegKey, WinError> {
        todo!("registry helper")
    }
    /// Reads a value (KEY_QUERY_VALUE).
    pub fn get_value(&self, _key: &str, _name: &str, _token: &Token) -> Result<RegValue, WinError> {
        todo!("registry helper")
    }
    /// Creates a key and missing parents (KEY_CREATE_SUB_KEY on the parent); true if created.
    pub fn create_key(&mut self, _path: &str, _token: &Token) -> Result<bool, WinError> {
        todo!("registry helper")
    }
    /// Sets a value (KEY_SET_VALUE).
    pub fn set_value(&mut self, _key: &str, _name: &str, _value: RegValue, _token: &Token) -> Result<(), WinError> {
        todo!("registry helper")
    }
    /// Deletes a value (KEY_SET_VALUE).
    pub fn delete_value(&mut self, _key: &str, _name: &str, _token: &Token) -> Result<(), WinError> {
        todo!("registry helper")
    }
    /// Deletes a key and its subkeys (DELETE on each).
    pub fn delete_key(&mut self, _path: &str, _token: &Token) -> Result<(), WinError> {
        todo!("registry helper")
    }
    /// Immediate subkeys' full paths, sorted case-insensitively.
    pub fn subkeys(&self, _path: &str) -> Vec<String> {
        todo!("registry helper")
    }
    /// Replaces a key's descriptor (WRITE_DAC / WRITE_OWNER).
    pub fn set_security(&mut self, _path: &str, _sd: SecurityDescriptor, _token: &Token) -> Result<(), WinError> {
        todo!("registry helper")
    }
    /// Setup access: creates the key and parents (inheriting), no checks; returns it.
    pub fn put_key_raw(&mut self, _path: &str) -> &mut RegKey {
        todo!("registry helper")
    }
    /// Setup access: sets a value, creating the key; no checks.
    pub fn put_value_raw(&mut self, _key: &str, _name: &str, _value: RegValue) {
        todo!("registry helper")
    }
    /// Setup access: removes a key and its subtree.
    pub fn remove_key_raw(&mut self, _path: &str) {
        todo!("registry helper")
    }
    /// Every key, parents before children.
    pub fn iter(&self) -> impl Iterator<Item = &RegKey> {
        self.keys.values()
    }
}
