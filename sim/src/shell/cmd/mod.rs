//! cmd.exe: its parser, its interpreter, its scripts and its built-ins.

pub mod builtin;
pub mod control;
pub mod exec;
pub mod flow;
pub mod parse;
pub mod script;

#[cfg(test)]
mod tests;
