//! The rules: one enum names them, one trait runs them, one slice registers them.

use crate::diagnostic::{Label, Severity};
use crate::model::PlanDocument;
use crate::profile::Profile;
use crate::source::{SourceFile, Span};

mod date_order;
pub mod duplicate_id;
mod empty_section;
mod invalid_date;
mod missing_field;
pub mod missing_signoff;
mod placeholder;
mod stale_review;
mod status_mismatch;
mod unreadable;
mod unused_suppression;

/// Every rule plan-lint knows. Code, name, default severity, summary and documentation
/// all come from here, so the CLI, configuration, reporters and docs cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    /// PL000: a candidate file that cannot be linted.
    Unreadable,
    /// PL001: unfilled template text.
    Placeholder,
    /// PL002: a sign-off with no real name or date, or none at all on an approved plan.
    MissingSignoff,
    /// PL003: a date that does not exist, contradicts its weekday, or is ambiguous.
    InvalidDate,
    /// PL004: dates that contradict each other.
    DateOrder,
    /// PL005: status values that disagree with each other or with the checklist.
    StatusMismatch,
    /// PL006: a required header field is absent or empty.
    MissingField,
    /// PL007: a heading with nothing under it.
    EmptySection,
    /// PL008: two plans share a Plan ID.
    DuplicateId,
    /// PL009: the Next Review Date has passed.
    StaleReview,
    /// PL010: an inline suppression that suppressed nothing or has expired.
    UnusedSuppression,
}

/// Everything plan-lint says about one rule, in one row of [`RULE_TABLE`].
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Which rule.
    pub id: RuleId,
    /// Stable code, `PL000`…
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// Severity when neither configuration nor document status changes it.
    pub default_severity: Severity,
    /// Whether a draft (or withdrawn) document reports it as a warning.
    pub softened_in_drafts: bool,
    /// Which finding wins when two rules flag overlapping text: lower ranks win.
    pub precedence: u8,
    /// How much a finding of this rule matters next to others of its severity: lower
    /// comes first where output is capped (GitHub annotations, the job summary) and in
    /// the summary line. Broken dates and contradicting statuses are root causes;
    /// placeholders are many and each matters little.
    pub importance: u8,
    /// One line for `plan-lint rules`, SARIF's short description and the README table.
    pub summary: &'static str,
    /// The documentation (What it does / Why / Example / How to fix), in Markdown.
    pub documentation: &'static str,
}

#[allow(clippy::too_many_arguments)] // one argument per column of the table
const fn rule(
    id: RuleId,
    code: &'static str,
    name: &'static str,
    default_severity: Severity,
    softened_in_drafts: bool,
    precedence: u8,
    importance: u8,
    summary: &'static str,
    documentation: &'static str,
) -> RuleMeta {
    RuleMeta {
        id,
        code,
        name,
        default_severity,
        softened_in_drafts,
        precedence,
        importance,
        summary,
        documentation,
    }
}

use Severity::{Error as E, Warning as W};

/// The one table that names the rules, in code order: the CLI, configuration,
/// reporters, `plan-lint rules` / `explain` and the README's table all come from it.
pub static RULE_TABLE: [RuleMeta; 11] = [
    rule(
        RuleId::Unreadable,
        "PL000",
        "unreadable",
        E,
        false,
        0,
        0,
        "a candidate file that cannot be read or is not UTF-8",
        unreadable::DOC,
    ),
    rule(
        RuleId::Placeholder,
        "PL001",
        "placeholder",
        E,
        true,
        5,
        8,
        "template text that was never filled in",
        placeholder::DOC,
    ),
    rule(
        RuleId::MissingSignoff,
        "PL002",
        "missing-signoff",
        E,
        true,
        1,
        5,
        "a sign-off with no real name or date, or none on an approved plan",
        missing_signoff::DOC,
    ),
    rule(
        RuleId::InvalidDate,
        "PL003",
        "invalid-date",
        E,
        false,
        3,
        1,
        "a date that does not exist, contradicts its weekday, or is ambiguous",
        invalid_date::DOC,
    ),
    rule(
        RuleId::DateOrder,
        "PL004",
        "date-order",
        E,
        false,
        6,
        2,
        "dates that contradict each other or lie in the future",
        date_order::DOC,
    ),
    rule(
        RuleId::StatusMismatch,
        "PL005",
        "status-mismatch",
        E,
        false,
        4,
        3,
        "status values that disagree with each other or with the checklist",
        status_mismatch::DOC,
    ),
    rule(
        RuleId::MissingField,
        "PL006",
        "missing-field",
        E,
        false,
        7,
        6,
        "a required header field is absent or empty",
        missing_field::DOC,
    ),
    rule(
        RuleId::EmptySection,
        "PL007",
        "empty-section",
        W,
        true,
        9,
        9,
        "a heading with nothing under it",
        empty_section::DOC,
    ),
    rule(
        RuleId::DuplicateId,
        "PL008",
        "duplicate-id",
        E,
        false,
        2,
        4,
        "two plans in the repository share a Plan ID",
        duplicate_id::DOC,
    ),
    rule(
        RuleId::StaleReview,
        "PL009",
        "stale-review",
        W,
        false,
        8,
        7,
        "the Next Review Date has passed on a plan that is not completed",
        stale_review::DOC,
    ),
    rule(
        RuleId::UnusedSuppression,
        "PL010",
        "unused-suppression",
        W,
        false,
        10,
        10,
        "an inline suppression that suppressed nothing or has expired",
        unused_suppression::DOC,
    ),
];

