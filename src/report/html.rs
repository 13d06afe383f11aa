//! The report as one HTML page, its style inline.

use super::article::ARTICLE;
use super::{FeatureRun, Outcome, ScenarioRun};
use crate::steps::Console;
use std::fmt::Write as _;

/// Text escaped for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A step's text with its `backticked` parts as code.
fn step_text(s: &str) -> String {
    let mut o = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(o, "<code>{}</code>", esc(part));
        } else {
            o.push_str(&esc(part));
        }
    }
    o
}

/// An anchor for a feature path (`features/faults/x.feature` -> `f-faults-x`).
fn feature_id(path: &str) -> String {
    let stem = path
        .trim_start_matches("features/")
        .trim_end_matches(".feature");
    let slug: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("f-{slug}")
}

fn scenario_id(f: &FeatureRun, s: &ScenarioRun) -> String {
    format!("{}-l{}", feature_id(&f.path), s.scenario.position.line)
}

/// The command that runs the scenario again: the run's seed and the scenario's name.
fn replay(s: &ScenarioRun, seed: Option<u64>) -> String {
    let name: String = s
        .scenario
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect();
    let seed = seed.map_or(String::new(), |seed| format!("KBSIM_SEED={seed:#x} "));
    format!(
        "{seed}cargo test --test bdd -- --name '^{}$'",
        name.replace('\'', "'\\''")
    )
}

fn badge(failed: bool) -> &'static str {
    if failed {
        "<span class=\"badge fail\">failed</span>"
    } else {
        "<span class=\"badge pass\">passed</span>"
    }
}

