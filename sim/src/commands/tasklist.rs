//! `tasklist [/svc] [/fi "FILTER"] [/fo table|csv|list] [/nh]`: the processes of the host,
//! derived from its running services (one svchost per service, as on Server 2016 and later
//! with svchost split) and the session's own programs.
//!
//! Layout (powershell-and-tools-formats §3 "tasklist"): a blank line, then columns `Image
//! Name` 25 left, `PID` 8 right, `Session Name` 16 left, `Session#` 11 right, `Mem Usage` 12
//! right, separated by one space, `=` runs under them. `/svc`: `Image Name`, `PID`,
//! `Services` (44), `N/A` for a process without services. No match: `INFO: No tasks are
//! running which match the specified criteria.` Memory figures are plausible constants.

use crate::commands::sc::pid_of;
use crate::host::Host;
use crate::process::{Output, Process};
use crate::services::ServiceState;

struct Task {
    image: String,
    pid: u32,
    session: (&'static str, u32),
    mem_k: u64,
    services: Vec<String>,
}

fn tasks(host: &Host) -> Vec<Task> {
    let fixed = |image: &str, pid: u32, session: (&'static str, u32), mem_k: u64| Task {
        image: image.to_string(),
        pid,
        session,
        mem_k,
        services: Vec::new(),
    };
    let mut out = vec![
        fixed("System Idle Process", 0, ("Services", 0), 8),
        fixed("System", 4, ("Services", 0), 148),
        fixed("Registry", 88, ("Services", 0), 52_384),
        fixed("smss.exe", 296, ("Services", 0), 1_200),
        fixed("csrss.exe", 400, ("Services", 0), 5_064),
        fixed("wininit.exe", 476, ("Services", 0), 6_904),
        fixed("services.exe", 620, ("Services", 0), 9_812),
        fixed("lsass.exe", 636, ("Services", 0), 17_440),
    ];
    let mut services: Vec<_> = host
        .services()
        .iter()
        .filter(|s| s.state != ServiceState::Stopped && s.service_type & 0x0f == 0)
        .collect();
    services.sort_by_key(|s| pid_of(&s.name));
    for s in services {
        let image = s
            .binary_path
            .trim_start_matches('"')
            .split(['"', ' '])
            .next()
            .unwrap_or("svchost.exe");
        let image = image.rsplit('\\').next().unwrap_or(image).to_string();
        out.push(Task {
            image: if image.is_empty() {
                "svchost.exe".into()
            } else {
                image
            },
            pid: pid_of(&s.name),
            session: ("Services", 0),
            mem_k: 6_000 + (pid_of(&s.name) as u64 % 7) * 1_337,
            services: vec![s.name.clone()],
        });
    }
    out.push(fixed("explorer.exe", 5_412, ("RDP-Tcp#0", 2), 84_116));
    out.push(fixed("cmd.exe", 6_120, ("RDP-Tcp#0", 2), 3_984));
    out.push(fixed("conhost.exe", 6_128, ("RDP-Tcp#0", 2), 11_204));
    out.push(fixed("tasklist.exe", 6_404, ("RDP-Tcp#0", 2), 8_712));
    out
}

/// `12345` -> `12,345 K`.
fn mem(k: u64) -> String {
    format!("{} K", crate::shell::cmd::builtin::group_thousands(k))
}

/// Runs `tasklist` with `args` (program name excluded).
pub fn run(host: &mut Host, _process: &mut Process, args: &[String]) -> Output {
    let mut svc = false;
    let mut header = true;
    let mut csv = false;
    let mut filters: Vec<(String, String, String)> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].to_ascii_lowercase().as_str() {
            "/svc" => svc = true,
            "/nh" => header = false,
            "/fo" => {
                i += 1;
                csv = args.get(i).is_some_and(|f| f.eq_ignore_ascii_case("csv"));
            }
            "/fi" => {
                i += 1;
                let f = args.get(i).cloned().unwrap_or_default();
                let words: Vec<&str> = f.split_whitespace().collect();
                match words.as_slice() {
                    [k, op, v @ ..] if !v.is_empty() => {
                        filters.push((k.to_ascii_lowercase(), op.to_ascii_lowercase(), v.join(" ")))
                    }
                    _ => return invalid(&f),
                }
            }
            other => return invalid(other),
        }
        i += 1;
    }
    let list: Vec<Task> = tasks(host)
        .into_iter()
        .filter(|t| filters.iter().all(|(k, op, v)| keep(t, k, op, v)))
        .collect();
    let mut out = Output::default();
    if list.is_empty() {
        out.outln("INFO: No tasks are running which match the specified criteria.");
        return out;
    }
    let services = |t: &Task| {
        if t.services.is_empty() {
            "N/A".to_string()
        } else {
            t.services.join(", ")
        }
    };
    if csv {
        if header {
            out.outln(if svc {
                "\"Image Name\",\"PID\",\"Services\""
            } else {
                "\"Image Name\",\"PID\",\"Session Name\",\"Session#\",\"Mem Usage\""
            });
        }
        for t in &list {
            if svc {
                out.outln(format!("\"{}\",\"{}\",\"{}\"", t.image, t.pid, services(t)));
            } else {
                out.outln(format!(
                    "\"{}\",\"{}\",\"{}\",\"{}\",\"{}\"",
                    t.image,
                    t.pid,
                    t.session.0,
                    t.session.1,
                    mem(t.mem_k)
                ));
            }
        }
        return out;
    }
    out.outln("");
    if header {
        if svc {
            out.outln("Image Name                     PID Services");
            out.outln(format!(
                "{} {} {}",
                "=".repeat(25),
                "=".repeat(8),
                "=".repeat(44)
            ));
        } else {
            out.outln(
                "Image Name                     PID Session Name        Session#    Mem Usage",
            );
            out.outln(format!(
                "{} {} {} {} {}",
                "=".repeat(25),
                "=".repeat(8),
                "=".repeat(16),
                "=".repeat(11),
                "=".repeat(12)
            ));
        }
    }
    for t in &list {
        let image: String = t.image.chars().take(25).collect();
        if svc {
            out.outln(format!("{image:<25} {:>8} {}", t.pid, services(t)));
        } else {
            out.outln(format!(
                "{image:<25} {:>8} {:<16} {:>11} {:>12}",
                t.pid,
                t.session.0,
                t.session.1,
                mem(t.mem_k)
            ));
        }
    }
    out
}

