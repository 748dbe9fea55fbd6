//! The GitHub Actions format: workflow commands the runner turns into annotations on the
//! pull request, a job summary, and step outputs.
//!
//! What goes to the log, in order:
//!
//! 1. every finding as a plain line, between `::stop-commands::TOKEN` and `::TOKEN::`
//!    with an unpredictable token, so no text quoted from a plan can act as a workflow
//!    command, then the summary line;
//! 2. `::error` / `::warning` commands for at most [`MAX_ANNOTATIONS`] findings of each
//!    severity (GitHub shows no more per step), most important first, and a `::notice`
//!    counting the rest.
//!
//! With [`GithubEnv::step_summary`] a Markdown job summary is appended to that file
//! (kept under GitHub's 1 MiB cap), and with [`GithubEnv::output`] the `errors` and
//! `warnings` counts are appended as step outputs.

use super::concise::one_line;
use super::sarif::percent_encode_path;
use super::{GithubEnv, plural, summary_line};
use crate::diagnostic::{Diagnostic, Severity, code_span};
use crate::run::LintRun;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::Path;

/// Annotations GitHub shows per step and severity; the reporter emits no more.
pub const MAX_ANNOTATIONS: usize = 10;

/// The job summary is kept below this many bytes, pre-existing content of the file
/// included (GitHub rejects a step summary over 1 MiB).
pub const SUMMARY_LIMIT: usize = 1_000_000;

/// Bytes of a message one job-summary row shows.
const SUMMARY_MESSAGE_LIMIT: usize = 1_000;

/// Bytes of a message (and of its help) one annotation carries.
const ANNOTATION_MESSAGE_LIMIT: usize = 4_000;

/// Writes `run` as GitHub workflow commands, and appends the job summary and step
/// outputs to the files `env` names.
pub fn write(run: &LintRun, env: &GithubEnv, out: &mut dyn Write) -> io::Result<()> {
    write_log(run, out, &stop_token())?;
    write_annotations(run, env, out)?;
    if let Some(path) = &env.step_summary {
        append_step_summary(run, env, path)?;
    }
    if let Some(path) = &env.output {
        let mut file = open_append(path)?;
        write!(
            file,
            "errors={}\nwarnings={}\n",
            run.errors(),
            run.warnings()
        )?;
    }
    Ok(())
}

/// The plain listing, with workflow commands stopped while document text is echoed.
fn write_log(run: &LintRun, out: &mut dyn Write, token: &str) -> io::Result<()> {
    if !run.diagnostics.is_empty() {
        writeln!(out, "::stop-commands::{token}")?;
        for d in &run.diagnostics {
            writeln!(out, "{}", super::concise::line(d))?;
        }
        writeln!(out, "::{token}::")?;
    }
    writeln!(out, "{}", summary_line(run))
}

/// A token no plan can guess: the current time and process id, hashed with the
/// randomly keyed hasher of the standard library.
fn stop_token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let pid = std::process::id();
    let state = std::collections::hash_map::RandomState::new();
    let mut token = String::with_capacity(32);
    for round in 0u8..2 {
        let mut hasher = state.build_hasher();
        hasher.write_u8(round);
        hasher.write_u128(nanos);
        hasher.write_u32(pid);
        let _ = write!(token, "{:016x}", hasher.finish());
    }
    token
}

/// The `::error` / `::warning` commands, then a `::notice` for what did not fit.
fn write_annotations(run: &LintRun, env: &GithubEnv, out: &mut dyn Write) -> io::Result<()> {
    let mut left_out = [0; 2];
    for (severity, left) in [Severity::Error, Severity::Warning]
        .into_iter()
        .zip(&mut left_out)
    {
        // Most important first: broken dates and contradicting statuses before
        // placeholders, then by place.
        let chosen: Vec<&Diagnostic> = run
            .ranked()
            .into_iter()
            .filter(|d| d.severity == severity)
            .collect();
        *left = chosen.len().saturating_sub(MAX_ANNOTATIONS);
        for d in chosen.into_iter().take(MAX_ANNOTATIONS) {
            writeln!(out, "{}", annotation(d, run.repo_path(&d.path)))?;
        }
    }
    let [errors, warnings] = left_out;
    if errors + warnings > 0 {
        let count = match (errors, warnings) {
            (e, 0) => plural(e, "more error"),
            (0, w) => plural(w, "more warning"),
            (e, w) => format!(
                "{} ({}, {})",
                plural(e + w, "more finding"),
                plural(e, "error"),
                plural(w, "warning")
            ),
        };
        let verb = if errors + warnings == 1 { "is" } else { "are" };
        let see = if env.step_summary.is_some() {
            "The job summary and the log of this step list every finding."
        } else {
            "The log of this step lists every finding."
        };
        let message = format!(
            "{count} {verb} not shown as annotations: GitHub shows at most \
             {MAX_ANNOTATIONS} errors and {MAX_ANNOTATIONS} warnings per step. {see}"
        );
        writeln!(
            out,
            "::notice title={}::{}",
            escape_property("plan-lint"),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// One `::error` or `::warning` command. Columns only for a span on one line (the runner
/// drops them otherwise); an empty span is widened to one character.
fn annotation(d: &Diagnostic, path: &str) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let line = d.start.line.max(1);
    let mut properties = format!("file={},line={line}", escape_property(path));
    if d.end.line <= line {
        let col = d.start.column.max(1);
        let end_col = d.end.column.max(col + 1);
        let _ = write!(properties, ",endLine={line},col={col},endColumn={end_col}");
    } else {
        // A span that ends at the start of a line ends on the line before.
        let end_line = if d.end.column <= 1 {
            d.end.line - 1
        } else {
            d.end.line
        };
        let _ = write!(properties, ",endLine={}", end_line.max(line));
    }
    let title = format!("{} {}", d.rule.code(), d.rule.name());
    let _ = write!(properties, ",title={}", escape_property(&title));
    let mut message = bounded(&d.message, ANNOTATION_MESSAGE_LIMIT);
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&bounded(help, ANNOTATION_MESSAGE_LIMIT));
    }
    format!("::{command} {properties}::{}", escape_data(&message))
}

