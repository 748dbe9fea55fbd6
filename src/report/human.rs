//! The human format: one miette graphical report per finding, then a summary line.

use super::{HumanOptions, summary_line, terminal};
use crate::diagnostic::{Diagnostic, Severity};
use crate::run::LintRun;
use crate::source::floor_char_boundary;
use crate::source::{LineIndex, Span};
use miette::{
    GraphicalReportHandler, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};

/// Bytes of a long line shown on each side of a label.
const LONG_LINE_CONTEXT: usize = 120;

/// The part of a file one report shows. miette reads a source from its start to find a
/// span; handing it only this window keeps rendering linear however large the file or
/// long the line, while line numbers stay those of the file.
/// Its text is made safe for the terminal ([`terminal::safe`]); labels are mapped into it.
struct Window {
    text: String,
    /// Where the window starts in the file: spans are given in the file's offsets, moved
    /// by what the replaced control characters added before them.
    base: usize,
    /// 0-based line of `base` in the file.
    first_line: usize,
    name: String,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let window: &'a str = &self.text;
        let offset = span.offset().saturating_sub(self.base).min(window.len());
        let local = SourceSpan::new(offset.into(), span.len().min(window.len() - offset));
        let inner = window.read_span(&local, before, after)?;
        let start = inner.span().offset() + self.base;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new(start.into(), inner.span().len()),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// A finding dressed as a miette diagnostic.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<Window>,
    labels: Vec<(Span, Option<String>, bool)>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_none() {
            write!(f, "{}: ", terminal::safe(&self.diagnostic.path))?;
        }
        f.write_str(&terminal::safe(&self.diagnostic.message))
    }
}

impl std::error::Error for Report<'_> {}

/// Widens a byte span to character boundaries so miette never slices inside one.
fn clamp(text: &str, span: Span) -> Span {
    let start = floor_char_boundary(text, span.start);
    Span::new(start, ceil_char_boundary(text, span.end.max(start)))
}

/// The primary label and the secondary ones, on character boundaries.
fn labels_of(d: &Diagnostic, text: &str) -> Vec<(Span, Option<String>, bool)> {
    let safe = |label: &str| terminal::safe(label).into_owned();
    let mut labels = vec![(clamp(text, d.span), d.label.as_deref().map(safe), true)];
    for label in &d.secondary {
        labels.push((clamp(text, label.span), Some(safe(&label.message)), false));
    }
    labels
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
            .map(|h| Box::new(terminal::safe(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().map(
            |(span, label, primary)| {
                let at = (span.start, span.len());
                if *primary {
                    LabeledSpan::new_primary_with_span(label.clone(), at)
                } else {
                    LabeledSpan::new_with_span(label.clone(), at)
                }
            },
        )))
    }
}

/// The window of `text` a report shows: from the line before its first label to the
/// line after its last, cutting lines that are too long to print whole.
fn window(
    text: &str,
    index: &LineIndex,
    labels: &[(Span, Option<String>, bool)],
) -> (usize, usize, usize) {
    let lo = labels.iter().map(|l| l.0.start).min().unwrap_or(0);
    let hi = labels.iter().map(|l| l.0.end).max().unwrap_or(0);
    let first_line = index.line_of(lo).saturating_sub(1).max(1);
    let last_line = (index.line_of(hi) + 1).min(index.line_count());
    let mut start = index.line_start(first_line);
    let mut end = if last_line < index.line_count() {
        index.line_start(last_line + 1)
    } else {
        text.len()
    };
    if lo.saturating_sub(start) > 2 * LONG_LINE_CONTEXT {
        start = floor_char_boundary(text, lo - LONG_LINE_CONTEXT);
    }
    if end.saturating_sub(hi) > 2 * LONG_LINE_CONTEXT {
        end = ceil_char_boundary(text, hi + LONG_LINE_CONTEXT);
    }
    let shown_first_line = index.line_of(start);
    (start, end, shown_first_line - 1)
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Writes each finding as a miette report, then the summary line.
pub fn write(run: &LintRun, options: HumanOptions, out: &mut dyn Write) -> io::Result<()> {
    let theme = super::terminal_theme(options.color, options.unicode);
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1)
        // miette counts columns in bytes; the location is written into the source name
        // instead, with columns in characters like every other format.
        .without_primary_span_start();
    let mut indexes: BTreeMap<&str, LineIndex> = BTreeMap::new();
    for diagnostic in &run.diagnostics {
        let report = match run.sources.get(&diagnostic.path) {
            Some(text) => {
                let index = indexes
                    .entry(diagnostic.path.as_str())
                    .or_insert_with(|| LineIndex::new(text));
                let mut labels = labels_of(diagnostic, text);
                let (start, end, first_line) = window(text, index, &labels);
                let (shown, offsets) = terminal::safe_with_offsets(&text[start..end]);
                let moved = |at: usize| start + offsets.map(at.clamp(start, end) - start);
                for (span, _, _) in &mut labels {
                    *span = Span::new(moved(span.start), moved(span.end));
                }
                Report {
                    diagnostic,
                    source: Some(Window {
                        text: shown.into_owned(),
                        base: start,
                        first_line,
                        name: format!(
                            "{}:{}:{}",
                            terminal::safe(&diagnostic.path),
                            diagnostic.start.line,
                            diagnostic.start.column
                        ),
                    }),
                    labels,
                }
            }
            None => Report {
                diagnostic,
                source: None,
                labels: Vec::new(),
            },
        };
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, &report).is_err() {
            rendered = format!(
                "{}({}) {}:{}:{}: {}\n",
                diagnostic.rule.code(),
                diagnostic.rule.name(),
                terminal::safe(&diagnostic.path),
                diagnostic.start.line,
                diagnostic.start.column,
                terminal::safe(&diagnostic.message)
            );
        }
        writeln!(out, "{}", rendered.trim_end())?;
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(run))
}
