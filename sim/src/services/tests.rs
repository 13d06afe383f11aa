//! The SCM's rules, as stories on the default host (TermService, UmRdpService, SessionEnv...).

use super::*;
use crate::host::Host;
use crate::principals::{Sid, Token};

fn host() -> Host {
    Host::builder().build()
}

#[test]
fn stopping_termservice_refuses_while_umrdpservice_runs() {
    let mut h = host();
    let admin = h.admin_token();
    assert_eq!(
        h.stop_service("TermService", &admin, false),
        Err(WinError::DEPENDENT_SERVICES_RUNNING)
    );
    assert!(h.is_running("TermService") && h.is_running("UmRdpService"));
}

#[test]
fn force_stops_dependents_first() {
    let mut h = host();
    let admin = h.admin_token();
    let stopped = h.stop_service("termservice", &admin, true).unwrap();
    assert_eq!(
        stopped,
        vec!["UmRdpService".to_string(), "TermService".to_string()]
    );
    assert!(!h.is_running("TermService") && !h.is_running("UmRdpService"));
    assert_eq!(
        h.stop_service("TermService", &admin, false),
        Err(WinError::SERVICE_NOT_ACTIVE)
    );
}

#[test]
fn starting_a_dependent_starts_what_it_needs() {
    let mut h = host();
    let admin = h.admin_token();
    h.stop_service("TermService", &admin, true).unwrap();
    h.start_service("UmRdpService", &admin).unwrap();
    assert!(h.is_running("TermService") && h.is_running("UmRdpService"));
    assert_eq!(
        h.start_service("UmRdpService", &admin),
        Err(WinError::SERVICE_ALREADY_RUNNING)
    );
}

#[test]
fn state_changes_are_logged_as_7036() {
    let mut h = host();
    let admin = h.admin_token();
    let count = |h: &Host| {
        let q = "*[System[Provider[@Name='Service Control Manager'] and EventID=7036]]";
        h.eventlog().query("System", q, h.now()).unwrap().len()
    };
    let before = count(&h);
    h.stop_service("SessionEnv", &admin, false).unwrap();
    h.start_service("SessionEnv", &admin).unwrap();
    assert_eq!(count(&h), before + 2);
}

#[test]
fn only_administrators_and_system_control_services() {
    let mut h = host();
    let user = Token::for_principal(Sid::users());
    assert_eq!(
        h.stop_service("SessionEnv", &user, false),
        Err(WinError::ACCESS_DENIED)
    );
    assert_eq!(
        h.stop_service("SessionEnv", &Token::network_service(), false),
        Err(WinError::ACCESS_DENIED)
    );
    assert_eq!(
        h.stop_service("SessionEnv", &Token::system(), false)
            .map(|v| v.len()),
        Ok(1)
    );
    assert_eq!(
        h.start_service("SessionEnv", &user),
        Err(WinError::ACCESS_DENIED)
    );
    assert_eq!(
        h.start_service("NoSuchService", &Token::system()),
        Err(WinError::SERVICE_DOES_NOT_EXIST)
    );
}

#[test]
fn disabled_services_and_dependencies_refuse_to_start() {
    let mut h = host();
    let admin = h.admin_token();
    h.stop_service("TermService", &admin, true).unwrap();
    h.services_mut().get_mut("TermService").unwrap().start_type = StartType::Disabled;
    assert_eq!(
        h.start_service("TermService", &admin),
        Err(WinError::SERVICE_DISABLED)
    );
    assert_eq!(
        h.start_service("UmRdpService", &admin),
        Err(ERROR_SERVICE_DEPENDENCY_FAIL)
    );
    assert!(!h.is_running("UmRdpService"));
}

#[test]
fn a_missing_or_circular_dependency_is_reported() {
    let mut h = host();
    let admin = h.admin_token();
    h.stop_service("SessionEnv", &admin, false).unwrap();
    h.services_mut()
        .get_mut("SessionEnv")
        .unwrap()
        .dependencies
        .push("Gone".into());
    assert_eq!(
        h.start_service("SessionEnv", &admin),
        Err(ERROR_SERVICE_DEPENDENCY_DELETED)
    );
    let mut h = host();
    h.stop_service("TermService", &admin, true).unwrap();
    h.services_mut()
        .get_mut("TermService")
        .unwrap()
        .dependencies = vec!["UmRdpService".into()];
    assert_eq!(
        h.start_service("UmRdpService", &admin),
        Err(ERROR_CIRCULAR_DEPENDENCY)
    );
    assert_eq!(
        ERROR_SERVICE_DEPENDENCY_DELETED.message(),
        "The dependency service does not exist or has been marked for deletion."
    );
}

#[test]
fn stopping_a_service_in_a_dependency_cycle_ends() {
    // A fixture can describe what the SCM would refuse (1059): TermService depending on
    // itself and on UmRdpService, which depends on TermService.
    let mut h = host();
    let admin = h.admin_token();
    h.services_mut()
        .get_mut("TermService")
        .unwrap()
        .dependencies = vec!["TermService".into(), "UmRdpService".into()];
    assert_eq!(
        h.services().active_dependents("TermService"),
        vec!["UmRdpService".to_string()]
    );
    assert_eq!(
        h.stop_service("TermService", &admin, true),
        Ok(vec!["UmRdpService".to_string(), "TermService".to_string()])
    );
    assert!(!h.is_running("UmRdpService") && !h.is_running("TermService"));
}

/// The SCM builds its database from `Services\<name>` at boot: a `Start` written to the
/// registry (2 automatic, 3 demand, 4 disabled) is the service's start type after a reboot,
/// and a code outside 0..4 keeps the one it had. (0 boot and 1 system are drivers' codes.)
#[test]
fn every_start_code_in_the_registry_is_the_start_type_after_a_reboot() {
    let key = registry::service_key("SessionEnv");
    for (code, want) in [
        (2, StartType::Auto),
        (3, StartType::Manual),
        (4, StartType::Disabled),
        (7, StartType::Manual),
    ] {
        let mut h = host();
        h.registry_mut()
            .put_value_raw(&key, "Start", crate::registry::RegValue::Dword(code));
        h.reboot();
        let svc = h.services().get("SessionEnv").expect("installed");
        assert_eq!(svc.start_type, want, "Start {code}");
    }
    for code in 0..=5 {
        let parsed = StartType::from_code(code).map(StartType::code);
        assert_eq!(parsed, (code <= 4).then_some(code), "code {code}");
    }
}

/// Removing a service takes that one out of the database and its listing; the others stay,
/// in their installation order.
#[test]
fn uninstalling_a_service_leaves_the_others_in_order() {
    let mut h = host();
    let scm = h.services_mut();
    let before: Vec<String> = scm.iter().map(|s| s.name.clone()).collect();
    assert!(scm.uninstall("sessionenv").is_some());
    let after: Vec<String> = scm.iter().map(|s| s.name.clone()).collect();
    let expected: Vec<String> = before.into_iter().filter(|n| n != "SessionEnv").collect();
    assert_eq!(after, expected);
    assert!(scm.uninstall("SessionEnv").is_none());
}

/// Only dependents that are not stopped come first: one already stopped is not listed, and
/// `TermService` then stops alone without `/y`.
#[test]
fn a_stopped_dependent_is_neither_listed_nor_stopped_again() {
    let mut h = host();
    let admin = h.admin_token();
    h.stop_service("UmRdpService", &admin, false).unwrap();
    assert!(h.services().active_dependents("TermService").is_empty());
    assert_eq!(
        h.stop_service("TermService", &admin, false),
        Ok(vec!["TermService".to_string()])
    );
}
