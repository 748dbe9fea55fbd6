//! Review and sign-off entries: list items, checkbox items and table rows under
//! sign-off headings, and the `Approved By` field.

use super::dates::find_dates;
use super::fields::{normalize_key, says_no_date_yet};
use super::{Blocks, SectionKind, TableRow, trim_span};
use crate::model::{
    DateFormat, DateMention, DateRole, DateValue, Field, Placeholder, SignOff, placeholders_within,
};
use crate::profile::Profile;
use crate::source::Span;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A role before its name: `**Role:**`, `**Role**:` or `Role:` at the start of an item.
/// The lengths are checked in code ([`ROLE_CHARS`]): a counted repetition of a Unicode
/// class made this one pattern cost 28 ms to compile, a quarter of a `--staged` run.
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\*\*|__)(?P<bold>[^*_:\n]+?)(?::[ \t]*(?:\*\*|__)|(?:\*\*|__)[ \t]*:?)|^(?P<plain>[\p{L}][\p{L}\p{N} ()/&'.-]*?)[ \t]*:")
        .expect("compiles")
});
/// The longest role, in characters, written bold and plain.
const ROLE_CHARS: (usize, usize) = (60, 41);
/// What separates a name from its date, and marks that add nothing to either.
const NOISE: &[char] = &[
    '-', '–', '—', ',', '|', ':', '✅', '✔', '☑', '✓', '️', '(', ')', '*', '_', ' ', '\t',
];

/// The sign-off entries found so far, and their dates.
struct Found<'a> {
    placeholders: &'a [Placeholder],
    role_words: &'a [String],
    entries: Vec<SignOff>,
    dates: Vec<DateMention>,
}

