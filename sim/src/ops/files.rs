//! Moving and renaming files and folders (`MoveFileEx` on one volume): the object keeps its
//! security descriptor, inherited ACEs included, as NTFS keeps it on a same-volume move.

use crate::error::WinError;
use crate::fs::{self, Node};
use crate::host::Host;
use crate::principals::Token;
use crate::security::{AccessMask, GenericMapping, access_check};

fn allowed(node: &Node, token: &Token, desired: AccessMask) -> bool {
    let token = token.without_backup_semantics();
    access_check(&node.sd, &token, desired, &GenericMapping::FILE).is_ok()
}

/// DELETE on the object, or FILE_DELETE_CHILD on its folder.
fn may_delete(host: &Host, token: &Token, path: &str) -> bool {
    let Some(node) = host.fs().node(path) else {
        return false;
    };
    allowed(node, token, AccessMask::DELETE)
        || fs::parent(path)
            .and_then(|p| host.fs().node(p))
            .is_some_and(|p| allowed(p, token, AccessMask::DELETE_CHILD))
}

/// Moves (or renames) the file or folder `from` to `to` (both normalized) as `token`.
///
/// Needs DELETE on the source (or FILE_DELETE_CHILD on its folder) and FILE_ADD_FILE
/// (FILE_ADD_SUBDIRECTORY for a folder) on the target folder. An existing file at `to` is
/// replaced when `replace` is set (it must be deletable); otherwise, and for an existing
/// folder, ERROR_ALREADY_EXISTS. A folder cannot move into itself (ERROR_ACCESS_DENIED
/// here, the sharing violation Windows reports aside).
pub fn move_item(
    host: &mut Host,
    token: &Token,
    from: &str,
    to: &str,
    replace: bool,
) -> Result<(), WinError> {
    let source = host.fs().node(from).ok_or_else(|| {
        if fs::parent(from).is_some_and(|p| host.fs().is_dir(p)) {
            WinError::FILE_NOT_FOUND
        } else {
            WinError::PATH_NOT_FOUND
        }
    })?;
    let is_dir = source.is_dir();
    let from = source.path.clone();
    if fs::parent(&from).is_none() {
        return Err(WinError::ACCESS_DENIED);
    }
    let to_upper = to.to_uppercase();
    let from_upper = from.to_uppercase();
    if is_dir && to_upper.starts_with(&format!("{from_upper}\\")) {
        return Err(WinError::ACCESS_DENIED);
    }
    let parent = fs::parent(to)
        .and_then(|p| host.fs().node(p))
        .filter(|n| n.is_dir())
        .ok_or(WinError::PATH_NOT_FOUND)?;
    if !may_delete(host, token, &from) {
        return Err(WinError::ACCESS_DENIED);
    }
    let add = if is_dir {
        AccessMask::APPEND_DATA
    } else {
        AccessMask::WRITE_DATA
    };
    if !allowed(parent, token, add) {
        return Err(WinError::ACCESS_DENIED);
    }
    let same = to_upper == from_upper;
    if let Some(existing) = host.fs().node(to).filter(|_| !same) {
        if existing.is_dir() || !replace {
            return Err(WinError::ALREADY_EXISTS);
        }
        host.fs_mut().delete(to, token)?;
    }
    let moved: Vec<Node> = host
        .fs()
        .descendants(&from)
        .iter()
        .filter_map(|p| host.fs().node(p).cloned())
        .collect();
    host.fs_mut().remove_raw(&from);
    for node in moved {
        let rest = &node.path[from.len()..];
        let target = format!("{to}{rest}");
        match node.kind {
            fs::NodeKind::Dir => host.fs_mut().put_dir_raw(&target, node.sd),
            fs::NodeKind::File(data) => host.fs_mut().put_file_raw(&target, data, node.sd),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_file_keeps_its_descriptor_and_a_guest_cannot_move() {
        let mut host = Host::builder().build();
        let admin = host.admin_token();
        host.fs_mut().create_dir(r"C:\a", &admin).unwrap();
        host.fs_mut().create_dir(r"C:\a\sub", &admin).unwrap();
        host.fs_mut()
            .write_file(r"C:\a\sub\f.txt", b"x", &admin)
            .unwrap();
        let sd = host.fs().node(r"C:\a\sub\f.txt").unwrap().sd.clone();
        move_item(&mut host, &admin, r"C:\a", r"C:\b", false).unwrap();
        assert!(host.fs().node(r"C:\a").is_none());
        assert_eq!(host.fs().node(r"C:\b\sub\f.txt").unwrap().sd, sd);
        assert_eq!(
            move_item(&mut host, &admin, r"C:\b", r"C:\b\sub\x", false),
            Err(WinError::ACCESS_DENIED)
        );
        // Authenticated Users may modify what is below C:\, not what is in C:\Windows.
        host.fs_mut()
            .write_file(r"C:\Windows\k.txt", b"x", &admin)
            .unwrap();
        let ns = Token::network_service();
        assert_eq!(
            move_item(
                &mut host,
                &ns,
                r"C:\Windows\k.txt",
                r"C:\Windows\g.txt",
                false
            ),
            Err(WinError::ACCESS_DENIED)
        );
        assert_eq!(
            move_item(&mut host, &admin, r"C:\nope", r"C:\b\g.txt", false),
            Err(WinError::FILE_NOT_FOUND)
        );
    }
}
