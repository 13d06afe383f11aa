//! The filesystem: volumes of case-insensitive Windows paths; folders and files, each with a
//! security descriptor; every operation performed as a principal (a `Token`) and access-checked.
//! `..` never leaves the volume.

use crate::error::WinError;
use crate::principals::Token;
use crate::security::SecurityDescriptor;
use std::collections::BTreeMap;

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A folder.
    Dir,
    /// A file and its bytes.
    File(Vec<u8>),
}

/// A file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Full path in the case it was created with (`C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`).
    pub path: String,
    /// Folder or file.
    pub kind: NodeKind,
    /// Its security descriptor (owner, DACL, protected flag).
    pub sd: SecurityDescriptor,
}

/// The simulated volumes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fs {
    /// Keyed by the upper-cased normalized path.
    nodes: BTreeMap<String, Node>,
}

/// Normalizes `path` against `cwd` into `C:\A\B` form: `/` becomes `\`, `.` and `..` are
/// resolved (`..` at a root stays at the root), trailing separators are dropped.
/// Errors with ERROR_INVALID_NAME-like `PATH_NOT_FOUND` for paths without a drive.
pub fn normalize(_path: &str, _cwd: &str) -> Result<String, WinError> {
    todo!("fs helper")
}

impl Fs {
    /// An empty filesystem with the root `C:\`.
    pub fn new() -> Fs {
        todo!("fs helper")
    }
    /// The node at `path` (normalized, case-insensitive), without any access check.
    pub fn node(&self, _path: &str) -> Option<&Node> {
        todo!("fs helper")
    }
    /// Creates a folder (parent must exist): needs FILE_ADD_SUBDIRECTORY on the parent; the new
    /// folder inherits from the parent, owner = the token's user (Administrators for admins).
    pub fn create_dir(&mut self, _path: &str, _token: &Token) -> Result<(), WinError> {
        todo!("fs helper")
    }
    /// Creates or replaces a file: creating needs FILE_ADD_FILE on the parent, replacing needs
    /// FILE_WRITE_DATA on the file.
    pub fn write_file(&mut self, _path: &str, _data: &[u8], _token: &Token) -> Result<(), WinError> {
        todo!("fs helper")
    }
    /// Appends to a file (created if missing): needs FILE_APPEND_DATA.
    pub fn append_file(&mut self, _path: &str, _data: &[u8], _token: &Token) -> Result<(), WinError> {
        todo!("fs helper")
    }
    /// Reads a file: needs FILE_READ_DATA.
    pub fn read_file(&self, _path: &str, _token: &Token) -> Result<Vec<u8>, WinError> {
        todo!("fs helper")
    }
    /// Deletes a file or an empty folder: needs DELETE on it or FILE_DELETE_CHILD on the parent.
    pub fn delete(&mut self, _path: &str, _token: &Token) -> Result<(), WinError> {
        todo!("fs helper")
    }
    /// Immediate children's full paths, in the order `dir` lists them (case-insensitive name order).
    pub fn children(&self, _path: &str) -> Vec<String> {
        todo!("fs helper")
    }
    /// Replaces the security descriptor: WRITE_DAC for the DACL, WRITE_OWNER for the owner
    /// (owner may be set to the token's user or, for admins, Administrators).
    pub fn set_security(&mut self, _path: &str, _sd: SecurityDescriptor, _token: &Token) -> Result<(), WinError> {
        todo!("fs helper")
    }
    /// Setup access (fixtures, presets, faults): creates folders along the way, no checks.
    pub fn put_dir_raw(&mut self, _path: &str, _sd: SecurityDescriptor) {
        todo!("fs helper")
    }
    /// Setup access: writes a file (parents must exist), no checks.
    pub fn put_file_raw(&mut self, _path: &str, _data: Vec<u8>, _sd: SecurityDescriptor) {
        todo!("fs helper")
    }
    /// Setup access: mutable node.
    pub fn node_mut_raw(&mut self, _path: &str) -> Option<&mut Node> {
        todo!("fs helper")
    }
    /// Setup access: removes a node and everything below it.
    pub fn remove_raw(&mut self, _path: &str) -> Option<Node> {
        todo!("fs helper")
    }
    /// Every node, parents before children, in path order.
    pub fn iter(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }
}