/// Reads every sign-off entry, with its date: the entries, and the dates they refer to
/// by index.
pub(super) fn read(
    text: &str,
    blocks: &Blocks,
    profile: &Profile,
    fields: &[Field],
    placeholders: &[Placeholder],
) -> (Vec<SignOff>, Vec<DateMention>) {
    let mut found = Found {
        placeholders,
        role_words: &profile.sections.role_words,
        entries: Vec::new(),
        dates: Vec::new(),
    };
    let out = &mut found;
    // The section of each list entry, so an entry whose siblings are dated and which is
    // not is known to lack its date.
    let mut sections: Vec<Option<usize>> = Vec::new();
    for item in &blocks.items {
        if !blocks.under(item.section, SectionKind::SignOff) {
            continue;
        }
        let slice = &text[item.text.range()];
        let Some(role) = ROLE.captures(slice) else {
            continue;
        };
        let (role_match, longest) = match role.name("bold") {
            Some(bold) => (bold, ROLE_CHARS.0),
            None => (role.name("plain").expect("one branch"), ROLE_CHARS.1),
        };
        if role_match.as_str().chars().count() > longest {
            continue;
        }
        let role_words = role_match.as_str().split_whitespace().count();
        if role_words == 0 || role_words > 5 {
            continue;
        }
        let whole = role.get(0).expect("group 0");
        let value = trim_span(
            text,
            Span::new(item.text.start + whole.end(), item.text.end),
        );
        let role_span = Span::new(
            item.text.start + role_match.start(),
            item.text.start + role_match.end(),
        );
        push_entry(text, out, item.text, role_span, value, None);
        sections.resize(out.entries.len() - 1, None);
        sections.push(item.section);
    }
    for (i, section) in sections.iter().enumerate() {
        let dated_sibling = sections
            .iter()
            .zip(&out.entries)
            .any(|(s, e)| s == section && e.date.is_some());
        if dated_sibling && out.entries[i].date.is_none() {
            let entry = &out.entries[i];
            let (at, role_span) = (Span::empty(entry.span.end), entry.role_span);
            let date = push_date(out, at, (DateValue::Missing, DateFormat::Iso), role_span);
            out.entries[i].date = Some(date);
        }
    }

    let mut tables: BTreeMap<usize, Vec<&TableRow>> = BTreeMap::new();
    for row in &blocks.rows {
        tables.entry(row.table).or_default().push(row);
    }
    for rows in tables.values() {
        if !rows
            .first()
            .is_some_and(|r| blocks.under(r.section, SectionKind::SignOff))
        {
            continue;
        }
        let Some(head) = rows.iter().find(|r| r.head) else {
            continue;
        };
        let header: Vec<String> = head
            .cells
            .iter()
            .map(|c| normalize_key(&text[c.range()]))
            .collect();
        let find = |words: &[&str]| {
            header
                .iter()
                .position(|h| words.iter().any(|w| h.contains(w)))
        };
        let date_col = find(&["date", "signed on", "approved on", "when"]);
        let name_col = find(&[
            "name",
            "signature",
            "signed by",
            "approver",
            "reviewer",
            "signatory",
            "approved by",
            "person",
        ])
        .filter(|c| Some(*c) != date_col)
        .or((header.len() >= 2).then_some(1));
        let role_col = find(&[
            "role",
            "position",
            "title",
            "function",
            "area",
            "team",
            "review",
            "stakeholder",
        ])
        .filter(|c| Some(*c) != date_col && Some(*c) != name_col)
        .unwrap_or(0);
        let Some(name_col) = name_col else { continue };
        if date_col.is_none()
            && !header
                .iter()
                .any(|h| h.contains("sign") || h.contains("approv"))
        {
            // A table that records no signature or date is not a sign-off table.
            continue;
        }
        for row in rows.iter().filter(|r| !r.head) {
            let cell = |i: usize| row.cells.get(i).copied();
            let role_span = cell(role_col).unwrap_or(row.span);
            let name_span = cell(name_col).unwrap_or(Span::empty(row.span.end));
            let date_span = date_col.map(|c| cell(c).unwrap_or(Span::empty(row.span.end)));
            push_table_entry(text, out, row.span, role_span, name_span, date_span);
        }
    }

    let approved: Vec<_> = fields
        .iter()
        .filter(|f| {
            profile.approval_keys.contains(&f.key)
                && !out.entries.iter().any(|s| s.span.overlaps(f.value_span))
        })
        .map(|f| {
            (
                Span::new(f.key_span.start, f.value_span.end.max(f.key_span.end)),
                f.key_span,
                f.value_span,
            )
        })
        .collect();
    for (entry, role_span, value) in approved {
        push_entry(text, out, entry, role_span, value, Some(true));
    }
    (found.entries, found.dates)
}

fn is_date_placeholder(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("date") || lower.contains("yyyy") || lower.contains("when")
}

