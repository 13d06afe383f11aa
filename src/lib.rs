//! kbsim: the knowledge base over the simulated Windows host (`winsim`).
//!
//! - `steps` (cargo feature `steps`): the Gherkin step library that `features/` run with.

#[cfg(feature = "steps")]
pub mod steps;
