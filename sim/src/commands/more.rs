//! `more`: passes its input or files through. Paging (`-- More --`) is not simulated: output
//! is never a console here.

use crate::host::Host;
use crate::process::{Output, Process};

/// Runs `more` (pass-through of its input; `more < file` and `more file` read the file).
/// Paging (`-- More --`) is not simulated: output is never a console here.
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut out = Output::default();
    let files: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('/') && !a.starts_with('+'))
        .collect();
    if files.is_empty() {
        let text = process
            .stdin
            .as_ref()
            .map(|s| s.text().to_string())
            .unwrap_or_default();
        let text = text.as_str();
        out.out(text);
        if !text.is_empty() && !text.ends_with('\n') {
            out.out("\n");
        }
        return out;
    }
    for f in files {
        match process.read_text(host, f) {
            Ok(text) => {
                out.out(&text);
                if !text.is_empty() && !text.ends_with('\n') {
                    out.out("\n");
                }
            }
            Err(_) => {
                out.errln(format!("Cannot access file {}", process.full_path(f)));
                out.code = 1;
            }
        }
    }
    out
}
