//! Error records and how the 5.1 console prints them (view `ErrorInstance`, NormalView):
//! `Cmdlet : message`, `At line:N char:M`, the code line, the `+ ~~~` marker, then
//! `+ CategoryInfo` and `+ FullyQualifiedErrorId` (source 2016 `PowerShellCore_format_ps1xml.cs`,
//! `Position.cs`, `ErrorPackage.cs`).

use super::ast::Span;
use super::parse::ParseError;

/// The console width the 5.1 console formats for (a 120-column buffer).
pub const WIDTH: usize = 119;

/// An error record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRecord {
    /// `Exception.Message`.
    pub message: String,
    /// `FullyQualifiedErrorId`.
    pub fqid: String,
    /// The category (`ObjectNotFound`).
    pub category: String,
    /// `TargetName` of the category info.
    pub target: String,
    /// `TargetType`.
    pub target_type: String,
    /// The cmdlet (`Get-Item`) in `[...]` of the category info; empty for none.
    pub activity: String,
    /// The exception's short type name (`ItemNotFoundException`).
    pub reason: String,
    /// The exception's full type name, for `catch [T]`.
    pub exception_type: String,
    /// What precedes the message (`Get-Item : `), as the command was typed.
    pub prefix: Option<String>,
    /// The position message (`At line:1 char:1` + the code line + the marker).
    pub position: Option<String>,
    /// A `throw`, a parse error, `-ErrorAction Stop`: ends the script, not only the statement.
    pub script_terminating: bool,
}

impl From<Box<ErrorRecord>> for ErrorRecord {
    fn from(b: Box<ErrorRecord>) -> ErrorRecord {
        *b
    }
}

impl ErrorRecord {
    /// A record with a message and id; the rest filled by the builders.
    pub fn new(message: impl Into<String>, fqid: impl Into<String>) -> ErrorRecord {
        ErrorRecord {
            message: message.into(),
            fqid: fqid.into(),
            category: "NotSpecified".into(),
            target: String::new(),
            target_type: String::new(),
            activity: String::new(),
            reason: "RuntimeException".into(),
            exception_type: "System.Management.Automation.RuntimeException".into(),
            prefix: None,
            position: None,
            script_terminating: false,
        }
    }
    /// Sets the category, target and exception.
    pub fn category(mut self, category: &str, target: &str, target_type: &str) -> ErrorRecord {
        self.category = category.into();
        self.target = target.into();
        self.target_type = target_type.into();
        self
    }
    /// Sets the exception type (full name; the reason is its last part).
    pub fn exception(mut self, full: &str) -> ErrorRecord {
        self.exception_type = full.into();
        self.reason = full.rsplit('.').next().unwrap_or(full).to_string();
        self
    }

    /// `CategoryInfo`'s text: `Category: (Target:Type) [Activity], Reason`.
    pub fn category_info(&self) -> String {
        format!(
            "{}: ({}:{}) [{}], {}",
            self.category,
            ellipsize(&self.target),
            ellipsize(&self.target_type),
            ellipsize(&self.activity),
            self.reason
        )
    }

    /// The text the console shows, each line ending in `\n`, the record ending with a line
    /// holding one space.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let first = match &self.prefix {
            Some(p) => format!("{p} : {}", self.message),
            None => self.message.clone(),
        };
        if self.category == "ParserError" {
            // A parse error's position is inside its message.
            if let Some(pos) = &self.position {
                out.push_str(pos);
                out.push('\n');
            }
            push_wrapped(&mut out, &first);
        } else {
            push_wrapped(&mut out, &first);
            if let Some(pos) = &self.position {
                out.push_str(pos);
                out.push('\n');
            }
        }
        push_info(
            &mut out,
            &format!("+ CategoryInfo          : {}", self.category_info()),
        );
        push_info(
            &mut out,
            &format!("+ FullyQualifiedErrorId : {}", self.fqid),
        );
        out.push_str(" \n");
        out
    }
}

/// `ErrorPackage.Ellipsize`: over 40 characters, the first 15, `...`, the last 15.
pub fn ellipsize(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 40 {
        return s.to_string();
    }
    let head: String = chars[..15].iter().collect();
    let tail: String = chars[chars.len() - 15..].iter().collect();
    format!("{head}...{tail}")
}

