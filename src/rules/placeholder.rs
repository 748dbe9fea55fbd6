//! PL001 `placeholder`.

use super::{Context, Rule, RuleId};
use crate::model::PlaceholderKind;

pub(super) const DOC: &str = r#"# placeholder (PL001)

## What it does
Flags template text that was never filled in. It is recognised three ways:

1. *Known template text*: every `[...]` group of the template in use (the built-in
   implementation-plan template, or the one named by `template =` in the configuration),
   except groups that read as values, such as the phase headings' `[Weeks 1-2]`.
2. *Instruction-shaped brackets*: a group that names a kind of value (`[Name]`,
   `[Current Date]`, `[Deliverable 3]`, `[X weeks]`), offers a choice (`[High/Medium/Low]`,
   `[Yes/No]`), or tells the writer what to write (`[Brief summary of the rollout]`).
3. *Marker tokens*: `XXX` inside an ID (`PLAN-XXX`), upper-case `TBD`, `TODO`, `FIXME`,
   a bare `YYYY-MM-DD`, `{{ name }}`.

Code spans, code blocks, HTML comments, links, images, footnotes and checkboxes are never
placeholders, and neither are brackets holding a value: `[1]`, `[REQ-PROF-001]`, `[OK]`,
`[accepted]`, `[Weeks 1-2]`, or a label followed by its text (`[Option 1] Do nothing`).

## Why
A plan that still says `[Name]` or `PLAN-XXX` was committed before it was finished;
reviewers otherwise catch this by hand, line by line.

## Example
```markdown
## Plan ID: PLAN-XXX
- **Development Environment**: [Requirements]
```

## How to fix
Replace the text with the real value. If the bracket really is a value plan-lint
mistakes for template text, add it to `allow` under `[placeholders]` in `plan-lint.toml`,
or suppress the line with `<!-- plan-lint-disable-next-line placeholder -- reason -->`.
"#;

/// Reports every piece of template text the parser found.
pub struct Placeholder;

impl Rule for Placeholder {
    fn id(&self) -> RuleId {
        RuleId::Placeholder
    }

    fn check(&self, cx: &mut Context<'_>) {
        let doc = cx.doc;
        for section in &doc.unfilled_sections {
            // A sign-off section's unsigned entries are reported one by one, as missing
            // sign-offs.
            if doc.signoffs.iter().any(|s| section.body.contains(s.span)) {
                continue;
            }
            let heading = &doc.headings[section.heading];
            cx.report(
                heading.text_span,
                format!("section {} still holds the template's prompt", crate::diagnostic::code(&heading.text)),
            )
            .label("nothing written here but the template's text")
            .secondary(section.body, "the template's prompt")
            .help("replace the prompt with this document's answer, or remove the section if it does not apply");
        }
        // An unfilled section is reported once, for the section, not per bracket in it.
        let in_unfilled =
            |span: crate::source::Span| doc.unfilled_sections.iter().any(|s| s.body.contains(span));
        // A prompt kept above the answer is the template's text, left on purpose.
        let in_kept_prompt = |span: crate::source::Span, text: &str| {
            let text = crate::parse::normalize_words(text);
            doc.kept_prompts
                .iter()
                .any(|(body, prompt)| body.contains(span) && prompt.contains(&text))
        };
        // The template text of a final approval that is not due yet is where the
        // approver will sign.
        let not_due: Vec<crate::source::Span> = doc
            .signoffs
            .iter()
            .filter(|s| doc.signoff_not_due(s, &cx.profile.sections.final_roles))
            .map(|s| s.span)
            .collect();
        for placeholder in &doc.placeholders {
            if not_due.iter().any(|s| s.contains(placeholder.span)) {
                continue;
            }
            if in_unfilled(placeholder.span)
                || in_kept_prompt(placeholder.span, cx.text(placeholder.span))
            {
                continue;
            }
            let text = cx.text(placeholder.span);
            let help = match placeholder.kind {
                PlaceholderKind::Template | PlaceholderKind::Instruction => {
                    "replace it with the real value"
                }
                PlaceholderKind::Choice => "keep the one option that applies",
                PlaceholderKind::Marker => "replace the marker with the real value",
                PlaceholderKind::Configured => {
                    "this matches a placeholder pattern of the configuration"
                }
            };
            let label = match placeholder.kind {
                PlaceholderKind::Template => "template text",
                PlaceholderKind::Instruction => "names a value instead of giving it",
                PlaceholderKind::Choice => "a choice left open",
                PlaceholderKind::Marker => "marker",
                PlaceholderKind::Configured => "configured placeholder",
            };
            let (key, name) = doc.top_section_of(placeholder.span.start, cx.profile.title_is_h1);
            let finding = cx.report(
                placeholder.span,
                format!("unfilled placeholder {}", crate::diagnostic::code(text)),
            );
            finding.label(label).help(help);
            finding.group = Some(crate::diagnostic::Group {
                key,
                name,
                noun: "unfilled placeholders",
                help: "fill in the section with this plan's own text, or remove what does not apply",
                item: text.to_string(),
                suffix: String::new(),
            });
        }
    }
}
