//! `Get-Acl`'s objects (`FileSecurity`, `RegistrySecurity`) and the access rules
//! (`FileSystemAccessRule`, `RegistryAccessRule`): the .NET in-memory edits of a descriptor
//! (`AddAccessRule`, `RemoveAccessRule`, `SetSecurityDescriptorSddlForm`, ...). Reading and
//! writing the object's descriptor is the operations layer's (`ops::security`).

use super::value::{Native, Obj, Value};
use crate::host::Host;
use crate::principals::Sid;
use crate::security as sddl;
use crate::security::{AccessMask, Ace, AceFlags, AceKind, SecurityDescriptor, canonicalize};

/// What a descriptor belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A file or folder.
    File,
    /// A registry key.
    Key,
}

/// A descriptor read by `Get-Acl`, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct AclObject {
    /// File or key.
    pub target: Target,
    /// The native path (`C:\x`, `HKEY_LOCAL_MACHINE\...`).
    pub path: String,
    /// `Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\...`.
    pub ps_path: String,
    /// The descriptor, as edited so far.
    pub sd: SecurityDescriptor,
    /// A folder or key (inheritance flags apply).
    pub container: bool,
}

/// An access rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Who.
    pub sid: Sid,
    /// The rights mask.
    pub rights: u32,
    /// Allow or deny.
    pub allow: bool,
    /// Inherited from the parent.
    pub inherited: bool,
    /// (OI)(CI)(NP)(IO) flags.
    pub flags: AceFlags,
    /// A registry rule rather than a file-system one.
    pub registry: bool,
}

const FILE_RIGHTS: &[(&str, u32)] = &[
    ("FullControl", 0x1F01FF),
    ("Synchronize", 0x100000),
    ("TakeOwnership", 0x80000),
    ("ChangePermissions", 0x40000),
    ("Modify", 0x301BF),
    ("ReadAndExecute", 0x200A9),
    ("Read", 0x20089),
    ("ReadPermissions", 0x20000),
    ("Delete", 0x10000),
    ("Write", 0x116),
    ("WriteAttributes", 0x100),
    ("ReadAttributes", 0x80),
    ("DeleteSubdirectoriesAndFiles", 0x40),
    ("ExecuteFile", 0x20),
    ("WriteExtendedAttributes", 0x10),
    ("ReadExtendedAttributes", 0x8),
    ("AppendData", 0x4),
    ("WriteData", 0x2),
    ("ReadData", 0x1),
];

const FILE_ALIASES: &[(&str, u32)] = &[
    ("ListDirectory", 0x1),
    ("CreateFiles", 0x2),
    ("CreateDirectories", 0x4),
    ("Traverse", 0x20),
];

const KEY_RIGHTS: &[(&str, u32)] = &[
    ("FullControl", 0xF003F),
    ("TakeOwnership", 0x80000),
    ("ChangePermissions", 0x40000),
    ("ReadKey", 0x20019),
    ("WriteKey", 0x20006),
    ("ReadPermissions", 0x20000),
    ("Delete", 0x10000),
    ("CreateLink", 0x20),
    ("Notify", 0x10),
    ("EnumerateSubKeys", 0x8),
    ("CreateSubKey", 0x4),
    ("SetValue", 0x2),
    ("QueryValues", 0x1),
];

const KEY_ALIASES: &[(&str, u32)] = &[("ExecuteKey", 0x20019)];

/// A [Flags] enum value as .NET's `ToString()` writes it: an exact name, else the names
/// that make it up (highest first taken, shown lowest first), else the signed number.
pub fn rights_text(mask: u32, registry: bool) -> String {
    let table = if registry { KEY_RIGHTS } else { FILE_RIGHTS };
    if let Some((n, _)) = table.iter().find(|(_, v)| *v == mask) {
        return n.to_string();
    }
    let mut rest = mask;
    let mut names = Vec::new();
    for (n, v) in table {
        if *v != 0 && rest & v == *v {
            names.push(*n);
            rest &= !v;
        }
    }
    if rest != 0 || names.is_empty() {
        return (mask as i32).to_string();
    }
    names.reverse();
    names.join(", ")
}

/// Parses rights (`"FullControl"`, `"Read, Synchronize"`, a number).
pub fn parse_rights(v: &Value, registry: bool) -> Option<u32> {
    if let Some(n) = match v {
        Value::Int(_) | Value::Double(_) => v.to_i64(),
        _ => None,
    } {
        return Some(n as u32);
    }
    let (table, aliases) = if registry {
        (KEY_RIGHTS, KEY_ALIASES)
    } else {
        (FILE_RIGHTS, FILE_ALIASES)
    };
    let mut mask = 0;
    for part in v.enumerate().iter().flat_map(|x| {
        x.to_str()
            .split(',')
            .map(|s| s.trim().to_string())
            .collect::<Vec<_>>()
    }) {
        if part.is_empty() {
            continue;
        }
        if let Ok(n) = part.parse::<i64>() {
            mask |= n as u32;
            continue;
        }
        let hit = table
            .iter()
            .chain(aliases)
            .find(|(n, _)| n.eq_ignore_ascii_case(&part))?;
        mask |= hit.1;
    }
    Some(mask)
}