/// A message line word-wrapped at the console width (the space stays at the end of a
/// broken line, en-US).
fn push_wrapped(out: &mut String, text: &str) {
    for line in text.split('\n') {
        let mut rest: Vec<char> = line.chars().collect();
        while rest.len() > WIDTH {
            let cut = rest[..WIDTH]
                .iter()
                .rposition(|c| *c == ' ')
                .map(|i| i + 1)
                .unwrap_or(WIDTH);
            out.extend(rest[..cut].iter());
            out.push('\n');
            rest.drain(..cut);
        }
        out.extend(rest.iter());
        out.push('\n');
    }
}

/// `    + CategoryInfo : ...` cut into chunks of 114 characters written without line breaks,
/// then wrapped by the console at the width.
fn push_info(out: &mut String, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let mut line = String::new();
    for chunk in chars.chunks(WIDTH + 1 - 6) {
        line.push_str("    ");
        line.extend(chunk.iter());
    }
    let all: Vec<char> = line.chars().collect();
    for piece in all.chunks(WIDTH) {
        out.extend(piece.iter());
        out.push('\n');
    }
}

/// Line (1-based), column (1-based) of a character offset.
pub fn line_col(src: &[char], at: usize) -> (usize, usize) {
    let at = at.min(src.len());
    let mut line = 1;
    let mut col = 1;
    for c in &src[..at] {
        if *c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// The position message of an extent: `At <where>:N char:M`, `+ code`, `+ ~~~`
/// (`Position.cs` VerboseMessage: tabs as 4 spaces, lines over 69 characters shown as a window).
pub fn position_message(src: &[char], span: Span, file: Option<&str>) -> String {
    let (line, col) = line_col(src, span.start);
    let line_start = span.start.min(src.len()) + 1 - col;
    let mut line_end = line_start;
    while line_end < src.len() && src[line_end] != '\n' && src[line_end] != '\r' {
        line_end += 1;
    }
    let text: String = src[line_start..line_end].iter().collect();
    let text = text.replace('\t', "    ");
    let text = text.trim_end().to_string();
    let start_col = col - 1;
    let end_col = (span.end.min(line_end))
        .saturating_sub(line_start)
        .max(start_col + 1);
    let len = end_col - start_col;
    let (shown, offset) = window(&text, start_col, len);
    let marker = format!(
        "{}{}",
        " ".repeat(offset),
        "~".repeat(len.min(shown.chars().count().saturating_sub(offset)).max(1))
    );
    let at = match file {
        Some(f) => format!("At {f}:{line} char:{col}"),
        None => format!("At line:{line} char:{col}"),
    };
    format!("{at}\n+ {shown}\n+ {marker}")
}

/// The 69-character window around a long line, and where the extent starts in it.
fn window(text: &str, start: usize, len: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 69 {
        return (text.to_string(), start);
    }
    let mut from = start.saturating_sub(12);
    let extent_end = (start + len).min(chars.len());
    let mut to = (from + 69).min(chars.len());
    if to < extent_end.min(start + 8) {
        to = (start + 8).min(chars.len());
        from = to.saturating_sub(69);
    }
    if to == chars.len() {
        from = to.saturating_sub(69).min(from);
    }
    let mut shown: String = chars[from..to].iter().collect();
    let mut offset = start - from;
    if from > 0 {
        shown = format!("... {shown}");
        offset += 4;
    }
    if to < chars.len() {
        shown.push_str(" ...");
    }
    (shown, offset)
}

/// A parse error as a record (`ParserError: (:) [], ParseException`).
pub fn from_parse_error(e: &ParseError, src: &[char], file: Option<&str>) -> ErrorRecord {
    let span = Span::new(e.start, e.end.max(e.start + 1));
    let mut rec = ErrorRecord::new(e.message.clone(), e.id)
        .category("ParserError", "", "")
        .exception("System.Management.Automation.ParseException");
    rec.position = Some(position_message(src, span, file));
    rec.script_terminating = true;
    rec
}
