//! One pulldown-cmark pass over a plan, then interpretation into a [`PlanDocument`].
//!
//! The pass records the document's blocks with byte spans (headings, text lines, list
//! items, table rows, prose runs, HTML comments). The submodules read those blocks into
//! fields, dates, sign-offs and status; nothing parses the Markdown twice.

pub mod dates;
pub(crate) mod fields;
pub mod placeholders;
mod signoffs;

pub mod conflicts;
pub mod metadata;
mod sections;

pub(crate) use crate::model::SectionKind;
use crate::model::{ChecklistItem, Comment, Heading, Placeholder, PlaceholderKind, PlanDocument};
use crate::profile::{Profile, SectionVocabulary};
use crate::source::Span;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

pub use sections::{body_text, metadata_error, normalize_words};

/// The own body of each heading of `text` (from the end of its line to the next
/// heading), indexed like the parsed document's headings.
pub fn section_bodies(text: &str, profile: &Profile) -> Vec<Span> {
    let blocks = scan_blocks(text, profile);
    sections::own_bodies(text, &blocks)
}

/// What parsing needs besides the text.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions<'a> {
    /// The family the document belongs to: its fields, statuses and template text.
    pub profile: &'a Profile,
}

/// The pulldown-cmark extensions plan-lint reads. Smart punctuation stays off: it would
/// rewrite the very text diagnostics point at.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Where a line of text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// A line of a paragraph.
    Paragraph,
    /// The first line of a list item (its text after the marker and any box).
    Item,
    /// A line of YAML front matter.
    FrontMatter,
    /// A line of TOML front matter (`+++`).
    TomlFrontMatter,
}

/// A line of text that may hold a `key: value` field.
#[derive(Debug, Clone)]
pub(crate) struct TextLine {
    /// The line's content, container prefixes and list markers removed.
    pub span: Span,
    pub kind: LineKind,
}

/// A list item.
#[derive(Debug, Clone)]
pub(crate) struct ListItem {
    /// The first line, from the marker to the end of the line.
    pub line: Span,
    /// The first line's text after the marker and any box.
    pub text: Span,
    /// `Some(ticked)` for task-list items.
    pub checked: Option<bool>,
    pub section: Option<usize>,
}

/// A table row.
#[derive(Debug, Clone)]
pub(crate) struct TableRow {
    pub span: Span,
    pub cells: Vec<Span>,
    pub head: bool,
    pub table: usize,
    pub section: Option<usize>,
}

/// A link (or image) with its target.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// The whole link, text and target.
    pub span: Span,
    /// Its target URL.
    pub dest: String,
}

/// Everything the event pass records.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    pub links: Vec<Link>,
    pub headings: Vec<Heading>,
    /// For each heading, the nearest earlier heading of a lower level.
    pub parents: Vec<Option<usize>>,
    pub lines: Vec<TextLine>,
    pub items: Vec<ListItem>,
    pub rows: Vec<TableRow>,
    pub prose: Vec<Span>,
    pub comments: Vec<Comment>,
    /// Front matter that is not valid YAML or TOML.
    pub metadata_errors: Vec<(Span, String)>,
    /// Where each thematic break (`---`) starts.
    pub breaks: Vec<usize>,
    /// Per heading, the [`SectionKind`] bits of its own text.
    pub own_kinds: Vec<u8>,
    /// Per heading, its kinds and those of the sections it lies in.
    pub kinds: Vec<u8>,
}

impl Blocks {
    /// Classifies every heading once, so entries ask a bit test instead of running a
    /// pattern per entry and ancestor. A section inherits the kinds of those it lies in.
    fn classify_sections(&mut self, vocabulary: &SectionVocabulary) {
        let kinds = [
            (SectionKind::Milestones, &vocabulary.milestones),
            (SectionKind::ChangeLog, &vocabulary.change_log),
            (SectionKind::SignOff, &vocabulary.signoff),
        ];
        self.own_kinds = self
            .headings
            .iter()
            .map(|h| {
                kinds
                    .iter()
                    .filter(|(_, pattern)| pattern.is_match(&h.text))
                    .fold(0u8, |bits, (kind, _)| bits | *kind as u8)
            })
            .collect();
        // A document's title names the whole document (`# Design Review: Billing`), not
        // a section of it: its words do not make every section a sign-off section.
        let title = (self.headings.iter().filter(|h| h.level == 1).count() == 1)
            .then(|| self.headings.iter().position(|h| h.level == 1))
            .flatten()
            .filter(|&i| i == 0);
        self.kinds = Vec::with_capacity(self.headings.len());
        for i in 0..self.headings.len() {
            if Some(i) == title {
                self.kinds.push(0);
                continue;
            }
            let inherited = self.parents[i].map_or(0, |p| self.kinds[p]);
            self.kinds.push(inherited | self.own_kinds[i]);
        }
    }

