//! Environment variables of a console process, and cmd's first parsing phase (`%VAR%`).
//!
//! The environment starts with what a logged-on user (or a service account) sees on Windows
//! Server (`set` on an Azure image), derived from the host's name and the process's token.
//! `ERRORLEVEL`, `CD`, `DATE`, `TIME` and `RANDOM` are dynamic: computed when expanded,
//! never listed by `set`, and hidden by a variable of the same name (as in cmd).

use crate::host::Host;
use crate::principals::Sid;
use std::collections::BTreeMap;

/// Environment variables, names case-insensitive, listed in name order as `set` lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// Upper-cased name -> (name as written, value).
    vars: BTreeMap<String, (String, String)>,
    ready: bool,
}

impl Env {
    /// True once the defaults have been filled in.
    pub fn is_ready(&self) -> bool {
        self.ready
    }
    /// Fills in the defaults for `host` and the account `user` (only the first time).
    pub fn init(&mut self, host: &Host, user: &Sid) {
        if self.ready {
            return;
        }
        self.ready = true;
        for (name, value) in defaults(host, user) {
            self.vars
                .entry(name.to_uppercase())
                .or_insert((name, value));
        }
    }
    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(&name.to_uppercase()).map(|(_, v)| v.as_str())
    }
    /// Sets `name`; an empty value removes it (as `set NAME=` does).
    pub fn set(&mut self, name: &str, value: &str) {
        let key = name.to_uppercase();
        if value.is_empty() {
            self.vars.remove(&key);
        } else {
            let shown = self
                .vars
                .get(&key)
                .map(|(n, _)| n.clone())
                .unwrap_or_else(|| name.to_string());
            self.vars.insert(key, (shown, value.to_string()));
        }
    }
    /// The bytes the variables hold (names and values), for the bound on variable memory.
    pub fn size(&self) -> usize {
        self.vars.values().map(|(n, v)| n.len() + v.len()).sum()
    }
    /// Every variable as (name, value), in `set`'s order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.values().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

/// The profile folder and user name Windows gives an account.
fn profile(host: &Host, user: &Sid) -> (String, String, String) {
    let name = host.name().to_string();
    if *user == Sid::system() {
        return (
            format!("{name}$"),
            "WORKGROUP".into(),
            r"C:\Windows\system32\config\systemprofile".into(),
        );
    }
    if *user == Sid::network_service() {
        return (
            format!("{name}$"),
            "WORKGROUP".into(),
            r"C:\Windows\ServiceProfiles\NetworkService".into(),
        );
    }
    if *user == Sid::local_service() {
        return (
            format!("{name}$"),
            "WORKGROUP".into(),
            r"C:\Windows\ServiceProfiles\LocalService".into(),
        );
    }
    let account = host
        .principals()
        .name_of(user)
        .map(|n| n.rsplit('\\').next().unwrap_or(&n).to_string())
        .filter(|n| *n != "Administrators")
        .unwrap_or_else(|| crate::os::ADMIN_USER.to_string());
    let home = format!(r"C:\Users\{account}");
    (account, name, home)
}

/// The variables `set` shows in a fresh console on Windows Server (x64).
fn defaults(host: &Host, user: &Sid) -> Vec<(String, String)> {
    let (user_name, domain, home) = profile(host, user);
    let temp = if *user == Sid::system() {
        r"C:\Windows\TEMP".to_string()
    } else {
        format!(r"{home}\AppData\Local\Temp")
    };
    let name = host.name().to_string();
    let pairs: Vec<(&str, String)> = vec![
        ("ALLUSERSPROFILE", r"C:\ProgramData".into()),
        ("APPDATA", format!(r"{home}\AppData\Roaming")),
        (
            "CommonProgramFiles",
            r"C:\Program Files\Common Files".into(),
        ),
        (
            "CommonProgramFiles(x86)",
            r"C:\Program Files (x86)\Common Files".into(),
        ),
        (
            "CommonProgramW6432",
            r"C:\Program Files\Common Files".into(),
        ),
        ("COMPUTERNAME", name.clone()),
        ("ComSpec", r"C:\Windows\system32\cmd.exe".into()),
        ("HOMEDRIVE", "C:".into()),
        ("HOMEPATH", home.trim_start_matches("C:").to_string()),
        ("LOCALAPPDATA", format!(r"{home}\AppData\Local")),
        ("LOGONSERVER", format!(r"\\{name}")),
        ("NUMBER_OF_PROCESSORS", "2".into()),
        ("OS", "Windows_NT".into()),
        (
            "Path",
            format!(
                r"C:\Windows\system32;C:\Windows;C:\Windows\System32\Wbem;C:\Windows\System32\WindowsPowerShell\v1.0\;{home}\AppData\Local\Microsoft\WindowsApps;"
            ),
        ),
        (
            "PATHEXT",
            ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC".into(),
        ),
        ("PROCESSOR_ARCHITECTURE", "AMD64".into()),
        ("ProgramData", r"C:\ProgramData".into()),
        ("ProgramFiles", r"C:\Program Files".into()),
        ("ProgramFiles(x86)", r"C:\Program Files (x86)".into()),
        ("ProgramW6432", r"C:\Program Files".into()),
        ("PROMPT", "$P$G".into()),
        ("PUBLIC", r"C:\Users\Public".into()),
        ("SystemDrive", "C:".into()),
        ("SystemRoot", r"C:\Windows".into()),
        ("TEMP", temp.clone()),
        ("TMP", temp),
        ("USERDOMAIN", domain),
        ("USERNAME", user_name),
        ("USERPROFILE", home),
        ("windir", r"C:\Windows".into()),
    ];
    pairs.into_iter().map(|(n, v)| (n.to_string(), v)).collect()
}

