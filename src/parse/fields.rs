//! Fields (`key: value` in every style of SPEC §2), the plan status, phases, the
//! duration, and the dates that stand in date positions.

use super::dates::{find_digit_dates, first_date, parse_duration_days};
use super::{Blocks, LineKind, SectionKind, split_lines, trim_span};
use crate::model::{
    DateFormat, DateMention, DateRole, DateValue, Duration, Field, FieldStyle, Phase, Placeholder,
    PlaceholderKind, SignOff, StatusBox, StatusField, StatusLine, holds_placeholder,
};
use crate::parse::placeholders::is_choice;
use crate::profile::{FieldRole, Profile, StatusVocabulary};
use crate::source::Span;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

static STATUS_BOX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([ xX])\][ \t]*([^\[\]]*)").expect("compiles"));
static WEEK_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bweeks?[ \t]+(\d{1,3})(?:[ \t]*(?:-|–|—|to)[ \t]*(\d{1,3}))?\b")
        .expect("compiles")
});
static PHASE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^phase\b").expect("compiles"));
pub(crate) use crate::profile::normalize_key;

/// Whether a key names a date: the word "date" in it (not "updates"), or a date key of
/// the profile.
fn is_date_key(key: &str, profile: &Profile) -> bool {
    names_date(key) || profile.date_keys.iter().any(|k| k == key)
}

/// Whether a field below the header with no figure in its value defines a word rather
/// than gives a date: a glossary entry (`**Date:** A value that encapsulates a point in
/// time.`) or a data table's row (`| Date | CalendarDay |`).
fn defines_a_word(field: &Field, value: &str) -> bool {
    field.style == FieldStyle::Table
        || value.trim_end().ends_with('.')
        || value.split_whitespace().count() >= 6
}

fn names_date(key: &str) -> bool {
    key.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "date" || w == "dates")
}

/// A `## Key: value` heading is a field only when its key is one the profile knows;
/// `### Phase 1: Foundation` is a section.
pub(super) fn heading_is_field(text: &str, profile: &Profile) -> bool {
    let line = text.trim();
    split_field(line).is_some_and(|parts| {
        let key = normalize_key(&line[parts.key.clone()]);
        profile.field_for_key(&key).is_some()
            || is_date_key(&key, profile)
            || profile.heading_keys.contains(&key)
    })
}

/// Where the key and value of a `key: value` line are.
pub(crate) struct FieldParts {
    pub key: std::ops::Range<usize>,
    /// `None` when nothing follows the colon.
    pub value: Option<std::ops::Range<usize>>,
    pub bold: bool,
}