/// Escapes a workflow command's message: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a workflow command's property value: `%`, CR, LF, `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn open_append(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
}

/// Appends the job summary to `path`, keeping the file under [`SUMMARY_LIMIT`] bytes.
fn append_step_summary(run: &LintRun, env: &GithubEnv, path: &Path) -> io::Result<()> {
    let existing = std::fs::metadata(path).map_or(0, |m| m.len());
    let budget = SUMMARY_LIMIT.saturating_sub(usize::try_from(existing).unwrap_or(usize::MAX));
    // A blank line first, so earlier content without a final newline cannot swallow the
    // heading.
    let separator = if existing > 0 { "\n" } else { "" };
    let summary = step_summary(run, env, budget.saturating_sub(separator.len()));
    if summary.is_empty() {
        return Ok(());
    }
    let mut file = open_append(path)?;
    file.write_all(separator.as_bytes())?;
    file.write_all(summary.as_bytes())
}

/// The Markdown job summary, at most `budget` bytes (empty when even the heading does
/// not fit).
fn step_summary(run: &LintRun, env: &GithubEnv, budget: usize) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "## plan-lint\n\n{}\n", summary_line(run));
    if run.diagnostics.is_empty() {
        text.push_str("No findings.\n\n");
        return if text.len() <= budget {
            text
        } else {
            String::new()
        };
    }

    text.push_str("| Code | Rule | Errors | Warnings |\n| --- | --- | ---: | ---: |\n");
    for count in run.rule_counts() {
        let _ = writeln!(
            text,
            "| {} | `{}` | {} | {} |",
            count.rule.code(),
            count.rule.name(),
            count.errors,
            count.warnings
        );
    }
    text.push_str("\n| Location | Rule | Severity | Message |\n| --- | --- | --- | --- |\n");

    // Room for the closing line saying how many findings were left out.
    const RESERVE: usize = 200;
    if text.len() + RESERVE > budget {
        return String::new();
    }
    let blob = match (&env.server_url, &env.repository, &env.sha) {
        (Some(server), Some(repository), Some(sha)) => Some(format!(
            "{}/{repository}/blob/{sha}",
            server.trim_end_matches('/')
        )),
        _ => None,
    };
    let mut shown = 0;
    // Most important first, so what a full summary leaves out is what matters least.
    for d in run.ranked() {
        let path = run.repo_path(&d.path);
        let place = escape_cell(&code_span(&format!("{path}:{}", d.start.line)));
        let location = match &blob {
            Some(blob) => format!(
                "[{place}]({blob}/{}#L{})",
                percent_encode_path(path),
                d.start.line
            ),
            None => place,
        };
        let row = format!(
            "| {location} | {} `{}` | {} | {} |\n",
            d.rule.code(),
            d.rule.name(),
            d.severity.as_str(),
            escape_cell(&code_span(&bounded(
                &one_line(&d.message),
                SUMMARY_MESSAGE_LIMIT
            )))
        );
        // A row that does not fit is left out and counted; a shorter one after it may
        // still fit.
        if text.len() + row.len() + RESERVE > budget {
            continue;
        }
        text.push_str(&row);
        shown += 1;
    }
    let hidden = run.diagnostics.len() - shown;
    if hidden > 0 {
        let _ = writeln!(
            text,
            "\n{} not listed: GitHub limits a job summary to 1 MiB. The log of this step \
             lists every finding.",
            plural(hidden, "more finding")
        );
    }
    text.push('\n');
    text
}

/// A code span made safe for a table cell: GitHub splits cells at every `|` not written
/// `\|`, code spans included, and unescapes `\|` inside them.
fn escape_cell(span: &str) -> String {
    span.replace('|', "\\|")
}

/// `text` at most `limit` bytes, cut at a character boundary with `…`.
fn bounded(text: &str, limit: usize) -> String {
    let mut text = text.to_string();
    if text.len() > limit {
        text.truncate(crate::source::floor_char_boundary(&text, limit));
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_property("a%b:c,d\re\nf"), "a%25b%3Ac%2Cd%0De%0Af");
        assert_eq!(escape_data("a%b:c,d\re\nf"), "a%25b:c,d%0De%0Af");
        // `%` first: an escape sequence in the input is not mistaken for one.
        assert_eq!(escape_property("%0A"), "%250A");
    }

    #[test]
    fn tokens_differ() {
        let a = stop_token();
        assert!(a.len() >= 16 && a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, stop_token());
    }
}
