//! Recognising unfilled template text in prose: known template groups,
//! instruction-shaped brackets and marker tokens.

use crate::model::{Placeholder, PlaceholderKind};
use crate::source::Span;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

static BRACKET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]\n]*)\]").expect("compiles"));
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|io|dev|rs|edu|gov)\b")
        .expect("compiles")
});
static CURLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{([^{}\n]*)\}").expect("compiles"));
static ANGLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<([^<>\n]*)>").expect("compiles"));
/// `(fill me in with a unique ident)`, `(fill in the date)`: a prompt in parentheses.
static FILL_ME_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:fill[ \t]+(?:me|this|it)?[ \t]*in|to be filled)\b[^()\n]*\)?")
        .expect("compiles")
});
/// A link target or text that is a `0000` placeholder (`rust-lang/rfcs#0000`,
/// `…/pull/0000`).
static ZERO_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[/#])0{4,}(?:$|[/?#)\]])").expect("compiles"));

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-(?:X{3,}|N{4})\b",
        r"|\bX{3,}-[A-Z0-9]+\b",
        r"|\bNNNN\b",
        r"|\byyyy-mm-dd\b",
        r"|\b(?:TBD|TBA|TBC|TODO|FIXME)\b",
        r"|\b(?:YYYY-MM-DD|YYYY/MM/DD|DD/MM/YYYY|MM/DD/YYYY|DD-MM-YYYY)\b",
        r"|\{\{\s*[A-Za-z_][\w.\- ]*\}\}",
    ))
    .expect("compiles")
});

/// Words that name a kind of value: `[Name]`, `[Agent Name]`, `[Deliverable 3]`.
const VALUE_KINDS: &[&str] = &[
    "name",
    "names",
    "owner",
    "owners",
    "reviewer",
    "reviewers",
    "approver",
    "approvers",
    "author",
    "authors",
    "assignee",
    "assignees",
    "date",
    "dates",
    "deadline",
    "description",
    "summary",
    "title",
    "details",
    "detail",
    "link",
    "links",
    "url",
    "email",
    "phone",
    "team",
    "role",
    "number",
    "amount",
    "value",
    "cost",
    "costs",
    "budget",
    "hours",
    "weeks",
    "days",
    "percentage",
    "version",
    "requirement",
    "requirements",
    "strategy",
    "approach",
    "criteria",
    "objective",
    "objectives",
    "goal",
    "goals",
    "deliverable",
    "deliverables",
    "task",
    "tasks",
    "risk",
    "risks",
    "milestone",
    "milestones",
    "metric",
    "metrics",
    "target",
    "targets",
    "reason",
    "rationale",
    "notes",
    "note",
    "id",
    "identifier",
    "status",
    "priority",
    "impact",
    "probability",
    "company",
    "organization",
    "organisation",
    "department",
    "contact",
    "stakeholder",
    "stakeholders",
    "placeholder",
    "explanation",
    "component",
    "components",
    "feature",
    "features",
    "service",
    "services",
    "item",
    "items",
    "step",
    "steps",
    "option",
    "options",
    "person",
    "member",
    "members",
    "signature",
    "timeline",
    "estimate",
    "duration",
    "location",
    "tool",
    "tools",
    "process",
    "requirements",
    "dependencies",
    "dependency",
    "mitigation",
    "outcome",
    "outcomes",
    "scope",
    "background",
    "context",
    "question",
    "questions",
    "answer",
    "decision",
];

/// Function words an instruction to the writer is made of: `[Brief summary of the
/// rollout]` (with the verbs of [`IMPERATIVES`]).
const INSTRUCTION_WORDS: &[&str] = &[
    "of", "for", "to", "and", "the", "a", "an", "with", "on", "in", "how", "what", "who", "when",
    "where", "why", "which", "this", "that", "your", "each", "any", "or", "here",
];

/// A way templates write a slot for the writer to fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    /// `[Name]`, `[Brief summary of …]`, `[High/Medium/Low]`.
    Square,
    /// `{short title of the decision}`.
    Curly,
    /// `<component name>`.
    Angle,
    /// `(fill me in with …)`.
    FillMeIn,
    /// A link to a `0000` placeholder (`[rust-lang/rfcs#0000](…/pull/0000)`).
    ZeroLink,
}

impl Syntax {
    /// Every syntax.
    pub const ALL: [Syntax; 5] = [
        Syntax::Square,
        Syntax::Curly,
        Syntax::Angle,
        Syntax::FillMeIn,
        Syntax::ZeroLink,
    ];