/// Splits `**Key**: value`, `**Key:** value` (or with `__`) and plain `Key: value`,
/// where a plain key starts with a letter and is at most 41 characters of letters,
/// digits, spaces and `()/&'_.-`.
pub(crate) fn split_field(line: &str) -> Option<FieldParts> {
    const BLANK: [char; 2] = [' ', '\t'];
    if line.starts_with("**") || line.starts_with("__") {
        let rest = &line[2..];
        let key_len = rest.find(['*', '_', ':', '\n'])?;
        if key_len == 0 || rest[..key_len].chars().count() > 60 {
            return None;
        }
        let after = &rest[key_len..];
        let value = if let Some(after) = after.strip_prefix(':') {
            let after = after.trim_start_matches(BLANK);
            after
                .strip_prefix("**")
                .or_else(|| after.strip_prefix("__"))?
        } else {
            let after = after
                .strip_prefix("**")
                .or_else(|| after.strip_prefix("__"))?
                .trim_start_matches(BLANK);
            after.strip_prefix(':')?
        };
        let value_start = line.len() - value.trim_start_matches(BLANK).len();
        return Some(FieldParts {
            key: 2..2 + key_len,
            value: Some(value_start..line.len()),
            bold: true,
        });
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim_end_matches(BLANK);
    let mut chars = key.chars();
    if !chars.next().is_some_and(char::is_alphabetic)
        || key.chars().count() > 41
        || !chars.all(|c| c.is_alphanumeric() || " ()/&'_.#-".contains(c))
    {
        return None;
    }
    let after = &line[colon + 1..];
    let value = if after.trim_matches(BLANK).is_empty() {
        None
    } else if after.starts_with(BLANK) {
        let value = after.trim_start_matches(BLANK);
        Some(line.len() - value.len()..line.len())
    } else {
        // `http://…`, `10:30`: a colon that does not separate a key.
        return None;
    };
    Some(FieldParts {
        key: 0..key.len(),
        value,
        bold: false,
    })
}

fn field_from_line(text: &str, line: Span, style_if_plain: FieldStyle) -> Option<Field> {
    let slice = &text[line.range()];
    // Every field style has a colon; most lines have none.
    if !slice.contains(':') {
        return None;
    }
    let parts = split_field(slice)?;
    let style = if parts.bold {
        FieldStyle::Bold
    } else {
        style_if_plain
    };
    let key = normalize_key(&slice[parts.key.clone()]);
    if key.is_empty() || key.split_whitespace().count() > 6 {
        return None;
    }
    let value_span = match parts.value {
        Some(v) => trim_value(text, Span::new(line.start + v.start, line.start + v.end)),
        None => Span::empty(line.end),
    };
    Some(Field {
        key,
        key_span: Span::new(line.start + parts.key.start, line.start + parts.key.end),
        value_span,
        style,
        in_header: false,
        def: None,
        role: None,
    })
}

/// Trims a value: whitespace, a hard-break backslash, and emphasis that wraps it whole.
fn trim_value(text: &str, span: Span) -> Span {
    let mut span = trim_span(text, span);
    for marker in ["**", "__", "*", "_"] {
        let slice = &text[span.range()];
        if slice.len() > 2 * marker.len() && slice.starts_with(marker) && slice.ends_with(marker) {
            span = trim_span(
                text,
                Span::new(span.start + marker.len(), span.end - marker.len()),
            );
        }
    }
    span
}

/// Whether a heading opens a section (not the title, not a field).
fn opens_section(h: &crate::model::Heading, profile: &Profile) -> bool {
    !h.is_field && (h.level >= 2 || !profile.title_is_h1)
}

/// A `key = value` line of TOML front matter (tables and arrays of tables are skipped).
fn toml_field(text: &str, line: Span) -> Option<Field> {
    let slice = &text[line.range()];
    let eq = slice.find('=')?;
    let raw_key = slice[..eq].trim().trim_matches(['"', '\'']);
    if raw_key.is_empty() || slice.starts_with('[') || raw_key.contains(char::is_whitespace) {
        return None;
    }
    let key_start = line.start + slice.find(raw_key)?;
    let value = slice[eq + 1..].trim();
    let value_start =
        line.start + eq + 1 + (slice[eq + 1..].len() - slice[eq + 1..].trim_start().len());
    Some(Field {
        key: normalize_key(raw_key),
        key_span: Span::new(key_start, key_start + raw_key.len()),
        value_span: Span::new(value_start, value_start + value.len()),
        style: FieldStyle::FrontMatter,
        in_header: false,
        def: None,
        role: None,
    })
}

/// Trims quotes that wrap a front-matter value whole.
fn unquote(text: &str, span: Span) -> Span {
    let slice = &text[span.range()];
    for q in ['"', '\''] {
        if slice.len() >= 2 && slice.starts_with(q) && slice.ends_with(q) {
            return Span::new(span.start + 1, span.end - 1);
        }
    }
    span
}

/// What [`read`] finds: every field, the header, the status and status line, phases and
/// the duration.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub fields: Vec<Field>,
    pub header_end: usize,
    pub status: Option<StatusField>,
    pub status_line: Option<StatusLine>,
    pub phases: Vec<Phase>,
    pub duration: Option<Duration>,
    /// A status still written as the template's list of choices: template text.
    pub status_choice: Option<Placeholder>,
}

