//! The knowledge base: articles as data (`kb/*.toml`), and the engine that diagnoses a host
//! from evidence and remediates it through scripts run by the simulated shells. The engine
//! knows no article and no fault: everything specific lives in the data.
//!
//! - `article.rs`   the data model, parsed and checked (errors name file and line).
//! - `diagnose.rs`  evidence checked on a fork of the host; findings with their playbooks.
//! - `remediate.rs` playbooks run step by step, each followed by a re-check; the run's diff.
//! - `check.rs`     every fault of the catalog on every OS preset: inject, diagnose, remediate, verify.
//! - `judge/`       a user's remediation script judged: restored, changes, collateral, privilege
//!   creep, downgrade, idempotent, unattended; what else it fixes.
//! - `shells.rs`    the shells commands and scripts run in.
//! - `text.rs`      diagnoses and reports as text.

pub mod article;
pub mod check;
pub mod diagnose;
pub mod judge;
pub mod remediate;
pub mod shells;
pub mod text;

pub use article::{Article, ArticleError};
pub use diagnose::{Diagnosis, Finding, Observed, Options, Runs};
pub use remediate::{Outcome, Report};

use std::sync::OnceLock;

/// The articles shipped with kbsim: (file name, text).
const BUILTIN: &[(&str, &str)] = &[(
    "kb/rdp-event-ids.toml",
    include_str!("../../kb/rdp-event-ids.toml"),
)];

/// The article "Troubleshoot Azure VM RDP connection issues by Event ID".
pub fn builtin() -> &'static Article {
    static ARTICLE: OnceLock<Article> = OnceLock::new();
    ARTICLE.get_or_init(|| {
        let (file, text) = BUILTIN[0];
        // A broken built-in article is a bug the unit test below catches before release.
        article::parse(text, file).unwrap_or_else(|e| panic!("{e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_articles_parse() {
        for (file, text) in BUILTIN {
            article::parse(text, file).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(builtin().findings.len(), 8);
    }
}