    /// The syntax's name as configuration writes it.
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Square => "square",
            Syntax::Curly => "curly",
            Syntax::Angle => "angle",
            Syntax::FillMeIn => "fill-me-in",
            Syntax::ZeroLink => "zero-link",
        }
    }

    /// The opening and closing delimiters of a bracket syntax.
    fn delimiters(self) -> Option<(char, char)> {
        match self {
            Syntax::Square => Some(('[', ']')),
            Syntax::Curly => Some(('{', '}')),
            Syntax::Angle => Some(('<', '>')),
            Syntax::FillMeIn | Syntax::ZeroLink => None,
        }
    }

    fn pattern(self) -> Option<&'static Regex> {
        match self {
            Syntax::Square => Some(&BRACKET),
            Syntax::Curly => Some(&CURLY),
            Syntax::Angle => Some(&ANGLE),
            Syntax::FillMeIn | Syntax::ZeroLink => None,
        }
    }
}

/// Recognises template text. Built once per profile from its template, its syntaxes
/// and the configuration, then shared by every parse.
#[derive(Clone)]
pub struct PlaceholderMatcher {
    /// Known template groups, normalised, delimiters included (`[name]`, `{title}`).
    known: HashSet<String>,
    syntaxes: Vec<Syntax>,
    extra: Vec<Regex>,
    allow: HashSet<String>,
    /// Whether a bracketed phrase made of function words (`[Brief summary of the
    /// rollout]`) counts as an instruction, or only one that opens with an imperative.
    /// The seed plan template writes its slots that way; elsewhere such brackets are
    /// more often filled-in labels.
    loose_instructions: bool,
}

// By hand, so the sets print sorted: the Plan ID cache fingerprints the profiles by
// their debug text, which must be the same in every run.
impl std::fmt::Debug for PlaceholderMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn sorted(set: &HashSet<String>) -> Vec<&String> {
            let mut items: Vec<&String> = set.iter().collect();
            items.sort();
            items
        }
        f.debug_struct("PlaceholderMatcher")
            .field("known", &sorted(&self.known))
            .field("syntaxes", &self.syntaxes)
            .field("extra", &self.extra)
            .field("allow", &sorted(&self.allow))
            .field("loose_instructions", &self.loose_instructions)
            .finish()
    }
}

impl Default for PlaceholderMatcher {
    fn default() -> Self {
        PlaceholderMatcher::from_template(crate::profile::builtin::PLAN_TEMPLATE, &[Syntax::Square])
            .with_loose_instructions(true)
    }
}

impl PlaceholderMatcher {
    /// A matcher that knows no template and reads `[...]` groups only.
    pub fn empty() -> Self {
        PlaceholderMatcher {
            known: HashSet::new(),
            syntaxes: vec![Syntax::Square],
            extra: Vec::new(),
            allow: HashSet::new(),
            loose_instructions: false,
        }
    }

    /// Sets whether function-word phrases in brackets count as instructions.
    pub fn with_loose_instructions(mut self, loose: bool) -> Self {
        self.loose_instructions = loose;
        self
    }

    /// Whether function-word phrases in brackets count as instructions.
    pub fn loose_instructions(&self) -> bool {
        self.loose_instructions
    }

    /// Learns the groups of `template` in each of `syntaxes` (except those that read
    /// as values).
    pub fn from_template(template: &str, syntaxes: &[Syntax]) -> Self {
        let mut matcher = PlaceholderMatcher::empty().with_syntaxes(syntaxes);
        matcher.learn(template);
        matcher
    }

    /// Sets the syntaxes this matcher reads.
    pub fn with_syntaxes(mut self, syntaxes: &[Syntax]) -> Self {
        self.syntaxes = syntaxes.to_vec();
        self
    }

    /// The syntaxes this matcher reads.
    pub fn syntaxes(&self) -> &[Syntax] {
        &self.syntaxes
    }

    /// Adds the groups of `template` in this matcher's syntaxes to the known ones: those
    /// in its prose, not in code, comments or links (a link's text is no slot).
    pub fn learn(&mut self, template: &str) {
        let scanner = crate::profile::builtin::blank("", "");
        let blocks = crate::parse::scan_blocks(template, &scanner);
        let prose: Vec<&str> = blocks.prose.iter().map(|s| &template[s.range()]).collect();
        for syntax in self.syntaxes.clone() {
            if let Some(pattern) = syntax.pattern() {
                for m in prose.iter().flat_map(|run| pattern.captures_iter(run)) {
                    let inner = m.get(1).map_or("", |g| g.as_str());
                    // A bracket may hold a value (`[1]`, `[OK]`); a template's `<name>` or
                    // `{title}` never does.
                    let value = if syntax == Syntax::Square {
                        reads_as_value(inner)
                    } else {
                        !inner.chars().any(char::is_alphabetic) || inner.contains("://")
                    };
                    if is_checkbox(inner) || value {
                        continue;
                    }
                    self.known.insert(group_key(syntax, inner));
                }
            } else if syntax == Syntax::FillMeIn {
                for m in prose.iter().flat_map(|run| FILL_ME_IN.find_iter(run)) {
                    self.known.insert(normalize(m.as_str()));
                }
            }
        }
    }

