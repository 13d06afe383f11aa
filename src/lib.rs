//! kbsim: the knowledge base over the simulated Windows host (`winsim`).
//!
//! - `steps` (cargo feature `steps`): the Gherkin step library that `features/` run with.
//! - `report` (cargo feature `steps`): the Gherkin run as one self-contained HTML page.

#[cfg(feature = "steps")]
pub mod report;
#[cfg(feature = "steps")]
pub mod steps;
