//! The services of a Windows Server RD Session Host on Azure (lived-in-host §1.2; the RDS
//! services from windows-facts §9, §11.7).
//!
//! Start types, accounts and dependencies follow lived-in-host §1.2 (itself mostly **[U]**).
//! What the model leaves out, on purpose:
//! - dependencies on drivers and services it does not install (Afd, Tcpip, Tdx, HTTP, Mup,
//!   mpsdrv, Bowser, MRxSmb20, Srv2): every listed dependency exists;
//! - delayed and trigger start: `AUTO_START (DELAYED)` and trigger-started services are
//!   plain Automatic or Manual;
//! - descriptions are given where the English text is known; the others are empty (their
//!   `Services\<name>` key has no `Description`);
//! - the Hyper-V integration services (`vmic*`) and the Desktop Experience-only services.
//!
//! A service's state on a fresh host is what a boot of the simulator leaves (see
//! `os::running_at_boot`): the Automatic services, the demand-start services that boot brings
//! up (KeyIso, the RDP stack) and what they depend on. So Manual trigger-start services that
//! a real idle VM often has running (PlugPlay, netprofm, lmhosts, CertPropSvc, ...) are
//! stopped here, and a reboot of a healthy host changes no service state.

use super::tables::{ServiceSpec, When};
use crate::services::StartType;

const SYS: &str = "LocalSystem";
const LS: &str = "NT AUTHORITY\\LocalService";
const NS: &str = "NT AUTHORITY\\NetworkService";

/// A svchost-hosted service of every host, with no description.
const fn svc(
    name: &'static str,
    display: &'static str,
    start: StartType,
    account: &'static str,
    binary: &'static str,
    deps: &'static [&'static str],
) -> ServiceSpec {
    ServiceSpec {
        name,
        display,
        description: "",
        start,
        account,
        binary,
        deps,
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Always,
    }
}

/// The same service in its own process (TYPE 0x10).
const fn own(spec: ServiceSpec) -> ServiceSpec {
    ServiceSpec {
        svchost: false,
        own_type: 0x10,
        ..spec
    }
}

/// The same service with its description.
const fn described(spec: ServiceSpec, description: &'static str) -> ServiceSpec {
    ServiceSpec {
        description,
        ..spec
    }
}

use StartType::{Auto, Disabled, Manual};