    /// Merges another matcher's known groups and syntaxes into this one.
    pub fn absorb(&mut self, other: &PlaceholderMatcher) {
        self.known.extend(other.known.iter().cloned());
        for s in &other.syntaxes {
            if !self.syntaxes.contains(s) {
                self.syntaxes.push(*s);
            }
        }
    }

    /// Whether `text` (a whole group, delimiters included) is known template text.
    pub fn is_known(&self, text: &str) -> bool {
        self.known.contains(&normalize(text))
    }

    /// Whether links to `0000` placeholders count as template text.
    pub fn reads_zero_links(&self) -> bool {
        self.syntaxes.contains(&Syntax::ZeroLink)
    }

    /// Whether a link's target or text is a `0000` placeholder.
    pub fn is_zero_link(&self, target: &str, text: &str) -> bool {
        self.reads_zero_links() && (ZERO_LINK.is_match(target) || ZERO_LINK.is_match(text))
    }

    /// Adds configured patterns (regexes) and an allow-list of texts never to flag.
    pub fn with_configuration(mut self, extra: Vec<Regex>, allow: &[String]) -> Self {
        self.extra = extra;
        self.allow = allow.iter().map(|a| normalize(a)).collect();
        self
    }

    /// How many template groups it knows (for tests and diagnostics).
    pub fn known_count(&self) -> usize {
        self.known.len()
    }

