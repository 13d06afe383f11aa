//! Security principals: SIDs, the well-known accounts, service SIDs, and access tokens.
//!
//! Names resolve case-insensitively, with or without their domain (`SYSTEM`,
//! `NT AUTHORITY\SYSTEM`), and in the `*S-1-5-18` form that icacls accepts.

use sha1::{Digest, Sha1};
use std::fmt;
use std::str::FromStr;

/// A security identifier, `S-1-<authority>-<sub>-<sub>...`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sid {
    authority: u64,
    subs: Vec<u32>,
}

/// One well-known account: its SID, its domain, its name and its SDDL alias.
struct WellKnown {
    sid: &'static str,
    domain: &'static str,
    name: &'static str,
    alias: Option<&'static str>,
}

/// Well-known SIDs (learn.microsoft.com "Well-known SIDs"; SDDL aliases from "SID Strings").
const WELL_KNOWN: &[WellKnown] = &[
    WellKnown { sid: "S-1-1-0", domain: "", name: "Everyone", alias: Some("WD") },
    WellKnown { sid: "S-1-3-0", domain: "", name: "CREATOR OWNER", alias: Some("CO") },
    WellKnown { sid: "S-1-3-1", domain: "", name: "CREATOR GROUP", alias: Some("CG") },
    WellKnown { sid: "S-1-5-18", domain: "NT AUTHORITY", name: "SYSTEM", alias: Some("SY") },
    WellKnown { sid: "S-1-5-19", domain: "NT AUTHORITY", name: "LOCAL SERVICE", alias: Some("LS") },
    WellKnown { sid: "S-1-5-20", domain: "NT AUTHORITY", name: "NETWORK SERVICE", alias: Some("NS") },
    WellKnown { sid: "S-1-5-11", domain: "NT AUTHORITY", name: "Authenticated Users", alias: Some("AU") },
    WellKnown { sid: "S-1-5-4", domain: "NT AUTHORITY", name: "INTERACTIVE", alias: Some("IU") },
    WellKnown { sid: "S-1-5-6", domain: "NT AUTHORITY", name: "SERVICE", alias: Some("SU") },
    WellKnown { sid: "S-1-5-32-544", domain: "BUILTIN", name: "Administrators", alias: Some("BA") },
    WellKnown { sid: "S-1-5-32-545", domain: "BUILTIN", name: "Users", alias: Some("BU") },
    WellKnown { sid: "S-1-5-32-555", domain: "BUILTIN", name: "Remote Desktop Users", alias: Some("RD") },
    WellKnown { sid: "S-1-5-80-0", domain: "NT SERVICE", name: "ALL SERVICES", alias: None },
    WellKnown { sid: "S-1-15-2-1", domain: "APPLICATION PACKAGE AUTHORITY", name: "ALL APPLICATION PACKAGES", alias: Some("AC") },
    WellKnown { sid: "S-1-16-12288", domain: "Mandatory Label", name: "High Mandatory Level", alias: Some("HI") },
];

impl Sid {
    /// A SID from its parts.
    pub fn new(authority: u64, subs: &[u32]) -> Sid {
        Sid { authority, subs: subs.to_vec() }
    }

    /// `S-1-5-18` (LocalSystem).
    pub fn system() -> Sid {
        Sid::new(5, &[18])
    }
    /// `S-1-5-19` (LOCAL SERVICE).
    pub fn local_service() -> Sid {
        Sid::new(5, &[19])
    }
    /// `S-1-5-20` (NETWORK SERVICE).
    pub fn network_service() -> Sid {
        Sid::new(5, &[20])
    }
    /// `S-1-5-32-544` (BUILTIN\Administrators).
    pub fn administrators() -> Sid {
        Sid::new(5, &[32, 544])
    }
    /// `S-1-5-32-545` (BUILTIN\Users).
    pub fn users() -> Sid {
        Sid::new(5, &[32, 545])
    }
    /// `S-1-1-0` (Everyone).
    pub fn everyone() -> Sid {
        Sid::new(1, &[0])
    }
    /// `S-1-3-0` (CREATOR OWNER).
    pub fn creator_owner() -> Sid {
        Sid::new(3, &[0])
    }
    /// `S-1-5-11` (Authenticated Users).
    pub fn authenticated_users() -> Sid {
        Sid::new(5, &[11])
    }

