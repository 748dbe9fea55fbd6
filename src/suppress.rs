//! Inline suppressions: `<!-- plan-lint-disable… -->` comments, applied after the rules.

use crate::model::Comment;
use crate::rules::RuleId;
use crate::source::{LineCol, LineIndex, Span};
use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^plan-lint-(disable-next-line|disable-file|disable|enable)\b(.*)$")
        .expect("compiles")
});
static UNTIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\buntil=(\S+)").expect("compiles"));

/// The message of a suppression that hides no finding (deleting it changes nothing).
pub const SUPPRESSES_NOTHING: &str = "suppression comment suppresses nothing";

/// How the message of an expired suppression starts (deleting it changes nothing).
pub const EXPIRED: &str = "suppression expired on";

/// What a suppression comment covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Range,
    File,
}

/// One `plan-lint-disable…` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The comment.
    pub span: Span,
    /// Where the comment starts and ends.
    pub position: (LineCol, LineCol),
    /// The comment's text.
    pub text: String,
    kind: Kind,
    /// `None`: every rule.
    rules: Option<Vec<RuleId>>,
    /// Names that are no rule.
    unknown: Vec<String>,
    /// Past this date it no longer suppresses.
    until: Option<Date>,
    /// `until=` text that is no date.
    bad_until: Option<String>,
    /// 1-based lines covered, inclusive.
    first_line: usize,
    last_line: usize,
    used: bool,
}

/// Every suppression in one file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    items: Vec<Suppression>,
}