impl RuleId {
    /// Every rule, in code order.
    pub const ALL: [RuleId; 11] = [
        RuleId::Unreadable,
        RuleId::Placeholder,
        RuleId::MissingSignoff,
        RuleId::InvalidDate,
        RuleId::DateOrder,
        RuleId::StatusMismatch,
        RuleId::MissingField,
        RuleId::EmptySection,
        RuleId::DuplicateId,
        RuleId::StaleReview,
        RuleId::UnusedSuppression,
    ];

    /// The rule's row of [`RULE_TABLE`].
    pub fn meta(self) -> &'static RuleMeta {
        &RULE_TABLE[self as usize]
    }

    /// Stable code, `PL000`…
    pub fn code(self) -> &'static str {
        self.meta().code
    }

    /// Stable kebab-case name.
    pub fn name(self) -> &'static str {
        self.meta().name
    }

    /// Severity when neither configuration nor plan status changes it.
    pub fn default_severity(self) -> Severity {
        self.meta().default_severity
    }

    /// One line for `plan-lint rules` and SARIF's short description.
    pub fn summary(self) -> &'static str {
        self.meta().summary
    }

    /// The rule's documentation (What it does / Why / Example / How to fix), in Markdown.
    pub fn documentation(self) -> &'static str {
        self.meta().documentation
    }

    /// Whether a draft plan reports this rule as a warning (drafts are work in progress).
    pub fn softened_in_drafts(self) -> bool {
        self.meta().softened_in_drafts
    }

    /// Which finding wins when two rules flag overlapping text: lower ranks win.
    /// A placeholder inside a sign-off entry is reported once, as the missing sign-off.
    pub(crate) fn precedence(self) -> u8 {
        self.meta().precedence
    }

    /// How much its findings matter next to others of the same severity: lower first.
    pub fn importance(self) -> u8 {
        self.meta().importance
    }

    /// What to say of `text`, which names no rule: the rule it likely means, or where
    /// the rules are listed.
    pub fn unknown(text: &str) -> String {
        let names = RuleId::ALL.iter().map(|r| r.name());
        match crate::error::did_you_mean(text, names) {
            Some(name) => format!("unknown rule `{text}` (did you mean `{name}`?)"),
            None => format!("unknown rule `{text}` (`plan-lint rules` lists them)"),
        }
    }

    /// Looks a rule up by name or code, case-insensitively.
    pub fn from_name_or_code(text: &str) -> Option<RuleId> {
        let text = text.trim();
        RuleId::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(text) || r.code().eq_ignore_ascii_case(text))
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A finding as a rule reports it, before severity, suppression and precedence apply.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that found it.
    pub rule: RuleId,
    /// The flagged text.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// The label under the span.
    pub label: Option<String>,
    /// Other places that explain the finding.
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Findings of one rule that share a group (the placeholders of one section) are
    /// reported as one when there are many.
    pub group: Option<crate::diagnostic::Group>,
    /// Whether this finding is at most a warning, whatever the rule's severity: the
    /// checks of a rule that point at something less sure or less serious (a date not
    /// zero-padded, a status never updated) than its errors.
    pub warning_only: bool,
}

/// Settings the rules read (built once per run from configuration and flags).
#[derive(Debug, Clone)]
pub struct RuleOptions {
    /// The date "today" means.
    pub today: jiff::civil::Date,
    /// Sign-off roles every plan must have.
    pub required_roles: Vec<String>,
    /// Date formats accepted in date positions.
    pub date_formats: Vec<crate::model::DateFormat>,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            today: jiff::civil::date(2025, 1, 1),
            required_roles: Vec::new(),
            date_formats: vec![
                crate::model::DateFormat::Iso,
                crate::model::DateFormat::Long,
                crate::model::DateFormat::Numeric,
            ],
        }
    }
}

