//! Properties of the PowerShell parser and interpreter: always, printing a parsed script and
//! parsing the text again gives the same tree; always, any input gives a tree or an error
//! with a position inside the input, never a panic; always, running any input ends (bounded)
//! without a panic.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use winsim::shell::ps::{self, parse::parse_script};
use winsim::{Host, Process};

/// Small expressions, nested up to a few levels.
fn expr() -> impl Strategy<Value = String> + Clone {
    let leaf = prop_oneof![
        (0i64..100_000).prop_map(|n| n.to_string()),
        "[a-z]{1,6}".prop_map(|v| format!("${v}")),
        "[ -&(-~]{0,8}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        "[a-zA-Z0-9 ,.:]{0,8}".prop_map(|s| format!("\"{s} $x\"")),
        Just("$true".to_string()),
        Just("$null".to_string()),
        Just("@()".to_string()),
        Just("(Get-Service TermService).Status".to_string()),
        Just("[int]'7'".to_string()),
        Just("$env:COMPUTERNAME".to_string()),
        Just("2.5".to_string()),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec![
                    "+",
                    "-",
                    "*",
                    "-eq",
                    "-ne",
                    "-like",
                    "-match",
                    "-and",
                    "-or",
                    "-join",
                    "-contains",
                    "-in",
                    "-replace",
                    "-split",
                    "-f",
                    "..",
                    "-gt"
                ]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("-not {a}")),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| format!("@({})", v.join(", "))),
            (inner.clone(), inner.clone())
                .prop_map(|(k, v)| format!("@{{ Key = {k}; Other = {v} }}")),
            inner.clone().prop_map(|a| format!("$({a})")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("$a[{a}].Name.Substring({b}, 1)")),
            inner
                .clone()
                .prop_map(|a| format!("{{ param($p) $p + {a} }}")),
        ]
    })
}

/// Statements of the kinds scripts hold.
fn statement() -> impl Strategy<Value = String> + Clone {
    let e = expr();
    prop_oneof![
        ("[a-z]{1,5}", e.clone()).prop_map(|(v, x)| format!("${v} = {x}")),
        ("[a-z]{1,5}", e.clone()).prop_map(|(v, x)| format!("${v} += {x}")),
        e.clone(),
        (e.clone(), e.clone()).prop_map(|(c, x)| format!("if ({c}) {{ {x} }} elseif ($false) {{ 1 }} else {{ {x} }}")),
        e.clone().prop_map(|x| format!("foreach ($i in 1..3) {{ {x} }}")),
        e.clone().prop_map(|x| format!("try {{ throw {x} }} catch [Exception] {{ $_.Exception.Message }} finally {{ 'f' }}")),
        e.clone().prop_map(|x| format!("Get-ChildItem -Path 'HKLM:\\SOFTWARE' -ErrorAction SilentlyContinue | Where-Object {{ $_.Name -like {x} }} | Select-Object -First 2")),
        e.clone().prop_map(|x| format!("Write-Host {x} -NoNewline")),
        e.clone().prop_map(|x| format!("function F($a = {x}) {{ return $a }}")),
        e.clone().prop_map(|x| format!("$i = 0; while ($i -lt 2) {{ $i++; {x} }}")),
        Just("icacls C:\\ProgramData /c > $null".to_string()),
        Just("Get-Command Get-ChildItem, gci -ErrorAction:SilentlyContinue".to_string()),
        Just("icacls C:\\x /grant \"NT AUTHORITY\\NETWORK SERVICE:(R)\" 2>&1 | Out-String".to_string()),
        Just("Set-ItemProperty –Path 'HKLM:\\SOFTWARE\\X' –Name Enabled –Value 1".to_string()),
        Just("$h = @{}; $h['k'] = 1; $h.k++; [pscustomobject]@{ A = $h.k } | Format-List".to_string()),
        Just("@\"\nhere $x\n\"@".to_string()),
    ]
}

fn script() -> impl Strategy<Value = String> {
    prop::collection::vec(statement(), 1..5).prop_map(|s| s.join("\n"))
}

/// Text near the language: its tokens, glued at random.
fn noise() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "$", "$x", "${", "}", "{", "(", ")", "[", "]", "@(", "@{", "'", "\"", "`", "|", ";", "\n",
        "-eq", "–eq", "if", "else", "foreach", "in", "function", "param", "try", "catch", "=", ",",
        "..", "::", ".", "Get-Item", "-Path", "# c", "<#", "#>", "@\"\n", "\n\"@", "1", "0x1F",
        " ", "\u{201C}", "\u{2019}", "$(", "2>&1", ">", "&", "throw", "return", "[int]", "%", "?",
    ]);
    prop::collection::vec(token, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// always: a parsed script printed and parsed again is the same tree, and prints the same.
    #[test]
    fn printing_then_parsing_gives_the_same_tree(text in script()) {
        let tree = parse_script(&text).map_err(|e| TestCaseError::fail(format!("{e:?} in {text:?}")))?;
        let printed = tree.to_string();
        let again = parse_script(&printed).map_err(|e| TestCaseError::fail(format!("{e:?} in printed {printed:?} (from {text:?})")))?;
        prop_assert_eq!(&again, &tree, "printed: {}", printed);
        prop_assert_eq!(again.to_string(), printed);
    }

    /// always: any input parses or gives an error whose extent lies inside the input.
    #[test]
    fn any_input_gives_a_tree_or_an_error_with_a_position(text in prop_oneof![noise(), any::<String>()]) {
        if let Err(e) = parse_script(&text) {
            let len = text.chars().count();
            prop_assert!(e.start <= len, "{e:?} for {text:?}");
            prop_assert!(e.end > e.start, "{e:?}");
            prop_assert!(!e.message.is_empty() && !e.id.is_empty());
        }
    }

    /// always: running any input ends, within the bounds, without a panic.
    #[test]
    fn running_any_input_ends(text in prop_oneof![noise(), script()]) {
        let base = Host::builder().seed(3).build();
        let mut host = base.fork();
        let mut process = Process::new(host.admin_token());
        let options = ps::Options {
            limits: Some(ps::Limits { statements: 2_000, ..ps::Limits::default() }),
            ..ps::Options::default()
        };
        let out = ps::run_script_with(&mut host, &mut process, &text, &options);
        prop_assert!(out.code <= 255 || out.code == process.last_exit);
    }
}

/// sometimes: the generator reaches scripts that parse (the round trip is not vacuous).
#[test]
fn generated_scripts_parse() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut parsed = 0;
    for _ in 0..64 {
        let text = script().new_tree(&mut runner).unwrap().current();
        if parse_script(&text).is_ok() {
            parsed += 1;
        }
    }
    assert_eq!(parsed, 64, "every generated script parses");
}

/// Deep nesting is an error with a position, not a stack overflow.
#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!("{}1{}", "(".repeat(5_000), ")".repeat(5_000));
    let e = parse_script(&text).unwrap_err();
    assert_eq!(e.id, "ScriptTooDeep");
    let text = "@{a=".repeat(3_000);
    assert!(parse_script(&text).is_err());
}
