//! The catalog: one entry per fault (id, summary, its forms, the client that shows it, the
//! events that prove it, how an aged one is repaired), and the typed forms each fault takes.
//!
//! `FaultId::entry` and `Form::id` are exhaustive matches: a new fault or form that misses an
//! entry, a summary or an `apply` arm does not compile.

use super::scope::{Grant, Right, Scope};
use crate::os::Os;

/// The faults of the article's causal model (DESIGN.md), in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaultId {
    /// The listener's key container no longer lets NETWORK SERVICE read it.
    MachineKeysAcl,
    /// SYSTEM is denied writing the `Remote Desktop` store, whose certificate has expired.
    CertStoreDeny,
    /// An explicit Deny ACE for NETWORK SERVICE on the listener's key container.
    MachineKeysDenyAce,
    /// The listener certificate's key file is gone.
    RsaKeyMissing,
    /// The listener certificate's key file is unreadable.
    RsaKeyCorrupt,
    /// RDP-Tcp `SSLCertificateSHA1Hash` names no certificate in LocalMachine\My.
    SslThumbprintMismatch,
    /// SCHANNEL TLS 1.0 Server disabled.
    Tls10Disabled,
    /// The Connection Broker was renamed after the farm was built.
    BrokerRenamed,
}

impl FaultId {
    /// Every fault, in the order of DESIGN.md's table.
    pub const ALL: [FaultId; 8] = [
        FaultId::MachineKeysAcl,
        FaultId::CertStoreDeny,
        FaultId::MachineKeysDenyAce,
        FaultId::RsaKeyMissing,
        FaultId::RsaKeyCorrupt,
        FaultId::SslThumbprintMismatch,
        FaultId::Tls10Disabled,
        FaultId::BrokerRenamed,
    ];

    /// The catalog entry of this fault.
    pub fn entry(self) -> &'static Entry {
        match self {
            FaultId::MachineKeysAcl => &MACHINEKEYS_ACL,
            FaultId::CertStoreDeny => &CERTSTORE_DENY,
            FaultId::MachineKeysDenyAce => &MACHINEKEYS_DENY_ACE,
            FaultId::RsaKeyMissing => &RSA_KEY_MISSING,
            FaultId::RsaKeyCorrupt => &RSA_KEY_CORRUPT,
            FaultId::SslThumbprintMismatch => &SSL_THUMBPRINT_MISMATCH,
            FaultId::Tls10Disabled => &TLS10_DISABLED,
            FaultId::BrokerRenamed => &BROKER_RENAMED,
        }
    }

    /// The id as the CLI and the knowledge base write it (`machinekeys-acl`).
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The fault named `name` (case-insensitive).
    pub fn parse(name: &str) -> Option<FaultId> {
        FaultId::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl std::fmt::Display for FaultId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which client's attempt shows a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// Every client fails: a modern one shows it.
    AnyClient,
    /// Only clients limited to TLS 1.0 fail, except on 2008 R2 where every client does.
    Tls10OnlyClients,
}

/// Where an event of a signature is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnOs {
    /// Every OS preset.
    All,
    /// Windows Server 2008 R2 only.
    Only2008R2,
    /// Every OS but 2008 R2.
    Not2008R2,
}

impl OnOs {
    /// True if the event is expected on `os`.
    pub fn includes(self, os: Os) -> bool {
        match self {
            OnOs::All => true,
            OnOs::Only2008R2 => os == Os::Server2008R2,
            OnOs::Not2008R2 => os != Os::Server2008R2,
        }
    }
}

/// One event that proves a fault: channel, provider, id and a fragment of its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureEvent {
    /// The channel (`System`).
    pub channel: &'static str,
    /// The provider, exactly as Windows names it.
    pub provider: &'static str,
    /// The EventID.
    pub event_id: u16,
    /// Text the rendered message contains.
    pub text: &'static str,
    /// The OS presets that log it.
    pub on: OnOs,
}

/// How an aged fault is put right before the clock moves on (as a restore from backup or a
/// role reinstallation would).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repair {
    /// The MachineKeys folder, the listener's container and the `Remote Desktop` store as
    /// they were.
    KeyMaterial,
    /// These registry values (key, value name) as they were.
    Values(&'static [(&'static str, &'static str)]),
    /// The Windows Internal Database and the Connection Broker role reinstalled.
    ReinstallBroker,
}

