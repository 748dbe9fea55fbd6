//! PL007 `empty-section`.

use super::{Context, Rule, RuleId};

pub(super) const DOC: &str = r#"# empty-section (PL007)

## What it does
Flags a heading with nothing under it: no text, list, table or code. A heading with
sub-sections is a parent: its empty sub-sections are reported, not the parent as well.
`## Key: value` headings are fields, not sections, and the document's title is not
checked. Headings written one after another as a list of items, a heading wrapped in
emphasis, and sections the family allows to be empty (an RFC's `Unresolved questions`)
are not reported, but an empty section of the document's template always is.

## Why
An empty section is a question the plan was meant to answer and does not.

## Example
```markdown
### 9.3 Rollback Plan

### 9.4 Monitoring & Alerting
Dashboards in Grafana, paging through PagerDuty.
```

## How to fix
Write the section, or delete the heading if it does not apply (say so in one line if
reviewers expect it: "Not applicable: no data migration").
"#;

/// Reports headings with no content.
pub struct EmptySection;

/// What a heading says when its section may be left out (`Open issues (if applicable)`).
const OPTIONAL_SECTION_HINTS: &[&str] = &["optional", "if applicable", "if any"];

/// Whether a template's prompt says its whole section may be left out: it opens with
/// `Optional` (`> Optional, but suggested for first drafts.`) or says the section may
/// be omitted. An `if applicable` about one point of a long prompt does not.
fn prompt_makes_optional(prompt: &str) -> bool {
    let lower = prompt.to_lowercase();
    let opening = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    opening.starts_with("optional")
        || opening.starts_with("if applicable")
        || [
            "may be omitted",
            "can be omitted",
            "may be left out",
            "can be left out",
            "section is optional",
            "if there are none",
        ]
        .iter()
        .any(|phrase| lower.contains(phrase))
}

impl Rule for EmptySection {
    fn id(&self) -> RuleId {
        RuleId::EmptySection
    }

    fn check(&self, cx: &mut Context<'_>) {
        let doc = cx.doc;
        let profile = cx.profile;
        let headings = &doc.headings;
        // The document's title: its first H1, or (no H1) a heading that opens it.
        let title = headings
            .iter()
            .position(|h| h.level == 1)
            .filter(|_| profile.title_is_h1)
            .or_else(|| {
                (cx.source.text[..headings.first()?.span.start]
                    .trim()
                    .is_empty()
                    && !headings.iter().any(|h| h.level == 1))
                .then_some(0)
            });
        for (i, h) in headings.iter().enumerate() {
            if h.is_field || Some(i) == title || h.has_own_content {
                continue;
            }
            let next = headings[i + 1..].iter().find(|n| !n.is_field);
            // A parent's empty sub-sections are reported, not the parent as well.
            if next.is_some_and(|n| n.level > h.level) {
                continue;
            }
            let raw = cx.text(h.text_span);
            // `### **Chosen: option B**`: a heading used for emphasis, not a section.
            if raw.len() > 4
                && (raw.starts_with("**") && raw.ends_with("**")
                    || raw.starts_with("__") && raw.ends_with("__"))
            {
                continue;
            }
            let name = crate::profile::normalize_heading(&h.text);
            if profile.may_be_empty.contains(&name) {
                continue;
            }
            // Headings written one after another as a list (`### A) no index`,
            // `### B) prefix 1`) are items, unless the template has the section.
            // A heading of the author's own, or a template's heading followed at its own
            // level by one of the author's (`## Alternatives` then `## Backend options`,
            // the alternatives typed a level too high), is not a section left empty.
            let known = |name: &str| {
                profile
                    .known_headings
                    .binary_search_by(|k| k.as_str().cmp(name))
                    .is_ok()
            };
            if next.is_some_and(|n| {
                n.level == h.level
                    && (!known(&name) || !known(&crate::profile::normalize_heading(&n.text)))
            }) {
                continue;
            }
            // `## Open issues (if applicable)`, or a section its template says may be left
            // out: empty, it says there is nothing to tell.
            let optional_heading = {
                let lower = h.text.to_lowercase();
                OPTIONAL_SECTION_HINTS
                    .iter()
                    .any(|hint| lower.contains(hint))
            };
            if optional_heading
                || profile
                    .prompt_for(&name)
                    .is_some_and(|p| prompt_makes_optional(&p.text))
            {
                continue;
            }
            cx.report(
                h.text_span,
                format!("section {} is empty", crate::diagnostic::code(&h.text)),
            )
            .label("nothing under this heading")
            .help("write the section, or remove the heading if it does not apply");
        }
    }
}
