//! `whoami`, `whoami /user`, `/groups`, `/priv` and `/all`.
//!
//! Layout (powershell-and-tools-formats §3 "whoami", captures from Server 2016): each section
//! opens with a blank line, its title, dashes as long as the title and a blank line; tables
//! separate columns with one space, each column as wide as its label or longest value, `=`
//! runs under the labels, every cell padded (the last one too [unconfirmed in every host]).
//! The privileges listed are those of an elevated administrator's cmd on Server 2019 (SYSTEM,
//! NETWORK SERVICE and other accounts get theirs); `Enabled` is the state a fresh cmd shows.

use crate::host::Host;
use crate::principals::{Sid, Token};
use crate::process::{Output, Process};

/// Runs `whoami` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut out = Output::default();
    let token = &process.token;
    let mut sections = Vec::new();
    for a in args {
        match a.to_ascii_lowercase().as_str() {
            "/user" => sections.push("user"),
            "/groups" => sections.push("groups"),
            "/priv" => sections.push("priv"),
            "/all" => sections.extend(["user", "groups", "priv", "claims"]),
            _ => {
                out.errln(format!("ERROR: Invalid argument/option - '{a}'."));
                out.errln("Type \"WHOAMI /?\" for usage.");
                out.code = 1;
                return out;
            }
        }
    }
    let name = account_name(host, &token.user);
    if sections.is_empty() {
        out.outln(name);
        return out;
    }
    for s in sections {
        match s {
            "user" => {
                section(&mut out, "USER INFORMATION");
                table(
                    &mut out,
                    &["User Name", "SID"],
                    &[vec![name.clone(), token.user.to_string()]],
                );
            }
            "groups" => {
                section(&mut out, "GROUP INFORMATION");
                table(
                    &mut out,
                    &["Group Name", "Type", "SID", "Attributes"],
                    &groups(host, token),
                );
            }
            "priv" => {
                section(&mut out, "PRIVILEGES INFORMATION");
                let rows: Vec<Vec<String>> = privileges(token)
                    .iter()
                    .map(|(n, on)| {
                        vec![
                            n.to_string(),
                            description(n).to_string(),
                            if *on { "Enabled" } else { "Disabled" }.to_string(),
                        ]
                    })
                    .collect();
                table(&mut out, &["Privilege Name", "Description", "State"], &rows);
            }
            _ => {
                section(&mut out, "USER CLAIMS INFORMATION");
                out.outln("User claims unknown.");
                out.outln("");
                out.outln(
                    "Kerberos support for Dynamic Access Control on this device has been disabled.",
                );
            }
        }
    }
    out
}

/// The account in lower case (`rds01\azureuser`, `nt authority\network service`).
fn account_name(host: &Host, sid: &Sid) -> String {
    host.principals()
        .name_of(sid)
        .unwrap_or_else(|| sid.to_string())
        .to_lowercase()
}

fn section(out: &mut Output, title: &str) {
    out.outln("");
    out.outln(title);
    out.outln("-".repeat(title.len()));
    out.outln("");
}

