//! cmd.exe: its parser, its interpreter, its scripts and its built-ins.

pub mod builtin;
pub mod exec;
pub mod parse;
pub mod script;
