//! Reporters: one per output format, each writing a [`LintRun`] to a writer.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod terminal;

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
    /// Box drawing and arrows; off, the reports use ASCII (a terminal that declares
    /// itself `TERM=dumb`).
    pub unicode: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 100,
            unicode: true,
        }
    }
}

/// The miette theme of a report: colour or not, Unicode box drawing or ASCII.
pub fn terminal_theme(color: bool, unicode: bool) -> miette::GraphicalTheme {
    match (color, unicode) {
        (true, true) => miette::GraphicalTheme::unicode(),
        (false, true) => miette::GraphicalTheme::unicode_nocolor(),
        (true, false) => miette::GraphicalTheme::ascii(),
        (false, false) => miette::GraphicalTheme::none(),
    }
}

/// `text` with every control character a terminal would act on made visible.
pub fn terminal_safe(text: &str) -> String {
    terminal::safe(text).into_owned()
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

/// Writes how many findings each rule reported (`--statistics`), most findings first,
/// as ruff does: a table for people, an array for `json`. Other formats have no
/// statistics form; the caller rejects them.
pub fn write_statistics(format: Format, run: &LintRun, out: &mut dyn Write) -> io::Result<()> {
    let mut counts = run.rule_counts();
    counts.sort_by_key(|c| (std::cmp::Reverse(c.total()), c.rule));
    if format == Format::Json {
        #[derive(serde::Serialize)]
        struct Row {
            code: &'static str,
            name: &'static str,
            count: usize,
            errors: usize,
            warnings: usize,
        }
        let rows: Vec<Row> = counts
            .iter()
            .map(|c| Row {
                code: c.rule.code(),
                name: c.rule.name(),
                count: c.total(),
                errors: c.errors,
                warnings: c.warnings,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    let width = counts
        .iter()
        .map(|c| c.total().to_string().len())
        .max()
        .unwrap_or(1);
    let name_width = counts
        .iter()
        .map(|c| c.rule.name().len())
        .max()
        .unwrap_or(0);
    for c in &counts {
        let severity = match (c.errors, c.warnings) {
            (_, 0) => "error".to_string(),
            (0, _) => "warning".to_string(),
            (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
        };
        writeln!(
            out,
            "{:>width$}  {}  {:<name_width$}  {severity}",
            c.total(),
            c.rule.code(),
            c.rule.name(),
        )?;
    }
    writeln!(out, "{}", summary_line(run))
}

/// Whether `--statistics` has a form in this output format.
pub fn has_statistics(format: Format) -> bool {
    matches!(format, Format::Human | Format::Concise | Format::Json)
}

/// `1 error`, `2 errors`: a count and its noun.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// How many rules the summary line names.
const SUMMARY_RULES: usize = 3;

/// The closing line of a run: `N errors, M warnings in K plans (F files scanned)`,
/// then the most important rules that fired with their counts
/// (`: 1 date-order, 12 placeholder, +1 more rule`).
pub fn summary_line(run: &LintRun) -> String {
    let mut line = format!(
        "{}, {} in {} ({} scanned)",
        plural(run.errors(), "error"),
        plural(run.warnings(), "warning"),
        plural(run.plans_checked, "plan"),
        plural(run.files_scanned, "file"),
    );
    let counts = run.rule_counts();
    for (i, count) in counts.iter().take(SUMMARY_RULES).enumerate() {
        line.push_str(if i == 0 { ": " } else { ", " });
        line.push_str(&format!("{} {}", count.total(), count.rule.name()));
    }
    if counts.len() > SUMMARY_RULES {
        line.push_str(&format!(
            ", +{}",
            plural(counts.len() - SUMMARY_RULES, "more rule")
        ));
    }
    line
}
