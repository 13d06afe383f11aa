//! `timeout /t N [/nobreak]`: waits N seconds of simulated time (the host's clock moves).
//! The console countdown ends on `Waiting for  0 seconds, press a key to continue ...`
//! (the number in two columns [unconfirmed width]); with standard input redirected timeout
//! refuses: `ERROR: Input redirection is not supported, exiting the process immediately.`

use crate::host::Host;
use crate::process::{Output, Process};

/// Runs `timeout` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut secs: Option<i64> = None;
    let mut nobreak = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].to_ascii_lowercase();
        match a.as_str() {
            "/t" => {
                i += 1;
                secs = args.get(i).and_then(|v| v.parse().ok()).or(Some(i64::MIN));
            }
            "/nobreak" => nobreak = true,
            _ if secs.is_none() => secs = Some(a.parse().unwrap_or(i64::MIN)),
            _ => return bad_syntax(),
        }
        i += 1;
    }
    let Some(secs) = secs else {
        return bad_syntax();
    };
    let mut out = Output::default();
    if !(-1..=99_999).contains(&secs) {
        out.errln("ERROR: Invalid value for timeout (/T) specified. Valid range is -1 to 99999.");
        out.code = 1;
        return out;
    }
    if process.stdin.is_some() {
        out.errln("ERROR: Input redirection is not supported, exiting the process immediately.");
        out.code = 1;
        return out;
    }
    if secs > 0 {
        host.advance(std::time::Duration::from_secs(secs as u64));
    }
    out.outln("");
    if nobreak {
        out.outln(format!(
            "Waiting for {:>2} seconds, press CTRL+C to quit ...",
            0
        ));
    } else {
        out.outln(format!(
            "Waiting for {:>2} seconds, press a key to continue ...",
            0
        ));
    }
    out
}

fn bad_syntax() -> Output {
    let mut out = Output::with_code(1);
    out.errln("ERROR: Invalid syntax. Default option is not allowed more than '1' time(s).");
    out.errln("Type \"TIMEOUT /?\" for usage.");
    out
}
