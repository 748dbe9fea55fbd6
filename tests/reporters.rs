//! Reporters: one hand-made run rendered in every format and snapshotted, plus targeted
//! checks of what each format promises (GitHub escaping and caps, the job summary, JUnit
//! test cases, SARIF indices and fingerprints).

use plan_lint::LintRun;
use plan_lint::diagnostic::{Diagnostic, Label, Severity};
use plan_lint::report::{self, GithubEnv, HumanOptions, ReportOptions};
use plan_lint::rules::RuleId;
use plan_lint::settings::Format;
use plan_lint::source::{LineCol, LineIndex, Span};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeMap;
use std::sync::Arc;

const PLAN_A: &str = "# Implementation Plan: Café rollout\n\
## Plan ID: PLAN-7\n\
- **Owner**: Zoë Ångström [Name]\n\
\n\
## Risks\n\
## Rollout\n\
Weekly.\n";

const SPACED: &str = "docs/my plan, v2.md";

const PLAN_B: &str = "# Implementation Plan: Odd names\n\
## Plan ID: PLAN-8\n\
## Status: 50%: Draft, Approved\n";

/// A finding on `text` at the byte range of `needle` (its `nth` occurrence).
fn at(
    rule: RuleId,
    severity: Severity,
    path: &str,
    text: &str,
    span: Span,
    message: &str,
) -> Diagnostic {
    let index = LineIndex::new(text);
    Diagnostic {
        rule,
        severity,
        path: path.to_string(),
        span,
        snippet: text[span.range()].to_string(),
        start: index.line_col(text, span.start),
        end: index.line_col(text, span.end),
        message: message.to_string(),
        label: Some(format!("{} here", rule.name())),
        secondary: Vec::new(),
        help: Some(format!("fix the {}", rule.name())),
        group: None,
    }
}

fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("needle in text");
    Span::new(start, start + needle.len())
}

/// The hand-made run every format renders.
fn sample_run() -> LintRun {
    let placeholder = at(
        RuleId::Placeholder,
        Severity::Error,
        "docs/a.md",
        PLAN_A,
        span_of(PLAN_A, "[Name]"),
        "unfilled placeholder `[Name]`",
    );
    // "## Risks\n## Rollout": a span over two lines.
    let mut empty = at(
        RuleId::EmptySection,
        Severity::Warning,
        "docs/a.md",
        PLAN_A,
        span_of(PLAN_A, "## Risks\n## Rollout"),
        "section `Risks` is empty",
    );
    let rollout = span_of(PLAN_A, "## Rollout");
    let index = LineIndex::new(PLAN_A);
    empty.secondary.push(Label {
        span: rollout,
        message: "the next section starts here".to_string(),
        start: index.line_col(PLAN_A, rollout.start),
        end: index.line_col(PLAN_A, rollout.end),
    });
    let status = at(
        RuleId::StatusMismatch,
        Severity::Error,
        SPACED,
        PLAN_B,
        span_of(PLAN_B, "50%: Draft, Approved"),
        "status `50%: Draft, Approved` is unknown,\nexpected one of: Draft, Approved",
    );
    let unreadable = Diagnostic {
        rule: RuleId::Unreadable,
        severity: Severity::Error,
        path: "docs/broken.md".to_string(),
        span: Span::new(12, 13),
        snippet: String::new(),
        start: LineCol { line: 2, column: 3 },
        end: LineCol { line: 2, column: 4 },
        message: "not valid UTF-8: byte 0xE9 at offset 12".to_string(),
        label: Some("plan-lint stopped reading here".to_string()),
        secondary: Vec::new(),
        help: Some("save the file as UTF-8 text under 10 MiB, or exclude it".to_string()),
        group: None,
    };
    let mut sources = BTreeMap::new();
    sources.insert("docs/a.md".to_string(), Arc::from(PLAN_A));
    sources.insert(SPACED.to_string(), Arc::from(PLAN_B));
    let plans = vec![
        "docs/a.md".to_string(),
        "docs/clean.md".to_string(),
        SPACED.to_string(),
    ];
    LintRun {
        diagnostics: vec![placeholder, empty, unreadable, status],
        sources,
        plans_checked: plans.len(),
        plans,
        files_scanned: 5,
        repo_paths: BTreeMap::new(),
        ..LintRun::default()
    }
}