fn table(out: &mut Output, labels: &[&str], rows: &[Vec<String>]) {
    let widths: Vec<usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([l.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    out.outln(line(labels.iter().map(|l| l.to_string()).collect()));
    out.outln(line(widths.iter().map(|w| "=".repeat(*w)).collect()));
    for r in rows {
        out.outln(line(r.clone()));
    }
}

const ENABLED: &str = "Mandatory group, Enabled by default, Enabled group";

/// The token's groups as `whoami /groups` lists them (name, type, SID, attributes).
fn groups(host: &Host, token: &Token) -> Vec<Vec<String>> {
    let row = |name: &str, kind: &str, sid: &str, attrs: &str| {
        vec![
            name.to_string(),
            kind.to_string(),
            sid.to_string(),
            attrs.to_string(),
        ]
    };
    let wk = "Well-known group";
    if token.user == Sid::system() {
        return vec![
            row(
                "BUILTIN\\Administrators",
                "Alias",
                "S-1-5-32-544",
                "Enabled by default, Enabled group, Group owner",
            ),
            row("Everyone", wk, "S-1-1-0", ENABLED),
            row("NT AUTHORITY\\Authenticated Users", wk, "S-1-5-11", ENABLED),
            row(
                "Mandatory Label\\System Mandatory Level",
                "Label",
                "S-1-16-16384",
                "",
            ),
        ];
    }
    if token.is_admin() {
        return vec![
            row("Everyone", wk, "S-1-1-0", ENABLED),
            row(
                "NT AUTHORITY\\Local account and member of Administrators group",
                wk,
                "S-1-5-114",
                ENABLED,
            ),
            row(
                "BUILTIN\\Administrators",
                "Alias",
                "S-1-5-32-544",
                &format!("{ENABLED}, Group owner"),
            ),
            row("BUILTIN\\Users", "Alias", "S-1-5-32-545", ENABLED),
            row(
                "NT AUTHORITY\\REMOTE INTERACTIVE LOGON",
                wk,
                "S-1-5-14",
                ENABLED,
            ),
            row("NT AUTHORITY\\INTERACTIVE", wk, "S-1-5-4", ENABLED),
            row("NT AUTHORITY\\Authenticated Users", wk, "S-1-5-11", ENABLED),
            row("NT AUTHORITY\\This Organization", wk, "S-1-5-15", ENABLED),
            row("NT AUTHORITY\\Local account", wk, "S-1-5-113", ENABLED),
            row("LOCAL", wk, "S-1-2-0", ENABLED),
            row(
                "NT AUTHORITY\\NTLM Authentication",
                wk,
                "S-1-5-64-10",
                ENABLED,
            ),
            row(
                "Mandatory Label\\High Mandatory Level",
                "Label",
                "S-1-16-12288",
                "",
            ),
        ];
    }
    let service = token.user == Sid::network_service() || token.user == Sid::local_service();
    let mut rows: Vec<Vec<String>> = Vec::new();
    if service {
        rows.push(row(
            "Mandatory Label\\System Mandatory Level",
            "Label",
            "S-1-16-16384",
            "",
        ));
    }
    for g in &token.groups {
        let sid = g.to_string();
        let name = host
            .principals()
            .name_of(g)
            .or_else(|| g.well_known_name())
            .unwrap_or_else(|| sid.clone());
        let kind = if sid.starts_with("S-1-5-32-") {
            "Alias"
        } else {
            wk
        };
        rows.push(row(&name, kind, &sid, ENABLED));
    }
    if !service {
        rows.push(row(
            "Mandatory Label\\Medium Mandatory Level",
            "Label",
            "S-1-16-8192",
            "",
        ));
    }
    rows
}

/// The privileges a fresh cmd of this account holds, and whether each is enabled.
fn privileges(token: &Token) -> Vec<(&'static str, bool)> {
    if token.user == Sid::system() {
        return vec![
            ("SeAssignPrimaryTokenPrivilege", false),
            ("SeLockMemoryPrivilege", true),
            ("SeIncreaseQuotaPrivilege", false),
            ("SeTcbPrivilege", true),
            ("SeSecurityPrivilege", false),
            ("SeTakeOwnershipPrivilege", false),
            ("SeLoadDriverPrivilege", false),
            ("SeSystemProfilePrivilege", true),
            ("SeSystemtimePrivilege", false),
            ("SeProfileSingleProcessPrivilege", true),
            ("SeIncreaseBasePriorityPrivilege", true),
            ("SeCreatePagefilePrivilege", true),
            ("SeCreatePermanentPrivilege", true),
            ("SeBackupPrivilege", false),
            ("SeRestorePrivilege", false),
            ("SeShutdownPrivilege", false),
            ("SeDebugPrivilege", true),
            ("SeAuditPrivilege", true),
            ("SeSystemEnvironmentPrivilege", false),
            ("SeChangeNotifyPrivilege", true),
            ("SeUndockPrivilege", false),
            ("SeManageVolumePrivilege", false),
            ("SeImpersonatePrivilege", true),
            ("SeCreateGlobalPrivilege", true),
            ("SeIncreaseWorkingSetPrivilege", true),
            ("SeTimeZonePrivilege", true),
            ("SeCreateSymbolicLinkPrivilege", true),
            ("SeDelegateSessionUserImpersonatePrivilege", true),
        ];
    }
    if token.user == Sid::network_service() || token.user == Sid::local_service() {
        return vec![
            ("SeAssignPrimaryTokenPrivilege", false),
            ("SeIncreaseQuotaPrivilege", false),
            ("SeAuditPrivilege", true),
            ("SeChangeNotifyPrivilege", true),
            ("SeImpersonatePrivilege", true),
            ("SeCreateGlobalPrivilege", true),
        ];
    }
    if token.is_admin() {
        return vec![
            ("SeIncreaseQuotaPrivilege", false),
            ("SeSecurityPrivilege", false),
            ("SeTakeOwnershipPrivilege", false),
            ("SeLoadDriverPrivilege", false),
            ("SeSystemProfilePrivilege", false),
            ("SeSystemtimePrivilege", false),
            ("SeProfileSingleProcessPrivilege", false),
            ("SeIncreaseBasePriorityPrivilege", false),
            ("SeCreatePagefilePrivilege", false),
            ("SeBackupPrivilege", false),
            ("SeRestorePrivilege", false),
            ("SeShutdownPrivilege", false),
            ("SeDebugPrivilege", false),
            ("SeSystemEnvironmentPrivilege", false),
            ("SeChangeNotifyPrivilege", true),
            ("SeRemoteShutdownPrivilege", false),
            ("SeUndockPrivilege", false),
            ("SeManageVolumePrivilege", false),
            ("SeImpersonatePrivilege", true),
            ("SeCreateGlobalPrivilege", true),
            ("SeIncreaseWorkingSetPrivilege", false),
            ("SeTimeZonePrivilege", false),
            ("SeCreateSymbolicLinkPrivilege", false),
            ("SeDelegateSessionUserImpersonatePrivilege", false),
        ];
    }
    vec![
        ("SeShutdownPrivilege", false),
        ("SeChangeNotifyPrivilege", true),
        ("SeUndockPrivilege", false),
        ("SeIncreaseWorkingSetPrivilege", false),
        ("SeTimeZonePrivilege", false),
    ]
}

/// The display names of privileges (LookupPrivilegeDisplayName, en-US).
fn description(name: &str) -> &'static str {
    match name {
        "SeAssignPrimaryTokenPrivilege" => "Replace a process level token",
        "SeLockMemoryPrivilege" => "Lock pages in memory",
        "SeIncreaseQuotaPrivilege" => "Adjust memory quotas for a process",
        "SeTcbPrivilege" => "Act as part of the operating system",
        "SeSecurityPrivilege" => "Manage auditing and security log",
        "SeTakeOwnershipPrivilege" => "Take ownership of files or other objects",
        "SeLoadDriverPrivilege" => "Load and unload device drivers",
        "SeSystemProfilePrivilege" => "Profile system performance",
        "SeSystemtimePrivilege" => "Change the system time",
        "SeProfileSingleProcessPrivilege" => "Profile single process",
        "SeIncreaseBasePriorityPrivilege" => "Increase scheduling priority",
        "SeCreatePagefilePrivilege" => "Create a pagefile",
        "SeCreatePermanentPrivilege" => "Create permanent shared objects",
        "SeBackupPrivilege" => "Back up files and directories",
        "SeRestorePrivilege" => "Restore files and directories",
        "SeShutdownPrivilege" => "Shut down the system",
        "SeDebugPrivilege" => "Debug programs",
        "SeAuditPrivilege" => "Generate security audits",
        "SeSystemEnvironmentPrivilege" => "Modify firmware environment values",
        "SeChangeNotifyPrivilege" => "Bypass traverse checking",
        "SeRemoteShutdownPrivilege" => "Force shutdown from a remote system",
        "SeUndockPrivilege" => "Remove computer from docking station",
        "SeManageVolumePrivilege" => "Perform volume maintenance tasks",
        "SeImpersonatePrivilege" => "Impersonate a client after authentication",
        "SeCreateGlobalPrivilege" => "Create global objects",
        "SeIncreaseWorkingSetPrivilege" => "Increase a process working set",
        "SeTimeZonePrivilege" => "Change the time zone",
        "SeCreateSymbolicLinkPrivilege" => "Create symbolic links",
        "SeDelegateSessionUserImpersonatePrivilege" => {
            "Obtain an impersonation token for another user in the same session"
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::run_line;

    #[test]
    fn priv_lists_the_administrators_privileges_in_a_padded_table() {
        let mut host = Host::builder().build();
        let mut p = Process::new(host.admin_token());
        let out = run_line(&mut host, &mut p, "whoami /priv");
        let text = out.stdout();
        assert!(text.starts_with("\nPRIVILEGES INFORMATION\n----------------------\n\nPrivilege Name                            Description                                                        State   \n========================================= ================================================================== ========\n"), "{text}");
        assert!(text.contains("\nSeChangeNotifyPrivilege                   Bypass traverse checking                                           Enabled \n"), "{text}");
        let out = run_line(&mut host, &mut p, "whoami /all");
        assert!(
            out.stdout()
                .contains("\nUSER INFORMATION\n----------------\n\nUser Name       SID"),
            "{}",
            out.stdout()
        );
        assert!(
            out.stdout()
                .contains("Mandatory Label\\High Mandatory Level")
        );
        assert!(out.stdout().ends_with("User claims unknown.\n\nKerberos support for Dynamic Access Control on this device has been disabled.\n"));
        let out = run_line(&mut host, &mut p, "whoami /bogus");
        assert_eq!(out.code, 1);
    }
}
