//! The JSON contract (SPEC §5): stable, versioned, documented in the README.

use crate::run::LintRun;
use serde::Serialize;
use std::io::{self, Write};

/// Version of the JSON contract.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    plans_checked: usize,
    files_scanned: usize,
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'static str,
    code: &'static str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
    message: &'a str,
    help: Option<&'a str>,
    /// Other places that explain the finding: each placeholder of a collapsed run, the
    /// date a later one contradicts.
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

/// Writes `run` as pretty-printed JSON followed by a newline.
pub fn write(run: &LintRun, out: &mut dyn Write) -> io::Result<()> {
    let output = Output {
        version: VERSION,
        plans_checked: run.plans_checked,
        files_scanned: run.files_scanned,
        diagnostics: run
            .diagnostics
            .iter()
            .map(|d| Entry {
                rule: d.rule.name(),
                code: d.rule.code(),
                severity: d.severity.as_str(),
                path: &d.path,
                line: d.start.line,
                column: d.start.column,
                end_line: d.end.line,
                end_column: d.end.column,
                offset: d.span.start,
                length: d.span.len(),
                message: &d.message,
                help: d.help.as_deref(),
                related: d
                    .secondary
                    .iter()
                    .map(|l| Related {
                        line: l.start.line,
                        column: l.start.column,
                        end_line: l.end.line,
                        end_column: l.end.column,
                        offset: l.span.start,
                        length: l.span.len(),
                        message: &l.message,
                    })
                    .collect(),
            })
            .collect(),
        summary: Summary {
            errors: run.errors(),
            warnings: run.warnings(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}
