//! Integration tests through the real `plan-lint` binary: exit codes, colour, output,
//! configuration, subcommands and bad input (SPEC §1, §4, §5, §6, §9).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

const TODAY: &str = "2025-06-01";
const ESC: u8 = 0x1b;

/// The twelve keys every JSON diagnostic carries (SPEC §5).
const DIAGNOSTIC_KEYS: [&str; 13] = [
    "rule",
    "code",
    "severity",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "offset",
    "length",
    "message",
    "help",
    "related",
];

/// Every rule: code and name (SPEC §3).
const RULES: [(&str, &str); 11] = [
    ("PL000", "unreadable"),
    ("PL001", "placeholder"),
    ("PL002", "missing-signoff"),
    ("PL003", "invalid-date"),
    ("PL004", "date-order"),
    ("PL005", "status-mismatch"),
    ("PL006", "missing-field"),
    ("PL007", "empty-section"),
    ("PL008", "duplicate-id"),
    ("PL009", "stale-review"),
    ("PL010", "unused-suppression"),
];

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the crate root with an environment that does not leak colour or
/// CI settings of the machine running the tests.
fn bin() -> Command {
    let mut cmd = Command::cargo_bin("plan-lint").expect("plan-lint binary is built");
    cmd.current_dir(manifest_dir())
        .timeout(Duration::from_secs(60))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("IGNORE_IS_TERMINAL")
        .env_remove("PRE_COMMIT")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("COLUMNS");
    cmd
}

/// The binary with `--today 2025-06-01`.
fn lint() -> Command {
    let mut cmd = bin();
    cmd.args(["--today", TODAY]);
    cmd
}

/// `lint()` with `--format json` and the given arguments, run in `dir`.
fn json_in(dir: &Path, args: &[&str]) -> (Output, Value) {
    let output = lint()
        .current_dir(dir)
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("plan-lint runs");
    let value = parse_json(&output);
    (output, value)
}

/// `lint()` with `--format json` and the given arguments, run in the crate root.
fn json(args: &[&str]) -> (Output, Value) {
    json_in(manifest_dir(), args)
}

fn parse_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array")
}

/// The `rule` of every diagnostic, in report order.
fn rules_of(report: &Value) -> Vec<String> {
    diagnostics(report)
        .iter()
        .map(|d| d["rule"].as_str().expect("rule is a string").to_string())
        .collect()
}

/// Diagnostics of one rule.
fn of_rule<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    diagnostics(report)
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("exited normally, not by a signal")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A plan with every required header field, the given Status and body.
fn plan_with(id: &str, status: &str, body: &str) -> String {
    format!(
        "# Implementation Plan: X\n\n## Plan ID: {id}\n## Title: X\n## Version: 1\n\
         ## Date: 2025-03-03\n## Author: A\n## Status: {status}\n\n## 1. Overview\n{body}\n"
    )
}

/// The minimal Draft plan of the brief: exactly one (warning) placeholder finding.
fn minimal_plan() -> String {
    plan_with("PLAN-1", "Draft", "Text with [Name].")
}

/// A minimal plan In Review, where placeholders are errors.
fn review_plan(body: &str) -> String {
    plan_with("PLAN-1", "In Review", body)
}

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent directories");
    }
    std::fs::write(path, text).expect("write test file");
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary directory")
}

/// Line and column (1-based, columns in Unicode scalar values, a leading BOM not
/// counted) of byte `offset` in `bytes`.
fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let prefix = String::from_utf8_lossy(&bytes[..offset]);
    let line = prefix.matches('\n').count() + 1;
    let last = prefix.rsplit('\n').next().unwrap_or("");
    let last = if line == 1 {
        last.strip_prefix('\u{feff}').unwrap_or(last)
    } else {
        last
    };
    (line, last.chars().count() + 1)
}

/// The text between the first pair of backticks.
/// The text a message quotes as inline code (with a fence of one or more backticks).
fn backticked(message: &str) -> &str {
    let open = message.find('`').expect("message quotes the text");
    let fence_len = message[open..].chars().take_while(|c| *c == '`').count();
    let fence = &message[open..open + fence_len];
    let start = open + fence_len;
    let len = message[start..].find(fence).expect("closing fence");
    let quoted = &message[start..start + len];
    if fence_len > 1 {
        quoted
            .strip_prefix(' ')
            .and_then(|q| q.strip_suffix(' '))
            .unwrap_or(quoted)
    } else {
        quoted
    }
}

// ---------------------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------------------

#[test]
fn clean_plan_exits_0() {
    lint()
        .arg("fixtures/placeholder/ok.md")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "0 errors, 0 warnings in 1 plan (1 file scanned)",
        ));
}

#[test]
fn plan_with_errors_exits_1() {
    lint()
        .arg("fixtures/placeholder/bad-instructions.md")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PL001(placeholder)"))
        // Seven placeholders of one section are one finding that counts them.
        .stdout(predicate::str::contains(
            "7 unfilled placeholders in section `1. Overview`, the first `[Owner]`",
        ))
        .stdout(predicate::str::contains(
            "1 error, 0 warnings in 1 plan (1 file scanned): 1 placeholder",
        ));
}

