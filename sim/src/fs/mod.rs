//! The filesystem: volumes of case-insensitive Windows paths; folders and files, each with a
//! security descriptor; every operation performed as a principal (a `Token`) and access-checked.
//! `..` never leaves the volume.
//!
//! - `mod.rs`  the nodes and the access-checked operations (create, read, write, delete, set
//!   security) with the descriptor a new object receives.
//! - `path.rs` path normalization (`normalize`), parents, leaves.
//! - `tree.rs` enumeration (`children`, `descendants`), setup access (`*_raw`), propagation.
//! - `wildcard.rs` `*`/`?` name patterns (`wildcard_match`, `Fs::matching`).
//!
//! Paths given to `Fs` methods are normalized against `C:\` (so relative names resolve there);
//! callers with a current folder normalize first with [`normalize`]. Keys are the upper-cased
//! normalized paths; each node keeps the case it was created with.

mod path;
mod tree;
mod wildcard;

pub use path::{invalid_name, join, leaf, normalize, parent};
pub use wildcard::{has_wildcard, wildcard_match};

use crate::error::WinError;
use crate::principals::{Sid, Token};
use crate::security::{
    AccessMask, Ace, GenericMapping, SecurityDescriptor, access_check, inherited_acl_mapped,
};
use crate::store::SharedMap;

/// ERROR_INVALID_OWNER (1307): "This security ID may not be assigned as the owner of this object."
pub const INVALID_OWNER: WinError = WinError(1307);

/// FILE_ADD_FILE on a folder (same bit as FILE_WRITE_DATA).
const ADD_FILE: AccessMask = AccessMask::WRITE_DATA;
/// FILE_ADD_SUBDIRECTORY on a folder (same bit as FILE_APPEND_DATA).
const ADD_SUBDIRECTORY: AccessMask = AccessMask::APPEND_DATA;

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

impl Node {
    /// True for a folder.
    pub fn is_dir(&self) -> bool {
        self.kind == NodeKind::Dir
    }
}

/// The simulated volumes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fs {
    /// Keyed by the upper-cased normalized path.
    nodes: SharedMap<Node>,
}

/// The map key of a normalized path.
fn key(path: &str) -> String {
    path.to_uppercase()
}

/// `path` normalized against `C:\`.
fn norm(path: &str) -> Result<String, WinError> {
    normalize(path, "C:\\")
}

/// Access check on files and folders, as a Win32 error, without backup semantics (a DACL that
/// leaves SYSTEM out stops SYSTEM too; see `Token::without_backup_semantics`).
fn check(node: &Node, token: &Token, desired: AccessMask) -> Result<(), WinError> {
    let token = token.without_backup_semantics();
    access_check(&node.sd, &token, desired, &GenericMapping::FILE)
        .map(|_| ())
        .map_err(|_| WinError::ACCESS_DENIED)
}

/// The token's default DACL, which a new object receives when its parent passes nothing on:
/// the user and SYSTEM full control; for SYSTEM itself, SYSTEM full and Administrators read
/// and execute (`GA` to SY, `GRGX` to BA, mapped), as a LocalSystem process token carries.
fn default_dacl(token: &Token) -> Vec<Ace> {
    if token.user == Sid::system() {
        return vec![
            Ace::allow(Sid::system(), AccessMask::FILE_ALL),
            Ace::allow(Sid::administrators(), AccessMask::FILE_READ_EXECUTE),
        ];
    }
    vec![
        Ace::allow(token.user.clone(), AccessMask::FILE_ALL),
        Ace::allow(Sid::system(), AccessMask::FILE_ALL),
    ]
}

/// The descriptor of an object `token` creates below `parent`: owner and group the creator
/// (the Vista+ "object creator" default), the DACL inherited from the parent, or the token's
/// default DACL when the parent passes nothing on.
fn new_object_sd(parent: &Node, is_container: bool, token: &Token) -> SecurityDescriptor {
    let inherited =
        inherited_acl_mapped(&parent.sd, is_container, &token.user, &GenericMapping::FILE);
    let auto_inherited = !inherited.is_empty();
    let dacl = if auto_inherited {
        inherited
    } else {
        default_dacl(token)
    };
    SecurityDescriptor {
        owner: Some(token.user.clone()),
        group: Some(token.user.clone()),
        dacl: Some(dacl),
        protected: false,
        auto_inherited,
    }
}