/// Reads every field, the header, the status and the status line, phases and duration.
pub(super) fn read(
    text: &str,
    blocks: &Blocks,
    profile: &Profile,
    placeholders: &[Placeholder],
) -> Header {
    let mut out = Header::default();
    // A document with no H1 may open with a lower heading as its title
    // (`## RFC: Make the authors field optional`) and its header right below.
    let untitled_top = (!blocks.headings.iter().any(|h| h.level == 1))
        .then(|| blocks.headings.first())
        .flatten()
        .filter(|h| text[..h.span.start].trim().is_empty())
        .map(|h| h.span.start);
    let first_section = blocks
        .headings
        .iter()
        .find(|h| opens_section(h, profile) && Some(h.span.start) != untitled_top)
        .map_or(text.len(), |h| h.span.start);
    let mut fields: Vec<Field> = Vec::new();
    for heading in blocks.headings.iter().filter(|h| h.is_field) {
        if let Some(mut f) = field_from_line(text, heading.text_span, FieldStyle::Heading) {
            f.style = FieldStyle::Heading;
            fields.push(f);
        }
    }
    for line in &blocks.lines {
        let plain_style = match line.kind {
            LineKind::Item => FieldStyle::ListItem,
            LineKind::FrontMatter | LineKind::TomlFrontMatter => FieldStyle::FrontMatter,
            LineKind::Paragraph => FieldStyle::Plain,
        };
        let found = if line.kind == LineKind::TomlFrontMatter {
            toml_field(text, line.span)
        } else {
            field_from_line(text, line.span, plain_style)
        };
        let Some(mut field) = found else {
            continue;
        };
        if field.style == FieldStyle::Bold && line.kind == LineKind::Item {
            field.style = FieldStyle::ListItem;
        }
        if field.style == FieldStyle::FrontMatter {
            if line.kind == LineKind::FrontMatter {
                // `release-date: # In format YYYY-MM-DD`: YAML reads no value there.
                let value = &text[field.value_span.range()];
                let kept = super::metadata::strip_comment(value).trim_end().len();
                field.value_span = Span::new(field.value_span.start, field.value_span.start + kept);
            }
            field.value_span = unquote(text, field.value_span);
        }
        // Plain `Key: value` lines count only in the block before the first section.
        let plain = matches!(field.style, FieldStyle::Plain)
            || line.kind == LineKind::Item && !text[line.span.range()].starts_with(['*', '_']);
        if plain && line.span.start > first_section {
            continue;
        }
        fields.push(field);
    }
    let mut columns: BTreeMap<usize, usize> = BTreeMap::new();
    for row in &blocks.rows {
        let widest = columns.entry(row.table).or_default();
        *widest = (*widest).max(row.cells.len());
    }
    for row in &blocks.rows {
        if columns.get(&row.table) != Some(&2) || row.cells.len() != 2 {
            continue;
        }
        let raw_key = &text[row.cells[0].range()];
        // `'string' with format=date`: a cell of a data table, not a field name.
        if raw_key.contains(['=', '"', '\'', '<', '>']) {
            continue;
        }
        let key = normalize_key(raw_key);
        if key.is_empty() || key.split_whitespace().count() > 6 {
            continue;
        }
        fields.push(Field {
            key,
            key_span: row.cells[0],
            value_span: trim_value(text, row.cells[1]),
            style: FieldStyle::Table,
            in_header: false,
            def: None,
            role: None,
        });
    }
    fields.sort_by_key(|f| f.key_span.start);

    // The header runs from the first header field (within the first 40 lines) to the
    // next section heading after it.
    let line_40 = split_lines(text, Span::new(0, text.len()))
        .nth(40)
        .map_or(text.len(), |s| s.start);
    let first_header = fields
        .iter()
        .filter(|f| f.key_span.start < line_40 && profile.field_for_key(&f.key).is_some())
        .map(|f| f.key_span.start)
        .next();
    out.header_end = match first_header {
        None => 0,
        Some(start) => blocks
            .headings
            .iter()
            .find(|h| {
                opens_section(h, profile)
                    && h.span.start > start
                    && Some(h.span.start) != untitled_top
            })
            .map_or(text.len(), |h| h.span.start),
    };
    let header_start = first_header.unwrap_or(0);
    // The footer: after the last `---` when no section follows it (the template keeps
    // Plan Status, Next Review Date and Approved By there; some plans keep Owner).
    let footer_start = blocks
        .breaks
        .last()
        .copied()
        .filter(|at| {
            !blocks
                .headings
                .iter()
                .any(|h| !h.is_field && h.span.start > *at)
        })
        .unwrap_or(usize::MAX);
    let mut seen = Vec::new();
    for field in &mut fields {
        let Some((which, def)) = profile.field_for_key(&field.key) else {
            continue;
        };
        let inside = field.key_span.start >= header_start && field.key_span.start < out.header_end
            || field.key_span.start > footer_start && field.style != FieldStyle::Plain
            || field.style == FieldStyle::FrontMatter;
        let boxes = STATUS_BOX.is_match(&text[field.value_span.range()]);
        if inside && !seen.contains(&which) && !(def.role == FieldRole::Status && boxes) {
            field.in_header = true;
            field.def = Some(which);
            field.role = Some(def.role);
            seen.push(which);
        }
    }
    if let Some(pattern) = &profile.sections.status
        && let Some((which, def)) = profile
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.role == FieldRole::Status)
        && !seen.contains(&which)
        && let Some(field) = status_section(text, blocks, pattern, which, def.role)
    {
        let at = fields.partition_point(|f| f.key_span.start < field.key_span.start);
        fields.insert(at, field);
    }
    if let Some(status) = fields
        .iter()
        .find(|f| f.in_header && f.role == Some(FieldRole::Status))
    {
        let span = status.value_span;
        let value = &text[span.range()];
        // A status that is still the template's list of choices is template text, never
        // the first status it names.
        let choice = is_choice(value.trim_matches(|c: char| "[]{}()\"'<> ".contains(c)));
        if choice && !holds_placeholder(placeholders, span) {
            out.status_choice = Some(Placeholder {
                span,
                kind: PlaceholderKind::Choice,
            });
        }
        let is_placeholder = choice || holds_placeholder(placeholders, span);
        out.status = Some(StatusField {
            span,
            status: if is_placeholder {
                None
            } else {
                profile.statuses.read(value)
            },
            is_placeholder,
        });
    }
    out.status_line = profile.status_line_key.as_ref().and_then(|key| {
        fields
            .iter()
            .rev()
            .find(|f| f.key == *key && !f.in_header)
            .map(|f| read_status_line(text, f.value_span, &profile.statuses))
    });

    for heading in &blocks.headings {
        if heading.is_field || !PHASE_HEADING.is_match(&heading.text) {
            continue;
        }
        let slice = &text[heading.text_span.range()];
        if let Some(c) = WEEK_RANGE.captures(slice) {
            let first: u32 = c[1].parse().unwrap_or(0);
            let last: u32 = c
                .get(2)
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(first);
            let whole = c.get(0).expect("group 0");
            let mut span = Span::new(
                heading.text_span.start + whole.start(),
                heading.text_span.start + whole.end(),
            );
            if text[..span.start].ends_with('[') && text[span.end..].starts_with(']') {
                span = Span::new(span.start - 1, span.end + 1);
            }
            out.phases.push(Phase {
                span,
                first_week: first,
                last_week: last,
            });
        }
    }
    out.duration = fields
        .iter()
        .find(|f| f.key.contains("duration") && !holds_placeholder(placeholders, f.value_span))
        .and_then(|f| {
            parse_duration_days(&text[f.value_span.range()]).map(|days| Duration {
                span: f.value_span,
                days,
            })
        });
    out.fields = fields;
    out
}

