//! Stories about the filesystem: who may create, read, write and delete what.

use super::*;
use crate::security::parse_sddl;

fn user() -> Token {
    Token::for_principal(Sid::parse("S-1-5-21-1-2-3-1001").unwrap())
}

fn sd(sddl: &str) -> SecurityDescriptor {
    parse_sddl(sddl).unwrap()
}

/// `C:\Data` where Users may read and create files, SYSTEM has full control.
fn data_volume() -> Fs {
    let mut fs = Fs::new();
    fs.put_dir_raw(
        "C:\\Data",
        sd("O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)(A;;0x2;;;BU)(A;OICIIO;GA;;;CO)"),
    );
    fs
}

#[test]
fn a_user_creates_a_file_and_becomes_its_owner() {
    let mut fs = data_volume();
    let me = user();
    fs.write_file("c:/data/Notes.txt", b"hello", &me).unwrap();
    let node = fs.node("C:\\DATA\\NOTES.TXT").unwrap();
    assert_eq!(node.path, "C:\\Data\\Notes.txt");
    assert_eq!(node.sd.owner.as_ref(), Some(&me.user));
    assert!(
        node.sd
            .dacl
            .as_ref()
            .unwrap()
            .iter()
            .all(|a| a.is_inherited())
    );
    assert_eq!(fs.read_file("C:\\Data\\notes.txt", &me).unwrap(), b"hello");
    // CREATOR OWNER became the creator: full control on its own file.
    fs.append_file("C:\\Data\\Notes.txt", b"!", &me).unwrap();
    assert_eq!(
        fs.read_file("C:\\Data\\Notes.txt", &Token::system())
            .unwrap(),
        b"hello!"
    );
}

#[test]
fn a_user_without_add_subdirectory_cannot_create_a_folder() {
    let mut fs = data_volume();
    assert_eq!(
        fs.create_dir("C:\\Data\\Sub", &user()),
        Err(WinError::ACCESS_DENIED)
    );
    fs.create_dir("C:\\Data\\Sub", &Token::system()).unwrap();
    assert_eq!(
        fs.create_dir("C:\\Data\\sub", &Token::system()),
        Err(WinError::ALREADY_EXISTS)
    );
    assert_eq!(
        fs.create_dir("C:\\Nowhere\\Sub", &Token::system()),
        Err(WinError::PATH_NOT_FOUND)
    );
    let flags: Vec<_> = fs.node("C:\\Data\\Sub").unwrap().sd.dacl.clone().unwrap();
    assert_eq!(
        crate::security::format_acl_sddl(&fs.node("C:\\Data\\Sub").unwrap().sd),
        format!("D:AI(A;OICIID;FA;;;SY)(A;OICIID;0x1200a9;;;BU)(A;ID;FA;;;SY)(A;OICIIOID;GA;;;CO)")
    );
    assert_eq!(flags.len(), 4);
}

#[test]
fn missing_things_give_the_windows_errors() {
    let mut fs = data_volume();
    let sys = Token::system();
    assert_eq!(
        fs.read_file("C:\\Data\\none.txt", &sys),
        Err(WinError::FILE_NOT_FOUND)
    );
    assert_eq!(
        fs.read_file("C:\\None\\none.txt", &sys),
        Err(WinError::PATH_NOT_FOUND)
    );
    assert_eq!(
        fs.write_file("C:\\None\\x.txt", b"", &sys),
        Err(WinError::PATH_NOT_FOUND)
    );
    assert_eq!(fs.read_file("C:\\Data", &sys), Err(WinError::ACCESS_DENIED));
    fs.write_file("C:\\Data\\f", b"", &sys).unwrap();
    assert_eq!(
        fs.write_file("C:\\Data\\f\\g", b"", &sys),
        Err(WinError::PATH_NOT_FOUND)
    );
    assert_eq!(fs.delete("C:\\Data", &sys), Err(WinError::DIR_NOT_EMPTY));
    assert_eq!(fs.delete("C:\\", &sys), Err(WinError::ACCESS_DENIED));
}

