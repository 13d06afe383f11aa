//! Which objects a name stands for, and how icacls shows them: the name as typed, wildcards
//! in its last part (`C:\dir\*`, `*.txt`), and with `/t` the contents depth-first, each shown
//! as `<name as typed>\<child>` (`.\Contacts` for `icacls . /t`). Shared with `takeown`.

use crate::error::WinError;
use crate::fs::{NodeKind, has_wildcard, normalize, parent, wildcard_match};
use crate::host::Host;

/// One object to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// As icacls prints it (built on the name as typed).
    pub display: String,
    /// The full normalized path.
    pub path: String,
    /// The name relative to the typed object's parent folder, as `/save` writes it.
    pub rel: String,
    /// True for folders.
    pub is_dir: bool,
}

/// A name that matched nothing: what to print and the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The name as typed.
    pub display: String,
    /// FILE_NOT_FOUND, PATH_NOT_FOUND, ...
    pub error: WinError,
}

/// `a\b` without doubling the separator after `C:\` or `dir\`.
pub fn join(base: &str, leaf: &str) -> String {
    if base.ends_with('\\') || base.ends_with('/') || base.is_empty() {
        format!("{base}{leaf}")
    } else {
        format!("{base}\\{leaf}")
    }
}

/// The last component of a path.
pub fn leaf(path: &str) -> &str {
    path.trim_end_matches('\\')
        .rsplit(['\\', '/'])
        .next()
        .unwrap_or(path)
}

/// The objects `name` stands for (typed relative to `cwd`), with their contents when
/// `recurse`, in processing order.
pub fn expand(host: &Host, cwd: &str, name: &str, recurse: bool) -> Result<Vec<Target>, Missing> {
    let missing = |error| Missing {
        display: name.to_string(),
        error,
    };
    let mut out = Vec::new();
    if has_wildcard(name) {
        let typed_dir = &name[..name.len() - leaf(name).len()];
        let dir =
            normalize(if typed_dir.is_empty() { "." } else { typed_dir }, cwd).map_err(missing)?;
        if host.fs().node(&dir).is_none() {
            return Err(missing(WinError::PATH_NOT_FOUND));
        }
        let pattern = leaf(name);
        for child in host.fs().children(&dir) {
            let l = leaf(&child).to_string();
            if wildcard_match(pattern, &l) {
                push_tree(
                    host,
                    &child,
                    &format!("{typed_dir}{l}"),
                    &l,
                    recurse,
                    &mut out,
                );
            }
        }
        if out.is_empty() {
            return Err(missing(WinError::FILE_NOT_FOUND));
        }
        return Ok(out);
    }
    let full = normalize(name, cwd).map_err(missing)?;
    if host.fs().node(&full).is_none() {
        let parent_exists = parent(&full).is_none_or(|p| host.fs().node(p).is_some());
        let error = if parent_exists {
            WinError::FILE_NOT_FOUND
        } else {
            WinError::PATH_NOT_FOUND
        };
        return Err(missing(error));
    }
    let rel = if name.ends_with('\\') || parent(&full).is_none() {
        // A trailing backslash makes icacls save the folder under an empty name
        // (windows-facts §11.1); a volume root has no name to save under either, so its
        // contents are saved relative to it and `/restore` onto the root finds them again.
        String::new()
    } else {
        leaf(&full).to_string()
    };
    push_tree(host, &full, name, &rel, recurse, &mut out);
    Ok(out)
}

fn push_tree(
    host: &Host,
    path: &str,
    display: &str,
    rel: &str,
    recurse: bool,
    out: &mut Vec<Target>,
) {
    let Some(node) = host.fs().node(path) else {
        return;
    };
    let is_dir = node.kind == NodeKind::Dir;
    out.push(Target {
        display: display.to_string(),
        path: node.path.clone(),
        rel: rel.to_string(),
        is_dir,
    });
    if recurse && is_dir {
        for child in host.fs().children(path) {
            let l = leaf(&child).to_string();
            let child_rel = if rel.is_empty() {
                l.clone()
            } else {
                join(rel, &l)
            };
            push_tree(host, &child, &join(display, &l), &child_rel, true, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_and_join() {
        assert_eq!(join("C:\\", "x"), "C:\\x");
        assert_eq!(join(".", "x"), ".\\x");
        assert_eq!(leaf("C:\\a\\b"), "b");
    }
}
