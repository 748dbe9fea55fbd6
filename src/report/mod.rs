//! Reporters: one per output format, each writing a [`LintRun`] to a writer.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::run::LintRun;
use crate::settings::Format;
use std::io::{self, Write};

/// How the human format looks.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// ANSI colour.
    pub color: bool,
    /// Wrap width.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 100,
        }
    }
}

/// What the GitHub format needs from the Actions environment (read by the binary, so
/// the library never looks at environment variables).
#[derive(Debug, Clone, Default)]
pub struct GithubEnv {
    /// `GITHUB_STEP_SUMMARY`: append the Markdown job summary here.
    pub step_summary: Option<std::path::PathBuf>,
    /// `GITHUB_OUTPUT`: append `errors=N` and `warnings=M` here.
    pub output: Option<std::path::PathBuf>,
    /// `GITHUB_SERVER_URL`, e.g. `https://github.com`.
    pub server_url: Option<String>,
    /// `GITHUB_REPOSITORY`, `owner/name`.
    pub repository: Option<String>,
    /// `GITHUB_SHA`, the commit the links in the summary point at.
    pub sha: Option<String>,
}

/// Everything the reporters may need besides the run.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The human format's look.
    pub human: HumanOptions,
    /// The Actions environment, for the GitHub format.
    pub github: GithubEnv,
}

/// Writes `run` in `format`.
pub fn write(
    format: Format,
    run: &LintRun,
    options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(run, options.human, out),
        Format::Concise => concise::write(run, out),
        Format::Json => json::write(run, out),
        Format::Sarif => sarif::write(run, out),
        Format::Github => github::write(run, &options.github, out),
        Format::Junit => junit::write(run, out),
    }
}

/// `1 error`, `2 errors`: a count and its noun.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The closing line of a run: `N errors, M warnings in K plans (F files scanned)`.
pub fn summary_line(run: &LintRun) -> String {
    format!(
        "{}, {} in {} ({} scanned)",
        plural(run.errors(), "error"),
        plural(run.warnings(), "warning"),
        plural(run.plans_checked, "plan"),
        plural(run.files_scanned, "file"),
    )
}
