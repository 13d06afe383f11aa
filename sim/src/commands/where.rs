//! `where [/q] pattern...`: the files on the current folder and PATH that match (windowsserverdocs
//! `where.md`). Matches go to stdout as full paths, exit 0; none: `INFO: Could not find files
//! for the given pattern(s).` on stderr, exit 1; `/q` prints nothing. A name without an
//! extension tries the PATHEXT extensions. The programs of the registry live in
//! `C:\Windows\System32` even though the simulated disk holds no image for them.

use crate::fs;
use crate::host::Host;
use crate::process::{Output, Process, programs};

/// Runs `where` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let quiet = args.iter().any(|a| a.eq_ignore_ascii_case("/q"));
    let patterns: Vec<&String> = args.iter().filter(|a| !a.starts_with('/')).collect();
    let mut out = Output::default();
    if patterns.is_empty() {
        out.errln("ERROR: A search pattern must be specified.");
        out.errln("Type \"WHERE /?\" for usage.");
        out.code = 2;
        return out;
    }
    let path = process.env.get("Path").unwrap_or("").to_string();
    let pathext = process
        .env
        .get("PATHEXT")
        .unwrap_or(".COM;.EXE;.BAT;.CMD")
        .to_string();
    let mut dirs = vec![process.cwd.clone()];
    dirs.extend(
        path.split(';')
            .filter(|d| !d.is_empty())
            .map(|d| d.trim_end_matches('\\').to_string()),
    );
    let mut found = Vec::new();
    for pattern in patterns {
        let with_ext = pattern.contains('.');
        let names: Vec<String> = if with_ext {
            vec![pattern.to_string()]
        } else {
            pathext
                .split(';')
                .filter(|e| !e.is_empty())
                .map(|e| format!("{pattern}{}", e.to_lowercase()))
                .chain([pattern.to_string()])
                .collect()
        };
        for dir in &dirs {
            let Ok(d) = fs::normalize(dir, &process.cwd) else {
                continue;
            };
            let system32 = d.eq_ignore_ascii_case(r"C:\Windows\System32");
            for name in &names {
                let mut hits: Vec<String> = host
                    .fs()
                    .matching(&d, name)
                    .into_iter()
                    .filter(|p| !host.fs().is_dir(p))
                    .collect();
                if system32 {
                    for p in programs::names() {
                        let image = if p == "more" {
                            "more.com".to_string()
                        } else {
                            format!("{p}.exe")
                        };
                        let full = fs::join(r"C:\Windows\System32", &image);
                        if fs::wildcard_match(name, &image)
                            && !hits.iter().any(|h| h.eq_ignore_ascii_case(&full))
                        {
                            hits.push(full);
                        }
                    }
                }
                for h in hits {
                    if !found.iter().any(|f: &String| f.eq_ignore_ascii_case(&h)) {
                        found.push(h);
                    }
                }
            }
        }
    }
    if found.is_empty() {
        if !quiet {
            out.errln("INFO: Could not find files for the given pattern(s).");
        }
        out.code = 1;
        return out;
    }
    if !quiet {
        for f in found {
            out.outln(f);
        }
    }
    out
}
