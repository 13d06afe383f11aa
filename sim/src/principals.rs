//! Security principals: SIDs, the well-known accounts, service SIDs, and access tokens.
//!
//! Names resolve case-insensitively, with or without their domain (`SYSTEM`,
//! `NT AUTHORITY\SYSTEM`), and in the `*S-1-5-18` form that icacls accepts.

use sha1::{Digest, Sha1};
use std::fmt;
use std::str::FromStr;

/// A security identifier, `S-1-<authority>-<sub>-<sub>...`.
///
/// Held inline (at most `SID_MAX_SUB_AUTHORITIES`, 15, sub-authorities, the unused ones
/// zero), so copying a descriptor copies its SIDs without allocating. The zero padding and
/// the count compared last order SIDs as their sub-authority lists would order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sid {
    authority: u64,
    subs: [u32; SID_MAX_SUB_AUTHORITIES],
    count: u8,
}

/// SID_MAX_SUB_AUTHORITIES (winnt.h).
pub const SID_MAX_SUB_AUTHORITIES: usize = 15;

/// One well-known account: its SID, its domain, its name and its SDDL alias.
struct WellKnown {
    sid: &'static str,
    domain: &'static str,
    name: &'static str,
    alias: Option<&'static str>,
}

/// Well-known SIDs (learn.microsoft.com "Well-known SIDs"; SDDL aliases from "SID Strings";
/// names as `LookupAccountSid` returns them on an English system). The order matters only
/// for names that two entries could share (none do).
#[rustfmt::skip]
const WELL_KNOWN: &[WellKnown] = &[
    wk("S-1-1-0", "", "Everyone", Some("WD")),
    wk("S-1-2-0", "", "LOCAL", None),
    wk("S-1-2-1", "", "CONSOLE LOGON", None),
    wk("S-1-3-0", "", "CREATOR OWNER", Some("CO")),
    wk("S-1-3-1", "", "CREATOR GROUP", Some("CG")),
    wk("S-1-3-4", "", "OWNER RIGHTS", Some("OW")),
    wk("S-1-5-1", "NT AUTHORITY", "DIALUP", None),
    wk("S-1-5-2", "NT AUTHORITY", "NETWORK", Some("NU")),
    wk("S-1-5-3", "NT AUTHORITY", "BATCH", None),
    wk("S-1-5-4", "NT AUTHORITY", "INTERACTIVE", Some("IU")),
    wk("S-1-5-6", "NT AUTHORITY", "SERVICE", Some("SU")),
    wk("S-1-5-7", "NT AUTHORITY", "ANONYMOUS LOGON", Some("AN")),
    wk("S-1-5-9", "NT AUTHORITY", "ENTERPRISE DOMAIN CONTROLLERS", Some("ED")),
    wk("S-1-5-10", "NT AUTHORITY", "SELF", Some("PS")),
    wk("S-1-5-11", "NT AUTHORITY", "Authenticated Users", Some("AU")),
    wk("S-1-5-12", "NT AUTHORITY", "RESTRICTED", Some("RC")),
    wk("S-1-5-13", "NT AUTHORITY", "TERMINAL SERVER USER", None),
    wk("S-1-5-14", "NT AUTHORITY", "REMOTE INTERACTIVE LOGON", None),
    wk("S-1-5-15", "NT AUTHORITY", "This Organization", None),
    wk("S-1-5-17", "NT AUTHORITY", "IUSR", None),
    wk("S-1-5-18", "NT AUTHORITY", "SYSTEM", Some("SY")),
    wk("S-1-5-19", "NT AUTHORITY", "LOCAL SERVICE", Some("LS")),
    wk("S-1-5-20", "NT AUTHORITY", "NETWORK SERVICE", Some("NS")),
    wk("S-1-5-32-544", "BUILTIN", "Administrators", Some("BA")),
    wk("S-1-5-32-545", "BUILTIN", "Users", Some("BU")),
    wk("S-1-5-32-546", "BUILTIN", "Guests", Some("BG")),
    wk("S-1-5-32-547", "BUILTIN", "Power Users", Some("PU")),
    wk("S-1-5-32-548", "BUILTIN", "Account Operators", Some("AO")),
    wk("S-1-5-32-549", "BUILTIN", "Server Operators", Some("SO")),
    wk("S-1-5-32-550", "BUILTIN", "Print Operators", Some("PO")),
    wk("S-1-5-32-551", "BUILTIN", "Backup Operators", Some("BO")),
    wk("S-1-5-32-552", "BUILTIN", "Replicator", Some("RE")),
    wk("S-1-5-32-554", "BUILTIN", "Pre-Windows 2000 Compatible Access", Some("RU")),
    wk("S-1-5-32-555", "BUILTIN", "Remote Desktop Users", Some("RD")),
    wk("S-1-5-32-556", "BUILTIN", "Network Configuration Operators", Some("NO")),
    wk("S-1-5-32-558", "BUILTIN", "Performance Monitor Users", Some("MU")),
    wk("S-1-5-32-559", "BUILTIN", "Performance Log Users", Some("LU")),
    wk("S-1-5-32-562", "BUILTIN", "Distributed COM Users", None),
    wk("S-1-5-32-568", "BUILTIN", "IIS_IUSRS", Some("IS")),
    wk("S-1-5-32-569", "BUILTIN", "Cryptographic Operators", Some("CY")),
    wk("S-1-5-32-573", "BUILTIN", "Event Log Readers", Some("ER")),
    wk("S-1-5-32-574", "BUILTIN", "Certificate Service DCOM Access", Some("CD")),
    wk("S-1-5-32-575", "BUILTIN", "RDS Remote Access Servers", Some("RA")),
    wk("S-1-5-32-576", "BUILTIN", "RDS Endpoint Servers", Some("ES")),
    wk("S-1-5-32-577", "BUILTIN", "RDS Management Servers", Some("MS")),
    wk("S-1-5-32-578", "BUILTIN", "Hyper-V Administrators", Some("HA")),
    wk("S-1-5-32-579", "BUILTIN", "Access Control Assistance Operators", Some("AA")),
    wk("S-1-5-32-580", "BUILTIN", "Remote Management Users", Some("RM")),
    wk("S-1-5-33", "NT AUTHORITY", "WRITE RESTRICTED", Some("WR")),
    wk("S-1-5-64-10", "NT AUTHORITY", "NTLM Authentication", None),
    wk("S-1-5-80-0", "NT SERVICE", "ALL SERVICES", None),
    wk("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464", "NT SERVICE", "TrustedInstaller", None),
    wk("S-1-5-84-0-0-0-0-0", "NT AUTHORITY", "USER MODE DRIVERS", Some("UD")),
    wk("S-1-5-113", "NT AUTHORITY", "Local account", None),
    wk("S-1-5-114", "NT AUTHORITY", "Local account and member of Administrators group", None),
    wk("S-1-15-2-1", "APPLICATION PACKAGE AUTHORITY", "ALL APPLICATION PACKAGES", Some("AC")),
    wk("S-1-15-2-2", "APPLICATION PACKAGE AUTHORITY", "ALL RESTRICTED APPLICATION PACKAGES", None),
    wk("S-1-16-4096", "Mandatory Label", "Low Mandatory Level", Some("LW")),
    wk("S-1-16-8192", "Mandatory Label", "Medium Mandatory Level", Some("ME")),
    wk("S-1-16-8448", "Mandatory Label", "Medium Plus Mandatory Level", Some("MP")),
    wk("S-1-16-12288", "Mandatory Label", "High Mandatory Level", Some("HI")),
    wk("S-1-16-16384", "Mandatory Label", "System Mandatory Level", Some("SI")),
    wk("S-1-18-1", "", "Authentication authority asserted identity", Some("AS")),
    wk("S-1-18-2", "", "Service asserted identity", Some("SS")),
];

