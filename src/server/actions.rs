//! What the server offers on a finding: its rule's documentation on hover, and quick
//! fixes (suppress it on its line, remove a suppression that no longer hides anything,
//! tick the Plan Status box that the Status field names).

use super::Document;
use super::text::{Encoding, Lines};
use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use lsp_types as lsp;
use std::collections::HashMap;

/// The documentation of the rules whose findings cover `position`, or `None` when no
/// finding does.
pub(super) fn hover(
    document: &Document,
    position: lsp::Position,
    encoding: Encoding,
) -> Option<lsp::Hover> {
    let text = &document.text;
    let lines = Lines::new(text, encoding);
    let at = lines.offset(text, position);
    let mut covering = document
        .findings
        .iter()
        .filter(|d| d.span.start <= at && at <= d.span.end);
    let first = covering.next()?;
    let mut rules = vec![first.rule];
    for d in covering {
        if !rules.contains(&d.rule) {
            rules.push(d.rule);
        }
    }
    let value = rules
        .iter()
        .map(|rule| rule.documentation().trim().to_string())
        .collect::<Vec<_>>()
        .join("\n\n---\n\n");
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value,
        }),
        range: Some(lines.range(text, first.span.start, first.span.end)),
    })
}

/// The quick fixes for the findings that meet `range`.
pub(super) fn code_actions(
    document: &Document,
    range: lsp::Range,
    encoding: Encoding,
) -> Vec<lsp::CodeActionOrCommand> {
    let text = &document.text;
    let lines = Lines::new(text, encoding);
    let (from, to) = (
        lines.offset(text, range.start),
        lines.offset(text, range.end),
    );
    let diagnostics = super::to_lsp(document, encoding);
    let mut actions = Vec::new();
    let mut suppressed_lines: Vec<(usize, RuleId)> = Vec::new();
    let status_fix = match &document.setup {
        Some(Ok((settings, context))) => crate::run::status_line_fix(settings, context, text),
        _ => None,
    };
    let mut status_fixed = false;
    for (finding, diagnostic) in document.findings.iter().zip(diagnostics) {
        if finding.span.start > to || finding.span.end < from {
            continue;
        }
        if let Some(fix) = &status_fix
            && finding.rule == RuleId::StatusMismatch
            && finding.span.start < fix.line.end
            && fix.line.start < finding.span.end
            && !std::mem::replace(&mut status_fixed, true)
        {
            let edits = fix
                .marks
                .iter()
                .map(|(mark, c)| lsp::TextEdit {
                    range: lines.range(text, mark.start, mark.end),
                    new_text: c.to_string(),
                })
                .collect();
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Tick `{}` on the Plan Status line", fix.label),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(HashMap::from([(document.uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: Some(true),
                ..Default::default()
            }));
        }
        let (title, edit, preferred) = if finding.rule == RuleId::UnusedSuppression {
            (
                "Remove this suppression".to_string(),
                removal(text, &lines, finding),
                true,
            )
        } else {
            let line_start = text[..finding.span.start]
                .rfind('\n')
                .map_or(0, |at| at + 1);
            // One comment per line and rule, however many findings the line holds.
            if suppressed_lines.contains(&(line_start, finding.rule)) {
                continue;
            }
            suppressed_lines.push((line_start, finding.rule));
            (
                format!("Suppress `{}` on this line", finding.rule.name()),
                suppression(text, &lines, line_start, finding.rule),
                false,
            )
        };
        actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title,
            kind: Some(lsp::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            edit: Some(lsp::WorkspaceEdit {
                changes: Some(HashMap::from([(document.uri.clone(), vec![edit])])),
                ..Default::default()
            }),
            is_preferred: Some(preferred),
            ..Default::default()
        }));
    }
    actions
}

/// A `plan-lint-disable-next-line` comment for `rule`, on a line of its own above the
/// line starting at `line_start`, indented as that line is (so a list item keeps its
/// list).
fn suppression(text: &str, lines: &Lines, line_start: usize, rule: RuleId) -> lsp::TextEdit {
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let at = lines.position(text, line_start);
    lsp::TextEdit {
        range: lsp::Range::new(at, at),
        new_text: format!(
            "{indent}<!-- plan-lint-disable-next-line {} -- reason -->\n",
            rule.name()
        ),
    }
}

/// Deletes a suppression comment: its whole line when nothing else is on it.
fn removal(text: &str, lines: &Lines, finding: &Diagnostic) -> lsp::TextEdit {
    let (start, end) = (finding.span.start, finding.span.end.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at + 1);
    let alone = text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty();
    let (start, end) = if alone {
        (line_start, line_end)
    } else {
        (start, end)
    };
    lsp::TextEdit {
        range: lines.range(text, start, end),
        new_text: String::new(),
    }
}
