//! A sibling metadata file (a KEP's `kep.yaml`): top-level `key: value` lines and
//! `key:` lines followed by a list, read into the same model as a Markdown header, so
//! the same rules judge its fields, status, dates and template text.

use super::fields::says_no_date_yet;
use crate::model::{
    DateFormat, DateMention, DateValue, Field, FieldStyle, Placeholder, PlaceholderKind,
    PlanDocument, StatusField,
};
use crate::parse::dates::first_date;
use crate::parse::placeholders::is_choice;
use crate::profile::{FieldRole, Profile};
use crate::source::Span;

/// One top-level entry: its key and the span of its value (a scalar, or the items of
/// the list that follows it).
struct Entry {
    key_span: Span,
    value: Span,
    /// The list items, when the value is a list.
    items: Vec<Span>,
}

fn entries(text: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = line.len() != trimmed.len();
        // A list may stand at the key's own indentation (`authors:` then `- "@a"`).
        let list_item = trimmed.starts_with("- ") || trimmed == "-";
        if !indented && !list_item {
            let Some(colon) = line.find(':') else {
                continue;
            };
            let key = &line[..colon];
            if key.is_empty() || key.contains([' ', '\t', '"', '\'']) {
                continue;
            }
            let after = &line[colon + 1..];
            let value = strip_comment(after);
            let lead = after.len() - after.trim_start().len();
            let value_start = start + colon + 1 + lead;
            let value_span = unquote(
                text,
                Span::new(value_start, value_start + value.trim().len()),
            );
            out.push(Entry {
                key_span: Span::new(start, start + colon),
                value: value_span,
                items: Vec::new(),
            });
        } else if let Some(entry) = out.last_mut()
            && let Some(item) = trimmed
                .strip_prefix("- ")
                .or(trimmed.strip_prefix('-').filter(|r| r.is_empty()))
        {
            // A list item of the last top-level key (only when the key had no scalar).
            if !entry.items.is_empty() || entry.value.is_empty() {
                let item = strip_comment(item).trim();
                let at = start
                    + (line.len() - trimmed.len())
                    + (trimmed.len() - trimmed.trim_start_matches(['-', ' ']).len());
                let span = unquote(text, Span::new(at, at + item.len()));
                if entry.items.is_empty() {
                    entry.value = span;
                } else {
                    entry.value = Span::new(entry.value.start, span.end);
                }
                entry.items.push(span);
            }
        }
    }
    out
}

/// A YAML comment starts at ` #` outside quotes (a value that is only a comment,
/// `release-date: # FIXME`, is empty).
pub(crate) fn strip_comment(value: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in value.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => return &value[..i],
            None => {}
        }
        prev = c;
    }
    value
}

fn unquote(text: &str, span: Span) -> Span {
    let slice = &text[span.range()];
    if slice.len() >= 2
        && (slice.starts_with('"') && slice.ends_with('"')
            || slice.starts_with('\'') && slice.ends_with('\''))
    {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// Reads a sibling metadata file with its profile.
pub fn parse_metadata(text: &str, profile: &Profile) -> PlanDocument {
    let mut doc = PlanDocument::default();
    doc.metadata_errors.extend(super::sections::metadata_error(
        text,
        Span::new(0, text.len()),
        false,
    ));
    let matcher = &profile.placeholders;
    let mut seen = Vec::new();
    for entry in entries(text) {
        let key = crate::profile::normalize_key(&text[entry.key_span.range()]);
        let known = profile
            .field_for_key(&key)
            .filter(|(i, _)| !seen.contains(i));
        // Template text in the value of a field the family knows: its markers and
        // choice lists (`a|b|c`). Keys the family dropped (`editor: TBD`) are left alone.
        let values: Vec<Span> = if known.is_none() {
            Vec::new()
        } else if entry.items.is_empty() {
            vec![entry.value]
        } else {
            entry.items.clone()
        };
        for value in values {
            if value.is_empty() {
                continue;
            }
            let slice = &text[value.range()];
            let choice = slice.contains('|')
                && slice.split('|').all(|w| {
                    let w = w.trim();
                    !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '-')
                });
            if choice && is_choice(slice) {
                doc.placeholders.push(Placeholder {
                    span: value,
                    kind: PlaceholderKind::Choice,
                });
            } else {
                matcher.scan(text, value, &mut doc.placeholders);
            }
        }
        let field = Field {
            key: key.clone(),
            key_span: entry.key_span,
            value_span: entry.value,
            style: FieldStyle::Sibling,
            in_header: known.is_some(),
            def: known.map(|(i, _)| i),
            role: known.map(|(_, d)| d.role),
        };
        if let Some((i, _)) = known {
            seen.push(i);
        }
        doc.fields.push(field);
    }
    doc.placeholders.sort_by_key(|p| p.span);
    doc.placeholders.dedup_by_key(|p| p.span);
    doc.header_end = text.len();
    if let Some(status) = doc.header(FieldRole::Status) {
        let span = status.value_span;
        let is_placeholder = doc.is_placeholder(span);
        doc.status = Some(StatusField {
            span,
            status: if is_placeholder {
                None
            } else {
                profile.statuses.read(&text[span.range()])
            },
            is_placeholder,
        });
    }
    let mut dates = Vec::new();
    for field in doc.fields.iter().filter(|f| {
        profile.date_keys.contains(&f.key) || f.key.split(['-', ' ']).any(|w| w == "date")
    }) {
        let value = &text[field.value_span.range()];
        if doc.is_placeholder(field.value_span) {
            continue;
        }
        let role = crate::parse::fields::date_role(field);
        match first_date(value) {
            Some(token) => dates.push(DateMention {
                span: Span::new(
                    field.value_span.start + token.start,
                    field.value_span.start + token.end,
                ),
                value: token.value,
                role,
                format: token.format,
                context: Some(field.key_span),
            }),
            None if !says_no_date_yet(value) && value.chars().any(|c| c.is_ascii_digit()) => {
                dates.push(DateMention {
                    span: field.value_span,
                    value: DateValue::NotADate,
                    role,
                    format: DateFormat::Iso,
                    context: Some(field.key_span),
                });
            }
            None => {}
        }
    }
    doc.dates = dates;
    doc
}

/// The status a sibling metadata file gives, read cheaply for the document beside it.
pub fn sibling_status(text: &str, profile: &Profile) -> Option<crate::profile::Status> {
    let status_keys: Vec<&String> = profile
        .fields
        .iter()
        .filter(|f| f.role == FieldRole::Status)
        .flat_map(|f| f.keys.iter())
        .collect();
    entries(text)
        .into_iter()
        .find(|e| {
            let key = crate::profile::normalize_key(&text[e.key_span.range()]);
            status_keys.contains(&&key)
        })
        .and_then(|e| profile.statuses.read(&text[e.value.range()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_keys_and_lists() {
        let text = "title: X\nauthors:\n  - \"@a\"\n  - b # lead\nstatus: implementable\n# c: no\napprovers:\n- \"@z\"\n";
        let e = entries(text);
        let keys: Vec<&str> = e.iter().map(|e| &text[e.key_span.range()]).collect();
        assert_eq!(keys, ["title", "authors", "status", "approvers"]);
        assert_eq!(&text[e[3].value.range()], "@z");
        assert_eq!(&text[e[1].items[0].range()], "@a");
        assert_eq!(&text[e[1].items[1].range()], "b");
        assert_eq!(&text[e[2].value.range()], "implementable");
    }
}
