//! The typed model of one plan document. Plain data with byte spans; rules read only this.

use crate::profile::{FieldRole, Status, StatusClass};
use crate::source::Span;
use jiff::civil::{Date, Weekday};

/// How a field was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum FieldStyle {
    /// `## Key: value`
    Heading,
    /// `**Key**: value` or `**Key:** value`
    Bold,
    /// `- Key: value` or `- **Key**: value`
    ListItem,
    /// `Key: value` before the first section
    Plain,
    /// `| Key | value |`
    Table,
    /// `key: value` in YAML front matter
    FrontMatter,
    /// The first line of a section that holds the field (Nygard's `## Status`)
    Section,
    /// A key of a sibling metadata file (a KEP's `kep.yaml`)
    Sibling,
}

/// A `key: value` pair found anywhere in the plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Field {
    /// The key, lower-cased with emphasis removed and spaces collapsed.
    pub key: String,
    /// The key as written.
    pub key_span: Span,
    /// The value as written (trimmed); may be empty.
    pub value_span: Span,
    /// How it was written.
    pub style: FieldStyle,
    /// Whether it stands in the document's header.
    pub in_header: bool,
    /// For a header field, the profile field it is (index into `Profile::fields`).
    pub def: Option<usize>,
    /// For a header field, what it means.
    pub role: Option<FieldRole>,
}

/// A heading.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The whole heading line.
    pub span: Span,
    /// The heading text, without `#` markers.
    pub text_span: Span,
    /// The heading's plain text.
    pub text: String,
    /// `## Key: value` headings are fields, not sections.
    pub is_field: bool,
    /// Whether anything other than a sub-heading stands directly under it.
    pub has_own_content: bool,
    /// What kind of section it opens, by its own text ([`SectionKind`] bits).
    pub own_kinds: u8,
    /// Its kinds and those of the sections it lies in.
    pub kinds: u8,
}

impl Heading {
    /// Whether its own text names a section of `kind` (`12.2 Sign-off`).
    pub fn is(&self, kind: SectionKind) -> bool {
        self.own_kinds & kind as u8 != 0
    }

    /// Whether it, or a section it lies in, is of `kind`.
    pub fn under(&self, kind: SectionKind) -> bool {
        self.kinds & kind as u8 != 0
    }
}

/// Kinds of section that give their entries a meaning, from the profile's section
/// vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// Milestones: entries carry milestone dates.
    Milestones = 1,
    /// A change log or revision history.
    ChangeLog = 2,
    /// Reviews, sign-offs, approvals.
    SignOff = 4,
}

/// A task-list item (`- [ ]`, `- [x]`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChecklistItem {
    /// The item's first line, from the list marker to the end of its text.
    pub span: Span,
    /// Whether the box is ticked.
    pub checked: bool,
    /// Index into [`PlanDocument::headings`] of the section it lives in.
    pub section: Option<usize>,
}

/// Why a piece of text was recognised as template text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PlaceholderKind {
    /// A `[...]` group of the template in use.
    Template,
    /// A `[...]` group that names a kind of value or tells the writer what to write.
    Instruction,
    /// A `[...]` group that offers a choice (`[High/Medium/Low]`).
    Choice,
    /// `PLAN-XXX`, `TBD`, `TODO`, `FIXME`, `YYYY-MM-DD`, `{{ name }}`.
    Marker,
    /// A pattern from the configuration.
    Configured,
}

/// A piece of unfilled template text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Placeholder {
    /// The text, brackets included.
    pub span: Span,
    /// How it was recognised.
    pub kind: PlaceholderKind,
}

/// What the text in a date position turned out to be.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum DateValue {
    /// A real calendar date.
    Valid(#[serde(serialize_with = "ser_date")] Date),
    /// A month and year, or a year: real, but too coarse to order.
    Partial,
    /// Numbers that name no day (`2025-02-30`, `2025-13-01`).
    Impossible,
    /// A weekday that the date contradicts.
    WeekdayMismatch {
        /// The weekday written.
        #[serde(serialize_with = "ser_weekday")]
        written: Weekday,
        /// The weekday the date really falls on.
        #[serde(serialize_with = "ser_weekday")]
        actual: Weekday,
        /// The date itself.
        #[serde(serialize_with = "ser_date")]
        date: Date,
    },
    /// `04/05/2025`: day and month cannot be told apart.
    Ambiguous,
    /// Text that is no date at all.
    NotADate,
    /// A day and month with no year (`01/10`, `Feb 14`): which year is meant?
    NoYear,
    /// Empty, a placeholder, or an explicit "none yet" (`N/A`, `-`, `pending`).
    Missing,
}

impl DateValue {
    /// The date, when it is a real one.
    pub fn date(&self) -> Option<Date> {
        match self {
            DateValue::Valid(d) => Some(*d),
            _ => None,
        }
    }
}

fn ser_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

fn ser_weekday<S: serde::Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{w:?}"))
}

