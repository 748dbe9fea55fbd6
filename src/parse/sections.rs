//! Section bodies: which sections still hold only their template's prompt, and the
//! `<<[UNRESOLVED]>>` markers a KEP keeps open questions in.

use super::Blocks;
use crate::model::{Comment, UnfilledSection};
use crate::profile::{Profile, normalize_heading};
use crate::source::Span;
use regex::Regex;
use std::sync::LazyLock;

/// A link reference definition line (`[summary]: #summary`).
static LINK_DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$").expect("compiles"));

/// The text of a section's own body as prompts are compared: comments and link
/// reference definitions removed, Markdown emphasis dropped, whitespace collapsed, lower
/// case. Two bodies that say the same thing compare equal.
pub fn body_text(text: &str, body: Span, comments: &[Comment]) -> String {
    let mut kept = String::with_capacity(body.len());
    let mut at = body.start;
    for c in comments
        .iter()
        .filter(|c| body.start <= c.span.start && c.span.end <= body.end)
    {
        kept.push_str(&text[at..c.span.start]);
        kept.push(' ');
        at = c.span.end;
    }
    kept.push_str(&text[at..body.end]);
    let without_links = LINK_DEFINITION.replace_all(&kept, " ");
    normalize_words(&without_links)
}

/// Words of `text` with emphasis, quote markers and case dropped, single spaces: how
/// prompts and the text inside them compare.
pub fn normalize_words(text: &str) -> String {
    text.lines()
        .map(|line| line.trim_start().trim_start_matches(['>', ' ', '\t']))
        .flat_map(|line| line.split(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`')))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The own body of every section: from the end of its heading to the next heading.
pub(crate) fn own_bodies(text: &str, blocks: &Blocks) -> Vec<Span> {
    let headings = &blocks.headings;
    (0..headings.len())
        .map(|i| {
            let start = headings[i].span.end;
            let end = headings
                .iter()
                .skip(i + 1)
                .find(|h| !h.is_field)
                .map_or(text.len(), |h| h.span.start);
            Span::new(start, end.max(start))
        })
        .collect()
}

/// Sections whose body is still only the template's prompt. A body that keeps the
/// prompt and answers below it is filled; so is one that says something else.
pub(crate) fn unfilled(
    text: &str,
    blocks: &Blocks,
    profile: &Profile,
) -> (Vec<UnfilledSection>, Vec<(Span, String)>) {
    if profile.prompts.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let bodies = own_bodies(text, blocks);
    let mut out = Vec::new();
    let mut kept = Vec::new();
    for (i, heading) in blocks.headings.iter().enumerate() {
        if heading.is_field {
            continue;
        }
        let Some(prompt) = profile.prompt_for(&normalize_heading(&heading.text)) else {
            continue;
        };
        let body = bodies[i];
        let said = body_text(text, body, &blocks.comments);
        if said.is_empty() {
            continue;
        }
        // A prompt kept as the lead-in to sub-sections that answer it is filled.
        let answered_below = blocks.headings[i + 1..]
            .iter()
            .take_while(|h| h.is_field || h.level > heading.level)
            .any(|h| !h.is_field && h.has_own_content);
        if answered_below {
            if said.contains(&prompt.text) {
                kept.push((body, prompt.text.clone()));
            }
            continue;
        }
        // The whole prompt, or a part of it with nothing added: nothing was written.
        if said == prompt.text || said.len() * 2 >= prompt.text.len() && prompt.text.contains(&said)
        {
            out.push(UnfilledSection {
                heading: i,
                body: super::trim_span(text, body),
            });
        } else if said.contains(&prompt.text) {
            kept.push((body, prompt.text.clone()));
        }
    }
    (out, kept)
}

/// Where metadata (YAML or TOML front matter, a `kep.yaml`) stops being readable, and
/// why: the first syntax error, located in the source. Only the syntax is checked — no
/// value is built, so an alias bomb costs nothing.
pub fn metadata_error(source: &str, inner: Span, toml: bool) -> Option<(Span, String)> {
    let text = &source[inner.range()];
    let (at, why) = if toml {
        let e = text.parse::<toml::Table>().err()?;
        (
            e.span().map_or(0, |s| s.start),
            format!("not valid TOML: {}", e.message()),
        )
    } else {
        struct Ignore;
        impl yaml_rust2::parser::EventReceiver for Ignore {
            fn on_event(&mut self, _: yaml_rust2::Event) {}
        }
        let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
        let e = parser.load(&mut Ignore, true).err()?;
        // The parser is stricter about indentation than the YAML readers KEP tooling
        // and most sites use (a flow list closed at column 0); when in doubt, do not flag.
        if e.info().contains("indentation") {
            return None;
        }
        (e.marker().index(), format!("not valid YAML: {}", e.info()))
    };
    let at = crate::source::floor_char_boundary(text, at.min(text.len()));
    let end = text[at..]
        .char_indices()
        .nth(1)
        .map_or(text.len(), |(i, _)| at + i);
    Some((Span::new(inner.start + at, inner.start + end), why))
}

/// `<<[UNRESOLVED …]>>` markers in prose (not in code or comments).
pub(crate) fn unresolved_markers(text: &str, blocks: &Blocks) -> Vec<Span> {
    const MARK: &str = "[UNRESOLVED";
    let mut out = Vec::new();
    if !text.contains(MARK) {
        return out;
    }
    for run in &blocks.prose {
        let slice = &text[run.range()];
        if !slice.contains(MARK) {
            continue;
        }
        for (at, _) in slice.match_indices(MARK) {
            let start = run.start + at;
            if !text[..start].ends_with("<<") {
                continue;
            }
            let end = text[start..]
                .find("]>>")
                .map_or(run.end, |i| start + i + 3)
                .min(text.len());
            out.push(Span::new(start - 2, end));
        }
    }
    out
}