fn render_with(format: Format, run: &LintRun, github: GithubEnv) -> String {
    let options = ReportOptions {
        human: HumanOptions {
            color: false,
            width: 100,
            unicode: true,
        },
        github,
    };
    let mut out = Vec::new();
    report::write(format, run, &options, &mut out).expect("render");
    String::from_utf8(out).expect("UTF-8 output")
}

fn render(format: Format, run: &LintRun) -> String {
    render_with(format, run, GithubEnv::default())
}

/// The GitHub output with its random stop-commands token replaced by `TOKEN`.
fn github(run: &LintRun, env: GithubEnv) -> String {
    let out = render_with(Format::Github, run, env);
    match out
        .lines()
        .find_map(|l| l.strip_prefix("::stop-commands::"))
    {
        Some(token) => {
            assert!(token.len() >= 16, "token too short: {token}");
            assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
            out.replace(token, "TOKEN")
        }
        None => out,
    }
}

fn annotations(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| l.starts_with("::error ") || l.starts_with("::warning "))
        .collect()
}

fn sarif(run: &LintRun) -> serde_json::Value {
    serde_json::from_str(&render(Format::Sarif, run)).expect("SARIF is JSON")
}

// ---------------------------------------------------------------- snapshots

#[test]
fn human_snapshot() {
    insta::assert_snapshot!("human", render(Format::Human, &sample_run()));
}

#[test]
fn concise_snapshot() {
    insta::assert_snapshot!("concise", render(Format::Concise, &sample_run()));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", render(Format::Json, &sample_run()));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif", render(Format::Sarif, &sample_run()));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("github", github(&sample_run(), GithubEnv::default()));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!("junit", render(Format::Junit, &sample_run()));
}

#[test]
fn github_job_summary_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("summary.md");
    let env = GithubEnv {
        step_summary: Some(summary.clone()),
        server_url: Some("https://github.com".to_string()),
        repository: Some("acme/plans".to_string()),
        sha: Some("0123abcd".to_string()),
        ..GithubEnv::default()
    };
    github(&sample_run(), env);
    let text = std::fs::read_to_string(&summary).expect("summary written");
    insta::assert_snapshot!("github_job_summary", text);
}

// ---------------------------------------------------------------- concise

#[test]
fn concise_is_one_line_per_finding_then_the_summary() {
    let run = sample_run();
    let out = render(Format::Concise, &run);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), run.diagnostics.len() + 1);
    assert_eq!(
        lines[0],
        "docs/a.md:3:27: error PL001 [placeholder] unfilled placeholder `[Name]`"
    );
    assert_eq!(lines[lines.len() - 1], report::summary_line(&run));
    assert!(!out.contains('\u{1b}'), "no colour codes");
}

// ---------------------------------------------------------------- github

#[test]
fn github_escapes_every_special_character() {
    let text = "x\n";
    let mut d = at(
        RuleId::Placeholder,
        Severity::Error,
        "odd:50%,\r\nname.md",
        text,
        Span::new(0, 1),
        "100% sure: a, b\r\nnext line",
    );
    d.help = None;
    let run = LintRun {
        diagnostics: vec![d],
        ..LintRun::default()
    };
    let out = github(&run, GithubEnv::default());
    let lines = annotations(&out);
    assert_eq!(lines.len(), 1, "{out}");
    assert_eq!(
        lines[0],
        "::error file=odd%3A50%25%2C%0D%0Aname.md,line=1,endLine=1,col=1,endColumn=2,\
         title=PL001 placeholder::100%25 sure: a, b%0D%0Anext line"
    );
}

#[test]
fn github_sample_properties_and_messages_are_escaped() {
    let out = github(&sample_run(), GithubEnv::default());
    let status = annotations(&out)
        .into_iter()
        .find(|l| l.contains("PL005"))
        .expect("status annotation");
    assert!(status.starts_with("::error file=docs/my plan%2C v2.md,line=3,"));
    assert!(status.contains("::status `50%25: Draft, Approved` is unknown,%0Aexpected"));
    // Every command is one line: the message's newline did not end it.
    assert!(
        out.lines()
            .any(|l| l.starts_with("::error file=docs/my plan"))
    );
}