const fn wk(
    sid: &'static str,
    domain: &'static str,
    name: &'static str,
    alias: Option<&'static str>,
) -> WellKnown {
    WellKnown {
        sid,
        domain,
        name,
        alias,
    }
}

impl Sid {
    /// A SID from its parts.
    ///
    /// # Panics
    /// With more than 15 sub-authorities: callers name SIDs they control; text goes through
    /// `parse`, which refuses them.
    pub fn new(authority: u64, subs: &[u32]) -> Sid {
        assert!(
            subs.len() <= SID_MAX_SUB_AUTHORITIES,
            "a SID has at most {SID_MAX_SUB_AUTHORITIES} sub-authorities"
        );
        let mut inline = [0; SID_MAX_SUB_AUTHORITIES];
        inline[..subs.len()].copy_from_slice(subs);
        Sid {
            authority,
            subs: inline,
            count: subs.len() as u8,
        }
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
        let upper = crate::text::encode_utf16le(&name.to_uppercase(), false);
        let digest = Sha1::digest(&upper);
        let mut subs = vec![80];
        for chunk in digest.chunks_exact(4) {
            subs.push(u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        }
        Sid::new(5, &subs)
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
        let subs = parts
            .map(|p| p.parse::<u32>().ok())
            .collect::<Option<Vec<u32>>>()?;
        if subs.len() > SID_MAX_SUB_AUTHORITIES || authority >= 1 << 48 {
            return None;
        }
        Some(Sid::new(authority, &subs))
    }

    /// The identifier authority.
    pub fn authority(&self) -> u64 {
        self.authority
    }

    /// The sub-authorities.
    pub fn sub_authorities(&self) -> &[u32] {
        &self.subs[..usize::from(self.count)]
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
    crate::text::parse_number(s)
}

impl fmt::Display for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // ConvertSidToStringSid writes an authority of 2^32 or more as 12 hex digits.
        if self.authority >= 1 << 32 {
            write!(f, "S-1-0x{:012X}", self.authority)?;
        } else {
            write!(f, "S-1-{}", self.authority)?;
        }
        for s in self.sub_authorities() {
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
    /// Installed services, their SIDs derived once (a SHA-1 each).
    services: Vec<Account>,
}

impl Principals {
    /// Adds a local account (`RDS01\azureuser`).
    pub fn add_local(&mut self, sid: Sid, full_name: impl Into<String>) {
        self.locals.push(Account {
            sid,
            full_name: full_name.into(),
        });
    }

    /// Declares a service name so that `NT SERVICE\<name>` resolves and renders.
    pub fn add_service(&mut self, name: impl Into<String>) {
        let name = name.into();
        self.services.push(Account {
            sid: Sid::service(&name),
            full_name: format!("NT SERVICE\\{name}"),
        });
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

    /// The name icacls, takeown and the security dialogs print for a SID: its account name
    /// (`NT AUTHORITY\SYSTEM`, `BUILTIN\Administrators`, `Everyone`, `CREATOR OWNER`,
    /// `NT SERVICE\SessionEnv`), or the SID string (`S-1-5-21-...-1001`) when unmapped.
    pub fn display_name(&self, sid: &Sid) -> String {
        self.name_of(sid).unwrap_or_else(|| sid.to_string())
    }

    /// The display name of a SID (`NT AUTHORITY\NETWORK SERVICE`), or `None` when unmapped
    /// (icacls then prints the SID string).
    pub fn name_of(&self, sid: &Sid) -> Option<String> {
        if let Some(n) = sid.well_known_name() {
            return Some(n);
        }
        self.locals
            .iter()
            .chain(&self.services)
            .find(|a| &a.sid == sid)
            .map(|a| a.full_name.clone())
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
    /// The token as an object opened without backup semantics sees it: SeBackupPrivilege and
    /// SeRestorePrivilege only apply to files opened with FILE_FLAG_BACKUP_SEMANTICS and keys
    /// opened with REG_OPTION_BACKUP_RESTORE, which the commands and services modelled here
    /// never use, so a DACL that leaves SYSTEM out stops SYSTEM too.
    pub fn without_backup_semantics(&self) -> std::borrow::Cow<'_, Token> {
        if self.privileges.backup || self.privileges.restore {
            let mut plain = self.clone();
            plain.privileges.backup = false;
            plain.privileges.restore = false;
            std::borrow::Cow::Owned(plain)
        } else {
            std::borrow::Cow::Borrowed(self)
        }
    }

    /// LocalSystem: SYSTEM, member of Administrators, all privileges.
    pub fn system() -> Token {
        Token {
            user: Sid::system(),
            groups: vec![
                Sid::administrators(),
                Sid::everyone(),
                Sid::authenticated_users(),
            ],
            privileges: Privileges {
                take_ownership: true,
                backup: true,
                restore: true,
            },
        }
    }

    /// NETWORK SERVICE (TermService's account): no administrative groups or privileges.
    pub fn network_service() -> Token {
        Token {
            user: Sid::network_service(),
            groups: vec![
                Sid::everyone(),
                Sid::authenticated_users(),
                Sid::users(),
                Sid::new(5, &[6]),
            ],
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
            privileges: Privileges {
                take_ownership: true,
                backup: false,
                restore: false,
            },
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
        assert_eq!(
            p.resolve("nt authority\\network service"),
            Some(Sid::network_service())
        );
        assert_eq!(p.resolve("SYSTEM"), Some(Sid::system()));
        assert_eq!(p.resolve("*S-1-5-32-544"), Some(Sid::administrators()));
        assert_eq!(
            p.resolve("builtin\\administrators"),
            Some(Sid::administrators())
        );
        assert_eq!(
            p.resolve("NT SERVICE\\sessionenv"),
            Some(Sid::service("SessionEnv"))
        );
        assert_eq!(p.resolve("nobody"), None);
        assert_eq!(p.resolve("OWNER RIGHTS"), Sid::parse("S-1-3-4"));
    }

    #[test]
    fn names_display_as_icacls_prints_them() {
        let mut p = Principals::default();
        p.add_service("SessionEnv");
        assert_eq!(p.display_name(&Sid::system()), "NT AUTHORITY\\SYSTEM");
        assert_eq!(
            p.display_name(&Sid::administrators()),
            "BUILTIN\\Administrators"
        );
        assert_eq!(p.display_name(&Sid::everyone()), "Everyone");
        assert_eq!(p.display_name(&Sid::creator_owner()), "CREATOR OWNER");
        assert_eq!(
            p.display_name(&Sid::service("SessionEnv")),
            "NT SERVICE\\SessionEnv"
        );
        assert_eq!(
            p.display_name(&Sid::service("TrustedInstaller")),
            "NT SERVICE\\TrustedInstaller"
        );
        let unknown = Sid::parse("S-1-5-21-1-2-3-1001").unwrap();
        assert_eq!(p.display_name(&unknown), "S-1-5-21-1-2-3-1001");
        assert_eq!(Sid::parse("AN").unwrap().to_string(), "S-1-5-7");
        let big = Sid::new(0x1_0000_0000, &[1]);
        assert_eq!(big.to_string(), "S-1-0x000100000000-1");
        assert_eq!(Sid::parse(&big.to_string()), Some(big));
        assert_eq!(Sid::parse("S-1-5-7").unwrap().sddl_alias(), Some("AN"));
    }
}