    /// Finds template text in the prose run `run` of `source`, appending to `out`.
    pub fn scan(&self, source: &str, run: Span, out: &mut Vec<Placeholder>) {
        let Some(text) = source.get(run.range()) else {
            return;
        };
        let first = out.len();
        let run_line = run_line(source, run);
        // Spans found by earlier stages, sorted: each stage's matches are checked against
        // them by binary search (a run may hold hundreds of thousands of groups).
        let mut taken: Vec<Span> = Vec::new();
        let settle = |taken: &mut Vec<Span>, out: &[Placeholder]| {
            taken.clear();
            taken.extend(out.iter().map(|p| p.span));
            taken.sort();
        };
        for syntax in &self.syntaxes {
            settle(&mut taken, &out[first..]);
            let (Some(pattern), Some((open, _))) = (syntax.pattern(), syntax.delimiters()) else {
                continue;
            };
            if !text.contains(open) {
                continue;
            }
            for whole in pattern.find_iter(text) {
                let inner = &whole.as_str()[1..whole.len() - 1];
                let at = run.start + whole.start();
                let end = run.start + whole.end();
                if text[..whole.start()].ends_with('\\')
                    || self.allowed(whole.as_str())
                    || overlaps_sorted(&taken, Span::new(at, end))
                {
                    continue;
                }
                // `[text][ref]` and `[text](…)` are links whose target is missing, not
                // template text; `each[Key|Val]` or `items[0]` is notation.
                if *syntax == Syntax::Square
                    && (source[end..].starts_with(['[', '('])
                        || source[..at].ends_with(']')
                        || source[..at]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphanumeric)
                        || target_on_next_line(&source[end..]))
                {
                    continue;
                }
                let line = line_around(source, line_bounds(source, run_line, at), at, end);
                let kind = if *syntax == Syntax::Square {
                    self.classify(inner, line)
                } else {
                    self.classify_other(*syntax, whole.as_str(), inner, source, at, end, line)
                };
                if let Some(kind) = kind {
                    out.push(Placeholder {
                        span: Span::new(at, end),
                        kind,
                    });
                }
            }
        }
        if self.syntaxes.contains(&Syntax::FillMeIn) && text.contains('(') {
            settle(&mut taken, &out[first..]);
            for m in FILL_ME_IN.find_iter(text) {
                let mut span = Span::new(run.start + m.start(), run.start + m.end());
                // The prompt may hold code (`my_feature`) that splits the prose run: it
                // ends at its closing parenthesis on the same line.
                if !m.as_str().ends_with(')') {
                    let rest = &source[span.end..];
                    let line_end = rest.find('\n').unwrap_or(rest.len());
                    match rest[..line_end].find(')') {
                        Some(close) => span.end += close + 1,
                        None => continue,
                    }
                }
                if !self.allowed(m.as_str()) && !overlaps_sorted(&taken, span) {
                    out.push(Placeholder {
                        span,
                        kind: PlaceholderKind::Template,
                    });
                }
            }
        }
        let markers = if may_hold_marker(text) { text } else { "" };
        settle(&mut taken, &out[first..]);
        let markers_from = out.len();
        for m in MARKER.find_iter(markers) {
            let span = Span::new(run.start + m.start(), run.start + m.end());
            if overlaps_sorted(&taken, span) || self.allowed(m.as_str()) {
                continue;
            }
            // `TODO: TBC` is one gap: the marker that follows another is not reported.
            if is_word_marker(m.as_str())
                && out[markers_from..].last().is_some_and(|p| {
                    p.kind == PlaceholderKind::Marker
                        && p.span.end <= span.start
                        && source[p.span.end..span.start]
                            .chars()
                            .all(|c| c == ':' || c.is_whitespace())
                        && !source[p.span.end..span.start].contains('\n')
                })
            {
                continue;
            }
            // `TBD` and `TODO` are template text where they stand in place of a value, not
            // where prose talks about them ("No TODO comments remain"). So is an unpadded
            // `{{name}}`, which prose about a templating language writes as its syntax
            // ("the {{unique-id}} helper"); a padded `{{ name }}` is a template's slot.
            let unpadded_slot = m.as_str().starts_with("{{") && !m.as_str().starts_with("{{ ");
            if (is_word_marker(m.as_str()) || unpadded_slot)
                && !stands_for_a_value(source, line_bounds(source, run_line, span.start), span)
            {
                continue;
            }
            out.push(Placeholder {
                span: widen_to_brackets(source, span),
                kind: PlaceholderKind::Marker,
            });
        }
        for pattern in &self.extra {
            settle(&mut taken, &out[first..]);
            for m in pattern.find_iter(text) {
                let span = Span::new(run.start + m.start(), run.start + m.end());
                if m.as_str().is_empty()
                    || overlaps_sorted(&taken, span)
                    || self.allowed(m.as_str())
                {
                    continue;
                }
                out.push(Placeholder {
                    span,
                    kind: PlaceholderKind::Configured,
                });
            }
        }
        out[first..].sort_by_key(|p| p.span);
    }

    fn allowed(&self, text: &str) -> bool {
        !self.allow.is_empty()
            && (self.allow.contains(&normalize(text))
                || self.allow.contains(&normalize(
                    text.trim_start_matches(['[', '{', '<'])
                        .trim_end_matches([']', '}', '>']),
                )))
    }

    /// A `{…}` or `<…>` group in a profile whose template writes slots that way. Such
    /// groups are rare in prose, so any phrase in them reads as a slot; a single word
    /// is one only when the template has it (`{id}` may be part of a path).
    #[allow(clippy::too_many_arguments)]
    fn classify_other(
        &self,
        syntax: Syntax,
        whole: &str,
        inner: &str,
        source: &str,
        at: usize,
        end: usize,
        line: LineContext<'_>,
    ) -> Option<PlaceholderKind> {
        let trimmed = inner.trim();
        // `{{ name }}` is a marker; `<https://…>` an autolink; `</b>` or `<br/>` HTML.
        if source[..at].ends_with(['{', '<'])
            || source[end..].starts_with(['}', '>'])
            || trimmed.contains("://")
            || trimmed.starts_with(['/', '!', '?'])
            || trimmed.ends_with('/')
        {
            return None;
        }
        if self.known.contains(&normalize(whole)) {
            return (!(line.at_start && line.followed_by_text))
                .then_some(PlaceholderKind::Template);
        }
        if syntax == Syntax::Angle && trimmed.contains('=') {
            return None;
        }
        let ws = words(trimmed);
        let first_letter = trimmed.chars().next().is_some_and(char::is_alphabetic);
        let plain = trimmed
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || ",.'-|…/&()\"".contains(c));
        if !first_letter || !plain || ws.len() < 2 {
            return None;
        }
        if is_choice(trimmed) || trimmed.contains('|') {
            return Some(PlaceholderKind::Choice);
        }
        Some(PlaceholderKind::Instruction)
    }

    fn classify(&self, inner: &str, line: LineContext<'_>) -> Option<PlaceholderKind> {
        let trimmed = inner.trim();
        if is_checkbox(inner) || trimmed.starts_with('^') {
            return None;
        }
        if MARKER.is_match(trimmed) {
            return Some(PlaceholderKind::Marker);
        }
        let labels_text = line.at_start && line.followed_by_text;
        if self.known.contains(&group_key(Syntax::Square, trimmed)) && !reads_as_value(trimmed) {
            return (!labels_text).then_some(PlaceholderKind::Template);
        }
        if reads_as_value(trimmed) || labels_text {
            return None;
        }
        if is_choice(trimmed) {
            return Some(PlaceholderKind::Choice);
        }
        if names_a_kind_of_value(trimmed) {
            return Some(PlaceholderKind::Instruction);
        }
        if !line.followed_by_text && is_instruction(trimmed, self.loose_instructions) {
            return Some(PlaceholderKind::Instruction);
        }
        None
    }
}

