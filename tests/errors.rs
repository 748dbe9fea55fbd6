//! The errors users meet (issue 11, cases 9 and 12): each says what is wrong, where, and
//! what was likely meant, in words rather than module paths; plan-lint's own inputs
//! (configuration, baseline) are bounded in size and kind.

mod scratch;

use assert_cmd::Command;
use scratch::{plan, write};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

fn plan_lint(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir)
        .timeout(Duration::from_secs(60))
        .env_remove("PRE_COMMIT")
        .env_remove("COLUMNS")
        .env("TERM", "xterm")
        .args(["--today", "2025-06-01", "--color", "never"])
        .args(args)
        .output()
        .expect("runs")
}

/// plan-lint without the options `plan_lint` adds (for subcommands, and for the
/// configuration's own `today`).
fn bare(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir)
        .timeout(Duration::from_secs(60))
        .args(args)
        .output()
        .expect("runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A folder with one plan holding a placeholder (one finding).
fn one_plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "plans/alpha.md",
        &plan("PLAN-001", "Owner: [Name]."),
    );
    dir
}

#[test]
fn a_path_that_does_not_exist_is_a_usage_error_with_the_name_meant() {
    let dir = one_plan();
    let out = plan_lint(dir.path(), &["plans/alpah.md"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("path `plans/alpah.md` does not exist (did you mean `plans/alpha.md`?)"),
        "{}",
        stderr(&out)
    );
    // A misspelt subcommand reads as a path; the subcommand is what is suggested.
    let out = plan_lint(dir.path(), &["instal-hook"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "path `instal-hook` does not exist (did you mean the subcommand `install-hook`?)"
        ),
        "{}",
        stderr(&out)
    );
    // Nothing resembling it: no suggestion, still exit 2, and no "no plans" warning.
    let out = plan_lint(dir.path(), &["zzz.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("path `zzz.md` does not exist\n")
            || stderr(&out).ends_with("path `zzz.md` does not exist\n"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("no plans were linted"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_config_type_error_points_at_the_value_in_the_file() {
    let dir = one_plan();
    write(
        dir.path(),
        "plan-lint.toml",
        "# settings\ninclude = \"plans/*.md\"\n",
    );
    let out = plan_lint(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("invalid type: string \"plans/*.md\", expected a list (`[\"...\"]`)"),
        "{err}"
    );
    assert!(
        err.contains("plan-lint.toml:2:11]"),
        "the report names line and column: {err}"
    );
    assert!(err.contains(" 2 │ include = \"plans/*.md\""), "{err}");
    assert!(err.contains("╰── here"), "{err}");
    assert!(
        !err.contains("TOML parse error"),
        "not the flattened toml message: {err}"
    );
    assert!(
        !err.contains("plan_lint::"),
        "no module path as a header: {err}"
    );
}

#[test]
fn today_may_be_a_toml_date_or_a_string() {
    let dir = one_plan();
    for today in ["2025-01-01", "\"2025-01-01\""] {
        write(dir.path(), "plan-lint.toml", &format!("today = {today}\n"));
        // Without --today, so the configured one is used.
        let out = bare(dir.path(), &["--format", "concise", "."]);
        assert_eq!(out.status.code(), Some(1), "{today}: {}", stderr(&out));
        assert!(stdout(&out).contains("PL001"), "{today}: {}", stdout(&out));
    }
    write(
        dir.path(),
        "plan-lint.toml",
        "today = 2025-01-01T10:00:00\n",
    );
    let out = bare(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`today = 2025-01-01T10:00:00`: expected a date written YYYY-MM-DD"),
        "{}",
        stderr(&out)
    );
    write(dir.path(), "plan-lint.toml", "today = 5\n");
    let out = bare(dir.path(), &["."]);
    assert!(
        stderr(&out).contains("`today` must be a date, such as 2025-01-01"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_keys_and_rules_suggest_what_was_likely_meant() {
    let dir = one_plan();
    let cases = [
        (
            "inclde = [\"plans/**\"]\n",
            "unknown key `inclde`",
            "did you mean `include`?",
        ),
        (
            "[dates]\nformat = [\"iso\"]\n",
            "unknown key `dates.format`",
            "did you mean `formats`?",
        ),
        (
            "[rules]\nplaceholder = \"error\"\nduplicate-idd = \"off\"\n",
            "unknown key `rules.duplicate-idd`",
            "did you mean `duplicate-id`?",
        ),
        (
            "severity = \"high\"\n",
            "unknown key `severity`",
            "`plan-lint init` writes a starter file",
        ),
    ];
    for (config, what, help) in cases {
        write(dir.path(), "plan-lint.toml", config);
        let out = plan_lint(dir.path(), &["."]);
        assert_eq!(out.status.code(), Some(2), "{config}");
        let err = stderr(&out);
        assert!(err.contains(what), "{config}: {err}");
        assert!(err.contains(help), "{config}: {err}");
        assert!(
            err.contains("not a plan-lint setting"),
            "the key is pointed at: {err}"
        );
    }
    std::fs::remove_file(dir.path().join("plan-lint.toml")).expect("rm");
    let out = plan_lint(dir.path(), &["--select", "placeholdr", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--select: unknown rule `placeholdr` (did you mean `placeholder`?)"),
        "{}",
        stderr(&out)
    );
    let out = bare(dir.path(), &["explain", "stale-reviw"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown rule `stale-reviw` (did you mean `stale-review`?)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_report_that_cannot_be_written_names_its_flag_once_and_the_users_path() {
    let dir = one_plan();
    for (flag, what) in [
        ("--output", "cannot write the report (--output)"),
        (
            "--sarif-file",
            "cannot write the SARIF report (--sarif-file)",
        ),
    ] {
        let target = dir.path().join("missing-folder/report.out");
        let target = target.to_str().expect("UTF-8 temp path");
        let out = plan_lint(dir.path(), &[flag, target, "."]);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{what} {target}: no such file or folder")),
            "{err}"
        );
        assert_eq!(err.matches("no such file").count(), 1, "said once: {err}");
        assert!(
            !err.contains(".plan-lint-"),
            "not the temporary file's name: {err}"
        );
    }
}

#[test]
fn a_dumb_terminal_gets_ascii_reports() {
    let dir = one_plan();
    let out = Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir.path())
        .env("TERM", "dumb")
        .args(["--today", "2025-06-01", "--color", "never", "."])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(text.contains("PL001(placeholder)"), "{text}");
    assert!(text.contains(",-[plans/alpha.md:11:8]"), "{text}");
    assert!(
        !text.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)),
        "no box drawing: {text}"
    );
    // Anything else keeps the Unicode report.
    let out = plan_lint(dir.path(), &["."]);
    assert!(
        stdout(&out).contains("╭─[plans/alpha.md:11:8]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_human_report_wraps_at_the_terminals_own_width() {
    // `script` gives the run a terminal; `stty` sets its width. Elsewhere nothing to test.
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    // A header with three fields missing: a message of about 60 characters.
    write(
        dir.path(),
        "plan.md",
        "# Implementation Plan: X\n\n## Plan ID: PLAN-1\n## Status: Draft\n",
    );
    let binary = assert_cmd::cargo::cargo_bin("plan-lint");
    let run = |cols: u32| {
        let command = format!(
            "stty rows 24 cols {cols}; {} --today 2025-06-01 --color never plan.md",
            binary.display()
        );
        let out = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path())
            .env_remove("COLUMNS")
            .env("TERM", "xterm")
            .output()
            .expect("script runs");
        String::from_utf8_lossy(&out.stdout).replace('\r', "")
    };
    let message_on_one_line = |text: &str| {
        text.lines()
            .any(|l| l.contains("missing required header fields") && l.contains("`Author`"))
    };
    let narrow = run(40);
    let wide = run(160);
    assert!(narrow.contains("PL006(missing-field)"), "{narrow}");
    assert!(
        !message_on_one_line(&narrow),
        "wrapped at 40 columns:\n{narrow}"
    );
    assert!(
        message_on_one_line(&wide),
        "wider terminal, one line:\n{wide}"
    );
}

#[test]
fn a_baseline_says_how_many_findings_it_hid_and_which_entries_are_stale() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(
        d,
        "a.md",
        &plan("PLAN-001", "Owner: [Name]. Date: [YYYY-MM-DD]."),
    );
    let out = plan_lint(d, &["--write-baseline", "baseline.json", "."]);
    assert!(
        stderr(&out).contains("recorded 2 findings in baseline.json"),
        "{}",
        stderr(&out)
    );
    let out = plan_lint(d, &["--baseline", "baseline.json", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("plan-lint: the baseline baseline.json hid 2 findings\n"),
        "{}",
        stderr(&out)
    );
    // One of the two is fixed: its entry is stale.
    write(
        d,
        "a.md",
        &plan("PLAN-001", "Owner: [Name]. Date: 2025-05-01."),
    );
    let out = plan_lint(d, &["--baseline", "baseline.json", "."]);
    assert!(
        stderr(&out).contains(
            "the baseline baseline.json hid 1 finding; 1 recorded finding of it no longer occur \
             (fixed or removed: `--write-baseline baseline.json` drops them)\n  \
             no longer found: placeholder in a.md: `[YYYY-MM-DD]`\n"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn configuration_and_baseline_are_read_only_from_bounded_regular_files() {
    let dir = one_plan();
    let d = dir.path();
    // A device reads forever, a FIFO blocks: both are refused without reading.
    let fifo = d.join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut specials = vec!["/dev/zero".to_string()];
    if made.is_ok_and(|s| s.success()) {
        specials.push(fifo.display().to_string());
    }
    for special in &specials {
        for (flag, what) in [
            ("--config", "cannot read the configuration"),
            ("--baseline", "cannot read the baseline"),
        ] {
            let out = plan_lint(d, &[flag, special, "."]);
            assert_eq!(out.status.code(), Some(2), "{flag} {special}");
            assert!(
                stderr(&out).contains(&format!(
                    "{what} {special}: not a regular file (a pipe, socket or device)"
                )),
                "{}",
                stderr(&out)
            );
        }
    }
    // Thousands of globs are refused at once, not matched for minutes.
    let globs: Vec<String> = (0..3000).map(|i| format!("\"x{i}/**\"")).collect();
    write(
        d,
        "plan-lint.toml",
        &format!("exclude = [{}]\n", globs.join(", ")),
    );
    let out = plan_lint(d, &["."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("3000 globs in one list; plan-lint reads at most 2000"),
        "{}",
        stderr(&out)
    );
    // A huge bad pattern is quoted in part, with what is wrong.
    let pattern = format!("{}[", "(".repeat(100_000));
    write(
        d,
        "plan-lint.toml",
        &format!("[placeholders]\npatterns = ['{pattern}']\n"),
    );
    let out = plan_lint(d, &["."]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("… (100001 bytes)"),
        "{}",
        &err[..err.len().min(400)]
    );
    assert!(
        err.len() < 1000,
        "the pattern is not echoed whole: {} bytes",
        err.len()
    );
}
