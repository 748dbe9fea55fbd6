//! plan-lint's own errors (as opposed to findings): bad configuration, bad arguments,
//! a repository it cannot use. Each ends the run with exit code 2.

use std::path::PathBuf;

/// An error that stops the run.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    /// A configuration key plan-lint does not know.
    #[error("unknown key `{key}` in {}", path.display())]
    #[diagnostic(
        code(plan_lint::config),
        help("see `plan-lint init` for every key plan-lint reads")
    )]
    UnknownConfigKey {
        /// The key.
        key: String,
        /// The configuration file.
        path: PathBuf,
    },
    /// A configuration file that cannot be read or parsed.
    #[error("invalid configuration in {}: {message}", path.display())]
    #[diagnostic(code(plan_lint::config))]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A command-line value that cannot be used.
    #[error("{0}")]
    #[diagnostic(code(plan_lint::usage))]
    Usage(String),
    /// A git repository problem.
    #[error("{0}")]
    #[diagnostic(code(plan_lint::git))]
    Git(String),
    /// An I/O error on something plan-lint must read or write.
    #[error("cannot {action} {}: {source}", path.display())]
    #[diagnostic(code(plan_lint::io))]
    Io {
        /// What plan-lint was doing.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}
