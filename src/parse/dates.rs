//! Recognising dates in text: ISO, numeric and long forms, with weekday checks.

use crate::model::{DateFormat, DateValue};
use jiff::civil::{Date, Weekday};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// A date found in a piece of text; `start..end` are byte offsets into that text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateToken {
    /// First byte of the date (weekday included).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is.
    pub value: DateValue,
    /// How it is written.
    pub format: DateFormat,
}

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
const WEEKDAYS: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?ix-u)
        (?:\b(?P<wd>{WEEKDAYS})\.?,?\s+)?
        (?:
            (?P<iso>\b(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})\b)
          | (?P<slash>\b(?P<sy>\d{{4}})/(?P<sm>\d{{1,2}})/(?P<sd>\d{{1,2}})\b)
          | (?P<num>\b(?P<na>\d{{1,2}})(?P<sep>[/.-])(?P<nb>\d{{1,2}})[/.-](?P<ny>\d{{4}})\b)
          | (?P<dmy>\b(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmon>{MONTHS})\.?,?\s+(?P<dy>\d{{4}})\b)
          | (?P<git>\b(?P<gmon>{MONTHS})\s+(?P<gd>\d{{1,2}})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+(?P<gy>\d{{4}})\b(?:\s+[+-]\d{{4}}\b)?)
          | (?P<mdy>\b(?P<mmon>{MONTHS})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})\b)
          | (?P<monthyear>\b(?P<pmon>{MONTHS})\.?,?\s+(?P<py>\d{{4}})\b)
          | (?P<yearmonth>\b(?P<yy>\d{{4}})-(?P<ym>\d{{2}})\b)
        )"
    );
    Regex::new(&pattern).expect("date pattern compiles")
});

/// Every date in `text`, in order.
pub fn find_dates(text: &str) -> Vec<DateToken> {
    if !has_digit(text) {
        return Vec::new();
    }
    DATE.captures_iter(text).filter_map(|c| token(&c)).collect()
}

/// The dates of `text` that start with a digit (`2025-03-01`, `31/02/2025`,
/// `5 May 1850`): those a mention in prose can be. Every other date of [`find_dates`]
/// starts with a month or weekday name.
pub fn find_digit_dates(text: &str) -> Vec<DateToken> {
    // Most prose with a digit holds no such date (`3 services`, `Phase 2`): a byte scan
    // for the shape a digit-first date needs saves the date pattern on all of it.
    if !may_start_digit_date(text.as_bytes()) {
        return Vec::new();
    }
    find_dates(text)
        .into_iter()
        .filter(|t| text.as_bytes()[t.start].is_ascii_digit())
        .collect()
}

