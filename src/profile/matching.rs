//! Matching a document to its profile: by a profile's `include` globs, by a sibling
//! metadata file, or by its structure — the header keys and headings it shares with the
//! family — from a cheap line scan, so other Markdown is never parsed.

use super::{Profile, ProfileRef, builtin, normalize_heading, normalize_key};
use crate::parse::fields::split_field;
use std::path::{Path, PathBuf};

/// How many lines from the top hold a header.
const HEADER_LINES: usize = 40;

/// What a cheap scan of a Markdown file finds: its title, header keys and headings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentShape {
    /// The first H1's text.
    pub title: Option<String>,
    /// Keys of `key: value` lines (every style) in the first 40 lines, normalised;
    /// a bare heading there (`## Status`) counts as its key too.
    pub header_keys: Vec<String>,
    /// Keys of the YAML front matter.
    pub front_keys: Vec<String>,
    /// Every section heading, normalised (numbering and punctuation removed).
    pub headings: Vec<String>,
}

impl DocumentShape {
    /// Scans `text` line by line, skipping fenced code and HTML comments.
    pub fn of(text: &str) -> DocumentShape {
        DocumentShape::scan(text, None)
    }

    /// Scans `text` for what `filter` can use: headings whose first word starts some
    /// profile's heading, and nothing past the header once a decisive key is seen. Most
    /// Markdown of a repository is none of the families, so this is the common path.
    fn scan(text: &str, filter: Option<&ShapeFilter>) -> DocumentShape {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut shape = DocumentShape::default();
        let mut lines = text.lines().enumerate().peekable();
        let opener = text.lines().next().map(str::trim_end);
        if let Some(fence @ ("---" | "+++")) = opener {
            // YAML (`---`, `key: value`) or TOML (`+++`, `key = value`) front matter.
            let separator = if fence == "+++" { '=' } else { ':' };
            lines.next();
            for (_, line) in lines.by_ref() {
                let trimmed = line.trim_end();
                if trimmed == fence || trimmed == "..." {
                    break;
                }
                if line.starts_with(|c: char| c.is_alphabetic())
                    && let Some((key, _)) = line.split_once(separator)
                {
                    shape
                        .front_keys
                        .push(normalize_key(key.trim().trim_matches('"')));
                }
            }
        }
        let mut fence: Option<&str> = None;
        let mut in_comment = false;
        let mut decided = false;
        for (number, line) in lines {
            let in_header = number < HEADER_LINES;
            if !in_header {
                if !decided
                    && let Some(f) = filter
                    && shape.header_keys.iter().any(|k| f.decisive.contains(k))
                {
                    break;
                }
                decided = true;
                // Past the header only headings, fences and comments matter; most lines
                // start with a word and are skipped at once.
                if fence.is_none()
                    && !in_comment
                    && line
                        .as_bytes()
                        .first()
                        .is_some_and(u8::is_ascii_alphanumeric)
                {
                    continue;
                }
            }
            let trimmed = line.trim_start();
            if let Some(marker) = fence {
                if trimmed.starts_with(marker) {
                    fence = None;
                }
                continue;
            }
            if trimmed.starts_with("```") {
                fence = Some("```");
                continue;
            }
            if trimmed.starts_with("~~~") {
                fence = Some("~~~");
                continue;
            }
            if in_comment {
                in_comment = !line.contains("-->");
                continue;
            }
            if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
                in_comment = true;
                continue;
            }
            let quoted = trimmed.starts_with('>');
            let content = trimmed.trim_start_matches(['>', ' ', '\t']);
            if let Some(rest) = content.strip_prefix('#').filter(|_| !quoted) {
                let hashes = 1 + rest.chars().take_while(|c| *c == '#').count();
                let heading = rest.trim_start_matches('#');
                if hashes > 6 || !(heading.is_empty() || heading.starts_with([' ', '\t'])) {
                    continue;
                }
                let heading = strip_trailing_comment(heading.trim().trim_end_matches('#').trim());
                if hashes == 1 && shape.title.is_none() {
                    shape.title = Some(heading.to_string());
                }
                if let Some(parts) = split_field(heading) {
                    if in_header && parts.value.is_some() {
                        shape.header_keys.push(normalize_key(&heading[parts.key]));
                        continue;
                    }
                } else if in_header && hashes >= 2 {
                    shape.header_keys.push(normalize_key(heading));
                }
                if (hashes >= 2 || shape.title.as_deref() != Some(heading))
                    && filter.is_none_or(|f| f.may_be_heading(heading))
                {
                    shape.headings.push(normalize_heading(heading));
                }
                continue;
            }
            if !in_header || !content.contains([':', '|']) {
                continue;
            }
            let item = content
                .strip_prefix(['-', '*', '+'])
                .filter(|rest| rest.starts_with([' ', '\t']))
                .map_or(content, str::trim_start);
            if let Some(cells) = item.strip_prefix('|') {
                // Only a two-column row is a field (`| Plan ID | PLAN-7 |`); an index
                // table with a `Plan ID` column lists plans, it is not one.
                let columns = cells.trim_end().trim_end_matches('|').split('|').count();
                if columns == 2
                    && let Some((first, _)) = cells.split_once('|')
                {
                    let key = normalize_key(first);
                    if !key.is_empty() && key.split_whitespace().count() <= 6 {
                        shape.header_keys.push(key);
                    }
                }
                continue;
            }
            if let Some(parts) = split_field(item) {
                shape.header_keys.push(normalize_key(&item[parts.key]));
            }
        }
        for list in [
            &mut shape.headings,
            &mut shape.header_keys,
            &mut shape.front_keys,
        ] {
            list.sort();
            list.dedup();
        }
        shape
    }

    fn has_key(&self, key: &str, place: KeyPlace) -> bool {
        let find = |list: &[String]| list.binary_search_by(|k| k.as_str().cmp(key)).is_ok();
        let header = || find(&self.header_keys);
        let front = || find(&self.front_keys);
        match place {
            KeyPlace::Header => header(),
            KeyPlace::FrontMatter => front(),
            KeyPlace::Any => header() || front(),
        }
    }
}