/// One fault of the catalog.
#[derive(Debug)]
pub struct Entry {
    /// Its id.
    pub id: FaultId,
    /// Its name (`machinekeys-acl`).
    pub name: &'static str,
    /// One line: what is wrong.
    pub summary: &'static str,
    /// Its forms, the default first.
    pub forms: &'static [Form],
    /// The client whose attempt shows it.
    pub shows: Shows,
    /// The events that prove it, within 24 hours of the attempt.
    pub signature: &'static [SignatureEvent],
    /// How an aged one is repaired.
    pub repair: Repair,
    /// What a repair may touch and give (read by the judge of remediation scripts).
    pub scope: Scope,
}

impl Entry {
    /// The signature events logged on `os`.
    pub fn signature_on(&self, os: Os) -> impl Iterator<Item = &'static SignatureEvent> {
        self.signature.iter().filter(move |e| e.on.includes(os))
    }
}

/// `machinekeys-acl`: which objects lose their NETWORK SERVICE entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AclScope {
    /// Folder and container hardened alike, as a recursive `icacls` does (the article's case).
    FolderAndContainer,
    /// Only the container; the folder keeps its default ACL.
    ContainerOnly,
}

/// `machinekeys-deny-ace`: what the Deny covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DenyRights {
    /// Read.
    Read,
    /// Full control.
    FullControl,
}

/// `certstore-deny`: where the Deny sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DenyTarget {
    /// The store key, inherited by its subkeys.
    StoreKey,
    /// The store's `Certificates` subkey only.
    CertificatesSubkey,
}

/// `rsa-key-corrupt`: how the key file is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Damage {
    /// A damaged key blob (what a failed write leaves).
    Damaged,
    /// Random bytes.
    Garbage,
}

/// `ssl-thumbprint-mismatch`: what the stale value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaleThumbprint {
    /// A certificate that no longer exists anywhere.
    Random,
    /// The self-signed `Remote Desktop` certificate, which is not in LocalMachine\My.
    SelfSigned,
}

/// `tls10-disabled`: the SCHANNEL values written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tls10Setting {
    /// `Enabled=0` and `DisabledByDefault=1`, as hardening guides write them.
    DisabledAndDisabledByDefault,
    /// `Enabled=0` only.
    EnabledOnly,
}

/// A fault in one of its forms: each fault carries its own kind of variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// `machinekeys-acl`.
    MachineKeysAcl(AclScope),
    /// `certstore-deny`.
    CertStoreDeny(DenyTarget),
    /// `machinekeys-deny-ace`.
    MachineKeysDenyAce(DenyRights),
    /// `rsa-key-missing`.
    RsaKeyMissing,
    /// `rsa-key-corrupt`.
    RsaKeyCorrupt(Damage),
    /// `ssl-thumbprint-mismatch`.
    SslThumbprintMismatch(StaleThumbprint),
    /// `tls10-disabled`.
    Tls10Disabled(Tls10Setting),
    /// `broker-renamed`.
    BrokerRenamed,
}

impl Form {
    /// The fault this is a form of.
    pub fn id(self) -> FaultId {
        match self {
            Form::MachineKeysAcl(_) => FaultId::MachineKeysAcl,
            Form::CertStoreDeny(_) => FaultId::CertStoreDeny,
            Form::MachineKeysDenyAce(_) => FaultId::MachineKeysDenyAce,
            Form::RsaKeyMissing => FaultId::RsaKeyMissing,
            Form::RsaKeyCorrupt(_) => FaultId::RsaKeyCorrupt,
            Form::SslThumbprintMismatch(_) => FaultId::SslThumbprintMismatch,
            Form::Tls10Disabled(_) => FaultId::Tls10Disabled,
            Form::BrokerRenamed => FaultId::BrokerRenamed,
        }
    }

    /// The variant's name after `:` in a fault spec (`container-only`); `default` for the
    /// first form of each fault.
    pub fn variant_name(self) -> &'static str {
        match self {
            Form::MachineKeysAcl(AclScope::FolderAndContainer)
            | Form::CertStoreDeny(DenyTarget::StoreKey)
            | Form::MachineKeysDenyAce(DenyRights::Read)
            | Form::RsaKeyMissing
            | Form::RsaKeyCorrupt(Damage::Damaged)
            | Form::SslThumbprintMismatch(StaleThumbprint::Random)
            | Form::Tls10Disabled(Tls10Setting::DisabledAndDisabledByDefault)
            | Form::BrokerRenamed => "default",
            Form::MachineKeysAcl(AclScope::ContainerOnly) => "container-only",
            Form::CertStoreDeny(DenyTarget::CertificatesSubkey) => "certificates-subkey",
            Form::MachineKeysDenyAce(DenyRights::FullControl) => "deny-full-control",
            Form::RsaKeyCorrupt(Damage::Garbage) => "garbage",
            Form::SslThumbprintMismatch(StaleThumbprint::SelfSigned) => "self-signed-thumbprint",
            Form::Tls10Disabled(Tls10Setting::EnabledOnly) => "enabled-only",
        }
    }

    /// The spec that names this form (`machinekeys-acl:container-only`, or the bare id for the
    /// default form).
    pub fn spec(self) -> String {
        match self.variant_name() {
            "default" => self.id().name().to_string(),
            v => format!("{}:{v}", self.id().name()),
        }
    }
}

