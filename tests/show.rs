//! `--show-settings` and `--show-files`: what a run would use and check, and why.

mod scratch;

use assert_cmd::Command;
use scratch::{plan, write};
use std::path::Path;

fn plan_lint(dir: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "docs/plans/a.md", &plan("PLAN-001", "Fine."));
    write(d, "docs/plans/archive/old.md", &plan("PLAN-002", "Old."));
    write(
        d,
        "docs/plans/plan-template.md",
        &plan("PLAN-XXX", "[Name]"),
    );
    write(d, "testdata/case.md", &plan("PLAN-003", "On purpose."));
    write(d, "notes.md", "# Notes\n\nNothing to see.\n");
    write(
        d,
        "plan-lint.toml",
        "exclude = [\"docs/plans/archive/**\"]\n\n[rules]\nempty-section = \"off\"\n",
    );
    dir
}

#[test]
fn show_files_says_why_each_file_is_checked_or_skipped() {
    let dir = project();
    let shown = plan_lint(dir.path(), &["--show-files"]);
    assert_eq!(
        shown,
        // The repository's template is learned as a profile, and its plans match it.
        "docs/plans/a.md: checked: profile `plan-template` (has a `Plan ID` header field)\n\
         docs/plans/archive/old.md: skipped: excluded by `docs/plans/archive/**`\n\
         docs/plans/plan-template.md: skipped: a template (its placeholders are on purpose)\n\
         notes.md: skipped: not a plan: no profile matched\n\
         testdata/case.md: skipped: in a testdata folder (a project's own test inputs)\n"
    );
    // With include globs, a file outside them says so; a named file is checked anyway.
    write(
        dir.path(),
        "plan-lint.toml",
        "include = [\"docs/plans/**\"]\n",
    );
    let shown = plan_lint(dir.path(), &["--show-files", ".", "notes.md"]);
    assert!(
        shown.contains("testdata/case.md: skipped: in a testdata folder"),
        "{shown}"
    );
    assert!(
        shown.contains("notes.md: skipped: not a plan: no profile matched"),
        "{shown}"
    );
    let only_walked = plan_lint(dir.path(), &["--show-files", "."]);
    assert!(
        only_walked.contains("notes.md: skipped: matched by none of the `include` globs"),
        "{only_walked}"
    );
}

#[test]
fn show_settings_gives_each_setting_and_where_it_came_from() {
    let dir = project();
    let shown = plan_lint(
        dir.path(),
        &[
            "--show-settings",
            "--today",
            "2025-06-01",
            "--ignore",
            "stale-review",
        ],
    );
    let config = dir.path().join("plan-lint.toml");
    let config = config.display();
    assert!(
        shown.starts_with(&format!("configuration: {config}\n")),
        "{shown}"
    );
    let line = |setting: &str| {
        shown
            .lines()
            .find(|l| l.starts_with(&format!("{setting} ")))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| panic!("no {setting} in {shown}"))
    };
    assert_eq!(
        line("exclude"),
        format!("exclude = [\"docs/plans/archive/**\"] # {config}")
    );
    assert_eq!(line("include"), "include = [] # default");
    assert_eq!(line("today"), "today = 2025-06-01 # --today");
    assert_eq!(
        line("rules.empty-section"),
        format!("rules.empty-section = off # {config}")
    );
    assert_eq!(
        line("rules.stale-review"),
        "rules.stale-review = off # --ignore"
    );
    assert_eq!(
        line("rules.placeholder"),
        "rules.placeholder = error (a warning in drafts) # default"
    );
    assert!(shown.contains("\n  plan (built-in)\n"), "{shown}");
    // Without a configuration, everything is a default.
    let bare = plan_lint(dir.path(), &["--show-settings", "--isolated"]);
    assert!(
        bare.starts_with("configuration: none (built-in defaults)\n"),
        "{bare}"
    );
    assert!(bare.contains("# default: the system's date"), "{bare}");
}
