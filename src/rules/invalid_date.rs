//! PL003 `invalid-date`.

use super::{Context, Rule, RuleId};
use crate::model::{DateRole, DateValue};

pub(super) const DOC: &str = r#"# invalid-date (PL003)

## What it does
Flags, in a date position (a field whose name says Date, the timeline, milestones,
review, sign-off and change-log entries, `Next Review Date`):

- a date that does not exist: `2025-02-30`, `2025-13-01`;
- a weekday that contradicts its date: `Tue, 16 June 2016` was a Thursday;
- an ambiguous numeric date: `04/05/2025` or `12-06-2019` (which is the month?);
- text that is no date at all: `Date: last spring`.

Impossible ISO dates are flagged anywhere in the text. Unambiguous long forms
(`November 26, 2025`, `26 Nov 2025`) are accepted unless `[dates] formats` in the
configuration leaves them out (`formats = ["iso"]` accepts only `YYYY-MM-DD`).

## Why
A date nobody can read the same way, or that never existed, breaks every schedule and
check built on it.

## Example
```markdown
- **Start Date**: 2025-02-30
- **End Date**: 04/05/2025
```

## How to fix
Write the date as ISO 8601, `YYYY-MM-DD`, and check it against a calendar.
"#;

/// Reports dates that are impossible, contradict their weekday, are ambiguous, or are no
/// dates at all.
pub struct InvalidDate;

impl Rule for InvalidDate {
    fn id(&self) -> RuleId {
        RuleId::InvalidDate
    }

    fn check(&self, cx: &mut Context<'_>) {
        for date in &cx.doc.dates {
            let raw = cx.text(date.span);
            let text = crate::diagnostic::code(raw);
            match &date.value {
                DateValue::Impossible => {
                    let year = raw
                        .split(|c: char| !c.is_ascii_digit())
                        .find(|part| part.len() == 4)
                        .and_then(|y| y.parse::<u32>().ok())
                        .filter(|y| !(1900..=2199).contains(y));
                    match year {
                        Some(year) => {
                            cx.report(date.span, format!("{text} has an implausible year, {year}"))
                                .label("a typo in the year?")
                                .help("check the year and write the date as YYYY-MM-DD");
                        }
                        None => {
                            cx.report(date.span, format!("{text} is not a real date"))
                                .label("no such day")
                                .help(
                                    "check the date against a calendar and write it as YYYY-MM-DD",
                                );
                        }
                    }
                }
                DateValue::WeekdayMismatch {
                    written,
                    actual,
                    date: day,
                } => {
                    cx.report(
                        date.span,
                        format!("{text} names a {written:?}, but {day} was a {actual:?}"),
                    )
                    .label("weekday and date disagree")
                    .help("correct the weekday or the date, or drop the weekday");
                }
                DateValue::Ambiguous => {
                    cx.report(
                        date.span,
                        format!(
                            "{text} is ambiguous: the day and the month could be either way round"
                        ),
                    )
                    .label("which is the month?")
                    .help("write the date as YYYY-MM-DD");
                }
                DateValue::NoYear => {
                    cx.report(date.span, format!("{text} has no year"))
                        .label("which year?")
                        .help("write the full date as YYYY-MM-DD")
                        .warning_only();
                }
                DateValue::NotADate if date.role != DateRole::Mention => {
                    cx.report(date.span, format!("{text} is not a date"))
                        .label("a date belongs here")
                        .help("write the date as YYYY-MM-DD");
                }
                DateValue::Valid(_)
                    if !cx
                        .profile
                        .date_formats
                        .as_ref()
                        .unwrap_or(&cx.options.date_formats)
                        .contains(&date.format)
                        && date.role != DateRole::Mention =>
                {
                    let (who, help) = if cx.profile.date_formats.is_some() {
                        (
                            "its template",
                            "write the date as YYYY-MM-DD, as the template asks",
                        )
                    } else {
                        (
                            "the configuration",
                            "write the date as YYYY-MM-DD (see `[dates] formats` in plan-lint.toml)",
                        )
                    };
                    cx.report(
                        date.span,
                        format!("{text} is written in a date format {who} does not accept"),
                    )
                    .label("format not accepted")
                    .help(help)
                    // The date itself is real and unambiguous.
                    .warning_only();
                }
                DateValue::Valid(day) if date.role != DateRole::Mention && is_unpadded_iso(raw) => {
                    cx.report(date.span, format!("{text} is not zero-padded: write {day}"))
                        .label("month or day without its leading zero")
                        .help(format!(
                            "write {day}: unpadded dates sort and search wrongly"
                        ))
                        .warning_only();
                }
                _ => {}
            }
        }
    }
}

/// `2022-04-7`: ISO order, but a month or day without its leading zero.
fn is_unpadded_iso(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4
            && [m, d].iter().all(|p| (1..=2).contains(&p.len()))
            && (m.len() == 1 || d.len() == 1)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())))
}