/// What a date stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum DateRole {
    /// The plan's `Date`.
    PlanDate,
    /// `Start Date` (or `Started`).
    Start,
    /// `End Date` (or a target / completion date).
    End,
    /// `Next Review Date`.
    NextReview,
    /// `Last Updated`, `last-updated`: when the document last changed.
    Updated,
    /// A milestone's date.
    Milestone,
    /// A review or sign-off entry's date.
    SignOff,
    /// A change-log entry's date.
    ChangeLog,
    /// Any other field whose name says it holds a date.
    Other,
    /// An ISO date in running text: checked for existence only.
    Mention,
}

/// How a date is written.
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
pub enum DateFormat {
    /// ISO 8601 `YYYY-MM-DD`.
    Iso,
    /// Month names: `November 26, 2025`, `26 Nov 2025`.
    Long,
    /// Other numeric forms: `26/11/2025`, `2025/11/26`, `2025-11-6`.
    Numeric,
}

/// A date in a date position.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DateMention {
    /// The date text (or the whole value when it is no date).
    pub span: Span,
    /// What it turned out to be.
    pub value: DateValue,
    /// What it stands for.
    pub role: DateRole,
    /// How it is written.
    pub format: DateFormat,
    /// Where the role is named (the field key, the milestone label), for labels.
    pub context: Option<Span>,
}

/// A review or sign-off entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SignOff {
    /// The whole entry.
    pub span: Span,
    /// The role (`Technical Lead`).
    pub role: String,
    /// Where the role is written.
    pub role_span: Span,
    /// The name, when one is given and it is not template text.
    pub name: Option<Span>,
    /// Index into [`PlanDocument::dates`] of the entry's date, when it has a date slot.
    pub date: Option<usize>,
    /// Template text inside the entry.
    pub placeholders: Vec<Span>,
    /// Whether the entry's name text gives only a role or a description of the review
    /// (`Architecture and implementation approach`), so no name was read.
    pub names_no_one: bool,
}

/// The `Status` header field, read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StatusField {
    /// The value as written.
    pub span: Span,
    /// The known status, when it is one (`None` for unknown or template text).
    pub status: Option<Status>,
    /// Whether the value is template text (then no other rule reads it).
    pub is_placeholder: bool,
}

/// One box of the `**Plan Status**:` line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StatusBox {
    /// The box and its label.
    pub span: Span,
    /// Whether it is ticked.
    pub checked: bool,
    /// The status its label names.
    pub status: Option<Status>,
}

/// The `**Plan Status**: [ ] Draft [ ] In Review …` line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StatusLine {
    /// The value as written.
    pub span: Span,
    /// Each box.
    pub boxes: Vec<StatusBox>,
    /// The status, when the line gives a plain value instead of boxes.
    pub value: Option<Status>,
}

/// A phase heading with its week range (`### Phase 1: Foundation [Weeks 1-2]`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Phase {
    /// The week range text.
    pub span: Span,
    /// First week (1-based).
    pub first_week: u32,
    /// Last week.
    pub last_week: u32,
}

/// The `Total Duration` value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Duration {
    /// The value as written.
    pub span: Span,
    /// Length in days.
    pub days: i64,
}

/// An HTML comment (suppressions live in these).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comment {
    /// The whole `<!-- … -->`.
    pub span: Span,
    /// The text between the markers.
    pub body: String,
}

/// One plan document, parsed once.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PlanDocument {
    /// The first level-1 heading.
    pub title: Option<Heading>,
    /// Every `key: value` field, in document order.
    pub fields: Vec<Field>,
    /// Every heading, in document order.
    pub headings: Vec<Heading>,
    /// Every task-list item.
    pub checklist: Vec<ChecklistItem>,
    /// Unfilled template text.
    pub placeholders: Vec<Placeholder>,
    /// Every date in a date position.
    pub dates: Vec<DateMention>,
    /// Review and sign-off entries.
    pub signoffs: Vec<SignOff>,
    /// The `Status` header field.
    pub status: Option<StatusField>,
    /// The `Plan Status` checkbox line.
    pub status_line: Option<StatusLine>,
    /// Phase week ranges.
    pub phases: Vec<Phase>,
    /// `Total Duration`.
    pub duration: Option<Duration>,
    /// HTML comments.
    pub comments: Vec<Comment>,
    /// Where the header ends: fields before here are header fields.
    pub header_end: usize,
    /// Sections whose body is still only their template's prompt.
    pub unfilled_sections: Vec<UnfilledSection>,
    /// Sections that keep their template's prompt and answer below it: the body, and
    /// the prompt's normalised text (its template text is not reported).
    pub kept_prompts: Vec<(Span, String)>,
    /// `<<[UNRESOLVED …]>>` markers (KEPs keep open questions in these).
    pub unresolved: Vec<Span>,
    /// Metadata that could not be read (bad YAML or TOML): where, and why.
    pub metadata_errors: Vec<(Span, String)>,
    /// Whether this is a sibling metadata file (a KEP's `kep.yaml`), not Markdown.
    pub is_metadata: bool,
    /// Whether this is one part of a split document (a phase file): its parent holds
    /// the header, so the fields it leaves out are not missing.
    pub is_part: bool,
    /// The status a sibling metadata file gives this document.
    pub external_status: Option<Status>,
}

