//! PL009 `stale-review`.

use super::{Context, Rule, RuleId};
use crate::model::DateRole;
use crate::profile::StatusClass;

pub(super) const DOC: &str = r#"# stale-review (PL009)

## What it does
Flags a plan whose `Next Review Date` has passed (is before today) while the plan is
not Completed.

## Why
A review date is a promise to look again. Once it has passed, nobody knows whether the
plan still describes what the team is doing.

## Example
```markdown
## Status: In Progress
**Next Review Date**: 2024-01-20
```

## How to fix
Review the plan, then move the Next Review Date forward, or mark the plan Completed.
"#;

/// Reports a Next Review Date in the past on a plan that is not Completed.
pub struct StaleReview;

impl Rule for StaleReview {
    fn id(&self) -> RuleId {
        RuleId::StaleReview
    }

    fn check(&self, cx: &mut Context<'_>) {
        let doc = cx.doc;
        if matches!(
            doc.status_class(),
            Some(StatusClass::Done | StatusClass::Withdrawn)
        ) {
            return;
        }
        let today = cx.options.today;
        if let Some(next) = doc.date(DateRole::NextReview)
            && let Some(date) = next.value.date()
            && date < today
        {
            let days = (today - date).get_days();
            cx.report(
                next.span,
                format!(
                    "the review due on {date} is {days} day{} overdue",
                    if days == 1 { "" } else { "s" }
                ),
            )
            .label("review date has passed")
            .help("review the plan and set the next review date, or mark the plan Completed");
        }
    }
}