fn flags_text(flags: AceFlags) -> (String, String) {
    let mut inh = Vec::new();
    if flags.contains(AceFlags::CONTAINER_INHERIT) {
        inh.push("ContainerInherit");
    }
    if flags.contains(AceFlags::OBJECT_INHERIT) {
        inh.push("ObjectInherit");
    }
    let mut prop = Vec::new();
    if flags.contains(AceFlags::NO_PROPAGATE) {
        prop.push("NoPropagateInherit");
    }
    if flags.contains(AceFlags::INHERIT_ONLY) {
        prop.push("InheritOnly");
    }
    let j = |v: Vec<&str>| {
        if v.is_empty() {
            "None".to_string()
        } else {
            v.join(", ")
        }
    };
    (j(inh), j(prop))
}

/// The account name of a SID as .NET's `NTAccount` translation shows it.
pub fn account(host: &Host, sid: &Sid) -> String {
    host.principals().display_name(sid)
}

impl Rule {
    /// From an ACE.
    pub fn from_ace(ace: &Ace, registry: bool) -> Rule {
        Rule {
            sid: ace.sid.clone(),
            rights: ace.mask.0,
            allow: ace.kind == AceKind::Allow,
            inherited: ace.is_inherited(),
            flags: ace.flags.without(AceFlags::INHERITED),
            registry,
        }
    }

    /// The rule as a PowerShell object.
    pub fn to_value(&self, host: &Host) -> Value {
        let (inh, prop) = flags_text(self.flags);
        let (type_name, rights_name) = if self.registry {
            (
                "System.Security.AccessControl.RegistryAccessRule",
                "RegistryRights",
            )
        } else {
            (
                "System.Security.AccessControl.FileSystemAccessRule",
                "FileSystemRights",
            )
        };
        let mut o = Obj::new(type_name)
            .with(
                rights_name,
                Value::str(rights_text(self.rights, self.registry)),
            )
            .with(
                "AccessControlType",
                Value::str(if self.allow { "Allow" } else { "Deny" }),
            )
            .with("IdentityReference", Value::str(account(host, &self.sid)))
            .with("IsInherited", Value::Bool(self.inherited))
            .with("InheritanceFlags", Value::str(inh))
            .with("PropagationFlags", Value::str(prop));
        o.native = Native::Rule(self.clone());
        o.into_value()
    }
}

/// An inheritance or propagation flags argument (`'ContainerInherit, ObjectInherit'` or an
/// array of names) as one lower-case text.
fn flag_words(v: &Value) -> String {
    v.enumerate()
        .iter()
        .map(|v| v.to_str())
        .collect::<Vec<_>>()
        .join(",")
        .to_ascii_lowercase()
}

/// `New-Object ...AccessRule(identity, rights, [inheritance, propagation,] type)`.
pub fn new_rule(host: &Host, registry: bool, args: &[Value]) -> Result<Rule, String> {
    let (identity, rights, inh, prop, kind) = match args {
        [i, r, t] => (i, r, None, None, t),
        [i, r, inh, prop, t] => (i, r, Some(inh), Some(prop), t),
        _ => {
            return Err(format!(
                "Cannot find an overload for \"{}AccessRule\" and the argument count: \"{}\".",
                if registry { "Registry" } else { "FileSystem" },
                args.len()
            ));
        }
    };
    let name = identity.to_str();
    let sid = host
        .principals()
        .resolve(&name)
        .ok_or_else(|| "Some or all identity references could not be translated.".to_string())?;
    let mask = parse_rights(rights, registry).ok_or_else(|| {
        format!(
            "Cannot convert value \"{}\" to type \"System.Security.AccessControl.{}\".",
            rights.to_str(),
            if registry {
                "RegistryRights"
            } else {
                "FileSystemRights"
            }
        )
    })?;
    let mut flags = AceFlags::default();
    if let Some(i) = inh {
        let t = flag_words(i);
        if t.contains("containerinherit") {
            flags = flags.with(AceFlags::CONTAINER_INHERIT);
        }
        if t.contains("objectinherit") {
            flags = flags.with(AceFlags::OBJECT_INHERIT);
        }
    }
    if let Some(p) = prop {
        let t = flag_words(p);
        if t.contains("nopropagateinherit") {
            flags = flags.with(AceFlags::NO_PROPAGATE);
        }
        if t.contains("inheritonly") {
            flags = flags.with(AceFlags::INHERIT_ONLY);
        }
    }
    let allow = match kind.to_str().to_ascii_lowercase().as_str() {
        "allow" | "0" => true,
        "deny" | "1" => false,
        other => {
            return Err(format!(
                "Cannot convert value \"{other}\" to type \"System.Security.AccessControl.AccessControlType\"."
            ));
        }
    };
    // .NET's FileSystemAccessRule adds Synchronize to an allow rule and takes it out of a
    // deny rule other than FullControl (FileSystemAccessRule.AccessMaskFromRights).
    let mask = match (registry, allow) {
        (false, true) => mask | 0x100000,
        (false, false) if mask != 0x1F01FF => mask & !0x100000,
        _ => mask,
    };
    Ok(Rule {
        sid,
        rights: mask,
        allow,
        inherited: false,
        flags,
        registry,
    })
}