/// Where a bracket group stands on its line.
#[derive(Debug, Clone, Copy)]
struct LineContext<'a> {
    /// Nothing but list markers, boxes, emphasis or table pipes before it.
    at_start: bool,
    /// Words (not separators or more brackets) follow it.
    followed_by_text: bool,
    #[allow(dead_code)]
    line: &'a str,
}

fn line_around(source: &str, line: Span, start: usize, end: usize) -> LineContext<'_> {
    let (line_start, line_end) = (line.start, line.end);
    let before = &source[line_start..start];
    let after = &source[end..line_end];
    let before_core = strip_line_markers(before, &['>']);
    // From the end, so a long line stops at the first word before the bracket.
    let at_start = before_core
        .chars()
        .rev()
        .all(|c| c.is_whitespace() || matches!(c, '*' | '_' | '|' | '#'));
    let after_core = after.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | ':' | ')' | ',' | '.')
    });
    let followed_by_text = after_core
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric());
    LineContext {
        at_start,
        followed_by_text,
        line: &source[line_start..line_end],
    }
}

/// The text before something on its line without what opens the line: quote markers
/// and `extra` characters, a list marker or number, a task box.
fn strip_line_markers<'a>(before: &'a str, extra: &[char]) -> &'a str {
    let core = before
        .trim_start_matches(|c: char| c.is_whitespace() || extra.contains(&c))
        .trim_start_matches(['-', '*', '+'])
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', ')'])
        .trim_start();
    core.strip_prefix("[ ]")
        .or_else(|| core.strip_prefix("[x]"))
        .or_else(|| core.strip_prefix("[X]"))
        .unwrap_or(core)
}

/// The line around byte `at` of `run`. A prose run never crosses a line break, so its
/// line is found once per run rather than once per bracket (long lines stay linear).
fn line_bounds(source: &str, run_line: Option<Span>, at: usize) -> Span {
    if let Some(line) = run_line {
        return line;
    }
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    Span::new(start, end)
}

/// The line a run lies on, when it lies on one line.
fn run_line(source: &str, run: Span) -> Option<Span> {
    if source[run.range()].contains('\n') {
        return None;
    }
    let start = source[..run.start].rfind('\n').map_or(0, |i| i + 1);
    let end = source[run.end..]
        .find('\n')
        .map_or(source.len(), |i| run.end + i);
    Some(Span::new(start, end))
}

/// Whether `span` overlaps one of `taken` (sorted, not overlapping each other).
fn overlaps_sorted(taken: &[Span], span: Span) -> bool {
    let i = taken.partition_point(|s| s.end <= span.start);
    taken.get(i).is_some_and(|s| s.start < span.end)
}

/// `[text]` with its `(url)` on the next line: a link broken by a line break.
fn target_on_next_line(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '\t']);
    rest.starts_with(['\n', '\r']) && rest.trim_start().starts_with('(')
}

/// The markers that are words (`TBD`, `TODO`), as opposed to slots (`PLAN-XXX`).
fn is_word_marker(text: &str) -> bool {
    matches!(text, "TBD" | "TBA" | "TBC" | "TODO" | "FIXME" | "NNNN")
}

/// Whether a word marker at `span` of `line` stands where a value should be: the whole
/// line, item or cell (`- TBD`, `| TBD |`), a field's value (`Owner: TBD`), or a note
/// that opens with it (`TODO: write the rollback steps`, `TBD (pending legal)`).
fn stands_for_a_value(source: &str, line: Span, span: Span) -> bool {
    let after = &source[span.end..line.end.max(span.end)];
    // `**TBD** — to be decided at the steering meeting`: a term being defined, in bold
    // as glossary terms are, not a value left open.
    let raw_before = &source[line.start.min(span.start)..span.start];
    if (raw_before.ends_with("**") || raw_before.ends_with("__"))
        && (after.starts_with("**") || after.starts_with("__"))
    {
        let definition = after[2..].trim_start_matches([':', ' ', '—', '–', '-', '*', '_']);
        if definition.split_whitespace().count() >= 2 {
            return false;
        }
    }
    if after.starts_with(':') {
        return true;
    }
    let before = strip_line_markers(
        &source[line.start.min(span.start)..span.start],
        &['>', '#', '|'],
    )
    .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | '~'));
    // `Budget is TBD.`: the marker is what the subject is, a value still missing.
    let linked = before.rsplit(' ').next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "is" | "are" | "remains" | "stays" | "still"
        )
    });
    let in_slot = before.is_empty()
        || linked
        || before.ends_with([':', '|', '-', '–', '—', '=', '['])
        || before
            .chars()
            .all(|c| matches!(c, '*' | '_' | '`' | '~' | ' '));
    let after = after
        .trim_start_matches(['*', '_', '`', '~', ']'])
        .trim_start();
    let ends = after.is_empty()
        || after.starts_with(['|', ')', '-', '–', '—', '(', '[', '.', ';', ',', '!', '?'])
        || after
            .chars()
            .all(|c| c.is_ascii_punctuation() || c.is_whitespace());
    in_slot && ends
}

