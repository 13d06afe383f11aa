//! Stories about the registry: reading and writing as a principal, inheritance, deletion.

use super::*;
use crate::security::{Ace, AceFlags};

const RDP_TCP: &str =
    "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp";

fn admin() -> Token {
    Token::elevated_admin(Sid::new(5, &[21, 1, 2, 3, 500]))
}

fn host_registry() -> Registry {
    let mut reg = Registry::new();
    reg.put_value_raw(RDP_TCP, "PortNumber", RegValue::Dword(3389));
    reg
}

#[test]
fn values_are_read_case_insensitively_through_any_root_form() {
    let reg = host_registry();
    let long = "HKEY_LOCAL_MACHINE\\system\\currentcontrolset\\control\\terminal server\\winstations\\rdp-tcp";
    assert_eq!(
        reg.get_value(long, "portnumber", &admin()),
        Ok(RegValue::Dword(3389))
    );
    assert_eq!(
        reg.value_raw(RDP_TCP, "PORTNUMBER"),
        Some(&RegValue::Dword(3389))
    );
    assert!(
        reg.key(RDP_TCP)
            .unwrap()
            .path
            .ends_with("WinStations\\RDP-Tcp")
    );
}

#[test]
fn a_missing_key_or_value_is_file_not_found() {
    let reg = host_registry();
    let err = reg.get_value(RDP_TCP, "SSLCertificateSHA1Hash", &admin());
    assert_eq!(err, Err(WinError::FILE_NOT_FOUND));
    assert_eq!(
        reg.get_value("HKLM\\SOFTWARE\\Nope", "", &admin()),
        Err(WinError::FILE_NOT_FOUND)
    );
}

#[test]
fn users_read_but_cannot_write_under_software() {
    let mut reg = Registry::new();
    reg.put_value_raw("HKLM\\SOFTWARE\\Contoso", "A", RegValue::Sz("x".into()));
    let user = Token::network_service();
    assert!(reg.get_value("HKLM\\SOFTWARE\\Contoso", "A", &user).is_ok());
    let denied = reg.set_value("HKLM\\SOFTWARE\\Contoso", "A", RegValue::Dword(1), &user);
    assert_eq!(denied, Err(WinError::ACCESS_DENIED));
    assert_eq!(
        reg.create_key("HKLM\\SOFTWARE\\Contoso\\Sub", &user),
        Err(WinError::ACCESS_DENIED)
    );
    assert!(
        reg.set_value("HKLM\\SOFTWARE\\Contoso", "A", RegValue::Dword(1), &admin())
            .is_ok()
    );
}

#[test]
fn an_explicit_deny_for_system_blocks_set_value_and_create_subkey() {
    let mut reg = Registry::new();
    let store = "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\Remote Desktop";
    let key = reg.put_key_raw(store);
    let deny = Ace::deny(Sid::system(), KEY_SET_VALUE.union(KEY_CREATE_SUB_KEY));
    key.sd.dacl.as_mut().unwrap().insert(0, deny);
    let system = Token::system();
    assert_eq!(
        reg.set_value(store, "X", RegValue::Dword(1), &system),
        Err(WinError::ACCESS_DENIED)
    );
    assert_eq!(
        reg.create_key(&format!("{store}\\Certificates"), &system),
        Err(WinError::ACCESS_DENIED)
    );
    assert!(reg.get_value(store, "X", &system).is_err());
    assert!(reg.open(store, &system, KEY_QUERY_VALUE).is_ok());
}

#[test]
fn a_new_key_inherits_from_its_parent_and_is_owned_by_administrators() {
    let mut reg = Registry::new();
    assert_eq!(
        reg.create_key("HKLM\\SOFTWARE\\Contoso\\App", &admin()),
        Ok(true)
    );
    assert_eq!(
        reg.create_key("hklm\\software\\contoso\\app", &admin()),
        Ok(false)
    );
    let key = reg.key("HKLM\\SOFTWARE\\Contoso\\App").unwrap();
    assert_eq!(key.sd.owner, Some(Sid::administrators()));
    let dacl = key.sd.dacl.as_ref().unwrap();
    assert!(!dacl.is_empty());
    assert!(dacl.iter().all(|a| a.flags.contains(AceFlags::INHERITED)));
    assert!(
        dacl.iter()
            .all(|a| a.sid != Sid::creator_owner() || !a.applies_to_object())
    );
}

#[test]
fn roots_and_hives_are_never_created_or_deleted_at_run_time() {
    let mut reg = Registry::new();
    assert_eq!(
        reg.create_key("HKLM\\NEWHIVE", &Token::system()),
        Err(WinError::ACCESS_DENIED)
    );
    assert_eq!(
        reg.delete_key("HKLM\\SOFTWARE", &Token::system()),
        Err(WinError::ACCESS_DENIED)
    );
    assert_eq!(
        reg.create_key("HKCU\\Software\\Contoso", &admin()),
        Ok(true)
    );
}

#[test]
fn deleting_a_key_removes_its_subtree_unless_a_subkey_refuses() {
    let mut reg = Registry::new();
    reg.put_value_raw("HKLM\\SOFTWARE\\A\\B\\C", "v", RegValue::Dword(1));
    reg.put_key_raw("HKLM\\SOFTWARE\\AB");
    let c = reg.put_key_raw("HKLM\\SOFTWARE\\A\\B\\C");
    c.sd.dacl
        .as_mut()
        .unwrap()
        .insert(0, Ace::deny(Sid::administrators(), AccessMask::DELETE));
    assert_eq!(
        reg.delete_key("HKLM\\SOFTWARE\\A", &admin()),
        Err(WinError::ACCESS_DENIED)
    );
    assert!(reg.key_exists("HKLM\\SOFTWARE\\A\\B\\C"));
    reg.key_mut_raw("HKLM\\SOFTWARE\\A\\B\\C")
        .unwrap()
        .sd
        .dacl
        .as_mut()
        .unwrap()
        .remove(0);
    assert_eq!(reg.delete_key("HKLM\\SOFTWARE\\A", &admin()), Ok(()));
    assert!(!reg.key_exists("HKLM\\SOFTWARE\\A\\B"));
    assert!(reg.key_exists("HKLM\\SOFTWARE\\AB"));
    assert_eq!(
        reg.delete_key("HKLM\\SOFTWARE\\A", &admin()),
        Err(WinError::FILE_NOT_FOUND)
    );
}