/// A section whose body is still only the template's prompt.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnfilledSection {
    /// Index into [`PlanDocument::headings`].
    pub heading: usize,
    /// The section's own body.
    pub body: Span,
}

impl PlanDocument {
    /// The header field with that role, if the document has one.
    pub fn header(&self, role: FieldRole) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.in_header && f.role == Some(role))
    }

    /// The header field that is the profile's field `def`, if the document has it.
    pub fn header_field(&self, def: usize) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.in_header && f.def == Some(def))
    }

    /// The first date with this role.
    pub fn date(&self, role: DateRole) -> Option<&DateMention> {
        self.dates.iter().find(|d| d.role == role)
    }

    /// The lifecycle class of the document's status, when it has a known one.
    pub fn status_class(&self) -> Option<StatusClass> {
        self.effective_status().map(|s| s.class)
    }

    /// The outermost section `offset` lies in (`## 1. Overview` for text of `### 1.2
    /// Objectives`), as its heading's offset and ``section `1. Overview` ``; before the
    /// first section, under the document's title, it is the header.
    pub fn top_section_of(&self, offset: usize, title_is_h1: bool) -> (usize, String) {
        let before = self.headings.partition_point(|h| h.span.start <= offset);
        let is_title = |h: &Heading| h.level == 1 && title_is_h1;
        let outermost = self.headings[..before]
            .iter()
            .rposition(|h| !h.is_field)
            .and_then(|i| {
                self.section_and_ancestors(i)
                    .filter(|h| !is_title(h))
                    .last()
            });
        match outermost {
            Some(h) => (
                h.span.start,
                format!("section {}", crate::diagnostic::code(&h.text)),
            ),
            None => (usize::MAX, "the header".to_string()),
        }
    }

    /// Whether a sign-off entry is not due yet: while the document is under review,
    /// its final approval (a role with one of `final_roles` in it) cannot be given.
    pub fn signoff_not_due(&self, entry: &SignOff, final_roles: &[String]) -> bool {
        self.status_class() == Some(StatusClass::Review)
            && final_roles.iter().any(|w| entry.role.contains(w.as_str()))
    }

    /// The status its header gives: the Status field, or the sibling metadata's.
    pub fn header_status(&self) -> Option<Status> {
        match &self.status {
            Some(field) => field.status,
            None => self.external_status,
        }
    }

    /// The plan's status: the Status field, or else the Plan Status line.
    pub fn effective_status(&self) -> Option<Status> {
        if let Some(field) = &self.status {
            return field.status;
        }
        let Some(line) = self.status_line.as_ref() else {
            return self.external_status;
        };
        let mut ticked = line.boxes.iter().filter(|b| b.checked);
        match (ticked.next(), ticked.next()) {
            (Some(one), None) => one.status,
            _ => line.value,
        }
    }

    /// Section `section` and the sections it lies in, innermost first.
    pub fn section_and_ancestors(&self, section: usize) -> impl Iterator<Item = &Heading> {
        let mut next = Some(section);
        std::iter::from_fn(move || {
            let i = next?;
            let h = self.headings.get(i)?;
            next = self.headings[..i]
                .iter()
                .rposition(|p| p.level < h.level && !p.is_field);
            Some(h)
        })
    }

    /// Whether `span` holds template text.
    pub fn is_placeholder(&self, span: Span) -> bool {
        holds_placeholder(&self.placeholders, span)
    }

    /// The placeholders inside `span`.
    pub fn placeholders_in(&self, span: Span) -> impl Iterator<Item = &Placeholder> {
        placeholders_within(&self.placeholders, span)
    }
}

/// Whether `span` overlaps template text of `placeholders` (sorted, not overlapping).
pub fn holds_placeholder(placeholders: &[Placeholder], span: Span) -> bool {
    placeholders_near(placeholders, span)
        .iter()
        .any(|p| span.overlaps(p.span))
}

/// The placeholders of `placeholders` (sorted) inside `span`.
pub fn placeholders_within(
    placeholders: &[Placeholder],
    span: Span,
) -> impl Iterator<Item = &Placeholder> {
    placeholders_near(placeholders, span)
        .iter()
        .filter(move |p| span.contains(p.span))
}

/// Placeholders that may touch `span` (they are sorted and do not overlap each other).
fn placeholders_near(placeholders: &[Placeholder], span: Span) -> &[Placeholder] {
    let first = placeholders.partition_point(|p| p.span.end < span.start);
    let last = placeholders.partition_point(|p| p.span.start <= span.end);
    &placeholders[first..last.max(first)]
}
