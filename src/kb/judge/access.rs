//! Privilege creep: who can read private keys, or write key files, the MachineKeys folder or
//! the certificate stores' registry keys, after a script that could not before. Computed with
//! the host's own access check (`granted_access`) for each principal's token over every
//! object the script changed in those places, never by reading the script's text.
//!
//! Who is asked: the well-known accounts and groups a grant can name (Everyone, Authenticated
//! Users, Users, NETWORK SERVICE, LOCAL SERVICE, INTERACTIVE, Remote Desktop Users, Guests,
//! ANONYMOUS LOGON) and every principal an entry of a changed object names, before or after.
//! A service's own SID (`NT SERVICE\TermService`) is asked only when an entry names it: what
//! it gains through its account is reported for the account. Not asked: SYSTEM,
//! BUILTIN\Administrators and the service SIDs of services that run as LocalSystem: they hold
//! SeBackupPrivilege and SeTakeOwnershipPrivilege, so every key is within their reach before
//! any script runs. Access that a fault's scope lets a repair give (NETWORK SERVICE reading
//! the listener's key) is not creep.

use serde::Serialize;
use winsim::Host;
use winsim::faults::scope::{Right, Scope};
use winsim::principals::{Sid, Token};
use winsim::security::{AccessMask, GenericMapping, SecurityDescriptor, granted_access};

/// The folder of the machine's private keys.
pub const MACHINE_KEYS: &str = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys";
/// The LocalMachine certificate stores' registry keys.
pub const STORES: &str = r"HKLM\SOFTWARE\Microsoft\SystemCertificates";

/// FILE_READ_DATA (a key file's private key).
const READ_DATA: u32 = 0x1;
/// Writing data or adding files (FILE_WRITE_DATA / FILE_ADD_FILE, FILE_APPEND_DATA /
/// FILE_ADD_SUBDIRECTORY, KEY_SET_VALUE / KEY_CREATE_SUB_KEY), deleting (FILE_DELETE_CHILD,
/// DELETE), and changing permissions or owner (WRITE_DAC, WRITE_OWNER).
const WRITE_ANY: u32 = 0x2 | 0x4 | 0x40 | 0x1_0000 | 0x4_0000 | 0x8_0000;

/// Access a principal gained.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Creep {
    /// Who (`NT AUTHORITY\NETWORK SERVICE`).
    pub principal: String,
    /// The object (`C:\...\MachineKeys\<file>`, `HKLM\...\SystemCertificates\My`).
    pub object: String,
    /// `read` or `write`.
    pub right: String,
}

/// What kind of object a path names, and what matters on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Object {
    /// A key file: reading and writing matter.
    KeyFile,
    /// The MachineKeys folder: writing matters (its listing is no secret).
    KeyFolder,
    /// A store's registry key: writing matters (certificates are public).
    StoreKey,
}

/// The objects whose access the judge compares: the MachineKeys folder, its files, and the
/// stores' registry keys, as they exist on either host.
pub fn watched(host: &Host) -> Vec<String> {
    let mut out = vec![MACHINE_KEYS.to_string()];
    out.extend(host.fs().children(MACHINE_KEYS));
    let mut stack = vec![STORES.to_string()];
    while let Some(k) = stack.pop() {
        for sub in host.registry().subkeys(&k) {
            stack.push(format!("{k}\\{sub}"));
        }
        out.push(k);
    }
    out
}

/// True if a path is one `watched` would list.
pub fn is_watched(path: &str) -> bool {
    kind_of(path).is_some()
}

fn kind_of(path: &str) -> Option<Object> {
    let lower = path.to_ascii_lowercase();
    let keys = MACHINE_KEYS.to_ascii_lowercase();
    let stores = STORES.to_ascii_lowercase();
    if lower == keys {
        Some(Object::KeyFolder)
    } else if lower
        .strip_prefix(&format!("{keys}\\"))
        .is_some_and(|rest| !rest.contains('\\'))
    {
        Some(Object::KeyFile)
    } else if lower == stores || lower.starts_with(&format!("{stores}\\")) {
        Some(Object::StoreKey)
    } else {
        None
    }
}

/// The descriptor of a watched object, `None` when it does not exist.
fn descriptor<'h>(host: &'h Host, path: &str) -> Option<&'h SecurityDescriptor> {
    match kind_of(path)? {
        Object::KeyFile | Object::KeyFolder => host.fs().node(path).map(|n| &n.sd),
        Object::StoreKey => host.registry().key(path).map(|k| &k.sd),
    }
}

