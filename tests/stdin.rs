//! Linting text read from standard input (`plan-lint - --stdin-filename PATH`), for
//! editors and scripts that do not speak LSP: the text is linted as the file at PATH
//! would be, through the real binary.

mod scratch;

use assert_cmd::Command;
use scratch::{git, plan, write};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

const TODAY: &str = "2025-06-01";

/// plan-lint in `dir` with `stdin` as its standard input.
fn run(dir: &Path, stdin: &[u8], args: &[&str]) -> Output {
    Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir)
        .env_remove("PRE_COMMIT")
        .args(["--today", TODAY])
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs")
}

fn json(dir: &Path, stdin: &[u8], args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = run(dir, stdin, &all);
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), value)
}

/// `(rule, path, line)` of every finding.
fn findings(report: &Value) -> Vec<(String, String, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["path"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn stdin_is_linted_as_the_named_file_would_be() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let text = plan("PLAN-1", "Owner: [Owner].");
    write(d, "docs/plans/x.md", &text);
    let (code, from_disk) = json(d, b"", &["docs/plans/x.md"]);
    assert_eq!(code, 1);
    let (code, from_stdin) = json(
        d,
        text.as_bytes(),
        &["-", "--stdin-filename", "docs/plans/x.md"],
    );
    assert_eq!(code, 1);
    assert_eq!(from_stdin, from_disk);
    assert_eq!(
        findings(&from_stdin),
        [("placeholder".to_string(), "docs/plans/x.md".to_string(), 11)]
    );

    // The text is what counts, not the file on disk (an editor's unsaved buffer).
    let (code, fixed) = json(
        d,
        plan("PLAN-1", "Owner: Ana.").as_bytes(),
        &["-", "--stdin-filename", "docs/plans/x.md"],
    );
    assert_eq!(code, 0, "{fixed}");
    assert!(findings(&fixed).is_empty());
    // `--stdin-filename` alone reads standard input too; a file that does not exist
    // (yet) is fine.
    let (_, new_file) = json(
        d,
        text.as_bytes(),
        &["--stdin-filename", "docs/plans/new/y.md"],
    );
    assert_eq!(
        findings(&new_file),
        [(
            "placeholder".to_string(),
            "docs/plans/new/y.md".to_string(),
            11
        )]
    );
}

#[test]
fn without_a_file_name_the_text_is_shown_as_a_dash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, report) = json(
        dir.path(),
        plan("PLAN-XXX", "Fine.").as_bytes(),
        &["--isolated", "-"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [("placeholder".to_string(), "-".to_string(), 3)]
    );
    // Text that is not a plan: nothing linted, and the warning names `-`.
    let out = run(
        dir.path(),
        b"# Notes\n\nJust notes.\n",
        &["--isolated", "-"],
    );
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("- is not a plan"), "{stderr}");
    // Bytes that are not UTF-8 are an `unreadable` finding, not a crash.
    let (code, report) = json(dir.path(), b"# Plan\n\xff\xfe\n", &["--isolated", "-"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [("unreadable".to_string(), "-".to_string(), 2)]
    );
}

#[test]
fn the_configuration_and_exclude_of_the_named_file_apply() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    // The sub-project's configuration turns placeholder off and excludes drafts/.
    write(
        d,
        "sub/plan-lint.toml",
        "exclude = [\"drafts/**\"]\n\n[rules]\nplaceholder = \"off\"\n",
    );
    let text = plan("PLAN-1", "Owner: [Owner].");
    let (code, report) = json(
        d,
        text.as_bytes(),
        &["-", "--stdin-filename", "sub/docs/x.md"],
    );
    assert_eq!(code, 0, "the sub-project's config applies: {report}");
    let (code, report) = json(d, text.as_bytes(), &["-", "--stdin-filename", "docs/x.md"]);
    assert_eq!(code, 1, "outside it, the default rules: {report}");

    // An excluded path is still linted when named, unless --force-exclude.
    let named = ["-", "--stdin-filename", "sub/drafts/x.md"];
    let (_, report) = json(d, plan("PLAN-XXX", "Fine.").as_bytes(), &named);
    assert_eq!(report["files_scanned"], 1, "{report}");
    let mut forced = named.to_vec();
    forced.push("--force-exclude");
    let out = run(d, plan("PLAN-XXX", "Fine.").as_bytes(), &forced);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no plans were linted"), "{stderr}");
}

#[test]
fn duplicate_id_compares_the_text_with_the_repositorys_other_plans() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "docs/a.md", &plan("PLAN-1", "Fine."));
    write(d, "docs/b.md", &plan("PLAN-2", "Fine."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);

    // b's buffer now takes a's ID: found against the repository.
    let (code, report) = json(
        d,
        plan("PLAN-1", "Fine.").as_bytes(),
        &["--isolated", "-", "--stdin-filename", "docs/b.md"],
    );
    assert_eq!(code, 1);
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(messages, ["Plan ID `PLAN-1` is also used by `docs/a.md`"]);
    // a's own buffer is not compared with a's file on disk.
    let (code, report) = json(
        d,
        plan("PLAN-1", "Fine.").as_bytes(),
        &["--isolated", "-", "--stdin-filename", "docs/a.md"],
    );
    assert_eq!(code, 0, "{report}");
}

#[test]
fn misuse_of_standard_input_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "docs/a.md", &plan("PLAN-1", "Fine."));
    for args in [
        &["--stdin-filename", "x.md", "docs"][..],
        &["-", "--staged"][..],
    ] {
        let out = run(d, b"", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("standard input"), "{args:?}: {stderr}");
    }
    // clap refuses --stdin-filename with --changed-since itself.
    let out = run(
        d,
        b"",
        &["--stdin-filename", "x.md", "--changed-since", "HEAD"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_text_given_wins_over_the_same_file_found_in_a_named_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "docs/a.md", &plan("PLAN-1", "Owner: [Owner]."));
    let fixed = plan("PLAN-1", "Owner: Ana.");
    let args = ["docs", "-", "--stdin-filename", "docs/a.md"];
    // Outside git (a folder walk), then inside git (the folder's tracked files).
    let (code, outside) = json(d, fixed.as_bytes(), &args);
    assert_eq!((code, findings(&outside)), (0, vec![]), "{outside}");
    assert_eq!(outside["plans_checked"], 1, "{outside}");
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    let (code, inside) = json(d, fixed.as_bytes(), &args);
    assert_eq!((code, findings(&inside)), (0, vec![]), "{inside}");
    // With the folder named first or second, and with the disk's text given, the same.
    let (code, reversed) = json(
        d,
        fixed.as_bytes(),
        &["-", "docs", "--stdin-filename", "docs/a.md"],
    );
    assert_eq!((code, findings(&reversed)), (0, vec![]), "{reversed}");
    let (code, unfixed) = json(d, plan("PLAN-1", "Owner: [Owner].").as_bytes(), &args);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&unfixed),
        [("placeholder".to_string(), "docs/a.md".to_string(), 11)]
    );

    // A tracked file deleted from disk is still linted from the text given (an
    // editor's buffer of a file removed under it).
    std::fs::remove_file(d.join("docs/a.md")).expect("remove");
    let (code, deleted) = json(d, plan("PLAN-1", "Owner: [Owner].").as_bytes(), &args);
    assert_eq!(code, 1, "{deleted}");
    assert_eq!(
        findings(&deleted),
        [("placeholder".to_string(), "docs/a.md".to_string(), 11)]
    );
}
