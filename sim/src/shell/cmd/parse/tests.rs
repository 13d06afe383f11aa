//! The parser's rules, one example each.

use super::*;

fn texts(line: &str) -> Vec<(Chain, Vec<String>)> {
    parse_line(line)
        .unwrap()
        .into_iter()
        .map(|s| {
            (
                s.chain,
                s.pipeline
                    .commands
                    .iter()
                    .map(|c| c.simple().unwrap().text.clone())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn operators_split_statements_and_pipelines() {
    assert_eq!(
        texts("a && b || c & d | more"),
        vec![
            (Chain::Always, vec!["a ".to_string()]),
            (Chain::And, vec!["b ".to_string()]),
            (Chain::Or, vec!["c ".to_string()]),
            (Chain::Always, vec!["d ".to_string(), "more".to_string()]),
        ]
    );
}

#[test]
fn quotes_and_carets_protect_operators() {
    assert_eq!(
        texts(r#"echo "a & b" ^& c"#),
        vec![(Chain::Always, vec![r#"echo "a & b" & c"#.to_string()])]
    );
}

#[test]
fn redirections_are_cut_out_with_their_handles() {
    let s = parse_line(r#"icacls C:\x /t /c > "c:\temp\before.txt" 2>&1"#).unwrap();
    let cmd = s[0].pipeline.commands[0].simple().unwrap();
    assert_eq!(cmd.text, r"icacls C:\x /t /c  ");
    assert_eq!(
        cmd.redirects,
        vec![
            Redirect {
                handle: 1,
                target: Target::Write {
                    path: r#""c:\temp\before.txt""#.into(),
                    append: false
                }
            },
            Redirect {
                handle: 2,
                target: Target::Dup(1)
            },
        ]
    );
}

#[test]
fn a_digit_inside_a_word_is_not_a_handle() {
    let s = parse_line("echo abc2>f").unwrap();
    let cmd = s[0].pipeline.commands[0].simple().unwrap();
    assert_eq!(cmd.text, "echo abc2");
    assert_eq!(cmd.redirects[0].handle, 1);
    let s = parse_line("echo abc 2>>f <in").unwrap();
    let cmd = s[0].pipeline.commands[0].simple().unwrap();
    assert_eq!(
        cmd.redirects[0],
        Redirect {
            handle: 2,
            target: Target::Write {
                path: "f".into(),
                append: true
            }
        }
    );
    assert_eq!(
        cmd.redirects[1],
        Redirect {
            handle: 0,
            target: Target::Read("in".into())
        }
    );
}

#[test]
fn the_transcript_rewrites_redirections_with_their_handles() {
    let show = |l: &str| render(&parse_line(l).unwrap());
    assert_eq!(show("ECHO This>out").as_deref(), Some("ECHO This 1>out"));
    assert_eq!(show("echo hi > f").as_deref(), Some("echo hi  1>f"));
    assert_eq!(
        show("type x 2>nul <in").as_deref(),
        Some("type x   2>nul 0<in")
    );
    assert_eq!(show("if 1==1 echo x"), None);
}

#[test]
fn rem_swallows_the_rest_of_the_line() {
    assert_eq!(
        texts("echo a & rem b & echo c > f"),
        vec![
            (Chain::Always, vec!["echo a ".to_string()]),
            (Chain::Always, vec!["rem b & echo c > f".to_string()]),
        ]
    );
    assert_eq!(
        texts("remark"),
        vec![(Chain::Always, vec!["remark".to_string()])]
    );
}

#[test]
fn misplaced_operators_are_cmds_syntax_errors() {
    assert_eq!(
        parse_line("& a").unwrap_err().0,
        "& was unexpected at this time."
    );
    assert_eq!(
        parse_line("a && && b").unwrap_err().0,
        "&& was unexpected at this time."
    );
    assert_eq!(
        parse_line("| more").unwrap_err().0,
        "| was unexpected at this time."
    );
    assert_eq!(
        parse_line("echo >").unwrap_err().0,
        "The syntax of the command is incorrect."
    );
    assert!(parse_line("a &").is_ok());
    assert!(parse_line("").unwrap().is_empty());
}
