//! Hostile input, each case beside an ordinary plan whose findings must all still be
//! reported: no panic, no hang (a timeout guards every run), exit code 0 or 1.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const TODAY: &str = "2025-06-01";

fn header(id: &str) -> String {
    format!(
        "# Implementation Plan: H\n\n## Plan ID: {id}\n## Title: H\n## Version: 1\n\
         ## Date: 2025-03-03\n## Author: A\n## Status: In Review\n\n## 1. Overview\n"
    )
}

/// The ordinary plan: exactly these two findings.
fn ordinary(dir: &Path) {
    let text = format!("{}Owner [Owner].\n\n## 2. Empty\n", header("PLAN-OK"));
    std::fs::write(dir.join("ordinary.md"), text).expect("write ordinary plan");
}

fn run(dir: &Path) -> Value {
    let out = Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir)
        .args(["--today", TODAY, "--isolated", "--format", "json", "."])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("plan-lint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let code = out.status.code();
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}: {stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json report");
    let ordinary: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == "ordinary.md")
        .map(|d| format!("{} {}", d["rule"].as_str().unwrap_or(""), d["line"]))
        .collect();
    assert_eq!(
        ordinary,
        vec!["placeholder 11", "empty-section 13"],
        "the ordinary plan's findings must all be reported"
    );
    report
}

fn findings_in<'a>(report: &'a Value, path: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == path)
        .collect()
}

fn case(name: &str, bytes: &[u8]) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    ordinary(dir.path());
    std::fs::write(dir.path().join(name), bytes).expect("write hostile file");
    let report = run(dir.path());
    (dir, report)
}

#[test]
fn a_two_megabyte_line_of_brackets() {
    let mut text = header("PLAN-1").into_bytes();
    text.extend(std::iter::repeat_n(b'[', 2_000_000));
    text.push(b'\n');
    let (_dir, report) = case("brackets.md", &text);
    assert!(findings_in(&report, "brackets.md").is_empty());
}

#[test]
fn block_quotes_nested_100000_deep() {
    let mut text = header("PLAN-2").into_bytes();
    text.extend(std::iter::repeat_n(b'>', 100_000));
    text.extend(b" [Name]\n");
    let (_dir, report) = case("quotes.md", &text);
    assert_eq!(findings_in(&report, "quotes.md").len(), 1);
}

#[test]
fn lists_nested_3000_deep() {
    let mut text = header("PLAN-3");
    for depth in 0..3000 {
        text.push_str(&"  ".repeat(depth));
        text.push_str("- item\n");
    }
    let (_dir, report) = case("lists.md", text.as_bytes());
    assert!(findings_in(&report, "lists.md").is_empty());
}

#[test]
fn two_hundred_thousand_placeholders() {
    let mut text = header("PLAN-4");
    for _ in 0..2000 {
        text.push_str(&"[Name] ".repeat(100));
        text.push('\n');
    }
    let (_dir, report) = case("many.md", text.as_bytes());
    // One finding that counts them, with every other place as a related location.
    let found = findings_in(&report, "many.md");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("200000 unfilled placeholders")
    );
    assert_eq!(found[0]["related"].as_array().unwrap().len(), 199_999);
}

#[test]
fn two_hundred_thousand_placeholders_and_markers_on_one_line() {
    // One prose run: every group is checked against the others by binary search, not
    // one by one.
    let mut text = header("PLAN-6");
    text.push_str(&"TODO: [Name] ".repeat(100_000));
    text.push('\n');
    let (_dir, report) = case("line.md", text.as_bytes());
    let found = findings_in(&report, "line.md");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["related"].as_array().unwrap().len(), 199_999);
}

#[test]
fn nul_bytes() {
    let mut text = header("PLAN-5").into_bytes();
    text.extend(b"a\x00b [Name]\x00\n\x00\x00\n");
    let (_dir, report) = case("nul.md", &text);
    assert_eq!(findings_in(&report, "nul.md").len(), 1);
}

#[test]
fn invalid_utf8() {
    let mut text = header("PLAN-6").into_bytes();
    text.extend(b"caf\xe9 \xff\xfe\n");
    let (_dir, report) = case("latin1.md", &text);
    let found = findings_in(&report, "latin1.md");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["rule"], "unreadable");
    assert_eq!(found[0]["offset"], header("PLAN-6").len() + 3);
}

#[test]
fn a_twelve_megabyte_file() {
    let mut text = header("PLAN-7").into_bytes();
    text.extend(std::iter::repeat_n(b'x', 12 * 1024 * 1024));
    let (_dir, report) = case("huge.md", &text);
    let found = findings_in(&report, "huge.md");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["rule"], "unreadable");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_plan_md_does_not_block() {
    let dir = tempfile::tempdir().expect("temp dir");
    ordinary(dir.path());
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("plan.md"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    let report = run(dir.path());
    assert!(findings_in(&report, "plan.md").is_empty());
}

#[cfg(unix)]
#[test]
fn a_symlink_loop() {
    let dir = tempfile::tempdir().expect("temp dir");
    ordinary(dir.path());
    std::os::unix::fs::symlink("loop-b.md", dir.path().join("loop-a.md")).expect("link");
    std::os::unix::fs::symlink("loop-a.md", dir.path().join("loop-b.md")).expect("link");
    std::os::unix::fs::symlink(".", dir.path().join("self")).expect("link");
    let report = run(dir.path());
    assert_eq!(report["files_scanned"], 1);
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_tree_is_not_read() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        outside.path().join("secret.md"),
        format!("{}[Name] outside\n", header("PLAN-X")),
    )
    .expect("write");
    let dir = tempfile::tempdir().expect("temp dir");
    ordinary(dir.path());
    std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("link.md"))
        .expect("link");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked-dir")).expect("link");
    let report = run(dir.path());
    assert_eq!(report["files_scanned"], 1);
    assert!(findings_in(&report, "link.md").is_empty());
}