impl Fs {
    /// An empty filesystem with the root `C:\` (owner SYSTEM, SYSTEM and Administrators full
    /// control, inherited by everything below).
    pub fn new() -> Fs {
        let full = |sid: Sid| {
            Ace::allow(sid, AccessMask::FILE_ALL).with_flags(
                crate::security::AceFlags::OBJECT_INHERIT
                    .with(crate::security::AceFlags::CONTAINER_INHERIT),
            )
        };
        let sd = SecurityDescriptor {
            owner: Some(Sid::system()),
            group: Some(Sid::system()),
            dacl: Some(vec![full(Sid::system()), full(Sid::administrators())]),
            protected: true,
            auto_inherited: true,
        };
        let mut fs = Fs::default();
        fs.nodes.insert(
            "C:\\",
            Node {
                path: "C:\\".to_string(),
                kind: NodeKind::Dir,
                sd,
            },
        );
        fs
    }

    /// The node at `path` (normalized, case-insensitive), without any access check.
    pub fn node(&self, path: &str) -> Option<&Node> {
        self.nodes.get(&key(&norm(path).ok()?))
    }

    /// True if a file or folder exists at `path`.
    pub fn exists(&self, path: &str) -> bool {
        self.node(path).is_some()
    }

    /// True if a folder exists at `path`.
    pub fn is_dir(&self, path: &str) -> bool {
        self.node(path).is_some_and(Node::is_dir)
    }

    /// The existing node at `path`: FILE_NOT_FOUND if only the leaf is missing, PATH_NOT_FOUND
    /// if a folder on the way is missing (or is a file).
    fn existing(&self, path: &str) -> Result<(String, &Node), WinError> {
        let p = norm(path)?;
        match self.nodes.get(&key(&p)) {
            Some(n) => Ok((p, n)),
            None => {
                self.parent_dir(&p)?;
                Err(WinError::FILE_NOT_FOUND)
            }
        }
    }

    /// The folder that holds normalized `p` (PATH_NOT_FOUND if missing or a file).
    fn parent_dir(&self, p: &str) -> Result<&Node, WinError> {
        parent(p)
            .and_then(|pp| self.nodes.get(&key(pp)))
            .filter(|n| n.is_dir())
            .ok_or(WinError::PATH_NOT_FOUND)
    }

    /// Creates a folder (parent must exist): needs FILE_ADD_SUBDIRECTORY on the parent; the new
    /// folder inherits from the parent, owner = the token's user.
    pub fn create_dir(&mut self, path: &str, token: &Token) -> Result<(), WinError> {
        let p = norm(path)?;
        if self.nodes.contains(&key(&p)) {
            return Err(WinError::ALREADY_EXISTS);
        }
        let parent = self.parent_dir(&p)?;
        check(parent, token, ADD_SUBDIRECTORY)?;
        let sd = new_object_sd(parent, true, token);
        self.put_raw(&p, NodeKind::Dir, sd);
        Ok(())
    }

    /// Creates a file below an existing folder: needs FILE_ADD_FILE on the parent.
    fn create_file(&mut self, p: &str, data: &[u8], token: &Token) -> Result<(), WinError> {
        let parent = self.parent_dir(p)?;
        check(parent, token, ADD_FILE)?;
        let sd = new_object_sd(parent, false, token);
        self.put_raw(p, NodeKind::File(data.to_vec()), sd);
        Ok(())
    }

    /// Creates or replaces a file: creating needs FILE_ADD_FILE on the parent, replacing needs
    /// FILE_WRITE_DATA on the file. A folder at `path` gives ACCESS_DENIED.
    pub fn write_file(&mut self, path: &str, data: &[u8], token: &Token) -> Result<(), WinError> {
        self.write_with(path, data, token, AccessMask::WRITE_DATA, |bytes, data| {
            *bytes = data.to_vec()
        })
    }

    /// Appends to a file (created if missing): needs FILE_APPEND_DATA.
    pub fn append_file(&mut self, path: &str, data: &[u8], token: &Token) -> Result<(), WinError> {
        self.write_with(path, data, token, AccessMask::APPEND_DATA, |bytes, data| {
            bytes.extend_from_slice(data)
        })
    }

    fn write_with(
        &mut self,
        path: &str,
        data: &[u8],
        token: &Token,
        right: AccessMask,
        apply: impl FnOnce(&mut Vec<u8>, &[u8]),
    ) -> Result<(), WinError> {
        let p = norm(path)?;
        let Some(node) = self.nodes.get_mut(&key(&p)) else {
            return self.create_file(&p, data, token);
        };
        check(node, token, right)?;
        match &mut node.kind {
            NodeKind::Dir => Err(WinError::ACCESS_DENIED),
            NodeKind::File(bytes) => {
                apply(bytes, data);
                Ok(())
            }
        }
    }

