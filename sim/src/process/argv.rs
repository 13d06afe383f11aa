//! Splitting a command's text into arguments.
//!
//! - [`command_line_to_argv`]: the rules of `CommandLineToArgvW` (and the C runtime), which
//!   every external program uses: whitespace separates, `"` toggles quoting, backslashes are
//!   literal unless they precede a `"` (2n backslashes + `"` -> n backslashes and a quote
//!   toggle; 2n+1 -> n backslashes and a literal `"`), and `""` inside quotes is a literal `"`.
//!   The first word (the program name) only honours quotes, no backslash rules.
//!   Source: learn.microsoft.com "Parsing C++ command-line arguments" and
//!   "CommandLineToArgvW function".
//! - [`split_builtin_args`]: how cmd's own commands (`mkdir`, `type`, `dir`) split their text:
//!   space, tab, `,`, `;` and `=` separate outside quotes; quotes are removed.

/// Splits a full command line (program name first) as `CommandLineToArgvW` does.
pub fn command_line_to_argv(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut args = Vec::new();
    let mut i = 0;
    // argv[0]: quotes delimit, nothing else is special.
    while i < chars.len() && is_space(chars[i]) {
        i += 1;
    }
    if i < chars.len() {
        let mut name = String::new();
        if chars[i] == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                name.push(chars[i]);
                i += 1;
            }
            i += 1;
        } else {
            while i < chars.len() && !is_space(chars[i]) {
                name.push(chars[i]);
                i += 1;
            }
        }
        args.push(name);
    }
    args.extend(split_args(&chars[i.min(chars.len())..]));
    args
}

/// Splits arguments (no program name) with the C runtime's backslash and quote rules.
pub fn split_args_only(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    split_args(&chars)
}

fn split_args(chars: &[char]) -> Vec<String> {
    let mut args = Vec::new();
    let mut i = 0;
    loop {
        while i < chars.len() && is_space(chars[i]) {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let mut arg = String::new();
        let mut quoted = false;
        while i < chars.len() && (quoted || !is_space(chars[i])) {
            match chars[i] {
                '\\' => {
                    let start = i;
                    while i < chars.len() && chars[i] == '\\' {
                        i += 1;
                    }
                    let n = i - start;
                    if i < chars.len() && chars[i] == '"' {
                        arg.extend(std::iter::repeat_n('\\', n / 2));
                        if n % 2 == 1 {
                            arg.push('"');
                            i += 1;
                        }
                    } else {
                        arg.extend(std::iter::repeat_n('\\', n));
                    }
                }
                '"' => {
                    if quoted && chars.get(i + 1) == Some(&'"') {
                        // `""` inside quotes: a literal quote (the C runtime since 2008).
                        arg.push('"');
                        i += 2;
                    } else {
                        quoted = !quoted;
                        i += 1;
                    }
                }
                c => {
                    arg.push(c);
                    i += 1;
                }
            }
        }
        args.push(arg);
    }
    args
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// True for the characters cmd treats as argument separators for its built-ins.
pub fn is_cmd_delimiter(c: char) -> bool {
    matches!(c, ' ' | '\t' | ',' | ';' | '=')
}

/// Splits the text of a cmd built-in (`mkdir "a b" c`) into words, quotes removed.
pub fn split_builtin_args(text: &str) -> Vec<String> {
    split_words(text, is_cmd_delimiter)
}

/// Splits like [`split_builtin_args`] but only at spaces and tabs (paths may hold `,;=`).
pub fn split_paths(text: &str) -> Vec<String> {
    split_words(text, is_space)
}

/// Words of `text` separated by runs of `is_separator` outside quotes, quotes removed (`""`
/// is an empty word).
fn split_words(text: &str, is_separator: fn(char) -> bool) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut has = false;
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
            has = true;
        } else if !quoted && is_separator(c) {
            if has {
                words.push(std::mem::take(&mut word));
                has = false;
            }
        } else {
            word.push(c);
            has = true;
        }
    }
    if has {
        words.push(word);
    }
    words
}

/// Quotes one argument so that `command_line_to_argv` gives it back unchanged.
pub fn quote_arg(arg: &str) -> String {
    if !arg.is_empty() && !arg.chars().any(|c| is_space(c) || c == '"') {
        return arg.to_string();
    }
    let mut out = String::from('"');
    let mut backslashes = 0;
    for c in arg.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                out.extend(std::iter::repeat_n('\\', backslashes * 2 + 1));
                out.push('"');
                backslashes = 0;
            }
            _ => {
                out.extend(std::iter::repeat_n('\\', backslashes));
                out.push(c);
                backslashes = 0;
            }
        }
    }
    out.extend(std::iter::repeat_n('\\', backslashes * 2));
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        command_line_to_argv(s)
    }

    #[test]
    fn the_documented_examples_split_as_the_runtime_splits_them() {
        // The table of "Parsing C++ command-line arguments".
        assert_eq!(argv(r#"p "abc" d e"#), ["p", "abc", "d", "e"]);
        assert_eq!(argv(r#"p a\\b d"e f"g h"#), ["p", r"a\\b", "de fg", "h"]);
        assert_eq!(argv(r#"p a\\\"b c d"#), ["p", r#"a\"b"#, "c", "d"]);
        assert_eq!(argv(r#"p a\\\\"b c" d e"#), ["p", r"a\\b c", "d", "e"]);
        assert_eq!(argv(r#"p a"b"" c d"#), ["p", r#"ab" c d"#]);
    }

    #[test]
    fn the_program_name_ignores_backslash_rules() {
        assert_eq!(
            argv(r#""C:\Program Files\x.exe" /v "a b""#),
            [r"C:\Program Files\x.exe", "/v", "a b"]
        );
    }

    #[test]
    fn an_icacls_grant_keeps_its_principal_in_one_argument() {
        assert_eq!(
            argv(r#"icacls C:\x /grant "NT AUTHORITY\NETWORK SERVICE:(R)""#),
            [
                "icacls",
                r"C:\x",
                "/grant",
                r"NT AUTHORITY\NETWORK SERVICE:(R)"
            ]
        );
    }

    #[test]
    fn quoting_round_trips() {
        for a in ["", "a b", r#"say "hi""#, r"C:\dir\", r"x\\"] {
            let line = format!("p {}", quote_arg(a));
            assert_eq!(argv(&line), ["p", a], "{line}");
        }
    }

    #[test]
    fn builtins_split_at_cmd_delimiters_and_drop_quotes() {
        assert_eq!(split_builtin_args(r#""a b" c,d"#), ["a b", "c", "d"]);
        assert_eq!(split_paths(r#""C:\a b" C:\c,d"#), [r"C:\a b", r"C:\c,d"]);
    }
}
