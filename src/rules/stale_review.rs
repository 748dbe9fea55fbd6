//! PL009 `stale-review`.

use super::{Context, Rule, RuleId};
use crate::model::DateRole;
use crate::profile::StatusClass;

pub(super) const DOC: &str = r#"# stale-review (PL009)

## What it does
Flags a plan whose `Next Review Date` has passed (is before today) while the plan is
not Completed, and a plan still Draft whose End Date passed more than 30 days ago with
every milestone in the past: its status was never updated.

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

/// How long after its End Date a draft is plainly stale.
const STALE_DRAFT_DAYS: i32 = 30;

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
        // A draft whose whole timeline lies well in the past was never updated.
        if doc.status_class() == Some(StatusClass::Draft)
            && let Some(end) = doc.date(DateRole::End)
            && let Some(end_date) = end.value.date()
            && (today - end_date).get_days() > STALE_DRAFT_DAYS
            && doc
                .dates
                .iter()
                .filter(|d| d.role == DateRole::Milestone)
                .all(|d| d.value.date().is_some_and(|m| m < today))
            && let Some(status) = doc.header(crate::profile::FieldRole::Status)
        {
            let days = (today - end_date).get_days();
            cx.report(
                status.value_span,
                format!(
                    "the {} is still Draft, but its End Date {end_date} passed {days} days ago \
                     and every milestone is past",
                    cx.profile.noun
                ),
            )
            .label("status never updated?")
            .secondary(end.span, "the End Date")
            .help("set the Status to what happened (Completed, Cancelled), or move the timeline");
        }
    }
}