impl Suppressions {
    /// Reads the suppression comments of a file.
    pub fn from_comments(comments: &[Comment], text: &str, lines: &LineIndex) -> Self {
        let mut items: Vec<Suppression> = Vec::new();
        let mut enables: Vec<(usize, Option<Vec<RuleId>>)> = Vec::new();
        for comment in comments {
            let Some(caps) = DIRECTIVE.captures(comment.body.trim()) else {
                continue;
            };
            let rest = caps.get(2).map_or("", |m| m.as_str());
            let (names, reason) = rest.split_once("--").unwrap_or((rest, ""));
            let until_text = UNTIL
                .captures(reason)
                .or_else(|| UNTIL.captures(names))
                .map(|c| c[1].to_string());
            let names_only = UNTIL.replace_all(names, "");
            let mut rules = Vec::new();
            let mut unknown = Vec::new();
            for name in names_only
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|n| !n.is_empty())
            {
                match RuleId::from_name_or_code(name) {
                    Some(rule) => rules.push(rule),
                    None => unknown.push(name.to_string()),
                }
            }
            let rules = (!rules.is_empty() || !unknown.is_empty()).then_some(rules);
            let line = lines.line_of(comment.span.start);
            let end_line =
                lines.line_of(comment.span.end.saturating_sub(1).max(comment.span.start));
            let (kind, first_line, last_line) = match &caps[1] {
                "disable-next-line" => {
                    let target = next_nonblank_line(text, lines, end_line + 1);
                    (Kind::NextLine, target, target)
                }
                "disable-file" => (Kind::File, 1, usize::MAX),
                "disable" => (Kind::Range, line, usize::MAX),
                _ => {
                    enables.push((line, rules));
                    continue;
                }
            };
            let until = until_text.as_deref().and_then(|t| t.parse::<Date>().ok());
            items.push(Suppression {
                span: comment.span,
                position: (
                    lines.line_col(text, comment.span.start),
                    lines.line_col(text, comment.span.end),
                ),
                text: crate::diagnostic::snippet(&text[comment.span.range()]),
                kind,
                rules,
                unknown,
                bad_until: until_text.filter(|_| until.is_none()),
                until,
                first_line,
                last_line,
                used: false,
            });
        }
        // Close each open range at the first later `enable` that covers its rules.
        for (enable_line, enable_rules) in enables {
            for s in items.iter_mut().filter(|s| {
                s.kind == Kind::Range && s.first_line <= enable_line && s.last_line == usize::MAX
            }) {
                let closes = match (&enable_rules, &s.rules) {
                    (None, _) => true,
                    (Some(e), Some(r)) => r.iter().all(|rule| e.contains(rule)),
                    (Some(_), None) => false,
                };
                if closes {
                    s.last_line = enable_line;
                }
            }
        }
        Suppressions { items }
    }

    /// Whether a finding of `rule` starting on `line` is suppressed (and records the use).
    pub fn suppresses(&mut self, rule: RuleId, line: usize, today: Date) -> bool {
        if rule == RuleId::UnusedSuppression {
            return false;
        }
        for s in &mut self.items {
            let expired = s.until.is_some_and(|u| u < today);
            let covers_rule = s.rules.as_ref().is_none_or(|r| r.contains(&rule));
            if !expired && covers_rule && s.first_line <= line && line <= s.last_line {
                s.used = true;
                return true;
            }
        }
        false
    }

    /// The `unused-suppression` findings: unused, expired, or naming unknown rules.
    pub fn problems(&self, today: Date) -> Vec<(&Suppression, String)> {
        let mut out = Vec::new();
        for s in &self.items {
            if !s.unknown.is_empty() {
                out.push((
                    s,
                    format!(
                        "suppression names no known rule: {}",
                        s.unknown
                            .iter()
                            .map(|u| crate::diagnostic::code(u))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            } else if let Some(bad) = &s.bad_until {
                out.push((
                    s,
                    format!("suppression has an unreadable expiry `until={bad}`"),
                ));
            } else if let Some(until) = s.until.filter(|u| *u < today) {
                out.push((s, format!("{EXPIRED} {until} and no longer applies")));
            } else if !s.used {
                out.push((s, SUPPRESSES_NOTHING.to_string()));
            }
        }
        out
    }
}

fn next_nonblank_line(text: &str, lines: &LineIndex, from: usize) -> usize {
    let mut line = from;
    while line <= lines.line_count() {
        let start = lines.line_start(line);
        let end = if line < lines.line_count() {
            lines.line_start(line + 1)
        } else {
            text.len()
        };
        if !text[start..end].trim().is_empty() {
            return line;
        }
        line += 1;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(text: &str) -> Vec<Comment> {
        let re = Regex::new(r"(?s)<!--(.*?)-->").unwrap();
        re.captures_iter(text)
            .map(|c| Comment {
                span: Span::new(c.get(0).unwrap().start(), c.get(0).unwrap().end()),
                body: c[1].trim().to_string(),
            })
            .collect()
    }

    fn build(text: &str) -> Suppressions {
        Suppressions::from_comments(&comments(text), text, &LineIndex::new(text))
    }

    #[test]
    fn next_line_skips_blank_lines() {
        let text = "<!-- plan-lint-disable-next-line placeholder -- reason -->\n\n[Name]\n";
        let mut s = build(text);
        let today = jiff::civil::date(2025, 1, 1);
        assert!(!s.suppresses(RuleId::MissingSignoff, 3, today));
        assert!(s.suppresses(RuleId::Placeholder, 3, today));
        assert!(s.problems(today).is_empty());
    }

    #[test]
    fn ranges_and_expiry() {
        let text = "<!-- plan-lint-disable placeholder until=2025-01-31 -->\nA\n<!-- plan-lint-enable placeholder -->\nB\n";
        let mut s = build(text);
        let before = jiff::civil::date(2025, 1, 1);
        let after = jiff::civil::date(2025, 2, 1);
        assert!(s.suppresses(RuleId::Placeholder, 2, before));
        assert!(!s.suppresses(RuleId::Placeholder, 4, before));
        let mut fresh = build(text);
        assert!(!fresh.suppresses(RuleId::Placeholder, 2, after));
        assert!(fresh.problems(after)[0].1.contains("expired"));
    }

    #[test]
    fn unknown_rules_and_unused() {
        let text =
            "<!-- plan-lint-disable-file nonsense -->\n<!-- plan-lint-disable-next-line -->\nok\n";
        let s = build(text);
        let problems = s.problems(jiff::civil::date(2025, 1, 1));
        assert_eq!(problems.len(), 2);
        assert!(problems[0].1.contains("`nonsense`"));
        assert!(problems[1].1.contains("suppresses nothing"));
    }
}
