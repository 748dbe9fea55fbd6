//! PL006 `missing-field`.

use super::{Context, Rule, RuleId};
use crate::profile::{FieldRole, Origin, StatusClass};

pub(super) const DOC: &str = r#"# missing-field (PL006)

## What it does
Flags a required header field that is absent or empty. The required fields are Plan ID,
Title, Version, Date, Author and Status (the plan's H1 stands in for a Title field, and
`Owner` for Author); `[fields] required` in the configuration changes the list. All
absent fields are reported together, once, at the top of the plan; an empty field is
reported where it stands.

A plan whose header lacks most of the built-in profile's required fields is written from
the team's own template, not this one: nothing is reported for the absent fields (point
`template =` at the team's template, or let plan-lint discover it, to check its fields).
A document of a discovered template (of no built-in family) whose status says it is
closed (implemented, rejected, superseded, withdrawn) is not asked for the fields it
lacks: templates gain fields over the years, and a closed document keeps the header of
its time. Fields the template marks *optional*, *if applicable* or *as needed* are
never required.

## Why
The header is how plans are found, cited and tracked. A plan with no ID or no author
cannot be referred to or asked about.

## Example
```markdown
# Implementation Plan: Billing

## Plan ID: PLAN-014
## Version:
```

## How to fix
Add the missing fields to the header, in any of the header styles plan-lint reads
(`## Key: value`, `**Key**: value`, `- **Key**: value`, a `| Key | value |` table).
"#;

/// The lifecycle class of the document's status: its profile's reading, or where the
/// profile knows no such value, what the value's words say.
fn closed_class(cx: &Context<'_>) -> Option<StatusClass> {
    cx.doc.status_class().or_else(|| {
        let field = cx.doc.status.as_ref().filter(|s| !s.is_placeholder)?;
        crate::profile::learn::class_of_words(cx.source.slice(field.span))
    })
}

/// Whether the field whose key stands at `key` gives its value on the lines below: more
/// indented than its own (`* Implementation:` then a nested list of pull requests), or
/// on the very next line as the paragraph's lazy continuation (`* Implementation:` then
/// `[org/repo#535](…)`).
fn value_continues_below(
    text: &str,
    key: crate::source::Span,
    doc: &crate::model::PlanDocument,
) -> bool {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let line_start = text[..key.start].rfind('\n').map_or(0, |i| i + 1);
    let Some(line_end) = text[key.start..].find('\n').map(|i| key.start + i + 1) else {
        return false;
    };
    let own = indent(&text[line_start..line_end]);
    let mut below = text[line_end..].lines();
    if let Some(next) = below.next()
        && !next.trim().is_empty()
    {
        if indent(next) > own {
            return true;
        }
        // The next field of a header written as plain `Key: value` lines.
        let next_end = line_end + next.len();
        if doc
            .fields
            .iter()
            .any(|f| (line_end..next_end).contains(&f.key_span.start))
        {
            return false;
        }
        let start = next.trim_start();
        let opens_block = start.starts_with(['*', '-', '+', '#', '|', '>', '`', '<'])
            || start
                .split_once(['.', ')'])
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        return !opens_block;
    }
    below
        .find(|l| !l.trim().is_empty())
        .is_some_and(|next| indent(next) > own)
}

/// Reports absent and empty header fields.
pub struct MissingField;

impl Rule for MissingField {
    fn id(&self) -> RuleId {
        RuleId::MissingField
    }

    fn check(&self, cx: &mut Context<'_>) {
        let doc = cx.doc;
        let profile = cx.profile;
        // The fields of a family whose metadata lives beside the document are checked in
        // that file.
        if profile.metadata.sibling.is_some() && !doc.is_metadata {
            return;
        }
        let mut absent = Vec::new();
        for (index, def) in profile.fields.iter().enumerate() {
            if !def.required {
                continue;
            }
            let label = def.label.as_str();
            match doc.header_field(index) {
                Some(field)
                    if field.value_span.is_empty()
                        && !value_continues_below(&cx.source.text, field.key_span, doc) =>
                {
                    cx.report(
                        field.key_span,
                        format!("the {} field is empty", crate::diagnostic::code(label)),
                    )
                    .label("no value")
                    .help(format!("fill in the {}'s {label}", profile.noun));
                }
                Some(_) => {}
                None if def.role == FieldRole::Title && doc.title.is_some() => {}
                None => absent.push(label),
            }
        }
        // A phase file takes the header it does not repeat from its parent plan.
        if absent.is_empty() || doc.is_part {
            return;
        }
        // A learned template changes over the years and a closed document (implemented,
        // rejected, superseded) keeps the header of its time: asking it for a field the
        // template gained since is noise. A built-in family's fields are its own.
        if matches!(profile.origin, Origin::Discovered(_))
            && profile.extends.is_none()
            && matches!(
                closed_class(cx),
                Some(StatusClass::Done | StatusClass::Withdrawn)
            )
        {
            return;
        }
        // Most of the built-in fields absent: the team's template has other fields, and
        // listing ours on every plan would be noise.
        let required = profile.required_fields().count();
        if profile.origin == crate::profile::Origin::Builtin
            && profile.is_plan()
            && absent.len() * 2 > required
        {
            return;
        }
        let at = doc
            .title
            .as_ref()
            .map(|t| t.text_span)
            .or_else(|| doc.fields.iter().find(|f| f.in_header).map(|f| f.key_span))
            .unwrap_or_default();
        let (noun, list) = if absent.len() == 1 {
            ("field", crate::diagnostic::code(absent[0]))
        } else {
            (
                "fields",
                absent
                    .iter()
                    .map(|a| crate::diagnostic::code(a))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        };
        let example = profile
            .required_fields()
            .next()
            .map_or_else(String::new, |f| format!(", e.g. `## {}: …`", f.label));
        cx.report(at, format!("missing required header {noun}: {list}"))
            .label(format!("this {}'s header", profile.noun))
            .help(format!("add them to the header{example}"));
    }
}