/// Whether `text` has a digit run followed by what every digit-first date form continues
/// with: a `-`, `/` or `.` and a digit, or (after an optional `st`/`nd`/`rd`/`th`)
/// white space and `of` or the first three letters of a month. A necessary
/// condition for a match of the date pattern that starts with a digit.
fn may_start_digit_date(text: &[u8]) -> bool {
    const MONTH_STARTS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let mut i = 0;
    while i < text.len() {
        if !text[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < text.len() && text[end].is_ascii_digit() {
            end += 1;
        }
        let rest = &text[end..];
        if let [b'-' | b'/' | b'.', d, ..] = rest
            && d.is_ascii_digit()
        {
            return true;
        }
        let mut after = rest;
        if let [a, b, ..] = after
            && matches!(
                [a.to_ascii_lowercase(), b.to_ascii_lowercase()],
                [b's', b't'] | [b'n', b'd'] | [b'r', b'd'] | [b't', b'h']
            )
        {
            after = &after[2..];
        }
        // The pattern's `\s` (ASCII mode), vertical tab included.
        let spaces = after
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'))
            .count();
        if spaces > 0 {
            let word = &after[spaces..];
            let lower: Vec<u8> = word.iter().take(3).map(u8::to_ascii_lowercase).collect();
            if lower.starts_with(b"of") || MONTH_STARTS.iter().any(|m| lower == m.as_slice()) {
                return true;
            }
        }
        i = end;
    }
    false
}

/// The first date in `text`.
pub fn first_date(text: &str) -> Option<DateToken> {
    if !has_digit(text) {
        return None;
    }
    DATE.captures_iter(text).find_map(|c| token(&c))
}

/// A day and month written without a year (`01/10`, `Feb 14`, `14 Feb`), as the byte
/// range of its first occurrence in `text`; only asked of text in a date position that
/// holds no full date.
pub fn yearless(text: &str) -> Option<(usize, usize)> {
    static YEARLESS: LazyLock<Regex> = LazyLock::new(|| {
        let pattern = format!(
            r"(?ix)
            \b(?:
                [0-9]{{1,2}}/[0-9]{{1,2}}
              | (?:{MONTHS})\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?
              | [0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})
            )\b(?:[^/.0-9]|$)"
        );
        Regex::new(&pattern).expect("yearless pattern compiles")
    });
    let m = YEARLESS.find(text)?;
    let found = m.as_str();
    // The match may end with the character after the date.
    let trimmed = found.trim_end_matches(|c: char| !c.is_alphanumeric());
    if trimmed.contains('/') {
        let parts: Vec<i64> = trimmed.split('/').filter_map(|p| p.parse().ok()).collect();
        if parts.len() != 2
            || parts.iter().any(|&p| !(1..=31).contains(&p))
            || parts.iter().all(|&p| p > 12)
        {
            return None;
        }
        // `3/4 of the services` is a fraction: a date stands alone, at the start or after
        // a separator, and ends its clause.
        let before = text[..m.start()].trim_end();
        let after = text[m.start() + trimmed.len()..].trim_start();
        let alone_before = before.is_empty()
            || before.ends_with([':', '-', '–', '—', '(', '|', ','])
            || ["by", "on", "due", "until"]
                .iter()
                .any(|w| before.to_lowercase().ends_with(w));
        let alone_after =
            after.is_empty() || after.starts_with([')', ',', ';', '.', '|', '-', '–', '—']);
        if !(alone_before && alone_after) {
            return None;
        }
    }
    Some((m.start(), m.start() + trimmed.len()))
}

/// Every date form has a year: text without a digit is skipped before the (costly)
/// date pattern runs, which is most prose.
fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

fn num(c: &Captures<'_>, name: &str) -> i64 {
    c.name(name)
        .and_then(|m| m.as_str().parse::<i64>().ok())
        .unwrap_or(0)
}

fn token(c: &Captures<'_>) -> Option<DateToken> {
    let whole = c.get(0)?;
    let (value, format) = if c.name("iso").is_some() {
        let iso = c.name("iso").is_some_and(|m| m.as_str().len() == 10);
        let format = if iso {
            DateFormat::Iso
        } else {
            DateFormat::Numeric
        };
        (ymd(num(c, "iy"), num(c, "im"), num(c, "id")), format)
    } else if c.name("slash").is_some() {
        (
            ymd(num(c, "sy"), num(c, "sm"), num(c, "sd")),
            DateFormat::Numeric,
        )
    } else if c.name("num").is_some() {
        let (a, b, y) = (num(c, "na"), num(c, "nb"), num(c, "ny"));
        // `1.2.2025` with dots is day-first by convention where dots are used; only
        // `10.19.2023` (no 19th month) says it is month-first.
        let dotted = c.name("sep").is_some_and(|m| m.as_str() == ".");
        let value = if dotted && !(b > 12 && a <= 12) || (a > 12 && b <= 12) {
            ymd(y, b, a)
        } else if b > 12 && a <= 12 || a == b {
            ymd(y, a, b)
        } else if a > 12 && b > 12 {
            DateValue::Impossible
        } else {
            DateValue::Ambiguous
        };
        (value, DateFormat::Numeric)
    } else if c.name("dmy").is_some() {
        (
            ymd(num(c, "dy"), month(c, "dmon"), num(c, "dd")),
            DateFormat::Long,
        )
    } else if c.name("git").is_some() {
        // git's own format: `Thu Dec 4 10:16:08 2025 +0100`.
        (
            ymd(num(c, "gy"), month(c, "gmon"), num(c, "gd")),
            DateFormat::Long,
        )
    } else if c.name("mdy").is_some() {
        (
            ymd(num(c, "my"), month(c, "mmon"), num(c, "md")),
            DateFormat::Long,
        )
    } else if c.name("monthyear").is_some() {
        (DateValue::Partial, DateFormat::Long)
    } else {
        // `2024-25` is a span of years, not a month.
        if !(1..=12).contains(&num(c, "ym")) {
            return None;
        }
        (DateValue::Partial, DateFormat::Numeric)
    };
    let value = match (value, c.name("wd")) {
        (DateValue::Valid(date), Some(wd)) => match weekday(wd.as_str()) {
            Some(written) if written != date.weekday() => DateValue::WeekdayMismatch {
                written,
                actual: date.weekday(),
                date,
            },
            _ => DateValue::Valid(date),
        },
        (value, _) => value,
    };
    Some(DateToken {
        start: whole.start(),
        end: whole.end(),
        value,
        format,
    })
}

