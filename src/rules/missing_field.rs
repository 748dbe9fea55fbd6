//! PL006 `missing-field`.

use super::{Context, Rule, RuleId};
use crate::profile::FieldRole;

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
                Some(field) if field.value_span.is_empty() => {
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
