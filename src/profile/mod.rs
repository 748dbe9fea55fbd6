//! Profiles: one family of planning documents described as data.
//!
//! A [`Profile`] says how a family's documents are recognised, which header fields they
//! carry (names, aliases, which are required, what each means), which statuses they use
//! and what each status means for the document's lifecycle, which sections hold
//! sign-offs, milestones and change logs, and what their unfilled template text looks
//! like. The parser reads a document through its profile and the rules judge it through
//! the same profile; nothing else holds vocabulary.
//!
//! Profiles come from three places ([`Origin`]): the built-ins of [`builtin`], templates
//! learned from the repository ([`learn`]), and `[[profile]]` tables of the
//! configuration. [`ProfileSet`] holds the profiles of a run and matches each document
//! to one of them ([`matching`]).

pub mod builtin;
pub mod learn;
pub mod matching;

use crate::parse::placeholders::PlaceholderMatcher;
use regex::Regex;
use std::sync::Arc;

pub use matching::{DocumentShape, KeyPlace, MatchReason, ProfileMatch, ProfileSet};

/// What a header field means to the rules. Field names are profile data; these are the
/// few meanings the rules act on.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum FieldRole {
    /// The document's identifier (`Plan ID`): compared across the repository.
    Id,
    /// Its title (the H1 stands in when the field is absent).
    Title,
    /// Its version.
    Version,
    /// The date the document was written or last decided (`Date`, `Start Date`).
    Date,
    /// Who wrote or owns it.
    Author,
    /// Its lifecycle status.
    Status,
    /// Who decided or must approve it (`Deciders`, `approvers`).
    Approvers,
    /// Anything else the family records.
    Other,
}

/// One header field of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    /// The name as the family writes it (`Plan ID`).
    pub label: String,
    /// Every normalised key that names this field (lower case, single spaces).
    pub keys: Vec<String>,
    /// What it means.
    pub role: FieldRole,
    /// Whether a document must have it.
    pub required: bool,
}

/// Where a status value stands in a document's life. Which rules apply follows from it:
/// drafts soften some findings, approved, active and done documents need sign-offs, a
/// done one must not have open work.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum StatusClass {
    /// Being written (`Draft`, `proposed`, `provisional`).
    Draft,
    /// Being reviewed (`In Review`).
    Review,
    /// Approved, work not started (`Approved`, `accepted`, `implementable`).
    Approved,
    /// Being carried out (`In Progress`).
    Active,
    /// Finished (`Completed`, `implemented`).
    Done,
    /// Given up or replaced (`rejected`, `deprecated`, `superseded`, `withdrawn`).
    Withdrawn,
}

impl StatusClass {
    /// Every class, in lifecycle order.
    pub const ALL: [StatusClass; 6] = [
        StatusClass::Draft,
        StatusClass::Review,
        StatusClass::Approved,
        StatusClass::Active,
        StatusClass::Done,
        StatusClass::Withdrawn,
    ];

    /// The class name as configuration writes it.
    pub fn name(self) -> &'static str {
        match self {
            StatusClass::Draft => "draft",
            StatusClass::Review => "review",
            StatusClass::Approved => "approved",
            StatusClass::Active => "active",
            StatusClass::Done => "done",
            StatusClass::Withdrawn => "withdrawn",
        }
    }

    /// Whether a document of this class must record who approved it.
    pub fn needs_signoff(self) -> bool {
        matches!(
            self,
            StatusClass::Approved | StatusClass::Active | StatusClass::Done
        )
    }
}

/// One status value of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusValue {
    /// The value as the family writes it (`In Review`).
    pub label: String,
    /// Normalised phrases that mean it (`in review`, `under review`).
    pub phrases: Vec<String>,
    /// Its lifecycle class.
    pub class: StatusClass,
}

/// The statuses of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusVocabulary {
    /// The known values.
    pub values: Vec<StatusValue>,
    /// Whether other values are allowed too (a trailing `…` in the template's list):
    /// an open vocabulary never reports an unknown status.
    pub open: bool,
}