#[test]
fn warnings_fail_only_with_strict() {
    let file = "fixtures/stale-review/bad-overdue.md";
    lint()
        .arg(file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PL009(stale-review)"))
        .stdout(predicate::str::contains("0 errors, 1 warning"));
    lint()
        .args(["--strict", file])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PL009(stale-review)"))
        .stdout(predicate::str::contains("0 errors, 1 warning"));
}

#[test]
fn exit_zero_reports_but_exits_0() {
    lint()
        .args(["--exit-zero", "fixtures/placeholder/bad-instructions.md"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PL001(placeholder)"))
        .stdout(predicate::str::contains("1 error,"));
    lint()
        .args([
            "--exit-zero",
            "--strict",
            "fixtures/stale-review/bad-overdue.md",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PL009(stale-review)"));
}

#[test]
fn exit_zero_still_exits_2_on_a_usage_error() {
    bin()
        .args([
            "--exit-zero",
            "--today",
            "nonsense",
            "fixtures/placeholder/ok.md",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nonsense"));
}

#[test]
fn output_format_never_changes_the_exit_code() {
    for file in [
        "fixtures/placeholder/ok.md",
        "fixtures/placeholder/bad-instructions.md",
    ] {
        let human = lint().arg(file).output().unwrap();
        let (json_out, _) = json(&[file]);
        assert_eq!(code(&human), code(&json_out), "{file}");
    }
}

#[test]
fn unknown_flag_value_exits_2() {
    lint()
        .args(["--format", "yaml", "fixtures/placeholder/ok.md"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("yaml"));
    lint()
        .args(["--color", "sometimes", "fixtures/placeholder/ok.md"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("sometimes"));
}

#[test]
fn unknown_flag_exits_2() {
    lint()
        .args(["--no-such-flag", "fixtures/placeholder/ok.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-such-flag"));
}

#[test]
fn invalid_today_exits_2() {
    // Each says what is wrong with the date, not only the expected shape.
    for (today, why) in [
        ("nonsense", "expected a date written YYYY-MM-DD"),
        ("2025-6-01", "expected a date written YYYY-MM-DD"),
        ("20250601", "expected a date written YYYY-MM-DD"),
        ("2025-02-30", "February 2025 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2025-13-01", "there is no month 13 (months are 01 to 12)"),
    ] {
        bin()
            .args(["--today", today, "fixtures/placeholder/ok.md"])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(format!(
                "invalid --today `{today}`: {why}"
            )));
    }
}

#[test]
fn unknown_rule_in_select_or_ignore_exits_2() {
    for flag in ["--select", "--ignore"] {
        lint()
            .args([flag, "no-such-rule", "fixtures/placeholder/ok.md"])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("no-such-rule"))
            .stderr(predicate::str::contains(flag));
    }
}

// ---------------------------------------------------------------------------------------
// Colour
// ---------------------------------------------------------------------------------------

#[test]
fn color_never_has_no_escape_bytes() {
    // CLICOLOR_FORCE would turn colour on under `auto`; `never` wins.
    let output = lint()
        .env("CLICOLOR_FORCE", "1")
        .args([
            "--color",
            "never",
            "fixtures/placeholder/bad-instructions.md",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("PL001(placeholder)"));
    assert!(!output.stdout.contains(&ESC), "{}", stdout(&output));
    assert!(!output.stderr.contains(&ESC), "{}", stderr(&output));
}

#[test]
fn no_color_env_has_no_escape_bytes() {
    // IGNORE_IS_TERMINAL and TERM make the output look like a colour terminal.
    let output = lint()
        .env("NO_COLOR", "1")
        .env("IGNORE_IS_TERMINAL", "1")
        .env("TERM", "xterm-256color")
        .arg("fixtures/placeholder/bad-instructions.md")
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("PL001(placeholder)"));
    assert!(!output.stdout.contains(&ESC), "{}", stdout(&output));
    assert!(!output.stderr.contains(&ESC), "{}", stderr(&output));

    // Fatal errors on stderr are uncoloured too.
    let output = bin()
        .env("NO_COLOR", "1")
        .env("IGNORE_IS_TERMINAL", "1")
        .env("TERM", "xterm-256color")
        .args(["--today", "nonsense"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("nonsense"));
    assert!(!output.stderr.contains(&ESC), "{}", stderr(&output));
}

#[test]
fn color_always_has_escape_bytes() {
    let output = lint()
        .env("NO_COLOR", "1")
        .args([
            "--color",
            "always",
            "fixtures/placeholder/bad-instructions.md",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(output.stdout.contains(&ESC), "{}", stdout(&output));
}

#[test]
fn clicolor_force_colours_auto() {
    let output = lint()
        .env("CLICOLOR_FORCE", "1")
        .arg("fixtures/placeholder/bad-instructions.md")
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(output.stdout.contains(&ESC), "{}", stdout(&output));
}

#[test]
fn piped_output_is_uncoloured_by_default() {
    let output = lint()
        .arg("fixtures/placeholder/bad-instructions.md")
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("PL001(placeholder)"));
    assert!(!output.stdout.contains(&ESC), "{}", stdout(&output));
}

#[test]
fn color_never_also_uncolours_fatal_errors() {
    // IGNORE_IS_TERMINAL makes stderr count as a colour terminal.
    let output = bin()
        .env("IGNORE_IS_TERMINAL", "1")
        .env("TERM", "xterm-256color")
        .args(["--color", "never", "--today", "nonsense"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("nonsense"));
    assert!(!output.stderr.contains(&ESC), "{:?}", stderr(&output));
}

// ---------------------------------------------------------------------------------------
// Determinism and the JSON contract
// ---------------------------------------------------------------------------------------

#[test]
fn identical_output_on_two_runs() {
    let first = lint()
        .args(["--isolated", "--format", "json", "fixtures"])
        .output()
        .unwrap();
    let second = lint()
        .args(["--isolated", "--format", "json", "fixtures"])
        .output()
        .unwrap();
    assert_eq!(code(&first), 1);
    assert!(diagnostics(&parse_json(&first)).len() > 50);
    assert!(
        first.stdout == second.stdout,
        "two runs over fixtures/ differ"
    );

    let first = lint()
        .args(["--isolated", "--color", "never", "fixtures"])
        .output()
        .unwrap();
    let second = lint()
        .args(["--isolated", "--color", "never", "fixtures"])
        .output()
        .unwrap();
    assert!(stdout(&first).contains("PL008(duplicate-id)"));
    assert!(
        first.stdout == second.stdout,
        "two human runs over fixtures/ differ"
    );
}

#[test]
fn json_contract_shape() {
    let (output, report) = json(&["--isolated", "fixtures"]);
    assert_eq!(code(&output), 1);
    assert_eq!(report["version"], 1);
    let top: BTreeSet<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        top,
        BTreeSet::from([
            "version",
            "plans_checked",
            "files_scanned",
            "diagnostics",
            "summary"
        ])
    );
    let plans = report["plans_checked"].as_u64().unwrap();
    let files = report["files_scanned"].as_u64().unwrap();
    assert!(plans >= 20, "plans_checked = {plans}");
    assert!(
        files >= plans,
        "files_scanned {files} < plans_checked {plans}"
    );

    let diags = diagnostics(&report);
    let errors = diags.iter().filter(|d| d["severity"] == "error").count();
    let warnings = diags.iter().filter(|d| d["severity"] == "warning").count();
    assert_eq!(
        errors + warnings,
        diags.len(),
        "severity is error or warning"
    );
    assert_eq!(report["summary"]["errors"], errors);
    assert_eq!(report["summary"]["warnings"], warnings);
    assert!(errors > 0 && warnings > 0);

    let mut seen_rules = BTreeSet::new();
    let mut placeholders = 0;
    for d in diags {
        let keys: BTreeSet<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(DIAGNOSTIC_KEYS), "{d}");

        let rule = d["rule"].as_str().unwrap();
        let expected_code = RULES
            .iter()
            .find(|(_, name)| *name == rule)
            .map(|(c, _)| *c);
        assert_eq!(d["code"].as_str(), expected_code, "{d}");
        seen_rules.insert(rule.to_string());
        assert!(!d["message"].as_str().unwrap().is_empty(), "{d}");

        let path = d["path"].as_str().unwrap();
        assert!(path.starts_with("fixtures/") && !path.contains('\\'), "{d}");
        let bytes = std::fs::read(manifest_dir().join(path)).unwrap();
        let offset = d["offset"].as_u64().unwrap() as usize;
        let length = d["length"].as_u64().unwrap() as usize;
        assert!(offset + length <= bytes.len(), "{d}");

        let start = line_col(&bytes, offset);
        let end = line_col(&bytes, offset + length);
        assert_eq!(
            (
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize
            ),
            start,
            "start of {d}"
        );
        assert_eq!(
            (
                d["end_line"].as_u64().unwrap() as usize,
                d["end_column"].as_u64().unwrap() as usize
            ),
            end,
            "end of {d}"
        );

        if rule == "placeholder" {
            placeholders += 1;
            let flagged = std::str::from_utf8(&bytes[offset..offset + length]).unwrap();
            let message = d["message"].as_str().unwrap();
            // A collapsed run names its section, then the first placeholder.
            match message.split_once(", the first ") {
                Some((_, first)) => assert_eq!(flagged, backticked(first), "{d}"),
                None => assert_eq!(flagged, backticked(message), "{d}"),
            }
        }
        if rule == "unreadable" {
            match std::str::from_utf8(&bytes) {
                Err(err) => assert_eq!(
                    err.valid_up_to(),
                    offset,
                    "points at the first bad byte: {d}"
                ),
                // A UTF-8 file is unreadable only in its metadata (bad YAML or TOML).
                Ok(_) => assert!(
                    d["message"]
                        .as_str()
                        .unwrap()
                        .contains("the metadata is not valid"),
                    "{d}"
                ),
            }
        }
    }
    assert!(placeholders > 10);
    for rule in ["unreadable", "placeholder", "duplicate-id", "stale-review"] {
        assert!(seen_rules.contains(rule), "no {rule} finding in fixtures/");
    }
}

#[test]
fn json_diagnostics_of_one_plan() {
    let (output, report) = json(&["fixtures/placeholder/bad-instructions.md"]);
    assert_eq!(code(&output), 1);
    assert_eq!(report["plans_checked"], 1);
    assert_eq!(report["files_scanned"], 1);
    // The seven placeholders of section `1. Overview` are one finding; the other six
    // are its related locations.
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 0);
    let first = &diagnostics(&report)[0];
    assert_eq!(first["rule"], "placeholder");
    assert_eq!(first["code"], "PL001");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "fixtures/placeholder/bad-instructions.md");
    assert_eq!(first["line"], 14);
    assert_eq!(
        first["message"],
        "7 unfilled placeholders in section `1. Overview`, the first `[Owner]`"
    );
    let related = first["related"].as_array().expect("related");
    assert_eq!(related.len(), 6);
    assert_eq!(related[0]["message"], "[Current Date]");
    assert_eq!(related[0]["line"], 14);
}

// ---------------------------------------------------------------------------------------
// --select, --ignore, --today, --output
// ---------------------------------------------------------------------------------------

#[test]
fn header_only_template_has_three_kinds_of_findings() {
    let (output, report) = json(&["fixtures/template/header-only.md"]);
    assert_eq!(code(&output), 1);
    let rules: BTreeSet<String> = rules_of(&report).into_iter().collect();
    assert_eq!(
        rules,
        BTreeSet::from([
            "placeholder".to_string(),
            "missing-signoff".to_string(),
            "status-mismatch".to_string()
        ])
    );
}

#[test]
fn select_reports_only_that_rule() {
    for rule in ["placeholder", "PL001"] {
        let (output, report) = json(&["--select", rule, "fixtures/template/header-only.md"]);
        assert_eq!(code(&output), 1);
        let rules = rules_of(&report);
        assert!(rules.len() > 10, "{rules:?}");
        assert!(rules.iter().all(|r| r == "placeholder"), "{rules:?}");
    }
    let (_, report) = json(&[
        "--select",
        "placeholder,status-mismatch",
        "fixtures/template/header-only.md",
    ]);
    let rules: BTreeSet<String> = rules_of(&report).into_iter().collect();
    assert_eq!(
        rules,
        BTreeSet::from(["placeholder".to_string(), "status-mismatch".to_string()])
    );
}

#[test]
fn ignore_removes_that_rule() {
    let (output, report) = json(&[
        "--ignore",
        "placeholder",
        "fixtures/template/header-only.md",
    ]);
    assert_eq!(code(&output), 1);
    let rules: BTreeSet<String> = rules_of(&report).into_iter().collect();
    assert_eq!(
        rules,
        BTreeSet::from(["missing-signoff".to_string(), "status-mismatch".to_string()])
    );
    assert_eq!(
        report["summary"]["errors"].as_u64().unwrap() as usize
            + report["summary"]["warnings"].as_u64().unwrap() as usize,
        diagnostics(&report).len()
    );
}

#[test]
fn today_decides_whether_a_review_is_stale() {
    let file = "fixtures/stale-review/bad-overdue.md";
    let (_, report) = json(&[file]);
    let stale = of_rule(&report, "stale-review");
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0]["severity"], "warning");
    assert!(stale[0]["message"].as_str().unwrap().contains("2025-04-15"));

    for (today, expected) in [("2025-04-01", 0), ("2025-04-15", 0), ("2025-04-16", 1)] {
        let output = bin()
            .args(["--today", today, "--format", "json", file])
            .output()
            .unwrap();
        assert_eq!(code(&output), 0);
        let report = parse_json(&output);
        assert_eq!(
            of_rule(&report, "stale-review").len(),
            expected,
            "today {today}"
        );
    }
}

#[test]
fn today_from_configuration_and_flag_override() {
    let dir = tempdir();
    let text = std::fs::read(manifest_dir().join("fixtures/stale-review/bad-overdue.md")).unwrap();
    write(dir.path(), "plan.md", text);
    write(dir.path(), "plan-lint.toml", "today = \"2025-04-01\"\n");
    let output = bin()
        .current_dir(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0);
    assert!(of_rule(&parse_json(&output), "stale-review").is_empty());

    let (_, report) = json_in(dir.path(), &[]);
    assert_eq!(
        of_rule(&report, "stale-review").len(),
        1,
        "--today beats the configuration"
    );

    write(dir.path(), "plan-lint.toml", "today = \"soon\"\n");
    bin()
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("soon"))
        .stderr(predicate::str::contains("plan-lint.toml"));
}

#[test]
fn output_flag_writes_the_report_to_the_file() {
    let dir = tempdir();
    let report_path = dir.path().join("report.json");
    let file = "fixtures/placeholder/bad-instructions.md";
    let output = lint()
        .args(["--format", "json", "--output"])
        .arg(&report_path)
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(
        code(&output),
        1,
        "the exit code does not depend on --output"
    );
    assert!(output.stdout.is_empty(), "stdout: {}", stdout(&output));
    let written = std::fs::read(&report_path).expect("report file written");
    let (_, direct) = json(&[file]);
    let from_file: Value = serde_json::from_slice(&written).unwrap();
    assert_eq!(from_file, direct);
    assert_eq!(diagnostics(&from_file).len(), 1);

    // Human reports too, uncoloured since the file is no terminal.
    let human_path = dir.path().join("report.txt");
    let output = lint()
        .arg("--output")
        .arg(&human_path)
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(output.stdout.is_empty(), "stdout: {}", stdout(&output));
    let human = std::fs::read(&human_path).unwrap();
    assert!(String::from_utf8_lossy(&human).contains("PL001(placeholder)"));
    assert!(!human.contains(&ESC));
}

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

/// Runs plan-lint in a folder holding a minimal plan and this `plan-lint.toml`.
fn lint_with_config(config: &str) -> assert_cmd::assert::Assert {
    let dir = tempdir();
    write(dir.path(), "plan.md", minimal_plan());
    write(dir.path(), "plan-lint.toml", config);
    lint().current_dir(dir.path()).assert()
}

#[test]
fn unknown_config_key_exits_2_naming_key_and_file() {
    lint_with_config("bogus = 1\n")
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("bogus"))
        .stderr(predicate::str::contains("plan-lint.toml"));
}

#[test]
fn unknown_key_in_a_table_exits_2() {
    lint_with_config("[placeholders]\nallw = [\"[Name]\"]\n")
        .code(2)
        .stderr(predicate::str::contains("allw"))
        .stderr(predicate::str::contains("plan-lint.toml"));
}

#[test]
fn unknown_rule_in_config_exits_2() {
    lint_with_config("[rules]\nno-such-rule = \"off\"\n")
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("no-such-rule"))
        .stderr(predicate::str::contains("plan-lint.toml"));
}

#[test]
fn invalid_severity_in_config_exits_2() {
    lint_with_config("[rules]\nplaceholder = \"fatal\"\n")
        .code(2)
        .stderr(predicate::str::contains("plan-lint.toml"))
        .stderr(predicate::str::contains("fatal"));
}

#[test]
fn minimal_plan_has_exactly_one_placeholder_finding() {
    let dir = tempdir();
    write(dir.path(), "plan.md", minimal_plan());
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 0, "a Draft's placeholder is a warning");
    assert_eq!(rules_of(&report), ["placeholder"]);
    assert_eq!(diagnostics(&report)[0]["severity"], "warning");
    assert_eq!(
        diagnostics(&report)[0]["message"],
        "unfilled placeholder `[Name]`"
    );

    write(dir.path(), "plan.md", review_plan("Text with [Name]."));
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(rules_of(&report), ["placeholder"]);
    assert_eq!(diagnostics(&report)[0]["severity"], "error");
}

