//! Reporters: one per output format, each writing a [`LintRun`] to a writer.

pub mod human;
pub mod json;

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

/// Writes `run` in `format`.
pub fn write(
    format: Format,
    run: &LintRun,
    human: HumanOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(run, human, out),
        Format::Json => json::write(run, out),
    }
}

/// `1 error`, `2 errors`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
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
