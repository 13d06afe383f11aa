//! Stories: sc against the default host.

use super::{INVALID_COMMAND_LINE, run};
use crate::host::Host;
use crate::principals::{Sid, Token};
use crate::process::{Output, Process};
use crate::registry::RegValue;

fn sc(host: &mut Host, line: &str) -> Output {
    let mut process = Process::new(host.admin_token());
    let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    run(host, &mut process, &args)
}

#[test]
fn query_shows_termservice_running() {
    let mut h = Host::builder().build();
    let out = sc(&mut h, "query TermService");
    assert_eq!(
        out.stdout(),
        "\nSERVICE_NAME: TermService \n        TYPE               : 30  WIN32  \n        STATE              : 4  RUNNING \n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn unknown_services_fail_with_1060() {
    let mut h = Host::builder().build();
    let out = sc(&mut h, "query NoSuch");
    assert_eq!(
        out.stdout(),
        "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n"
    );
    assert_eq!(out.code, 1060);
    assert!(
        sc(&mut h, "stop NoSuch")
            .stdout()
            .starts_with("[SC] OpenService FAILED 1060:\n")
    );
    assert!(
        sc(&mut h, "start NoSuch")
            .stdout()
            .starts_with("[SC] StartService: OpenService FAILED 1060:\n")
    );
    // sc takes service names, not display names
    assert_eq!(sc(&mut h, "query Remote Desktop Services").code, 1060);
}

#[test]
fn stop_refuses_while_a_dependent_runs() {
    let mut h = Host::builder().build();
    let out = sc(&mut h, "stop TermService");
    assert_eq!(
        out.stdout(),
        "[SC] ControlService FAILED 1051:\n\nA stop control has been sent to a service that other running services are dependent on.\n\n"
    );
    assert_eq!(out.code, 1051);
    assert!(h.is_running("TermService"));
}

#[test]
fn stop_then_query_then_start() {
    let mut h = Host::builder().build();
    let out = sc(&mut h, "stop SessionEnv");
    assert!(out.stdout().contains("        STATE              : 3  STOP_PENDING \n                                (STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n"));
    assert_eq!(out.code, 0);
    let out = sc(&mut h, "query SessionEnv");
    assert!(out.stdout().contains(
        "        STATE              : 1  STOPPED \n        WIN32_EXIT_CODE    : 0  (0x0)\n"
    ));
    let out = sc(&mut h, "stop SessionEnv");
    assert_eq!(out.code, 1062);
    assert!(
        out.stdout()
            .ends_with("The service has not been started.\n\n")
    );
    let out = sc(&mut h, "start SessionEnv");
    assert!(out.stdout().starts_with("\nSERVICE_NAME: SessionEnv \n"));
    assert!(out.stdout().contains("        STATE              : 2  START_PENDING \n                                (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n"));
    assert!(
        out.stdout()
            .contains("        WAIT_HINT          : 0x7d0\n        PID                : ")
    );
    assert!(out.stdout().ends_with("        FLAGS              : \n"));
    assert!(h.is_running("SessionEnv"));
    let out = sc(&mut h, "start SessionEnv");
    assert_eq!(out.code, 1056);
    assert!(out.stdout().starts_with(
        "[SC] StartService FAILED 1056:\n\nAn instance of the service is already running.\n"
    ));
}

#[test]
fn qc_lists_the_configuration() {
    let mut h = Host::builder().build();
    let out = sc(&mut h, "qc SessionEnv");
    assert_eq!(
        out.stdout(),
        "[SC] QueryServiceConfig SUCCESS\n\nSERVICE_NAME: SessionEnv\n        TYPE               : 30  WIN32\n        START_TYPE         : 3   DEMAND_START\n        ERROR_CONTROL      : 1   NORMAL\n        BINARY_PATH_NAME   : C:\\Windows\\System32\\svchost.exe -k netsvcs -p\n        LOAD_ORDER_GROUP   : \n        TAG                : 0\n        DISPLAY_NAME       : Remote Desktop Configuration\n        DEPENDENCIES       : RPCSS\n                           : LanmanWorkstation\n        SERVICE_START_NAME : LocalSystem\n"
    );
}

#[test]
fn config_start_disabled_is_kept_and_enforced() {
    let mut h = Host::builder().build();
    let out = sc(&mut h, "config SessionEnv start= disabled");
    assert_eq!(out.stdout(), "[SC] ChangeServiceConfig SUCCESS\n");
    let key = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SessionEnv";
    let start = h
        .registry()
        .get_value(key, "Start", &Token::system())
        .unwrap();
    assert_eq!(start, RegValue::Dword(4));
    sc(&mut h, "stop SessionEnv");
    let out = sc(&mut h, "start SessionEnv");
    assert_eq!(out.code, 1058);
    assert!(
        sc(&mut h, "qc SessionEnv")
            .stdout()
            .contains("START_TYPE         : 4   DISABLED\n")
    );
    assert_eq!(
        sc(&mut h, "config SessionEnv start= sometimes").code,
        INVALID_COMMAND_LINE
    );
    assert_eq!(sc(&mut h, "config SessionEnv start= boot").code, 87);
}

#[test]
fn showsid_derives_the_service_sid() {
    let mut h = Host::builder().build();
    let out = sc(&mut h, "showsid SessionEnv");
    assert_eq!(
        out.stdout(),
        "\nNAME: SessionEnv\nSERVICE SID: S-1-5-80-4022436659-1090538466-1613889075-870485073-3428993833\nSTATUS: Active\n"
    );
    assert!(
        sc(&mut h, "showsid NotInstalled")
            .stdout()
            .ends_with("STATUS: Inactive\n")
    );
}

#[test]
fn users_cannot_stop_services() {
    let mut h = Host::builder().build();
    let mut process = Process::new(Token::for_principal(Sid::users()));
    let out = run(&mut h, &mut process, &["stop".into(), "SessionEnv".into()]);
    assert_eq!(
        out.stdout(),
        "[SC] OpenService FAILED 5:\n\nAccess is denied.\n\n"
    );
    assert_eq!(out.code, 5);
}

#[test]
fn enumeration_lists_running_services_with_display_names() {
    let mut h = Host::builder().build();
    let out = sc(&mut h, "query");
    let text = out.stdout();
    assert!(
        text.contains("\nSERVICE_NAME: SessionEnv\nDISPLAY_NAME: Remote Desktop Configuration\n")
    );
    assert!(
        !text.contains("SERVICE_NAME: RDPDR"),
        "drivers are not services"
    );
    let names: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("SERVICE_NAME: "))
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
}

