//! Fixture-driven rule tests: every `fixtures/<rule>/ok.md` yields nothing, every
//! `bad-*` case yields at least one finding of its rule, and the JSON and plain human
//! output of each case is snapshotted.

mod common;

use common::{fixtures, lint_copy as lint_fixture, render};
use plan_lint::rules::RuleId;
use plan_lint::settings::Format;
use std::path::Path;

fn rule_of(path: &Path) -> RuleId {
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .expect("rule folder");
    let folder = if folder == "bad-shared" || folder == "ok" {
        "duplicate-id"
    } else {
        folder
    };
    RuleId::from_name_or_code(folder).unwrap_or(RuleId::Placeholder)
}

fn check_case(path: &Path) {
    let run = lint_fixture(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("ok") {
        assert!(
            run.diagnostics.is_empty(),
            "{} should be clean, got {:#?}",
            path.display(),
            run.diagnostics
        );
        assert!(
            run.plans_checked >= 1,
            "{} was not linted as a plan",
            path.display()
        );
    } else {
        let rule = if path.is_dir() {
            rule_of(&path.join("x"))
        } else {
            rule_of(path)
        };
        assert!(
            run.diagnostics.iter().any(|d| d.rule == rule),
            "{} should report {rule}, got {:#?}",
            path.display(),
            run.diagnostics
        );
    }
    insta::assert_snapshot!("json", render(&run, Format::Json));
    insta::assert_snapshot!("human", render(&run, Format::Human));
}

#[test]
fn rule_fixtures() {
    insta::glob!("../fixtures", "*/*.md", check_case);
}

#[test]
fn duplicate_id_fixtures() {
    insta::glob!("../fixtures", "duplicate-id/*", |path| {
        if path.is_dir() {
            check_case(path)
        }
    });
}

#[test]
fn every_rule_has_fixtures() {
    for rule in RuleId::ALL {
        let dir = fixtures().join(rule.name());
        assert!(dir.is_dir(), "no fixtures for {rule}");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .expect("read fixtures")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("ok")),
            "{rule} has no ok case"
        );
        assert!(
            names.iter().any(|n| n.starts_with("bad-")),
            "{rule} has no bad case"
        );
    }
}

/// The template copied to a plan with only its header filled in: a finding on every
/// line that still holds template text, and on no other line.
#[test]
fn template_with_only_the_header_filled() {
    let path = fixtures().join("template/header-only.md");
    let run = lint_fixture(&path);
    let text = std::fs::read_to_string(&path).expect("read");
    let flagged: std::collections::BTreeSet<usize> =
        run.diagnostics.iter().map(|d| d.start.line).collect();
    let template_text = regex::Regex::new(r"\[[^\]\[]+\]").expect("regex");
    let expected: std::collections::BTreeSet<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let holds_template = template_text.find_iter(line).any(|m| {
                let inner = &m.as_str()[1..m.as_str().len() - 1];
                !matches!(inner, " " | "x") && !inner.starts_with("Weeks ")
            });
            // The plan is In Review: its final approval is not due yet.
            let final_approval = line.contains("Final Approval") || line.contains("Approved By");
            (holds_template || line.starts_with("**Plan Status**")) && !final_approval
        })
        .map(|(i, _)| i + 1)
        .collect();
    assert!(
        expected.len() > 100,
        "the fixture should hold the whole template"
    );
    let missing: Vec<_> = expected.difference(&flagged).collect();
    let extra: Vec<_> = flagged.difference(&expected).collect();
    assert!(
        missing.is_empty(),
        "template lines without a finding: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "findings on lines without template text: {extra:?}"
    );
}