/// An entry written on one line: `**Role**: Name - Date`.
fn push_entry(
    text: &str,
    out: &mut Found<'_>,
    entry: Span,
    role_span: Span,
    value: Span,
    date_slot: Option<bool>,
) {
    let slice = &text[value.range()];
    let placeholders: Vec<Span> = placeholders_within(out.placeholders, value)
        .map(|p| p.span)
        .collect();
    // The date: a real date, or template text that stands for one.
    let token = find_dates(slice).into_iter().next_back();
    let date_place = placeholders
        .iter()
        .rev()
        .find(|p| is_date_placeholder(&text[p.range()]))
        .copied();
    let (date_span, date_value) = match (&token, date_place) {
        (Some(t), _) => (
            Some(Span::new(value.start + t.start, value.start + t.end)),
            Some((t.value.clone(), t.format)),
        ),
        (None, Some(p)) => (Some(p), Some((DateValue::Missing, DateFormat::Iso))),
        (None, None) => (None, None),
    };
    let name_region = match date_span {
        Some(d) => Span::new(value.start, d.start.max(value.start)),
        None => value,
    };
    let name_text = text[name_region.range()].trim_matches(NOISE);
    // A dated entry records a sign-off that happened, even when it names only a team.
    let dated = token
        .as_ref()
        .is_some_and(|t| matches!(t.value, DateValue::Valid(_)));
    let names_no_one = !dated
        && !placeholders.iter().any(|p| p.overlaps(name_region))
        && names_no_one(name_text, out.role_words);
    let name = if name_text.is_empty() || says_no_date_yet(name_text) || names_no_one {
        None
    } else {
        let offset = text[name_region.range()].find(name_text).unwrap_or(0);
        let span = Span::new(
            name_region.start + offset,
            name_region.start + offset + name_text.len(),
        );
        let rest = strip_spans(text, span, &placeholders);
        (rest.trim_matches(NOISE).chars().count() >= 2).then_some(span)
    };
    let has_date_slot = date_span.is_some()
        || date_slot.unwrap_or(false)
        || slice.trim_end().ends_with(['-', '–', '—', '|', ','])
        || slice.contains(" - ");
    let date = match (date_span, date_value) {
        (Some(span), Some(value)) => Some(push_date(out, span, value, role_span)),
        _ if has_date_slot => Some(push_date(
            out,
            Span::empty(value.end),
            (DateValue::Missing, DateFormat::Iso),
            role_span,
        )),
        _ => None,
    };
    out.entries.push(SignOff {
        span: entry,
        role: normalize_key(&text[role_span.range()]),
        role_span,
        name,
        date,
        placeholders,
        names_no_one,
    });
}

/// Whether an entry's name text gives a role or a description instead of a person:
/// only role words (`Cloud Platform Lead`, `(CTO)`), or a phrase of three or more words
/// whose words after the first are lower case (`Architecture and implementation
/// approach`; names are capitalised, handles and addresses are one word).
fn names_no_one(name: &str, role_words: &[String]) -> bool {
    let words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '*' | '_'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '/'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        return false;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if lower.iter().all(|w| role_words.contains(w)) {
        return true;
    }
    words.len() >= 3
        && words[1..]
            .iter()
            .all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'))
}

/// An entry written as a table row.
fn push_table_entry(
    text: &str,
    out: &mut Found<'_>,
    row: Span,
    role_span: Span,
    name_span: Span,
    date_span: Option<Span>,
) {
    let placeholders: Vec<Span> = placeholders_within(out.placeholders, row)
        .map(|p| p.span)
        .collect();
    let name_text = text[name_span.range()].trim_matches(NOISE);
    let name = (!name_text.is_empty()
        && !says_no_date_yet(name_text)
        && !placeholders.iter().any(|p| p.overlaps(name_span)))
    .then_some(name_span);
    let date = date_span.map(|cell| {
        let slice = &text[cell.range()];
        match find_dates(slice).into_iter().next() {
            Some(t) if !placeholders.iter().any(|p| p.overlaps(cell)) => push_date(
                out,
                Span::new(cell.start + t.start, cell.start + t.end),
                (t.value, t.format),
                role_span,
            ),
            _ => push_date(out, cell, (DateValue::Missing, DateFormat::Iso), role_span),
        }
    });
    out.entries.push(SignOff {
        span: row,
        role: normalize_key(&text[role_span.range()]),
        role_span,
        name,
        date,
        placeholders,
        names_no_one: false,
    });
}

fn push_date(
    out: &mut Found<'_>,
    span: Span,
    (value, format): (DateValue, DateFormat),
    context: Span,
) -> usize {
    out.dates.push(DateMention {
        span,
        format,
        value,
        role: DateRole::SignOff,
        context: Some(context),
    });
    out.dates.len() - 1
}

fn strip_spans(text: &str, span: Span, remove: &[Span]) -> String {
    let mut out = String::new();
    let mut at = span.start;
    for r in remove.iter().filter(|r| span.overlaps(**r)) {
        if r.start > at {
            out.push_str(&text[at..r.start]);
        }
        at = at.max(r.end);
    }
    if at < span.end {
        out.push_str(&text[at..span.end]);
    }
    out
}