#[test]
fn config_refuses_a_circular_dependency() {
    let mut h = Host::builder().build();
    // UmRdpService already depends on TermService.
    for line in [
        "config TermService depend= UmRdpService",
        "config SessionEnv depend= RPCSS/SessionEnv",
    ] {
        let out = sc(&mut h, line);
        assert_eq!(
            out.stdout(),
            "[SC] ChangeServiceConfig FAILED 1059:\n\nCircular service dependency was specified.\n\n",
            "{line}"
        );
        assert_eq!(out.code, 1059);
    }
    assert!(
        h.services()
            .get("TermService")
            .unwrap()
            .dependencies
            .iter()
            .all(|d| d != "UmRdpService")
    );
    assert_eq!(sc(&mut h, "config TermService depend= RPCSS").code, 0);
}

#[test]
fn queryex_qdescription_enumdepend_and_sdshow() {
    let mut host = crate::host::Host::builder().build();
    let mut p = crate::process::Process::new(host.admin_token());
    let out = crate::shell::run_line(&mut host, &mut p, "sc queryex TermService");
    let text = out.stdout();
    assert!(text.starts_with("\nSERVICE_NAME: TermService \n"), "{text}");
    assert!(
        text.contains("        STATE              : 4  RUNNING \n"),
        "{text}"
    );
    assert!(text.contains("        PID                : "), "{text}");
    assert!(text.ends_with("        FLAGS              : \n"), "{text}");
    let out = crate::shell::run_line(&mut host, &mut p, "sc qdescription SessionEnv");
    assert!(out.stdout().starts_with(
        "[SC] QueryServiceConfig2 SUCCESS\n\nSERVICE_NAME: SessionEnv\nDESCRIPTION:  Remote Desktop Configuration service (RDCS)"
    ), "{}", out.stdout());
    let out = crate::shell::run_line(&mut host, &mut p, "sc enumdepend TermService");
    assert!(out.stdout().starts_with(
        "Enum: entriesRead = 1\n\nSERVICE_NAME: UmRdpService\nDISPLAY_NAME: Remote Desktop Services UserMode Port Redirector\n"
    ), "{}", out.stdout());
    let out = crate::shell::run_line(&mut host, &mut p, "sc sdshow TermService");
    assert!(out.stdout().starts_with("\nD:(A;;CCLCSWRPWPDTLOCRRC;;;SY)"));
    let out = crate::shell::run_line(&mut host, &mut p, "sc qdescription nosuch");
    assert_eq!(out.code, 1060);
}