/// A status value read from a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    /// Index into [`StatusVocabulary::values`].
    pub value: usize,
    /// Its lifecycle class.
    pub class: StatusClass,
}

impl StatusVocabulary {
    /// Reads a status value, ignoring case, emoji and punctuation. A value matches when
    /// it is one of the phrases or starts with one (`Accepted (2024-01-02)`,
    /// `superseded by ADR-0005`).
    pub fn read(&self, value: &str) -> Option<Status> {
        // A list of choices (`[Draft/Final]`, `a|b|c`) is template text, never its first
        // choice.
        let bare = value.trim_matches(|c: char| "[]{}()\"'<> ".contains(c));
        if crate::parse::placeholders::is_choice(bare) {
            return None;
        }
        let norm = normalize_status(value);
        if norm.is_empty() {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        for (index, v) in self.values.iter().enumerate() {
            for phrase in &v.phrases {
                let hit = norm == *phrase
                    || norm.len() > phrase.len()
                        && norm.starts_with(phrase.as_str())
                        && norm.as_bytes()[phrase.len()] == b' ';
                if hit && best.is_none_or(|(_, len)| phrase.len() > len) {
                    best = Some((index, phrase.len()));
                }
            }
        }
        best.map(|(value, _)| Status {
            value,
            class: self.values[value].class,
        })
    }

    /// The labels of the known values, for messages.
    pub fn labels(&self) -> Vec<&str> {
        self.values.iter().map(|v| v.label.as_str()).collect()
    }

    /// The label of a status read from a document.
    pub fn label(&self, status: Status) -> &str {
        self.values
            .get(status.value)
            .map_or("", |v| v.label.as_str())
    }
}

/// Lower case, letters and digits only, single spaces: `✅ COMPLETE` → `complete`.
pub fn normalize_status(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Normalises a field key: emphasis and punctuation off the ends, lower case, single
/// spaces (`**Plan ID**` → `plan id`, `decision-makers` stays).
pub fn normalize_key(key: &str) -> String {
    let core = key.trim_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != ')');
    // One pass, one allocation: keys are normalised for every field-like line.
    let mut out = String::with_capacity(core.len());
    let mut space = false;
    for c in core.chars() {
        if c.is_whitespace() || matches!(c, '*' | '_' | '`') {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Section vocabulary: which headings give their entries a meaning.
#[derive(Debug, Clone)]
pub struct SectionVocabulary {
    /// Headings whose entries are sign-offs (`Sign-off`, `Approvals`).
    pub signoff: Regex,
    /// Headings whose entries are milestones.
    pub milestones: Regex,
    /// Headings whose entries are change-log entries.
    pub change_log: Regex,
    /// A heading whose first line of text is the status (Nygard's `## Status`).
    pub status: Option<Regex>,
    /// Sections whose checklist must be fully ticked once the document is done (none:
    /// every checklist item of the document).
    pub done_checklist: Option<Regex>,
    /// Words roles and teams are made of (`lead`, `architect`, `cto`): a sign-off that
    /// gives only such words (`✅ Cloud Platform Lead`, `(CTO)`) names no one.
    pub role_words: Vec<String>,
    /// Words in the role of a final approval (`approval`, `approved by`): entries not due
    /// while the document is still under review.
    pub final_roles: Vec<String>,
}

/// Where a profile's metadata lives, besides header lines in the document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MetadataSources {
    /// A file beside the document that holds its metadata (a KEP's `kep.yaml`).
    pub sibling: Option<String>,
}

/// How documents of a profile are recognised when no `include` glob names them.
#[derive(Debug, Clone, Default)]
pub struct Signature {
    /// Header keys any one of which identifies the family (`plan id`).
    pub decisive_keys: Vec<String>,
    /// A word the H1 holds (`plan`) that, together with one of `title_keys` in the
    /// header, identifies the family.
    pub title_word: Option<String>,
    /// Keys that complete `title_word`.
    pub title_keys: Vec<String>,
    /// The family's header keys (the template's, for a learned profile).
    pub keys: Vec<String>,
    /// Those of `keys` the template marks optional: evidence where a document has them,
    /// never held against one that leaves them out.
    pub optional_keys: Vec<String>,
    /// Where those keys must stand.
    pub key_place: KeyPlace,
    /// The family's section headings, normalised.
    pub headings: Vec<String>,
    /// How many of `keys` a document must have.
    pub min_keys: usize,
    /// How many of `headings` a document must have.
    pub min_headings: usize,
    /// What share of `keys` and `headings` together a document must have (0 to 1).
    pub min_share: f32,
    /// How much evidence in all, a header key counting twice a heading (a document
    /// with four RFC header keys, or one key and four RFC headings, is an RFC).
    pub min_weight: usize,
    /// A pattern its H1 matches (`KEP-1234: …`), required when set.
    pub title_pattern: Option<Regex>,
    /// How documents that accompany the family's (reviews, trackers, phase files) are
    /// told apart from them.
    pub companions: Companions,
}

/// The words that tell a document *about* a family's document (a review, an analysis,
/// a status tracker, a completion note) and a *part* of one (a phase file) from the
/// document itself. They are read from the head of the title (the words before `:`,
/// ` - ` or ` of `) and from the file name. Families whose titles are topics (decision
/// records: "Use a weekly status report") leave them empty.
#[derive(Debug, Clone, Default)]
pub struct Companions {
    /// The family's own nouns (`plan`): a title head that ends with one names the
    /// document itself, whatever else it says (`Code Review Rollout Plan`).
    pub own: Vec<String>,
    /// Nouns that, ending a title head or a file name, make a document one about the
    /// family's document: not linted.
    pub about: Vec<String>,
    /// The nouns of `about` that a file name may end with to make a document one about
    /// the family's (`PLAN-031-review.md`, `STATUS.md`): fewer, as names are topics more
    /// often than titles are (`audit-log.md`, `release-notes.md`).
    pub about_names: Vec<String>,
    /// Words that, followed by a number, name one part of a split document
    /// (`phase-2-api.md`, `# Phase 2: API`): linted, but the parent holds the header.
    pub part: Vec<String>,
    /// Header keys that point at the parent document (`Parent Plan`): a part.
    pub parent_keys: Vec<String>,
}

/// Where a profile came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Shipped with plan-lint.
    Builtin,
    /// Learned from a template file found in the repository (its display path).
    Discovered(String),
    /// A `[[profile]]` table of the configuration (the file's display path).
    Configured(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Builtin => f.write_str("built-in"),
            Origin::Discovered(path) => write!(f, "discovered template {path}"),
            Origin::Configured(path) => write!(f, "configured in {path}"),
        }
    }
}

/// A section prompt learned from a template: the text a heading's body holds before
/// the writer replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionPrompt {
    /// The heading, normalised.
    pub heading: String,
    /// The body's text, normalised (comments and link definitions removed).
    pub text: String,
}