/// A dynamic variable's value (`ERRORLEVEL` as a signed number, as cmd shows 0x8007xxxx codes).
pub fn dynamic(host: &mut Host, name: &str, cwd: &str, last_exit: u32) -> Option<String> {
    let dt = host.now().to_datetime();
    match name.to_ascii_uppercase().as_str() {
        "ERRORLEVEL" => Some((last_exit as i32).to_string()),
        "CD" => Some(cwd.to_string()),
        "DATE" => {
            let day = &format!("{}", dt.weekday())[..3];
            Some(format!(
                "{day} {:02}/{:02}/{:04}",
                dt.month() as u8,
                dt.day(),
                dt.year()
            ))
        }
        "TIME" => Some(format!(
            "{:>2}:{:02}:{:02}.{:02}",
            dt.hour(),
            dt.minute(),
            dt.second(),
            dt.millisecond() / 10
        )),
        "RANDOM" => Some(host.rng().below(32768).to_string()),
        _ => None,
    }
}

/// Expands `%NAME%` references (phase 1 of cmd's parser). In a script (`batch`), `%%` is a
/// percent sign, `%0`..`%9` and `%*` are the (empty) script arguments, and an undefined
/// variable expands to nothing; on the command line an undefined `%NAME%` stays as written.
/// `%NAME:~start,len%` and `%NAME:old=new%` work as in cmd. Unbounded: callers that expand
/// text from a script use [`expand_bounded`].
pub fn expand(text: &str, batch: bool, lookup: impl FnMut(&str) -> Option<String>) -> String {
    expand_bounded(text, batch, usize::MAX, &mut |_| String::new(), lookup).unwrap_or_default()
}

/// [`expand`] with the script's arguments and a bound: `arg` receives what follows the `%`
/// of an argument reference (`1`, `*`, `~dp0`, `~1`) and returns its expansion; the result
/// may hold at most `max` bytes, else `None` (the line is too long; nothing larger than the
/// bound is ever built).
pub fn expand_bounded(
    text: &str,
    batch: bool,
    max: usize,
    arg: &mut dyn FnMut(&str) -> String,
    mut lookup: impl FnMut(&str) -> Option<String>,
) -> Option<String> {
    let mut out = String::with_capacity(text.len().min(max));
    let mut rest = text;
    let push = |out: &mut String, s: &str| -> Option<()> {
        if out.len() + s.len() > max {
            return None;
        }
        out.push_str(s);
        Some(())
    };
    while let Some(p) = rest.find('%') {
        push(&mut out, &rest[..p])?;
        let after = &rest[p + 1..];
        if batch {
            let mut cs = after.chars();
            match cs.next() {
                Some('%') => {
                    push(&mut out, "%")?;
                    rest = &after[1..];
                    continue;
                }
                Some(c) if c.is_ascii_digit() || c == '*' => {
                    push(&mut out, &arg(&after[..1]))?;
                    rest = &after[1..];
                    continue;
                }
                Some('~') => {
                    // `%~[modifiers]N`: modifiers are letters, then the digit.
                    let mods = after[1..]
                        .find(|c: char| !c.is_ascii_alphabetic())
                        .map(|i| i + 1)
                        .unwrap_or(after.len());
                    if after[mods..].starts_with(|c: char| c.is_ascii_digit()) {
                        push(&mut out, &arg(&after[..mods + 1]))?;
                        rest = &after[mods + 1..];
                        continue;
                    }
                }
                _ => {}
            }
        }
        match after.find('%') {
            Some(q) if q > 0 => {
                let reference = &after[..q];
                match resolve(reference, &mut lookup) {
                    Some(v) => {
                        push(&mut out, &v)?;
                        rest = &after[q + 1..];
                    }
                    None if batch => rest = &after[q + 1..],
                    None => {
                        // Interactive: keep `%NAME` and rescan from the closing percent.
                        push(&mut out, "%")?;
                        push(&mut out, reference)?;
                        rest = &after[q..];
                    }
                }
            }
            _ => {
                if !batch {
                    push(&mut out, "%")?;
                }
                rest = after;
            }
        }
    }
    push(&mut out, rest)?;
    Some(out)
}