/// The first line of text under a status heading (Nygard's `## Status`), as the Status
/// field.
fn status_section(
    text: &str,
    blocks: &Blocks,
    pattern: &regex::Regex,
    which: usize,
    role: FieldRole,
) -> Option<Field> {
    let heading = blocks
        .headings
        .iter()
        .position(|h| !h.is_field && pattern.is_match(&h.text))?;
    let start = blocks.headings[heading].span.end;
    let end = blocks
        .headings
        .get(heading + 1)
        .map_or(text.len(), |h| h.span.start);
    let line = blocks
        .lines
        .iter()
        .find(|l| l.span.start >= start && l.span.start < end)?;
    Some(Field {
        key: "status".to_string(),
        key_span: blocks.headings[heading].text_span,
        value_span: trim_value(text, line.span),
        style: FieldStyle::Section,
        in_header: true,
        def: Some(which),
        role: Some(role),
    })
}

fn read_status_line(text: &str, span: Span, statuses: &StatusVocabulary) -> StatusLine {
    let slice = &text[span.range()];
    let boxes: Vec<StatusBox> = STATUS_BOX
        .captures_iter(slice)
        .map(|c| {
            let whole = c.get(0).expect("group 0");
            let label = c.get(2).map_or("", |m| m.as_str());
            let label_end = whole.start() + whole.as_str().trim_end().len();
            StatusBox {
                span: Span::new(span.start + whole.start(), span.start + label_end),
                checked: &c[1] != " ",
                status: statuses.read(label),
            }
        })
        .collect();
    StatusLine {
        value: if boxes.is_empty() {
            statuses.read(slice)
        } else {
            None
        },
        span,
        boxes,
    }
}

