//! Security descriptors of files, folders and registry keys, read and written as a token:
//! reading needs READ_CONTROL; writing needs WRITE_DAC for the DACL and WRITE_OWNER for the
//! owner (the parts enforce that, with the owner rules of `SetNamedSecurityInfo`).

use super::acl::{self, Edit, Place};
use crate::error::WinError;
use crate::host::Host;
use crate::principals::Token;
use crate::security::{AccessMask, GenericMapping, SecurityDescriptor, access_check};

/// An object that carries a security descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object<'a> {
    /// A file or folder, by absolute path.
    File(&'a str),
    /// A registry key, by path (any root form).
    Key(&'a str),
}

/// The object's descriptor as it is stored, unchecked, and whether it is a container.
fn stored(host: &Host, object: Object<'_>) -> Result<(SecurityDescriptor, bool), WinError> {
    match object {
        Object::File(path) => host
            .fs()
            .node(path)
            .map(|n| (n.sd.clone(), n.is_dir()))
            .ok_or(WinError::FILE_NOT_FOUND),
        Object::Key(path) => host
            .registry()
            .key(path)
            .map(|k| (k.sd.clone(), true))
            .ok_or(WinError::FILE_NOT_FOUND),
    }
}

fn mapping(object: Object<'_>) -> &'static GenericMapping {
    match object {
        Object::File(_) => &GenericMapping::FILE,
        Object::Key(_) => &GenericMapping::KEY,
    }
}

/// Reads the descriptor as `token` (READ_CONTROL; ACCESS_DENIED otherwise), without backup
/// semantics: the front ends open objects as `icacls` and `Get-Acl` do.
pub fn get_security(
    host: &Host,
    token: &Token,
    object: Object<'_>,
) -> Result<SecurityDescriptor, WinError> {
    let (sd, _) = stored(host, object)?;
    check_read(&sd, token, object)?;
    Ok(sd)
}

/// READ_CONTROL on `sd`, as `token` opens `object`.
fn check_read(sd: &SecurityDescriptor, token: &Token, object: Object<'_>) -> Result<(), WinError> {
    let token = token.without_backup_semantics();
    access_check(sd, &token, AccessMask::READ_CONTROL, mapping(object))
        .map(|_| ())
        .map_err(|_| WinError::ACCESS_DENIED)
}

/// Writes the descriptor as `token` (WRITE_DAC and/or WRITE_OWNER, decided by what differs;
/// inheritance then propagates below the object).
pub fn set_security(
    host: &mut Host,
    token: &Token,
    object: Object<'_>,
    sd: SecurityDescriptor,
) -> Result<(), WinError> {
    match object {
        Object::File(path) => host.fs_mut().set_security(path, sd, token),
        Object::Key(path) => host.registry_mut().set_security(path, sd, token),
    }
}

/// Applies ACL edits to the object as `token`: the descriptor is read (READ_CONTROL; an
/// owner change alone writes without reading, as `SetNamedSecurityInfo` with
/// OWNER_SECURITY_INFORMATION does), edited in canonical order, and written back.
pub fn edit_acl(
    host: &mut Host,
    token: &Token,
    object: Object<'_>,
    edits: &[Edit],
) -> Result<(), WinError> {
    let (sd, is_container) = stored(host, object)?;
    if !edits.iter().all(Edit::is_owner_edit) {
        check_read(&sd, token, object)?;
    }
    let parent = parent_sd(host, object);
    let place = Place {
        parent: parent.as_ref(),
        is_container,
    };
    let mut new = sd;
    for e in edits {
        acl::apply(&mut new, e, place);
    }
    set_security(host, token, object, new)
}

/// The descriptor of the object's parent folder or key (for inheritance), if any.
fn parent_sd(host: &Host, object: Object<'_>) -> Option<SecurityDescriptor> {
    match object {
        Object::File(path) => crate::fs::parent(path)
            .and_then(|p| host.fs().node(p))
            .map(|n| n.sd.clone()),
        Object::Key(path) => {
            let full = crate::registry::canonical_path(path)?;
            let (parent, _) = full.rsplit_once('\\')?;
            host.registry().key(parent).map(|k| k.sd.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::principals::Sid;
    use crate::security::{AccessMask, AceFlags};

    const KEYS: &str = "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys";

    #[test]
    fn users_cannot_read_the_descriptor_of_a_folder_that_hides_it_from_them() {
        let mut h = Host::builder().build();
        let admin = h.admin_token();
        let users = Token::for_principal(Sid::users());
        assert!(get_security(&h, &users, Object::File(KEYS)).is_ok());
        h.fs_mut().create_dir("C:\\Secret", &admin).expect("mkdir");
        edit_acl(
            &mut h,
            &admin,
            Object::File("C:\\Secret"),
            &[acl::Edit::Inheritance(acl::Inheritance::Remove)],
        )
        .expect("the owner may");
        assert_eq!(
            get_security(&h, &users, Object::File("C:\\Secret")),
            Err(WinError::ACCESS_DENIED)
        );
    }

    #[test]
    fn a_grant_on_a_registry_key_is_checked_against_the_key_and_kept_canonical() {
        let mut h = Host::builder().build();
        let key = "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\Remote Desktop";
        let users = Token::for_principal(Sid::users());
        let grant = [acl::Edit::Grant(
            Sid::network_service(),
            AceFlags::default(),
            AccessMask::READ_CONTROL,
        )];
        assert_eq!(
            edit_acl(&mut h, &users, Object::Key(key), &grant),
            Err(WinError::ACCESS_DENIED)
        );
        edit_acl(&mut h, &Token::system(), Object::Key(key), &grant).expect("SYSTEM may");
        let sd = get_security(&h, &Token::system(), Object::Key(key)).expect("read");
        let dacl = sd.dacl.clone().unwrap_or_default();
        assert!(crate::security::is_canonical(&dacl));
        assert!(
            sd.dacl
                .unwrap_or_default()
                .iter()
                .any(|a| a.sid == Sid::network_service())
        );
    }

    const LOCKED: &str = "C:\\ProgramData\\locked.txt";

    /// A host with a file only the named rights reach: Administrators' full control, and
    /// NETWORK SERVICE's `rights` alone; owned by SYSTEM, so no owner's implied rights get
    /// in the way.
    fn locked_file(rights: AccessMask) -> Host {
        let mut h = Host::builder().build();
        let admin = h.admin_token();
        h.fs_mut().write_file(LOCKED, b"x", &admin).expect("write");
        let sddl = format!("O:SYD:P(A;;FA;;;BA)(A;;{:#x};;;NS)", rights.0);
        let sd = crate::security::parse_sddl(&sddl).expect("SDDL");
        set_security(&mut h, &Token::system(), Object::File(LOCKED), sd).expect("SYSTEM may");
        h
    }

    /// Editing entries reads the descriptor first (READ_CONTROL): WRITE_DAC alone is not
    /// enough. Taking ownership alone writes without reading: WRITE_OWNER is enough.
    #[test]
    fn an_acl_edit_reads_first_and_an_owner_change_alone_does_not() {
        let ns = Token::network_service();
        let file = Object::File(LOCKED);
        let grant = [acl::Edit::Grant(
            Sid::network_service(),
            AceFlags::default(),
            AccessMask::FILE_ALL,
        )];
        let mut h = locked_file(AccessMask::WRITE_DAC);
        assert_eq!(
            edit_acl(&mut h, &ns, file, &grant),
            Err(WinError::ACCESS_DENIED)
        );
        let mut h = locked_file(AccessMask::WRITE_DAC.union(AccessMask::READ_CONTROL));
        edit_acl(&mut h, &ns, file, &grant).expect("read and write the DACL");

        let take = [acl::Edit::SetOwner(Sid::network_service())];
        let mut h = locked_file(AccessMask::WRITE_OWNER);
        edit_acl(&mut h, &ns, file, &take).expect("WRITE_OWNER alone");
        let sd = get_security(&h, &Token::system(), file).expect("read");
        assert_eq!(sd.owner, Some(Sid::network_service()));
        let mut h = locked_file(AccessMask::READ_CONTROL);
        assert_eq!(
            edit_acl(&mut h, &ns, file, &take),
            Err(WinError::ACCESS_DENIED)
        );
    }

    /// `/reset` and `/inheritance:e` take the parent's inheritable entries, as the parent
    /// holds them now: a file or a key that lost them with `/inheritance:r` gets them back.
    #[test]
    fn reset_takes_the_parents_entries_back() {
        let mut h = Host::builder().build();
        let admin = h.admin_token();
        let (file, key) = ("C:\\ProgramData\\f.txt", "HKLM\\SOFTWARE\\Contoso");
        h.fs_mut().write_file(file, b"x", &admin).expect("write");
        h.registry_mut().create_key(key, &admin).expect("create");
        for object in [Object::File(file), Object::Key(key)] {
            let inherited = |h: &Host| {
                let sd = get_security(h, &h.admin_token(), object).expect("the owner reads");
                let dacl = sd.dacl.unwrap_or_default();
                dacl.iter().filter(|a| a.is_inherited()).count()
            };
            let before = inherited(&h);
            assert!(before > 0, "{object:?} inherits from its parent");
            for back in [
                acl::Edit::Reset,
                acl::Edit::Inheritance(acl::Inheritance::Enable),
            ] {
                let remove = [acl::Edit::Inheritance(acl::Inheritance::Remove)];
                edit_acl(&mut h, &admin, object, &remove).expect("admin may");
                assert_eq!(inherited(&h), 0, "{object:?}");
                edit_acl(&mut h, &admin, object, std::slice::from_ref(&back)).expect("admin may");
                assert_eq!(inherited(&h), before, "{object:?} {back:?}");
            }
        }
    }
}