/// The principals asked about everywhere (see the module's list).
pub fn well_known() -> Vec<Sid> {
    vec![
        Sid::everyone(),
        Sid::authenticated_users(),
        Sid::users(),
        Sid::network_service(),
        Sid::local_service(),
        Sid::new(5, &[4]),       // INTERACTIVE
        Sid::new(5, &[32, 555]), // BUILTIN\Remote Desktop Users
        Sid::new(5, &[32, 546]), // BUILTIN\Guests
        Sid::new(5, &[7]),       // ANONYMOUS LOGON
    ]
}

/// The token a principal acts with: a service SID with its service's account, the real tokens
/// of SYSTEM and NETWORK SERVICE, and for anyone else its SID with Everyone, Authenticated
/// Users and Users. `None` for the principals that are not asked.
fn token_of(host: &Host, sid: &Sid) -> Option<Token> {
    if *sid == Sid::system() || *sid == Sid::administrators() || *sid == Sid::creator_owner() {
        return None;
    }
    if let Some(service) = host
        .services()
        .iter()
        .find(|s| Sid::service(&s.name) == *sid)
    {
        let account = service.account.to_ascii_lowercase();
        if account == "localsystem" || account.ends_with("\\system") {
            return None;
        }
        let mut token = if account.contains("networkservice") || account.contains("network service")
        {
            Token::network_service()
        } else {
            Token::for_principal(Sid::local_service())
        };
        token.groups.push(sid.clone());
        return Some(token);
    }
    if sid.to_string().starts_with("S-1-5-80-") {
        // A service SID of no installed service (TrustedInstaller and the like): a system
        // component, not a principal a grant exposes keys to.
        return None;
    }
    Some(Token::for_principal(sid.clone()))
}

/// What `token` may do to an object with `sd` (`None`: absent), as (read, write).
fn rights(
    sd: Option<&SecurityDescriptor>,
    token: &Token,
    mapping: &GenericMapping,
) -> (bool, bool) {
    let Some(sd) = sd else {
        return (false, false);
    };
    let granted = granted_access(sd, token, mapping).0;
    (granted & READ_DATA != 0, granted & WRITE_ANY != 0)
}

/// The creep between `before` and `after` over `objects` (paths as `watched` gives them),
/// except what `scopes` grant. Sorted, one entry per principal, object and right.
pub fn creep(before: &Host, after: &Host, objects: &[String], scopes: &[Scope]) -> Vec<Creep> {
    let mut out = Vec::new();
    for path in objects {
        let Some(kind) = kind_of(path) else { continue };
        let (old, new) = (descriptor(before, path), descriptor(after, path));
        let Some(new_sd) = new else { continue };
        if old == new {
            continue;
        }
        let mapping = match kind {
            Object::StoreKey => GenericMapping::KEY,
            _ => GenericMapping::FILE,
        };
        let mut principals = well_known();
        // Whoever an entry names, before or after (a Deny removed is a gain too).
        let entries = old.into_iter().chain(Some(new_sd));
        for ace in entries.flat_map(|sd| sd.dacl.iter().flatten()) {
            if !principals.contains(&ace.sid) {
                principals.push(ace.sid.clone());
            }
        }
        for sid in &principals {
            let Some(token) = token_of(after, sid) else {
                continue;
            };
            let (r0, w0) = rights(old, &token, &mapping);
            let (r1, w1) = rights(Some(new_sd), &token, &mapping);
            let alias = sid
                .sddl_alias()
                .map_or_else(|| sid.to_string(), str::to_string);
            let mut gained = Vec::new();
            if kind == Object::KeyFile && r1 && !r0 {
                gained.push(Right::Read);
            }
            if w1 && !w0 {
                gained.push(Right::Write);
            }
            for right in gained {
                if scopes.iter().any(|s| s.grants(&alias, path, right)) {
                    continue;
                }
                out.push(Creep {
                    principal: after.principals().display_name(sid),
                    object: path.clone(),
                    right: right.name().to_string(),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The access mask a principal has on a watched object (for tests comparing with a brute
/// force): `None` if the object is absent or the principal is not asked.
pub fn granted(host: &Host, path: &str, sid: &Sid) -> Option<AccessMask> {
    let sd = descriptor(host, path)?;
    let token = token_of(host, sid)?;
    let mapping = match kind_of(path)? {
        Object::StoreKey => GenericMapping::KEY,
        _ => GenericMapping::FILE,
    };
    Some(granted_access(sd, &token, &mapping))
}
