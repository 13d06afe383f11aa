//! What a parsed line is: statements, pipelines, commands (simple, blocks, `if`, `for`) and
//! their redirections.

/// How a statement joins the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    /// First statement, or after `&`: always runs.
    Always,
    /// After `&&`: runs if the previous one succeeded.
    And,
    /// After `||`: runs if the previous one failed.
    Or,
}

/// Where a redirection points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `> file` (or `>> file` when `append`).
    Write {
        /// The file name as written (quotes kept).
        path: String,
        /// `>>`.
        append: bool,
    },
    /// `< file`.
    Read(String),
    /// `>&N`: the same destination as handle N.
    Dup(u8),
}

/// One redirection of a handle (0 stdin, 1 stdout, 2 stderr).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The handle redirected.
    pub handle: u8,
    /// Where to.
    pub target: Target,
}

/// A simple command: its text (escapes removed, quotes kept, redirections cut out) and its
/// redirections in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleCommand {
    /// The command text, leading delimiters removed.
    pub text: String,
    /// Redirections, in order.
    pub redirects: Vec<Redirect>,
}

/// A command of a pipeline: a simple command, a parenthesised block, `if` or `for`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A command and its arguments.
    Simple(SimpleCommand),
    /// `( ... )` with the redirections written after the closing parenthesis.
    Block {
        /// The statements inside (a line break inside is a `&`).
        body: Vec<Statement>,
        /// Redirections of the whole block.
        redirects: Vec<Redirect>,
    },
    /// `if [/i] [not] condition command [else command]`.
    If(Box<If>),
    /// `for [/d|/r|/l|/f] %X in (set) do command`.
    For(Box<For>),
}

impl Command {
    /// The simple command, if this is one.
    #[cfg(test)]
    pub fn simple(&self) -> Option<&SimpleCommand> {
        match self {
            Command::Simple(s) => Some(s),
            _ => None,
        }
    }
}

/// What an `if` tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `errorlevel N`: true when `%ERRORLEVEL%` >= N.
    Errorlevel(String),
    /// `exist path`.
    Exist(String),
    /// `defined NAME`.
    Defined(String),
    /// `cmdextversion N`.
    CmdExtVersion(String),
    /// `a==b` or `a EQU b` (NEQ, LSS, LEQ, GTR, GEQ): left, operator (upper case), right.
    Compare(String, String, String),
}

/// An `if` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct If {
    /// `/i`: compare without regard to case.
    pub ignore_case: bool,
    /// `not`.
    pub negate: bool,
    /// The test.
    pub condition: Condition,
    /// What runs when the test holds (to the end of the line).
    pub then: Vec<Statement>,
    /// What runs otherwise (`else`, only after a parenthesised `then`).
    pub otherwise: Option<Vec<Statement>>,
}

/// Which kind of `for`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForKind {
    /// The set's words; wildcards match files.
    Plain,
    /// `/d`: wildcards match folders.
    Dirs,
    /// `/r [root]`: the set in every folder below root.
    Recurse(Option<String>),
    /// `/l`: `(start,step,end)`.
    Range,
    /// `/f ["options"]`: lines of files, a string or a command's output.
    Lines(Option<String>),
}

/// A `for` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct For {
    /// Which `for`.
    pub kind: ForKind,
    /// The variable's letter (`%%a` in a script, `%a` on the command line).
    pub var: char,
    /// The text between the parentheses of `in (...)`.
    pub set: String,
    /// The command after `do` (to the end of the line).
    pub body: Vec<Statement>,
    /// The command after `do` as written (for the echo-on transcript).
    pub body_text: String,
}

/// Commands joined by `|`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pipeline {
    /// The commands, left to right.
    pub commands: Vec<Command>,
}

/// A pipeline and how it joins the previous one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// `&`, `&&` or `||` before it.
    pub chain: Chain,
    /// The pipeline.
    pub pipeline: Pipeline,
}
