//! The one place findings become diagnostics. Every producer — the per-document rules,
//! `unreadable`, `duplicate-id` and `unused-suppression` — hands its findings to a
//! [`FileSink`], which decides which rules are on, which finding keeps a span, what an
//! inline comment suppresses, which severity applies, and how the message names the
//! document's profile.

use crate::diagnostic::Diagnostic;
use crate::profile::Profile;
use crate::rules::{Finding, RuleId};
use crate::settings::Settings;
use crate::source::{LineCol, LineIndex, Span};
use crate::suppress::Suppressions;
use std::collections::BTreeMap;

/// Where a finding stands in its file, in the terms reporters use.
#[derive(Debug, Clone)]
pub struct Located {
    /// First line and column.
    pub start: LineCol,
    /// Last line and column.
    pub end: LineCol,
    /// The flagged text.
    pub snippet: String,
    /// Where each of the finding's secondary places starts and ends.
    pub related: Vec<(LineCol, LineCol)>,
}

impl Located {
    /// Locates `span` in `text`.
    pub fn in_text(text: &str, index: &LineIndex, span: Span) -> Located {
        Located {
            start: index.line_col(text, span.start),
            end: index.line_col(text, span.end),
            snippet: crate::diagnostic::snippet(text.get(span.range()).unwrap_or("")),
            related: Vec::new(),
        }
    }

    /// Locates a finding and its secondary places in `text`.
    pub fn finding_in_text(text: &str, index: &LineIndex, finding: &Finding) -> Located {
        let mut located = Located::in_text(text, index, finding.span);
        located.related = finding
            .secondary
            .iter()
            .map(|l| {
                (
                    index.line_col(text, l.span.start),
                    index.line_col(text, l.span.end),
                )
            })
            .collect();
        located
    }
}

/// The sink for one file's findings.
pub struct FileSink<'a> {
    /// The run's settings (which rules, which severities, today).
    pub settings: &'a Settings,
    /// The file's display path.
    pub path: &'a str,
    /// Whether the document's status is of the draft class.
    pub draft: bool,
    /// The document's profile, when it was matched to one.
    pub profile: Option<&'a Profile>,
}

impl FileSink<'_> {
    /// Whether `rule` runs on this file: enabled by the settings, and not one the
    /// profile turns off by default (unless the configuration names it).
    pub fn enabled(&self, rule: RuleId) -> bool {
        let quiet = self.profile.is_some_and(|p| p.quiet_rules.contains(&rule))
            && !matches!(self.settings.severities.get(&rule), Some(Some(_)));
        !quiet && self.settings.severity(rule, self.draft).is_some()
    }

    /// Turns findings into diagnostics: the rules that are off are dropped, a span keeps
    /// the finding of the rule that takes precedence, suppressed findings are dropped,
    /// and the rest get their severity and a message that names a non-plan profile.
    pub fn emit(
        &self,
        findings: Vec<Finding>,
        suppressions: &mut Suppressions,
        locate: &dyn Fn(&Finding) -> Located,
    ) -> Vec<Diagnostic> {
        let today = self.settings.rule_options.today;
        let mut out = Vec::new();
        for finding in resolve_overlaps(findings) {
            if !self.enabled(finding.rule) {
                continue;
            }
            let Some(mut severity) = self.settings.severity(finding.rule, self.draft) else {
                continue;
            };
            if finding.warning_only {
                severity = severity.min(crate::diagnostic::Severity::Warning);
            }
            let at = locate(&finding);
            if suppressions.suppresses(finding.rule, at.start.line, today) {
                continue;
            }
            let suffix = match self.profile {
                Some(p) if !p.is_plan() => format!(" ({})", p.name),
                _ => String::new(),
            };
            let message = format!("{}{suffix}", finding.message);
            let group = finding
                .group
                .map(|g| crate::diagnostic::Group { suffix, ..g });
            let mut secondary = finding.secondary;
            for (label, (start, end)) in secondary.iter_mut().zip(at.related) {
                label.start = start;
                label.end = end;
            }
            out.push(Diagnostic {
                rule: finding.rule,
                severity,
                path: self.path.to_string(),
                span: finding.span,
                snippet: at.snippet,
                start: at.start,
                end: at.end,
                message,
                label: finding.label,
                secondary,
                help: finding.help,
                group,
            });
        }
        out
    }
}

/// A span gets at most one finding: when one finding's span lies within another's, the
/// rule with the higher precedence keeps it (a placeholder inside an unsigned sign-off
/// entry is reported once, as the missing sign-off). Findings of one rule on one span
/// all stay when they say different things (three missing required roles).
pub fn resolve_overlaps(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(|f| (f.rule.precedence(), f.span.start, f.span.end));
    // Kept spans per rule, in start order (findings arrive sorted within a rule).
    let mut spans: BTreeMap<RuleId, Vec<(Span, usize)>> = BTreeMap::new();
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings {
        let shadowed = spans.iter().any(|(rule, list)| {
            let before = list.partition_point(|(s, _)| s.start <= finding.span.start);
            list[..before].iter().rev().take(4).any(|(k, i)| {
                if *rule == finding.rule {
                    *k == finding.span && kept[*i].message == finding.message
                } else {
                    !k.is_empty() && k.contains(finding.span)
                }
            })
        });
        if !shadowed {
            spans
                .entry(finding.rule)
                .or_default()
                .push((finding.span, kept.len()));
            kept.push(finding);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: RuleId, span: Span, message: &str) -> Finding {
        Finding {
            rule,
            span,
            message: message.to_string(),
            label: None,
            secondary: Vec::new(),
            help: None,
            group: None,
            warning_only: false,
        }
    }

    #[test]
    fn a_higher_rule_keeps_the_span_and_same_rule_findings_that_differ_stay() {
        let kept = resolve_overlaps(vec![
            finding(RuleId::Placeholder, Span::new(5, 10), "placeholder"),
            finding(RuleId::MissingSignoff, Span::new(0, 20), "no name"),
            finding(RuleId::MissingSignoff, Span::new(30, 40), "role a"),
            finding(RuleId::MissingSignoff, Span::new(30, 40), "role b"),
            finding(RuleId::MissingSignoff, Span::new(30, 40), "role b"),
        ]);
        let messages: Vec<&str> = kept.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, ["no name", "role a", "role b"]);
    }
}