/// What matching needs from a shape, so the scan can skip the rest.
#[derive(Debug, Clone, Default)]
struct ShapeFilter {
    /// The first word of every profile heading, lower case, sorted.
    heading_words: Vec<String>,
    /// Every profile's decisive keys.
    decisive: Vec<String>,
}

impl ShapeFilter {
    fn of(profiles: &[ProfileRef]) -> ShapeFilter {
        let mut heading_words: Vec<String> = profiles
            .iter()
            .flat_map(|p| p.signature.headings.iter())
            .filter_map(|h| h.split(' ').next().map(str::to_string))
            .collect();
        heading_words.sort();
        heading_words.dedup();
        let decisive = profiles
            .iter()
            .filter(|p| p.include.is_none())
            .flat_map(|p| p.signature.decisive_keys.iter().cloned())
            .collect();
        ShapeFilter {
            heading_words,
            decisive,
        }
    }

    /// Whether a heading's first word (numbering skipped) starts some profile heading.
    fn may_be_heading(&self, heading: &str) -> bool {
        let Some(first) = heading
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        else {
            return false;
        };
        self.heading_words
            .binary_search_by(|w| w.chars().cmp(first.chars().flat_map(char::to_lowercase)))
            .is_ok()
    }
}

/// `Decision Drivers <!-- optional -->` is the heading `Decision Drivers`.
fn strip_trailing_comment(heading: &str) -> &str {
    match heading.find("<!--") {
        Some(at) => heading[..at].trim_end(),
        None => heading,
    }
}

/// Where a profile's signature keys must stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyPlace {
    /// Header lines or front matter.
    #[default]
    Any,
    /// Header lines only (`* Status: accepted`).
    Header,
    /// Front matter only.
    FrontMatter,
}

/// Why a document was matched to a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchReason {
    /// A profile's `include` glob names it.
    Include,
    /// The configuration's top-level `include` names it (checked as its closest family).
    GlobalInclude,
    /// Its header has a key that alone identifies the family.
    DecisiveKey(String),
    /// Its H1 names the family and its header has the key.
    TitleAndKey(String, String),
    /// A metadata file of the family stands beside it.
    Sibling(String),
    /// It is the family's metadata file (a KEP's `kep.yaml`).
    Metadata,
    /// It shares enough header keys and headings with the family.
    Structure {
        /// Header keys shared.
        keys: usize,
        /// Headings shared.
        headings: usize,
        /// Keys and headings the family has.
        of: usize,
    },
}

