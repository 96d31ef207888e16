//! The one error type of the library.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule file is malformed. Fix the file at the place shown, or run
    /// `claimex rules check DIR` to see every problem at once.
    #[error("{file}:{line}:{column}: {problem}")]
    Rule {
        /// The rule file, relative to the rule set's root.
        file: String,
        /// 1-based line number.
        line: usize,
        /// 1-based column (in characters) where the problem starts.
        column: usize,
        /// What is wrong.
        problem: String,
    },
    /// A rule file that a recognizer needs is absent from the rule set.
    #[error("{file}: rule file missing from the rule set")]
    MissingRuleFile {
        /// The file that was looked for, relative to the rule set's root.
        file: String,
    },
    /// A rule directory given with `--rules` could not be read.
    #[error("{}: cannot read rule directory: {source}", path.display())]
    RuleDir {
        /// The directory or file that failed.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A document date was not a valid `YYYY-MM-DD` calendar date.
    #[error("invalid document date {0:?}: expected YYYY-MM-DD")]
    Dct(String),
}

impl Error {
    pub(crate) fn rule(file: &str, line: usize, column: usize, problem: impl Into<String>) -> Self {
        Error::Rule { file: file.to_owned(), line, column, problem: problem.into() }
    }
}
