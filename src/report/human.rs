//! The human format: one miette graphical report per finding, then a summary line.

use super::{HumanOptions, summary_line};
use crate::diagnostic::{Diagnostic, Severity};
use crate::run::LintRun;
use crate::source::floor_char_boundary;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

/// A finding dressed as a miette diagnostic.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedSource<Arc<str>>>,
    text: Option<&'a str>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_none() {
            write!(f, "{}: ", self.diagnostic.path)?;
        }
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

/// Widens a byte span to character boundaries so miette never slices inside one.
fn clamp(text: &str, start: usize, end: usize) -> (usize, usize) {
    let start = floor_char_boundary(text, start);
    let mut end = end.clamp(start, text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    (start, end - start)
}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let rule = self.diagnostic.rule;
        Some(Box::new(format!("{}({})", rule.code(), rule.name())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text = self.text?;
        let d = self.diagnostic;
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            d.label.clone(),
            clamp(text, d.span.start, d.span.end),
        )];
        for label in &d.secondary {
            labels.push(LabeledSpan::new_with_span(
                Some(label.message.clone()),
                clamp(text, label.span.start, label.span.end),
            ));
        }
        Some(Box::new(labels.into_iter()))
    }
}

/// Writes each finding as a miette report, then the summary line.
pub fn write(run: &LintRun, options: HumanOptions, out: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1)
        // miette counts columns in bytes; the location is written into the source name
        // instead, with columns in characters like every other format.
        .without_primary_span_start();
    for diagnostic in &run.diagnostics {
        let text = run.sources.get(&diagnostic.path);
        let report = Report {
            diagnostic,
            source: text.map(|t| {
                let location = format!(
                    "{}:{}:{}",
                    diagnostic.path, diagnostic.start.line, diagnostic.start.column
                );
                NamedSource::new(location, Arc::clone(t))
            }),
            text: text.map(|t| &**t),
        };
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, &report).is_err() {
            rendered = format!(
                "{}({}) {}:{}:{}: {}\n",
                diagnostic.rule.code(),
                diagnostic.rule.name(),
                diagnostic.path,
                diagnostic.start.line,
                diagnostic.start.column,
                diagnostic.message
            );
        }
        writeln!(out, "{}", rendered.trim_end())?;
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(run))
}