#[test]
fn github_columns_only_on_single_line_spans() {
    let out = github(&sample_run(), GithubEnv::default());
    let lines = annotations(&out);
    let multi = lines
        .iter()
        .find(|l| l.contains("PL007"))
        .expect("empty-section annotation");
    assert!(multi.starts_with("::warning file=docs/a.md,line=5,endLine=6,title="));
    assert!(!multi.contains("col="), "{multi}");
    assert!(!multi.contains("endColumn="), "{multi}");
    let single = lines
        .iter()
        .find(|l| l.contains("PL001"))
        .expect("placeholder annotation");
    // `Zoë Ångström` holds non-ASCII letters: columns count characters, not bytes.
    assert!(
        single.contains(",line=3,endLine=3,col=27,endColumn=33,"),
        "{single}"
    );
}

#[test]
fn github_document_text_is_echoed_only_while_commands_are_stopped() {
    let out = github(&sample_run(), GithubEnv::default());
    let start = out.find("::stop-commands::TOKEN\n").expect("stopped");
    let end = out.find("\n::TOKEN::\n").expect("resumed");
    assert!(start < end);
    // The listing holds every finding; nothing before the stop.
    assert!(out[..start].is_empty());
    let listing = &out[start..end];
    assert!(listing.contains("docs/a.md:3:27: error PL001 [placeholder] unfilled placeholder"));
    assert!(listing.contains("docs/broken.md:2:3: error PL000 [unreadable] "));
}

#[test]
fn github_tokens_are_unpredictable() {
    let run = sample_run();
    let token = |out: String| {
        out.lines()
            .find_map(|l| l.strip_prefix("::stop-commands::").map(str::to_string))
            .expect("token")
    };
    let a = token(render(Format::Github, &run));
    let b = token(render(Format::Github, &run));
    assert_ne!(a, b);
}

fn many(errors: usize, warnings: usize) -> LintRun {
    let diagnostics = (0..errors + warnings)
        .map(|i| {
            let (rule, severity) = if i < errors {
                // A few unreadable files among the placeholders: they go first.
                if i % 8 == 7 {
                    (RuleId::Unreadable, Severity::Error)
                } else {
                    (RuleId::Placeholder, Severity::Error)
                }
            } else {
                (RuleId::EmptySection, Severity::Warning)
            };
            // Line i + 1 of a file of `line` lines.
            let start = LineCol {
                line: i + 1,
                column: 1,
            };
            Diagnostic {
                rule,
                severity,
                path: "docs/big.md".to_string(),
                span: Span::new(i * 5, i * 5 + 4),
                snippet: "line".to_string(),
                start,
                end: LineCol {
                    line: i + 1,
                    column: 5,
                },
                message: format!("finding {i}"),
                label: None,
                secondary: Vec::new(),
                help: None,
                group: None,
            }
        })
        .collect();
    LintRun {
        diagnostics,
        plans: vec!["docs/big.md".to_string()],
        plans_checked: 1,
        files_scanned: 1,
        ..LintRun::default()
    }
}

#[test]
fn github_caps_annotations_and_says_how_many_are_left_out() {
    let run = many(25, 12);
    let out = github(&run, GithubEnv::default());
    let errors = out.lines().filter(|l| l.starts_with("::error ")).count();
    let warnings = out.lines().filter(|l| l.starts_with("::warning ")).count();
    assert_eq!((errors, warnings), (10, 10));
    let notices: Vec<&str> = out.lines().filter(|l| l.starts_with("::notice ")).collect();
    assert_eq!(notices.len(), 1, "{out}");
    assert!(
        notices[0].starts_with(
            "::notice title=plan-lint::17 more findings (15 errors, 2 warnings) are not shown"
        ),
        "{}",
        notices[0]
    );
    // The three unreadable files come first.
    let first: Vec<&str> = annotations(&out).into_iter().take(3).collect();
    assert!(
        first.iter().all(|l| l.contains("title=PL000 unreadable")),
        "{first:#?}"
    );
    // The log still lists all 37.
    assert_eq!(out.matches("] finding ").count(), 37);
}

#[test]
fn github_without_overflow_has_no_notice() {
    let out = github(&many(10, 10), GithubEnv::default());
    assert!(!out.contains("::notice"));
}