/// Every marker holds one of these: text without any skips the marker pattern.
fn may_hold_marker(text: &str) -> bool {
    static HINT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"XXX|NNNN|TBD|TBA|TBC|TODO|FIXME|YYYY|yyyy|MM/|/MM|-MM-|\{\{")
            .expect("compiles")
    });
    HINT.is_match(text)
}

/// `PLAN-XXX` written as `[PLAN-XXX]` is flagged with its brackets.
fn widen_to_brackets(source: &str, span: Span) -> Span {
    let bytes = source.as_bytes();
    if span.start > 0
        && bytes.get(span.start - 1) == Some(&b'[')
        && bytes.get(span.end) == Some(&b']')
    {
        Span::new(span.start - 1, span.end + 1)
    } else {
        span
    }
}

/// The key a known group is stored under: its delimiters and normalised inner text.
fn group_key(syntax: Syntax, inner: &str) -> String {
    match syntax.delimiters() {
        Some((open, close)) => format!("{open}{}{close}", normalize(inner)),
        None => normalize(inner),
    }
}

fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_checkbox(inner: &str) -> bool {
    matches!(inner, " " | "x" | "X" | "" | "  ")
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
}

/// Brackets that hold a real value: numbers, identifiers, status tokens, figures.
fn reads_as_value(inner: &str) -> bool {
    let inner = inner.trim();
    if inner.is_empty() || !inner.chars().any(char::is_alphabetic) {
        return true;
    }
    if inner.contains("://") || inner.contains('@') || inner.starts_with(['/', '.', '~', '#']) {
        return true;
    }
    // A host name (`internals.rust-lang.org`) names a real place.
    if DOMAIN.is_match(inner) {
        return true;
    }
    let ws = words(inner);
    if ws.len() == 1 {
        let w = ws[0];
        let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        // Identifiers such as `REQ-PROF-001` or `SAP-042`.
        if w.contains(['-', '_', '.']) && w.chars().any(|c| c.is_ascii_digit()) {
            return true;
        }
        // Short status tokens: `[OK]`, `[ERROR]`, `[accepted]`.
        if letters.chars().all(char::is_uppercase) && !letters.is_empty() {
            return true;
        }
        if letters.chars().all(char::is_lowercase) {
            return true;
        }
    }
    // Figures make a value (`[Weeks 1-2]`, `[v2.1]`, `[Q3 2025]`), except a numbered slot
    // of a kind-of-value word (`[Deliverable 3]`, `[Task 1]`).
    if inner.chars().any(|c| c.is_ascii_digit()) {
        // `[Current Date + 1 hour]` is a date to be worked out, not a date.
        let relative_date = ws.iter().any(|w| w.eq_ignore_ascii_case("date"))
            && crate::parse::dates::first_date(inner).is_none();
        return !is_numbered_slot(&ws) && !relative_date;
    }
    false
}

fn is_numbered_slot(ws: &[&str]) -> bool {
    ws.len() == 2
        && VALUE_KINDS.contains(&ws[0].to_lowercase().as_str())
        && ws[1]
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && !ws[0].eq_ignore_ascii_case("weeks")
        && !ws[0].eq_ignore_ascii_case("days")
}

/// `[High/Medium/Low]`, `[Yes/No]`, `{proposed | rejected | … }`: a choice left for
/// the writer.
pub(crate) fn is_choice(inner: &str) -> bool {
    let piped = inner.contains('|');
    let parts: Vec<&str> = inner
        .split(if piped { '|' } else { '/' })
        .map(str::trim)
        .filter(|p| !matches!(*p, "…" | "..."))
        .collect();
    if parts.len() < 2 {
        return false;
    }
    if piped {
        // Pipes separate choices only: a value never holds them.
        return parts.iter().all(|p| {
            (1..=6).contains(&words(p).len()) && p.chars().next().is_some_and(char::is_alphabetic)
        });
    }
    parts.iter().all(|p| {
        let ws = words(p);
        let mut chars = p.chars();
        (1..=3).contains(&ws.len())
            && chars.next().is_some_and(char::is_uppercase)
            && chars.any(char::is_lowercase)
            && p.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-')
    })
}

