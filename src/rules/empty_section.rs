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
            if next.is_some_and(|n| n.level == h.level)
                && profile.known_headings.binary_search(&name).is_err()
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