#[test]
fn github_summary_is_appended_and_outputs_are_set() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("summary.md");
    let output = dir.path().join("output");
    std::fs::write(&summary, "# An earlier step\n\n").expect("write");
    std::fs::write(&output, "other=1\n").expect("write");
    let env = GithubEnv {
        step_summary: Some(summary.clone()),
        output: Some(output.clone()),
        ..GithubEnv::default()
    };
    github(&sample_run(), env);
    let text = std::fs::read_to_string(&summary).expect("summary");
    assert!(
        text.starts_with("# An earlier step\n\n\n## plan-lint\n"),
        "{text}"
    );
    assert!(text.contains("| PL001 | `placeholder` | 1 | 0 |"));
    // No repository known: plain locations, as code.
    assert!(text.contains("| `docs/my plan, v2.md:3` | PL005 `status-mismatch` | error |"));
    assert!(text.contains("is unknown, expected"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&output).expect("output"),
        "other=1\nerrors=3\nwarnings=1\n"
    );
}

#[test]
fn github_summary_links_to_the_commit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("summary.md");
    let env = GithubEnv {
        step_summary: Some(summary.clone()),
        server_url: Some("https://github.com".to_string()),
        repository: Some("acme/plans".to_string()),
        sha: Some("abc123".to_string()),
        ..GithubEnv::default()
    };
    github(&sample_run(), env);
    let text = std::fs::read_to_string(&summary).expect("summary");
    assert!(text.contains(
        "[`docs/my plan, v2.md:3`](https://github.com/acme/plans/blob/abc123/docs/my%20plan%2C%20v2.md#L3)"
    ));
}

#[test]
fn github_summary_stays_under_one_mebibyte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("summary.md");
    let before = "earlier content\n".repeat(1000);
    std::fs::write(&summary, &before).expect("write");
    let env = GithubEnv {
        step_summary: Some(summary.clone()),
        server_url: Some("https://github.com".to_string()),
        repository: Some("acme/plans".to_string()),
        sha: Some("0123456789abcdef0123456789abcdef01234567".to_string()),
        ..GithubEnv::default()
    };
    let run = many(40_000, 10_000);
    let mut out = Vec::new();
    plan_lint::report::github::write(&run, &env, &mut out).expect("render");
    let text = std::fs::read_to_string(&summary).expect("summary");
    assert!(text.starts_with(&before));
    assert!(text.len() < 1_000_000, "{} bytes", text.len());
    assert!(
        text.len() > 900_000,
        "the budget is used: {} bytes",
        text.len()
    );
    let rows = text
        .lines()
        .filter(|l| l.starts_with("| [`docs/big.md:"))
        .count();
    let left_out = 50_000 - rows;
    assert!(
        text.contains(&format!("{left_out} more findings not listed")),
        "{}",
        &text[text.len() - 300..]
    );
}

// ---------------------------------------------------------------- junit

#[test]
fn junit_has_one_test_case_per_plan_and_unreadable_file() {
    let run = sample_run();
    let xml = render(Format::Junit, &run);
    let mut reader = Reader::from_str(&xml);
    let mut cases = Vec::new();
    let mut failures = Vec::new();
    let mut suites = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.try_get_attribute(name).expect("attribute").map(|a| {
                        a.normalized_value(XmlVersion::Implicit1_0)
                            .expect("value")
                            .into_owned()
                    })
                };
                match e.name().as_ref() {
                    "testcase" => cases.push(attr("name").expect("name")),
                    "failure" => failures.push(attr("message").expect("message")),
                    "testsuites" | "testsuite" => {
                        suites.push((attr("tests"), attr("failures")));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        cases,
        ["docs/a.md", "docs/broken.md", "docs/clean.md", SPACED]
    );
    assert_eq!(failures, ["2 findings", "1 finding", "1 finding"]);
    for (tests, fails) in suites {
        assert_eq!(tests.as_deref(), Some("4"));
        assert_eq!(fails.as_deref(), Some("3"));
    }
}

#[test]
fn junit_escapes_markup_and_drops_impossible_characters() {
    let text = "x\n";
    let d = at(
        RuleId::Placeholder,
        Severity::Error,
        "docs/<a & b>.md",
        text,
        Span::new(0, 1),
        "found `</failure>` & \u{1b}[31m",
    );
    let run = LintRun {
        diagnostics: vec![d],
        ..LintRun::default()
    };
    let xml = render(Format::Junit, &run);
    assert!(!xml.contains('\u{1b}'));
    let mut reader = Reader::from_str(&xml);
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                text.push_str(match &*name {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            _ => {}
        }
    }
    assert!(
        text.contains("found `</failure>` & \u{FFFD}[31m"),
        "{text:?}"
    );
}

