//! plan-lint's own errors (as opposed to findings): bad configuration, bad arguments,
//! a repository it cannot use. Each ends the run with exit code 2.
//!
//! The diagnostics carry no `code`: miette prints a code as the report's first line, and
//! a Rust module path there reads like an internal failure rather than the user's input.

use miette::{NamedSource, SourceSpan};
use std::path::PathBuf;

/// An error that stops the run.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    /// A configuration key plan-lint does not know.
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownConfigKey(Box<UnknownConfigKey>),
    /// A configuration file that cannot be read or parsed.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(Box<ConfigProblem>),
    /// A command-line value that cannot be used.
    #[error("{0}")]
    Usage(String),
    /// A git repository problem.
    #[error("{0}")]
    Git(String),
    /// An I/O error on something plan-lint must read or write. The cause is part of the
    /// message, not a chained source: miette would print it a second time.
    #[error("cannot {action} {}: {}", path.display(), describe_io(error))]
    Io {
        /// What plan-lint was doing, naming the flag that asked for it where one did.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
}

/// A configuration key plan-lint does not know (boxed in [`Error`]: the file's text
/// makes it large).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("unknown key `{key}` in {}", path.display())]
pub struct UnknownConfigKey {
    /// The key.
    pub key: String,
    /// The configuration file.
    pub path: PathBuf,
    /// The file's text, to point at the key.
    #[source_code]
    pub text: Option<NamedSource<String>>,
    /// Where the key is.
    #[label("not a plan-lint setting")]
    pub span: Option<SourceSpan>,
    /// "did you mean …", or where to find the keys.
    #[help]
    pub help: String,
}

/// A configuration file that cannot be parsed, or a value it cannot use.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("invalid configuration in {}: {message}", path.display())]
pub struct ConfigProblem {
    /// The configuration file.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
    /// The file's text, to point at the value.
    #[source_code]
    pub text: Option<NamedSource<String>>,
    /// Where the value is.
    #[label("here")]
    pub span: Option<SourceSpan>,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}

impl Error {
    /// A configuration error without a place in the file.
    pub fn config(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::Config(Box::new(ConfigProblem {
            path: path.into(),
            message: message.into(),
            text: None,
            span: None,
            help: None,
        }))
    }
}

/// An I/O error as a short phrase, the same on every platform for the common kinds.
pub fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or folder".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::IsADirectory => "it is a folder".to_string(),
        ErrorKind::NotADirectory => "a part of the path is not a folder".to_string(),
        ErrorKind::StorageFull => "no space left on the device".to_string(),
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        _ => error.to_string(),
    }
}

/// The candidate closest to `word`, when one is close enough to be a likely typo: at
/// most one edit (a transposition counts as one) per three characters. A similarity
/// score such as Jaro's finds `plan.md` close to `nope.md` through the shared suffix.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let allowed = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| !c.is_empty() && *c != word)
        .map(|c| (strsim::osa_distance(&word_lower, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_likely_typo_is_matched_and_an_unrelated_word_is_not() {
        let keys = ["include", "exclude", "template", "today"];
        assert_eq!(did_you_mean("inclde", keys), Some("include"));
        assert_eq!(did_you_mean("Exclude", keys), Some("exclude"));
        assert_eq!(did_you_mean("todya", keys), Some("today"));
        assert_eq!(did_you_mean("severity", keys), None);
        assert_eq!(did_you_mean("xyz", keys), None);
        let files = ["plan.md", "alpha.md"];
        assert_eq!(did_you_mean("nope.md", files), None);
        assert_eq!(did_you_mean("plam.md", files), Some("plan.md"));
        assert_eq!(did_you_mean("alpah.md", files), Some("alpha.md"));
    }

    #[test]
    fn io_errors_read_the_same_everywhere() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(describe_io(&missing), "no such file or folder");
    }
}