impl AclObject {
    fn registry(&self) -> bool {
        self.target == Target::Key
    }

    /// The rules (`.Access`), explicit and inherited, in ACL order.
    pub fn rules(&self) -> Vec<Rule> {
        self.sd
            .dacl
            .as_ref()
            .map(|d| {
                d.iter()
                    .map(|a| Rule::from_ace(a, self.registry()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `AccessToString`: one `<Identity> <Allow|Deny>  <Rights>` per line.
    pub fn access_text(&self, host: &Host) -> String {
        self.rules()
            .iter()
            .map(|r| {
                format!(
                    "{} {}  {}",
                    account(host, &r.sid),
                    if r.allow { "Allow" } else { "Deny" },
                    rights_text(r.rights, r.registry)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A property of the object.
    pub fn member(&self, host: &Host, name: &str) -> Option<Value> {
        let n = name.to_ascii_lowercase();
        Some(match n.as_str() {
            "access" => Value::array(self.rules().iter().map(|r| r.to_value(host)).collect()),
            "owner" => self
                .sd
                .owner
                .as_ref()
                .map(|s| Value::str(account(host, s)))
                .unwrap_or(Value::Null),
            "group" => self
                .sd
                .group
                .as_ref()
                .map(|s| Value::str(account(host, s)))
                .unwrap_or(Value::Null),
            "sddl" => Value::str(sddl::format_sddl(&self.sd)),
            "path" | "pspath" => Value::str(&self.ps_path),
            "accesstostring" => Value::str(self.access_text(host)),
            "audittostring" => Value::str(""),
            "areaccessrulesprotected" => Value::Bool(self.sd.protected),
            "areaccessrulescanonical" => Value::Bool(crate::security::is_canonical(
                self.sd.dacl.as_ref().unwrap_or(&Vec::new()),
            )),
            "accessrighttype" => Value::str(if self.registry() {
                "System.Security.AccessControl.RegistryRights"
            } else {
                "System.Security.AccessControl.FileSystemRights"
            }),
            "accessruletype" => Value::str(if self.registry() {
                "System.Security.AccessControl.RegistryAccessRule"
            } else {
                "System.Security.AccessControl.FileSystemAccessRule"
            }),
            _ => return None,
        })
    }

    /// Calls a method; `None` if there is no such method.
    pub fn call(
        &mut self,
        host: &Host,
        name: &str,
        args: &[Value],
    ) -> Option<Result<Value, String>> {
        let rule = || -> Result<Rule, String> {
            match args.first() {
                Some(Value::Object(o)) => match &o.borrow().native {
                    Native::Rule(r) => Ok(r.clone()),
                    _ => Err("Cannot convert argument \"rule\" to an access rule.".into()),
                },
                _ => Err(
                    "Cannot convert argument \"rule\", with value: \"\", to an access rule.".into(),
                ),
            }
        };
        let n = name.to_ascii_lowercase();
        Some(match n.as_str() {
            "removeaccessrule" => rule().map(|r| Value::Bool(self.remove(&r, false))),
            "removeaccessrulespecific" => rule().map(|r| {
                self.remove(&r, true);
                Value::Null
            }),
            "removeaccessruleall" => rule().map(|r| {
                if let Some(d) = self.sd.dacl.as_mut() {
                    d.retain(|a| {
                        a.is_inherited() || a.sid != r.sid || (a.kind == AceKind::Allow) != r.allow
                    });
                }
                Value::Null
            }),
            "purgeaccessrules" => {
                let who = match args.first() {
                    Some(v) => host.principals().resolve(&v.to_str()),
                    None => None,
                };
                if let (Some(sid), Some(d)) = (who, self.sd.dacl.as_mut()) {
                    d.retain(|a| a.is_inherited() || a.sid != sid);
                }
                Ok(Value::Null)
            }
            "addaccessrule" => rule().map(|r| {
                self.add(&r);
                Value::Null
            }),
            "setaccessrule" | "resetaccessrule" => rule().map(|r| {
                if let Some(d) = self.sd.dacl.as_mut() {
                    d.retain(|a| {
                        a.is_inherited() || a.sid != r.sid || (a.kind == AceKind::Allow) != r.allow
                    });
                }
                self.add(&r);
                Value::Null
            }),
            "setaccessruleprotection" => {
                let protect = args.first().is_some_and(|v| v.truthy());
                let keep = args.get(1).is_some_and(|v| v.truthy());
                self.sd.protected = protect;
                if protect {
                    if let Some(d) = self.sd.dacl.as_mut() {
                        if keep {
                            for a in d.iter_mut() {
                                a.flags = a.flags.without(AceFlags::INHERITED);
                            }
                        } else {
                            d.retain(|a| !a.is_inherited());
                        }
                    }
                }
                Ok(Value::Null)
            }
            "setsecuritydescriptorsddlform" => {
                let text = args.first().map(|v| v.to_str()).unwrap_or_default();
                match sddl::parse_sddl(&text) {
                    Ok(new) => {
                        if new.owner.is_some() {
                            self.sd.owner = new.owner;
                        }
                        if new.group.is_some() {
                            self.sd.group = new.group;
                        }
                        if new.dacl.is_some() {
                            self.sd.dacl = new.dacl;
                            self.sd.protected = new.protected;
                            self.sd.auto_inherited = new.auto_inherited;
                        }
                        Ok(Value::Null)
                    }
                    Err(_) => {
                        Err("The SDDL form of a security descriptor object is invalid.".into())
                    }
                }
            }
            "getsecuritydescriptorsddlform" => Ok(Value::str(sddl::format_sddl(&self.sd))),
            "setowner" | "setgroup" => {
                let v = args.first().map(|v| v.to_str()).unwrap_or_default();
                match host.principals().resolve(&v) {
                    Some(sid) => {
                        if n == "setowner" {
                            self.sd.owner = Some(sid);
                        } else {
                            self.sd.group = Some(sid);
                        }
                        Ok(Value::Null)
                    }
                    None => Err("Some or all identity references could not be translated.".into()),
                }
            }
            "getowner" => Ok(self
                .sd
                .owner
                .as_ref()
                .map(|s| Value::str(account(host, s)))
                .unwrap_or(Value::Null)),
            "getaccessrules" => Ok(Value::array(
                self.rules()
                    .iter()
                    .filter(|r| {
                        let explicit = args.first().is_none_or(|v| v.truthy());
                        let inherited = args.get(1).is_none_or(|v| v.truthy());
                        (explicit && !r.inherited) || (inherited && r.inherited)
                    })
                    .map(|r| r.to_value(host))
                    .collect(),
            )),
            _ => return None,
        })
    }

    /// `RemoveAccessRule`: takes the rule's rights out of the explicit ACEs of the same
    /// account and type (and flags); ACEs left with no rights go. `specific` removes only an
    /// exact match.
    fn remove(&mut self, r: &Rule, specific: bool) -> bool {
        if r.inherited {
            return false;
        }
        let Some(d) = self.sd.dacl.as_mut() else {
            return false;
        };
        let mut hit = false;
        for a in d.iter_mut() {
            if a.is_inherited() || a.sid != r.sid || (a.kind == AceKind::Allow) != r.allow {
                continue;
            }
            if a.flags.without(AceFlags::INHERITED) != r.flags {
                continue;
            }
            if specific && a.mask.0 != r.rights {
                continue;
            }
            if a.mask.0 & r.rights != 0 || a.mask.0 == r.rights {
                a.mask = a.mask.minus(AccessMask(r.rights));
                hit = true;
            }
        }
        d.retain(|a| a.mask.0 != 0);
        hit
    }

    fn add(&mut self, r: &Rule) {
        let flags = if self.container {
            r.flags
        } else {
            AceFlags::default()
        };
        let edit = if r.allow {
            crate::ops::acl::Edit::Grant(r.sid.clone(), flags, AccessMask(r.rights))
        } else {
            crate::ops::acl::Edit::Deny(r.sid.clone(), flags, AccessMask(r.rights))
        };
        let place = crate::ops::acl::Place {
            parent: None,
            is_container: self.container,
        };
        crate::ops::acl::apply(&mut self.sd, &edit, place);
        if let Some(d) = self.sd.dacl.as_mut() {
            canonicalize(d);
        }
    }
}