#[test]
fn subkeys_and_descendants_come_in_enumeration_order() {
    let mut reg = Registry::new();
    for k in ["b", "A B", "A\\z", "A\\Y", "_x", "a b\\c"] {
        reg.put_key_raw(&format!("HKLM\\SOFTWARE\\T\\{k}"));
    }
    let subs = reg.subkeys("hklm\\software\\t");
    let names: Vec<&str> = subs
        .iter()
        .map(|s| s.rsplit('\\').next().unwrap())
        .collect();
    assert_eq!(names, ["A", "A B", "b", "_x"]);
    assert!(subs[0].starts_with("HKEY_LOCAL_MACHINE\\software\\t\\"));
    let all = reg.descendants("HKLM\\SOFTWARE\\T");
    let rest: Vec<&str> = all
        .iter()
        .map(|s| &s[s.find("\\T\\").unwrap() + 3..])
        .collect();
    assert_eq!(rest, ["A", "A\\Y", "A\\z", "A B", "A B\\c", "b", "_x"]);
}

#[test]
fn setting_a_value_keeps_its_position_and_name_and_deleting_it_keeps_the_order() {
    let mut reg = Registry::new();
    let k = "HKLM\\SOFTWARE\\Order";
    for (n, v) in [("First", 1), ("Second", 2), ("Third", 3)] {
        reg.put_value_raw(k, n, RegValue::Dword(v));
    }
    reg.set_value(k, "FIRST", RegValue::Dword(10), &admin())
        .unwrap();
    reg.delete_value(k, "second", &admin()).unwrap();
    let names: Vec<&str> = reg
        .key(k)
        .unwrap()
        .values
        .values()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["First", "Third"]);
    assert_eq!(reg.value_raw(k, "first"), Some(&RegValue::Dword(10)));
    assert_eq!(
        reg.delete_value(k, "second", &admin()),
        Err(WinError::FILE_NOT_FOUND)
    );
}

#[test]
fn classes_root_and_current_config_are_views_of_machine_keys() {
    let mut reg = Registry::new();
    reg.put_value_raw("HKCR\\.reg", "", RegValue::Sz("regfile".into()));
    assert_eq!(
        reg.value_raw("HKLM\\SOFTWARE\\Classes\\.reg", ""),
        Some(&RegValue::Sz("regfile".into()))
    );
    assert_eq!(reg.subkeys("HKCR"), ["HKEY_CLASSES_ROOT\\.reg"]);
    assert!(reg.key_exists("HKCC"));
}

#[test]
fn changing_a_descriptor_needs_write_dac_and_propagates_to_subkeys() {
    let mut reg = Registry::new();
    reg.put_key_raw("HKLM\\SOFTWARE\\P\\Child");
    let mut sd = reg.key("HKLM\\SOFTWARE\\P").unwrap().sd.clone();
    let deny =
        Ace::deny(Sid::network_service(), KEY_QUERY_VALUE).with_flags(AceFlags::CONTAINER_INHERIT);
    sd.dacl.as_mut().unwrap().insert(0, deny);
    let denied = reg.set_security("HKLM\\SOFTWARE\\P", sd.clone(), &Token::network_service());
    assert_eq!(denied, Err(WinError::ACCESS_DENIED));
    reg.set_security("HKLM\\SOFTWARE\\P", sd, &admin()).unwrap();
    reg.put_value_raw("HKLM\\SOFTWARE\\P\\Child", "v", RegValue::Dword(1));
    let read = reg.get_value("HKLM\\SOFTWARE\\P\\Child", "v", &Token::network_service());
    assert_eq!(read, Err(WinError::ACCESS_DENIED));
}

#[test]
fn names_whose_case_changes_their_length_still_list_their_subkeys() {
    let mut reg = Registry::new();
    reg.put_key_raw("HKLM\\SOFTWARE\\ſtraße\\Child");
    assert!(reg.key_exists("HKLM\\SOFTWARE\\STRAßE"));
    assert!(
        !reg.key_exists("HKLM\\SOFTWARE\\STRASSE"),
        "ß is not SS to Windows"
    );
    let subs = reg.subkeys("HKLM\\SOFTWARE\\ſtraße");
    assert_eq!(subs, ["HKEY_LOCAL_MACHINE\\SOFTWARE\\ſtraße\\Child"]);
    let all = reg.descendants("hklm\\software\\ſTRAßE");
    assert!(all.iter().all(|p| p.ends_with("\\Child")), "{all:?}");
}

#[test]
fn keys_deeper_than_512_levels_cannot_be_created() {
    let mut reg = host_registry();
    let deep = |levels: usize| {
        let path: Vec<&str> = std::iter::repeat_n("k", levels - 1).collect();
        format!("HKEY_LOCAL_MACHINE\\SOFTWARE\\{}", path.join("\\"))
    };
    assert_eq!(reg.create_key(&deep(512), &admin()), Ok(true));
    assert_eq!(
        reg.create_key(&deep(513), &admin()),
        Err(WinError::INVALID_PARAMETER)
    );
    assert!(!reg.key_exists(&deep(513)));
}