/// Dates in date positions: date fields, the timeline, milestones and change-log entries
/// (sign-off dates were read with the sign-offs), then ISO dates anywhere in prose.
/// `known` are the dates read already (the sign-offs'); the new ones are returned.
pub(super) fn read_dates(
    text: &str,
    blocks: &Blocks,
    profile: &Profile,
    fields: &[Field],
    signoffs: &[SignOff],
    known: &[DateMention],
    placeholders: &[Placeholder],
) -> Vec<DateMention> {
    let mut new_dates = Vec::new();
    // Spans already read as dates, so each date has one role (sorted, for range queries).
    let mut taken: BTreeMap<usize, usize> =
        known.iter().map(|d| (d.span.start, d.span.end)).collect();
    let is_taken = |taken: &BTreeMap<usize, usize>, span: Span| {
        taken
            .range(..=span.end)
            .next_back()
            .is_some_and(|(start, end)| Span::new(*start, *end).overlaps(span))
    };
    let date_keys: BTreeSet<usize> = fields
        .iter()
        .filter(|f| is_date_key(&f.key, profile))
        .map(|f| f.key_span.start)
        .collect();
    let date_field_at = |span: Span| date_keys.range(span.start..span.end).next().is_some();
    let signed: BTreeMap<usize, usize> = signoffs
        .iter()
        .map(|s| (s.span.start, s.span.end))
        .collect();
    for item in &blocks.items {
        // A milestone is an item of a milestones section (the nearest heading, so the
        // timeline under "Timeline & Milestones" is not one) or an item named Milestone.
        let item_text = text[item.text.range()].trim_start_matches(['*', '_']);
        let named_milestone = item_text
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("milestone"));
        if date_field_at(item.text) {
            continue;
        }
        let role = if blocks.is(item.section, SectionKind::Milestones) || named_milestone {
            DateRole::Milestone
        } else if blocks.under(item.section, SectionKind::ChangeLog) {
            DateRole::ChangeLog
        } else {
            continue;
        };
        if is_taken(&signed, item.text) {
            continue;
        }
        let slice = &text[item.text.range()];
        if let Some(token) = first_date(slice) {
            let span = Span::new(item.text.start + token.start, item.text.start + token.end);
            taken.insert(span.start, span.end);
            new_dates.push(DateMention {
                span: Span::new(item.text.start + token.start, item.text.start + token.end),
                value: token.value,
                role,
                format: token.format,
                context: Some(item.text),
            });
        } else if role == DateRole::Milestone
            && let Some((start, end)) = super::dates::yearless(slice)
        {
            // A timeline entry dated `01/10`: the year is missing.
            new_dates.push(DateMention {
                span: Span::new(item.text.start + start, item.text.start + end),
                value: DateValue::NoYear,
                role,
                format: DateFormat::Numeric,
                context: Some(item.text),
            });
        }
    }
    for row in blocks.rows.iter().filter(|r| !r.head) {
        let role = if blocks.under(row.section, SectionKind::ChangeLog) {
            DateRole::ChangeLog
        } else if blocks.under(row.section, SectionKind::Milestones) {
            DateRole::Milestone
        } else {
            continue;
        };
        if is_taken(&signed, row.span) {
            continue;
        }
        if let Some((cell, token)) = row
            .cells
            .iter()
            .find_map(|c| first_date(&text[c.range()]).map(|t| (*c, t)))
        {
            taken.insert(cell.start + token.start, cell.start + token.end);
            new_dates.push(DateMention {
                span: Span::new(cell.start + token.start, cell.start + token.end),
                value: token.value,
                role,
                format: token.format,
                context: Some(row.cells[0]),
            });
        }
    }
    for field in fields {
        if !is_date_key(&field.key, profile) || is_taken(&taken, field.value_span) {
            continue;
        }
        let role = date_role(field);
        let value = &text[field.value_span.range()];
        let placeholder = holds_placeholder(placeholders, field.value_span);
        match first_date(value) {
            Some(token) => {
                let span = Span::new(
                    field.value_span.start + token.start,
                    field.value_span.start + token.end,
                );
                if holds_placeholder(placeholders, span) {
                    continue;
                }
                taken.insert(span.start, span.end);
                new_dates.push(DateMention {
                    span,
                    value: token.value,
                    role,
                    format: token.format,
                    context: Some(field.key_span),
                });
            }
            None => {
                let mut span = field.value_span;
                let value = if placeholder || says_no_date_yet(value) {
                    DateValue::Missing
                } else if let Some((start, end)) = super::dates::yearless(value) {
                    span = Span::new(field.value_span.start + start, field.value_span.start + end);
                    DateValue::NoYear
                } else if names_date(&field.key)
                    && (field.in_header
                        || value.bytes().any(|b| b.is_ascii_digit())
                        || !defines_a_word(field, value))
                {
                    DateValue::NotADate
                } else {
                    continue;
                };
                new_dates.push(DateMention {
                    span,
                    value,
                    role,
                    format: DateFormat::Iso,
                    context: Some(field.key_span),
                });
            }
        }
    }
    for run in &blocks.prose {
        for token in find_digit_dates(&text[run.range()]) {
            let span = Span::new(run.start + token.start, run.start + token.end);
            if token.format != DateFormat::Iso && token.value != DateValue::Impossible
                || is_taken(&taken, span)
            {
                continue;
            }
            new_dates.push(DateMention {
                span,
                value: token.value,
                role: DateRole::Mention,
                format: token.format,
                context: None,
            });
        }
    }
    new_dates
}