/// One family of planning documents.
#[derive(Debug, Clone)]
pub struct Profile {
    /// A short stable name (`plan`, `madr4`, `rfc`, or the configured name).
    pub name: String,
    /// What its documents are called in messages (`implementation plan`).
    pub noun: String,
    /// Where it came from.
    pub origin: Origin,
    /// Header fields.
    pub fields: Vec<FieldDef>,
    /// Keys that are header fields when written as `## Key: value` headings, besides the
    /// profile's fields and date keys.
    pub heading_keys: Vec<String>,
    /// Keys whose values are dates although their name does not say "date".
    pub date_keys: Vec<String>,
    /// The field that records an approval (`approved by`).
    pub approval_keys: Vec<String>,
    /// The key of a checkbox status line (`plan status`).
    pub status_line_key: Option<String>,
    /// Status values.
    pub statuses: StatusVocabulary,
    /// Section vocabulary.
    pub sections: SectionVocabulary,
    /// Where metadata lives besides the document's own header.
    pub metadata: MetadataSources,
    /// How its documents are recognised.
    pub signature: Signature,
    /// Unfilled template text.
    pub placeholders: PlaceholderMatcher,
    /// Section prompts of its template.
    pub prompts: Vec<SectionPrompt>,
    /// Globs that name its documents (configured); relative to `glob_base`.
    pub include: Option<globset::GlobSet>,
    /// The built-in profile this one extends, when it does.
    pub extends: Option<String>,
    /// Whether the first H1 is the document's title (RFCs use H1 for sections).
    pub title_is_h1: bool,
    /// The headings of the family's template, normalised: an empty one is an unfilled
    /// template section, never a list written as headings.
    pub known_headings: Vec<String>,
    /// Sections that may stay empty (an RFC's `Unresolved questions` means "none").
    pub may_be_empty: Vec<String>,
    /// Rules this family turns off by default (their findings are not meaningful for
    /// it: KEP templates leave optional questions empty on purpose).
    pub quiet_rules: Vec<crate::rules::RuleId>,
    /// Accepted date formats, when the profile narrows the run's.
    pub date_formats: Option<Vec<crate::model::DateFormat>>,
    /// Whether an approved, active or done document must record sign-offs in its text
    /// (plans do; decision records and RFCs are approved outside the document).
    pub requires_signoff: bool,
}

