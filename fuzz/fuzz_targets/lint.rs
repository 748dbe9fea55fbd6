//! Lints arbitrary bytes as a plan file: never panics, every span in bounds and on
//! character boundaries, the same input gives the same output.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plan_lint::run::lint_bytes;
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
    assert_eq!(diagnostics, lint_bytes(&SETTINGS, "fuzz.md", bytes));
});