impl std::fmt::Display for MatchReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MatchReason::Include => f.write_str("named by the profile's include globs"),
            MatchReason::GlobalInclude => f.write_str("named by the configuration's include globs"),
            MatchReason::DecisiveKey(key) => write!(f, "has a `{key}` header field"),
            MatchReason::TitleAndKey(word, key) => {
                write!(f, "its title names a {word} and it has a `{key}` field")
            }
            MatchReason::Sibling(name) => write!(f, "a `{name}` stands beside it"),
            MatchReason::Metadata => f.write_str("it is the family's metadata file"),
            MatchReason::Structure { keys, headings, of } => write!(
                f,
                "shares {keys} header key{} and {headings} heading{} with the family's {of}",
                if *keys == 1 { "" } else { "s" },
                if *headings == 1 { "" } else { "s" },
            ),
        }
    }
}

/// A document matched to a profile.
#[derive(Debug, Clone)]
pub struct ProfileMatch {
    /// The profile.
    pub profile: ProfileRef,
    /// Why.
    pub reason: MatchReason,
    /// Whether the document is one part of a split document (a phase file), whose
    /// header lives in the parent.
    pub part: bool,
}

/// How a document that carries a family's header relates to the family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// It is one of the family's documents.
    Itself,
    /// It is one part of one (a phase file).
    Part,
    /// It is about one (a review, a tracker): the noun that says so.
    About(String),
}

/// The segments of a title between `:`, ` - `, ` of `… (`Code Review of PLAN-031` →
/// `code review`, `plan 031`), each as lower-cased words; the first is the title's head.
fn title_segments(title: &str) -> Vec<Vec<String>> {
    const SEPARATORS: [&str; 10] = [
        ":", " - ", " – ", " — ", " | ", " of ", " for ", " on ", "(", "[",
    ];
    let lower = title.to_lowercase();
    let mut cuts: Vec<(usize, usize)> = SEPARATORS
        .iter()
        .flat_map(|sep| lower.match_indices(sep).map(|(at, s)| (at, at + s.len())))
        .collect();
    cuts.sort_unstable();
    let mut segments = Vec::new();
    let mut from = 0;
    for (at, end) in cuts.into_iter().chain([(lower.len(), lower.len())]) {
        if at < from {
            continue;
        }
        let words: Vec<String> = lower[from..at]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if !words.is_empty() {
            segments.push(words);
        }
        from = end;
    }
    segments
}

/// The words of a file name's stem (`PLAN-031-review.md` → `plan`, `031`, `review`).
fn name_words(path: &Path) -> Vec<String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_lowercase();
    let mut words = Vec::new();
    for word in stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        // `phase2` is `phase`, `2`.
        match word.find(|c: char| c.is_ascii_digit()) {
            Some(at) if at > 0 && word[at..].chars().all(|c| c.is_ascii_digit()) => {
                words.push(word[..at].to_string());
                words.push(word[at..].to_string());
            }
            _ => words.push(word.to_string()),
        }
    }
    words
}