fn keep(t: &Task, key: &str, op: &str, value: &str) -> bool {
    let eq = match key {
        "imagename" => crate::fs::wildcard_match(&value.to_lowercase(), &t.image.to_lowercase()),
        "pid" => value.parse::<u32>().ok() == Some(t.pid),
        "services" => t
            .services
            .iter()
            .any(|s| crate::fs::wildcard_match(&value.to_lowercase(), &s.to_lowercase())),
        "status" => value.eq_ignore_ascii_case("running"),
        "sessionname" => t.session.0.eq_ignore_ascii_case(value),
        _ => true,
    };
    if op == "ne" { !eq } else { eq }
}

fn invalid(arg: &str) -> Output {
    let mut out = Output::with_code(1);
    out.errln(format!("ERROR: Invalid argument/option - '{arg}'."));
    out.errln("Type \"TASKLIST /?\" for usage.");
    out
}

#[cfg(test)]
mod tests {
    use crate::host::Host;
    use crate::process::Process;
    use crate::shell::run_line;

    #[test]
    fn tasklist_lists_service_hosts_and_filters() {
        let mut host = Host::builder().build();
        let mut p = Process::new(host.admin_token());
        let out = run_line(&mut host, &mut p, "tasklist");
        assert!(out.stdout().starts_with("\nImage Name                     PID Session Name        Session#    Mem Usage\n========================= ======== ================ =========== ============\nSystem Idle Process              0 Services                   0          8 K\n"), "{}", out.stdout());
        let out = run_line(
            &mut host,
            &mut p,
            r#"tasklist /svc /fi "SERVICES eq TermService""#,
        );
        let text = out.stdout();
        assert!(text.contains("svchost.exe"), "{text}");
        assert!(text.trim_end().ends_with("TermService"), "{text}");
        let out = run_line(
            &mut host,
            &mut p,
            r#"tasklist /fi "IMAGENAME eq nosuch.exe""#,
        );
        assert_eq!(
            out.stdout(),
            "INFO: No tasks are running which match the specified criteria.\n"
        );
    }
}