    /// The service SID of `NT SERVICE\<name>`: `S-1-5-80-` and the SHA-1 of the upper-cased
    /// name in UTF-16 LE read as five little-endian sub-authorities (as `sc showsid` prints).
    pub fn service(name: &str) -> Sid {
        let upper: Vec<u8> = name
            .to_uppercase()
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let digest = Sha1::digest(&upper);
        let mut subs = vec![80];
        for chunk in digest.chunks_exact(4) {
            subs.push(u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        }
        Sid { authority: 5, subs }
    }

    /// Parses `S-1-...` (case-insensitive `s`), or an SDDL alias such as `SY`.
    pub fn parse(s: &str) -> Option<Sid> {
        let t = s.trim();
        if t.len() == 2 {
            return WELL_KNOWN
                .iter()
                .find(|w| w.alias.is_some_and(|a| a.eq_ignore_ascii_case(t)))
                .and_then(|w| Sid::parse(w.sid));
        }
        let rest = t.strip_prefix("S-").or_else(|| t.strip_prefix("s-"))?;
        let mut parts = rest.split('-');
        if parts.next()? != "1" {
            return None;
        }
        let authority = parse_u64(parts.next()?)?;
        let subs = parts.map(|p| p.parse::<u32>().ok()).collect::<Option<Vec<u32>>>()?;
        if subs.len() > 15 || authority >= 1 << 48 {
            return None;
        }
        Some(Sid { authority, subs })
    }

    /// The identifier authority.
    pub fn authority(&self) -> u64 {
        self.authority
    }

    /// The sub-authorities.
    pub fn sub_authorities(&self) -> &[u32] {
        &self.subs
    }

    /// The SDDL alias (`SY`, `BA`, `WD`, `NS`, ...) if the SID has one.
    pub fn sddl_alias(&self) -> Option<&'static str> {
        let s = self.to_string();
        WELL_KNOWN.iter().find(|w| w.sid == s).and_then(|w| w.alias)
    }

    /// The account name as Windows shows it (`NT AUTHORITY\SYSTEM`, `Everyone`), if well known.
    pub fn well_known_name(&self) -> Option<String> {
        let s = self.to_string();
        WELL_KNOWN.iter().find(|w| w.sid == s).map(|w| {
            if w.domain.is_empty() {
                w.name.to_string()
            } else {
                format!("{}\\{}", w.domain, w.name)
            }
        })
    }
}

fn parse_u64(s: &str) -> Option<u64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

impl fmt::Display for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S-1-{}", self.authority)?;
        for s in &self.subs {
            write!(f, "-{s}")?;
        }
        Ok(())
    }
}

impl FromStr for Sid {
    type Err = ();
    fn from_str(s: &str) -> Result<Sid, ()> {
        Sid::parse(s).ok_or(())
    }
}

/// A local account or group of the host (beyond the well-known ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its SID.
    pub sid: Sid,
    /// `DOMAIN\name` as Windows shows it (the domain of a local account is the computer name).
    pub full_name: String,
}

/// The accounts a host knows: the well-known ones, service SIDs of installed services,
/// and local accounts. Resolves names case-insensitively.
#[derive(Debug, Clone, Default)]
pub struct Principals {
    locals: Vec<Account>,
    services: Vec<String>,
}

impl Principals {
    /// Adds a local account (`RDS01\azureuser`).
    pub fn add_local(&mut self, sid: Sid, full_name: impl Into<String>) {
        self.locals.push(Account { sid, full_name: full_name.into() });
    }

    /// Declares a service name so that `NT SERVICE\<name>` resolves and renders.
    pub fn add_service(&mut self, name: impl Into<String>) {
        self.services.push(name.into());
    }

    /// Resolves `NT AUTHORITY\SYSTEM`, `system`, `*S-1-5-18`, `S-1-5-18`, `NT SERVICE\SessionEnv`.
    pub fn resolve(&self, name: &str) -> Option<Sid> {
        let n = name.trim();
        if let Some(sid) = n.strip_prefix('*') {
            return Sid::parse(sid).filter(|_| sid.len() > 2);
        }
        if n.len() > 2 && (n.starts_with("S-") || n.starts_with("s-")) {
            if let Some(sid) = Sid::parse(n) {
                return Some(sid);
            }
        }
        let (domain, account) = match n.rsplit_once('\\') {
            Some((d, a)) => (Some(d), a),
            None => (None, n),
        };
        let domain_ok = |d: &str| domain.is_none_or(|x| x.eq_ignore_ascii_case(d));
        if let Some(w) = WELL_KNOWN
            .iter()
            .find(|w| w.name.eq_ignore_ascii_case(account) && domain_ok(w.domain))
        {
            return Sid::parse(w.sid);
        }
        if domain.is_some_and(|d| d.eq_ignore_ascii_case("NT SERVICE")) {
            return Some(Sid::service(account));
        }
        self.locals
            .iter()
            .find(|a| {
                let (d, acc) = a.full_name.rsplit_once('\\').unwrap_or(("", &a.full_name));
                acc.eq_ignore_ascii_case(account) && domain_ok(d)
            })
            .map(|a| a.sid.clone())
    }