/// What a rule sees: the plan, its source, its profile, and the run's settings.
pub struct Context<'a> {
    /// The file being linted.
    pub source: &'a SourceFile,
    /// Its parsed model.
    pub doc: &'a PlanDocument,
    /// The family it belongs to.
    pub profile: &'a Profile,
    /// The run's settings.
    pub options: &'a RuleOptions,
    rule: RuleId,
    findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    /// A context for one plan.
    pub fn new(
        source: &'a SourceFile,
        doc: &'a PlanDocument,
        profile: &'a Profile,
        options: &'a RuleOptions,
    ) -> Self {
        Context {
            source,
            doc,
            profile,
            options,
            rule: RuleId::Placeholder,
            findings: Vec::new(),
        }
    }

    /// Reports a finding for the rule that is running.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.rule,
            span,
            message: message.into(),
            label: None,
            secondary: Vec::new(),
            help: None,
            group: None,
            warning_only: false,
        });
        self.findings.last_mut().expect("just pushed")
    }

    /// The text under `span`.
    pub fn text(&self, span: Span) -> &'a str {
        self.source.slice(span)
    }

    pub(crate) fn run(&mut self, rule: &dyn Rule) {
        self.rule = rule.id();
        rule.check(self);
    }

    pub(crate) fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

impl Finding {
    /// Sets the label under the primary span.
    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary place.
    pub fn secondary(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
            ..Label::default()
        });
        self
    }

    /// Sets the help line.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Makes the finding at most a warning.
    pub fn warning_only(&mut self) -> &mut Self {
        self.warning_only = true;
        self
    }
}

/// A check over one plan.
pub trait Rule: Sync {
    /// Which rule this is.
    fn id(&self) -> RuleId;
    /// Reports what is wrong in `cx.doc` through `cx.report`.
    fn check(&self, cx: &mut Context<'_>);
}

/// Every per-plan rule. `unreadable`, `duplicate-id` and `unused-suppression` are not here:
/// they are decided by the run itself (reading, the repository, suppression bookkeeping).
pub static PLAN_RULES: &[&dyn Rule] = &[
    &placeholder::Placeholder,
    &missing_signoff::MissingSignoff,
    &invalid_date::InvalidDate,
    &date_order::DateOrder,
    &status_mismatch::StatusMismatch,
    &missing_field::MissingField,
    &empty_section::EmptySection,
    &stale_review::StaleReview,
];

pub use duplicate_id::find_duplicate_ids;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_table_has_one_row_per_rule_in_order() {
        assert_eq!(RULE_TABLE.len(), RuleId::ALL.len());
        for (i, row) in RULE_TABLE.iter().enumerate() {
            assert_eq!(row.id as usize, i, "{} is out of place", row.name);
            assert_eq!(RuleId::ALL[i], row.id);
        }
        let ranks: HashSet<u8> = RULE_TABLE.iter().map(|r| r.precedence).collect();
        assert_eq!(ranks.len(), RULE_TABLE.len(), "precedence ranks are unique");
        let importance: HashSet<u8> = RULE_TABLE.iter().map(|r| r.importance).collect();
        assert_eq!(
            importance.len(),
            RULE_TABLE.len(),
            "importance ranks are unique"
        );
    }

    /// The README's rule table is this table: code, name, default severity, summary.
    #[test]
    fn the_readme_table_matches() {
        let readme = include_str!("../../README.md");
        for row in &RULE_TABLE {
            let line = format!(
                "| {} | `{}` | {} | {} |",
                row.code,
                row.name,
                row.default_severity.as_str(),
                row.summary
            );
            assert!(readme.contains(&line), "README lacks the row: {line}");
        }
    }

    #[test]
    fn codes_and_names_are_unique_and_ordered() {
        let codes: HashSet<_> = RuleId::ALL.iter().map(|r| r.code()).collect();
        let names: HashSet<_> = RuleId::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(codes.len(), RuleId::ALL.len());
        assert_eq!(names.len(), RuleId::ALL.len());
        for (i, rule) in RuleId::ALL.iter().enumerate() {
            assert_eq!(rule.code(), format!("PL{i:03}"));
        }
    }

    #[test]
    fn every_plan_rule_is_registered_once() {
        let ids: Vec<_> = PLAN_RULES.iter().map(|r| r.id()).collect();
        let unique: HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
        let run_level = [
            RuleId::Unreadable,
            RuleId::DuplicateId,
            RuleId::UnusedSuppression,
        ];
        for rule in RuleId::ALL {
            assert!(
                ids.contains(&rule) != run_level.contains(&rule),
                "{rule} must be either a plan rule or a run-level rule"
            );
        }
    }

    #[test]
    fn lookup_by_name_or_code() {
        assert_eq!(
            RuleId::from_name_or_code("PL003"),
            Some(RuleId::InvalidDate)
        );
        assert_eq!(
            RuleId::from_name_or_code("date-order"),
            Some(RuleId::DateOrder)
        );
        assert_eq!(RuleId::from_name_or_code("nope"), None);
    }

    #[test]
    fn every_rule_has_documentation_sections() {
        for rule in RuleId::ALL {
            let doc = rule.documentation();
            for section in ["## What it does", "## Why", "## Example", "## How to fix"] {
                assert!(doc.contains(section), "{rule} docs lack {section}");
            }
        }
    }
}