/// Expands `!NAME!` references at execution time (delayed expansion): an undefined name
/// gives nothing, `^!` is a literal `!`, a lone `!` disappears; `!NAME:~s,n!` and
/// `!NAME:old=new!` work as with percents. At most `max` bytes, else `None`.
pub fn expand_delayed(
    text: &str,
    max: usize,
    mut lookup: impl FnMut(&str) -> Option<String>,
) -> Option<String> {
    if !text.contains('!') {
        return Some(text.to_string());
    }
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '^' => {
                // With a `!` on the line, carets escape the next character once more.
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            '!' => {
                let rest = &text[i + 1..];
                if let Some(q) = rest.find('!') {
                    if let Some(v) = resolve(&rest[..q], &mut lookup) {
                        out.push_str(&v);
                    }
                    for _ in 0..rest[..q].chars().count() + 1 {
                        chars.next();
                    }
                }
            }
            c => out.push(c),
        }
        if out.len() > max {
            return None;
        }
    }
    Some(out)
}

/// `NAME`, `NAME:~s,n` or `NAME:old=new`.
fn resolve(reference: &str, lookup: &mut impl FnMut(&str) -> Option<String>) -> Option<String> {
    let Some((name, modifier)) = reference.split_once(':') else {
        return lookup(reference);
    };
    let value = lookup(name)?;
    if let Some(range) = modifier.strip_prefix('~') {
        let chars: Vec<char> = value.chars().collect();
        let len = chars.len() as i64;
        let (s, n) = match range.split_once(',') {
            Some((s, n)) => (
                s.trim().parse::<i64>().ok()?,
                Some(n.trim().parse::<i64>().ok()?),
            ),
            None => (range.trim().parse::<i64>().ok()?, None),
        };
        let start = if s < 0 { (len + s).max(0) } else { s.min(len) };
        let end = match n {
            None => len,
            Some(n) if n < 0 => (len + n).max(start),
            Some(n) => (start + n).min(len),
        };
        return Some(chars[start as usize..end as usize].iter().collect());
    }
    let (old, new) = modifier.split_once('=')?;
    if old.is_empty() {
        return Some(value);
    }
    Some(replace_ignore_case(&value, old, new))
}

fn replace_ignore_case(value: &str, old: &str, new: &str) -> String {
    let (star, old) = match old.strip_prefix('*') {
        Some(o) => (true, o),
        None => (false, old),
    };
    let lower = value.to_lowercase();
    let needle = old.to_lowercase();
    if lower.len() != value.len() || needle.is_empty() {
        return value.to_string();
    }
    if star {
        return match lower.find(&needle) {
            Some(p) => format!("{new}{}", &value[p + old.len()..]),
            None => value.to_string(),
        };
    }
    let mut out = String::new();
    let mut i = 0;
    while let Some(p) = lower[i..].find(&needle) {
        out.push_str(&value[i..i + p]);
        out.push_str(new);
        i += p + needle.len();
    }
    out.push_str(&value[i..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(name: &str) -> Option<String> {
        match name.to_ascii_uppercase().as_str() {
            "ERRORLEVEL" => Some("9009".into()),
            "SYSTEMROOT" => Some(r"C:\Windows".into()),
            _ => None,
        }
    }

    #[test]
    fn known_variables_expand_case_insensitively() {
        assert_eq!(expand("echo %errorlevel%", false, look), "echo 9009");
        assert_eq!(
            expand(r"dir %SystemRoot%\x", true, look),
            r"dir C:\Windows\x"
        );
    }

    #[test]
    fn unknown_variables_stay_on_the_command_line_and_vanish_in_scripts() {
        assert_eq!(expand("echo %NOPE% 50%", false, look), "echo %NOPE% 50%");
        assert_eq!(expand("echo %NOPE% 50%", true, look), "echo  50");
        assert_eq!(expand("echo 100%% %1", true, look), "echo 100% ");
    }

    #[test]
    fn arguments_and_bounds() {
        let mut arg = |r: &str| format!("<{r}>");
        assert_eq!(
            expand_bounded("a %1 %~dp0 %* %%", true, 100, &mut arg, look).as_deref(),
            Some("a <1> <~dp0> <*> %")
        );
        assert_eq!(
            expand_bounded("%SYSTEMROOT%%SYSTEMROOT%", true, 15, &mut arg, look),
            None
        );
        assert_eq!(
            expand_delayed("!SYSTEMROOT!\\x ^!y !nope! z", 100, look).as_deref(),
            Some("C:\\Windows\\x !y  z")
        );
    }

    #[test]
    fn substrings_and_substitutions_work() {
        assert_eq!(expand("%SYSTEMROOT:~3%", false, look), "Windows");
        assert_eq!(expand("%SYSTEMROOT:~0,2%", false, look), "C:");
        assert_eq!(expand("%SYSTEMROOT:~-3%", false, look), "ows");
        assert_eq!(expand("%SYSTEMROOT:windows=Temp%", false, look), r"C:\Temp");
    }
}