    /// The display name of a SID (`NT AUTHORITY\NETWORK SERVICE`), or `None` when unmapped
    /// (icacls then prints the SID string).
    pub fn name_of(&self, sid: &Sid) -> Option<String> {
        if let Some(n) = sid.well_known_name() {
            return Some(n);
        }
        if let Some(a) = self.locals.iter().find(|a| &a.sid == sid) {
            return Some(a.full_name.clone());
        }
        self.services
            .iter()
            .find(|s| &Sid::service(s) == sid)
            .map(|s| format!("NT SERVICE\\{s}"))
    }
}

/// Privileges that change the access check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Privileges {
    /// SeTakeOwnershipPrivilege: WRITE_OWNER on any object.
    pub take_ownership: bool,
    /// SeBackupPrivilege (used with backup semantics): read any object.
    pub backup: bool,
    /// SeRestorePrivilege: write any object, set any owner.
    pub restore: bool,
}

/// Who is acting: a user SID, its groups, its privileges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The user (or service account) SID.
    pub user: Sid,
    /// Group SIDs, including Everyone and Authenticated Users where Windows adds them.
    pub groups: Vec<Sid>,
    /// Enabled privileges.
    pub privileges: Privileges,
}

impl Token {
    /// LocalSystem: SYSTEM, member of Administrators, all privileges.
    pub fn system() -> Token {
        Token {
            user: Sid::system(),
            groups: vec![Sid::administrators(), Sid::everyone(), Sid::authenticated_users()],
            privileges: Privileges { take_ownership: true, backup: true, restore: true },
        }
    }

    /// NETWORK SERVICE (TermService's account): no administrative groups or privileges.
    pub fn network_service() -> Token {
        Token {
            user: Sid::network_service(),
            groups: vec![Sid::everyone(), Sid::authenticated_users(), Sid::users(), Sid::new(5, &[6])],
            privileges: Privileges::default(),
        }
    }

    /// A service running as LocalSystem with its service SID (`NT SERVICE\<name>`) in the token.
    pub fn system_service(name: &str) -> Token {
        let mut t = Token::system();
        t.groups.push(Sid::service(name));
        t
    }

    /// An elevated member of BUILTIN\Administrators (`user` is its own SID).
    pub fn elevated_admin(user: Sid) -> Token {
        Token {
            user,
            groups: vec![
                Sid::administrators(),
                Sid::users(),
                Sid::everyone(),
                Sid::authenticated_users(),
                Sid::new(5, &[4]),
            ],
            privileges: Privileges { take_ownership: true, backup: false, restore: false },
        }
    }

    /// A token for any principal: SYSTEM and NETWORK SERVICE get their real tokens; anyone else
    /// gets Everyone, Authenticated Users and Users.
    pub fn for_principal(sid: Sid) -> Token {
        if sid == Sid::system() {
            return Token::system();
        }
        if sid == Sid::network_service() {
            return Token::network_service();
        }
        if sid == Sid::administrators() {
            return Token::elevated_admin(sid);
        }
        Token {
            user: sid,
            groups: vec![Sid::everyone(), Sid::authenticated_users(), Sid::users()],
            privileges: Privileges::default(),
        }
    }

    /// True if the token's user or one of its groups is `sid`.
    pub fn has(&self, sid: &Sid) -> bool {
        &self.user == sid || self.groups.iter().any(|g| g == sid)
    }

    /// True if the token holds BUILTIN\Administrators.
    pub fn is_admin(&self) -> bool {
        self.has(&Sid::administrators())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_sid_matches_windows() {
        assert_eq!(
            Sid::service("SessionEnv").to_string(),
            "S-1-5-80-4022436659-1090538466-1613889075-870485073-3428993833"
        );
        assert_eq!(
            Sid::service("TrustedInstaller").to_string(),
            "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
        );
    }

    #[test]
    fn names_resolve_case_insensitively() {
        let p = Principals::default();
        assert_eq!(p.resolve("nt authority\\network service"), Some(Sid::network_service()));
        assert_eq!(p.resolve("SYSTEM"), Some(Sid::system()));
        assert_eq!(p.resolve("*S-1-5-32-544"), Some(Sid::administrators()));
        assert_eq!(p.resolve("builtin\\administrators"), Some(Sid::administrators()));
        assert_eq!(p.resolve("NT SERVICE\\sessionenv"), Some(Sid::service("SessionEnv")));
        assert_eq!(p.resolve("nobody"), None);
    }
}