fn ymd(year: i64, month: i64, day: i64) -> DateValue {
    if !(1900..=2199).contains(&year) {
        return DateValue::Impossible;
    }
    let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(year), i8::try_from(month), i8::try_from(day))
    else {
        return DateValue::Impossible;
    };
    match Date::new(y, m, d) {
        Ok(date) => DateValue::Valid(date),
        Err(_) => DateValue::Impossible,
    }
}

fn month(c: &Captures<'_>, name: &str) -> i64 {
    let text = c.name(name).map(|m| m.as_str()).unwrap_or("");
    let lower = text.to_ascii_lowercase();
    let index = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| lower.starts_with(m));
    index.map(|i| i as i64 + 1).unwrap_or(0)
}

fn weekday(text: &str) -> Option<Weekday> {
    let lower = text.to_ascii_lowercase();
    Some(match &lower[..lower.len().min(3)] {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

/// The longest duration compared with a plan's dates: a thousand years. A longer
/// figure is not a schedule, and arithmetic on it could overflow.
const MAX_DURATION_DAYS: f64 = 365_250.0;

/// Reads a duration such as `8 weeks`, `10 days` or `3 months` into days; `None`
/// when there is none or it is beyond [`MAX_DURATION_DAYS`].
pub fn parse_duration_days(text: &str) -> Option<i64> {
    static DURATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\d+(?:\.\d+)?)\s*(days?|weeks?|wks?|months?)\b").expect("compiles")
    });
    let c = DURATION.captures(text)?;
    let amount: f64 = c[1].parse().ok()?;
    let unit = c[2].to_ascii_lowercase();
    let days = if unit.starts_with('d') {
        amount
    } else if unit.starts_with('w') {
        amount * 7.0
    } else {
        amount * 30.44
    };
    (days.is_finite() && days <= MAX_DURATION_DAYS).then(|| days.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> DateValue {
        first_date(text).expect("a date").value
    }

    fn date(y: i16, m: i8, d: i8) -> DateValue {
        DateValue::Valid(Date::new(y, m, d).unwrap())
    }

    #[test]
    fn the_prose_shortcut_keeps_every_date_that_starts_with_a_digit() {
        // Every digit-first date the pattern finds in these pieces (and their joins) is
        // still found with the shortcut; pieces without one are skipped.
        let pieces = [
            "2025-03-01",
            "2025/3/1",
            "31/02/2025",
            "10.19.2023",
            "4-5-2026",
            "5 May 1850",
            "1st of June 2024",
            "3rd\x0bMarch 2025",
            "12TH   dec 2024",
            "2024-06",
            "3 services",
            "Phase 2",
            "v2.0",
            "Mon 2025-01-06",
            "Thu Dec 4 10:16:08 2025",
            "June 3, 2025",
            "a 1-b",
            "99 of them",
            "2025 -",
            "",
            "x",
        ];
        let slow = |text: &str| -> Vec<DateToken> {
            find_dates(text)
                .into_iter()
                .filter(|t| text.as_bytes()[t.start].is_ascii_digit())
                .collect()
        };
        for a in pieces {
            for b in pieces {
                for join in [" ", ", ", "\n", "("] {
                    let text = format!("{a}{join}{b}");
                    assert_eq!(find_digit_dates(&text), slow(&text), "{text:?}");
                }
            }
        }
        assert!(!may_start_digit_date(b"3 services and Phase 2"));
        assert!(may_start_digit_date(b"due 5 May 1850"));
        assert_eq!(find_digit_dates("Mon 2025-01-06").len(), 0);
    }

    #[test]
    fn durations_beyond_a_thousand_years_are_not_compared() {
        assert_eq!(parse_duration_days("8 weeks"), Some(56));
        assert_eq!(parse_duration_days("3 months"), Some(91));
        assert_eq!(parse_duration_days("9223372036854775807 days"), None);
        assert_eq!(parse_duration_days("99999999999 weeks"), None);
        let huge = format!("{} days", "9".repeat(400));
        assert_eq!(parse_duration_days(&huge), None);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(value("2025-03-01"), date(2025, 3, 1));
        assert_eq!(first_date("2025-03-01").unwrap().format, DateFormat::Iso);
        assert_eq!(value("2025-02-30"), DateValue::Impossible);
        assert_eq!(value("2025-13-01"), DateValue::Impossible);
        assert_eq!(first_date("2022-04-7").unwrap().format, DateFormat::Numeric);
    }

    #[test]
    fn numeric_dates_are_ambiguous_unless_a_part_exceeds_twelve() {
        assert_eq!(value("04/05/2025"), DateValue::Ambiguous);
        assert_eq!(value("12-06-2019"), DateValue::Ambiguous);
        assert_eq!(value("29-03-2019"), date(2019, 3, 29));
        assert_eq!(value("03/29/2019"), date(2019, 3, 29));
        assert_eq!(value("29-03-2919"), DateValue::Impossible);
        // Dots are day-first, unless the second part cannot be a month.
        assert_eq!(value("04.05.2025"), date(2025, 5, 4));
        assert_eq!(value("10.19.2023"), date(2023, 10, 19));
    }

    #[test]
    fn days_without_a_year() {
        assert_eq!(yearless("Design done - 01/10"), Some((14, 19)));
        assert_eq!(yearless("Beta by Feb 14"), Some((8, 14)));
        assert_eq!(yearless("14 Feb: beta"), Some((0, 6)));
        assert_eq!(yearless("Migrate 3/4 of the services"), None);
        assert_eq!(yearless("Release 1.2 ships"), None);
        assert_eq!(yearless("Ship 20/25 - later"), None);
    }

    #[test]
    fn gits_date_format_with_its_weekday() {
        let token = first_date("Generated: Thu Dec 4 10:16:08 2025 +0100").unwrap();
        assert_eq!(token.value, date(2025, 12, 4));
        assert_eq!(token.format, DateFormat::Long);
        assert_eq!(
            value("Tue Dec 4 10:16:08 2025"),
            DateValue::WeekdayMismatch {
                written: Weekday::Tuesday,
                actual: Weekday::Thursday,
                date: Date::new(2025, 12, 4).unwrap()
            }
        );
    }

    #[test]
    fn long_forms_and_weekdays() {
        assert_eq!(value("November 26, 2025"), date(2025, 11, 26));
        assert_eq!(value("26 Nov 2025"), date(2025, 11, 26));
        assert_eq!(value("May 12, 2025"), date(2025, 5, 12));
        assert_eq!(
            value("Tue, 16 June 2016"),
            DateValue::WeekdayMismatch {
                written: Weekday::Tuesday,
                actual: Weekday::Thursday,
                date: Date::new(2016, 6, 16).unwrap()
            }
        );
        assert_eq!(value("Thursday, 16 June 2016"), date(2016, 6, 16));
        assert_eq!(value("March 2025"), DateValue::Partial);
        assert_eq!(value("2021-09"), DateValue::Partial);
        assert_eq!(first_date("the 2024-25 season"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration_days("8 weeks"), Some(56));
        assert_eq!(parse_duration_days("10 days"), Some(10));
        assert_eq!(parse_duration_days("[X weeks]"), None);
    }
}