    /// Reads a file: needs FILE_READ_DATA. A folder gives ACCESS_DENIED.
    pub fn read_file(&self, path: &str, token: &Token) -> Result<Vec<u8>, WinError> {
        let (_, node) = self.existing(path)?;
        check(node, token, AccessMask::READ_DATA)?;
        match &node.kind {
            NodeKind::Dir => Err(WinError::ACCESS_DENIED),
            NodeKind::File(bytes) => Ok(bytes.clone()),
        }
    }

    /// A folder's contents as `token` lists them (`FindFirstFile`): FILE_LIST_DIRECTORY on the
    /// folder (ACCESS_DENIED otherwise), PATH_NOT_FOUND when it is missing or a file; the
    /// entries in `children` order.
    pub fn list_dir(&self, path: &str, token: &Token) -> Result<Vec<&Node>, WinError> {
        let p = norm(path)?;
        let dir = self
            .nodes
            .get(&key(&p))
            .filter(|n| n.is_dir())
            .ok_or(WinError::PATH_NOT_FOUND)?;
        check(dir, token, AccessMask::READ_DATA)?;
        Ok(self
            .children(&p)
            .iter()
            .filter_map(|c| self.nodes.get(&key(c)))
            .collect())
    }

    /// Deletes a file or an empty folder: needs DELETE on it or FILE_DELETE_CHILD on the parent
    /// (checked before emptiness, as Windows opens the object before deleting it). The root
    /// cannot be deleted (ACCESS_DENIED).
    pub fn delete(&mut self, path: &str, token: &Token) -> Result<(), WinError> {
        let (p, node) = self.existing(path)?;
        let parent = self.parent_dir(&p).map_err(|_| WinError::ACCESS_DENIED)?;
        if check(node, token, AccessMask::DELETE).is_err() {
            check(parent, token, AccessMask::DELETE_CHILD)?;
        }
        if !self.children(&p).is_empty() {
            return Err(WinError::DIR_NOT_EMPTY);
        }
        self.nodes.remove(&key(&p));
        Ok(())
    }

    /// Replaces the security descriptor, as `SetNamedSecurityInfo` does:
    /// - WRITE_DAC is needed when the DACL part (ACEs, protected, auto-inherited) differs, or when
    ///   nothing differs (rewriting the same DACL is still a DACL write);
    /// - WRITE_OWNER is needed when the owner or group differs; the new owner must be the token's
    ///   user, or BUILTIN\Administrators for its members, unless the token holds the restore
    ///   privilege (else `INVALID_OWNER`, 1307);
    /// - an unprotected DACL gets its inherited ACEs recomputed from the parent (the `ID` ACEs
    ///   given are replaced), and a DACL change propagates to the unprotected objects below.
    pub fn set_security(
        &mut self,
        path: &str,
        sd: SecurityDescriptor,
        token: &Token,
    ) -> Result<(), WinError> {
        let (p, node) = self.existing(path)?;
        let cur = &node.sd;
        let dacl_changed = sd.dacl != cur.dacl
            || sd.protected != cur.protected
            || sd.auto_inherited != cur.auto_inherited;
        let owner_changed = sd.owner != cur.owner;
        let owner_part = owner_changed || sd.group != cur.group;
        let mut desired = AccessMask::default();
        if dacl_changed || !owner_part {
            desired = desired.union(AccessMask::WRITE_DAC);
        }
        if owner_part {
            desired = desired.union(AccessMask::WRITE_OWNER);
        }
        check(node, token, desired)?;
        if owner_changed && !token.privileges.restore {
            let ok = sd.owner.as_ref().is_none_or(|o| {
                *o == token.user || (*o == Sid::administrators() && token.is_admin())
            });
            if !ok {
                return Err(INVALID_OWNER);
            }
        }
        let is_dir = node.is_dir();
        let mut sd = sd;
        if dacl_changed && !sd.protected {
            if let Ok(parent) = self.parent_dir(&p) {
                crate::security::propagate_mapped(
                    &parent.sd,
                    &mut sd,
                    is_dir,
                    &GenericMapping::FILE,
                );
            }
        }
        let k = key(&p);
        if let Some(n) = self.nodes.get_mut(&k) {
            n.sd = sd;
        }
        if dacl_changed {
            self.propagate_below(&p);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