    /// Whether section `section`, or one it lies in, is of `kind`.
    pub fn under(&self, section: Option<usize>, kind: SectionKind) -> bool {
        section.is_some_and(|i| self.kinds[i] & kind as u8 != 0)
    }

    /// Whether the heading of section `section` itself is of `kind`.
    pub fn is(&self, section: Option<usize>, kind: SectionKind) -> bool {
        section.is_some_and(|i| self.own_kinds[i] & kind as u8 != 0)
    }
}

/// Parses a plan into its model.
pub fn parse(text: &str, options: &ParseOptions<'_>) -> PlanDocument {
    // A byte-order mark would hide the first heading from Markdown. Three spaces take its
    // three bytes, so every offset stays true to the file as read.
    let unmarked;
    let text = match text.strip_prefix(crate::source::BOM) {
        Some(rest) => {
            unmarked = format!("   {rest}");
            unmarked.as_str()
        }
        None => text,
    };
    let profile = options.profile;
    let mut blocks = scan_blocks(text, profile);
    blocks.classify_sections(&profile.sections);
    // Each step below reads what the earlier ones returned; the document is assembled
    // once, at the end.
    let mut placeholders = template_text(text, &blocks, profile);
    let (unfilled_sections, kept_prompts) = sections::unfilled(text, &blocks, profile);
    let unresolved = sections::unresolved_markers(text, &blocks);
    let header = fields::read(text, &blocks, profile, &placeholders);
    if let Some(choice) = header.status_choice {
        // The whole choice list is one placeholder, in place of the groups inside it.
        placeholders.retain(|p| !choice.span.contains(p.span));
        let at = placeholders.partition_point(|p| p.span.start < choice.span.start);
        placeholders.insert(at, choice);
    }
    let (signoffs, mut dates) =
        signoffs::read(text, &blocks, profile, &header.fields, &placeholders);
    let more_dates = fields::read_dates(
        text,
        &blocks,
        profile,
        &header.fields,
        &signoffs,
        &dates,
        &placeholders,
    );
    // Appended, not sorted: sign-offs refer to their dates by index.
    dates.extend(more_dates);
    let checklist = blocks
        .items
        .iter()
        .filter_map(|item| {
            item.checked.map(|checked| ChecklistItem {
                span: item.line,
                checked,
                section: item.section,
            })
        })
        .collect();
    let mut headings = blocks.headings;
    for (i, h) in headings.iter_mut().enumerate() {
        h.own_kinds = blocks.own_kinds.get(i).copied().unwrap_or(0);
        h.kinds = blocks.kinds.get(i).copied().unwrap_or(0);
    }
    PlanDocument {
        title: headings.iter().find(|h| h.level == 1).cloned(),
        fields: header.fields,
        headings,
        checklist,
        placeholders,
        dates,
        signoffs,
        status: header.status,
        status_line: header.status_line,
        phases: header.phases,
        duration: header.duration,
        comments: blocks.comments,
        header_end: header.header_end,
        unfilled_sections,
        kept_prompts,
        unresolved,
        metadata_errors: blocks.metadata_errors,
        is_metadata: false,
        is_part: false,
        external_status: None,
    }
}