// ---------------------------------------------------------------- sarif

#[test]
fn sarif_rule_index_points_at_the_rule() {
    let log = sarif(&sample_run());
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), RuleId::ALL.len());
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    assert_eq!(results[0]["ruleId"], "PL001");
    assert_eq!(rules[1]["name"], "placeholder");
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "error");
    assert_eq!(rules[7]["defaultConfiguration"]["level"], "warning");
    assert_eq!(results[1]["level"], "warning");
}

#[test]
fn sarif_run_properties() {
    let log = sarif(&sample_run());
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "plan-lint");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().is_some());
    for rule in driver["rules"].as_array().expect("rules") {
        for key in ["shortDescription", "fullDescription", "help"] {
            let text = rule[key]["text"].as_str().expect("text");
            assert!(!text.trim().is_empty(), "{key} of {}", rule["id"]);
        }
        assert!(rule["help"]["markdown"].as_str().is_some());
    }
}

#[test]
fn sarif_uris_are_relative_and_regions_full() {
    let log = sarif(&sample_run());
    for result in log["runs"][0]["results"].as_array().expect("results") {
        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), 1);
        let physical = &locations[0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(!uri.starts_with('/') && !uri.contains(':'), "{uri}");
        assert!(!uri.contains(' '), "{uri}");
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &physical["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().is_some_and(|v| v >= 1), "{key}");
        }
        assert!(!result["message"]["text"].as_str().expect("text").is_empty());
    }
    let results = &log["runs"][0]["results"];
    assert_eq!(
        results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docs/my%20plan%2C%20v2.md"
    );
    // The placeholder after `Zoë Ångström`: character columns, exclusive end.
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endColumn"]
        ),
        (&3.into(), &27.into(), &33.into())
    );
}

fn fingerprints(run: &LintRun) -> Vec<String> {
    sarif(run)["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["partialFingerprints"]["planLint/v1"]
                .as_str()
                .expect("fingerprint")
                .to_string()
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let before = "# Plan\n[Name]\n";
    let after = "# Plan\n\nA new paragraph.\n\n[Name]\n";
    let run_of = |text: &str| LintRun {
        diagnostics: vec![at(
            RuleId::Placeholder,
            Severity::Error,
            "docs/a.md",
            text,
            span_of(text, "[Name]"),
            "unfilled placeholder `[Name]`",
        )],
        ..LintRun::default()
    };
    let (a, b) = (run_of(before), run_of(after));
    assert_ne!(a.diagnostics[0].start.line, b.diagnostics[0].start.line);
    assert_eq!(fingerprints(&a), fingerprints(&b));

    // The same text twice in a file: two identities. Another rule or file: others again.
    let text = "[Name] and [Name]\n";
    let twice = LintRun {
        diagnostics: vec![
            at(
                RuleId::Placeholder,
                Severity::Error,
                "docs/a.md",
                text,
                Span::new(0, 6),
                "unfilled placeholder `[Name]`",
            ),
            at(
                RuleId::Placeholder,
                Severity::Error,
                "docs/a.md",
                text,
                Span::new(11, 17),
                "unfilled placeholder `[Name]`",
            ),
            at(
                RuleId::Placeholder,
                Severity::Error,
                "docs/b.md",
                text,
                Span::new(0, 6),
                "unfilled placeholder `[Name]`",
            ),
        ],
        ..LintRun::default()
    };
    let prints = fingerprints(&twice);
    assert_eq!(prints[0], fingerprints(&a)[0]);
    assert_ne!(prints[0], prints[1]);
    assert_ne!(prints[0], prints[2]);
}

#[test]
fn sarif_empty_span_has_a_valid_region() {
    let d = Diagnostic {
        rule: RuleId::Unreadable,
        severity: Severity::Error,
        path: "docs/huge.md".to_string(),
        span: Span::empty(0),
        snippet: String::new(),
        start: LineCol { line: 1, column: 1 },
        end: LineCol { line: 1, column: 1 },
        message: "file is too large to lint".to_string(),
        label: None,
        secondary: Vec::new(),
        help: None,
        group: None,
    };
    let run = LintRun {
        diagnostics: vec![d],
        ..LintRun::default()
    };
    let log = sarif(&run);
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], 1);
    assert_eq!(region["endColumn"], 2);
}
