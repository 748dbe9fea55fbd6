//! PL007 `empty-section`.

use super::{Context, Rule, RuleId};

pub(super) const DOC: &str = r#"# empty-section (PL007)

## What it does
Flags a heading with nothing under it: no text, list, table or code, and no
sub-section that has any. `## Key: value` headings are fields, not sections, and the
plan's H1 title is not checked.

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
        let headings = &cx.doc.headings;
        // Walk backwards so each heading knows whether any of its sub-sections has text.
        let mut filled = vec![false; headings.len()];
        for i in (0..headings.len()).rev() {
            let h = &headings[i];
            if h.is_field {
                continue;
            }
            let mut any = h.has_own_content;
            for (j, sub) in headings.iter().enumerate().skip(i + 1) {
                if sub.is_field {
                    continue;
                }
                if sub.level <= h.level {
                    break;
                }
                any |= filled[j];
                if any {
                    break;
                }
            }
            filled[i] = any;
        }
        for (i, h) in headings.iter().enumerate() {
            if h.is_field || h.level == 1 || filled[i] {
                continue;
            }
            cx.report(h.text_span, format!("section `{}` is empty", h.text))
                .label("nothing under this heading")
                .help("write the section, or remove the heading if it does not apply");
        }
    }
}