const RCM: &str = "Microsoft-Windows-TerminalServices-RemoteConnectionManager";

/// Schannel 36870: the listener's private key cannot be read (0x8009030D, state 10001).
const KEY_UNREADABLE: SignatureEvent = SignatureEvent {
    channel: "System",
    provider: "Schannel",
    event_id: 36870,
    text: "0x8009030D. The internal error state is 10001.",
    on: OnOs::All,
};

const SCHANNEL: &str = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server";

// The scopes. Paths as `Host::diff` names them.

const MACHINEKEYS: &str = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys";
const LISTENER_CONTAINER: &str = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace*";
const RDP_STORE_KEY: &str = r"HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\**";
const RDP_STORE_CERTS: &str = r"Cert:\LocalMachine\Remote Desktop\*";

/// NETWORK SERVICE (TermService's account) reads the listener's key: the grant every repair
/// of the key material restores or recreates (DESIGN.md, the minimal target).
const LISTENER_READ: Grant = Grant {
    principal: "NS",
    object: LISTENER_CONTAINER,
    right: Right::Read,
};

/// The MachineKeys folder and the listener's container: their ACLs, owners and the key file.
const KEY_CONTAINER_SCOPE: Scope = Scope {
    objects: &[MACHINEKEYS, LISTENER_CONTAINER],
    grants: &[LISTENER_READ],
};

/// A new listener certificate and key: the `Remote Desktop` store (its keys and ACLs), its
/// certificates, the listener's container.
const LISTENER_CERTIFICATE_SCOPE: Scope = Scope {
    objects: &[RDP_STORE_KEY, RDP_STORE_CERTS, LISTENER_CONTAINER],
    grants: &[LISTENER_READ],
};

static MACHINEKEYS_ACL: Entry = Entry {
    id: FaultId::MachineKeysAcl,
    name: "machinekeys-acl",
    summary: "MachineKeys hardened to SYSTEM and Administrators: the listener's key container f686aace* no longer lets NETWORK SERVICE read it",
    forms: &[
        Form::MachineKeysAcl(AclScope::FolderAndContainer),
        Form::MachineKeysAcl(AclScope::ContainerOnly),
    ],
    shows: Shows::AnyClient,
    signature: &[KEY_UNREADABLE],
    repair: Repair::KeyMaterial,
    scope: KEY_CONTAINER_SCOPE,
};

static CERTSTORE_DENY: Entry = Entry {
    id: FaultId::CertStoreDeny,
    name: "certstore-deny",
    summary: "SYSTEM is denied writing the Remote Desktop certificate store, and the certificate has expired",
    forms: &[
        Form::CertStoreDeny(DenyTarget::StoreKey),
        Form::CertStoreDeny(DenyTarget::CertificatesSubkey),
    ],
    shows: Shows::AnyClient,
    signature: &[
        SignatureEvent {
            channel: "System",
            provider: RCM,
            event_id: 1058,
            text: "status code was Access is denied.",
            on: OnOs::All,
        },
        KEY_UNREADABLE,
    ],
    repair: Repair::KeyMaterial,
    scope: LISTENER_CERTIFICATE_SCOPE,
};

static MACHINEKEYS_DENY_ACE: Entry = Entry {
    id: FaultId::MachineKeysDenyAce,
    name: "machinekeys-deny-ace",
    summary: "an explicit Deny ACE for NETWORK SERVICE sits on the listener's key container",
    forms: &[
        Form::MachineKeysDenyAce(DenyRights::Read),
        Form::MachineKeysDenyAce(DenyRights::FullControl),
    ],
    shows: Shows::AnyClient,
    signature: &[KEY_UNREADABLE],
    repair: Repair::KeyMaterial,
    scope: KEY_CONTAINER_SCOPE,
};