/// The services, in installation order (what `sc query` lists and the order the SCM starts
/// the Automatic ones at boot).
pub const SERVICES: &[ServiceSpec] = &[
    svc(
        "DcomLaunch",
        "DCOM Server Process Launcher",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k DcomLaunch{p}",
        &[],
    ),
    svc(
        "RpcEptMapper",
        "RPC Endpoint Mapper",
        Auto,
        NS,
        "C:\\Windows\\system32\\svchost.exe -k RPCSS{p}",
        &[],
    ),
    ServiceSpec {
        name: "RpcSs",
        display: "Remote Procedure Call (RPC)",
        description: "The RPCSS service is the Service Control Manager for COM and DCOM servers.",
        start: StartType::Auto,
        account: "NT AUTHORITY\\NetworkService",
        binary: "C:\\Windows\\system32\\svchost.exe -k rpcss{p}",
        deps: &["RpcEptMapper", "DcomLaunch"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Always,
    },
    described(
        svc(
            "EventLog",
            "Windows Event Log",
            Auto,
            LS,
            "C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted{p}",
            &[],
        ),
        "This service manages events and event logs. It supports logging events, querying events, subscribing to events, archiving event logs, and managing event metadata. It can display events in both XML and plain text format. Stopping this service may compromise security and reliability of the system.",
    ),
    svc(
        "BrokerInfrastructure",
        "Background Tasks Infrastructure Service",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k DcomLaunch{p}",
        &["RpcEptMapper", "DcomLaunch", "RpcSs"],
    ),
    svc(
        "SystemEventsBroker",
        "System Events Broker",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k DcomLaunch{p}",
        &["RpcEptMapper", "RpcSs"],
    ),
    svc(
        "Power",
        "Power",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k DcomLaunch{p}",
        &[],
    ),
    svc(
        "PlugPlay",
        "Plug and Play",
        Manual,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k DcomLaunch{p}",
        &[],
    ),
    svc(
        "LSM",
        "Local Session Manager",
        Auto,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k DcomLaunch{p}",
        &["RpcEptMapper", "DcomLaunch", "RpcSs"],
    ),
    ServiceSpec {
        svchost: false,
        ..svc(
            "SamSs",
            "Security Accounts Manager",
            Auto,
            SYS,
            "C:\\Windows\\system32\\lsass.exe",
            &["RPCSS"],
        )
    },
    ServiceSpec {
        name: "RDPDR",
        display: "Remote Desktop Device Redirector Driver",
        description: "",
        start: StartType::Manual,
        account: "",
        binary: "System32\\drivers\\rdpdr.sys",
        deps: &[],
        svchost: false,
        own_type: 0x1,
        accepts_shutdown: false,
        when: When::Always,
    },
    ServiceSpec {
        name: "LanmanWorkstation",
        display: "Workstation",
        description: "Creates and maintains client network connections to remote servers using the SMB protocol.",
        start: StartType::Auto,
        account: "NT AUTHORITY\\NetworkService",
        binary: "C:\\Windows\\System32\\svchost.exe -k NetworkService{p}",
        deps: &["nsi"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Always,
    },
    svc(
        "nsi",
        "Network Store Interface Service",
        Auto,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalService{p}",
        &["rpcss"],
    ),
    ServiceSpec {
        name: "CryptSvc",
        display: "Cryptographic Services",
        description: "Provides key management services for this computer.",
        start: StartType::Auto,
        account: "NT Authority\\NetworkService",
        binary: "C:\\Windows\\system32\\svchost.exe -k NetworkService{p}",
        deps: &["RpcSs"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: true,
        when: When::Always,
    },
    ServiceSpec {
        name: "KeyIso",
        display: "CNG Key Isolation",
        description: "The CNG key isolation service is hosted in the LSA process.",
        start: StartType::Manual,
        account: "LocalSystem",
        binary: "C:\\Windows\\system32\\lsass.exe",
        deps: &["RpcSs"],
        svchost: false,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Always,
    },
    // Manual on a workgroup VM, and stopped (lived-in-host §1.2, the Azure doc [S2]).
    ServiceSpec {
        svchost: false,
        ..described(
            svc(
                "Netlogon",
                "Netlogon",
                Manual,
                SYS,
                "C:\\Windows\\system32\\lsass.exe",
                &["LanmanWorkstation"],
            ),
            "Maintains a secure channel between this computer and the domain controller for authenticating users and services. If this service is stopped, the computer may not authenticate users and services and the domain controller cannot register DNS records. If this service is disabled, any services that explicitly depend on it will fail to start.",
        )
    },
    described(
        svc(
            "gpsvc",
            "Group Policy Client",
            Auto,
            SYS,
            "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
            &["RPCSS"],
        ),
        "The service is responsible for applying settings configured by administrators for the computer and users through the Group Policy component. If the service is disabled, the settings will not be applied and applications and components will not be manageable through Group Policy. Any components or applications that depend on the Group Policy component might not be functional if the service is disabled.",
    ),
    svc(
        "ProfSvc",
        "User Profile Service",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["RpcSs"],
    ),
    svc(
        "UserManager",
        "User Manager",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["RpcSs", "ProfSvc"],
    ),
    svc(
        "Schedule",
        "Task Scheduler",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["RPCSS", "SystemEventsBroker"],
    ),
    svc(
        "Winmgmt",
        "Windows Management Instrumentation",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["RPCSS"],
    ),
    svc(
        "EventSystem",
        "COM+ Event System",
        Auto,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalService{p}",
        &["rpcss"],
    ),
    svc(
        "SENS",
        "System Event Notification Service",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["EventSystem"],
    ),
    svc(
        "Dhcp",
        "DHCP Client",
        Auto,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted{p}",
        &["nsi"],
    ),
    described(
        svc(
            "Dnscache",
            "DNS Client",
            Auto,
            NS,
            "C:\\Windows\\system32\\svchost.exe -k NetworkService{p}",
            &["nsi"],
        ),
        "The DNS Client service (dnscache) caches Domain Name System (DNS) names and registers the full computer name for this computer. If the service is stopped, DNS names will continue to be resolved. However, the results of DNS name queries will not be cached and the computer's name will not be registered. If the service is disabled, any services that explicitly depend on it will fail to start.",
    ),
    svc(
        "NlaSvc",
        "Network Location Awareness",
        Auto,
        NS,
        "C:\\Windows\\System32\\svchost.exe -k NetworkService{p}",
        &["nsi", "RpcSs", "Dhcp", "EventLog"],
    ),
    svc(
        "netprofm",
        "Network List Service",
        Manual,
        LS,
        "C:\\Windows\\System32\\svchost.exe -k LocalService{p}",
        &["RpcSs", "NlaSvc"],
    ),
    svc(
        "Netman",
        "Network Connections",
        Manual,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k LocalSystemNetworkRestricted{p}",
        &["RpcSs"],
    ),
    svc(
        "iphlpsvc",
        "IP Helper",
        Auto,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k NetSvcs{p}",
        &["RpcSs", "nsi"],
    ),
    svc(
        "BFE",
        "Base Filtering Engine",
        Auto,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalServiceNoNetworkFirewall{p}",
        &["RpcSs"],
    ),
    svc(
        "IKEEXT",
        "IKE and AuthIP IPsec Keying Modules",
        Manual,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["BFE"],
    ),
    svc(
        "MpsSvc",
        "Windows Defender Firewall",
        Auto,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalServiceNoNetworkFirewall{p}",
        &["BFE"],
    ),
    svc(
        "LanmanServer",
        "Server",
        Auto,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["SamSS"],
    ),
    svc(
        "lmhosts",
        "TCP/IP NetBIOS Helper",
        Manual,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted{p}",
        &[],
    ),
    svc(
        "CertPropSvc",
        "Certificate Propagation",
        Manual,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs",
        &["RpcSs"],
    ),
    ServiceSpec {
        svchost: false,
        ..svc(
            "VaultSvc",
            "Credential Manager",
            Manual,
            SYS,
            "C:\\Windows\\system32\\lsass.exe",
            &["rpcss"],
        )
    },
    own(svc(
        "MSDTC",
        "Distributed Transaction Coordinator",
        Auto,
        "NT AUTHORITY\\NetworkService",
        "C:\\Windows\\System32\\msdtc.exe",
        &["RPCSS", "SamSS"],
    )),
    svc(
        "DPS",
        "Diagnostic Policy Service",
        Auto,
        LS,
        "C:\\Windows\\System32\\svchost.exe -k LocalServiceNoNetwork{p}",
        &[],
    ),
    svc(
        "DiagTrack",
        "Connected User Experiences and Telemetry",
        Auto,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k utcsvc{p}",
        &["RpcSs"],
    ),
    svc(
        "FontCache",
        "Windows Font Cache Service",
        Auto,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalService{p}",
        &[],
    ),
    svc(
        "ShellHWDetection",
        "Shell Hardware Detection",
        Auto,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k netsvcs{p}",
        &["RpcSs"],
    ),
    svc(
        "Themes",
        "Themes",
        Auto,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k netsvcs{p}",
        &[],
    ),
    svc(
        "TrkWks",
        "Distributed Link Tracking Client",
        Auto,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k LocalSystemNetworkRestricted{p}",
        &["RpcSs"],
    ),
    // RDSH: printers redirected from clients (lived-in-host §1.2).
    own(svc(
        "Spooler",
        "Print Spooler",
        Auto,
        SYS,
        "C:\\Windows\\System32\\spoolsv.exe",
        &["RPCSS"],
    )),
    svc(
        "UALSVC",
        "User Access Logging Service",
        Auto,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k netsvcs{p}",
        &["RpcSs"],
    ),
    // Starts, schedules its own restart and stops (lived-in-host §3.5); the background's
    // last cycle leaves it running, as the simulator's boot does.
    own(svc(
        "sppsvc",
        "Software Protection",
        Auto,
        "NT AUTHORITY\\NetworkService",
        "C:\\Windows\\system32\\sppsvc.exe",
        &["RpcSs"],
    )),
    svc(
        "wuauserv",
        "Windows Update",
        Manual,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["rpcss"],
    ),
    svc(
        "UsoSvc",
        "Update Orchestrator Service",
        Manual,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["rpcss"],
    ),
    own(svc(
        "TrustedInstaller",
        "Windows Modules Installer",
        Manual,
        SYS,
        "C:\\Windows\\servicing\\TrustedInstaller.exe",
        &[],
    )),
    svc(
        "BITS",
        "Background Intelligent Transfer Service",
        Manual,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k netsvcs{p}",
        &["RpcSs"],
    ),
    svc(
        "WinHttpAutoProxySvc",
        "WinHTTP Web Proxy Auto-Discovery Service",
        Manual,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted{p}",
        &["Dhcp"],
    ),
    // Demand- and trigger-start services that cycle on an idle server (lived-in-host §3.2 [S17]).
    svc(
        "TimeBrokerSvc",
        "Time Broker",
        Manual,
        LS,
        "C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted{p}",
        &["RpcSs"],
    ),
    svc(
        "DsmSvc",
        "Device Setup Manager",
        Manual,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["RpcSs"],
    ),
    svc(
        "WerSvc",
        "Windows Error Reporting Service",
        Manual,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k WerSvcGroup",
        &[],
    ),
    svc(
        "wisvc",
        "Windows Insider Service",
        Manual,
        SYS,
        "C:\\Windows\\system32\\svchost.exe -k netsvcs{p}",
        &["RpcSs"],
    ),
    svc(
        "RemoteRegistry",
        "Remote Registry",
        Auto,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k localService{p}",
        &["RPCSS"],
    ),
    // The Azure doc sets Automatic; LocalService (lived-in-host §1.2 [S2][S6]).
    described(
        svc(
            "W32Time",
            "Windows Time",
            Auto,
            LS,
            "C:\\Windows\\system32\\svchost.exe -k LocalService",
            &[],
        ),
        "Maintains date and time synchronization on all clients and servers in the network. If this service is stopped, date and time synchronization will be unavailable. If this service is disabled, any services that explicitly depend on it will fail to start.",
    ),
    // The Azure image runs Enable-PSRemoting (lived-in-host §1.2 [S2]).
    described(
        svc(
            "WinRM",
            "Windows Remote Management (WS-Management)",
            Auto,
            NS,
            "C:\\Windows\\System32\\svchost.exe -k NetworkService{p}",
            &["RPCSS"],
        ),
        "Windows Remote Management (WinRM) service implements the WS-Management protocol for remote management. WS-Management is a standard web services protocol used for remote software and hardware management. The WinRM service listens on the network for WS-Management requests and processes them. The WinRM Service needs to be configured with a listener using winrm.cmd command line tool or through Group Policy in order for it to listen over the network. The WinRM service provides access to WMI data and enables event collection. Event collection and subscription to events require that the service is running. WinRM messages use HTTP and HTTPS as transports. The WinRM service does not depend on IIS but is preconfigured to share a port with IIS on the same machine.  The WinRM service reserves the /wsman URL prefix. To prevent conflicts with IIS, administrators should ensure that any websites hosted on IIS do not use the /wsman URL prefix.",
    ),
    own(svc(
        "WinDefend",
        "Windows Defender Antivirus Service",
        Auto,
        SYS,
        "\"C:\\Program Files\\Windows Defender\\MsMpEng.exe\"",
        &["RpcSs"],
    )),
    own(svc(
        "WdNisSvc",
        "Windows Defender Antivirus Network Inspection Service",
        Manual,
        LS,
        "\"C:\\Program Files\\Windows Defender\\NisSrv.exe\"",
        &[],
    )),
    own(svc(
        "WindowsAzureGuestAgent",
        "Windows Azure Guest Agent",
        Auto,
        SYS,
        "C:\\WindowsAzure\\GuestAgent_2.7.41491.1010_2021-05-13_030022\\WindowsAzureGuestAgent.exe",
        &[],
    )),
    own(svc(
        "RdAgent",
        "RdAgent",
        Auto,
        SYS,
        "C:\\WindowsAzure\\Packages\\WaAppAgent.exe",
        &[],
    )),
    ServiceSpec {
        name: "TermService",
        display: "Remote Desktop Services",
        description: "Allows users to connect interactively to a remote computer. Remote Desktop and Remote Desktop Session Host Server depend on this service. To prevent remote use of this computer, clear the checkboxes on the Remote tab of the System properties control panel item.",
        start: StartType::Manual,
        account: "NT Authority\\NetworkService",
        binary: "C:\\Windows\\System32\\svchost.exe -k NetworkService",
        deps: &["RPCSS"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: true,
        when: When::Always,
    },
    ServiceSpec {
        name: "SessionEnv",
        display: "Remote Desktop Configuration",
        description: "Remote Desktop Configuration service (RDCS) is responsible for all Remote Desktop Services and Remote Desktop related configuration and session maintenance activities that require SYSTEM context. These include per-session temporary folders, RD themes, and RD certificates.",
        start: StartType::Manual,
        account: "LocalSystem",
        binary: "C:\\Windows\\System32\\svchost.exe -k netsvcs{p}",
        deps: &["RPCSS", "LanmanWorkstation"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Always,
    },
    ServiceSpec {
        name: "UmRdpService",
        display: "Remote Desktop Services UserMode Port Redirector",
        description: "Allows the redirection of Printers/Drives/Ports for RDP connections",
        start: StartType::Manual,
        account: "localSystem",
        binary: "C:\\Windows\\System32\\svchost.exe -k LocalSystemNetworkRestricted{p}",
        deps: &["TermService", "RDPDR"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: true,
        when: When::Always,
    },
    // Disabled by default (lived-in-host §1.2 [S1]).
    svc(
        "SCardSvr",
        "Smart Card",
        Disabled,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalServiceAndNoImpersonation",
        &[],
    ),
    svc(
        "RemoteAccess",
        "Routing and Remote Access",
        Disabled,
        SYS,
        "C:\\Windows\\System32\\svchost.exe -k netsvcs",
        &["RpcSs", "BFE"],
    ),
    svc(
        "tzautoupdate",
        "Auto Time Zone Updater",
        Disabled,
        LS,
        "C:\\Windows\\system32\\svchost.exe -k LocalService{p}",
        &[],
    ),
    // windows-facts §11.7: the account, start type and dependencies of Tssdis are not
    // confirmed for 2012+; most likely NetworkService, Automatic, depending on RPCSS.
    ServiceSpec {
        name: "Tssdis",
        display: "Remote Desktop Connection Broker",
        description: "Remote Desktop Connection Broker (RD Connection Broker) tracks user sessions in a load-balanced RD Session Host server farm.",
        start: StartType::Auto,
        account: "NT AUTHORITY\\NetworkService",
        binary: "C:\\Windows\\System32\\svchost.exe -k NetworkService{p}",
        deps: &["RPCSS"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Broker,
    },
    // windows-facts §9, §11.7: Automatic, its own service account; no dependencies (unconfirmed).
    ServiceSpec {
        name: "MSSQL$MICROSOFT##WID",
        display: "Windows Internal Database",
        description: "Provides storage, processing and controlled access of data, and rapid transaction processing.",
        start: StartType::Auto,
        account: "NT SERVICE\\MSSQL$MICROSOFT##WID",
        binary: "\"C:\\Windows\\WID\\bin\\sqlservr.exe\" -sMICROSOFT##WID",
        deps: &[],
        svchost: false,
        own_type: 0x10,
        accepts_shutdown: true,
        when: When::Broker,
    },
];
