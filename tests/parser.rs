//! Snapshots of the parsed model for tricky inputs. Every span is shown as the text it
//! covers, so a span that drifts by a byte changes the snapshot.

use plan_lint::model::PlanDocument;
use plan_lint::parse::{ParseOptions, parse};
use plan_lint::profile::builtin::plan_profile;
use plan_lint::source::{LineIndex, Span};
use std::fmt::Write;

fn describe(text: &str) -> String {
    let doc: PlanDocument = parse(
        text,
        &ParseOptions {
            profile: plan_profile(),
        },
    );
    let index = LineIndex::new(text);
    let at = |span: Span| {
        let lc = index.line_col(text, span.start);
        format!("{:?} @{}:{}", &text[span.range()], lc.line, lc.column)
    };
    let mut out = String::new();
    if let Some(title) = &doc.title {
        writeln!(out, "title {}", at(title.text_span)).unwrap();
    }
    for f in &doc.fields {
        let place = if f.in_header { "header" } else { "body" };
        writeln!(
            out,
            "field {place} {:?} {:?} = {}",
            f.style,
            f.key,
            at(f.value_span)
        )
        .unwrap();
    }
    for h in &doc.headings {
        writeln!(
            out,
            "heading h{} {} field={} content={}",
            h.level,
            at(h.text_span),
            h.is_field,
            h.has_own_content
        )
        .unwrap();
    }
    for p in &doc.placeholders {
        writeln!(out, "placeholder {:?} {}", p.kind, at(p.span)).unwrap();
    }
    for d in &doc.dates {
        writeln!(
            out,
            "date {:?} {:?} {:?} {}",
            d.role,
            d.value,
            d.format,
            at(d.span)
        )
        .unwrap();
    }
    for s in &doc.signoffs {
        writeln!(
            out,
            "signoff {:?} name={} date={:?}",
            s.role,
            s.name.map(&at).unwrap_or_else(|| "-".into()),
            s.date.map(|i| &doc.dates[i].value)
        )
        .unwrap();
    }
    for c in &doc.checklist {
        writeln!(
            out,
            "check [{}] {}",
            if c.checked { "x" } else { " " },
            at(c.span)
        )
        .unwrap();
    }
    let label = |s: Option<plan_lint::profile::Status>| {
        format!(
            "{:?}",
            s.map(|s| plan_profile().statuses.label(s).to_string())
        )
    };
    if let Some(s) = &doc.status {
        writeln!(
            out,
            "status {} placeholder={} {}",
            label(s.status),
            s.is_placeholder,
            at(s.span)
        )
        .unwrap();
    }
    if let Some(line) = &doc.status_line {
        let boxes: Vec<String> = line
            .boxes
            .iter()
            .map(|b| format!("{}{}", if b.checked { "x" } else { "_" }, label(b.status)))
            .collect();
        writeln!(
            out,
            "status line {} value={}",
            boxes.join(" "),
            label(line.value)
        )
        .unwrap();
    }
    for p in &doc.phases {
        writeln!(
            out,
            "phase weeks {}-{} {}",
            p.first_week,
            p.last_week,
            at(p.span)
        )
        .unwrap();
    }
    if let Some(d) = &doc.duration {
        writeln!(out, "duration {} days {}", d.days, at(d.span)).unwrap();
    }
    for c in &doc.comments {
        writeln!(out, "comment {:?}", c.body).unwrap();
    }
    out
}

#[test]
fn bold_field_header() {
    insta::assert_snapshot!(describe(
        "# Capability Plan\n\n**Plan ID**: PLAN-9\n**Plan Date**: 2025-11-11\n**Estimated Completion**: 2026-03-03 (16 weeks)\n**Status:** 🔄 IN PROGRESS\n- **Owner**: Jane Roe\n\n---\n\n## Summary\nText.\n"
    ));
}

#[test]
fn table_header_and_table_signoffs() {
    insta::assert_snapshot!(describe(
        "# Gate Plan\n\n| **Plan ID** | PLAN-4 |\n|---|---|\n| **Status** | Approved |\n\n## Approval\n\n| Role | Name | Date |\n|------|------|------|\n| Tech Lead | Jane Roe | 2025-03-01 |\n| Legal | [Name] | [Date] |\n| Security | | |\n"
    ));
}

#[test]
fn crlf_and_bom() {
    insta::assert_snapshot!(describe(
        "\u{feff}# Rollout Plan\r\n\r\n## Plan ID: PLAN-7\r\n## Status: Draft\r\n\r\n## 1. Overview\r\nOwner is [Owner].\r\n"
    ));
}

#[test]
fn non_ascii_before_a_placeholder() {
    insta::assert_snapshot!(describe(
        "# Plan\n\n## Plan ID: P-1\n## Status: Draft\n\n## Team\nJörg Müller and 李雷 report to [Name] — 🚀 [Deliverable 2]\n"
    ));
}

#[test]
fn code_and_comments_full_of_brackets() {
    insta::assert_snapshot!(describe(
        "# Plan\n\n## Plan ID: P-1\n## Status: Draft\n\n## Code\n\n```md\n## Date: [YYYY-MM-DD]\n- **Lead**: [Name] - [Date] TODO\n```\n\n    [Indented Name] PLAN-XXX\n\nInline `[Name]` and <!-- [Owner] TBD --> stay quiet.\n\n<!--\n[Reviewer]\n-->\n"
    ));
}

#[test]
fn links_references_and_footnotes() {
    insta::assert_snapshot!(describe(
        "# Plan\n\n## Plan ID: P-1\n## Status: Draft\n\n## Refs\nSee [Name](https://example.com), [Owner][ref], ![Date](img.png) and a note[^Name].\n\n[ref]: https://example.com\n[^Name]: A footnote about [Reviewer].\n\nBut [Approver] is left open.\n"
    ));
}

#[test]
fn template_footer_and_timeline() {
    insta::assert_snapshot!(describe(
        "# Implementation Plan: X\n\n## Plan ID: PLAN-1\n## Date: 2025-01-10\n## Status: In Progress\n\n## 4. Phases\n\n### Phase 1: Foundation [Weeks 1-2]\n- [x] Done\n- [ ] [Task 1] - [Estimated Hours] - [Assigned To]\n\n## 6. Timeline & Milestones\n\n### 6.1 Overall Timeline\n- **Start Date**: 2025-01-13\n- **End Date**: 2025-03-10\n- **Total Duration**: 8 weeks\n\n### 6.2 Key Milestones\n- [ ] **Milestone 1**: Alpha - 2025-02-01\n\n## 12. Sign-off\n- **Technical Lead**: Jane Roe - 2025-01-12\n- **Product Owner**: [Name] - [Date]\n\n---\n\n**Plan Status**: [ ] Draft [ ] In Review [ ] Approved [x] In Progress [ ] Completed\n**Next Review Date**: 2025-04-01\n**Approved By**: [Name] [Date]\n"
    ));
}
