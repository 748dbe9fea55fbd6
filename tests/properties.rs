//! Properties over generated input: linting never panics, every span is in bounds and on
//! character boundaries, positions agree with spans, and the same input gives the same
//! output.

use plan_lint::run::lint_bytes;
use plan_lint::settings::{Flags, Settings};
use plan_lint::source::LineIndex;
use proptest::prelude::*;

fn settings() -> Settings {
    let flags = Flags {
        today: Some("2025-06-01".into()),
        isolated: true,
        ..Flags::default()
    };
    Settings::from_flags(&flags, std::path::Path::new(".")).expect("settings")
}

/// Pieces of plan-shaped Markdown, so generated documents reach deep into the parser.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Implementation Plan: X\n".to_string()),
        Just("## Plan ID: PLAN-XXX\n".to_string()),
        Just("## Status: Completed\n".to_string()),
        Just("**Status**: ✅ COMPLETE\n".to_string()),
        Just("## Date: 2025-02-30\n".to_string()),
        Just("- **Start Date**: 2025-03-10\n".to_string()),
        Just("- **End Date**: 04/05/2025\n".to_string()),
        Just("- **Total Duration**: 3 weeks\n".to_string()),
        Just("### Phase 1: A [Weeks 1-2]\n".to_string()),
        Just("## 12.2 Sign-off\n".to_string()),
        Just("- **Technical Lead**: [Name] - [Date]\n".to_string()),
        Just("| Role | Name | Date |\n|---|---|---|\n| A | | |\n".to_string()),
        Just("- [ ] [Task 1] - [Estimated Hours]\n".to_string()),
        Just("- [x] done\n".to_string()),
        Just("**Plan Status**: [ ] Draft [x] Approved\n".to_string()),
        Just("<!-- plan-lint-disable-next-line placeholder until=2024-01-01 -->\n".to_string()),
        Just("```\n[Name]\n".to_string()),
        Just("> > [Owner] TBD\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("Jörg 李 🚀 [Deliverable 3]\n".to_string()),
        Just("[^1]: note [Reviewer]\n".to_string()),
        "[ -~]{0,40}\n",
        "\\PC{0,12}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..30).prop_map(|parts| parts.concat())
}

fn check_spans(bytes: &[u8], settings: &Settings) {
    let diagnostics = lint_bytes(settings, "p.md", bytes.to_vec());
    let text = String::from_utf8_lossy(bytes);
    let index = LineIndex::new(&text);
    for d in &diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= bytes.len(),
            "{d:?}"
        );
        if let Ok(text) = std::str::from_utf8(bytes) {
            assert!(text.is_char_boundary(d.span.start), "{d:?}");
            assert!(text.is_char_boundary(d.span.end), "{d:?}");
            for label in &d.secondary {
                assert!(label.span.end <= text.len(), "{d:?}");
                assert!(
                    text.is_char_boundary(label.span.start)
                        && text.is_char_boundary(label.span.end)
                );
            }
            assert_eq!(index.line_col(text, d.span.start), d.start, "{d:?}");
        }
        assert!(d.start.line >= 1 && d.start.column >= 1);
    }
    let again = lint_bytes(settings, "p.md", bytes.to_vec());
    assert_eq!(
        diagnostics, again,
        "the same input must give the same output"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn plan_shaped_documents(doc in document()) {
        check_spans(doc.as_bytes(), &settings());
    }

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut with_header = b"# Plan\n## Plan ID: P-1\n".to_vec();
        with_header.extend_from_slice(&bytes);
        check_spans(&with_header, &settings());
    }
}
