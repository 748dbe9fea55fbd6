//! PL004 `date-order`.

use super::{Context, Rule, RuleId};
use crate::model::{DateMention, DateRole};
use jiff::civil::Date;

pub(super) const DOC: &str = r#"# date-order (PL004)

## What it does
Flags dates that contradict each other:

- the Start Date after the End Date, or an End Date before the plan's Date;
- a Total Duration that does not match End − Start (± 1 week);
- a milestone outside [Start, End], or earlier than the milestone before it;
- a review or sign-off dated before the plan's Date;
- a `Last Updated` date earlier than a change-log entry or sign-off of the document;
- a Next Review Date that is not after the plan's Date;
- change-log entries out of order;
- phases whose week ranges overlap or run past the Total Duration;
- the plan's Date, or a sign-off, dated after today.

When a root cause makes later checks meaningless (an End Date before the Start Date, a
Start Date that is no date), only the root cause is reported.

## Why
Contradicting dates mean at least one of them is wrong, and the schedule cannot be
trusted until someone decides which.

## Example
```markdown
- **Start Date**: 2025-03-10
- **End Date**: 2025-02-01
```

## How to fix
Decide which date is right and correct the other; keep milestones inside the timeline
and in order.
"#;

/// Checks the chronology of the plan's dates.
pub struct DateOrder;

fn valid(d: Option<&DateMention>) -> Option<(&DateMention, Date)> {
    d.and_then(|m| m.value.date().map(|date| (m, date)))
}

impl Rule for DateOrder {
    fn id(&self) -> RuleId {
        RuleId::DateOrder
    }