pub(crate) fn date_role(field: &Field) -> DateRole {
    let key = field.key.as_str();
    if field.in_header && field.role == Some(FieldRole::Date) {
        DateRole::PlanDate
    } else if key.contains("next review") {
        DateRole::NextReview
    } else if key == "last updated" || key == "last-updated" || key == "updated" {
        DateRole::Updated
    } else if key.starts_with("start") || key.starts_with("kick") {
        DateRole::Start
    } else if key.starts_with("end")
        || key.contains("completion")
        || key.starts_with("completed")
        || key.contains("target date")
        || key.contains("due")
        || key.contains("deadline")
        || key.contains("finish")
    {
        DateRole::End
    } else {
        DateRole::Other
    }
}

/// `N/A`, `-`, `pending`: the writer says there is no date yet; that is not an error here.
pub(crate) fn says_no_date_yet(value: &str) -> bool {
    let v = value
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    v.is_empty()
        || matches!(
            v.as_str(),
            "n/a"
                | "na"
                | "none"
                | "pending"
                | "ongoing"
                | "not started"
                | "not yet"
                | "tbc"
                | "unknown"
                | "open"
        )
        || v.starts_with("not ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_ignore_case_and_emoji() {
        let statuses = &crate::profile::builtin::plan_profile().statuses;
        let label = |v: &str| statuses.read(v).map(|s| statuses.label(s).to_string());
        assert_eq!(label("✅ COMPLETE").as_deref(), Some("Completed"));
        assert_eq!(label("🔄 IN PROGRESS").as_deref(), Some("In Progress"));
        assert_eq!(label("In-Progress").as_deref(), Some("In Progress"));
        assert_eq!(label("Draft").as_deref(), Some("Draft"));
        // The words teams use read generously: each to the value of its class.
        assert_eq!(label("🚀 Ready to Begin").as_deref(), Some("Approved"));
        assert_eq!(label("Accepted").as_deref(), Some("Approved"));
        assert_eq!(label("Proposal").as_deref(), Some("Draft"));
        assert_eq!(label("Blocked").as_deref(), Some("On Hold"));
        assert_eq!(label("On hold").as_deref(), Some("On Hold"));
        assert_eq!(label("PASS").as_deref(), Some("Completed"));
        assert_eq!(label("Vibes"), None);
    }

    #[test]
    fn field_lines() {
        let parts = |line: &str| {
            split_field(line).map(|p| {
                (
                    line[p.key].to_string(),
                    p.value.map(|v| line[v].to_string()),
                    p.bold,
                )
            })
        };
        let some = |k: &str, v: Option<&str>, b| Some((k.to_string(), v.map(String::from), b));
        assert_eq!(
            parts("**Status**: Draft"),
            some("Status", Some("Draft"), true)
        );
        assert_eq!(
            parts("**Version:** 0.1"),
            some("Version", Some("0.1"), true)
        );
        assert_eq!(parts("__Owner__ : Jane"), some("Owner", Some("Jane"), true));
        assert_eq!(
            parts("Plan ID: PLAN-1  "),
            some("Plan ID", Some("PLAN-1  "), false)
        );
        assert_eq!(parts("Version:"), some("Version", None, false));
        assert_eq!(parts("See https://example.com"), None);
        assert_eq!(parts("At 10:30 we meet"), None);
        assert_eq!(parts("**Bold** text: no"), None);
        assert_eq!(parts("1. Step: one"), None);
    }

    #[test]
    fn field_headings_need_a_known_key() {
        let plan = crate::profile::builtin::plan_profile();
        assert!(heading_is_field("Plan ID: PLAN-001", plan));
        assert!(heading_is_field("Next Review Date: 2025-01-01", plan));
        // SPEC §2: a `Key: value` heading is a field, not a section.
        assert!(heading_is_field("Generated: 2025-12-13", plan));
        assert!(heading_is_field("Last Updated: 2025-12-13", plan));
        assert!(!heading_is_field("Phase 1: Foundation [Weeks 1-2]", plan));
        assert!(!heading_is_field("Implementation Plan: Backend", plan));
    }
}
