//! `wevtutil qe`: `/q` `/c` `/rd` `/f:text|xml|RenderedXml` `/e` `/lf:true` `/sq:true`.
//! Default format is XML (reference §11.4). No match prints nothing and exits 0.

use super::{Args, INCORRECT, fail, one_path};
use crate::eventlog::{EventLog, EventRef, QueryError, QueryOptions, check_syntax, render};
use crate::host::Host;
use crate::process::{Output, Process};
use crate::text::decode_console;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Xml,
    Text,
    RenderedXml,
}

fn query_failed(e: &QueryError) -> Output {
    match e {
        QueryError::Syntax { position, .. } => fail(
            15001,
            &[
                &format!("A syntax error occurred at position {position}"),
                "The specified query is invalid.",
            ],
        ),
        QueryError::Invalid(_) => fail(15001, &["The specified query is invalid."]),
        // Measured line order (reference §1 source): the channel error, then the query failure.
        QueryError::ChannelNotFound(_) => fail(
            15007,
            &[
                "The specified channel could not be found.",
                "Failed to open event query.",
            ],
        ),
    }
}

pub(super) fn run(host: &mut Host, process: &mut Process, a: &Args) -> Result<Output, Output> {
    let path = one_path(a)?.to_string();
    let format = match a.get("f").map(str::to_ascii_lowercase).as_deref() {
        None | Some("xml") => Format::Xml,
        Some("text") => Format::Text,
        Some("renderedxml") => Format::RenderedXml,
        Some(_) => return Err(fail(87, &["Invalid value for option f.", INCORRECT])),
    };
    let limit = match a.get("c") {
        None => None,
        Some(c) => match c.trim().parse::<i64>() {
            Ok(n) if n >= 1 => Some(n as usize),
            _ => return Err(fail(87, &["Invalid value for property count."])),
        },
    };
    let opts = QueryOptions {
        reverse: a.flag("rd"),
        limit,
    };
    let xpath = a.get("q").unwrap_or("*").to_string();
    let now = host.now();
    let text;
    let file_log;
    let (log, events) = if a.flag("lf") {
        file_log = read_log_file(host, process, &path)?;
        check_syntax(&xpath).map_err(|e| query_failed(&e))?;
        let mut all = Vec::new();
        for ch in file_log.channels() {
            if file_log.len(ch) > 0 {
                all.extend(
                    file_log
                        .query(ch, &xpath, now)
                        .map_err(|e| query_failed(&e))?,
                );
            }
        }
        if opts.reverse {
            all.reverse();
        }
        all.truncate(limit.unwrap_or(usize::MAX));
        (&file_log, all)
    } else if a.flag("sq") {
        text = read_text(host, process, &path)?;
        let log = host.eventlog();
        let events = log
            .query_list(&text, now, opts)
            .map_err(|e| query_failed(&e))?;
        if let Some(e) = events
            .iter()
            .find(|e| e.channel().eq_ignore_ascii_case("Security"))
        {
            let _ = e;
            if !process.token.is_admin() {
                return Err(fail(5, &["Access is denied."]));
            }
        }
        (log, events)
    } else {
        let log = host.eventlog();
        let Some(channel) = log.channel_name(&path) else {
            return Err(query_failed(&QueryError::ChannelNotFound(path)));
        };
        if channel == "Security" && !process.token.is_admin() {
            return Err(fail(5, &["Access is denied."]));
        }
        let events = log
            .query_with(channel, &xpath, now, opts)
            .map_err(|e| query_failed(&e))?;
        (log, events)
    };
    Ok(print(host, log, &events, format, a.get("e")))
}

fn print(
    host: &Host,
    _log: &EventLog,
    events: &[EventRef<'_>],
    format: Format,
    root: Option<&str>,
) -> Output {
    let mut out = Output::default();
    let mut s = String::new();
    match format {
        Format::Text => {
            let names = |sid: &str| {
                crate::principals::Sid::parse(sid).and_then(|s| host.principals().name_of(&s))
            };
            for (i, e) in events.iter().enumerate() {
                if i > 0 {
                    s.push('\n');
                }
                s.push_str(&render::text(e, i, &names));
            }
        }
        Format::Xml | Format::RenderedXml => {
            let rendered = format == Format::RenderedXml;
            match root.filter(|r| !r.is_empty()) {
                // With /e the events follow the root's start tag on one line (measured: 2 lines).
                Some(r) => {
                    s.push_str(&format!("<{r}>\n"));
                    for e in events {
                        s.push_str(&render::xml(e, rendered));
                    }
                    s.push_str(&format!("</{r}>\n"));
                }
                None => {
                    for e in events {
                        s.push_str(&render::xml(e, rendered));
                        s.push('\n');
                    }
                }
            }
        }
    }
    out.out(s);
    out
}

fn read_bytes(host: &Host, process: &Process, path: &str) -> Result<Vec<u8>, Output> {
    let full = crate::fs::normalize(path, &process.cwd).map_err(|e| fail(e.0, &[e.message()]))?;
    host.fs()
        .read_file(&full, &process.token)
        .map_err(|e| fail(e.0, &[e.message()]))
}

fn read_text(host: &Host, process: &Process, path: &str) -> Result<String, Output> {
    read_bytes(host, process, path).map(|b| decode_console(&b))
}

/// A log file from the simulated disk: `.evtx` bytes (`ElfFile` signature) or wevtutil XML.
fn read_log_file(host: &Host, process: &Process, path: &str) -> Result<EventLog, Output> {
    let bytes = read_bytes(host, process, path)?;
    let mut log = EventLog::default();
    if bytes.starts_with(b"ElfFile\0") {
        log.import_evtx(&bytes, path)
            .map_err(|_| fail(1, &["The event log file is corrupted."]))?;
    } else {
        log.import_xml(&decode_console(&bytes), path)
            .map_err(|_| fail(1, &["The event log file is corrupted."]))?;
    }
    Ok(log)
}
