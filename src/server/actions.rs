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
            // Only a comment that does nothing goes: one naming an unknown rule may still
            // hide findings of the rules it names rightly.
            if !(finding.message == crate::suppress::SUPPRESSES_NOTHING
                || finding.message.starts_with(crate::suppress::EXPIRED))
            {
                continue;
            }
            let Some(edit) = removal(text, &lines, finding) else {
                continue;
            };
            ("Remove this suppression".to_string(), edit, true)
        } else {
            let Some(line_start) = text
                .get(..finding.span.start)
                .map(|before| before.rfind(['\n', '\r']).map_or(0, |at| at + 1))
            else {
                continue;
            };
            // One comment per line and rule, however many findings the line holds.
            if suppressed_lines.contains(&(line_start, finding.rule)) {
                continue;
            }
            suppressed_lines.push((line_start, finding.rule));
            let Some(edit) = suppression(text, &lines, line_start, finding.rule) else {
                continue;
            };
            (
                format!("Suppress `{}` on this line", finding.rule.name()),
                edit,
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

/// The directive a suppression of one line starts with.
const NEXT_LINE: &str = "plan-lint-disable-next-line";

/// How to suppress `rule` on the line starting at `line_start`: add the rule to the
/// `plan-lint-disable-next-line` comment that already targets the line, else insert one
/// on a line of its own above it, indented as it is. `None` where a new line would change
/// the document's structure (inside front matter, a table, a list item's or paragraph's
/// continuation: an HTML comment line ends them) or the comment there suppresses every
/// rule already.
fn suppression(
    text: &str,
    lines: &Lines,
    line_start: usize,
    rule: RuleId,
) -> Option<lsp::TextEdit> {
    let previous = previous_lines(text, line_start);
    if let Some((start, line)) = previous.clone().find(|(_, l)| !l.trim().is_empty())
        && let Some(rest) = line
            .trim()
            .strip_prefix("<!--")
            .and_then(|l| l.trim_start().strip_prefix(NEXT_LINE))
    {
        let names = rest.strip_suffix("-->")?;
        let names = names.split("--").next().unwrap_or(names).trim_end();
        if names.trim().is_empty() {
            return None;
        }
        let at = start + line.find(NEXT_LINE)? + NEXT_LINE.len() + names.len();
        let at = lines.position(text, at);
        return Some(lsp::TextEdit {
            range: lsp::Range::new(at, at),
            new_text: format!(", {}", rule.name()),
        });
    }
    if in_front_matter(text, line_start) {
        return None;
    }
    let this_line = text[line_start..].lines().next().unwrap_or("");
    let is_heading = |l: &str| l.trim_start().starts_with('#');
    let starts_a_block = match previous.clone().next() {
        None => true,
        Some((_, above)) => above.trim().is_empty() || is_heading(above) || is_heading(this_line),
    };
    if !starts_a_block {
        return None;
    }
    // Above a byte order mark nothing may go.
    let line_start = if line_start == 0 && text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        line_start
    };
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let at = lines.position(text, line_start);
    Some(lsp::TextEdit {
        range: lsp::Range::new(at, at),
        new_text: format!("{indent}<!-- {NEXT_LINE} {} -- reason -->\n", rule.name()),
    })
}

/// The lines above the one starting at `line_start`, nearest first, with where each
/// starts (without its line ending).
fn previous_lines(text: &str, line_start: usize) -> impl Iterator<Item = (usize, &str)> + Clone {
    let mut end = line_start;
    std::iter::from_fn(move || {
        if end == 0 {
            return None;
        }
        let above = &text[..end];
        let content = above.strip_suffix('\n').unwrap_or(above);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let start = content.rfind(['\n', '\r']).map_or(0, |at| at + 1);
        end = start;
        Some((start, &content[start..]))
    })
}

/// Whether `at` lies in the document's YAML front matter (`---` on the first line, to
/// the next `---` or `...` line).
fn in_front_matter(text: &str, at: usize) -> bool {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut end = text.len() - body.len();
    let mut lines = body.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "---" => end += first.len(),
        _ => return false,
    }
    for line in lines {
        end += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return at < end;
        }
    }
    true
}

/// Deletes a suppression comment: its whole line when nothing else is on it.
fn removal(text: &str, lines: &Lines, finding: &Diagnostic) -> Option<lsp::TextEdit> {
    let (start, end) = (finding.span.start, finding.span.end.min(text.len()));
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |at| at + 1);
    let line_end = text
        .get(end..)?
        .find('\n')
        .map_or(text.len(), |at| end + at + 1);
    let alone = text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty();
    let (start, end) = if alone {
        (line_start, line_end)
    } else {
        (start, end)
    };
    Some(lsp::TextEdit {
        range: lines.range(text, start, end),
        new_text: String::new(),
    })
}