/// `[Name]`, `[Agent Name]`, `[Current Date]`, `[X weeks]`, `[Deliverable 3]`.
fn names_a_kind_of_value(inner: &str) -> bool {
    let ws = words(inner);
    // `[Current Date + 1 hour]`: a date still to be worked out.
    if ws.len() <= 6
        && ws.iter().any(|w| w.eq_ignore_ascii_case("date"))
        && crate::parse::dates::first_date(inner).is_none()
        && ws[0].chars().next().is_some_and(char::is_uppercase)
    {
        return true;
    }
    if ws.is_empty() || ws.len() > 4 {
        return false;
    }
    if !inner
        .chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '-' | '\'' | '+'))
    {
        return false;
    }
    // A variable and a unit: `[X weeks]`, `[N days]`.
    if ws.len() == 2
        && matches!(ws[0], "X" | "N" | "#" | "XX")
        && ws[1].chars().all(char::is_alphabetic)
    {
        return true;
    }
    if is_numbered_slot(&ws) {
        return true;
    }
    let last = ws[ws.len() - 1].to_lowercase();
    let capitalised = ws.iter().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
    });
    VALUE_KINDS.contains(&last.as_str()) && (capitalised || ws.len() == 1)
        || ws.len() == 2 && inner.eq_ignore_ascii_case("assigned to")
}

/// `[Brief summary of the rollout]`, `[Links to related documents]`, `[Who, what, when]`.
fn is_instruction(inner: &str, loose: bool) -> bool {
    let ws = words(inner);
    if ws.len() < 3 || inner.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if !inner.chars().all(|c| {
        c.is_alphabetic()
            || c.is_whitespace()
            || matches!(c, ',' | '-' | '&' | '\'' | '(' | ')' | '/' | '.')
    }) {
        return false;
    }
    let lower: Vec<String> = ws
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .collect();
    // A bracketed sentence (`[only applies to the EU region]`, `[Failure mode refers to
    // a replica failing to rejoin]`) is an aside or a kept label the author filled in,
    // not an instruction, unless it opens with an imperative (`[Describe how this is
    // tested]`). Instructions are short: a long bracket is the author's text.
    let imperative = IMPERATIVES.contains(&lower[0].as_str());
    let third_person_verb = lower
        .iter()
        .skip(1)
        .any(|w| THIRD_PERSON_VERBS.contains(&w.as_str()));
    let sentence = inner.trim_end().ends_with(['.', '!', '?'])
        || third_person_verb
        || ws.len() > MAX_INSTRUCTION_WORDS
        || lower.iter().any(|w| SENTENCE_VERBS.contains(&w.as_str()));
    if sentence && !imperative {
        return false;
    }
    imperative
        || loose
            && lower
                .iter()
                .any(|w| INSTRUCTION_WORDS.contains(&w.as_str()))
}

/// Instructions to the writer are short phrases (`[Brief summary of the rollout]`); a
/// bracket of more words than this is someone's text.
const MAX_INSTRUCTION_WORDS: usize = 12;

/// Verbs in the third person that make a bracket a statement (`… refers to …`).
const THIRD_PERSON_VERBS: &[&str] = &[
    "refers", "means", "covers", "includes", "happens", "occurs", "fails", "runs", "takes", "uses",
    "needs", "requires", "affects", "returns", "keeps", "stays",
];

/// Verbs that open an instruction to the writer.
const IMPERATIVES: &[&str] = &[
    "describe",
    "explain",
    "list",
    "add",
    "insert",
    "enter",
    "provide",
    "specify",
    "write",
    "fill",
    "include",
    "summarize",
    "summarise",
    "define",
    "identify",
    "outline",
    "replace",
    "state",
    "note",
    "document",
    "link",
    "attach",
    "give",
];