const STYLE: &str = r#"
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --pass:#1a7f37; --fail:#cf222e; --bg:#ffffff; --panel:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color:var(--fg); background:var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-top: 12px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 6px; }
a { color:#0969da; text-decoration:none; } a:hover { text-decoration:underline; }
.muted { color: var(--muted); }
.summary { display:flex; gap:12px; flex-wrap:wrap; margin:16px 0; }
.stat { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:10px 16px; min-width:130px; }
.stat b { display:block; font-size:24px; }
.stat.fail b { color:var(--fail); } .stat.pass b { color:var(--pass); }
.badge { display:inline-block; font-size:12px; font-weight:600; padding:1px 8px; border-radius:10px; vertical-align:middle; margin-left:6px; }
.badge.pass { background:#dafbe1; color:var(--pass); } .badge.fail { background:#ffebe9; color:var(--fail); }
.failures { border:1px solid var(--fail); background:#fff8f7; border-radius:8px; padding:8px 16px; }
.failures li { margin:6px 0; }
.article { border:1px solid var(--line); border-radius:8px; padding:4px 16px 12px; background:var(--panel); }
.article h3 { margin-top:12px; }
.article ul { margin:4px 0; }
.desc { background:var(--panel); border-left:3px solid var(--line); padding:2px 12px; margin:6px 0 12px; }
.desc p { margin:6px 0; }
.scenario { border:1px solid var(--line); border-radius:8px; padding:4px 16px 12px; margin:12px 0; }
.scenario.failed { border-color: var(--fail); }
.facts { font-size:13px; color:var(--muted); margin:2px 0 8px; }
.facts code, .replay code { background:var(--panel); padding:1px 5px; border-radius:4px; }
ol.steps { list-style:none; padding-left:0; margin:0; }
ol.steps > li { margin:4px 0; }
.mark { display:inline-block; width:18px; font-weight:700; }
.ok .mark { color:var(--pass); } .bad .mark { color:var(--fail); } .skip .mark { color:var(--muted); }
.kw { font-weight:600; } .bg { font-size:11px; color:var(--muted); border:1px solid var(--line); border-radius:4px; padding:0 4px; margin-left:4px; }
code { font-family: Consolas, "SFMono-Regular", Menlo, monospace; font-size: 13px; }
pre { margin:6px 0 8px 18px; white-space:pre-wrap; overflow-wrap:anywhere; }
pre.doc { background:var(--panel); border:1px solid var(--line); border-radius:6px; padding:8px 10px; font-size:13px; }
pre.console { background:#0c0c0c; color:#cccccc; border-radius:6px; padding:10px 12px; font:13px/1.4 Consolas, "Cascadia Mono", Menlo, monospace; }
pre.console .prompt { color:#f0f0f0; } pre.console .code { color:#8b949e; }
pre.error { background:#ffebe9; color:#82071e; border:1px solid #ffcecb; border-radius:6px; padding:8px 10px; font-size:13px; white-space:pre-wrap; }
table.data { border-collapse:collapse; margin:4px 0 8px 18px; font-size:13px; }
table.data td { border:1px solid var(--line); padding:2px 8px; }
nav.toc { columns: 2; font-size:14px; }
"#;

/// The page.
pub(super) fn render(
    features: &[FeatureRun],
    parse_errors: &[String],
    seed: Option<u64>,
) -> String {
    let mut order: Vec<&FeatureRun> = features.iter().collect();
    order.sort_by(|a, b| b.failed().cmp(&a.failed()).then(a.path.cmp(&b.path)));
    let scenarios: Vec<(&FeatureRun, &ScenarioRun)> = order
        .iter()
        .flat_map(|f| f.scenarios.iter().map(move |s| (*f, s)))
        .collect();
    let failed: Vec<&(&FeatureRun, &ScenarioRun)> =
        scenarios.iter().filter(|(_, s)| s.failed()).collect();
    let steps: usize = scenarios.iter().map(|(_, s)| s.steps.len()).sum();
    let mut o = String::with_capacity(1 << 20);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>kbsim: what Windows does under each fault</title><style>{STYLE}</style></head><body><main>"
    );
    o.push_str(
        "<h1>kbsim: what Windows does under each fault</h1>\
         <p class=\"muted\">The Gherkin features of \"Troubleshoot Azure VM RDP connection issues by \
         Event ID\", run on simulated Windows hosts. Each scenario builds a host, breaks it, and \
         shows what the article's commands print on it.</p>",
    );
    let verdict = !failed.is_empty() || !parse_errors.is_empty();
    let _ = write!(
        o,
        "<div class=\"summary\"><div class=\"stat {}\"><b>{}</b>run {}</div>\
         <div class=\"stat\"><b>{}</b>features</div>\
         <div class=\"stat pass\"><b>{}</b>scenarios passed</div>\
         <div class=\"stat {}\"><b>{}</b>scenarios failed</div>\
         <div class=\"stat\"><b>{steps}</b>steps run</div></div>",
        if verdict { "fail" } else { "pass" },
        if verdict { "✗" } else { "✓" },
        if verdict { "failed" } else { "passed" },
        features.len(),
        scenarios.len() - failed.len(),
        if failed.is_empty() { "" } else { "fail" },
        failed.len(),
    );
    if verdict {
        o.push_str("<div class=\"failures\"><h3>Failures</h3><ul>");
        for e in parse_errors {
            let _ = write!(
                o,
                "<li>a feature does not parse: <code>{}</code></li>",
                esc(e)
            );
        }
        for (f, s) in &failed {
            let why = s
                .hook_error
                .clone()
                .or_else(|| {
                    s.steps.iter().find_map(|st| match &st.outcome {
                        Outcome::Failed(m) => Some(m.clone()),
                        Outcome::Undefined => {
                            Some(format!("no step matches \"{}\"", st.step.value))
                        }
                        Outcome::Passed => None,
                    })
                })
                .unwrap_or_default();
            let first = why.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            let _ = write!(
                o,
                "<li><a href=\"#{}\">{} — {}</a><br><span class=\"muted\">{}</span><br>\
                 <span class=\"replay\">replay: <code>{}</code></span></li>",
                scenario_id(f, s),
                esc(&f.feature.name),
                esc(&s.scenario.name),
                esc(first),
                esc(&replay(s, seed)),
            );
        }
        o.push_str("</ul></div>");
    }
    article(&mut o, features);
    o.push_str("<h2>Features</h2><nav class=\"toc\"><ul>");
    for f in &order {
        let _ = write!(
            o,
            "<li><a href=\"#{}\">{}</a>{}</li>",
            feature_id(&f.path),
            esc(&f.feature.name),
            if f.failed() { badge(true) } else { "" }
        );
    }
    o.push_str("</ul></nav>");
    for f in &order {
        feature(&mut o, f, seed);
    }
    o.push_str("</main></body></html>\n");
    o
}

/// The article's scenarios and causes, each linked to the features that prove it.
fn article(o: &mut String, features: &[FeatureRun]) {
    let link = |o: &mut String, path: &str| match features.iter().find(|f| f.path == path) {
        Some(f) => {
            let _ = write!(
                o,
                "<a href=\"#{}\">{}</a>{}",
                feature_id(path),
                esc(&f.feature.name),
                if f.failed() { badge(true) } else { "" }
            );
        }
        None => {
            let _ = write!(
                o,
                "<code>{}</code><span class=\"badge fail\">no such feature ran</span>",
                esc(path)
            );
        }
    };
    o.push_str("<h2>The article, and what proves it</h2><div class=\"article\">");
    for a in ARTICLE {
        let _ = write!(
            o,
            "<h3>Scenario {}: {}</h3><div class=\"muted\">Events: {}</div><ul>",
            a.number,
            esc(a.title),
            esc(a.events)
        );
        for (fault, words) in a.causes {
            let _ = write!(
                o,
                "<li>cause <code>{}</code>: {} — ",
                esc(fault),
                esc(words)
            );
            link(o, &format!("features/faults/{fault}.feature"));
            o.push_str("</li>");
        }
        o.push_str("<li>also: ");
        for (i, path) in a.features.iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            link(o, path);
        }
        o.push_str("</li></ul>");
    }
    o.push_str("</div>");
}

fn feature(o: &mut String, f: &FeatureRun, seed: Option<u64>) {
    let _ = write!(
        o,
        "<h2 id=\"{}\">{}: {}{}</h2><div class=\"muted\"><code>{}</code> · {} scenario{}</div>",
        feature_id(&f.path),
        esc(&f.feature.keyword),
        esc(&f.feature.name),
        badge(f.failed()),
        esc(&f.path),
        f.scenarios.len(),
        if f.scenarios.len() == 1 { "" } else { "s" }
    );
    if let Some(d) = f
        .feature
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        let _ = write!(o, "<div class=\"desc\">{}</div>", paragraphs(d));
    }
    let mut order: Vec<&ScenarioRun> = f.scenarios.iter().collect();
    order.sort_by_key(|s| (!s.failed(), s.scenario.position.line));
    for s in order {
        scenario(o, f, s, seed);
    }
}

/// A description as paragraphs: its lines joined, a blank line between paragraphs.
fn paragraphs(s: &str) -> String {
    let text = dedent(s);
    let mut o = String::new();
    for p in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let joined: Vec<&str> = p.lines().map(str::trim).collect();
        let _ = write!(o, "<p>{}</p>", step_text(&joined.join(" ")));
    }
    o
}

/// Text without the indentation its lines share.
fn dedent(s: &str) -> String {
    let indent = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    s.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn scenario(o: &mut String, f: &FeatureRun, s: &ScenarioRun, seed: Option<u64>) {
    let failed = s.failed();
    let _ = write!(
        o,
        "<div class=\"scenario{}\" id=\"{}\"><h3>{}{}: {}{}</h3>",
        if failed { " failed" } else { "" },
        scenario_id(f, s),
        s.rule
            .as_deref()
            .map_or(String::new(), |r| format!("{} › ", esc(r))),
        esc(&s.scenario.keyword),
        esc(&s.scenario.name),
        badge(failed)
    );
    let facts = &s.facts;
    let _ = write!(
        o,
        "<div class=\"facts\">OS: <b>{}</b> · faults: {} · host seed: {} · line {}</div>",
        esc(facts.os.as_deref().unwrap_or("no host built")),
        if facts.faults.is_empty() {
            "none".to_string()
        } else {
            facts
                .faults
                .iter()
                .map(|x| format!("<code>{}</code>", esc(x)))
                .collect::<Vec<_>>()
                .join(" ")
        },
        facts
            .seed
            .map_or("—".to_string(), |x| format!("<code>0x{x:x}</code>")),
        s.scenario.position.line
    );
    if failed {
        let _ = write!(
            o,
            "<div class=\"replay facts\">replay: <code>{}</code></div>",
            esc(&replay(s, seed))
        );
    }
    if let Some(d) = s
        .scenario
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        let _ = write!(o, "<div class=\"desc\">{}</div>", paragraphs(d));
    }
    if let Some(e) = &s.hook_error {
        let _ = write!(o, "<pre class=\"error\">{}</pre>", esc(e));
    }
    o.push_str("<ol class=\"steps\">");
    let mut consoles = facts.consoles.iter().peekable();
    for st in &s.steps {
        let (class, mark) = match st.outcome {
            Outcome::Passed => ("ok", "✓"),
            Outcome::Failed(_) => ("bad", "✗"),
            Outcome::Undefined => ("bad", "?"),
        };
        let _ = write!(
            o,
            "<li class=\"{class}\"><span class=\"mark\">{mark}</span><span class=\"kw\">{}</span>{}{}",
            esc(st.step.keyword.trim_end()),
            format_args!(" {}", step_text(&st.step.value)),
            if st.background {
                "<span class=\"bg\">background</span>"
            } else {
                ""
            }
        );
        if let Some(doc) = &st.step.docstring {
            let doc = doc.strip_prefix('\n').unwrap_or(doc);
            let _ = write!(
                o,
                "<pre class=\"doc\">{}</pre>",
                esc(doc.trim_end_matches('\n'))
            );
        }
        if let Some(t) = &st.step.table {
            o.push_str("<table class=\"data\">");
            for row in &t.rows {
                o.push_str("<tr>");
                for c in row {
                    let _ = write!(o, "<td>{}</td>", esc(c));
                }
                o.push_str("</tr>");
            }
            o.push_str("</table>");
        }
        if let Some(c) = consoles.next_if(|c| c.step == st.step.value) {
            console(o, c);
        }
        match &st.outcome {
            Outcome::Failed(m) => {
                let _ = write!(o, "<pre class=\"error\">{}</pre>", esc(m));
            }
            Outcome::Undefined => {
                o.push_str("<pre class=\"error\">No step definition matches this step.</pre>");
            }
            Outcome::Passed => {}
        }
        o.push_str("</li>");
    }
    // The steps a failure kept from running.
    let ran = s.steps.iter().filter(|x| !x.background).count();
    for st in s.scenario.steps.iter().skip(ran) {
        let _ = write!(
            o,
            "<li class=\"skip\"><span class=\"mark\">–</span><span class=\"kw\">{}</span> {} \
             <span class=\"muted\">(not run)</span></li>",
            esc(st.keyword.trim_end()),
            step_text(&st.value)
        );
    }
    o.push_str("</ol></div>");
}

/// A console block: the prompt and what was typed, then what it printed.
fn console(o: &mut String, c: &Console) {
    o.push_str("<pre class=\"console\">");
    if c.input.is_empty() {
        let _ = writeln!(o, "<span class=\"prompt\">{}</span>", esc(&c.prompt));
    } else if c.input.contains('\n') {
        let _ = write!(
            o,
            "<span class=\"prompt\">{}</span>\n<span class=\"prompt\">{}</span>\n\n",
            esc(&c.prompt),
            esc(&c.input)
        );
    } else {
        let _ = writeln!(
            o,
            "<span class=\"prompt\">{}{}</span>",
            esc(&c.prompt),
            esc(&c.input)
        );
    }
    o.push_str(&esc(&c.output));
    if let Some(code) = c.code {
        let _ = write!(o, "<span class=\"code\">[exit code {code}]</span>");
    }
    o.push_str("</pre>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_backticks_become_code() {
        assert_eq!(
            esc("a<b & 'c' \"d\">"),
            "a&lt;b &amp; &#39;c&#39; &quot;d&quot;&gt;"
        );
        assert_eq!(
            step_text("I run `icacls <x>` as \"NS\""),
            "I run <code>icacls &lt;x&gt;</code> as &quot;NS&quot;"
        );
        assert_eq!(
            feature_id("features/faults/tls10-disabled.feature"),
            "f-faults-tls10-disabled"
        );
        assert_eq!(dedent("  a\n    b\n  c\n"), "a\n  b\nc");
    }

    /// A run of one feature: a scenario that passed with a console, and one that failed.
    fn run() -> Vec<FeatureRun> {
        use crate::report::{ScenarioFacts, StepRun};
        use cucumber::gherkin::{Feature, GherkinEnv};
        use std::sync::Arc;
        let text = "Feature: machinekeys-acl\n  NETWORK SERVICE cannot read\n  the key.\n\n  Scenario: the query finds 36870\n    When I run `wevtutil qe system`\n    Then stdout contains \"36870\"\n\n  Scenario: a wrong expectation\n    When I run `ver`\n    Then stdout contains \"Windows 95\"\n";
        let feature = Arc::new(Feature::parse(text, GherkinEnv::default()).expect("a feature"));
        let scenarios = feature
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, sc)| {
                let steps = sc
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(j, st)| StepRun {
                        step: Arc::new(st.clone()),
                        background: false,
                        outcome: if i == 1 && j == 1 {
                            Outcome::Failed("stdout does not contain \"Windows 95\"".into())
                        } else {
                            Outcome::Passed
                        },
                    })
                    .collect();
                ScenarioRun {
                    scenario: Arc::new(sc.clone()),
                    rule: None,
                    steps,
                    hook_error: None,
                    facts: ScenarioFacts {
                        os: Some("Windows Server 2019".into()),
                        seed: Some(0x2a),
                        faults: vec!["machinekeys-acl".into()],
                        consoles: vec![Console {
                            step: sc.steps[0].value.clone(),
                            prompt: "C:\\Windows\\system32>".into(),
                            input: sc.steps[0].value[7..sc.steps[0].value.len() - 1].into(),
                            output: "Event[0]:\n  Event ID: 36870\n".into(),
                            code: Some(0),
                        }],
                    },
                }
            })
            .collect();
        vec![FeatureRun {
            feature,
            path: "features/faults/machinekeys-acl.feature".into(),
            scenarios,
        }]
    }

    #[test]
    fn the_page_puts_failures_on_top_and_shows_each_console() {
        let page = render(&run(), &[], Some(0x2a));
        let failures = page
            .find("<div class=\"failures\">")
            .expect("a failures section");
        let article = page
            .find("The article, and what proves it")
            .expect("the article");
        let first_scenario = page.find("<div class=\"scenario").expect("scenarios");
        assert!(failures < article && article < first_scenario);
        // Within the feature, the failed scenario comes first.
        let failed = page
            .find("id=\"f-faults-machinekeys-acl-l9\"")
            .expect("failed scenario");
        let passed = page
            .find("id=\"f-faults-machinekeys-acl-l5\"")
            .expect("passed scenario");
        assert!(failed < passed);
        assert!(page.contains("replay: <code>KBSIM_SEED=0x2a cargo test --test bdd -- --name &#39;^a wrong expectation$&#39;</code>"));
        assert!(page.contains("<pre class=\"console\"><span class=\"prompt\">C:\\Windows\\system32&gt;wevtutil qe system</span>\nEvent[0]:\n  Event ID: 36870\n"));
        assert!(
            page.contains("OS: <b>Windows Server 2019</b> · faults: <code>machinekeys-acl</code>")
        );
        assert!(page.contains("<p>NETWORK SERVICE cannot read the key.</p>"));
        // The article's scenario 1 links the cause to this feature; other causes ran nothing.
        assert!(page.contains("cause <code>machinekeys-acl</code>: NETWORK SERVICE can no longer read the listener&#39;s key container — <a href=\"#f-faults-machinekeys-acl\">"));
        assert!(page.contains("<code>features/faults/tls10-disabled.feature</code><span class=\"badge fail\">no such feature ran</span>"));
        // Nothing is fetched from elsewhere.
        for outside in ["http://", "https://", "src=", "<link", "@import"] {
            assert!(!page.contains(outside), "{outside}");
        }
    }

    #[test]
    fn the_article_table_names_the_knowledge_base_findings_in_their_scenarios() {
        let kb = crate::kb::builtin();
        for f in &kb.findings {
            let a = ARTICLE
                .iter()
                .find(|a| u32::from(a.number) == f.scenario)
                .unwrap_or_else(|| panic!("no scenario {} in the report", f.scenario));
            assert!(
                a.causes.iter().any(|(id, _)| *id == f.id),
                "{} missing from scenario {}",
                f.id,
                f.scenario
            );
        }
        let causes: usize = ARTICLE.iter().map(|a| a.causes.len()).sum();
        assert_eq!(causes, kb.findings.len());
    }

    #[test]
    fn every_cause_of_the_article_is_a_fault_of_the_catalog() {
        for a in ARTICLE {
            for (fault, _) in a.causes {
                assert!(
                    winsim::faults::parse(fault).is_ok(),
                    "scenario {}: {fault}",
                    a.number
                );
            }
        }
    }
}
