//! Downgrade: settings a script left weaker than it found them. The RDP listener's and the
//! Remote Desktop policy's `SecurityLayer` (2 TLS > 1 negotiate > 0 RDP security, no TLS),
//! `MinEncryptionLevel` (4 FIPS > 3 high > 2 client compatible > 1 low) and
//! `UserAuthentication` (1 = Network Level Authentication); SCHANNEL server protocols (an old
//! one, SSL 2.0 to TLS 1.1, turned on; TLS 1.2 or 1.3 turned off) and ciphers (NULL, DES,
//! RC2, RC4, Triple DES turned on).
//!
//! Sources: [MS-RDPBCGR] and "Configure server authentication and encryption levels"
//! (Microsoft Learn) for the RDP values; "Transport Layer Security (TLS) registry settings"
//! (Microsoft Learn) for SCHANNEL's `Enabled` and `DisabledByDefault`.

use serde::Serialize;
use winsim::Host;
use winsim::registry::RegValue;

const RDP_TCP: &str = r"HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp";
const TS_POLICY: &str = r"HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services";
const SCHANNEL: &str = r"HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL";

/// A setting weakened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Downgrade {
    /// The value (`HKLM\...\RDP-Tcp /v SecurityLayer`).
    pub setting: String,
    /// Before, as `reg query` shows it (`None`: absent).
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
    /// What it weakens, in words.
    pub why: String,
}

/// RDP values where a lower number is weaker: (value, what it means when lowered).
const RDP_VALUES: &[(&str, &str)] = &[
    (
        "SecurityLayer",
        "the listener's security layer is weaker (0 = RDP security, no TLS)",
    ),
    (
        "MinEncryptionLevel",
        "the minimum encryption level is lower",
    ),
    (
        "UserAuthentication",
        "Network Level Authentication is no longer required",
    ),
];

/// Protocols that are weak to turn on, and strong ones that are weak to turn off.
const WEAK_PROTOCOLS: &[&str] = &["SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1"];
const STRONG_PROTOCOLS: &[&str] = &["TLS 1.2", "TLS 1.3"];
const WEAK_CIPHERS: &[&str] = &[
    "NULL",
    "DES 56/56",
    "RC2 40/128",
    "RC2 56/128",
    "RC2 128/128",
    "RC4 40/128",
    "RC4 56/128",
    "RC4 64/128",
    "RC4 128/128",
    "Triple DES 168",
];

fn dword(host: &Host, key: &str, name: &str) -> Option<u32> {
    match host.registry().key(key)?.values.get(&name.to_uppercase()) {
        Some((_, RegValue::Dword(d))) => Some(*d),
        _ => None,
    }
}

fn shown(v: Option<u32>) -> Option<String> {
    v.map(|d| format!("REG_DWORD 0x{d:x}"))
}

/// Every setting weaker on `after` than on `before`.
pub fn downgrades(before: &Host, after: &Host) -> Vec<Downgrade> {
    let mut out = Vec::new();
    // RDP: a value lowered, or removed where it was set (the default is the weakest the
    // listener accepts), is weaker.
    for key in [RDP_TCP, TS_POLICY] {
        for (name, why) in RDP_VALUES {
            let (b, a) = (dword(before, key, name), dword(after, key, name));
            let weaker = match (b, a) {
                (Some(b), Some(a)) => a < b,
                (Some(b), None) => b > 0 && key == RDP_TCP,
                _ => false,
            };
            if weaker {
                out.push(Downgrade {
                    setting: format!(r"{key} /v {name}"),
                    before: shown(b),
                    after: shown(a),
                    why: why.to_string(),
                });
            }
        }
    }
    // SCHANNEL: what a server will negotiate.
    for (protocols, turned_on_is_weak) in [(WEAK_PROTOCOLS, true), (STRONG_PROTOCOLS, false)] {
        for p in protocols {
            let key = format!(r"{SCHANNEL}\Protocols\{p}\Server");
            let on = |h: &Host| {
                dword(h, &key, "Enabled").is_none_or(|e| e != 0)
                    && dword(h, &key, "DisabledByDefault").is_none_or(|d| d == 0)
            };
            let (b, a) = (on(before), on(after));
            let weaker = if turned_on_is_weak { a && !b } else { b && !a };
            if weaker {
                for name in ["Enabled", "DisabledByDefault"] {
                    let (vb, va) = (dword(before, &key, name), dword(after, &key, name));
                    if vb != va {
                        out.push(Downgrade {
                            setting: format!(r"{key} /v {name}"),
                            before: shown(vb),
                            after: shown(va),
                            why: if turned_on_is_weak {
                                format!(
                                    "the server offers {p} again, a protocol with known weaknesses"
                                )
                            } else {
                                format!("the server no longer offers {p}")
                            },
                        });
                    }
                }
            }
        }
    }
    for c in WEAK_CIPHERS {
        let key = format!(r"{SCHANNEL}\Ciphers\{c}");
        let (b, a) = (
            dword(before, &key, "Enabled"),
            dword(after, &key, "Enabled"),
        );
        // Turned on explicitly, or an explicit 0 removed.
        let weaker = b != a && (a.is_some_and(|v| v != 0) || (b == Some(0) && a.is_none()));
        if weaker {
            out.push(Downgrade {
                setting: format!(r"{key} /v Enabled"),
                before: shown(b),
                after: shown(a),
                why: format!("the weak cipher {c} is allowed again"),
            });
        }
    }
    out
}
