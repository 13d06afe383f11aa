//! The seed of a run, read at the edges (the CLI and the Gherkin harness), never inside the
//! simulator: `KBSIM_SEED`, decimal or `0x` hex. A value that is not a seed is an error, not
//! a silent default, and every failure prints the seed with the variable that replays it.

/// The environment variable that sets the seed.
pub const VAR: &str = "KBSIM_SEED";

/// `KBSIM_SEED` if set (an error naming the variable if it is not a number), else
/// `winsim::host::DEFAULT_SEED`.
pub fn from_env() -> Result<u64, String> {
    match std::env::var(VAR) {
        Err(std::env::VarError::NotPresent) => Ok(winsim::host::DEFAULT_SEED),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{VAR}: not valid Unicode")),
        Ok(text) => parse(&text),
    }
}

/// A seed as `KBSIM_SEED` holds it.
pub fn parse(text: &str) -> Result<u64, String> {
    winsim::text::parse_number(text.trim()).ok_or_else(|| {
        format!("{VAR}: {text:?} is not a seed (a number from 0 to 18446744073709551615, decimal or 0x hex)")
    })
}

/// The line that tells how to replay a run: `KBSIM_SEED=0x... to replay`.
pub fn replay_hint(seed: u64) -> String {
    format!("seed {seed:#x}: set {VAR}={seed:#x} to replay")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_numbers_and_anything_else_is_named() {
        assert_eq!(parse("42"), Ok(42));
        assert_eq!(parse(" 0x6b62 "), Ok(0x6b62));
        for bad in ["abc", "-1", "0x", "1e3", ""] {
            let e = parse(bad).expect_err(bad);
            assert!(e.starts_with("KBSIM_SEED: "), "{e}");
        }
        assert_eq!(replay_hint(255), "seed 0xff: set KBSIM_SEED=0xff to replay");
    }
}
