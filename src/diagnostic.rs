//! Findings: what a rule reports, before any reporter formats it.

use crate::rules::RuleId;
use crate::source::{LineCol, Span};

/// How much a finding matters.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, fails the run only with `--strict`.
    Warning,
    /// Fails the run.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary place that explains a finding (the earlier date a later one contradicts,
/// the other placeholders of a collapsed run): SARIF's related locations, JSON's
/// `related`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Label {
    /// Where, in the same file.
    pub span: Span,
    /// What this place is.
    pub message: String,
    /// Where the place starts (1-based line, character column); filled in by the sink.
    pub start: LineCol,
    /// Where it ends (exclusive column).
    pub end: LineCol,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which rule found it.
    pub rule: RuleId,
    /// Effective severity, after configuration and status-aware adjustment.
    pub severity: Severity,
    /// Display path of the file (relative, `/`-separated).
    pub path: String,
    /// The flagged text's bytes.
    pub span: Span,
    /// The flagged text itself (at most 200 characters): baselines and SARIF
    /// fingerprints match on it, so moving lines around never changes a finding's identity.
    pub snippet: String,
    /// Where the span starts (1-based line, character column).
    pub start: LineCol,
    /// Where the span ends (exclusive column).
    pub end: LineCol,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The label under the primary span.
    pub label: Option<String>,
    /// Other places that explain the finding.
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// The group it belongs to (the placeholders of one section), when its rule groups
    /// findings: [`crate::run::LintRun::collapse_groups`] reports a large group as one.
    pub group: Option<Group>,
}

/// Findings of one rule in one file that are reported as one when there are many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Tells groups of one file apart (the section's offset).
    pub key: usize,
    /// What the group is, for the message (``section `Risks` ``, `the header`).
    pub name: String,
    /// What its findings are, in the plural (`unfilled placeholders`).
    pub noun: &'static str,
    /// How to fix them all.
    pub help: &'static str,
    /// This finding's item, as the collapsed message names it.
    pub item: String,
    /// What the sink appended to each message (the profile's name), kept on the
    /// collapsed message too; rules leave it empty.
    pub suffix: String,
}

/// The flagged text as a diagnostic keeps it: at most 200 characters.
pub fn snippet(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((cut, _)) => text[..cut].to_string(),
        None => text.to_string(),
    }
}

/// Characters of document text a message quotes; longer text is cut with `…`, so a
/// 1 MB value makes neither a 1 MB annotation nor a job-summary row that cannot fit.
pub const QUOTE_LIMIT: usize = 80;

/// Quotes document text as Markdown inline code: a fence of backticks longer than any
/// run of backticks inside it, padded with a space when the text starts or ends with
/// one (`` `my_feature` `` stays readable and unbroken). Every piece of document text a
/// message holds goes through here, so a backtick in it can never close the span and let
/// the rest be read as Markdown (a link or an image in the job summary). The text is put
/// on one line and cut at [`QUOTE_LIMIT`] characters.
pub fn code(text: &str) -> String {
    let mut text = crate::report::concise::one_line(text);
    if let Some((cut, _)) = text.char_indices().nth(QUOTE_LIMIT) {
        text.truncate(cut);
        text.push('…');
    }
    code_span(&text)
}

/// `text` as one Markdown code span, whole: nothing inside it is read as Markdown or
/// HTML, whatever it holds.
pub fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::code;

    #[test]
    fn code_fences_outgrow_the_text() {
        assert_eq!(code("[Name]"), "`[Name]`");
        assert_eq!(code("(like `x`)"), "``(like `x`)``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("a\nb"), "`a b`");
        let long = "é".repeat(1000);
        assert_eq!(
            code(&long),
            format!("`{}…`", "é".repeat(super::QUOTE_LIMIT))
        );
    }
}
