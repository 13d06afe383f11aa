//! kbsim: the knowledge base over the simulated Windows host (`winsim`).
//!
//! - `kb`: the knowledge base: articles as data, diagnosis, remediation, the catalog check.
//! - `seed`: the run's seed from `KBSIM_SEED`, validated, and the line that replays it.
//! - `steps` (cargo feature `steps`): the Gherkin step library that `features/` run with.
//! - `report` (cargo feature `steps`): the Gherkin run as one self-contained HTML page.
//! - `kit` (cargo feature `steps`): steps that judge remediation scripts, for users' own suites.

pub mod kb;
pub mod seed;

#[cfg(feature = "steps")]
pub mod kit;
#[cfg(feature = "steps")]
pub mod report;
#[cfg(feature = "steps")]
pub mod steps;