#[test]
fn config_severity_override_to_warning() {
    let dir = tempdir();
    write(dir.path(), "plan.md", review_plan("Text with [Name]."));
    write(
        dir.path(),
        "plan-lint.toml",
        "[rules]\nplaceholder = \"warning\"\n",
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 0);
    let found = of_rule(&report, "placeholder");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 1);
}

#[test]
fn config_severity_override_to_error_in_a_draft() {
    let dir = tempdir();
    write(dir.path(), "plan.md", minimal_plan());
    write(dir.path(), "plan-lint.toml", "[rules]\nPL001 = \"error\"\n");
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(of_rule(&report, "placeholder")[0]["severity"], "error");
}

#[test]
fn config_rule_off_removes_findings() {
    let dir = tempdir();
    write(
        dir.path(),
        "plan.md",
        review_plan("Text with [Name] and [Owner]."),
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(of_rule(&report, "placeholder").len(), 2);

    write(
        dir.path(),
        "plan-lint.toml",
        "[rules]\nplaceholder = \"off\"\n",
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 0);
    assert!(diagnostics(&report).is_empty(), "{report}");
    assert_eq!(report["plans_checked"], 1);
}

#[test]
fn config_placeholder_allow_list() {
    let dir = tempdir();
    write(
        dir.path(),
        "plan.md",
        review_plan("Text with [Name] and [Owner]."),
    );
    write(
        dir.path(),
        "plan-lint.toml",
        "[placeholders]\nallow = [\"[Owner]\"]\n",
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    let messages: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["unfilled placeholder `[Name]`"]);
}

#[test]
fn config_placeholder_patterns() {
    let dir = tempdir();
    write(dir.path(), "plan.md", review_plan("Owner: ??? soon."));
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 0, "{report}");

    write(
        dir.path(),
        "plan-lint.toml",
        "[placeholders]\npatterns = [\"\\\\?\\\\?\\\\?\"]\n",
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    let found = of_rule(&report, "placeholder");
    assert_eq!(found.len(), 1, "{report}");
    let bytes = std::fs::read(dir.path().join("plan.md")).unwrap();
    let offset = found[0]["offset"].as_u64().unwrap() as usize;
    let length = found[0]["length"].as_u64().unwrap() as usize;
    assert_eq!(&bytes[offset..offset + length], b"???");

    write(
        dir.path(),
        "plan-lint.toml",
        "[placeholders]\npatterns = [\"(unclosed\"]\n",
    );
    lint()
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(unclosed"));
}

#[test]
fn config_required_fields() {
    let dir = tempdir();
    // No Version and no Author.
    let text = "# Implementation Plan: X\n\n## Plan ID: PLAN-1\n## Title: X\n\
                ## Date: 2025-03-03\n## Status: In Review\n\n## 1. Overview\nText.\n";
    write(dir.path(), "plan.md", text);
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    let missing = of_rule(&report, "missing-field");
    assert!(!missing.is_empty(), "{report}");
    let joined: String = missing
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        joined.contains("Version") && joined.contains("Author"),
        "{joined}"
    );

    write(
        dir.path(),
        "plan-lint.toml",
        "[fields]\nrequired = [\"Plan ID\"]\n",
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 0);
    assert!(of_rule(&report, "missing-field").is_empty(), "{report}");

    write(
        dir.path(),
        "plan-lint.toml",
        "[fields]\nrequired = [\"Plan ID\", \"Specification\"]\n",
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    let missing = of_rule(&report, "missing-field");
    assert_eq!(missing.len(), 1, "{report}");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("Specification")
    );

    write(
        dir.path(),
        "plan-lint.toml",
        "[fields]\nrequired = [\"Colour\"]\n",
    );
    lint()
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Colour"));
}

#[test]
fn config_is_found_upward_and_by_hidden_name() {
    let dir = tempdir();
    write(dir.path(), "docs/plan.md", review_plan("Text with [Name]."));
    write(
        dir.path(),
        ".plan-lint.toml",
        "[rules]\nplaceholder = \"off\"\n",
    );
    let (output, report) = json_in(&dir.path().join("docs"), &[]);
    assert_eq!(code(&output), 0, "{report}");
    assert_eq!(report["plans_checked"], 1);
    assert!(diagnostics(&report).is_empty());

    // --config names another file.
    write(
        dir.path(),
        "other.toml",
        "[rules]\nplaceholder = \"warning\"\n",
    );
    let (output, report) = json_in(&dir.path().join("docs"), &["--config", "../other.toml"]);
    assert_eq!(code(&output), 0);
    assert_eq!(of_rule(&report, "placeholder")[0]["severity"], "warning");

    lint()
        .current_dir(dir.path())
        .args(["--config", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml"));
}

#[test]
fn include_and_exclude_globs() {
    let dir = tempdir();
    write(
        dir.path(),
        "docs/plans/a.md",
        review_plan("Text with [Name]."),
    );
    write(
        dir.path(),
        "docs/plans/archive/old.md",
        review_plan("Text with [Owner]."),
    );
    write(dir.path(), "notes.md", review_plan("Text with [Reviewer]."));
    write(
        dir.path(),
        "plan-lint.toml",
        "include = [\"docs/plans/**/*.md\"]\nexclude = [\"docs/plans/archive/**\"]\n",
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    let paths: BTreeSet<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, BTreeSet::from(["docs/plans/a.md"]));
    assert_eq!(report["plans_checked"], 1);
}

// ---------------------------------------------------------------------------------------
// Subcommands
// ---------------------------------------------------------------------------------------

#[test]
fn rules_lists_every_rule() {
    let output = bin().arg("rules").output().unwrap();
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    for (code, name) in RULES {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(code))
            .unwrap_or_else(|| panic!("{code} missing from:\n{text}"));
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(columns[1], name, "{line}");
        let expected = if matches!(code, "PL007" | "PL009" | "PL010") {
            "warning"
        } else {
            "error"
        };
        assert_eq!(columns[2], expected, "{line}");
    }
    let listed = text.lines().filter(|l| l.starts_with("PL")).count();
    assert_eq!(listed, 11, "{text}");
}

#[test]
fn explain_a_rule() {
    let by_code = bin().args(["explain", "PL001"]).output().unwrap();
    assert_eq!(code(&by_code), 0);
    let text = stdout(&by_code);
    assert!(text.contains("# placeholder (PL001)"), "{text}");
    assert!(text.contains("## How to fix"), "{text}");

    let by_name = bin().args(["explain", "placeholder"]).output().unwrap();
    assert_eq!(code(&by_name), 0);
    assert_eq!(by_name.stdout, by_code.stdout);
}

#[test]
fn explain_every_rule() {
    for (code, name) in RULES {
        bin()
            .args(["explain", code])
            .assert()
            .code(0)
            .stdout(predicate::str::contains(format!("# {name} ({code})")))
            .stdout(predicate::str::contains("## How to fix"));
    }
}

#[test]
fn explain_unknown_rule_exits_2() {
    bin()
        .args(["explain", "nope"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("nope"));
}

#[test]
fn init_writes_a_config_that_loads() {
    let dir = tempdir();
    bin()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("plan-lint.toml"));
    let config = dir.path().join("plan-lint.toml");
    let written = std::fs::read_to_string(&config).expect("init wrote plan-lint.toml");
    assert!(written.contains("[rules]"), "{written}");

    // It loads: a run there succeeds, with no plans.
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(report["plans_checked"], 0);
    lint()
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors, 0 warnings in 0 plans"));

    // And it applies to plans written afterwards.
    write(dir.path(), "plan.md", review_plan("Text with [Name]."));
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(rules_of(&report), ["placeholder"]);
}

#[test]
fn init_does_not_overwrite_without_force() {
    let dir = tempdir();
    let config = dir.path().join("plan-lint.toml");
    std::fs::write(&config, "# mine\n").unwrap();
    bin()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "# mine\n");

    // A second init after a first one: also refused, file unchanged.
    std::fs::remove_file(&config).unwrap();
    bin().current_dir(dir.path()).arg("init").assert().code(0);
    let first = std::fs::read(&config).unwrap();
    bin().current_dir(dir.path()).arg("init").assert().code(2);
    assert_eq!(std::fs::read(&config).unwrap(), first);

    // --force overwrites.
    std::fs::write(&config, "# mine\n").unwrap();
    bin()
        .current_dir(dir.path())
        .args(["init", "--force"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read(&config).unwrap(), first);
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

#[test]
fn crlf_and_bom_keep_line_and_column_numbers() {
    let lf = review_plan("Reviewed by Jörg [Name] today.")
        .replace("# Implementation Plan: X", "# Implementation Plan: [Title]");
    let crlf = lf.replace('\n', "\r\n");
    let mut bom = vec![0xef, 0xbb, 0xbf];
    bom.extend_from_slice(crlf.as_bytes());

    let dir = tempdir();
    write(dir.path(), "lf.md", &lf);
    let (_, lf_report) = json_in(dir.path(), &["lf.md"]);
    let lf_diags = diagnostics(&lf_report);
    assert_eq!(lf_diags.len(), 2, "{lf_report}");

    let name = lf_diags
        .iter()
        .find(|d| d["message"] == "unfilled placeholder `[Name]`")
        .expect("[Name] flagged");
    // "Reviewed by Jörg " is 17 characters (18 bytes).
    assert_eq!(name["line"], 11);
    assert_eq!(name["column"], 18);
    assert_eq!(name["end_column"], 24);

    write(dir.path(), "crlf.md", &crlf);
    write(dir.path(), "bom.md", &bom);
    for (file, bytes, bom_len) in [("crlf.md", crlf.as_bytes(), 0), ("bom.md", &bom[..], 3)] {
        let (output, report) = json_in(dir.path(), &[file]);
        assert_eq!(code(&output), 1);
        let diags = diagnostics(&report);
        assert_eq!(diags.len(), lf_diags.len(), "{file}: {report}");
        for (d, l) in diags.iter().zip(lf_diags) {
            for key in [
                "rule",
                "line",
                "column",
                "end_line",
                "end_column",
                "length",
                "message",
            ] {
                assert_eq!(d[key], l[key], "{file}: {key} of {d}");
            }
            let offset = d["offset"].as_u64().unwrap() as usize;
            let lf_offset = l["offset"].as_u64().unwrap() as usize;
            let line = l["line"].as_u64().unwrap() as usize;
            // Offsets are bytes into the file as read: the BOM and one CR per earlier line.
            assert_eq!(
                offset,
                lf_offset + bom_len + line - 1,
                "{file}: offset of {d}"
            );
            let length = d["length"].as_u64().unwrap() as usize;
            assert_eq!(
                std::str::from_utf8(&bytes[offset..offset + length]).unwrap(),
                backticked(d["message"].as_str().unwrap())
            );
        }
    }
}

#[test]
fn tabs_and_non_ascii_count_characters() {
    let dir = tempdir();
    write(
        dir.path(),
        "plan.md",
        review_plan("Team\tÉquipe 日本語 🚀 [Owner]."),
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["message"], "unfilled placeholder `[Owner]`");
    // "Team\tÉquipe 日本語 🚀 " is 18 characters (32 bytes).
    assert_eq!(d["column"], 19);
    assert_eq!(d["end_column"], 26);
}

#[test]
fn non_utf8_plan_is_unreadable_and_others_are_still_linted() {
    let dir = tempdir();
    let mut latin1 = b"# Implementation Plan: Y\n\n## Plan ID: PLAN-9\n## Title: Caf".to_vec();
    let bad_at = latin1.len();
    latin1.push(0xe9);
    latin1.extend_from_slice(b"\n## Status: In Review\n");
    write(dir.path(), "latin1.md", &latin1);
    write(dir.path(), "plan.md", review_plan("Text with [Name]."));

    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(report["files_scanned"], 2);
    let unreadable = of_rule(&report, "unreadable");
    assert_eq!(unreadable.len(), 1, "{report}");
    let d = unreadable[0];
    assert_eq!(d["code"], "PL000");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "latin1.md");
    assert_eq!(d["offset"], bad_at);
    assert_eq!(d["line"], 4);
    assert_eq!(d["column"], 14, "\"## Title: Caf\" is 13 characters");
    assert!(d["message"].as_str().unwrap().contains("0xE9"), "{d}");

    let placeholder = of_rule(&report, "placeholder");
    assert_eq!(placeholder.len(), 1, "{report}");
    assert_eq!(placeholder[0]["path"], "plan.md");
}

#[test]
fn non_utf8_non_plan_markdown_is_ignored() {
    let dir = tempdir();
    write(dir.path(), "notes.md", b"Some caf\xe9 notes.\n");
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 0, "{report}");
    assert!(diagnostics(&report).is_empty());
}

#[test]
fn missing_file_on_the_command_line_is_a_usage_error_after_the_rest_is_linted() {
    let dir = tempdir();
    write(dir.path(), "plan.md", review_plan("Text with [Name]."));
    let (output, report) = json_in(dir.path(), &["nope.md", "plan.md", "plam.md"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    // The existing plan is still linted and reported; the missing paths are no finding.
    assert_eq!(of_rule(&report, "placeholder").len(), 1, "{report}");
    assert!(of_rule(&report, "unreadable").is_empty(), "{report}");
    assert!(
        stderr(&output).contains(
            "2 paths do not exist:\n  │ `nope.md` does not exist\n  │ `plam.md` does not exist (did you mean `plan.md`?)"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn fifo_named_like_a_plan_does_not_hang() {
    let dir = tempdir();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("plan.md"))
        .status();
    match made {
        Ok(status) if status.success() => {}
        _ => {
            eprintln!("skipping: mkfifo is not available");
            return;
        }
    }
    write(dir.path(), "other.md", review_plan("Text with [Name]."));
    let output = lint()
        .current_dir(dir.path())
        .args(["--format", "json"])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    let exit = output.status.code();
    assert!(
        matches!(exit, Some(0 | 1)),
        "exit {exit:?}: {}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    let report = parse_json(&output);
    let placeholders = of_rule(&report, "placeholder");
    assert_eq!(placeholders.len(), 1, "{report}");
    assert_eq!(placeholders[0]["path"], "other.md");
}

#[test]
fn non_plan_markdown_gives_no_diagnostics() {
    let dir = tempdir();
    write(
        dir.path(),
        "README.md",
        "# Readme\n\nFill in [Name] and TODO later.\n",
    );
    let (output, report) = json_in(dir.path(), &[]);
    assert_eq!(code(&output), 0);
    assert_eq!(report["files_scanned"], 1);
    assert_eq!(report["plans_checked"], 0);
    assert!(diagnostics(&report).is_empty());
}

#[test]
fn empty_file_and_deep_nesting_do_not_panic() {
    let dir = tempdir();
    write(dir.path(), "empty.md", "");
    let mut deep = review_plan("Text with [Name].");
    deep.push_str(&">".repeat(5000));
    deep.push_str(" quoted\n");
    deep.push_str(&"- ".repeat(2000));
    deep.push_str("item\n");
    deep.push_str(&"[".repeat(5000));
    deep.push('\n');
    write(dir.path(), "deep.md", deep);
    let (output, report) = json_in(dir.path(), &[]);
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    assert_eq!(code(&output), 1);
    assert_eq!(report["files_scanned"], 2);
    assert!(
        of_rule(&report, "placeholder")
            .iter()
            .any(|d| d["message"] == "unfilled placeholder `[Name]`")
    );
}

#[test]
fn key_value_headings_are_fields_not_empty_sections() {
    // SPEC §2: `## Generated: 2025-12-13` is a field, even where the key has no "date".
    let dir = tempdir();
    write(
        dir.path(),
        "plan.md",
        review_plan("Body text.\n\n## Generated: 2025-05-01\n## Last Updated: 2025-05-02\n"),
    );
    let (output, report) = json_in(dir.path(), &["plan.md"]);
    assert_eq!(code(&output), 0, "{report}");
    assert!(of_rule(&report, "empty-section").is_empty(), "{report}");
}

// ---------------------------------------------------------------------------------------
// What comes first: ranking, statistics, a run that lints nothing
// ---------------------------------------------------------------------------------------

/// A temporary folder outside any repository, with these files.
fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_run_that_lints_nothing_says_why_on_stderr() {
    let dir = folder_with(&[("notes.md", "# Notes\n\nMeeting notes, not a plan.\n")]);
    let out = bin()
        .current_dir(dir.path())
        .args(["--today", TODAY, "--isolated", "notes.md"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("plan-lint: warning: no plans were linted: notes.md is not a plan"),
        "{err}"
    );
    // --strict makes it an error.
    let out = bin()
        .current_dir(dir.path())
        .args(["--today", TODAY, "--isolated", "--strict", "."])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "plan-lint: error: no plans were linted: none of the 1 Markdown file looks like a plan"
        ),
        "{err}"
    );
    // Under pre-commit, a commit that touches no plan is normal.
    let out = bin()
        .current_dir(dir.path())
        .env("PRE_COMMIT", "1")
        .args(["--today", TODAY, "--isolated", "--strict", "notes.md"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_run_with_plans_says_nothing_on_stderr() {
    let out = lint()
        .arg("fixtures/status-mismatch/ok.md")
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let file = "fixtures/template/header-only.md";
    let out = lint().args(["--statistics", file]).output().unwrap();
    assert_eq!(code(&out), 1, "the exit code is the run's");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // Most findings first; placeholders are counted one by one here, not collapsed.
    assert_eq!(lines[0], "150  PL001  placeholder      error");
    assert_eq!(lines[1], "  6  PL002  missing-signoff  error");
    assert_eq!(lines[2], "  1  PL005  status-mismatch  error");
    assert!(
        lines[3].starts_with("157 errors, 0 warnings in 1 plan"),
        "{text}"
    );

    let out = lint()
        .args(["--statistics", "--format", "json", file])
        .output()
        .unwrap();
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["code"], "PL001");
    assert_eq!(rows[0]["count"], 150);
    assert_eq!(rows[0]["errors"], 150);
    assert_eq!(rows.as_array().unwrap().len(), 3);

    let out = lint()
        .args(["--statistics", "--format", "sarif", file])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--statistics works with"));
}

#[test]
fn github_annotations_put_broken_dates_before_placeholders() {
    // Twelve placeholders in twelve sections (no collapsing) and one reversed timeline:
    // the ten annotations GitHub shows must include the timeline.
    let mut plan = String::from(
        "# Implementation Plan: Ranked\n\n## Plan ID: PLAN-900\n## Title: Ranked\n\
         ## Version: 1.0\n## Date: 2025-01-06\n## Author: Jane Roe\n## Status: In Progress\n\n",
    );
    for i in 1..=12 {
        plan.push_str(&format!("## {i}. Part {i}\nOwner: [Owner]\n\n"));
    }
    plan.push_str(
        "## 13. Timeline\n- **Start Date**: 2025-03-01\n- **End Date**: 2025-02-01\n\n\
         ## 14. Sign-off\n- **Technical Lead**: Omar Haddad - 2025-01-08\n",
    );
    let dir = folder_with(&[("plan.md", &plan)]);
    let out = bin()
        .current_dir(dir.path())
        .args([
            "--today",
            TODAY,
            "--isolated",
            "--format",
            "github",
            "plan.md",
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 10, "{text}");
    assert!(errors[0].contains("title=PL004 date-order"), "{text}");
    assert!(
        text.contains("3 more errors are not shown as annotations"),
        "{text}"
    );
}

#[test]
fn documents_about_a_plan_are_not_linted_and_profiles_says_why() {
    let dir = folder_with(&[
        (
            "plans/billing/review.md",
            "# Review: Billing Export\n\n**Plan ID**: PLAN-501\n**Verdict**: PASS\n\n## Risks\n- Long exports.\n",
        ),
        (
            "plans/billing/STATUS.md",
            "# Billing Export\n\n**Plan ID**: PLAN-501\n**Status**: PASS\n",
        ),
    ]);
    let out = bin()
        .current_dir(dir.path())
        .args(["--today", TODAY, "--isolated", "."])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("0 errors, 0 warnings in 0 plans (2 files scanned)"));
    let out = bin()
        .current_dir(dir.path())
        .args(["profiles", "--files", "--isolated", "."])
        .output()
        .unwrap();
    let listed = stdout(&out);
    assert!(
        listed.contains("plans/billing/review.md: not checked (no profile matched; it carries a plan header but is a document about one: its title or name says `review`)"),
        "{listed}"
    );
    assert!(listed.contains("says `status`"), "{listed}");
}
