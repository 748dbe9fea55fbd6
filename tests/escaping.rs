//! Document text in every output is escaped by the rules of that output (SPEC §9): no
//! link, image or HTML from a plan in the job summary, no control character from a plan
//! or a file name on the terminal, and bounded annotations and summary rows.

use assert_cmd::Command;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::path::Path;
use std::time::Duration;

const TODAY: &str = "2025-06-01";

/// A plan whose Status value tries to close the message's code span and inject an image
/// and a link.
const INJECTING_STATUS: &str = "Weird` <img src=\"https://evil.example/x.png\"> \
                                [click](https://evil.example) `";

fn plan(status: &str) -> String {
    format!(
        "# Implementation Plan: H\n\n## Plan ID: PLAN-1\n## Title: H\n## Version: 1\n\
         ## Date: 2025-03-03\n## Author: A\n## Status: {status}\n\n## 1. Overview\n\nText.\n"
    )
}

fn bin(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("plan-lint").expect("binary");
    cmd.current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("PRE_COMMIT")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .args(["--today", TODAY, "--isolated"])
        .timeout(Duration::from_secs(60));
    cmd
}

/// Runs `--format github` in `dir` with a job summary (and links when `links`), and
/// returns the log and the summary.
fn github(dir: &Path, links: bool) -> (String, String) {
    let summary = dir.join("summary.md");
    let mut cmd = bin(dir);
    cmd.env("GITHUB_STEP_SUMMARY", &summary);
    if links {
        cmd.env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_REPOSITORY", "acme/plans")
            .env("GITHUB_SHA", "abc123");
    } else {
        cmd.env_remove("GITHUB_SERVER_URL")
            .env_remove("GITHUB_REPOSITORY")
            .env_remove("GITHUB_SHA");
    }
    let out = cmd
        .args(["--format", "github", "docs"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = std::fs::read_to_string(&summary).expect("a job summary");
    std::fs::remove_file(&summary).expect("remove summary");
    (String::from_utf8(out.stdout).expect("utf-8 log"), text)
}

/// What a Markdown renderer with GitHub's tables makes of `summary`: raw HTML, images,
/// and the destination of every link.
fn markdown_of(summary: &str) -> (Vec<String>, usize, Vec<String>) {
    let mut html = Vec::new();
    let mut images = 0;
    let mut links = Vec::new();
    for event in Parser::new_ext(summary, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            Event::Start(Tag::Image { .. }) => images += 1,
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            _ => {}
        }
    }
    (html, images, links)
}

/// Every table row of the findings: its cells, split as GitHub splits them (at each `|`
/// not written `\|`).
fn finding_rows(summary: &str) -> Vec<Vec<String>> {
    summary
        .lines()
        .skip_while(|l| !l.starts_with("| Location |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let mut cells = vec![String::new()];
            let mut chars = l.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if chars.peek() == Some(&'|') => {
                        cells.last_mut().expect("cell").push('|');
                        chars.next();
                    }
                    '|' => cells.push(String::new()),
                    _ => cells.last_mut().expect("cell").push(c),
                }
            }
            cells
                .into_iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect()
}

#[test]
fn document_text_in_the_job_summary_is_never_markdown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("docs");
    std::fs::write(docs.join("status.md"), plan(INJECTING_STATUS)).expect("write");
    // A file name that closes a code span and opens HTML, with a pipe for the table.
    let hostile_name = "x` <img src=x onerror=alert(1)> | [a](javascript:alert(1)) ![i](x).md";
    std::fs::write(docs.join(hostile_name), plan("Draft [Owner]")).expect("write");

    for links in [false, true] {
        let (_, summary) = github(dir.path(), links);
        let (html, images, destinations) = markdown_of(&summary);
        assert!(
            html.is_empty(),
            "raw HTML in the summary: {html:?}\n{summary}"
        );
        assert_eq!(images, 0, "{summary}");
        let ours: Vec<&String> = destinations
            .iter()
            .filter(|d| d.starts_with("https://github.com/acme/plans/blob/abc123/docs/"))
            .collect();
        assert_eq!(ours.len(), destinations.len(), "{destinations:?}");
        if links {
            assert!(!destinations.is_empty(), "{summary}");
        }
        // Every row keeps its four cells: no pipe from a document splits one.
        let rows = finding_rows(&summary);
        assert!(rows.len() >= 2, "{summary}");
        for row in &rows {
            assert_eq!(row.len(), 4, "{row:?}");
        }
        assert!(
            summary.contains("evil.example"),
            "the text is shown, as code"
        );
    }
}

#[test]
fn a_megabyte_status_still_leaves_a_job_summary_and_short_annotations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("docs");
    std::fs::write(docs.join("huge.md"), plan(&"W".repeat(1 << 20))).expect("write");
    std::fs::write(docs.join("small.md"), plan("Draft\n\nOwner: [Owner]")).expect("write");
    let (log, summary) = github(dir.path(), true);
    let rows = finding_rows(&summary);
    let files: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert!(
        files.iter().any(|f| f.contains("docs/huge.md"))
            && files.iter().any(|f| f.contains("docs/small.md")),
        "{files:?}"
    );
    assert!(summary.len() < 20_000, "{} bytes", summary.len());
    let longest = log.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 10_000, "a log line of {longest} bytes");
}

/// Every control character a terminal acts on (C0 but tab and line breaks, DEL, C1, and
/// the bidirectional overrides), in a finding's message, source snippet or file name.
fn has_control(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("docs");
    // An OSC 8 hyperlink, a colour, a bell, a lone CR, a C1 CSI and a bidi override, in
    // the Status (quoted in the message) and in a placeholder's line (the snippet).
    let nasty =
        "\u{1b}]8;;https://evil.example\u{7}click\u{1b}]8;;\u{7}\u{1b}[31m\u{7}\r\u{9b}2J\u{202e}";
    std::fs::write(
        docs.join("esc.md"),
        plan(&format!("Weird{nasty}\n\nOwner: [Owner] {nasty}")),
    )
    .expect("write");
    std::fs::write(docs.join("name\u{1b}[2Jx.md"), plan("Draft [Owner]")).expect("write");
    for format in [
        &["--format", "human"][..],
        &["--format", "concise"][..],
        &[][..],
    ] {
        let out = bin(dir.path())
            .args(format)
            .arg("docs")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stdout = String::from_utf8(out.stdout).expect("utf-8");
        assert!(stdout.contains("esc.md"), "{stdout}");
        assert!(stdout.contains("name"), "{stdout}");
        if let Some(c) = has_control(&stdout) {
            panic!("{c:?} reached the terminal in {format:?}:\n{stdout:?}");
        }
    }
}
