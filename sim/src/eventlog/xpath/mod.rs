//! The structured-query language of the event log (reference §1).
//! - `parser.rs`: tokens and the recursive-descent parser (positions for errors);
//! - `eval.rs`: compiling against the log's strings, typed evaluation on one record, and the
//!   `Plan` the index answers;
//! - here: the `QueryList` form (`<Select Path=..>` / `<Suppress Path=..>`).

pub mod eval;
pub mod parser;

pub use parser::parse;

/// One `<Select>` or `<Suppress>` of a `QueryList`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathQuery {
    /// The channel (`Path` attribute).
    pub path: String,
    /// The selector text.
    pub xpath: String,
    /// True for `<Suppress>`.
    pub suppress: bool,
}

/// One `<Query>` of a `QueryList`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// The `Path` attribute of `<Query>` (the default for its Selects).
    pub path: Option<String>,
    /// Selects and Suppresses in order.
    pub parts: Vec<PathQuery>,
}

/// Parses a `QueryList` document. Errors are plain messages (wevtutil reports them as an
/// invalid query).
pub fn parse_query_list(xml: &str) -> Result<Vec<ListQuery>, String> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out: Vec<ListQuery> = Vec::new();
    let mut open: Option<(bool, String)> = None;
    let mut text = String::new();
    let mut saw_list = false;
    loop {
        let ev = r
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", r.error_position()))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let path = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == b"Path")
                    .map(|a| {
                        a.unescape_value()
                            .map(|v| v.into_owned())
                            .unwrap_or_default()
                    });
                match name.as_str() {
                    "QueryList" => saw_list = true,
                    "Query" => out.push(ListQuery {
                        path,
                        parts: Vec::new(),
                    }),
                    "Select" | "Suppress" => {
                        let q = out.last().ok_or("Select outside Query")?;
                        let p = path
                            .or_else(|| q.path.clone())
                            .ok_or("Select without Path")?;
                        open = Some((name == "Suppress", p));
                        text.clear();
                    }
                    _ => return Err(format!("unexpected element <{name}>")),
                }
            }
            Event::Text(t) => {
                text.push_str(&t.unescape().map_err(|e| e.to_string())?);
            }
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            Event::End(e) => {
                if matches!(e.name().as_ref(), b"Select" | b"Suppress") {
                    if let (Some((suppress, path)), Some(q)) = (open.take(), out.last_mut()) {
                        q.parts.push(PathQuery {
                            path,
                            xpath: text.trim().to_string(),
                            suppress,
                        });
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_list {
        return Err("not a QueryList".into());
    }
    Ok(out)
}
