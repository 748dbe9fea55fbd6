//! Is this Markdown file a plan? A cheap look at its first 40 lines (SPEC §1), so other
//! Markdown is never fully parsed.

use regex::Regex;
use std::sync::LazyLock;

static PLAN_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t>]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\|[ \t]*)?(?:\*\*|__)?[ \t]*plan[ \t_-]?id[ \t]*(?:\*\*|__)?[ \t]*(?::|\||(?:\*\*|__)?[ \t]*:)")
        .expect("compiles")
});
static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t>]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\|[ \t]*)?(?:\*\*|__)?[ \t]*status[ \t]*(?:\*\*|__)?[ \t]*(?::|\||(?:\*\*|__)?[ \t]*:|$)")
        .expect("compiles")
});
/// A literal search (vectorised by the regex engine), the cheap first test.
static SAYS_PLAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u)plan").expect("compiles"));
static PLAN_H1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^#[ \t]+.*\bplan\b").expect("compiles"));

/// Whether `text` starts like a plan: a `Plan ID` field, or an H1 naming a plan together
/// with a `Status` field (a `## Status` heading counts too), in its first 40 lines.
pub fn looks_like_plan(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Both kinds of header name a plan: Markdown that never says "plan" near its top is
    // ruled out without running a pattern.
    let head_end = text
        .match_indices('\n')
        .nth(40)
        .map_or(text.len(), |(at, _)| at);
    if !SAYS_PLAN.is_match(&text[..head_end]) {
        return false;
    }
    let mut h1_names_plan = false;
    let mut has_status = false;
    let mut in_code = false;
    for line in text.lines().take(40) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if PLAN_ID.is_match(line) {
            return true;
        }
        h1_names_plan |= PLAN_H1.is_match(line);
        has_status |= STATUS.is_match(line);
        if h1_names_plan && has_status {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_headers() {
        assert!(looks_like_plan("# X\n\n## Plan ID: PLAN-001\n"));
        assert!(looks_like_plan("Plan ID: PLAN-1  \n"));
        assert!(looks_like_plan("| **Plan ID** | P-1 |\n"));
        assert!(looks_like_plan("# Project Plan\n\n- **Status:** Draft\n"));
        assert!(looks_like_plan(
            "# Rollout Plan\n\n## Status\n\n- Current Phase: Done\n"
        ));
        assert!(looks_like_plan(
            "\u{feff}# Rollout Plan\n**Status**: Draft\n"
        ));
    }

    #[test]
    fn other_markdown() {
        assert!(!looks_like_plan("# README\n\nStatus: fine\n"));
        assert!(!looks_like_plan(
            "# Research\n\n## Research ID: R-1\n## Status: Draft\n"
        ));
        assert!(!looks_like_plan("# Planning notes\n**Status**: x\n"));
        assert!(!looks_like_plan("```\n# My Plan\nPlan ID: x\n```\n"));
    }
}