impl Profile {
    /// The field a normalised key names, with its index.
    pub fn field_for_key(&self, key: &str) -> Option<(usize, &FieldDef)> {
        self.fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.keys.iter().any(|k| k == key))
    }

    /// The first field with `role`.
    pub fn field_with_role(&self, role: FieldRole) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.role == role)
    }

    /// Whether `path` is a sibling metadata file of this profile.
    pub fn is_metadata_file(&self, path: &std::path::Path) -> bool {
        self.metadata.sibling.as_deref().is_some_and(|name| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    /// Whether this is the seed implementation-plan profile (messages name other
    /// profiles; plan messages stay as they were).
    pub fn is_plan(&self) -> bool {
        self.name == builtin::PLAN
    }

    /// The required fields.
    pub fn required_fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter().filter(|f| f.required)
    }

    /// The prompt a template gave the section under `heading` (normalised), if any.
    pub fn prompt_for(&self, heading: &str) -> Option<&SectionPrompt> {
        self.prompts.iter().find(|p| p.heading == heading)
    }
}

/// A shared, immutable profile.
pub type ProfileRef = Arc<Profile>;

/// Normalises a heading for comparison: numbering, punctuation and case removed
/// (`## 3.1 Risks & Mitigations` → `risks mitigations`).
pub fn normalize_heading(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // Leading section numbers (`3`, `3.1`, `IV`) are not part of the name.
    let skip = words
        .iter()
        .take_while(|w| w.chars().all(|c| c.is_ascii_digit()))
        .count();
    words[skip..].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> StatusVocabulary {
        StatusVocabulary {
            values: vec![
                StatusValue {
                    label: "Review".into(),
                    phrases: vec!["review".into(), "in review".into()],
                    class: StatusClass::Review,
                },
                StatusValue {
                    label: "Superseded".into(),
                    phrases: vec!["superseded".into()],
                    class: StatusClass::Withdrawn,
                },
            ],
            open: false,
        }
    }

    #[test]
    fn statuses_read_by_phrase_and_prefix() {
        let v = vocabulary();
        assert_eq!(v.read("🔄 IN REVIEW").map(|s| s.value), Some(0));
        assert_eq!(
            v.read("Superseded by [ADR-0005](0005.md)").map(|s| s.class),
            Some(StatusClass::Withdrawn)
        );
        assert_eq!(v.read("reviewed"), None);
        assert_eq!(v.read("review|superseded"), None);
        assert_eq!(v.read("[Review/Superseded]"), None);
        assert_eq!(v.read(""), None);
    }

    #[test]
    fn headings_normalise_without_numbers() {
        assert_eq!(
            normalize_heading("3.1 Risks & Mitigations"),
            "risks mitigations"
        );
        assert_eq!(
            normalize_heading("Context and Problem Statement"),
            "context and problem statement"
        );
        assert_eq!(normalize_key("**Plan ID**"), "plan id");
    }
}