#[test]
fn network_service_reads_a_key_file_but_cannot_write_or_delete_it() {
    let mut fs = Fs::new();
    fs.put_dir_raw(
        "C:\\Keys",
        sd("O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)"),
    );
    fs.put_file_raw(
        "C:\\Keys\\k",
        b"key".to_vec(),
        sd("O:SYG:SYD:PAI(A;;FA;;;SY)(A;;0x120089;;;NS)"),
    );
    let ns = Token::network_service();
    assert_eq!(fs.read_file("C:\\Keys\\k", &ns).unwrap(), b"key");
    assert_eq!(
        fs.write_file("C:\\Keys\\k", b"x", &ns),
        Err(WinError::ACCESS_DENIED)
    );
    assert_eq!(fs.delete("C:\\Keys\\k", &ns), Err(WinError::ACCESS_DENIED));
    // A deny for NETWORK SERVICE placed before its allow blocks the read.
    let node = fs.node_mut_raw("C:\\Keys\\k").unwrap();
    node.sd = sd("O:SYG:SYD:PAI(D;;CC;;;NS)(A;;FA;;;SY)(A;;0x120089;;;NS)");
    assert_eq!(
        fs.read_file("C:\\Keys\\k", &ns),
        Err(WinError::ACCESS_DENIED)
    );
    // Nothing inheritable in the folder: a new file gets the creator's default DACL.
    fs.write_file("C:\\Keys\\new", b"", &ns).unwrap();
    let new = &fs.node("C:\\Keys\\new").unwrap().sd;
    assert_eq!(
        crate::security::format_sddl(new),
        "O:NSG:NSD:(A;;FA;;;NS)(A;;FA;;;SY)"
    );
}

#[test]
fn delete_child_on_the_parent_is_enough() {
    let mut fs = Fs::new();
    fs.put_dir_raw("C:\\D", sd("O:SYD:P(A;;0x40;;;BU)"));
    fs.put_file_raw("C:\\D\\f", Vec::new(), sd("O:SYD:P"));
    fs.delete("C:\\D\\f", &user()).unwrap();
    assert!(!fs.exists("C:\\D\\f"));
}

#[test]
fn owners_may_only_be_set_to_oneself_or_administrators() {
    let mut fs = data_volume();
    let admin = Token::elevated_admin(Sid::parse("S-1-5-21-1-2-3-500").unwrap());
    let mut new = fs.node("C:\\Data").unwrap().sd.clone();
    new.owner = Some(Sid::administrators());
    // take ownership privilege gives WRITE_OWNER, membership allows Administrators as owner
    fs.set_security("C:\\Data", new.clone(), &admin).unwrap();
    new.owner = Some(Sid::network_service());
    assert_eq!(
        fs.set_security("C:\\Data", new.clone(), &admin),
        Err(INVALID_OWNER)
    );
    fs.set_security("C:\\Data", new, &Token::system()).unwrap();
    let mut mine = fs.node("C:\\Data").unwrap().sd.clone();
    mine.owner = Some(user().user);
    assert_eq!(
        fs.set_security("C:\\Data", mine, &user()),
        Err(WinError::ACCESS_DENIED)
    );
}

#[test]
fn a_dacl_change_propagates_to_unprotected_children() {
    let mut fs = data_volume();
    let sys = Token::system();
    fs.create_dir("C:\\Data\\A", &sys).unwrap();
    fs.write_file("C:\\Data\\A\\f.txt", b"", &sys).unwrap();
    fs.put_file_raw("C:\\Data\\A\\locked", Vec::new(), sd("O:SYD:P(A;;FA;;;SY)"));
    let mut top = fs.node("C:\\Data").unwrap().sd.clone();
    top.dacl.as_mut().unwrap().push(
        Ace::allow(Sid::network_service(), AccessMask::FILE_READ).with_flags(
            crate::security::AceFlags::OBJECT_INHERIT
                .with(crate::security::AceFlags::CONTAINER_INHERIT),
        ),
    );
    fs.set_security("C:\\Data", top, &sys).unwrap();
    let ns = Token::network_service();
    assert!(fs.read_file("C:\\Data\\A\\f.txt", &ns).is_ok());
    assert_eq!(
        fs.read_file("C:\\Data\\A\\locked", &ns),
        Err(WinError::ACCESS_DENIED)
    );
}

#[test]
fn enumeration_is_case_insensitive_and_depth_first() {
    let mut fs = Fs::new();
    let d = SecurityDescriptor::default();
    for p in ["C:\\T\\b", "C:\\T\\A\\z", "C:\\T\\a b"] {
        fs.put_dir_raw(p, d.clone());
    }
    fs.put_file_raw("C:\\T\\c.txt", Vec::new(), d.clone());
    fs.put_file_raw("C:\\T\\A\\y.txt", Vec::new(), d);
    assert_eq!(
        fs.children("c:\\t"),
        ["C:\\T\\A", "C:\\T\\a b", "C:\\T\\b", "C:\\T\\c.txt"]
    );
    assert_eq!(
        fs.descendants("C:\\T"),
        [
            "C:\\T",
            "C:\\T\\A",
            "C:\\T\\A\\y.txt",
            "C:\\T\\A\\z",
            "C:\\T\\a b",
            "C:\\T\\b",
            "C:\\T\\c.txt"
        ]
    );
    assert!(fs.is_dir("C:\\T\\A") && !fs.is_dir("C:\\T\\c.txt") && fs.exists("C:\\T\\c.txt"));
    assert_eq!(
        fs.remove_raw("C:\\T\\A").map(|n| n.path),
        Some("C:\\T\\A".to_string())
    );
    assert!(!fs.exists("C:\\T\\A\\z"));
}
