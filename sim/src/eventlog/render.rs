//! `wevtutil qe` renderings (reference §2): XML on one line with single-quoted attributes,
//! RenderedXml (XML plus `RenderingInfo`), and the text layout.

use super::EventRef;
use super::payload::TreeNode;
use super::store::flags;
use super::templates;
use crate::principals::Sid;
use std::fmt::Write;

/// The event schema's namespace.
pub(crate) const NS: &str = "http://schemas.microsoft.com/win/2004/08/events/event";

/// Escapes text content.
pub fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Escapes a single-quoted attribute value.
pub fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&apos;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("='");
    escape_attr(value, out);
    out.push('\'');
}

fn elem(out: &mut String, name: &str, text: &str) {
    let _ = write!(out, "<{name}>");
    escape_text(text, out);
    let _ = write!(out, "</{name}>");
}

/// The event as `wevtutil qe /f:xml` prints it (no trailing newline); with `rendered`, as
/// `/f:RenderedXml` prints it.
pub fn xml(e: &EventRef<'_>, rendered: bool) -> String {
    let mut o = String::with_capacity(768);
    let _ = write!(o, "<Event xmlns='{NS}'><System><Provider");
    attr(&mut o, "Name", e.provider());
    if let Some(g) = e.provider_guid() {
        attr(&mut o, "Guid", g);
    }
    if let Some(s) = e.event_source() {
        attr(&mut o, "EventSourceName", s);
    }
    o.push_str("/><EventID");
    if let Some(q) = e.qualifiers() {
        attr(&mut o, "Qualifiers", &q.to_string());
    }
    let _ = write!(
        o,
        ">{}</EventID><Version>{}</Version><Level>{}</Level><Task>{}</Task><Opcode>{}</Opcode><Keywords>0x{:x}</Keywords><TimeCreated SystemTime='{}'/><EventRecordID>{}</EventRecordID><Correlation",
        e.event_id(),
        e.version(),
        e.level(),
        e.task(),
        e.opcode(),
        e.keywords(),
        e.time().to_system_time_string(),
        e.record_id()
    );
    if let Some(a) = e.activity_id() {
        attr(&mut o, "ActivityID", a);
    }
    if let Some(a) = e.related_activity_id() {
        attr(&mut o, "RelatedActivityID", a);
    }
    let _ = write!(
        o,
        "/><Execution ProcessID='{}' ThreadID='{}'/>",
        e.process_id(),
        e.thread_id()
    );
    elem(&mut o, "Channel", e.channel());
    elem(&mut o, "Computer", e.computer());
    o.push_str("<Security");
    if let Some(u) = e.user() {
        attr(&mut o, "UserID", u);
    }
    o.push_str("/></System>");
    payload(e, &mut o);
    if rendered {
        rendering_info(e, &mut o);
    }
    o.push_str("</Event>");
    o
}

fn payload(e: &EventRef<'_>, o: &mut String) {
    if let Some(tops) = e.tree() {
        for n in tops {
            tree(e, n, o);
        }
        return;
    }
    let data = e.data();
    if data.is_empty() {
        if e.raw().flags & flags::EMPTY_EVENTDATA != 0 {
            o.push_str("<EventData></EventData>");
        }
        return;
    }
    o.push_str("<EventData>");
    for (n, v) in data {
        o.push_str("<Data");
        if !n.is_empty() {
            attr(o, "Name", n);
        }
        o.push('>');
        escape_text(v, o);
        o.push_str("</Data>");
    }
    o.push_str("</EventData>");
}

fn tree(e: &EventRef<'_>, n: TreeNode<'_>, o: &mut String) {
    let name = e.sym(n.name());
    o.push('<');
    o.push_str(name);
    for (k, v) in n.attrs() {
        attr(o, e.sym(k), e.sym(v));
    }
    let mut kids = n.children().peekable();
    if kids.peek().is_none() && n.text() == 0 && name != "Data" {
        o.push_str("/>");
        return;
    }
    o.push('>');
    escape_text(e.sym(n.text()), o);
    for c in kids {
        tree(e, c, o);
    }
    let _ = write!(o, "</{name}>");
}

fn rendering_info(e: &EventRef<'_>, o: &mut String) {
    o.push_str("<RenderingInfo Culture='en-US'>");
    elem(o, "Message", &e.message());
    elem(o, "Level", templates::level_name(e.level()));
    elem(o, "Task", &task_text(e));
    elem(
        o,
        "Opcode",
        &templates::opcode_name(e.opcode(), e.keywords()),
    );
    elem(o, "Channel", e.channel());
    elem(o, "Provider", "");
    o.push_str("<Keywords>");
    let names = templates::keyword_names(e.keywords());
    for k in names.split(',').filter(|k| !k.is_empty()) {
        elem(o, "Keyword", k);
    }
    o.push_str("</Keywords></RenderingInfo>");
}

fn task_text(e: &EventRef<'_>) -> String {
    match e.task() {
        0 => "None".to_string(),
        n => format!("({n})"),
    }
}

/// The `User Name` of a SID: the well-known account name, or `N/A`.
pub fn default_user_name(sid: &str) -> Option<String> {
    Sid::parse(sid).and_then(|s| s.well_known_name())
}

/// The event in wevtutil's text layout, numbered `index`; `user_name` maps a SID to its account.
pub fn text(e: &EventRef<'_>, index: usize, user_name: &dyn Fn(&str) -> Option<String>) -> String {
    let t = e.time().to_datetime();
    let ms =
        e.time().0 % crate::clock::FileTime::TICKS_PER_SEC / crate::clock::FileTime::TICKS_PER_MS;
    let date = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        ms
    );
    let (user, name) = match e.user() {
        Some(u) => (
            u.to_string(),
            user_name(u).unwrap_or_else(|| "N/A".to_string()),
        ),
        None => ("N/A".to_string(), "N/A".to_string()),
    };
    format!(
        "Event[{index}]:\n  Log Name: {}\n  Source: {}\n  Date: {date}\n  Event ID: {}\n  Task: {}\n  Level: {}\n  Opcode: {}\n  Keyword: {}\n  User: {user}\n  User Name: {name}\n  Computer: {}\n  Description:\n{}\n",
        e.channel(),
        e.provider(),
        e.event_id(),
        templates::task_name(e.task()),
        templates::level_name(e.level()),
        templates::opcode_name(e.opcode(), e.keywords()),
        templates::keyword_names(e.keywords()),
        e.computer(),
        e.message(),
    )
}