/// Words that make a bracketed phrase a sentence rather than a label.
const SENTENCE_VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "will",
    "be",
    "been",
    "has",
    "have",
    "had",
    "can",
    "could",
    "should",
    "would",
    "must",
    "may",
    "might",
    "does",
    "do",
    "did",
    "not",
    "applies",
    "already",
    "currently",
    "only",
    "we",
    "i",
    "it",
    "they",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str) -> Vec<String> {
        let matcher = PlaceholderMatcher::default();
        let mut out = Vec::new();
        matcher.scan(text, Span::new(0, text.len()), &mut out);
        out.iter()
            .map(|p| text[p.span.range()].to_string())
            .collect()
    }

    #[test]
    fn learns_the_builtin_template_but_not_week_ranges() {
        let matcher = PlaceholderMatcher::default();
        assert!(matcher.is_known("[Name]"));
        assert!(matcher.is_known("[Brief summary of the implementation plan]"));
        assert!(!matcher.is_known("[Weeks 1-2]"));
        assert!(!matcher.is_known("[ ]"));
    }

    #[test]
    fn instruction_shaped_brackets() {
        for text in [
            "[Owner]",
            "[Current Date]",
            "[Deliverable 3]",
            "[X weeks]",
            "[Yes/No]",
            "[Brief summary of the rollout]",
            "[Links to related documents]",
            "[Current Date + 1 hour]",
            "[Describe how this is tested]",
        ] {
            assert_eq!(flagged(text), vec![text.to_string()], "{text}");
        }
    }

    #[test]
    fn values_are_not_placeholders() {
        for text in [
            "an [interesting proposal][ref2] here",
            "- [Issue about static linking]\n  (https://example.com/290)",
            "- [Thread on internals.rust-lang.org]",
            "[1]",
            "[11, 3]",
            "[REQ-PROF-001]",
            "[OK]",
            "[ERROR]",
            "[accepted]",
            "[Weeks 1-2]",
            "[Option 1] Do nothing",
            "[Jörg Steffens]",
            "[only applies to the EU region]",
            "[This was added in the second review.]",
            "[Failure mode refers to a volume group snapshot creation failure]",
            "[Notes from the kickoff on how the three teams share the one queue between them]",
            "[Not Started]",
            "[ ]",
            "[x]",
            "[UI/UX]",
        ] {
            assert!(flagged(text).is_empty(), "{text} was flagged");
        }
    }

    #[test]
    fn markers() {
        assert_eq!(flagged("ID: PLAN-XXX"), vec!["PLAN-XXX"]);
        // A bold marker with nothing after it is still a value left open.
        assert_eq!(flagged("- **Owner**: **TBD**"), vec!["TBD"]);
        assert_eq!(flagged("[SPEC-XXX]"), vec!["[SPEC-XXX]"]);
        assert_eq!(flagged("Owner: TBD"), vec!["TBD"]);
        assert_eq!(flagged("TODO: write the rollback steps"), vec!["TODO"]);
        assert_eq!(flagged("- TBD (pending legal)"), vec!["TBD"]);
        assert!(flagged("\"To Be Determined\" (TBD) means open").is_empty());
        assert_eq!(flagged("| Owner | TBD |"), vec!["TBD"]);
        assert_eq!(flagged("see ADR TODO: TBC"), vec!["TODO"]);
        assert!(flagged("tags such as +k8s:each[Key|Val] apply").is_empty());
        assert_eq!(flagged("The budget is TBD."), vec!["TBD"]);
        for prose in [
            "owner TBD, see TODO",
            "7. No TODO comments remain",
            "Sets TODO at position 2",
            "run rg -n \"TODO|FIXME\" first",
            "TBD means the value is not decided yet",
            "an error (wording TBD) when upgrading",
            "- **TBD** — to be decided at the steering meeting",
            "- **TODO**: a note the author leaves for later work",
        ] {
            assert!(flagged(prose).is_empty(), "{prose} was flagged");
        }
        assert_eq!(flagged("due YYYY-MM-DD"), vec!["YYYY-MM-DD"]);
        assert_eq!(flagged("created yyyy-mm-dd"), vec!["yyyy-mm-dd"]);
        assert_eq!(flagged("# KEP-NNNN: Quotas"), vec!["KEP-NNNN"]);
        assert_eq!(flagged("number: NNNN"), vec!["NNNN"]);
        assert_eq!(flagged("Owner: {{ name }}"), vec!["{{ name }}"]);
        assert_eq!(flagged("- {{project_name}}"), vec!["{{project_name}}"]);
        assert_eq!(flagged("sent to {{ team_name }}."), vec!["{{ team_name }}"]);
        assert!(flagged("# {{unique-id}} helper").is_empty());
        assert!(flagged("the arguments (the ... in {{foo bar}}) are passed on").is_empty());
        assert!(flagged("tbd or todo in lower case").is_empty());
    }

    #[test]
    fn template_labels_followed_by_text_are_values() {
        assert!(flagged("[Task 1] Set up CI").is_empty());
        assert_eq!(
            flagged("- [ ] [Task 1] - [Estimated Hours] - [Assigned To]").len(),
            3
        );
        assert_eq!(flagged("Contact [Name] for access"), vec!["[Name]"]);
    }
}