    fn check(&self, cx: &mut Context<'_>) {
        let doc = cx.doc;
        let today = cx.options.today;
        let plan = valid(doc.date(DateRole::PlanDate));
        let start_mention = doc.date(DateRole::Start);
        let end_mention = doc.dates.iter().find(|d| d.role == DateRole::End);
        let start = valid(start_mention);
        let end = valid(end_mention);
        // A Start or End that is present but not a date is a root cause (invalid-date):
        // nothing that depends on it is checked.
        let timeline_broken =
            start_mention.is_some() && start.is_none() || end_mention.is_some() && end.is_none();

        // A plan dated in the future is a root cause: comparing other dates with it
        // would only repeat the mistake.
        let mut plan = plan;
        if let Some((p, date)) = plan
            && date > today
        {
            cx.report(
                p.span,
                format!("the plan is dated {date}, after today ({today})"),
            )
            .label("in the future")
            .help("date the plan on the day it was written");
            plan = None;
        }

        let mut timeline_ok = !timeline_broken;
        if let (Some((s, sd)), Some((e, ed))) = (start, end)
            && sd > ed
        {
            timeline_ok = false;
            cx.report(
                e.span,
                format!("the End Date {ed} is before the Start Date {sd}"),
            )
            .label("ends before it starts")
            .secondary(s.span, "starts here")
            .help("correct whichever of the two dates is wrong");
        } else if let (Some((p, pd)), Some((e, ed)), None) = (plan, end, start)
            && ed < pd
        {
            timeline_ok = false;
            cx.report(
                e.span,
                format!("this end date, {ed}, is before the plan's Date {pd}"),
            )
            .label("ends before the plan was written")
            .secondary(p.span, "the plan's Date")
            .help("check the year: the work cannot end before the plan exists");
        }

        if timeline_ok
            && let (Some((s, sd)), Some((e, ed)), Some(duration)) = (start, end, &doc.duration)
        {
            let actual = (ed - sd).get_days() as i64;
            if actual.saturating_sub(duration.days).saturating_abs() > 7 {
                let weeks = actual as f64 / 7.0;
                cx.report(
                    duration.span,
                    format!(
                        "Total Duration says {} but Start to End is {actual} days ({weeks:.1} weeks)",
                        crate::diagnostic::code(cx.text(duration.span))
                    ),
                )
                .label("does not match the timeline")
                .secondary(s.span, "start")
                .secondary(e.span, "end")
                .help("make the duration, start and end agree");
            }
        }

        if timeline_ok {
            let mut previous: Option<(&DateMention, Date)> = None;
            for m in doc.dates.iter().filter(|d| d.role == DateRole::Milestone) {
                let Some(date) = m.value.date() else { continue };
                if let Some((s, sd)) = start
                    && date < sd
                {
                    cx.report(
                        m.span,
                        format!("milestone dated {date}, before the Start Date {sd}"),
                    )
                    .label("before the plan starts")
                    .secondary(s.span, "start")
                    .help("move the milestone inside the timeline, or correct the timeline");
                } else if let Some((e, ed)) = end
                    && date > ed
                {
                    cx.report(
                        m.span,
                        format!("milestone dated {date}, after the End Date {ed}"),
                    )
                    .label("after the plan ends")
                    .secondary(e.span, "end")
                    .help("move the milestone inside the timeline, or correct the timeline");
                } else if let Some((p, pd)) = previous
                    && date < pd
                {
                    cx.report(
                        m.span,
                        format!(
                            "milestone dated {date}, earlier than the milestone before it ({pd})"
                        ),
                    )
                    .label("out of order")
                    .secondary(p.span, "the earlier milestone")
                    .help("milestones should be listed in date order");
                }
                previous = Some((m, date));
            }
        }

        if let Some((p, pd)) = plan {
            for d in doc.dates.iter().filter(|d| d.role == DateRole::SignOff) {
                let Some(date) = d.value.date() else { continue };
                if date < pd {
                    cx.report(
                        d.span,
                        format!("signed off on {date}, before the plan's Date {pd}"),
                    )
                    .label("before the plan existed")
                    .secondary(p.span, "the plan's Date")
                    .help("a review cannot predate the plan it reviews");
                }
            }
            if let Some((u, ud)) = valid(doc.date(DateRole::Updated))
                && ud < pd
            {
                cx.report(
                    u.span,
                    format!("last updated on {ud}, before the document's date {pd}"),
                )
                .label("updated before it was written")
                .secondary(p.span, "the document's date")
                .help("check both dates: one of them is wrong");
            }
            if let Some((n, nd)) = valid(doc.date(DateRole::NextReview))
                && nd <= pd
            {
                cx.report(
                    n.span,
                    format!("the Next Review Date {nd} is not after the plan's Date {pd}"),
                )
                .label("review due before the plan was written")
                .secondary(p.span, "the plan's Date")
                .help("set the next review after the plan's Date");
            }
        }
        // A document last updated before an entry it records (a change-log entry, a
        // sign-off) was updated after that date too.
        if let Some((u, ud)) = valid(doc.date(DateRole::Updated))
            && let Some((latest, ld)) = doc
                .dates
                .iter()
                .filter(|d| matches!(d.role, DateRole::ChangeLog | DateRole::SignOff))
                // An unticked review row's date is when it is planned, not given.
                .filter(|d| {
                    !d.context.is_some_and(|at| {
                        doc.checklist
                            .iter()
                            .any(|c| !c.checked && c.span.contains(at))
                    })
                })
                .filter_map(|d| d.value.date().map(|date| (d, date)))
                .filter(|(_, date)| *date <= today)
                .max_by_key(|(_, date)| *date)
            && ld > ud
        {
            let what = if latest.role == DateRole::ChangeLog {
                "a change-log entry"
            } else {
                "a sign-off"
            };
            cx.report(
                u.span,
                format!("last updated on {ud}, but {what} is dated {ld}"),
            )
            .label("updated later than this")
            .secondary(latest.span, "a later dated entry")
            .help(format!("set the last-updated date to {ld} or later"));
        }
        for d in doc.dates.iter().filter(|d| d.role == DateRole::SignOff) {
            if let Some(date) = d.value.date()
                && date > today
            {
                cx.report(
                    d.span,
                    format!("signed off on {date}, after today ({today})"),
                )
                .label("in the future")
                .help("a sign-off is dated on the day it was given");
            }
        }

        let log: Vec<(&DateMention, Date)> = doc
            .dates
            .iter()
            .filter(|d| d.role == DateRole::ChangeLog)
            .filter_map(|d| d.value.date().map(|date| (d, date)))
            .collect();
        let ascending = log
            .windows(2)
            .find(|w| w[0].1 != w[1].1)
            .map(|w| w[0].1 < w[1].1);
        if let Some(ascending) = ascending {
            for w in log.windows(2) {
                let ((prev, pd), (cur, cd)) = (w[0], w[1]);
                if cd != pd && (cd > pd) != ascending {
                    let order = if ascending {
                        "oldest first"
                    } else {
                        "newest first"
                    };
                    cx.report(
                        cur.span,
                        format!(
                            "change-log entry dated {cd} is out of order (the log runs {order})"
                        ),
                    )
                    .label("out of order")
                    .secondary(prev.span, "the entry before it")
                    .help("keep the change log in one date order");
                }
            }
        }

        let mut last_week = 0u32;
        let mut last_span = None;
        for phase in &doc.phases {
            if phase.first_week > phase.last_week {
                cx.report(phase.span, "this phase's week range runs backwards")
                    .label("first week after last week")
                    .help("write the range as first week - last week");
            } else if let Some(prev) = last_span
                && phase.first_week <= last_week
            {
                cx.report(phase.span, format!("this phase starts in week {} but the phase before it runs to week {last_week}", phase.first_week))
                    .label("overlaps the previous phase")
                    .secondary(prev, "the previous phase")
                    .help("phases should follow one another");
            } else if let Some(duration) = &doc.duration {
                let weeks = duration.days.saturating_add(6) / 7;
                if i64::from(phase.last_week) > weeks {
                    cx.report(
                        phase.span,
                        format!(
                            "this phase runs to week {} but the Total Duration is {}",
                            phase.last_week,
                            crate::diagnostic::code(cx.text(duration.span))
                        ),
                    )
                    .label("past the end of the plan")
                    .secondary(duration.span, "total duration")
                    .help("fit the phases into the duration, or correct the duration");
                }
            }
            last_week = last_week.max(phase.last_week);
            last_span = Some(phase.span);
        }
    }
}