/// Whether `words` start with a part word and a number (`phase 2`, `part 1`).
fn names_a_part(words: &[String], companions: &super::Companions) -> bool {
    matches!(words, [first, second, ..]
        if companions.part.contains(first)
            && second.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// How a document of `shape` at `path` relates to `profile`'s family: the document
/// itself, a part of one, or a document about one. Uncertain readings are the
/// document itself: only clear words make a companion.
pub fn relation(profile: &Profile, path: &Path, shape: &DocumentShape) -> Relation {
    let companions = &profile.signature.companions;
    if companions.own.is_empty() && companions.about.is_empty() && companions.part.is_empty() {
        return Relation::Itself;
    }
    let segments = shape
        .title
        .as_deref()
        .map(title_segments)
        .unwrap_or_default();
    let head = segments.first().cloned().unwrap_or_default();
    let name = name_words(path);
    if names_a_part(&head, companions)
        || names_a_part(&name, companions)
        || companions
            .parent_keys
            .iter()
            .any(|k| shape.header_keys.contains(k))
    {
        return Relation::Part;
    }
    let last = |words: &[String]| words.last().cloned();
    // The head decides (`Review: Billing Plan` is a review); else a later segment that
    // names the document itself (`Audit log onboarding — Implementation Plan`).
    if let Some(word) = last(&head) {
        if companions.own.contains(&word) {
            return Relation::Itself;
        }
        if companions.about.contains(&word) {
            return Relation::About(word);
        }
    }
    if segments
        .iter()
        .skip(1)
        .any(|s| last(s).is_some_and(|w| companions.own.contains(&w)))
    {
        return Relation::Itself;
    }
    match last(&name) {
        Some(word) if companions.about_names.contains(&word) => Relation::About(word),
        _ => Relation::Itself,
    }
}

/// The profiles of a run, most specific first: configured, then discovered templates,
/// then the built-ins.
#[derive(Debug, Clone)]
pub struct ProfileSet {
    profiles: Vec<ProfileRef>,
    filter: ShapeFilter,
    /// The directory profile `include` globs are relative to.
    glob_base: PathBuf,
}

impl Default for ProfileSet {
    fn default() -> Self {
        ProfileSet::new(builtin::all().to_vec(), PathBuf::new())
    }
}

impl ProfileSet {
    /// A set of `profiles`, whose include globs are relative to `glob_base`.
    pub fn new(profiles: Vec<ProfileRef>, glob_base: PathBuf) -> ProfileSet {
        ProfileSet {
            filter: ShapeFilter::of(&profiles),
            profiles,
            glob_base,
        }
    }

    /// Every profile, most specific first.
    pub fn profiles(&self) -> &[ProfileRef] {
        &self.profiles
    }

    /// What a document's identity under these profiles depends on, as text to
    /// fingerprint: everything but where each profile came from (a path shown relative
    /// to the current directory, which would make a cache made in one folder useless in
    /// another).
    pub fn identity_text(&self) -> String {
        let mut text = format!("{:?}", self.filter);
        if self.profiles.iter().any(|p| p.include.is_some()) {
            text.push_str(&format!(" {:?}", self.glob_base));
        }
        for profile in &self.profiles {
            let mut profile = (**profile).clone();
            profile.origin = super::Origin::Builtin;
            text.push_str(&format!("{profile:?}"));
        }
        text
    }

    /// Whether `path` is a sibling metadata file of some profile (a `kep.yaml`).
    pub fn is_metadata_file(&self, path: &Path) -> bool {
        self.profiles.iter().any(|p| p.is_metadata_file(path))
    }

    /// A copy with `learned` profiles placed before the built-ins.
    pub fn with_learned(&self, learned: Vec<ProfileRef>) -> ProfileSet {
        let mut profiles = Vec::with_capacity(self.profiles.len() + learned.len());
        let (configured, rest): (Vec<_>, Vec<_>) = self
            .profiles
            .iter()
            .cloned()
            .partition(|p| matches!(p.origin, super::Origin::Configured(_)));
        profiles.extend(configured);
        profiles.extend(learned);
        profiles.extend(rest);
        ProfileSet::new(profiles, self.glob_base.clone())
    }

    /// The profile `path` (absolute) is named by through `include` globs, if any.
    pub fn by_include(&self, path: &Path) -> Option<&ProfileRef> {
        let rel = crate::settings::relative_to(path, &self.glob_base)?;
        self.profiles
            .iter()
            .find(|p| p.include.as_ref().is_some_and(|set| set.is_match(&rel)))
    }

    /// The profile a document belongs to, if any. `path` is where it lives (absolute),
    /// used for include globs and sibling metadata files.
    pub fn match_document(&self, path: &Path, text: &str) -> Option<ProfileMatch> {
        if let Some(profile) = self.by_include(path) {
            return Some(ProfileMatch {
                profile: profile.clone(),
                reason: MatchReason::Include,
                part: false,
            });
        }
        if let Some(profile) = self.profiles.iter().find(|p| p.is_metadata_file(path)) {
            return Some(ProfileMatch {
                profile: profile.clone(),
                reason: MatchReason::Metadata,
                part: false,
            });
        }
        if !crate::discover::is_markdown(path) && path.extension().is_some() {
            return None;
        }
        let shape = DocumentShape::scan(text, Some(&self.filter));
        self.match_shape(path, &shape)
    }

    /// The best structural match for a document of this shape.
    pub fn match_shape(&self, path: &Path, shape: &DocumentShape) -> Option<ProfileMatch> {
        let mut best: Option<(u32, &ProfileRef, MatchReason)> = None;
        // A profile with `include` globs names its documents; it does not claim others.
        for profile in self.profiles.iter().filter(|p| p.include.is_none()) {
            if let Some((score, reason)) = recognise(profile, path, shape)
                && best.as_ref().is_none_or(|(s, _, _)| score > *s)
            {
                best = Some((score, profile, reason));
            }
        }
        let (_, profile, reason) = best?;
        // A review or a tracker quotes the plan's header; it is not a plan.
        let part = match relation(profile, path, shape) {
            Relation::About(_) => return None,
            Relation::Part => true,
            Relation::Itself => false,
        };
        Some(ProfileMatch {
            profile: profile.clone(),
            reason,
            part,
        })
    }

    /// Why `text` matched no profile: the family it comes closest to, what it shares with
    /// it and what that family needs (for `plan-lint profiles --files`).
    pub fn closest_miss(&self, path: &Path, text: &str) -> Option<String> {
        let shape = DocumentShape::scan(text, Some(&self.filter));
        for profile in self.profiles.iter().filter(|p| p.include.is_none()) {
            if recognise(profile, path, &shape).is_some()
                && let Relation::About(word) = relation(profile, path, &shape)
            {
                return Some(format!(
                    "it carries a {} header but is a document about one: its title or name says `{word}`",
                    profile.noun
                ));
            }
        }
        self.profiles
            .iter()
            .filter(|p| p.include.is_none())
            .map(|p| {
                let sig = &p.signature;
                let keys = sig
                    .keys
                    .iter()
                    .filter(|k| shape.has_key(k, sig.key_place))
                    .count();
                (keys + count_shared(&sig.headings, &shape.headings), keys, p)
            })
            .filter(|(shared, _, _)| *shared > 0)
            .max_by_key(|(shared, _, _)| *shared)
            .map(|(shared, keys, p)| {
                let sig = &p.signature;
                format!(
                    "closest: {} — shares {keys} header key{} and {} heading{}; it needs {} key{}, {} heading{} and more evidence in all",
                    p.name,
                    if keys == 1 { "" } else { "s" },
                    shared - keys,
                    if shared - keys == 1 { "" } else { "s" },
                    sig.min_keys,
                    if sig.min_keys == 1 { "" } else { "s" },
                    sig.min_headings,
                    if sig.min_headings == 1 { "" } else { "s" },
                )
            })
    }

    /// The profile for a file the configuration's top-level `include` names: its best
    /// structural match, or else the plan profile.
    pub fn for_included(&self, path: &Path, text: &str) -> ProfileMatch {
        self.match_document(path, text)
            .unwrap_or_else(|| ProfileMatch {
                profile: self
                    .profiles
                    .iter()
                    .find(|p| p.is_plan())
                    .cloned()
                    .unwrap_or_else(|| builtin::plan_profile().clone()),
                reason: MatchReason::GlobalInclude,
                part: false,
            })
    }
}

/// Whether a document of `shape` is one of `profile`'s, with a score (higher is a
/// closer match) and the reason.
fn recognise(profile: &Profile, path: &Path, shape: &DocumentShape) -> Option<(u32, MatchReason)> {
    let sig = &profile.signature;
    // A learned profile that extends a built-in ranks above it on equal evidence, and
    // of two templates of one family the one whose headings and keys the document
    // shares more of wins (a plan template over a phase-file template for a plan).
    let affinity = sig
        .keys
        .iter()
        .filter(|k| shape.has_key(k, sig.key_place))
        .count()
        + count_shared(&sig.headings, &shape.headings);
    let bonus = u32::from(profile.extends.is_some()) + affinity.min(99) as u32;
    if let Some(key) = sig
        .decisive_keys
        .iter()
        .find(|k| shape.has_key(k, sig.key_place))
    {
        return Some((
            1000 + bonus,
            MatchReason::DecisiveKey(label_of(profile, key)),
        ));
    }
    if let (Some(word), Some(title)) = (&sig.title_word, &shape.title)
        && title
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(word))
        && let Some(key) = sig
            .title_keys
            .iter()
            .find(|k| shape.has_key(k, sig.key_place))
    {
        return Some((
            500 + bonus,
            MatchReason::TitleAndKey(word.clone(), label_of(profile, key)),
        ));
    }
    if let Some(pattern) = &sig.title_pattern
        && !shape.title.as_deref().is_some_and(|t| pattern.is_match(t))
    {
        return None;
    }
    if let Some(name) = &profile.metadata.sibling
        && path.parent().is_some_and(|dir| dir.join(name).is_file())
        && (sig.title_pattern.is_some() || !sig.headings.is_empty())
    {
        let headings = count_shared(&sig.headings, &shape.headings);
        if headings >= sig.min_headings.min(1) {
            return Some((800 + bonus, MatchReason::Sibling(name.clone())));
        }
    }
    if sig.keys.is_empty() && sig.headings.is_empty() {
        return None;
    }
    let keys = sig
        .keys
        .iter()
        .filter(|k| shape.has_key(k, sig.key_place))
        .count();
    let headings = count_shared(&sig.headings, &shape.headings);
    let left_out = sig
        .optional_keys
        .iter()
        .filter(|k| !shape.has_key(k, sig.key_place))
        .count();
    let of = sig.keys.len().saturating_sub(left_out) + sig.headings.len();
    let share = (keys + headings) as f32 / of.max(1) as f32;
    if keys < sig.min_keys || headings < sig.min_headings || share < sig.min_share {
        return None;
    }
    // Headings alone are weak evidence for a family with header keys.
    if keys + headings < 3 || 2 * keys + headings < sig.min_weight {
        return None;
    }
    let score = 10 * (keys + headings) as u32 + bonus;
    Some((score, MatchReason::Structure { keys, headings, of }))
}

fn count_shared(wanted: &[String], have: &[String]) -> usize {
    wanted
        .iter()
        .filter(|w| have.binary_search(w).is_ok())
        .count()
}

/// The field label a signature key stands for (`plan id` → `Plan ID`).
fn label_of(profile: &Profile, key: &str) -> String {
    profile
        .field_for_key(key)
        .map_or_else(|| key.to_string(), |(_, f)| f.label.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matched(text: &str) -> Option<String> {
        ProfileSet::default()
            .match_document(Path::new("/nowhere/doc.md"), text)
            .map(|m| m.profile.name.clone())
    }

    #[test]
    fn plan_headers_match_the_plan_profile() {
        assert_eq!(
            matched("# X\n\n## Plan ID: PLAN-001\n").as_deref(),
            Some("plan")
        );
        assert_eq!(matched("| **Plan ID** | P-1 |\n").as_deref(), Some("plan"));
        assert_eq!(
            matched("# Project Plan\n\n- **Status:** Draft\n").as_deref(),
            Some("plan")
        );
        assert_eq!(
            matched("# Rollout Plan\n\n## Status\n\n- Current Phase: Done\n").as_deref(),
            Some("plan")
        );
        assert_eq!(matched("# Planning notes\n**Status**: x\n"), None);
        assert_eq!(matched("```\n# My Plan\nPlan ID: x\n```\n"), None);
        assert_eq!(matched("# README\n\nStatus: fine\n"), None);
    }

    #[test]
    fn families_match_by_structure() {
        let madr2 = "# Use X\n\n* Status: accepted\n* Deciders: a, b\n* Date: 2024-01-02\n\n\
                     ## Context and Problem Statement\n\nx\n\n## Considered Options\n\n* a\n\n\
                     ## Decision Outcome\n\nChosen option: a\n";
        assert_eq!(matched(madr2).as_deref(), Some("madr2"));
        let madr4 = "---\nstatus: accepted\ndate: 2024-01-02\n---\n# Use X\n\n\
                     ## Context and Problem Statement\n\nx\n\n## Considered Options\n\n* a\n\n\
                     ## Decision Outcome\n\nChosen option: a\n";
        assert_eq!(matched(madr4).as_deref(), Some("madr4"));
        let nygard = "# 2. Use X\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n\
                      ## Decision\n\ny\n\n## Consequences\n\nz\n";
        assert_eq!(matched(nygard).as_deref(), Some("nygard"));
        let rfc = "- Feature Name: thing\n- Start Date: 2024-01-02\n- RFC PR: x\n\n## Summary\n\nx\n\n\
                   ## Motivation\n\ny\n";
        assert_eq!(matched(rfc).as_deref(), Some("rfc"));
        assert_eq!(
            matched("# Guide\n\n## Summary\n\nx\n\n## Motivation\n\ny\n"),
            None
        );
    }

    #[test]
    fn shapes_skip_code_and_comments() {
        let shape = DocumentShape::of(
            "# T\n\n```\n## Fake\n```\n<!--\n## Hidden\n-->\n## Real <!-- optional -->\n",
        );
        assert_eq!(shape.headings, vec!["real".to_string()]);
        assert_eq!(shape.title.as_deref(), Some("T"));
    }
}