/// Template text in the document's prose and links, sorted, one entry per span.
fn template_text(text: &str, blocks: &Blocks, profile: &Profile) -> Vec<Placeholder> {
    let matcher = &profile.placeholders;
    let mut placeholders = Vec::new();
    for run in &blocks.prose {
        matcher.scan(text, *run, &mut placeholders);
    }
    if matcher.reads_zero_links() {
        for link in &blocks.links {
            if matcher.is_zero_link(&link.dest, &text[link.span.range()]) {
                placeholders.push(Placeholder {
                    span: link.span,
                    kind: PlaceholderKind::Template,
                });
            }
        }
    }
    placeholders.sort_by_key(|p| p.span);
    placeholders.dedup_by_key(|p| p.span);
    placeholders
}

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--(.*?)-->").expect("compiles"));
static ITEM_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\](?:[ \t]+|$))?|$)")
        .expect("compiles")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opaque {
    /// Text inside is not prose (code, links, images, HTML, front matter, footnotes).
    Yes,
    No,
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The single pulldown-cmark pass.
pub(crate) fn scan_blocks(text: &str, profile: &Profile) -> Blocks {
    let mut blocks = Blocks::default();
    let reads_links = profile.placeholders.reads_zero_links();
    let mut opaque_depth = 0usize;
    let mut quote_depth = 0usize;
    let mut heading_open: Option<(u8, Span, String)> = None;
    let mut section: Option<usize> = None;
    let mut item_stack: Vec<Option<usize>> = Vec::new();
    let mut table_count = 0usize;
    let mut in_head = false;
    let mut row: Option<(Span, Vec<Span>)> = None;
    let mut html_regions: Vec<Span> = Vec::new();
    // Blocks arrive in document order, so a line already recorded (an item's first line,
    // then the paragraph that starts on it) is the last one recorded.
    let mut last_line: Option<usize> = None;
    let mut first_time = |start: usize| {
        let fresh = last_line.is_none_or(|last| start > last);
        if fresh {
            last_line = Some(start);
        }
        fresh
    };

    let mark_content = |blocks: &mut Blocks, section: Option<usize>| {
        if let Some(i) = section {
            blocks.headings[i].has_own_content = true;
        }
    };

    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        let span = Span::from(range.clone());
        match event {
            Event::Start(tag) => {
                let opaque = match &tag {
                    Tag::CodeBlock(_)
                    | Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::HtmlBlock
                    | Tag::MetadataBlock(_)
                    | Tag::FootnoteDefinition(_) => Opaque::Yes,
                    _ => Opaque::No,
                };
                if opaque == Opaque::Yes {
                    opaque_depth += 1;
                }
                match tag {
                    // Only a profile that reads `0000` links needs their targets.
                    Tag::Link { dest_url, .. } if reads_links => {
                        blocks.links.push(Link {
                            span,
                            dest: dest_url.into_string(),
                        });
                    }
                    // A heading quoted in a block quote is quoted text, not a section.
                    Tag::Heading { .. } if quote_depth > 0 => mark_content(&mut blocks, section),
                    Tag::Heading { level, .. } => {
                        heading_open = Some((level_number(level), span, String::new()));
                    }
                    Tag::Paragraph if heading_open.is_none() => {
                        mark_content(&mut blocks, section);
                        if opaque_depth == 0 {
                            for line in split_lines(text, span) {
                                if first_time(line_start(text, line.start)) {
                                    blocks.lines.push(TextLine {
                                        span: strip_container(text, line),
                                        kind: LineKind::Paragraph,
                                    });
                                }
                            }
                        }
                    }
                    Tag::Item => {
                        mark_content(&mut blocks, section);
                        let first = split_lines(text, span).next().unwrap_or(span);
                        let line_text = &text[first.range()];
                        let marker = ITEM_MARKER.find(line_text).map_or(0, |m| m.end());
                        let content = trim_span(text, Span::new(first.start + marker, first.end));
                        let index = blocks.items.len();
                        blocks.items.push(ListItem {
                            line: first,
                            text: content,
                            checked: None,
                            section,
                        });
                        item_stack.push(Some(index));
                        if opaque_depth == 0 && first_time(line_start(text, first.start)) {
                            blocks.lines.push(TextLine {
                                span: content,
                                kind: LineKind::Item,
                            });
                        }
                    }
                    Tag::Table(_) => {
                        mark_content(&mut blocks, section);
                        table_count += 1;
                    }
                    Tag::TableHead => {
                        in_head = true;
                        row = Some((span, Vec::new()));
                    }
                    Tag::TableRow => row = Some((span, Vec::new())),
                    Tag::TableCell => {
                        if let Some((_, cells)) = row.as_mut() {
                            cells.push(trim_span(text, span));
                        }
                    }
                    Tag::HtmlBlock => {
                        html_regions.push(span);
                        let body = &text[span.range()];
                        if !COMMENT.replace_all(body, "").trim().is_empty() {
                            mark_content(&mut blocks, section);
                        }
                    }
                    Tag::MetadataBlock(kind) => {
                        let toml = matches!(kind, pulldown_cmark::MetadataBlockKind::PlusesStyle);
                        let mut lines_of = split_lines(text, span);
                        let first = lines_of.next();
                        let last = lines_of.last();
                        if let (Some(first), Some(last)) = (first, last) {
                            let inner = Span::new(
                                (first.end + 1).min(last.start),
                                last.start.max(first.end),
                            );
                            blocks
                                .metadata_errors
                                .extend(sections::metadata_error(text, inner, toml));
                        }
                        let kind = match kind {
                            pulldown_cmark::MetadataBlockKind::PlusesStyle => {
                                LineKind::TomlFrontMatter
                            }
                            pulldown_cmark::MetadataBlockKind::YamlStyle => LineKind::FrontMatter,
                        };
                        for line in split_lines(text, span).skip(1) {
                            let trimmed = trim_span(text, line);
                            if !trimmed.is_empty()
                                && !matches!(&text[trimmed.range()], "---" | "+++")
                            {
                                blocks.lines.push(TextLine {
                                    span: trimmed,
                                    kind,
                                });
                            }
                        }
                    }
                    Tag::BlockQuote(_) => {
                        quote_depth += 1;
                        mark_content(&mut blocks, section);
                    }
                    Tag::CodeBlock(_) | Tag::Image { .. } => {
                        mark_content(&mut blocks, section);
                    }
                    _ => {}
                }
            }
            Event::End(end) => {
                if matches!(
                    end,
                    TagEnd::CodeBlock
                        | TagEnd::Link
                        | TagEnd::Image
                        | TagEnd::HtmlBlock
                        | TagEnd::MetadataBlock(_)
                        | TagEnd::FootnoteDefinition
                ) {
                    opaque_depth = opaque_depth.saturating_sub(1);
                }
                match end {
                    TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                    TagEnd::Heading(_) => {
                        if let Some((level, span, plain)) = heading_open.take() {
                            let heading = make_heading(text, level, span, plain, profile);
                            let index = blocks.headings.len();
                            let parent = blocks.headings[..index]
                                .iter()
                                .rposition(|h| h.level < level && !h.is_field);
                            let is_field = heading.is_field;
                            blocks.headings.push(heading);
                            blocks.parents.push(parent);
                            if is_field {
                                // A field heading is content of the section it stands in.
                                mark_content(&mut blocks, section);
                            } else {
                                section = Some(index);
                            }
                        }
                    }
                    TagEnd::Item => {
                        item_stack.pop();
                    }
                    TagEnd::TableHead | TagEnd::TableRow => {
                        if let Some((span, cells)) = row.take() {
                            blocks.rows.push(TableRow {
                                span,
                                cells,
                                head: in_head,
                                table: table_count,
                                section,
                            });
                        }
                        in_head = false;
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some((_, _, plain)) = heading_open.as_mut() {
                    plain.push_str(&t);
                } else {
                    mark_content(&mut blocks, section);
                }
                if opaque_depth == 0 {
                    push_prose(text, &mut blocks.prose, span);
                }
            }
            Event::Code(t) => {
                if let Some((_, _, plain)) = heading_open.as_mut() {
                    plain.push_str(&t);
                } else {
                    mark_content(&mut blocks, section);
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(Some(index)) = item_stack.last() {
                    blocks.items[*index].checked = Some(checked);
                }
            }
            Event::InlineHtml(_) | Event::Html(_) => {
                html_regions.push(span);
                let body = &text[span.range()];
                let comment = body.trim_start().starts_with("<!--");
                if heading_open.is_none() && !comment {
                    mark_content(&mut blocks, section);
                }
                // `<fill in>` reads as an inline tag; configured patterns may target it.
                if !comment && opaque_depth == 0 && matches!(event, Event::InlineHtml(_)) {
                    push_prose(text, &mut blocks.prose, span);
                }
            }
            Event::Rule => blocks.breaks.push(span.start),
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                mark_content(&mut blocks, section);
            }
            _ => {}
        }
    }

    html_regions.sort_by_key(|r| r.start);
    for m in COMMENT.captures_iter(text) {
        let whole = m.get(0).expect("group 0");
        // Only comments that Markdown really reads as HTML, not ones inside code.
        let at = whole.start();
        let before = html_regions.partition_point(|r| r.start <= at);
        if html_regions[before.saturating_sub(2)..before]
            .iter()
            .any(|r| at < r.end.max(r.start + 1))
        {
            blocks.comments.push(Comment {
                span: Span::new(whole.start(), whole.end()),
                body: m.get(1).map_or("", |g| g.as_str()).trim().to_string(),
            });
        }
    }
    blocks
}

fn make_heading(text: &str, level: u8, span: Span, plain: String, profile: &Profile) -> Heading {
    let first = split_lines(text, span).next().unwrap_or(span);
    let line = &text[first.range()];
    let trimmed_start = line.len() - line.trim_start().len();
    let hashes = line[trimmed_start..]
        .chars()
        .take_while(|c| *c == '#')
        .count();
    let content_start = first.start + trimmed_start + hashes;
    let mut text_span = trim_span(text, Span::new(content_start, first.end));
    // Closing `##` of an ATX heading is not part of its text.
    let closing = text[text_span.range()].trim_end_matches('#');
    if hashes > 0 && closing.len() < text_span.len() && closing.ends_with(' ') {
        text_span = trim_span(
            text,
            Span::new(text_span.start, text_span.start + closing.len()),
        );
    }
    let is_field = level >= 2 && fields::heading_is_field(&text[text_span.range()], profile);
    Heading {
        level,
        span: trim_span(text, span),
        text_span,
        text: plain.trim().to_string(),
        is_field,
        has_own_content: false,
        own_kinds: 0,
        kinds: 0,
    }
}

/// Adds a text event's span to the prose runs, joining it to the previous run when only
/// emphasis markers separate them (so `**[Name]**` and `[**Name**]` stay whole).
fn push_prose(text: &str, prose: &mut Vec<Span>, span: Span) {
    if span.is_empty() {
        return;
    }
    if let Some(last) = prose.last_mut()
        && last.end <= span.start
        && text[last.end..span.start]
            .chars()
            .all(|c| matches!(c, '*' | '_' | '~'))
    {
        last.end = span.end;
        return;
    }
    prose.push(span);
}

/// The lines of `span`, each without its line break.
pub(crate) fn split_lines(text: &str, span: Span) -> impl Iterator<Item = Span> + '_ {
    let slice = &text[span.range()];
    let base = span.start;
    let mut offset = 0;
    slice.split_inclusive('\n').map(move |line| {
        let start = base + offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        Span::new(start, start + content.len())
    })
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Removes block-quote markers and indentation from the start of a line.
fn strip_container(text: &str, line: Span) -> Span {
    let slice = &text[line.range()];
    let rest = slice.trim_start_matches(['>', ' ', '\t']);
    trim_span(
        text,
        Span::new(line.start + (slice.len() - rest.len()), line.end),
    )
}

/// Trims whitespace, and a trailing hard-break backslash, from both ends of a span.
pub(crate) fn trim_span(text: &str, span: Span) -> Span {
    let slice = &text[span.range()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let mut trimmed = slice.trim();
    if let Some(rest) = trimmed.strip_suffix('\\') {
        trimmed = rest.trim_end();
    }
    Span::new(start, start + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_skips_code_links_and_comments() {
        let text =
            "# T\n\nSee [Name] and `[Code]` and [a link](x) <!-- [C] -->\n\n```\n[Block]\n```\n";
        let blocks = scan_blocks(text, crate::profile::builtin::plan_profile());
        let prose: Vec<&str> = blocks.prose.iter().map(|s| &text[s.range()]).collect();
        let joined = prose.join("|");
        assert!(joined.contains("[Name]"), "{joined}");
        assert!(
            !joined.contains("[Code]") && !joined.contains("[Block]") && !joined.contains("[C]")
        );
        assert!(!joined.contains("a link"));
        assert_eq!(blocks.comments.len(), 1);
    }

    #[test]
    fn task_items_and_sections() {
        let text = "# T\n\n## Tasks\n\n- [x] done\n- [ ] open\n\n## Empty\n";
        let blocks = scan_blocks(text, crate::profile::builtin::plan_profile());
        assert_eq!(blocks.items.len(), 2);
        assert_eq!(blocks.items[0].checked, Some(true));
        assert_eq!(&text[blocks.items[1].text.range()], "open");
        assert!(blocks.headings[1].has_own_content);
        assert!(!blocks.headings[2].has_own_content);
    }
}
