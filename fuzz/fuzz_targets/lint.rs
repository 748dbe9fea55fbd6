//! Lints arbitrary bytes as a plan file: never panics, every span in bounds and on
//! character boundaries, the same input gives the same output; the human and concise
//! reports of the findings never carry a control character to the terminal.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plan_lint::report::{self, HumanOptions, ReportOptions};
use plan_lint::run::{LintRun, lint_bytes};
use plan_lint::settings::Format;
use plan_lint::settings::{Flags, Settings};
use std::sync::LazyLock;

static SETTINGS: LazyLock<Settings> = LazyLock::new(|| {
    let flags = Flags {
        today: Some("2025-06-01".into()),
        isolated: true,
        ..Flags::default()
    };
    Settings::from_flags(&flags, std::path::Path::new(".")).expect("settings")
});

fuzz_target!(|data: &[u8]| {
    // Half the inputs get a plan header, so they reach the parser and every rule.
    let mut bytes = Vec::with_capacity(data.len() + 64);
    if data.first().is_some_and(|b| b % 2 == 0) {
        bytes.extend_from_slice(b"# Implementation Plan: F\n## Plan ID: PLAN-F\n## Status: Completed\n");
    }
    bytes.extend_from_slice(data);
    let diagnostics = lint_bytes(&SETTINGS, "fuzz.md", bytes.clone());
    let text = std::str::from_utf8(&bytes).ok();
    for d in &diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= bytes.len());
        if let Some(text) = text {
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            for label in &d.secondary {
                assert!(label.span.end <= text.len());
                assert!(text.is_char_boundary(label.span.start) && text.is_char_boundary(label.span.end));
            }
        }
    }
    assert_eq!(diagnostics, lint_bytes(&SETTINGS, "fuzz.md", bytes.clone()));

    let mut run = LintRun {
        diagnostics,
        plans: vec!["fuzz.md".into()],
        plans_checked: 1,
        files_scanned: 1,
        ..LintRun::default()
    };
    run.sources.insert("fuzz.md".into(), String::from_utf8_lossy(&bytes).into());
    let options = ReportOptions {
        human: HumanOptions { color: false, width: 80 },
        ..ReportOptions::default()
    };
    for format in [Format::Human, Format::Concise] {
        let mut out = Vec::new();
        report::write(format, &run, &options, &mut out).expect("renders");
        let out = String::from_utf8(out).expect("reports are UTF-8");
        assert!(
            !out.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
            "a control character reached the {format:?} report"
        );
        assert!(
            !out.replace("\r\n", "").contains('\r'),
            "a lone carriage return reached the {format:?} report"
        );
    }
});