static RSA_KEY_MISSING: Entry = Entry {
    id: FaultId::RsaKeyMissing,
    name: "rsa-key-missing",
    summary: "the key file of the Remote Desktop certificate is gone; the certificate is still there",
    forms: &[Form::RsaKeyMissing],
    shows: Shows::AnyClient,
    signature: &[
        SignatureEvent {
            channel: "System",
            provider: RCM,
            event_id: 1057,
            text: "status code was Keyset does not exist",
            on: OnOs::All,
        },
        KEY_UNREADABLE,
    ],
    repair: Repair::KeyMaterial,
    scope: LISTENER_CERTIFICATE_SCOPE,
};

static RSA_KEY_CORRUPT: Entry = Entry {
    id: FaultId::RsaKeyCorrupt,
    name: "rsa-key-corrupt",
    summary: "the key file of the Remote Desktop certificate is there but unreadable",
    forms: &[
        Form::RsaKeyCorrupt(Damage::Damaged),
        Form::RsaKeyCorrupt(Damage::Garbage),
    ],
    shows: Shows::AnyClient,
    signature: &[KEY_UNREADABLE],
    repair: Repair::KeyMaterial,
    scope: LISTENER_CERTIFICATE_SCOPE,
};

static SSL_THUMBPRINT_MISMATCH: Entry = Entry {
    id: FaultId::SslThumbprintMismatch,
    name: "ssl-thumbprint-mismatch",
    summary: "RDP-Tcp SSLCertificateSHA1Hash names no certificate in LocalMachine\\My",
    forms: &[
        Form::SslThumbprintMismatch(StaleThumbprint::Random),
        Form::SslThumbprintMismatch(StaleThumbprint::SelfSigned),
    ],
    shows: Shows::AnyClient,
    signature: &[KEY_UNREADABLE],
    repair: Repair::Values(&[(crate::os::tables::RDP_TCP_KEY, "SSLCertificateSHA1Hash")]),
    scope: Scope {
        // The value, or a certificate (with its key) put in LocalMachine\My for it to name.
        objects: &[
            r"HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp /v SSLCertificateSHA1Hash",
            r"HKLM\SOFTWARE\Microsoft\SystemCertificates\My\**",
            r"Cert:\LocalMachine\My\*",
        ],
        grants: &[],
    },
};

static TLS10_DISABLED: Entry = Entry {
    id: FaultId::Tls10Disabled,
    name: "tls10-disabled",
    summary: "SCHANNEL TLS 1.0 Server is disabled (Enabled=0)",
    forms: &[
        Form::Tls10Disabled(Tls10Setting::DisabledAndDisabledByDefault),
        Form::Tls10Disabled(Tls10Setting::EnabledOnly),
    ],
    shows: Shows::Tls10OnlyClients,
    signature: &[
        SignatureEvent {
            channel: "System",
            provider: "Schannel",
            event_id: 36871,
            text: "The internal error state is 10013.",
            on: OnOs::Only2008R2,
        },
        SignatureEvent {
            channel: "System",
            provider: "Schannel",
            event_id: 36888,
            text: "fatal alert code is 70.",
            on: OnOs::Not2008R2,
        },
    ],
    repair: Repair::Values(&[(SCHANNEL, "Enabled"), (SCHANNEL, "DisabledByDefault")]),
    scope: Scope {
        objects: &[
            r"HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\**",
        ],
        grants: &[],
    },
};

static BROKER_RENAMED: Entry = Entry {
    id: FaultId::BrokerRenamed,
    name: "broker-renamed",
    summary: "the RD Connection Broker host was renamed after the farm was built",
    forms: &[Form::BrokerRenamed],
    shows: Shows::AnyClient,
    signature: &[
        SignatureEvent {
            channel: "Microsoft-Windows-TerminalServices-SessionBroker/Operational",
            provider: "Microsoft-Windows-TerminalServices-SessionBroker",
            event_id: 2056,
            text: "Logon to the database failed.",
            on: OnOs::All,
        },
        SignatureEvent {
            channel: "Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational",
            provider: "Microsoft-Windows-TerminalServices-SessionBroker-Client",
            event_id: 1296,
            text: "Remote Desktop Connection Broker is not ready for RPC communication.",
            on: OnOs::All,
        },
    ],
    repair: Repair::ReinstallBroker,
    scope: Scope {
        // Reinstalling the role is a person's job; no script change is within its scope.
        objects: &[],
        grants: &[],
    },
};
